"""How many rows each slide takes in the room's view, as Textual lays it out.

A headless app holds Markdown widgets as wide as the slide's (in the slide
view's padding) and shows the slides in them, a few at a time; after each
layout the widget's height is read: the height of the slide's picture. Each
view is taller than any slide, so the height is the slide's own, at the width
the room sees, without a scroll bar.
What the heights mean is decided in :mod:`facilitator.course.fit`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Markdown

from facilitator.course.catalog import Catalog
from facilitator.course.fit import Overflow, RoomSize, overflows, slides_to_fit
from facilitator.tui.widgets.pages import slide_parser

_AT_ONCE = 8
"""Slides laid out side by side in one refresh (each in its own slide view)."""
_ROWS_EACH = 60
"""Rows of each slide view: more than any slide takes."""


class _Measure(App[list[int]]):
    CSS = ".slide { height: 1fr; padding: 0 1; }"
    """As wide as the slide's scroll (``#slide-scroll`` in slides.tcss)."""

    def __init__(self, bodies: Sequence[str]) -> None:
        super().__init__()
        self._bodies = bodies

    def compose(self) -> ComposeResult:
        for _ in range(_AT_ONCE):
            with Vertical(classes="slide"):
                yield Markdown(classes="measured", parser_factory=slide_parser)

    def on_mount(self) -> None:
        self.run_worker(self._measure(), exclusive=True)

    async def _measure(self) -> None:
        views = list(self.query(".measured").results(Markdown))
        heights: list[int] = []
        for start in range(0, len(self._bodies), _AT_ONCE):
            batch = list(zip(views, self._bodies[start : start + _AT_ONCE], strict=False))
            await asyncio.gather(*(view.update(text) for view, text in batch))
            laid_out = asyncio.get_running_loop().create_future()
            self.call_after_refresh(laid_out.set_result, None)
            await laid_out
            heights += [view.outer_size.height for view, _ in batch]
        self.exit(heights)


def slide_heights(bodies: Sequence[str], columns: int) -> list[int]:
    """The rows each Markdown slide body takes at ``columns`` wide, in order."""
    if not bodies:
        return []
    return _Measure(bodies).run(headless=True, size=(columns, _AT_ONCE * _ROWS_EACH)) or []


def overflowing(catalog: Catalog, size: RoomSize) -> tuple[Overflow, ...]:
    """Every slide (each language) the room would have to scroll at ``size``."""
    slides = slides_to_fit(catalog)
    return overflows(slides, slide_heights([s.body for s in slides], size.columns), size)
