"""The timeline chart beside the workshop report: planned bars against actual bars, per day.

An SVG drawn from the report's snapshot (no clock): one band per day, the sessions
as planned on top, as held below, on one hour scale shared by every day so that days
compare at a glance; a red line at each day's end. Titles are escaped with
``html.escape``; the same workshop gives the same bytes.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime

from facilitator.course.model import Kind
from facilitator.live.schedule import DayPlan
from facilitator.minutes.records import Minutes

LEFT, WIDTH, TOP = 150, 780, 44
BAND, BAR = 62, 16
COLOURS = {
    Kind.CONTENT: "#4e79a7",
    Kind.DIAGNOSTIC: "#f28e2b",
    Kind.EXERCISE: "#59a14f",
    Kind.BREAK: "#bab0ac",
    Kind.EVALUATION: "#b07aa1",
    Kind.CEREMONY: "#edc948",
}


def _minute(m: Minutes, epoch: float) -> float:
    """Minutes since midnight at the venue."""
    local: datetime = m.schedule.local(epoch)
    return local.hour * 60 + local.minute + local.second / 60


def _bounds(m: Minutes) -> tuple[int, int]:
    """The hours the scale runs from and to, covering every plan and everything held."""
    times: list[float] = []
    for plan in m.schedule.days:
        times += [_minute(m, plan.planned_start), _minute(m, max(plan.planned_end, plan.deadline))]
        for slot in plan.slots:
            if slot.actual_start is not None:
                times.append(_minute(m, slot.actual_start))
                times.append(_minute(m, slot.actual_end or m.as_of))
    return int(min(times) // 60), int(-(-max(times) // 60))


def render(m: Minutes) -> str:
    """The chart, as SVG text."""
    first, last = _bounds(m)
    scale = WIDTH / ((last - first) * 60)

    def x(minute: float) -> str:
        return f"{LEFT + (minute - first * 60) * scale:.1f}"

    def w(minutes: float) -> str:
        return f"{max(minutes * scale, 0.5):.1f}"

    height = TOP + BAND * len(m.schedule.days) + 40
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{LEFT + WIDTH + 40}" '
        f'height="{height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{LEFT + WIDTH + 40}" height="{height}" fill="#ffffff"/>',
        f'<text x="10" y="18" font-size="14" font-weight="bold">'
        f"{html.escape(m.workshop.name)}: planned against actual</text>",
    ]
    bottom = TOP + BAND * len(m.schedule.days)
    for hour in range(first, last + 1):
        hx = x(hour * 60)
        out.append(f'<line x1="{hx}" y1="{TOP - 6}" x2="{hx}" y2="{bottom}" stroke="#dddddd"/>')
        out.append(f'<text x="{hx}" y="{TOP - 10}" text-anchor="middle">{hour:02d}:00</text>')
    for n, plan in enumerate(m.schedule.days):
        out += _day(m, plan, TOP + n * BAND, x, w)
    legend_y = bottom + 24
    lx = LEFT
    for kind, colour in COLOURS.items():
        out.append(f'<rect x="{lx}" y="{legend_y - 10}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{lx + 16}" y="{legend_y}">{kind.value}</text>')
        lx += 100
    out.append(f'<line x1="{lx}" y1="{legend_y - 10}" x2="{lx}" y2="{legend_y + 2}" '
               'stroke="#d62728" stroke-width="2"/>')  # fmt: skip
    out.append(f'<text x="{lx + 6}" y="{legend_y}">end of the day</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _day(
    m: Minutes, plan: DayPlan, top: int, x: Callable[[float], str], w: Callable[[float], str]
) -> list[str]:
    """One day's band: its label, planned bars, actual bars and its end."""
    out = [
        f'<text x="10" y="{top + 20}" font-weight="bold">Day {plan.day.number}</text>',
        f'<text x="10" y="{top + 36}">{plan.date.isoformat()}</text>',
        f'<text x="{LEFT - 8}" y="{top + 20}" text-anchor="end" fill="#666666">planned</text>',
        f'<text x="{LEFT - 8}" y="{top + 40}" text-anchor="end" fill="#666666">actual</text>',
    ]
    for slot in plan.slots:
        if slot.moved_from is not None:
            continue  # planned on another day: its plan is drawn there
        title = html.escape(m.title(slot.session))
        minutes = (slot.planned_end - slot.planned_start) / 60
        out.append(
            f'<rect x="{x(_minute(m, slot.planned_start))}" y="{top + 8}" width="{w(minutes)}" '
            f'height="{BAR}" fill="{COLOURS[slot.session.kind]}" fill-opacity="0.45" '
            f'stroke="#ffffff"><title>{title} (planned)</title></rect>'
        )
    for session, _ in plan.moved_out:
        slot = m.schedule.slot(session.id)
        minutes = (slot.planned_end - slot.planned_start) / 60
        out.append(
            f'<rect x="{x(_minute(m, slot.planned_start))}" y="{top + 8}" width="{w(minutes)}" '
            f'height="{BAR}" fill="{COLOURS[session.kind]}" fill-opacity="0.45" stroke="#ffffff">'
            f"<title>{html.escape(m.title(session))} (planned; moved)</title></rect>"
        )
    for slot in plan.slots:
        run = m.live.run(slot.session.id)
        title = html.escape(m.title(slot.session))
        for begin, end in run.segments:
            minutes = ((end if end is not None else m.as_of) - begin) / 60
            out.append(
                f'<rect x="{x(_minute(m, begin))}" y="{top + 28}" width="{w(minutes)}" '
                f'height="{BAR}" fill="{COLOURS[slot.session.kind]}" stroke="#ffffff">'
                f"<title>{title} (held)</title></rect>"
            )
    end = x(_minute(m, plan.deadline))
    out.append(
        f'<line x1="{end}" y1="{top + 4}" x2="{end}" y2="{top + 48}" stroke="#d62728" '
        'stroke-width="2"/>'
    )
    return out
