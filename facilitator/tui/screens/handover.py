"""Passing the lead: the dialog that picks who gets it, and the keys that give and take it.

:class:`LeadKeys` is part of the workshop screen: ``h`` (the lead) hands the
lead to a terminal that follows, by default the one of the next session's
trainer; ``T`` (a follower) asks the lead for it, or takes it when there is
no live lead (a lead gone, or one that has stopped answering). What the
lead is, as this terminal sees it, is on the seat (``Seat.lead``), so the
banner and the status line say it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Label

from facilitator.control.controller import Controller
from facilitator.control.rota import LeadView
from facilitator.control.view import Seat, next_trainers
from facilitator.store.seats import Message, Peer
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


class LeadKeys:
    """The workshop screen's keys for passing the lead (mixed into MainScreen, which has
    the ``seat``, the ``controller``, ``say`` and ``open``)."""

    seat: Seat
    controller: Controller

    def show_lead(self, view: LeadView) -> None:
        """The lead as the watcher sees it now."""
        if view != self.seat.lead:
            self.seat = replace(self.seat, lead=view)

    def start_leading(self) -> None:
        """This terminal leads from now on: its screen is the lead's."""
        self.seat = Seat(
            unsaved=self.seat.unsaved, lead=LeadView("me", self.controller.store.author.name)
        )

    async def action_hand_over(self) -> None:
        """h: hand the lead to a terminal that follows (by default the next trainer's)."""
        app = self.app
        rota = app.rota
        if rota is None or not rota.leading:
            self.notify(self.say("give_not_holding"), severity="warning")
            return
        peers = rota.peers()
        if not peers:
            self.notify(self.say("give_nobody"), severity="warning", timeout=10)
            return
        names = next_trainers(self.controller)
        default = next((p.seat for p in peers if p.name in names), None)

        def chosen(peer: Peer | None) -> None:
            if peer is not None:
                app.hand_over(peer.seat, peer.name)

        lang = self.controller.lang
        dialog = GiveDialog.speaking(lang)(peers, default, lang)
        dialog.decide = chosen
        await self.open(dialog)

    def action_take_lead(self) -> None:
        """T: ask the live lead for the lead, or take it when nobody leads."""
        app = self.app
        rota = app.rota
        if rota is None:
            return
        view = rota.view()
        if view.state in ("gone", "none"):
            app.take_lead("taken")
        elif view.state == "live":
            asked = rota.ask()
            self.notify(self.say("lead_asked", name=asked or view.name), title=self.say("lead"))
        elif view.state == "passing":
            self.notify(
                self.say("lead_passing_now", name=view.name, to=view.to), severity="warning"
            )
        elif view.state == "silent":  # stopped, or its screen hangs: taken from it
            app.take_lead("taken", steal=True)

    async def asked_for_lead(self, message: Message) -> None:
        """Another terminal asks for the lead: give it, or keep it."""
        app = self.app

        def answer(yes: bool | None) -> None:
            if not app.rota or not app.rota.leading:
                return
            if yes:
                app.hand_over(message.seat, message.name)
            else:
                app.rota.decline(message)

        lang = self.controller.lang
        dialog = AskDialog.speaking(lang)(self.say("lead_asks", name=message.name), lang)
        dialog.decide = answer
        await self.open(dialog)
