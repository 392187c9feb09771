"""What has been recorded for a session: notes, decisions, actions, attendance."""

from __future__ import annotations

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Label, Static

from facilitator.control.stage import RecordLine, RecordsModel
from facilitator.tui.text import plain


class RecordsView(VerticalScroll):
    """The session's record as a list; texts are shown as typed, never as markup."""

    model: reactive[RecordsModel | None] = reactive(None)

    def compose(self):
        yield Label("", id="records-caption")
        yield Static("", id="records-body")

    def watch_model(self, model: RecordsModel | None) -> None:
        if model is None:
            return
        self.query_one("#records-caption", Label).update(plain(model.caption))

        def lines(records: tuple[RecordLine, ...]) -> list:
            out = []
            for record in records:
                meta = Text()
                for text, style in record.meta:
                    meta.append_text(plain(text, style))
                body = plain(record.text, overflow="fold")
                out += [meta, Padding(body, (0, 0, 1, 2))]
            return out

        parts: list = []
        if model.notes:
            parts += [plain(model.notes_title, "bold underline"), *lines(model.notes)]
        if model.actions:
            parts += [plain(model.actions_title, "bold underline"), *lines(model.actions)]
        if not parts:
            parts.append(plain(model.empty, "italic"))
        self.query_one("#records-body", Static).update(Group(*parts))
