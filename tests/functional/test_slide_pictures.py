"""Slides drawn from pictures: Textual's Markdown lays a text out once, off screen; a
slide shown again mounts nothing, lays nothing out and repaints only the rows that
changed, and the picture is what the Markdown widget paints, cell for cell."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.geometry import Region
from textual.widgets import Markdown

from facilitator.tui.app import FacilitatorApp
from facilitator.tui.widgets.pages import Darkroom, Pages
from tests.helpers import screen_text, settle, until

TABLE_AND_CODE = """## A table and a code block

| when | from, to | purpose |
| --- | --- | --- |
| 12/3 11:55 | Diallo to Mensah | transport |
| 12/3 14:10 | Mensah to the laboratory | analysis, **sealed** |

```python
def seal(exhibit):
    return exhibit.number  # S-004521
```

> A quote, with *italic* and `code`.

1. first
2. second, long enough to wrap at the width of sixty cells, or nearly
"""


async def test_a_slide_shown_again_mounts_lays_out_and_develops_nothing(
    app_factory, monkeypatch
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        body = app.screen.query_one("#slide-scroll", Pages)
        for key in ("space", "right", "left"):  # the welcome's two slides, both seen
            await pilot.press(key)
            await settle(pilot)
        room = Darkroom.of(body)
        await until(pilot, lambda: room.idle and "slide 1 of 2" in screen_text(app))
        developed, widgets = room.developed, len(app.screen.query("*"))
        before = body.lines
        layouts: list[object] = []
        painted: list[Region] = []
        refresh_layout, refresh = app.screen._refresh_layout, body.refresh
        monkeypatch.setattr(app.screen, "_refresh_layout", lambda *a, **k: layouts.append(a))
        monkeypatch.setattr(body, "refresh", lambda *r, **k: painted.extend(r) or refresh(*r, **k))
        await pilot.press("right")
        await settle(pilot)
        await until(pilot, lambda: "slide 2 of 2" in screen_text(app))
        assert "How we work" in screen_text(app)
        assert room.developed == developed  # no picture made again
        assert len(app.screen.query("*")) == widgets and not app.screen.query(Markdown)
        assert layouts == []  # nothing laid out: a paint
        after = body.lines
        differ = {
            y for y in range(max(len(before), len(after))) if before[y : y + 1] != after[y : y + 1]
        }
        assert differ and {y for r in painted for y in range(r.y, r.bottom)} == differ
        monkeypatch.setattr(app.screen, "_refresh_layout", refresh_layout)


class _Side(App[None]):
    """A Markdown widget as the app would show it, beside a picture of the same text."""

    CSS_PATH = FacilitatorApp.CSS_PATH
    CSS = """
    #plain { width: 60; height: auto; }
    #picture { width: 60; height: 40; padding: 0; }
    Screen { layout: horizontal; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(id="plain"):
            yield Markdown(TABLE_AND_CODE)
        yield Pages(TABLE_AND_CODE, id="picture")


async def test_a_picture_is_what_textuals_markdown_paints_a_table_and_code_too() -> None:
    app = _Side()
    async with app.run_test(size=(130, 40)) as pilot:
        picture = app.screen.query_one("#picture", Pages)
        await until(pilot, lambda: picture.shown is not None)
        await pilot.pause()
        plain = app.screen.query_one(Markdown)
        strips = app.screen._compositor.render_strips()
        height = plain.outer_size.height
        assert len(picture.lines) == height > 10
        for y in range(height):
            left = strips[y].crop(0, 60).simplify().discard_meta()
            right = strips[y].crop(60, 120).simplify().discard_meta()
            assert left.text == right.text and left == right, y
        shown = "\n".join(strip.text for strip in picture.lines)
        assert "Diallo to Mensah" in shown and "def seal(exhibit):" in shown


async def test_another_theme_or_width_is_a_picture_of_its_own(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        body = app.screen.query_one("#slide-scroll", Pages)
        await until(pilot, lambda: body.shown is not None)
        assert body.shown is not None
        dark, width = body.lines, body.shown[1]
        app.theme = "textual-light"
        await until(pilot, lambda: body.shown is not None and body.shown[2] == "textual-light")
        assert body.lines != dark and body.shown[1] == width
        await pilot.resize_terminal(100, 30)
        await until(pilot, lambda: body.shown is not None and body.shown[1] < width)
        assert body.shown[0] == body.source and body.lines[0].cell_length == body.shown[1]
        assert "Welcome" in screen_text(app)


async def test_a_page_removed_while_its_picture_develops_is_left_alone(app_factory) -> None:
    """Quitting (or a screen going) while a slide is being developed: the picture is kept,
    nothing is shown on the page that went, and no worker fails (the app would raise)."""
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        body = app.screen.query_one("#slide-scroll", Pages)
        room = Darkroom.of(body)
        body.update(TABLE_AND_CODE)
        assert not room.idle  # being developed
        await body.remove()
        await until(pilot, lambda: room.idle)
        assert room.developed >= 1
