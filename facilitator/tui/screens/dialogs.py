"""Modal dialogs: capture a note, decision or action; take attendance; confirm; help."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Markdown, SelectionList, TextArea

from facilitator.course.model import Participant
from facilitator.i18n import say
from facilitator.minutes.mdsafe import escape_cell
from facilitator.tui import actions
from facilitator.tui.actions import bindings, help_table
from facilitator.tui.compositor import Repaints
from facilitator.tui.text import plain


@dataclass
class NoteResult:
    kind: str
    text: str
    restricted: bool = False


@dataclass
class ActionResult:
    text: str
    owner: str
    due: str


class Modal(Repaints, ModalScreen):
    """A modal that speaks the workshop's language, footer included.

    ``FIRST`` names the widget that takes the keys. It is focused as the modal
    mounts, not later through the message queue: the key right behind the one
    that opened the modal must find it focused (see ``FacilitatorApp.on_event``).
    """

    CSS_PATH = "dialogs.tcss"
    FIRST: str | None = None
    ACTIONS: tuple[actions.Action, ...] = ()

    def __init__(self, lang: str = "en") -> None:
        super().__init__()
        self.lang = lang

    @classmethod
    def speaking(cls, lang: str) -> type[Modal]:
        """The dialog with its keys' words in ``lang``."""
        return actions.speaking(cls, cls.ACTIONS, lang)

    def say(self, key: str, /, **values: object) -> str:
        return say(self.lang, key, **values)

    def on_mount(self) -> None:
        if self.FIRST is not None:
            self.set_focus(self.query_one(self.FIRST))


class _Dialog(Modal):
    """A modal with Save and Cancel; what was typed survives a cancel as a draft."""

    ACTIONS = actions.SAVE
    BINDINGS = bindings(ACTIONS, "en")
    keep_draft: Callable[[object], None] | None = None
    SAVE_WORD = "button_save"
    """The words of the button that does what the dialog is for."""

    def draft_value(self) -> object:
        """What was typed so far, handed to ``keep_draft`` on cancel."""
        return None

    def buttons(self) -> ComposeResult:
        with Horizontal(classes="dialog-buttons"):
            yield Button(self.say(self.SAVE_WORD), variant="primary", id="save")
            yield Button(self.say("button_cancel"), id="cancel")

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
    """A note or a decision for the current session; ctrl+r keeps it among the trainers."""

    FIRST = "#note-text"
    ACTIONS = actions.NOTE
    BINDINGS = bindings(ACTIONS, "en")

    def __init__(self, kind: str, session_title: str, draft: str = "", lang: str = "en") -> None:
        super().__init__(lang)
        self.kind = kind
        self.session_title = session_title
        self.draft = draft

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = plain(self.say(f"dialog_{self.kind}", title=self.session_title))
            yield TextArea(self.draft, id="note-text", soft_wrap=True)
            yield Checkbox(self.say("restricted_box"), id="note-restricted")
            yield Label("", id="dialog-error")
            yield from self.buttons()

    @property
    def text(self) -> str:
        return self.query_one("#note-text", TextArea).text

    @property
    def restricted(self) -> bool:
        return self.query_one("#note-restricted", Checkbox).value

    def action_restricted(self) -> None:
        self.query_one("#note-restricted", Checkbox).toggle()

    def draft_value(self) -> object:
        return self.text

    def action_save(self) -> None:
        if not self.text.strip():
            self.query_one("#dialog-error", Label).update(self.say("text_empty"))
            return
        self.dismiss(NoteResult(self.kind, self.text, self.restricted))


class ActionDialog(_Dialog):
    """An action item: what, who, by when."""

    FIRST = "#action-text"

    def __init__(
        self,
        session_title: str,
        owners: list[str],
        draft: ActionResult | None = None,
        lang: str = "en",
    ) -> None:
        super().__init__(lang)
        self.session_title = session_title
        self.owners = owners
        self.draft = draft or ActionResult("", "", "")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = plain(self.say("dialog_action", title=self.session_title))
            yield Label(self.say("action_what"))
            yield Input(self.draft.text, placeholder=self.say("action_what_hint"), id="action-text")
            yield Label(self.say("action_owner"))
            yield Input(
                self.draft.owner, placeholder=self.say("action_owner_hint"), id="action-owner"
            )
            yield Label(self.say("action_due"))
            yield Input(self.draft.due, placeholder=self.say("action_due_hint"), id="action-due")
            yield Label("", id="dialog-error")
            yield from self.buttons()

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
            error.update(self.say("action_missing"))
            self.query_one("#action-text", Input).focus()
            return
        if result.due:
            try:
                date.fromisoformat(result.due)
            except ValueError:
                error.update(plain(self.say("action_due_bad", due=repr(result.due))))
                self.query_one("#action-due", Input).focus()
                return
        self.dismiss(result)


