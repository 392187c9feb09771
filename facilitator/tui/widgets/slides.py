"""A session's slides (Markdown) with speaker notes, or a card for sessions without slides."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Label

from facilitator.control.stage import SlideModel
from facilitator.tui.text import plain
from facilitator.tui.widgets.pages import Pages


class SlideView(Vertical):
    """Slide N of M; the notes panel is hidden in presentation mode.

    The slide, its notes and its caption change together, in one frame, once the
    pictures of both texts are developed (at once for a slide seen before)."""

    model: reactive[SlideModel | None] = reactive(None, repaint=False)

    _notes_title: str | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="slide-caption")
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
        caption = self.query_one("#slide-caption", Label)
        text = plain(model.caption)
        if caption.content != text:
            caption.update(text, layout=False)  # one row, the full width
        body.update(model.body, model.nearby)
        notes.update(model.notes, model.nearby_notes)
