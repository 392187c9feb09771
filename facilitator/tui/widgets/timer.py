"""The current session's countdown in large digits."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Digits, Label

from facilitator.control.view import TimerModel
from facilitator.tui.text import plain


class TimerView(Vertical):
    """Remaining time of the current session; amber near the end, red and counting up when over."""

    model: reactive[TimerModel | None] = reactive(None, repaint=False)

    def compose(self) -> ComposeResult:
        yield Digits("--:--", id="timer-digits")
        yield Label("", id="timer-label")

    def watch_model(self, old: TimerModel | None, model: TimerModel | None) -> None:
        if model is None:
            return
        self.border_title = plain(model.title)
        self.query_one(Digits).update(model.digits)
        if old is None or old.label != model.label:  # an update lays the screen out again
            self.query_one("#timer-label", Label).update(plain(model.label))
        self.set_class(model.state == "over", "-over")
        self.set_class(model.state == "warn", "-warn")
        self.set_class(model.paused and model.state != "idle", "-paused")
        self.set_class(model.state == "idle", "-idle")
