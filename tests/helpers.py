"""Builders shared by tests: small programmes made in code."""

from __future__ import annotations

import html
import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

from facilitator.course.model import Day, Kind, Programme, Session, Text


def session(sid: str, minutes: int, kind: Kind = Kind.CONTENT, title: str | None = None) -> Session:
    return Session(sid, Text(title or sid), kind, minutes)


def programme(*days: list[Session], start: time = time(9, 0), end: time = time(17, 0)) -> Programme:
    return Programme(
        "test",
        "test",
        Text("Test programme"),
        "en",
        tuple(Day(n, Text(f"Day {n}"), start, end, tuple(s)) for n, s in enumerate(days, 1)),
    )


def standard_day(suffix: str = "") -> list[Session]:
    """09:00-17:00 with two coffee breaks and a lunch."""
    return [
        session(f"opening{suffix}", 90),
        session(f"coffee-am{suffix}", 15, Kind.BREAK, "Coffee break"),
        session(f"morning{suffix}", 105),
        session(f"lunch{suffix}", 60, Kind.BREAK, "Lunch"),
        session(f"afternoon{suffix}", 105),
        session(f"coffee-pm{suffix}", 15, Kind.BREAK, "Coffee break"),
        session(f"closing{suffix}", 90),
    ]


def at(day: str, hhmm: str, tz: str = "Europe/Brussels", seconds: int = 0) -> float:
    hours, minutes = map(int, hhmm.split(":"))
    d = datetime.fromisoformat(day).replace(
        hour=hours, minute=minutes, second=seconds, tzinfo=ZoneInfo(tz)
    )
    return d.timestamp()


async def developed(pilot) -> None:
    """Wait until the slide pictures the current screen asked for are developed and shown.

    Pictures are laid out off screen over a few refreshes (``Darkroom``); on a loaded
    machine a screenshot or a dialog can come first. (Under a dialog a screen develops
    nothing: that one is not waited for.)"""

    def idle() -> bool:
        room = getattr(pilot.app.screen, "_darkroom", None)
        return room is None or room.idle

    await until(pilot, idle, what="the slide pictures developed")
    await pilot.pause()


async def settle(pilot) -> None:
    """Let the writer land every queued write (typing included) and the app redraw from it.

    The app first handles the messages already posted (a key's ``Changed`` event
    reaches the form a moment after the key), so the last key typed is in the flush."""
    await pilot.pause()
    pilot.app.controller.flush()
    pilot.app.main.refresh_view()
    await pilot.pause()
    await developed(pilot)


async def advance(pilot, clock, seconds: float) -> None:
    """Move the fake clock and let the app's once-a-second redraw see it."""
    clock.advance(seconds)
    pilot.app.tick()
    await pilot.pause()


def stored_answers(path) -> dict[tuple[str, str, str], object]:
    """The answers in a workshop file, by (session, question, group)."""
    from facilitator.store import answers
    from facilitator.store.db import WorkshopStore

    found = (answers.from_record(r) for r in WorkshopStore(path).read().answers)
    return {(a.session, a.question, a.group): a for a in found}


async def until(pilot, condition, timeout: float = 10.0, what: str = "") -> None:
    """Let the running app work until ``condition()`` holds (another terminal's write
    noticed, a redraw done); fail after ``timeout`` seconds of real time."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await pilot.pause(0.01)


def screen_text(app) -> str:
    """What the terminal shows, as text (read from the screenshot's SVG)."""
    svg = app.export_screenshot()
    lines: dict[float, list[tuple[float, str]]] = {}
    for x, y, text in re.findall(r'<text[^>]* x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', svg):
        lines.setdefault(float(y), []).append((float(x), text))

    return "\n".join(
        html.unescape("".join(t for _, t in sorted(parts))).replace("\xa0", " ")
        for _, parts in sorted(lines.items())
    )


def other_controller(path, course, clock, role: str = "lead", author: str | None = None):
    """A controller standing for another terminal on the same workshop: it writes on the
    calling thread (synchronously), so a test knows when its write is in the file."""
    from facilitator.control.controller import open_controller
    from facilitator.control.options import Options

    options = Options(path=path, role=role, author=author)
    return open_controller(options, course, clock, synchronous=True)
