"""A session's slides (Markdown) with speaker notes, or a card for sessions without slides."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Label

from facilitator.control.stage import SlideModel
from facilitator.tui.text import plain
from facilitator.tui.widgets.pages import Pages


class SlideView(Vertical):
    """Slide N of M; the notes panel is hidden in presentation mode."""

    model: reactive[SlideModel | None] = reactive(None, repaint=False)

    def compose(self) -> ComposeResult:
        yield Label("", id="slide-caption")
        with VerticalScroll(id="slide-scroll", can_focus=False):
            yield Pages("", id="slide-body")
        with VerticalScroll(id="slide-notes", can_focus=False):
            yield Pages("", id="slide-notes-body")

    def watch_model(self, old: SlideModel | None, model: SlideModel | None) -> None:
        """Only what changed: a Markdown document whose text is the same is left alone."""
        if model is None:
            return
        self.query_one("#slide-notes").border_title = plain(model.notes_title)
        self.query_one("#slide-caption", Label).update(plain(model.caption))
        if old is None or old.body != model.body:
            self.query_one("#slide-body", Pages).update(model.body)
            self.query_one("#slide-scroll").scroll_home(animate=False)
        if old is None or old.notes != model.notes:
            self.query_one("#slide-notes-body", Pages).update(model.notes)
        self.set_class(model.card, "-card")
