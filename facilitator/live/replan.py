"""Re-planning: when a day is projected to end past its end, what to give up so it does not.

Pure: a proposal is a function of the programme (how each session may give way:
``min_minutes``, ``optional``, ``movable``), the schedule (the live state projected
at a time passed in) and the day. Nothing here reads a clock.

How the damage is ranked, least first:

1. **Shorten.** Nothing is lost: each session keeps at least its ``min_minutes``
   (breaks, ceremonies and tests keep their length unless the programme says).
   Cuts are spread: 5 minutes at a time from the session with the most room left
   to give for its length (the later one on a tie), so no session is cut to the
   bone while another keeps all its time.
2. **Move** a ``movable`` session to the first later day with room for it before
   that day's end. Nothing is lost, and the later day still ends on time.
3. **Drop** an ``optional`` session. It is lost.

Moving or dropping is used only when shortening everything to its minimum is not
enough; among the sessions that could go, the one that covers what is missing with
the fewest minutes taken out of the day is chosen (the later one on a tie), else
the one that covers most. A diagnostic round, a test or a break is never dropped
(the programme cannot make one optional) and no later day is pushed past its end.
What no change can recover is said: the proposal's ``left_over`` minutes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

from facilitator.course.model import Programme
from facilitator.live.events import Event, Live, SessionRun, replanned
from facilitator.live.schedule import DayPlan, Schedule, Slot, Status

STEP = 5
"""Minutes taken off a session at a time."""
THRESHOLD = 60
"""Seconds past its end before a day is said to run over."""


@dataclass(frozen=True, slots=True)
class Change:
    """One change a proposal makes: ``shorten`` (by ``minutes``), ``drop``, or ``move``
    (to day ``day``)."""

    kind: str
    session: str
    minutes: int = 0
    """Shorten: the minutes taken off. Drop and move: the minutes taken out of the day."""
    day: int = 0

    def event(self, at: float) -> Event:
        """The event that records this change."""
        minutes = self.minutes if self.kind == "shorten" else 0
        return Event(self.kind, at, self.session, minutes=minutes, day=self.day, reason="plan")


@dataclass(frozen=True, slots=True)
class Proposal:
    """A plan for day ``day``: it runs ``over`` minutes past its end; ``changes`` win
    back all of it but ``left_over``."""

    day: int
    over: int
    changes: tuple[Change, ...]
    left_over: int = 0

    @property
    def on_time(self) -> bool:
        return self.left_over == 0

    def events(self, at: float) -> list[Event]:
        return [c.event(at) for c in self.changes]


def over_minutes(plan: DayPlan) -> int:
    """Whole minutes the day is projected to run past its end (0 within a minute)."""
    return math.ceil(plan.over / 60) if plan.over >= THRESHOLD else 0


def give(slot: Slot) -> int:
    """Minutes ``slot`` can still be cut by, keeping its minimum (and what already ran)."""
    floor = slot.session.shortest * 60
    if slot.status is Status.CURRENT:
        floor = max(floor, math.ceil(slot.elapsed / 60) * 60)
    return max(0, int(slot.allotted - floor) // 60)


def propose(programme: Programme, schedule: Schedule, day: int) -> Proposal | None:
    """A plan that ends day ``day`` on time, least damage first; None when it is on time."""
    plan = schedule.day(day)
    need = over_minutes(plan)
    if need == 0:
        return None
    open_slots = [s for s in plan.slots if s.status in (Status.NEXT, Status.PENDING)]
    current = [s for s in plan.slots if s.status is Status.CURRENT]
    pool = {s.session.id: give(s) for s in (*current, *open_slots)}
    order = {s.session.id: s.index for s in plan.slots}
    length = {s.session.id: int(s.allotted) // 60 for s in plan.slots}
    changes: list[Change] = []
    shortfall = need - sum(pool.values())
    rooms = {
        later.day.number: int(later.deadline - later.projected_end) // 60
        for later in schedule.days
        if later.day.number > plan.day.number
    }
    movers = [s for s in open_slots if s.session.movable]
    droppers = [s for s in open_slots if s.session.optional]
    for kind, candidates in (("move", movers), ("drop", droppers)):
        while shortfall > 0:
            usable = [
                s
                for s in candidates
                if s.session.id in pool and (kind == "drop" or _room_day(rooms, length, s))
            ]
            if not usable:
                break
            chosen = _pick(usable, shortfall, pool, length, order)
            sid = chosen.session.id
            to = _room_day(rooms, length, chosen) if kind == "move" else 0
            if to:
                rooms[to] -= length[sid]
            shortfall -= length[sid] - pool.pop(sid)
            changes.append(Change(kind, sid, length[sid], to or 0))
    left = need - sum(c.minutes for c in changes)
    cuts = _spread(pool, max(left, 0), {s.session.id: s.session.minutes for s in plan.slots}, order)
    changes.extend(Change("shorten", sid, minutes) for sid, minutes in cuts)
    left -= sum(m for _, m in cuts)
    changes.sort(key=lambda c: order[c.session])
    return Proposal(plan.day.number, need, tuple(changes), max(left, 0))


def _room_day(rooms: dict[int, int], length: dict[str, int], slot: Slot) -> int | None:
    """The first later day with room for ``slot`` whole."""
    for number in sorted(rooms):
        if rooms[number] >= length[slot.session.id]:
            return number
    return None


def _pick(
    usable: list[Slot],
    shortfall: int,
    pool: dict[str, int],
    length: dict[str, int],
    order: dict[str, int],
) -> Slot:
    """The session whose going covers ``shortfall`` with the fewest minutes, else the most."""

    def gain(s: Slot) -> int:
        return length[s.session.id] - pool[s.session.id]

    covering = [s for s in usable if gain(s) >= shortfall]
    if covering:
        return min(covering, key=lambda s: (gain(s), -order[s.session.id]))
    return max(usable, key=lambda s: (gain(s), order[s.session.id]))


def _spread(
    pool: dict[str, int], need: int, planned: dict[str, int], order: dict[str, int]
) -> list[tuple[str, int]]:
    """Take ``need`` minutes from ``pool`` (minutes each can give), ``STEP`` at a time from
    the session with most left to give for its length (the later on a tie)."""
    left = dict(pool)
    cut = dict.fromkeys(pool, 0)
    while need > 0:
        giving = [sid for sid, give in left.items() if give > 0]
        if not giving:
            break
        sid = max(giving, key=lambda x: (left[x] / planned[x], order[x]))
        step = min(STEP, left[sid], need)
        left[sid] -= step
        cut[sid] += step
        need -= step
    return [(sid, minutes) for sid, minutes in cut.items() if minutes]


def after(live: Live, changes: Iterable[Change], at: float) -> Live:
    """``live`` as it would be with ``changes`` recorded at ``at``: for a preview."""
    runs: dict[str, SessionRun] = dict(live.runs)
    current = live.current
    for change in changes:
        event = change.event(at)
        runs[change.session] = replanned(runs.get(change.session, SessionRun()), event)
        if change.kind != "shorten" and current == change.session:
            current = None
    return replace(live, current=current, runs=runs)
