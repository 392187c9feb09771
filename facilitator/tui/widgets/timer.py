"""The current session's countdown in large digits."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Label

from facilitator.text import plain
from facilitator.timer import format_clock


class TimerView(Vertical):
    """Remaining time of the current session; amber near the end, red and counting up when over."""

    def __init__(self, warn_seconds: int = 300, **kwargs) -> None:
        super().__init__(**kwargs)
        self.warn_seconds = warn_seconds
        self._shown: tuple[str, str, str] | None = None

    def compose(self) -> ComposeResult:
        yield Digits("--:--", id="timer-digits")
        yield Label("", id="timer-label")

    def show(self, remaining: float | None, label: str, running: bool) -> None:
        """Update the digits; nothing is redrawn when nothing changed."""
        if remaining is None:
            text, state = "--:--", "idle"
        else:
            text = format_clock(remaining)
            if remaining < 0:
                state = "over"
            elif remaining <= self.warn_seconds:
                state = "warn"
            else:
                state = "ok"
            if not running:
                state += " paused"
        shown = (text, label, state)
        if shown == self._shown:
            return
        self._shown = shown
        self.query_one(Digits).update(text)
        self.query_one("#timer-label", Label).update(plain(label))
        self.set_class("over" in state, "-over")
        self.set_class("warn" in state, "-warn")
        self.set_class("paused" in state, "-paused")
        self.set_class(state == "idle", "-idle")
