"""What has been recorded for a session: notes, decisions, actions, attendance."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from facilitator.i18n import count, say, signed
from facilitator.text import plain


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
        self.query_one("#records-caption", Label).update(plain(caption))
        zone = ZoneInfo(tz)

        def when(record: dict[str, Any]) -> str:
            return datetime.fromtimestamp(float(record.get("at", 0)), zone).strftime("%H:%M")

        parts: list[Any] = []
        if notes:
            parts.append(Text(say(lang, "records_notes"), style="bold underline"))
            for note in notes:
                decision = note.get("kind") == "decision"
                kind = say(lang, "note_decision" if decision else "note_note")
                meta = Text.assemble(
                    (when(note), "bold"),
                    " · ",
                    (kind, "bold reverse" if decision else "bold"),
                    " · ",
                    signed(lang, note.get("by")),
                )
                if note.get("restricted"):
                    meta.append(f" · {say(lang, 'restricted')}", "bold italic")
                body = Text(str(note.get("text", "")), overflow="fold")
                parts += [meta, Padding(body, (0, 0, 1, 2))]
        if actions:
            parts.append(Text(say(lang, "records_actions"), style="bold underline"))
            for action in actions:
                status = str(action.get("status", "open"))
                if status in ("open", "done"):
                    status = say(lang, f"action_{status}")
                due = str(action.get("due", ""))
                owner = str(action.get("owner", "")) or say(lang, "no_owner")
                meta = Text.assemble(
                    (status, "bold"),
                    " · ",
                    say(lang, "due_on", date=due) if due else say(lang, "no_due"),
                    " · ",
                    owner,
                )
                body = Text(str(action.get("text", "")), overflow="fold")
                parts += [meta, Padding(body, (0, 0, 1, 2))]
        if not parts:
            parts.append(Text(say(lang, "records_empty"), style="italic"))
        self.query_one("#records-body", Static).update(Group(*parts))
