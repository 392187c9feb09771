"""The agenda of one day: planned and projected times, done, current and next."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from facilitator.control.view import AgendaModel, AgendaRow
from facilitator.tui.text import plain

MARKS = {
    "done": ("✓", "agenda--done"),
    "current": ("▶", "agenda--current"),
    "next": ("›", "agenda--next"),
    "pending": ("·", ""),
    "skipped": ("✗", "agenda--skipped"),
    "missed": ("–", "agenda--skipped"),
    "moved": ("↷", "agenda--moved"),
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
        "agenda--moved",
        "agenda--trainers",
    }

    model: reactive[AgendaModel | None] = reactive(None)

    class Picked(Message):
        def __init__(self, session_id: str) -> None:
            super().__init__()
            self.session_id = session_id

    def _style(self, name: str) -> Style | None:
        return self.get_component_rich_style(name, partial=True) if name else None

    def _row(self, row: AgendaRow) -> Text:
        mark, style_name = MARKS[row.status]
        out = Text(no_wrap=True, overflow="ellipsis")
        out.append(f"{mark} ", self._style(style_name))
        out.append(f"{row.planned} ", self._style("agenda--done") if row.status == "done" else None)
        if row.projected is not None:
            out.append(f"→{row.projected} ", self._style("agenda--late"))
        title_style = self._style("agenda--over" if row.over else style_name)
        out.append_text(plain(row.title, title_style or ""))
        if row.trainers:  # who trains it, on a line of its own under the title
            out.append("\n        ")
            out.append_text(plain(row.trainers, self._style("agenda--trainers") or ""))
        return out

    def watch_model(self, old: AgendaModel | None, model: AgendaModel | None) -> None:
        """Rebuild the rows only when a time, a status or the day changed."""
        if model is None:
            return
        self.border_title = plain(model.title)
        self.border_subtitle = plain(model.subtitle)
        ids = [row.session_id for row in model.rows]
        if old is None or old.rows != model.rows:
            highlighted = self.highlighted
            self.clear_options()
            self.add_options(Option(self._row(row), id=row.session_id) for row in model.rows)
            if model.focus not in ids and highlighted is not None and highlighted < len(ids):
                self.highlighted = highlighted
        if model.focus in ids and (
            old is None or old.focus != model.focus or old.rows != model.rows
        ):
            self.highlighted = ids.index(model.focus)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Picked(event.option.id))
