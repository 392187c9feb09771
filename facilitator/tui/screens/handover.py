"""Passing the lead: the dialog that picks who gets it, and the one that answers a request.

The keys that open them are the workshop screen's
(:class:`~facilitator.tui.screens.keysets.LeadKeys`): ``h`` (the lead) hands the
lead to a terminal that follows, by default the one of the next session's
trainer; ``T`` (a follower) asks the lead for it, or takes it when there is
no live lead (a lead gone, or one that has stopped answering). What the
lead is, as this terminal sees it, is on the seat (``Seat.lead``), so the
banner and the status line say it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Label

from facilitator.store.seats import Peer
from facilitator.tui.screens.dialogs import ConfirmDialog, _Dialog
from facilitator.tui.text import plain
from facilitator.tui.widgets.choices import ChoiceList


class Decides:
    """A dialog whose answer takes effect in the handler of the key that gave it, not
    after the dialog has gone: the keys typed right behind it (a burst) already find
    this terminal leading, or not."""

    decide: Callable[[Any], None] | None = None

    def dismiss(self, result: Any = None) -> Any:
        if self.decide is not None:
            self.decide(result)
            self.decide = None
        return super().dismiss(result)  # type: ignore[misc]


class GiveDialog(Decides, _Dialog):
    """Whom to hand the lead to: the terminals that follow, one per line."""

    SAVE_WORD = "button_give"

    FIRST = "#give-to"
    BINDINGS = [Binding("enter", "give", "Give", show=False, priority=True)]
    """Enter gives the lead to the line under the cursor there and then (through the
    list's own pick it would wait for a message, and a frame drawn in between)."""

    def __init__(self, peers: list[Peer], default: str | None, lang: str = "en") -> None:
        super().__init__(lang)
        self.peers = peers
        self.default = default

    def compose(self) -> ComposeResult:
        choices = [(p.seat, f"{p.name} ({p.role}, {p.host})") for p in self.peers]
        with Vertical(classes="dialog") as box:
            box.border_title = self.say("give_title")
            yield Label(self.say("give_hint"))
            picker = ChoiceList(choices, id="give-to")
            yield picker
            yield Label("", id="dialog-error")
            yield from self.buttons()

    def on_mount(self) -> None:
        super().on_mount()
        seats = [p.seat for p in self.peers]
        if self.default in seats:
            self.query_one(ChoiceList).cursor = seats.index(self.default)  # enter gives to it

    def on_choice_list_changed(self, event: ChoiceList.Changed) -> None:
        event.stop()
        if event.value is not None:
            self.action_save()

    def action_give(self) -> None:
        """Enter: on the list, give to the line under the cursor; on a button, press it."""
        picker = self.query_one(ChoiceList)
        if isinstance(self.focused, Button):
            self.focused.press()
            return
        if picker.choices and self.focused is picker:
            picker.set_value(picker.choices[picker.cursor][0])
        self.action_save()

    def action_save(self) -> None:
        value = self.query_one(ChoiceList).value
        if value is None:
            self.query_one("#dialog-error", Label).update(plain(self.say("give_pick")))
            return
        self.dismiss(next(p for p in self.peers if p.seat == value))


class AskDialog(Decides, ConfirmDialog):
    """Another terminal asks for the lead: yes gives it, no keeps it."""
