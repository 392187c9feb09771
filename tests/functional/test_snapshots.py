"""One SVG snapshot per screen at 80x24 and 160x48.

Update after an intended change with ``pytest --snapshot-update`` and look at
the report before committing.
"""

from __future__ import annotations

import pytest

from tests.helpers import advance, developed, settle

SIZES = [(80, 24), (160, 48)]


@pytest.fixture(autouse=True)
def _toasts_wait_for_the_picture(monkeypatch: pytest.MonkeyPatch) -> None:
    """Toasts without their own timeout stay up (they go after 5 s of real time, which a
    loaded machine could spend before the picture is taken): the only production
    mechanism these pictures change, and only its timing."""
    from facilitator.tui.app import FacilitatorApp

    monkeypatch.setattr(FacilitatorApp, "NOTIFICATION_TIMEOUT", 3600)


def _play(app, keys: list[str], seconds: float):
    """Press the keys, then let the fake clock run."""

    async def run_before(pilot) -> None:
        await developed(pilot)  # a dialog opened first would hold the slide back
        await pilot.press(*keys)
        await settle(pilot)
        await advance(pilot, app.controller.clock, seconds)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    ("name", "keys", "seconds"),
    [
        ("ready", [], 0),
        ("content", ["space", "n", "right"], 200),
        ("diagnostic", ["space", "n", "n", "n"], 1500),
        ("summary", ["space", "n", "n", "n", "pagedown", "pagedown", "pagedown"], 60),
        ("break-over-time", ["space", "n", "n"], 3400),
        ("presentation", ["space", "n", "right", "p"], 100),
        ("help", ["question_mark"], 0),
        ("note", ["o", *"Two seals were not numbered"], 0),
        ("action", ["a", *"Print custody forms", "tab", *"Customs HQ"], 0),
        ("attendance", ["t", "space", "down", "space"], 0),
        (
            "records",
            ["space", "o", *"Seal 17 | unnumbered", "ctrl+s", "a", *"Buy seals", "enter", "r"],
            90,
        ),
    ],
)
def test_screen(snap_compare, app_factory, size, name, keys, seconds) -> None:
    app = app_factory()
    assert snap_compare(app, terminal_size=size, run_before=_play(app, keys, seconds))


@pytest.mark.parametrize(
    ("name", "keys", "seconds"),
    [
        ("content", ["space", "n", "right"], 200),
        ("diagnostic", ["space", "n", "n", "n"], 1500),
        ("break-over-time", ["space", "n", "n"], 3400),
        ("help", ["question_mark"], 0),
        ("action", ["a", *"Imprimer les fiches", "tab", *"Douanes"], 0),
        ("attendance", ["t", "space", "down", "space"], 0),
        (
            "records",
            ["space", "o", *"Scellé 17 | sans numéro", "ctrl+s", "a", *"Acheter", "enter", "r"],
            90,
        ),
    ],
)
def test_screen_in_french(snap_compare, app_factory, name, keys, seconds) -> None:
    app = app_factory(lang="fr")
    assert snap_compare(app, terminal_size=(80, 24), run_before=_play(app, keys, seconds))
