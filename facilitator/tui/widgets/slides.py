"""A session's slides (Markdown) with speaker notes, or a card for sessions without slides."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Markdown

from facilitator.i18n import say
from facilitator.model import Kind, Session
from facilitator.text import plain


class SlideView(Vertical):
    """Slide N of M; the notes panel is hidden in presentation mode."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown: tuple | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="slide-caption")
        with VerticalScroll(id="slide-scroll", can_focus=False):
            yield Markdown("", id="slide-body")
        with VerticalScroll(id="slide-notes", can_focus=False) as notes:
            notes.border_title = say("en", "notes_title")
            yield Markdown("", id="slide-notes-body")

    def show(self, session: Session, index: int, lang: str, card: str = "") -> None:
        """Show slide ``index`` of ``session``, or ``card`` when it has no slides."""
        slides = session.module.slides_in(lang) if session.module else ()
        key = (session.id, index, lang, card if not slides else "")
        if key == self._shown:
            return
        self._shown = key
        self.query_one("#slide-notes").border_title = say(lang, "notes_title")
        caption = self.query_one("#slide-caption", Label)
        body = self.query_one("#slide-body", Markdown)
        notes = self.query_one("#slide-notes-body", Markdown)
        title = session.title.get(lang)
        if slides:
            index = max(0, min(index, len(slides) - 1))
            slide = slides[index]
            caption.update(plain(say(lang, "slide_of", title=title, n=index + 1, m=len(slides))))
            body.update(slide.body)
            notes.update(slide.notes or say(lang, "no_notes"))
            self.set_class(False, "-card")
        else:
            kind = (
                ""
                if session.kind is Kind.CONTENT
                else f" · {say(lang, 'kind_' + session.kind.value)}"
            )
            caption.update(plain(f"{title}{kind}"))
            body.update(card)
            notes.update("")
            self.set_class(True, "-card")
        self.query_one("#slide-scroll").scroll_home(animate=False)
