"""What is removed from the screen is painted over on the terminal.

Textual builds the map of where widgets are lazily, and a map built between a widget's
removal and the next layout hid the removal from that layout: the cells stayed as they
were on a real terminal (toasts that had gone stayed over the status line for half a
minute after a hand-over). Pilot's screenshots draw the whole screen afresh and never
show it, so these tests look at the updates the app sends to the terminal."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Container
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Static

from facilitator.tui.compositor import Repaints


class Plain(Screen):
    def compose(self) -> ComposeResult:
        with Container(id="rack"):
            yield Static("gone soon", id="ghost")
        yield Static("\n".join(f"line {n}" for n in range(20)), id="body")


class Repainting(Repaints, Plain):
    pass


class Overlay(App):
    CSS = """
    Screen { layers: base top; }
    #rack { layer: top; dock: bottom; height: auto; width: 1fr; align: right bottom; }
    #ghost { width: 12; height: 3; }
    """

    def __init__(self, screen: type[Screen]) -> None:
        super().__init__()
        self.first = screen
        self.painted: set[int] = set()

    def get_default_screen(self) -> Screen:
        return self.first()

    def _display(self, screen: Screen, update) -> None:
        spans = getattr(update, "spans", None)
        if spans is not None:
            self.painted |= {y for y, _, _ in spans}
        elif update is not None:
            self.painted |= set(range(self.size.height))
        super()._display(screen, update)


async def _rows_painted_after_removal(screen: type[Screen]) -> tuple[set[int], set[int]]:
    app = Overlay(screen)
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        ghost = app.query_one("#ghost")
        rows = set(range(ghost.region.y, ghost.region.bottom))
        # the map out of date, as after a scroll or a widget mounted out of sight
        app.screen._compositor._full_map_invalidated = True
        app.painted.clear()
        await ghost.remove()
        assert app.query_one("#body").region  # a widget's place asked before the layout
        await pilot.pause()
        await pilot.pause()
        return rows, app.painted


async def test_a_widget_removed_is_painted_over_though_the_map_was_built_again_meanwhile() -> None:
    rows, painted = await _rows_painted_after_removal(Repainting)
    assert rows == {17, 18, 19}
    assert rows <= painted


async def test_textual_alone_leaves_it_on_the_terminal() -> None:
    """The repair is needed (when Textual mends this, this test says so)."""
    rows, painted = await _rows_painted_after_removal(Plain)
    assert not rows & painted


class Sides(Screen):
    def compose(self) -> ComposeResult:
        yield Static("a status line", id="top")
        with Container(id="row"):
            yield Static("\n".join(f"left {n}" for n in range(10)), id="left")
            yield Static("\n".join(f"right {n}" for n in range(10)), id="right")
        yield Static("a footer", id="bottom")


class RepaintingSides(Repaints, Sides):
    pass


class Split(App):
    CSS = """
    #top, #bottom { height: 1; }
    #row { layout: horizontal; height: 1fr; }
    #left, #right { width: 1fr; height: 1fr; }
    """

    def __init__(self, screen: type[Screen]) -> None:
        super().__init__()
        self.first = screen
        self.rendered: list[str] = []
        self.updates: list = []

    def get_default_screen(self) -> Screen:
        return self.first()

    def _display(self, screen: Screen, update) -> None:
        self.updates.append(update)
        super()._display(screen, update)


async def _one_side_changed(screen: type[Screen]):
    from textual.widget import Widget

    app = Split(screen)
    async with app.run_test(size=(40, 14)) as pilot:
        await pilot.pause()
        render_lines = Widget.render_lines

        def counted(widget, crop):
            app.rendered.append(widget.id or type(widget).__name__)
            return render_lines(widget, crop)

        app.updates.clear()
        Widget.render_lines = counted  # type: ignore[method-assign]
        try:
            app.query_one("#right", Static).update("\n".join(f"RIGHT {n}" for n in range(10)))
            await pilot.pause()
            await pilot.pause()
        finally:
            Widget.render_lines = render_lines  # type: ignore[method-assign]
        whole = app.screen._compositor.render_strips()  # the screen drawn afresh
        return app.rendered, app.updates, whole


async def test_a_partial_update_renders_only_the_widgets_it_can_show() -> None:
    rendered, updates, whole = await _one_side_changed(RepaintingSides)
    assert "right" in rendered
    assert not {"top", "left", "bottom"} & set(rendered)
    painted = 0
    for update in updates:  # what the terminal was sent is what the whole screen holds
        for y, x1, x2 in update.spans:
            cuts = update.chops[y]
            line = Strip.join([cuts[cut] for cut in sorted(cuts) if cuts[cut] is not None])
            start = min(cut for cut in cuts if cuts[cut] is not None)
            sent = line.crop(x1 - start, x2 - start + 1).text
            assert sent == whole[y].crop(x1, x2 + 1).text, y
            painted += 1
    assert painted >= 10


async def test_textual_alone_renders_every_widget_beside_the_change() -> None:
    """Why the compositor's renders are left out (when Textual mends it, this says so)."""
    rendered, _, _ = await _one_side_changed(Sides)
    assert {"top", "left", "bottom"} <= set(rendered)


async def test_the_caption_draws_its_line_as_a_label_would() -> None:
    """The slide's caption is a one-line widget of its own, for speed: the same cells as
    a Label with its styles, at any width (cut with an ellipsis, or padded)."""
    from textual.widgets import Label

    from facilitator.tui.widgets.slides import Caption

    class Both(App):
        CSS = """
        Label, Caption { text-wrap: nowrap; text-overflow: ellipsis; width: 100%;
                         background: $boost; color: $text-muted; padding: 0 1; }
        """

        def compose(self) -> ComposeResult:
            yield Label("", id="label")
            yield Caption(id="caption")

    def cells(strip: Strip) -> list:
        return [(s.text, s.style and s.style.clear_meta_and_links()) for s in strip]

    app = Both()
    async with app.run_test(size=(40, 4)) as pilot:
        for text in ("Evidence · slide 3 of 5", "É" * 50, "a " * 19, "", "x" * 38):
            app.query_one(Label).update(text)
            app.query_one(Caption).update(text)
            await pilot.pause()
            label, caption = app.screen._compositor.render_strips()[:2]
            assert caption.text == label.text, text
            assert cells(caption) == cells(label), text  # the colours too (not mouse data)


async def test_a_repaint_drawn_now_reaches_the_terminal_in_the_call_and_once() -> None:
    app = Split(RepaintingSides)
    async with app.run_test(size=(40, 14)) as pilot:
        await pilot.pause()
        app.updates.clear()
        right = app.query_one("#right", Static)
        right.update("\n".join(f"NOW {n}" for n in range(10)), layout=False)
        assert app.screen.draw_now([right])
        assert len(app.updates) == 1  # sent before the call returned
        sent = {y for y, _, _ in app.updates[0].spans}
        assert sent == set(range(right.region.y, right.region.bottom))
        await pilot.pause()
        await pilot.pause()
        assert len(app.updates) == 1  # not drawn a second time by Textual's own way
        whole = app.screen._compositor.render_strips()
        assert "NOW 0" in whole[right.region.y].text
        # a widget to be laid out again is left to Textual
        right.update("x", layout=True)
        assert not app.screen.draw_now([right])
        await pilot.pause()
        assert "x" in app.screen._compositor.render_strips()[right.region.y].text
