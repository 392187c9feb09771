"""Time for interpretation: what a session needs on top of its minutes when the room
works through interpreters (a regional workshop with officers of two languages).

A programme says ``interpretation = "simultaneous"`` or ``"consecutive"``, or a
workshop does (``facilitator new --interpretation``); its sessions then get the
buffer below on top of the minutes written for them, and each day must still
fit between its start and end (the programme check, or ``new``, says where it
does not). Breaks get nothing.

- Simultaneous (booth and headsets): 5 minutes a session, for handing over the
  floor and relaying questions, which always trail the speaker.
- Consecutive (the interpreter speaks after the speaker): every passage is said
  twice. Half of a session is talk, so it needs half as long again, rounded up
  to five minutes.
"""

from __future__ import annotations

from dataclasses import replace

from facilitator.course.model import Kind, Programme, Session
from facilitator.i18n.dates import minutes_of_day

MODES: tuple[str, ...] = ("simultaneous", "consecutive")
SIMULTANEOUS_MINUTES = 5


def buffer_minutes(session: Session, mode: str) -> int:
    """The minutes ``session`` needs for interpretation in ``mode`` ("" for none)."""
    if not mode or session.kind is Kind.BREAK:
        return 0
    if mode == "simultaneous":
        return SIMULTANEOUS_MINUTES
    if mode == "consecutive":
        return -(-session.minutes // 10) * 5  # half, rounded up to 5
    raise ValueError(f"interpretation {mode!r} is not one of {', '.join(MODES)}")


def interpreted(session: Session, mode: str) -> Session:
    """``session`` with its buffer added to its minutes (and kept in ``interpretation``)."""
    extra = buffer_minutes(session, mode)
    if not extra:
        return session
    return replace(session, minutes=session.minutes + extra, interpretation=extra)


def _without(session: Session) -> Session:
    if not session.interpretation:
        return session
    return replace(session, minutes=session.minutes - session.interpretation, interpretation=0)


def programme_with(programme: Programme, mode: str) -> Programme:
    """``programme`` as a workshop with ``mode`` interpretation runs it: the workshop's
    mode replaces the programme's own; ``""`` keeps the programme as it is."""
    if not mode or mode == programme.interpretation:
        return programme
    days = tuple(
        replace(day, sessions=tuple(interpreted(_without(s), mode) for s in day.sessions))
        for day in programme.days
    )
    return replace(programme, days=days, interpretation=mode)


def overruns(programme: Programme) -> tuple[str, ...]:
    """Each day whose sessions, end to end from its start, finish after its end."""
    found = []
    for day in programme.days:
        ends = day.start.hour * 60 + day.start.minute + sum(s.minutes for s in day.sessions)
        if ends > day.end.hour * 60 + day.end.minute:
            found.append(f"day {day.number} ends at {minutes_of_day(ends)}, not {day.end:%H:%M}")
    return tuple(found)
