"""The real dates of a workshop's days, and when each day starts.

A five-day course that starts on a Tuesday ends on the next Monday, not on a
Saturday: days fall on working days (Monday to Friday unless a country's week
is another), public holidays are skipped when named, or every date is given.
Pure functions: nothing here reads the clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from facilitator.course.model import Day, Programme, Workshop

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORKING_WEEK = "mon-fri"


class CalendarError(ValueError):
    """A rule for the days that cannot be followed; the message says why."""


def parse_weekdays(rule: str) -> frozenset[int]:
    """``mon-fri`` -> {0..4}; ``sun-thu`` -> {6, 0, 1, 2, 3}; ``mon,wed,fri`` -> {0, 2, 4}."""
    days: set[int] = set()
    for part in (p.strip().lower() for p in rule.split(",")):
        if not part:
            continue
        first, _, last = part.partition("-")
        try:
            a = WEEKDAYS.index(first[:3])
            b = WEEKDAYS.index(last[:3]) if last else a
        except ValueError:
            raise CalendarError(
                f"weekdays {rule!r}: use day names such as mon-fri, sun-thu or mon,wed,fri"
            ) from None
        i = a
        while True:
            days.add(i)
            if i == b:
                break
            i = (i + 1) % 7
    if not days:
        raise CalendarError(f"weekdays {rule!r} names no day")
    return frozenset(days)


def working_days(
    start: date, count: int, weekdays: str = WORKING_WEEK, skip: Iterable[date] = ()
) -> tuple[date, ...]:
    """``count`` dates from ``start`` on, on the given weekdays, leaving out ``skip``.

    The start date itself counts only if it falls on one of the weekdays.
    """
    allowed = parse_weekdays(weekdays)
    skipped = set(skip)
    out: list[date] = []
    day = start
    while len(out) < count:
        if day.weekday() in allowed and day not in skipped:
            out.append(day)
        day += timedelta(days=1)
        if (day - start).days > 366 + count * 7:
            raise CalendarError("no working day found within a year; check the weekdays")
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Calendar:
    """The date of each day of a programme, and any day that starts at another hour."""

    dates: tuple[date, ...]
    starts: tuple[tuple[int, time], ...] = ()

    @classmethod
    def consecutive(cls, start: date, days: int) -> Calendar:
        """Day 1 on ``start``, day 2 the next calendar day, and so on."""
        return cls(tuple(start + timedelta(days=i) for i in range(days)))

    @classmethod
    def of(cls, workshop: Workshop, programme: Programme) -> Calendar:
        """A workshop's days: as it gives them, else one after the other from its start."""
        count = len(programme.days)
        if workshop.days:
            dates = [date.fromisoformat(d) for d in workshop.days]
            while len(dates) < count:  # a programme that grew: further days follow on
                dates.append(dates[-1] + timedelta(days=1))
        else:
            dates = list(cls.consecutive(date.fromisoformat(workshop.start_date), count).dates)
        starts = tuple((n, time.fromisoformat(t)) for n, t in workshop.day_starts)
        return cls(tuple(dates), starts)

    def date_of(self, day: Day) -> date:
        index = day.number - 1
        if index < len(self.dates):
            return self.dates[index]
        return self.dates[-1] + timedelta(days=index - len(self.dates) + 1)

    def start_of(self, day: Day) -> time:
        return dict(self.starts).get(day.number, day.start)


def explicit_days(values: Sequence[str], count: int) -> tuple[date, ...]:
    """The dates given one by one (``2026-12-07,2026-12-08``): one per day, in order."""
    try:
        dates = tuple(date.fromisoformat(v.strip()) for v in values if v.strip())
    except ValueError as exc:
        raise CalendarError(f"--days: {exc}; write each date YYYY-MM-DD") from None
    if len(dates) != count:
        raise CalendarError(f"--days gives {len(dates)} date(s); the programme has {count} days")
    if list(dates) != sorted(set(dates)):
        raise CalendarError("--days must be in order, each date once")
    return dates
