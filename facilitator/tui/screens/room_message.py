"""The line the lead or the clerk puts on the room's screen ("Back at 14:00")."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input

from facilitator.control.controller import MESSAGE_CHARS
from facilitator.tui.screens.dialogs import _Dialog
from facilitator.tui.text import plain


class RoomMessageDialog(_Dialog):
    """One line; enter or ctrl+s shows it, an empty line clears the room's message."""

    FIRST = "#room-message-text"

    def __init__(self, current: str, lang: str = "en") -> None:
        super().__init__(lang)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-small") as box:
            box.border_title = plain(self.say("room_message_title"))
            yield Input(self.current, id="room-message-text", max_length=MESSAGE_CHARS)
            yield from self.buttons()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        self.dismiss(self.query_one("#room-message-text", Input).value)
