"""The event log of a workshop, folded into its live state.

Pure code: no clock is read here. Times are UTC epoch seconds, passed in.

Events (append-only):

=========  =========================================================
kind       meaning
=========  =========================================================
start      make ``session`` current and start its timer
goto       make ``session`` current; its timer runs if ``run`` is set
pause      stop the current session's timer
resume     (re)start the current session's timer
end        stop the current session; no session is current after it
extend     add ``minutes`` (negative: shorten) to ``session``
skip       drop ``session`` from the day (ends it if it is current);
           ``reason`` "passed" when the lead moved on past it unheld
reopen     undo a skip
shorten    take ``minutes`` off ``session`` (a re-plan accepted)
drop       drop ``session`` from the day (a re-plan accepted: it was optional)
move       hold ``session`` on day ``day`` instead (a re-plan, or the lead's ``m``);
           ignored for a session already started
slide      the slide ``index`` of ``session`` is on screen
question   the question ``index`` of ``session`` is on screen
lead       the terminal that wrote it leads from now on; ``reason`` says how
           (``given``, ``taken``); the fold leaves it out
step       the slide on screen shows up to its step ``index`` (a new slide starts at 0)
reveal     the room sees the groups' answers to question ``index`` (``run``), or no more
blackout   the room's screen is blank (``run`` set) or shown again
message    ``text`` shows on the room's screen; an empty one clears it
cue        ``text`` shows on the lead's screen (from a co-trainer or the clerk);
           an empty one (the lead's) dismisses it
=========  =========================================================

Every event is written by the terminal that leads; ``by`` is its name (as the
file says who wrote each record), so who led when is in the log.
"""

from __future__ import annotations

import time as _time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from facilitator.clean import clean_line

EVENT_KINDS = frozenset(
    {"start", "goto", "pause", "resume", "end", "extend", "skip", "reopen", "slide", "question"}
    | {"shorten", "drop", "move"}
    | {"blackout", "message", "step", "cue", "reveal"}
)
TEAM_KINDS = frozenset({"cue", "message"})
"""Events a co-trainer or the clerk may write as well as the lead."""
PLAN_KINDS = ("shorten", "drop", "move")
"""The events a re-plan records."""


class Clock(Protocol):
    """Anything that tells the time as UTC epoch seconds."""

    def __call__(self) -> float: ...


def system_clock() -> float:
    """The real wall clock (UTC epoch seconds)."""
    return _time.time()


class FakeClock:
    """A clock for tests and simulations: it moves only when told to."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = float(now)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now

    def set(self, now: float) -> None:
        self.now = float(now)


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of the log."""

    kind: str
    at: float
    session: str | None = None
    minutes: int = 0
    index: int = 0
    run: bool = False
    reason: str = ""
    day: int = 0
    text: str = ""
    by: str = field(default="", compare=False)
    """Who wrote it (read from the file; the store stamps it when it writes)."""

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"kind": self.kind, "at": self.at}
        if self.session is not None:
            record["session"] = self.session
        if self.minutes:
            record["minutes"] = self.minutes
        if self.kind in ("slide", "question", "step", "reveal"):
            record["index"] = self.index
        if self.kind in ("goto", "blackout", "reveal"):
            record["run"] = self.run
        if self.reason:
            record["reason"] = self.reason
        if self.kind == "move":
            record["day"] = self.day
        if self.kind in ("message", "cue"):
            record["text"] = self.text
        return record

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Event:
        by = record.get("by")
        return cls(
            kind=str(record["kind"]),
            at=float(record["at"]),
            session=record.get("session"),
            minutes=int(record.get("minutes", 0)),
            index=int(record.get("index", 0)),
            run=bool(record.get("run", False)),
            reason=str(record.get("reason", "")),
            day=int(record.get("day", 0)),
            text=clean_line(str(record.get("text", ""))),
            by=str(by.get("name", "")) if isinstance(by, Mapping) else "",
        )


