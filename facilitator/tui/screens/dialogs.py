"""Modal dialogs: capture a note, decision or action; take attendance; confirm; help."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Markdown, SelectionList, TextArea

from facilitator.model import Participant

SAVE_BINDINGS = [
    Binding("ctrl+s", "save", "Save", id="dialog.save"),
    Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
]


@dataclass
class NoteResult:
    kind: str
    text: str


@dataclass
class ActionResult:
    text: str
    owner: str
    due: str


class _Dialog(ModalScreen):
    """A modal with Save and Cancel; what was typed survives a cancel as a draft."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = SAVE_BINDINGS
    keep_draft: Callable[[object], None] | None = None

    def draft_value(self) -> object:
        """What was typed so far, handed to ``keep_draft`` on cancel."""
        return None

    def buttons(self) -> ComposeResult:
        with Horizontal(classes="dialog-buttons"):
            yield Button("Save (ctrl+s)", variant="primary", id="save")
            yield Button("Cancel", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def action_cancel(self) -> None:
        if self.keep_draft is not None:
            self.keep_draft(self.draft_value())
        self.dismiss(None)


class NoteDialog(_Dialog):
    """A note or a decision for the current session."""

    def __init__(self, kind: str, session_title: str, draft: str = "") -> None:
        super().__init__()
        self.kind = kind
        self.session_title = session_title
        self.draft = draft

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = f"{self.kind.capitalize()} · {self.session_title}"
            yield TextArea(self.draft, id="note-text", soft_wrap=True)
            yield Label("", id="dialog-error")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @property
    def text(self) -> str:
        return self.query_one("#note-text", TextArea).text

    def draft_value(self) -> object:
        return self.text

    def action_save(self) -> None:
        if not self.text.strip():
            self.query_one("#dialog-error", Label).update("Nothing to save: the text is empty.")
            return
        self.dismiss(NoteResult(self.kind, self.text))


class ActionDialog(_Dialog):
    """An action item: what, who, by when."""

    def __init__(
        self, session_title: str, owners: list[str], draft: ActionResult | None = None
    ) -> None:
        super().__init__()
        self.session_title = session_title
        self.owners = owners
        self.draft = draft or ActionResult("", "", "")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = f"Action item · {self.session_title}"
            yield Label("Action")
            yield Input(self.draft.text, placeholder="What will be done", id="action-text")
            yield Label("Owner")
            yield Input(self.draft.owner, placeholder="Who (agency or person)", id="action-owner")
            yield Label("Due date")
            yield Input(self.draft.due, placeholder="YYYY-MM-DD", id="action-due")
            yield Label("", id="dialog-error")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#action-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def draft_value(self) -> object:
        return self.result

    @property
    def result(self) -> ActionResult:
        return ActionResult(
            self.query_one("#action-text", Input).value,
            self.query_one("#action-owner", Input).value,
            self.query_one("#action-due", Input).value.strip(),
        )

    def action_save(self) -> None:
        result = self.result
        error = self.query_one("#dialog-error", Label)
        if not result.text.strip():
            error.update("Say what the action is.")
            self.query_one("#action-text", Input).focus()
            return
        if result.due:
            try:
                date.fromisoformat(result.due)
            except ValueError:
                error.update(f"Due date {result.due!r} is not a date written YYYY-MM-DD.")
                self.query_one("#action-due", Input).focus()
                return
        self.dismiss(result)


class AttendanceDialog(_Dialog):
    """Tick who is present at this session."""

    def __init__(
        self, session_title: str, roster: tuple[Participant, ...], present: dict[str, bool]
    ) -> None:
        super().__init__()
        self.session_title = session_title
        self.roster = roster
        self.present = present

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = f"Attendance · {self.session_title}"
            if not self.roster:
                yield Label(
                    "This workshop has no roster: give one with "
                    "`facilitator new --roster FILE.csv`."
                )
            yield SelectionList[str](
                *(
                    (
                        f"{p.name} · {p.agency} · {p.country}",
                        p.name,
                        self.present.get(p.name, False),
                    )
                    for p in self.roster
                ),
                id="attendance-list",
            )
            yield Label("space ticks · a ticks everyone", id="attendance-hint")
            yield from self.buttons()

    BINDINGS = [*SAVE_BINDINGS, Binding("a", "all", "All present", id="dialog.all")]

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_all(self) -> None:
        self.query_one(SelectionList).select_all()

    def action_save(self) -> None:
        chosen = set(self.query_one(SelectionList).selected)
        self.dismiss({p.name: p.name in chosen for p in self.roster})


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; y and n work as well as the buttons."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n", "answer(False)", "No", id="confirm.no"),
        Binding("escape", "answer(False)", "No", show=False),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-small"):
            yield Label(self.question)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Yes (y)", variant="error", id="yes")
                yield Button("No (n)", variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


HELP = """\
# Keys

| key | does |
| --- | --- |
| space | start the next session, pause, resume |
| n / b | next / back: move to the next or previous session |
| + / - | add 5 minutes / take 5 minutes off the session |
| → ← PgDn PgUp | next / previous slide or question |
| s | show or hide speaker notes |
| p | presentation mode: only the slide and the timer |
| < / > | show the previous / next day in the agenda |
| enter (agenda) | go to the highlighted session |
| o / d / a | add a note / a decision / an action item |
| t | take attendance for this session |
| r | show what has been recorded for this session |
| e / E | export this session's minutes / the whole workshop |
| f | follow the lead, or browse freely (follow mode) |
| ctrl+p | command palette: every session and every action |
| tab, esc | move between the form fields; esc returns to the agenda |
| q | quit (asks first while the timer runs) |

Everything is saved the moment it is entered: there is no save step.
"""


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog dialog-help") as box:
            box.border_title = "Help · esc or q closes"
            yield Markdown(HELP)

    def action_close(self) -> None:
        self.dismiss(None)
