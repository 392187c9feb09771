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
    ) -> None:
        key = (
            title,
            tuple(n.get("uid") for n in notes),
            tuple((a.get("uid"), a.get("status")) for a in actions),
            present,
            roster,
        )
        if key == self._key:
            return
        self._key = key
        decisions = sum(1 for n in notes if n.get("kind") == "decision")
        self.counts = (len(notes) - decisions, decisions, len(actions))
        counted = ", ".join(
            f"{n} {word}{'' if n == 1 else 's'}"
            for n, word in zip(self.counts, ("note", "decision", "action"), strict=True)
        )
        self.query_one("#records-caption", Label).update(
            f"{title} · {counted} · present {present} of {roster} · r returns"
        )
        zone = ZoneInfo(tz)

        def when(record: dict[str, Any]) -> str:
            return datetime.fromtimestamp(float(record.get("at", 0)), zone).strftime("%H:%M")

        def who(record: dict[str, Any]) -> str:
            by = record.get("by") or {}
            return f"{by.get('name', '?')} ({by.get('role', '?')})"

        parts = []
        if notes:
            table = Table(
                title="Notes and decisions", expand=True, title_justify="left", box=box.SIMPLE_HEAD
            )
            table.add_column("time", no_wrap=True)
            table.add_column("kind", no_wrap=True)
            table.add_column("text", ratio=1)
            table.add_column("by", no_wrap=True)
            for note in notes:
                kind = note.get("kind", "note")
                table.add_row(
                    when(note),
                    Text(kind, style="bold" if kind == "decision" else ""),
                    Text(str(note.get("text", ""))),
                    Text(who(note)),
                )
            parts.append(table)
        if actions:
            table = Table(
                title="Action items", expand=True, title_justify="left", box=box.SIMPLE_HEAD
            )
            table.add_column("action", ratio=1)
            table.add_column("owner")
            table.add_column("due", no_wrap=True)
            table.add_column("status", no_wrap=True)
            for action in actions:
                table.add_row(
                    Text(str(action.get("text", ""))),
                    Text(str(action.get("owner", ""))),
                    str(action.get("due", "")),
                    str(action.get("status", "open")),
                )
            parts.append(table)
        if not parts:
            parts.append(
                Text(
                    "Nothing recorded for this session yet: o adds a note, d a decision, "
                    "a an action item, t takes attendance.",
                    style="italic",
                )
            )
        self.query_one("#records-body", Static).update(Group(*parts))