@dataclass(frozen=True, slots=True)
class SessionRun:
    """What happened to one session: its timed segments, changes and position."""

    segments: tuple[tuple[float, float | None], ...] = ()
    extra_seconds: int = 0
    skipped: bool = False
    skipped_at: float | None = None
    passed_over: bool = False
    """Skipped because the lead moved on past it, not by an explicit skip."""
    slide: int = 0
    question: int = 0
    shortened_seconds: int = 0
    """Taken off by re-plans (``shorten``), part of ``extra_seconds``."""
    dropped: bool = False
    moved_to: int | None = None
    """The day it is held on instead of its own (``move``)."""
    changes: tuple[tuple[str, float, int], ...] = ()
    """Every re-plan of it: (``shorten`` / ``drop`` / ``move``, when, minutes or day)."""
    step: int = 0
    """How far the slide on screen is revealed (its ``<!-- pause -->`` parts)."""
    revealed: frozenset[int] = frozenset()
    """The questions whose groups' answers the room sees."""

    @property
    def started(self) -> bool:
        return bool(self.segments)

    @property
    def running(self) -> bool:
        return bool(self.segments) and self.segments[-1][1] is None

    @property
    def actual_start(self) -> float | None:
        return self.segments[0][0] if self.segments else None

    @property
    def actual_end(self) -> float | None:
        return self.segments[-1][1] if self.segments else None

    def elapsed(self, now: float) -> float:
        """Seconds the timer has run, pauses excluded."""
        total = 0.0
        for begin, end in self.segments:
            total += (now if end is None else end) - begin
        return total

    def paused_seconds(self, now: float) -> float:
        """Seconds between the first start and now (or the end) spent paused."""
        if not self.segments:
            return 0.0
        last_end = self.segments[-1][1]
        span = (now if last_end is None else last_end) - self.segments[0][0]
        return span - self.elapsed(now)

    def _open(self, at: float) -> SessionRun:
        if self.running:
            return self
        return replace(self, segments=self.segments + ((at, None),))

    def _close(self, at: float) -> SessionRun:
        if not self.running:
            return self
        begin, _ = self.segments[-1]
        return replace(self, segments=self.segments[:-1] + ((begin, max(at, begin)),))


@dataclass(frozen=True, slots=True)
class Live:
    """The state of a workshop at the end of its event log."""

    current: str | None = None
    runs: Mapping[str, SessionRun] = field(default_factory=dict)
    events: int = 0
    last_at: float | None = None
    blackout: bool = False
    """The room's screen is blank."""
    message: str = ""
    """What the room's screen shows above the slide, until cleared."""
    cue: str = ""
    """A line for the lead from the team ("Ana: 5 minutes"), until the lead dismisses it."""

    @property
    def running(self) -> bool:
        return self.current is not None and self.run(self.current).running

    def run(self, sid: str) -> SessionRun:
        return self.runs.get(sid, _EMPTY)

    def elapsed(self, sid: str, now: float) -> float:
        return self.run(sid).elapsed(now)


_EMPTY = SessionRun()


