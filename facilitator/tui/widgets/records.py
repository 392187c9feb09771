"""What has been recorded for a session: notes, decisions, actions, attendance."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from facilitator.i18n import count, say


class RecordsView(VerticalScroll):
    """The session's record as tables; texts are shown as typed, never as markup."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._key: tuple | None = None
        self.counts = (0, 0, 0)

    def compose(self):
        yield Label("", id="records-caption")
        yield Static("", id="records-body")

    def show(
        self,
        title: str,
        notes: list[dict[str, Any]],
        actions: list[dict[str, Any]],
        present: int,
        roster: int,
        tz: str,
        lang: str = "en",
    ) -> None:
        key = (
            title,
            tuple(n.get("uid") for n in notes),
            tuple((a.get("uid"), a.get("status")) for a in actions),
            present,
            roster,
            lang,
        )
        if key == self._key:
            return
        self._key = key
        decisions = sum(1 for n in notes if n.get("kind") == "decision")
        self.counts = (len(notes) - decisions, decisions, len(actions))
        counted = ", ".join(
            count(lang, word, n)
            for n, word in zip(self.counts, ("note", "decision", "action"), strict=True)
        )
        caption = say(
            lang, "records_caption", title=title, counts=counted, present=present, roster=roster
        )
        self.query_one("#records-caption", Label).update(caption)
        zone = ZoneInfo(tz)

        def when(record: dict[str, Any]) -> str:
            return datetime.fromtimestamp(float(record.get("at", 0)), zone).strftime("%H:%M")

        def who(record: dict[str, Any]) -> str:
            by = record.get("by") or {}
            return f"{by.get('name', '?')} ({by.get('role', '?')})"

        parts = []
        if notes:
            table = Table(
                title=say(lang, "records_notes"),
                expand=True,
                title_justify="left",
                box=box.SIMPLE_HEAD,
            )
            table.add_column(say(lang, "col_time"), no_wrap=True)
            table.add_column(say(lang, "col_kind"), no_wrap=True)
            table.add_column(say(lang, "col_text"), ratio=1)
            table.add_column(say(lang, "col_by"), no_wrap=True)
            for note in notes:
                decision = note.get("kind") == "decision"
                kind = say(lang, "note_decision" if decision else "note_note")
                table.add_row(
                    when(note),
                    Text(kind, style="bold" if decision else ""),
                    Text(str(note.get("text", ""))),
                    Text(who(note)),
                )
            parts.append(table)
        if actions:
            table = Table(
                title=say(lang, "records_actions"),
                expand=True,
                title_justify="left",
                box=box.SIMPLE_HEAD,
            )
            table.add_column(say(lang, "col_action"), ratio=1)
            table.add_column(say(lang, "col_owner"))
            table.add_column(say(lang, "col_due"), no_wrap=True)
            table.add_column(say(lang, "col_status"), no_wrap=True)
            for action in actions:
                status = str(action.get("status", "open"))
                if status in ("open", "done"):
                    status = say(lang, f"action_{status}")
                table.add_row(
                    Text(str(action.get("text", ""))),
                    Text(str(action.get("owner", ""))),
                    Text(str(action.get("due", ""))),
                    Text(status),
                )
            parts.append(table)
        if not parts:
            parts.append(Text(say(lang, "records_empty"), style="italic"))
        self.query_one("#records-body", Static).update(Group(*parts))
