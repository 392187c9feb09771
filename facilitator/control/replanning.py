"""What the re-plan dialog shows: the day as projected now beside the day with the plan.

No Textual here. The dialog keeps the proposal's changes, each taken in or left
out (and a shortening's minutes as edited); :func:`plan_view` works out both
columns from them, so what the lead accepts is what the right column showed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from facilitator.control.controller import Controller
from facilitator.course.model import Kind
from facilitator.i18n import say
from facilitator.live.replan import Change, after, give
from facilitator.live.schedule import Schedule, Slot, Status

Item = tuple[Change, bool]
"""A change of the proposal and whether it is taken in."""


@dataclass(frozen=True, slots=True)
class PlanRow:
    session_id: str
    title: str
    now: str
    """Start and minutes as projected now: ``13:00 105′``."""
    then: str
    """The same with the plan, or where the session went."""
    change: str
    item: int | None = None
    """The index of its change among the proposal's items (None: no change to it)."""
    on: bool = False
    limit: int = 0
    """The most minutes it can be cut by."""


@dataclass(frozen=True, slots=True)
class PlanModel:
    day: int
    title: str
    now_end: str
    then_end: str
    rows: tuple[PlanRow, ...]
    on_time: bool


def _end(schedule: Schedule, day: int) -> tuple[str, int]:
    """When day ``day`` ends, and the minutes past its end."""
    plan = schedule.day(day)
    over = max(0, round((plan.projected_end - plan.deadline) / 60))
    end = schedule.hhmm(plan.projected_end)
    return end, over


def plan_view(controller: Controller, day: int, items: Sequence[Item]) -> PlanModel:
    """Day ``day`` now and with the changes of ``items`` that are taken in."""
    c, lang = controller, controller.lang
    now_schedule = c.schedule()
    taken = [change for change, on in items if on]
    live = after(c.live, taken, now_schedule.now)
    then_schedule = c.schedule(now_schedule.now, live)
    by_session = {change.session: (i, change, on) for i, (change, on) in enumerate(items)}
    rows = []
    for slot in now_schedule.day(day).slots:
        if slot.status not in (Status.CURRENT, Status.NEXT, Status.PENDING):
            continue
        sid = slot.session.id
        index, change, on = by_session.get(sid, (None, None, False))
        rows.append(
            PlanRow(
                sid,
                slot.session.title.get(lang),
                _when(now_schedule, slot),
                _then(lang, then_schedule, sid, day),
                _change(lang, change) if change else "",
                index,
                on,
                give(slot),
            )
        )
    end, over = _end(now_schedule, day)
    deadline = now_schedule.hhmm(now_schedule.day(day).deadline)
    now_end = say(lang, "plan_ends_over", time=end, n=over, end=deadline)
    then_end, left = _end(then_schedule, day)
    then_words = (
        say(lang, "plan_still_over", time=then_end, n=left)
        if left
        else say(lang, "plan_on_time", time=then_end)
    )
    title = say(lang, "plan_title", n=day)
    return PlanModel(day, title, now_end, then_words, tuple(rows), left == 0)


def _when(schedule: Schedule, slot: Slot) -> str:
    minutes = max(0, round((slot.projected_end - slot.projected_start) / 60))
    return f"{schedule.hhmm(slot.projected_start)} {minutes}′"


def _then(lang: str, schedule: Schedule, sid: str, day: int) -> str:
    slot = schedule.slot(sid)
    if slot.day.number != day:
        return say(lang, "plan_move", n=slot.day.number)
    if slot.status is Status.SKIPPED:
        return say(lang, "plan_drop")
    return _when(schedule, slot)


def _change(lang: str, change: Change) -> str:
    if change.kind == "shorten":
        return say(lang, "plan_cut", n=change.minutes)
    if change.kind == "move":
        return say(lang, "plan_move", n=change.day)
    return say(lang, "plan_drop")


def carry_to(controller: Controller, sid: str) -> int | None:
    """The day a session not held is carried to: today for a day that is over, else the
    day after its own. None when it was held, is a break, or there is no later day."""
    schedule = controller.schedule()
    slot = schedule.slot(sid)
    if slot.session.kind is Kind.BREAK or controller.live.run(sid).started:
        return None
    today = schedule.today().day.number
    target = today if slot.day.number < today else slot.day.number + 1
    return target if target <= len(controller.programme.days) else None
