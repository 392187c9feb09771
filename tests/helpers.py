"""Builders shared by tests: small programmes made in code."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from facilitator.model import Day, Kind, Programme, Session, Text


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
