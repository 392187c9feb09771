"""A session's slides (Markdown) with speaker notes, or a card for sessions without slides."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from facilitator.control.stage import SlideModel
from facilitator.tui.text import plain
from facilitator.tui.widgets.pages import Pages


class Caption(Widget):
    """One line of plain text, cut with an ellipsis where it is too long. A Label laid
    its text out again at every slide key (0.3-0.6 ms of the frame); this one makes one
    strip when its text, its width or the theme changes."""

    DEFAULT_CSS = """
    Caption { height: 1; width: 100%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = ""
        self._strip: tuple[tuple[str, int, str], Strip] | None = None

    @property
    def text(self) -> str:
        """What the line says."""
        return self._text

    def update(self, text: str | Text) -> None:
        text = text.plain if isinstance(text, Text) else text
        if text != self._text:
            self._text = text
            self.refresh()

    def notify_style_update(self) -> None:
        self._strip = None  # its colours changed (a class, the theme)
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y:
            return Strip.blank(width, self.rich_style)
        key = (self._text, width, self.app.theme)
        if self._strip is None or self._strip[0] != key:
            style = self.rich_style
            line = self._text
            if cell_len(line) > width:
                line = set_cell_size(line, max(width - 1, 0)) + "…" if width else ""
            blank = RichStyle(bgcolor=style.bgcolor)  # as a Label pads: no text, no colour
            strip = Strip([Segment(line, style)]).adjust_cell_length(width, blank)
            self._strip = (key, strip)
        return self._strip[1]


class SlideView(Vertical):
    """Slide N of M; the notes panel is hidden in presentation mode.

    The slide, its notes and its caption change together, in one frame, once the
    pictures of both texts are developed (at once for a slide seen before)."""

    model: reactive[SlideModel | None] = reactive(None, repaint=False)

    _notes_title: str | None = None

    def compose(self) -> ComposeResult:
        yield Caption(id="slide-caption")
        yield Pages("", id="slide-scroll")
        yield Pages("", id="slide-notes")

    def watch_model(self, model: SlideModel | None) -> None:
        if model is not None:
            self._show(model)

    def _again(self) -> None:
        if self.model is not None:
            self._show(self.model)

    def _show(self, model: SlideModel) -> None:
        """Only what changed: a picture shown again repaints the rows that differ."""
        body = self.query_one("#slide-scroll", Pages)
        notes = self.query_one("#slide-notes", Pages)
        self.set_class(model.card, "-card")
        ready = body.ready(model.body, self._again)
        if not (notes.ready(model.notes, self._again) and ready):
            return  # the old slide stays until the new one can be shown whole
        if self._notes_title != model.notes_title:  # a border title set is a repaint
            self._notes_title = model.notes_title
            notes.border_title = plain(model.notes_title)
        self.query_one("#slide-caption", Caption).update(plain(model.caption))
        body.update(model.body, model.nearby)
        notes.update(model.notes, model.nearby_notes)
