"""Time for interpretation: what a session needs on top of its minutes when the room
works through interpreters (a regional workshop with officers of two languages).

A programme says ``interpretation = "simultaneous"`` or ``"consecutive"``; its
sessions then get the buffer below on top of the minutes written for them, and
the day must still fit between its start and end (the programme check says
where it does not). Breaks get nothing.

- Simultaneous (booth and headsets): 5 minutes a session, for handing over the
  floor and relaying questions, which always trail the speaker.
- Consecutive (the interpreter speaks after the speaker): every passage is said
  twice. Half of a session is talk, so it needs half as long again, rounded up
  to five minutes.
"""

from __future__ import annotations

from dataclasses import replace

from facilitator.course.model import Kind, Session

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