def fold(
    events: Iterable[Event],
    known: Callable[[str], bool] | None = None,
    start: Live | None = None,
) -> Live:
    """Replay ``events`` in order into a :class:`Live` state (from ``start``, the state
    the events before them left, when given).

    Events naming a session that ``known`` rejects are ignored (a programme
    edited after the workshop began must not crash the replay).
    """
    start = start or Live()
    current: str | None = start.current
    runs: dict[str, SessionRun] = dict(start.runs)
    count = start.events
    last_at: float | None = start.last_at
    blackout, message, cue = start.blackout, start.message, start.cue

    def get(sid: str) -> SessionRun:
        return runs.get(sid, _EMPTY)

    for ev in events:
        count += 1
        last_at = ev.at if last_at is None else max(last_at, ev.at)
        sid = ev.session or current
        if ev.kind not in EVENT_KINDS or (sid is not None and known is not None and not known(sid)):
            continue
        kind = ev.kind
        if kind in ("start", "goto"):
            if sid is None:
                continue
            if current is not None and current != sid:
                runs[current] = get(current)._close(ev.at)
            current = sid
            run = replace(get(sid), skipped=False, skipped_at=None, dropped=False)
            run = run._open(ev.at) if kind == "start" or ev.run else run._close(ev.at)
            runs[sid] = run
        elif kind == "pause" and current is not None:
            runs[current] = get(current)._close(ev.at)
        elif kind == "resume" and current is not None:
            runs[current] = replace(
                get(current), skipped=False, skipped_at=None, dropped=False
            )._open(ev.at)
        elif kind == "end" and current is not None:
            runs[current] = get(current)._close(ev.at)
            current = None
        elif kind == "extend" and sid is not None:
            run = get(sid)
            runs[sid] = replace(run, extra_seconds=run.extra_seconds + ev.minutes * 60)
        elif kind == "skip" and sid is not None:
            runs[sid] = replace(
                get(sid)._close(ev.at),
                skipped=True,
                skipped_at=ev.at,
                passed_over=ev.reason == "passed",
            )
            if current == sid:
                current = None
        elif kind == "reopen" and sid is not None:
            runs[sid] = replace(get(sid), skipped=False, skipped_at=None, dropped=False)
        elif kind in PLAN_KINDS and sid is not None:
            if kind == "move" and get(sid).started:
                continue  # a session held stays on the day it was held
            runs[sid] = replanned(get(sid), ev)
            if kind != "shorten" and current == sid:
                current = None
        elif kind == "slide" and sid is not None:
            runs[sid] = replace(get(sid), slide=max(ev.index, 0), step=0)
        elif kind == "step" and sid is not None:
            runs[sid] = replace(get(sid), step=max(ev.index, 0))
        elif kind == "reveal" and sid is not None:
            shown = get(sid).revealed
            shown = shown | {ev.index} if ev.run else shown - {ev.index}
            runs[sid] = replace(get(sid), revealed=shown)
        elif kind == "question" and sid is not None:
            runs[sid] = replace(get(sid), question=max(ev.index, 0))
        elif kind == "blackout":
            blackout = ev.run
        elif kind == "message":
            message = ev.text
        elif kind == "cue":
            cue = ev.text
    return Live(current, runs, count, last_at, blackout, message, cue)


def replanned(run: SessionRun, ev: Event) -> SessionRun:
    """``run`` after a ``shorten``, ``drop`` or ``move`` of it."""
    if ev.kind == "shorten":
        minutes = max(ev.minutes, 0)
        run = replace(
            run,
            extra_seconds=run.extra_seconds - minutes * 60,
            shortened_seconds=run.shortened_seconds + minutes * 60,
        )
        detail = minutes
    elif ev.kind == "drop":
        run = replace(run._close(ev.at), skipped=True, skipped_at=ev.at, dropped=True)
        detail = 0
    else:
        run = replace(
            run._close(ev.at),
            moved_to=ev.day,
            skipped=False,
            skipped_at=None,
            passed_over=False,
            dropped=False,
        )
        detail = ev.day
    return replace(run, changes=run.changes + ((ev.kind, ev.at, detail),))


def lead_changes(events: Iterable[Event]) -> tuple[tuple[float, str], ...]:
    """(when, who) each time the lead changed: a ``lead`` event, or the first event
    another lead wrote (a log from before ``lead`` events). A cue or a room message may
    come from anyone in the team: it says nothing of who leads."""
    changes: list[tuple[float, str]] = []
    for ev in events:
        if ev.kind in TEAM_KINDS:
            continue
        if ev.by and (not changes or changes[-1][1] != ev.by):
            changes.append((ev.at, ev.by))
    return tuple(changes)


def leaders(
    changes: tuple[tuple[float, str], ...], start: float, end: float | None
) -> tuple[tuple[float, str], ...]:
    """Who led between ``start`` and ``end`` (None: still going), with the time each
    took over: the lead at ``start`` first, then each hand-over in between."""
    before = [c for c in changes if c[0] <= start]
    out = [(start, before[-1][1])] if before else []
    for at, who in changes:
        if start < at and (end is None or at < end) and (not out or out[-1][1] != who):
            out.append((at, who))
    return tuple(out)


def format_clock(seconds: float) -> str:
    """``MM:SS`` (or ``H:MM:SS``) of a duration, with a ``+`` when it is an overrun."""
    sign = "+" if seconds < 0 else ""
    whole = int(abs(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes:02d}:{secs:02d}"
