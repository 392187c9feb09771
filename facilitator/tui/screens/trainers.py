"""Who the workshop's trainers are in the programme: one field per role, one for the
session on stage; ``W`` opens it (the lead and the clerk), before or during the course."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label

from facilitator.tui.screens.dialogs import _Dialog
from facilitator.tui.text import plain


def _names(value: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in value.split(",") if n.strip())


class TrainersDialog(_Dialog):
    """The trainers given to each role of the programme, and to the session on stage."""

    FIRST = "#trainer-0"

    def __init__(
        self,
        programme: str,
        roles: tuple[str, ...],
        session: tuple[str, str],
        given: dict[str, tuple[str, ...]],
        lang: str = "en",
    ) -> None:
        super().__init__(lang)
        self.programme = programme
        self.keys = (*roles, session[0])
        self.labels = (*roles, self.say("trainers_session", title=session[1]))
        self.given = given

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = plain(self.say("trainers_title", programme=self.programme))
            yield Label(self.say("trainers_hint"))
            with VerticalScroll(id="trainer-fields"):
                for i, (key, label) in enumerate(zip(self.keys, self.labels, strict=True)):
                    yield Label(plain(label))
                    yield Input(", ".join(self.given.get(key, ())), id=f"trainer-{i}")
            yield from self.buttons()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        found = {
            key: _names(self.query_one(f"#trainer-{i}", Input).value)
            for i, key in enumerate(self.keys)
        }
        self.dismiss({k: v for k, v in found.items() if v})