class AttendanceDialog(_Dialog):
    """Tick who is present at this session."""

    FIRST = "#attendance-list"

    def __init__(
        self,
        session_title: str,
        roster: tuple[Participant, ...],
        present: dict[str, bool],
        lang: str = "en",
    ) -> None:
        super().__init__(lang)
        self.session_title = session_title
        self.roster = roster
        self.present = present

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = plain(self.say("dialog_attendance", title=self.session_title))
            if not self.roster:
                yield Label(self.say("no_roster"))
            yield SelectionList[str](
                *(
                    (
                        plain(f"{p.name} · {p.agency} · {p.country}"),
                        p.name,
                        self.present.get(p.name, False),
                    )
                    for p in self.roster
                ),
                id="attendance-list",
            )
            yield Label(self.say("attendance_hint"), id="attendance-hint")
            yield from self.buttons()

    ACTIONS = actions.ATTENDANCE
    BINDINGS = bindings(ACTIONS, "en")

    def action_all(self) -> None:
        self.query_one(SelectionList).select_all()

    def action_save(self) -> None:
        chosen = set(self.query_one(SelectionList).selected)
        self.dismiss({p.name: p.name in chosen for p in self.roster})


class GroupsDialog(_Dialog):
    """Name the groups of the diagnostic rounds, one per line."""

    FIRST = "#groups-text"

    def __init__(self, names: list[str], current: list[str], lang: str = "en") -> None:
        super().__init__(lang)
        self.names = names
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = self.say("dialog_groups")
            yield Label(self.say("groups_hint"))
            yield Label(plain("→ " + ", ".join(self.current)), id="groups-current")
            yield TextArea("\n".join(self.names), id="groups-text")
            yield Label("", id="dialog-error")
            yield from self.buttons()

    def show_error(self, names: str) -> None:
        self.query_one("#dialog-error", Label).update(plain(self.say("groups_kept", names=names)))

    def action_save(self) -> None:
        self.dismiss(self.query_one("#groups-text", TextArea).text.splitlines())


class ConfirmDialog(Modal):
    """A yes/no question; y (o for oui in French) and n work as well as the buttons."""

    FIRST = "#no"

    ACTIONS = actions.CONFIRM
    BINDINGS = bindings(ACTIONS, "en")

    def __init__(self, question: str, lang: str = "en") -> None:
        super().__init__(lang)
        self.question = question

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        for known in self.ACTIONS:
            if known.action == action:
                return actions.speaks(known, self.lang)
        return True

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-small"):
            yield Label(plain(self.question))
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.say("button_yes"), variant="error", id="yes")
                yield Button(self.say("button_no"), variant="primary", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    def action_yes(self) -> None:
        self.dismiss(True)

    action_oui = action_yes  # the same answer; only the key and who sees it differ


class HelpScreen(Modal):
    """The keys, in the workshop's language."""

    ACTIONS = actions.HELP
    BINDINGS = bindings(ACTIONS, "en")

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog dialog-help") as box:
            box.border_title = self.say("help_title")
            yield Markdown(help_text(self.lang))

    def action_close(self) -> None:
        self.dismiss(None)


def help_text(lang: str) -> str:
    """The keys, as Markdown tables built from the registry of actions."""

    def rows(pairs: list[tuple[str, str]]) -> list[str]:
        head = [f"| {say(lang, 'help_key')} | {say(lang, 'help_does')} |", "| --- | --- |"]
        return head + [f"| {escape_cell(k)} | {escape_cell(v)} |" for k, v in pairs]

    main = [*help_table(lang, actions.MAIN), ("ctrl+p", say(lang, "help_palette"))]
    main.append((actions.KEY_NAMES.get(lang, {}).get("tab", "tab"), say(lang, "help_tab")))
    parts = [f"# {say(lang, 'help_keys')}", "", *rows(main), "", f"## {say(lang, 'help_dialogs')}"]
    parts += ["", *rows(help_table(lang, (*actions.FORM, *actions.DIALOGS))), ""]
    parts.append(say(lang, "help_saved"))
    return "\n".join(parts) + "\n"
