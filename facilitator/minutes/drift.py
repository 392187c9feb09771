"""Planned against actual, per day: how much each day drifted, and what the plan changed.

Part of the workshop report's Agenda adherence section (after the table collect reads):
**Drift by day** (planned and actual times of each day, minutes lost or gained, in
total), **Changes to the plan** (every session shortened, dropped or moved, and when
it was decided) and the timeline chart beside the report (:mod:`.timeline`).
"""

from __future__ import annotations

from facilitator.live.schedule import DayPlan
from facilitator.minutes.contract import TIMELINE
from facilitator.minutes.mdsafe import escape_cell, table
from facilitator.minutes.records import Minutes, whole_minutes

DRIFT_HEADER = (
    "Day",
    "Date",
    "Planned",
    "Actual",
    "Drift (min)",
    "Sessions",
    "Held",
    "Shortened (min)",
    "Dropped",
    "Moved in",
    "Moved out",
)
CHANGES_HEADER = ("Decided", "Day", "Session", "Change")


def day_drift(m: Minutes, plan: DayPlan) -> int | None:
    """Minutes day ``plan`` ended after its planned end (negative: before); None until the
    day has ended (a session is still running, or none was held)."""
    held = [s for s in plan.slots if s.actual_start is not None]
    if not held or any(m.live.run(s.session.id).running for s in held):
        return None
    return whole_minutes(max(s.actual_end or 0.0 for s in held) - plan.planned_end)


def render(m: Minutes) -> str:
    """The drift of each day and in all, the changes to the plan, and the chart."""
    hhmm = m.schedule.hhmm
    rows = []
    lost = gained = 0
    for plan in m.schedule.days:
        held = [s for s in plan.slots if s.actual_start is not None]
        drift = day_drift(m, plan)
        if drift is not None:
            lost += max(drift, 0)
            gained += max(-drift, 0)
        if held:
            first = min(s.actual_start or 0.0 for s in held)
            ends = [s.actual_end for s in held if s.actual_end is not None]
            end = hhmm(max(ends)) if drift is not None and ends else "in progress"
            actual = f"{hhmm(first)}–{end}"
        else:
            actual = "—"
        shortened = sum(m.live.run(s.session.id).shortened_seconds for s in plan.slots)
        rows.append(
            (
                str(plan.day.number),
                plan.date.isoformat(),
                f"{hhmm(plan.planned_start)}–{hhmm(plan.planned_end)}",
                actual,
                "—" if drift is None else f"{drift:+d}",
                str(len(plan.slots)),
                str(len(held)),
                str(whole_minutes(shortened)),
                str(sum(1 for s in plan.slots if m.live.run(s.session.id).dropped)),
                str(sum(1 for s in plan.slots if s.moved_from is not None)),
                str(len(plan.moved_out)),
            )
        )
    net = lost - gained
    net_words = f"net {abs(net)} min {'late' if net > 0 else 'early'}" if net else "net on time"
    total = (
        f"In all: {lost} min lost on days that ended late, {gained} min gained on days "
        f"that ended early; {net_words}."
    )
    parts = [
        "### Drift by day",
        "Drift is when the day ended against when it was planned to end (+ later, − earlier).",
        table(DRIFT_HEADER, rows),
        total,
        "### Changes to the plan",
        _changes(m),
        f"![Timeline: planned against actual, per day]({TIMELINE})",
    ]
    return "\n\n".join(parts)


def _changes(m: Minutes) -> str:
    found = []
    for plan in m.schedule.days:
        for slot in plan.slots:
            home = m.programme.day_of(slot.session.id).number
            for kind, at, detail in m.live.run(slot.session.id).changes:
                if kind == "shorten":
                    what, day = f"shortened by {detail} min", str(home)
                elif kind == "drop":
                    what, day = "dropped", str(home)
                else:
                    what, day = f"moved from day {home} to day {detail}", str(home)
                    home = detail
                found.append((at, slot.session.id, day, what))
    if not found:
        return "The plan was kept: nothing was shortened, dropped or moved."
    found.sort(key=lambda row: row[0])  # stable: in agenda order within one decision
    rows = [
        (
            m.schedule.local(at).strftime("%Y-%m-%d %H:%M"),
            day,
            escape_cell(m.session_title(sid)),
            what,
        )
        for at, sid, day, what in found
    ]
    return table(CHANGES_HEADER, rows)
