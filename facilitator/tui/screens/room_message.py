"""One line typed for a screen: the room's ("Back at 14:00"), or the lead's ("5 minutes")."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input

from facilitator.control.controller import MESSAGE_CHARS
from facilitator.tui.screens.dialogs import _Dialog
from facilitator.tui.text import plain


def count(text: str) -> str:
    """``37 / 120``: the characters typed, and the most a line takes."""
    return f"{len(text)} / {MESSAGE_CHARS}"


class LineDialog(_Dialog):
    """One line under ``title``; enter or ctrl+s sends it (empty: clears what it set)."""

    FIRST = "#room-message-text"

    def __init__(self, title: str, current: str, lang: str = "en") -> None:
        super().__init__(lang)
        self.title_words = title
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-line") as box:
            box.border_title = plain(self.title_words)
            box.border_subtitle = count(self.current)
            yield Input(self.current, id="room-message-text", max_length=MESSAGE_CHARS)
            yield from self.buttons()

    def on_input_changed(self, event: Input.Changed) -> None:
        """How much of the line is used, so that typing stopped at the end is no surprise."""
        self.query_one(".dialog-line").border_subtitle = count(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        self.dismiss(self.query_one("#room-message-text", Input).value)
