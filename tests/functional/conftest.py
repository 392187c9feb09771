"""Fixtures for driving the app: the demo workshop on a fake clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from facilitator.control.options import Options
from facilitator.course import catalog
from facilitator.live.events import FakeClock
from facilitator.store import workshops
from facilitator.tui.app import FacilitatorApp, make_app
from tests.helpers import at, other_controller

TZ = "Europe/Brussels"
DAY = "2026-12-07"


@pytest.fixture(autouse=True)
def _steady(monkeypatch: pytest.MonkeyPatch) -> None:
    """No animation, no cursor blink, no user config: stable pictures."""
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(TextArea, "cursor_blink", False, raising=False)
    monkeypatch.setattr(Input, "cursor_blink", False, raising=False)


@pytest.fixture()
def demo_path(tmp_path: Path, course: catalog.Catalog) -> Path:
    return workshops.create_demo(tmp_path / "data", course, date(2026, 12, 7), TZ)


@pytest.fixture()
def fake_clock() -> FakeClock:
    return FakeClock(at(DAY, "08:58", TZ))


@pytest.fixture()
def app_factory(
    demo_path: Path, course: catalog.Catalog, fake_clock: FakeClock
) -> Callable[..., FacilitatorApp]:
    """The app as `facilitator run` builds it: the tick, the watcher thread and the writer
    thread all run. Only the clock is fake (it moves when a test says so)."""

    def build(clock: FakeClock | None = None, lead_lock=None, **kwargs) -> FacilitatorApp:
        kwargs.setdefault("author", "Trainer")
        kwargs.setdefault("exports", demo_path.parent.parent / "exports")
        if "follow" in kwargs:
            kwargs["following"] = kwargs.pop("follow")
        options = Options(path=demo_path, **kwargs)
        return make_app(options, course, clock or fake_clock, lead_lock=lead_lock)

    return build


@pytest.fixture()
def lead_elsewhere(demo_path: Path, fake_clock: FakeClock):
    """Another terminal holds the lead (its lock, beating on the fake clock)."""
    from facilitator.store.lead import LeadLock

    lock = LeadLock(demo_path, "Alice", fake_clock)
    assert lock.try_acquire()
    yield lock
    lock.release()


@pytest.fixture()
def clerk_writes(
    demo_path: Path, course: catalog.Catalog, fake_clock: FakeClock
) -> Callable[[str, str], None]:
    """Ana, the clerk, in another terminal: a decision and an action for the welcome session."""

    def write(decision: str, action: str) -> None:
        clerk = other_controller(demo_path, course, fake_clock, role="clerk", author="Ana")
        clerk.add_note("welcome", decision, "decision")
        clerk.add_action("welcome", action, "Ana", "2026-12-08")

    return write
