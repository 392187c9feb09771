"""The planned agenda as a plain-text or Markdown table."""

from __future__ import annotations

from datetime import date

from facilitator.course.model import Programme
from facilitator.live.schedule import Schedule, planned
from facilitator.minutes.mdsafe import escape_cell


def _rows(schedule: Schedule, lang: str):
    for plan in schedule.days:
        yield (
            plan,
            [
                (
                    schedule.hhmm(slot.planned_start),
                    schedule.hhmm(slot.planned_end),
                    str(slot.session.minutes),
                    slot.session.kind.value,
                    slot.session.title.get(lang),
                    ", ".join(slot.session.trainers),
                )
                for slot in plan.slots
            ],
        )


def render_text(programme: Programme, start: date, tz: str = "UTC", lang: str = "en") -> str:
    """Fixed-width table, one block per day."""
    schedule = planned(programme, start, tz)
    out = [f"{programme.title.get(lang)}  ({programme.id})", ""]
    for plan, rows in _rows(schedule, lang):
        minutes = sum(s.session.minutes for s in plan.slots)
        out.append(
            f"Day {plan.day.number}, {plan.date:%a %d %b %Y}: {plan.day.title.get(lang)}"
            f"  ({schedule.hhmm(plan.planned_start)}-{schedule.hhmm(plan.planned_end)},"
            f" {minutes // 60}h{minutes % 60:02d})"
        )
        width = max(len(r[4]) for r in rows)
        for begin, end, mins, kind, title, trainers in rows:
            out.append(
                f"  {begin}-{end}  {mins:>3}'  {kind:<10}  {title:<{width}}  {trainers}".rstrip()
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_markdown(programme: Programme, start: date, tz: str = "UTC", lang: str = "en") -> str:
    """One GFM table per day."""
    schedule = planned(programme, start, tz)
    out = [f"# {escape_cell(programme.title.get(lang))}", ""]
    for plan, rows in _rows(schedule, lang):
        day_title = escape_cell(plan.day.title.get(lang))
        out += [
            f"## Day {plan.day.number} ({plan.date.isoformat()}): {day_title}",
            "",
            "| Time | Minutes | Kind | Session | Trainers |",
            "| --- | ---: | --- | --- | --- |",
        ]
        for begin, end, mins, kind, title, trainers in rows:
            cells = [f"{begin}–{end}", mins, kind, escape_cell(title), escape_cell(trainers)]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
