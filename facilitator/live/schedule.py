"""Planned and projected times of every session.

Pure functions of (programme, workshop dates, live state, now). Planned times
lay the sessions of each day end to end from the day's start; projected times
replace the past with what really happened and push the rest of the day by
the delay so far. A session moved to another day (a ``move`` event) is
projected there, before that day's closing sessions (its recap, tests and
ceremony at the end); its planned times stay those of its own day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from facilitator.course.model import Day, Kind, Programme, Session
from facilitator.i18n.dates import hhmm
from facilitator.live.calendar import Calendar
from facilitator.live.events import Live


class Status(StrEnum):
    DONE = "done"
    CURRENT = "current"
    NEXT = "next"
    PENDING = "pending"
    SKIPPED = "skipped"
    MISSED = "missed"


@dataclass(frozen=True, slots=True)
class Slot:
    """One session placed in time."""

    session: Session
    day: Day
    index: int
    planned_start: float
    planned_end: float
    projected_start: float
    projected_end: float
    allotted: int
    elapsed: float
    status: Status
    actual_start: float | None = None
    actual_end: float | None = None
    moved_from: int | None = None
    """The day it was planned on, when it was moved to this one."""

    @property
    def remaining(self) -> float:
        return self.allotted - self.elapsed

    @property
    def overrun(self) -> float:
        return max(0.0, self.elapsed - self.allotted)


@dataclass(frozen=True, slots=True)
class DayPlan:
    day: Day
    date: date
    planned_start: float
    planned_end: float
    projected_end: float
    slots: tuple[Slot, ...]
    deadline: float = 0.0
    """When the day must end: its configured end, or its planned end if that is later."""
    moved_out: tuple[tuple[Session, int], ...] = ()
    """Sessions of this day moved to another, with the day they went to."""

    @property
    def delay(self) -> float:
        """Seconds the day is projected to end late (negative: early)."""
        return self.projected_end - self.planned_end

    @property
    def over(self) -> float:
        """Seconds the day is projected to end past its deadline (0 when on time)."""
        return max(0.0, self.projected_end - self.deadline)


@dataclass(frozen=True, slots=True)
class Schedule:
    days: tuple[DayPlan, ...]
    tz: ZoneInfo
    now: float
    steady_until: float = field(default=0.0, compare=False)
    """Built again at any moment from ``now`` until this one (same programme, same live
    state), the schedule would be this one: no session's timer runs, no time was placed
    at ``now``, today stays today. ``now`` itself when the schedule moves with the clock."""

    def slots(self) -> tuple[Slot, ...]:
        return tuple(slot for day in self.days for slot in day.slots)

    def day(self, number: int) -> DayPlan:
        """Day ``number`` (1-based), clamped to the days there are."""
        return self.days[max(0, min(number, len(self.days)) - 1)]

    def slot(self, sid: str) -> Slot:
        for slot in self.slots():
            if slot.session.id == sid:
                return slot
        raise KeyError(sid)

    def today(self) -> DayPlan:
        """The day being run: the current session's, else the first with work left."""
        for day in self.days:
            if any(s.status is Status.CURRENT for s in day.slots):
                return day
        now_date = datetime.fromtimestamp(self.now, self.tz).date()
        for day in self.days:
            if day.date >= now_date and any(
                s.status in (Status.NEXT, Status.PENDING) for s in day.slots
            ):
                return day
        for day in self.days:
            if day.date == now_date:
                return day
        return self.days[-1] if now_date > self.days[-1].date else self.days[0]

    def next_break(self) -> Slot | None:
        """The next break of today still to come."""
        for slot in self.today().slots:
            if slot.session.kind is Kind.BREAK and slot.status in (Status.NEXT, Status.PENDING):
                return slot
        return None

    def local(self, epoch: float) -> datetime:
        return datetime.fromtimestamp(epoch, self.tz)

    def hhmm(self, epoch: float) -> str:
        """``09:15`` at the venue."""
        return hhmm(epoch, self.tz)


def _at(d: date, clock_time, tz: ZoneInfo) -> float:
    return datetime.combine(d, clock_time, tzinfo=tz).timestamp()


