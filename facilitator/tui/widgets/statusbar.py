"""The top bar: workshop, programme, day N of M, clock, and how the day is running."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static


class StatusBar(Static):
    """Two lines: who and when on the first, on time or late on the second."""

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self._shown: tuple | None = None
        self.text = ""

    def show(self, title: str, clock: str, status: str, late: bool, early: bool, mode: str) -> None:
        shown = (title, clock, status, late, early, mode)
        if shown == self._shown:
            return
        self._shown = shown
        self.text = f"{title} | {mode} {clock} | {status}"
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        grid.add_row(Text(title, style="bold"), Text(f"{mode}  {clock}" if mode else clock))
        self.set_class(late, "-late")
        self.set_class(early, "-early")
        grid.add_row(Text(status, overflow="ellipsis", no_wrap=True), "")
        self.update(grid)
