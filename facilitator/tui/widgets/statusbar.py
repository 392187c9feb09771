"""The top bar: workshop, programme, day N of M, clock, and how the day is running."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from facilitator.control.view import StatusModel
from facilitator.tui.text import plain


class StatusBar(Widget):
    """Two lines: who and when on the first, on time or late on the second.

    Laid out by hand (the clock on the right, the rest cut with an ellipsis before it):
    it is redrawn every second, and a table measured its cells again each time."""

    model: reactive[StatusModel | None] = reactive(None)

    def watch_model(self, model: StatusModel | None) -> None:
        if model is None:
            return
        self.set_class(model.late, "-late")
        self.set_class(model.early, "-early")
        self.refresh()  # two lines, the full width: its size never changes

    def render(self) -> Text:
        model = self.model
        if model is None:
            return Text()
        clock = plain(f"{model.mode}  {model.clock}" if model.mode else model.clock)
        left = max(0, self.size.width - clock.cell_len)
        title = plain(model.title, "bold")
        status = plain(model.status)
        for part in (title, status):
            part.truncate(left, overflow="ellipsis", pad=True)
        line = Text.assemble(title, clock)
        return Text("\n").join([line, Text.assemble(status, " " * clock.cell_len)])