def build(
    programme: Programme,
    calendar: Calendar | date,
    tz: ZoneInfo | str,
    live: Live,
    now: float,
) -> Schedule:
    """Place every session of ``programme`` in time, as planned and as projected."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    days = _calendar(programme, calendar)
    today = datetime.fromtimestamp(now, zone).date()
    steady = datetime.combine(today + timedelta(days=1), time(0), tzinfo=zone).timestamp()
    agenda = agenda_days(programme, live)
    next_id = _next(tuple(s for _, sessions in agenda for s in sessions), live)
    plan: dict[str, tuple[float, float]] = {}
    homes: dict[str, int] = {}
    bounds: dict[int, tuple[float, float]] = {}
    for day in programme.days:
        cursor = first = _at(days.date_of(day), days.start_of(day), zone)
        for session in day.sessions:
            plan[session.id] = (cursor, cursor + session.seconds)
            homes[session.id] = day.number
            cursor += session.seconds
        bounds[day.number] = (first, cursor)
    plans: list[DayPlan] = []
    for day, sessions in agenda:
        d = days.date_of(day)
        day_planned_start, day_planned_end = bounds[day.number]
        cursor = day_planned_start
        last_active = max(
            (i for i, s in enumerate(sessions) if live.run(s.id).started or s.id == live.current),
            default=-1,
        )
        slots: list[Slot] = []
        for index, session in enumerate(sessions):
            run = live.run(session.id)
            allotted = session.seconds + run.extra_seconds
            elapsed = run.elapsed(now)
            is_current = session.id == live.current
            if run.running:
                steady = now  # its elapsed time moves with the clock
            if run.skipped and not is_current:
                status, start, end = Status.SKIPPED, cursor, cursor
            elif is_current:
                status = Status.CURRENT
                if run.started:
                    start = run.actual_start or now
                    end = now + max(allotted - elapsed, 0.0)
                    steady = now
                else:
                    start = max(cursor, now)
                    end = start + allotted
                    steady = _until(steady, cursor, now)
            elif run.started:
                status = Status.DONE
                start = run.actual_start or cursor
                end = run.actual_end or now
                if run.actual_end is None:
                    steady = now
            elif index < last_active:
                status, start, end = Status.MISSED, cursor, cursor
            else:
                status = Status.PENDING
                start = max(cursor, now) if d == today else cursor
                end = start + allotted
                if d == today:
                    steady = _until(steady, cursor, now)
                if session.id == next_id:
                    status = Status.NEXT
            cursor = max(cursor, end)
            home = homes[session.id]
            slots.append(
                Slot(
                    session,
                    day,
                    index,
                    *plan[session.id],
                    start,
                    end,
                    allotted,
                    elapsed,
                    status,
                    run.actual_start,
                    run.actual_end,
                    home if home != day.number else None,
                )
            )
        deadline = max(_at(d, day.end, zone), day_planned_end)
        moved_out = tuple(
            (s, live.run(s.id).moved_to or day.number)
            for s in day.sessions
            if (live.run(s.id).moved_to or day.number) != day.number
        )
        plans.append(
            DayPlan(
                day,
                d,
                day_planned_start,
                day_planned_end,
                cursor,
                tuple(slots),
                deadline,
                moved_out,
            )
        )
    return Schedule(tuple(plans), zone, now, max(now, steady))


def _until(steady: float, cursor: float, now: float) -> float:
    """``max(cursor, now)`` stays ``cursor`` until the clock gets there; from then on it is
    the clock."""
    return min(steady, cursor) if now < cursor else now


CLOSING = frozenset({Kind.EVALUATION, Kind.CEREMONY})
"""Kinds that close a day: a session moved in goes before them."""


Agenda = tuple[tuple[Day, tuple[Session, ...]], ...]
_last_agenda: tuple[Programme, Live, Agenda] | None = None


def agenda_days(programme: Programme, live: Live) -> Agenda:
    """Each day with the sessions held on it: its own, less those moved away, and those
    moved in (in the order they were moved) before its closing run of recaps, tests and
    ceremonies.

    Both are frozen, and the screen asks several times a second for the same pair, so
    the last answer is kept (by identity: a new state or course is worked out again)."""
    global _last_agenda
    last = _last_agenda
    if last is not None and last[0] is programme and last[1] is live:
        return last[2]
    days = _agenda_days(programme, live)
    _last_agenda = (programme, live, days)
    return days


def _agenda_days(programme: Programme, live: Live) -> Agenda:
    numbers = {day.number for day in programme.days}

    def held_on(session: Session, home: Day) -> int:
        to = live.run(session.id).moved_to
        return to if to in numbers else home.number

    incoming: dict[int, list[tuple[float, Session]]] = {}
    for day in programme.days:
        for session in day.sessions:
            to = held_on(session, day)
            if to != day.number:
                moved_at = max(at for kind, at, _ in live.run(session.id).changes if kind == "move")
                incoming.setdefault(to, []).append((moved_at, session))
    out = []
    for day in programme.days:
        own = [s for s in day.sessions if held_on(s, day) == day.number]
        cut = len(own)
        while cut > 0 and own[cut - 1].kind in CLOSING:
            cut -= 1
        moved_in = [s for _, s in sorted(incoming.get(day.number, []), key=lambda x: x[0])]
        out.append((day, (*own[:cut], *moved_in, *own[cut:])))
    return tuple(out)


def in_order(programme: Programme, live: Live) -> tuple[Session, ...]:
    """Every session in the order it is held, moved sessions where they went."""
    return tuple(s for _, sessions in agenda_days(programme, live) for s in sessions)


def next_session(programme: Programme, live: Live) -> str | None:
    """The session that comes next: the first not yet held after the last one that was."""
    return _next(in_order(programme, live), live)


def _next(sessions: tuple[Session, ...], live: Live) -> str | None:
    """The first of ``sessions`` (in the order held) not yet held after the last that was."""
    last = -1
    for i, session in enumerate(sessions):
        if session.id == live.current or live.run(session.id).started:
            last = i
    for session in sessions[last + 1 :]:
        run = live.run(session.id)
        if not run.skipped and not run.started and session.id != live.current:
            return session.id
    return None


def planned(programme: Programme, calendar: Calendar | date, tz: ZoneInfo | str) -> Schedule:
    """The agenda as planned, before anything has happened."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    days = _calendar(programme, calendar)
    first = programme.days[0]
    before = _at(days.date_of(first), days.start_of(first), zone) - 1
    return build(programme, days, zone, Live(), before)


def _calendar(programme: Programme, calendar: Calendar | date) -> Calendar:
    """A calendar, from one (the workshop's days) or from a start date (day after day)."""
    if isinstance(calendar, Calendar):
        return calendar
    return Calendar.consecutive(calendar, len(programme.days))
