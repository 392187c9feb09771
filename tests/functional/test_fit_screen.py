"""The view check --fit measures is the one the room sees in presentation mode."""

from __future__ import annotations

import pytest

from facilitator.course.fit import RoomSize
from facilitator.tui.fit import slide_heights
from facilitator.tui.widgets.pages import Pages
from tests.helpers import until


@pytest.fixture(params=[(80, 24), (120, 40)])
def measured(request, course) -> tuple[tuple[int, int], int]:
    """A size, and the height check --fit measures for the demo's first slide at that size
    (measured outside the test's event loop: the measuring app runs its own)."""
    first = course.programme("demo").sessions()[0].module.slides[0].body
    return request.param, slide_heights([first], request.param[0])[0]


async def test_slide_area_and_slide_height_are_those_of_the_presentation_screen(
    app_factory, measured
) -> None:
    size, height = measured
    room = RoomSize(*size)
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        await pilot.press("space", "p")
        await pilot.pause()
        scroll = app.screen.query_one("#slide-scroll", Pages)
        assert scroll.region.height == room.slide_rows
        assert scroll.region.width == room.columns
        assert app.controller.live.current == "welcome"
        await until(pilot, lambda: scroll.shown is not None and scroll.shown[0] == scroll.source)
        assert len(scroll.lines) == height  # the picture on screen is as tall as measured
