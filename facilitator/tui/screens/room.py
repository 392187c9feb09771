"""The room in a terminal (`follow --role room`): what the participants see, full width.

The slide (never its notes), the question of a diagnostic round (never the
weaknesses, solutions or answers), the timer in large digits and what comes
next; no agenda, no footer, no toasts. A message from the lead or the clerk shows
above it; a blackout blanks it all. It draws the room's view model
(:mod:`facilitator.control.room`), the same the web room shows, and the app's own
timer value.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive, var
from textual.screen import Screen
from textual.widgets import Label

from facilitator.control.controller import Controller
from facilitator.control.room import RoomModel, room_model
from facilitator.control.view import TimerModel, timer_view
from facilitator.tui.actions import ROOM, bindings, speaking
from facilitator.tui.compositor import Repaints
from facilitator.tui.text import plain
from facilitator.tui.widgets.pages import Pages
from facilitator.tui.widgets.timer import TimerView


class RoomScreen(Repaints, Screen):
    """The projector's terminal: it follows the lead and shows nothing the trainers keep."""

    CSS_PATH = "room.tcss"
    BINDINGS = bindings(ROOM, "en")
    room: reactive[RoomModel | None] = var(None)
    timer: reactive[TimerModel | None] = var(None)

    def __init__(self, controller: Controller, warn_seconds: int, following: bool = True) -> None:
        super().__init__()
        self.controller = controller
        self.warn_seconds = warn_seconds

    @classmethod
    def speaking(cls, lang: str) -> type[RoomScreen]:
        return speaking(cls, ROOM, lang)

    def compose(self) -> ComposeResult:
        yield Label("", id="room-message")
        with Horizontal(id="room-head"):
            yield Label("", id="room-title")
            yield Label("", id="room-caption")
        with VerticalScroll(id="room-stage", can_focus=False):
            yield Pages("", id="room-body")
            yield Label("", id="room-question")
        with Horizontal(id="room-foot"):
            yield TimerView(id="room-timer").data_bind(model=RoomScreen.timer)
            yield Label("", id="room-next")

    def on_mount(self) -> None:
        self.add_class("-presentation")  # the app shows no toast of new records here
        self.refresh_view()

    # what the app calls on every screen it runs

    def refresh_view(self) -> None:
        c = self.controller
        schedule = c.schedule()  # once for both: a schedule is most of what a model costs
        self.room = room_model(c, self.warn_seconds, schedule=schedule)
        self.timer = timer_view(c, schedule, self.warn_seconds)

    def tick(self) -> None:
        self.refresh_view()

    def report_unsaved(self, n: int) -> None:
        """The room records nothing."""

    def start_following(self) -> None:
        """The room always follows."""

    def action_quit(self) -> None:
        """q: the room records nothing, so it has nothing to keep: it ends at once."""
        self.app.exit()

    def watch_room(self, old: RoomModel | None, model: RoomModel | None) -> None:
        if model is None:
            return
        for name in ("title", "caption", "next", "message"):  # a label updated is laid out again
            if old is None or getattr(old, name) != getattr(model, name):
                self.query_one(f"#room-{name}", Label).update(plain(getattr(model, name)))
        self.set_class(bool(model.message), "-message")
        self.set_class(model.blackout, "-blackout")
        markdown = model.view in ("slide", "card")
        self.set_class(markdown, "-markdown")
        self.set_class(model.view == "card", "-card")
        if markdown and (old is None or old.body != model.body):
            self.query_one("#room-body", Pages).update(model.body)  # a slide seen: no parse
            self.query_one("#room-stage", VerticalScroll).scroll_home(animate=False)
        if not markdown:
            lines = [model.body] if model.view == "question" else list(model.questions)
            numbered = lines if len(lines) == 1 else [f"{n}. {q}" for n, q in enumerate(lines, 1)]
            numbered += [f"{group}: {words}" for group, words in model.answers]
            self.query_one("#room-question", Label).update(plain("\n\n".join(numbered)))
