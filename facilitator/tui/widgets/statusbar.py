"""The top bar: workshop, programme, day N of M, clock, and how the day is running."""

from __future__ import annotations

from rich.table import Table
from textual.reactive import reactive
from textual.widgets import Static

from facilitator.control.view import StatusModel
from facilitator.tui.text import plain


class StatusBar(Static):
    """Two lines: who and when on the first, on time or late on the second."""

    model: reactive[StatusModel | None] = reactive(None)

    def watch_model(self, model: StatusModel | None) -> None:
        if model is None:
            return
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        clock = f"{model.mode}  {model.clock}" if model.mode else model.clock
        grid.add_row(plain(model.title, "bold"), plain(clock))
        grid.add_row(plain(model.status, overflow="ellipsis"), "")
        self.set_class(model.late, "-late")
        self.set_class(model.early, "-early")
        self.update(grid, layout=False)  # two lines, the full width: its size never changes
