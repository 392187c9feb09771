"""The agenda of one day: planned and projected times, done, current and next."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from facilitator.i18n import say, short_date
from facilitator.schedule import DayPlan, Schedule, Slot, Status

MARKS = {
    Status.DONE: ("✓", "agenda--done"),
    Status.CURRENT: ("▶", "agenda--current"),
    Status.NEXT: ("›", "agenda--next"),
    Status.PENDING: ("·", ""),
    Status.SKIPPED: ("✗", "agenda--skipped"),
    Status.MISSED: ("–", "agenda--skipped"),
}


class AgendaView(OptionList):
    """One day of the agenda; Enter picks a session."""

    COMPONENT_CLASSES = {
        "agenda--done",
        "agenda--current",
        "agenda--next",
        "agenda--skipped",
        "agenda--late",
        "agenda--over",
    }

    class Picked(Message):
        def __init__(self, session_id: str) -> None:
            super().__init__()
            self.session_id = session_id

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._key: tuple | None = None
        self.day_number = 1

    def _style(self, name: str):
        return self.get_component_rich_style(name, partial=True) if name else None

    def _row(self, schedule: Schedule, slot: Slot, lang: str) -> Text:
        mark, style_name = MARKS[slot.status]
        planned = schedule.hhmm(slot.planned_start)
        row = Text(no_wrap=True, overflow="ellipsis")
        row.append(f"{mark} ", self._style(style_name))
        row.append(
            f"{planned} ", self._style("agenda--done") if slot.status is Status.DONE else None
        )
        moved = abs(slot.projected_start - slot.planned_start) >= 60 and slot.status in (
            Status.NEXT,
            Status.PENDING,
            Status.CURRENT,
        )
        if moved:
            row.append(f"→{schedule.hhmm(slot.projected_start)} ", self._style("agenda--late"))
        title_style = self._style(style_name)
        if slot.status is Status.CURRENT and slot.overrun > 0:
            title_style = self._style("agenda--over")
        row.append(slot.session.title.get(lang), title_style)
        return row

    def _render_key(self, schedule: Schedule, plan: DayPlan) -> tuple:
        return (
            plan.day.number,
            tuple(
                (
                    s.session.id,
                    s.status,
                    schedule.hhmm(s.projected_start),
                    s.status is Status.CURRENT and s.overrun > 0,
                )
                for s in plan.slots
            ),
        )

    def show_day(self, schedule: Schedule, number: int, lang: str, focus_id: str | None) -> None:
        """Show day ``number``; redraw only when a time or a status changed."""
        plan = schedule.days[max(0, min(number, len(schedule.days)) - 1)]
        self.day_number = plan.day.number
        key = (self._render_key(schedule, plan), lang, focus_id)
        if key == self._key:
            return
        self._key = key
        self.border_title = say(
            lang,
            "agenda_day",
            n=plan.day.number,
            m=len(schedule.days),
            date=short_date(plan.date, lang),
        )
        self.border_subtitle = (
            f"{schedule.hhmm(plan.planned_start)}–{schedule.hhmm(plan.planned_end)}"
        )
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(
            Option(self._row(schedule, slot, lang), id=slot.session.id) for slot in plan.slots
        )
        ids = [slot.session.id for slot in plan.slots]
        if focus_id in ids:
            self.highlighted = ids.index(focus_id)
        elif highlighted is not None and highlighted < len(ids):
            self.highlighted = highlighted

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Picked(event.option.id))
