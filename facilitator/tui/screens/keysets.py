"""The workshop screen's keys that open a dialog of their own: passing the lead
(``h``, ``T``), re-planning the day (``P``, ``m``) and naming the trainers (``W``).

Mixed into :class:`~facilitator.tui.screens.main.MainScreen`. Each dialog is in
its module (:mod:`.handover`, :mod:`.replan`, :mod:`.trainers`) and imported when
its key is first pressed: a dialog class costs its module, Textual's widgets and
its own styles to make, and the first frame needs none of them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from facilitator.control.controller import Controller
from facilitator.control.replanning import carry_to
from facilitator.control.rota import LeadView
from facilitator.control.view import Seat, next_trainers
from facilitator.course.model import Session
from facilitator.i18n import say
from facilitator.tui.widgets.agenda import AgendaView

if TYPE_CHECKING:
    from facilitator.live.replan import Change
    from facilitator.store.seats import Message, Peer


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

        from facilitator.tui.screens.handover import GiveDialog

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

        from facilitator.tui.screens.handover import AskDialog

        lang = self.controller.lang
        dialog = AskDialog.speaking(lang)(self.say("lead_asks", name=message.name), lang)
        dialog.decide = answer
        await self.open(dialog)


class ReplanKeys:
    """The workshop screen's keys for re-planning: ``P`` proposes a
    plan for the day in the agenda, ``m`` carries the session picked there to a later day.
    Mixed into :class:`~facilitator.tui.screens.main.MainScreen`."""

    controller: Controller
    """(And the screen's seat, notify, open, query_one, view_session, _after_change.)"""

    async def action_plan(self) -> None:
        c = self.controller
        day = self.seat.day or c.schedule().today().day.number
        proposal = c.proposal(day)
        if proposal is None:
            self.notify(say(c.lang, "plan_none", n=day))
            return
        if not proposal.changes:
            self.notify(say(c.lang, "plan_nothing", n=proposal.over), severity="warning")
            return

        def done(changes: tuple[Change, ...] | None) -> None:
            if not changes:
                self.notify(say(c.lang, "plan_ignored"))
                return
            c.accept(changes)
            self.notify(say(c.lang, "plan_accepted", n=len(changes)))
            self._after_change()

        from facilitator.tui.screens.replan import PlanDialog

        dialog = PlanDialog.speaking(c.lang)(c, day, proposal.changes, c.lang)
        await self.open(dialog, done)

    def action_move_session(self) -> None:
        c = self.controller
        sid = self._agenda_pick()
        title = c.programme.session(sid).title.get(c.lang)
        to = carry_to(c, sid)
        if to is None:
            self.notify(say(c.lang, "move_none", title=title), severity="warning")
            return
        c.move(sid, to)
        self.notify(say(c.lang, "moved_note", title=title, n=to))
        self._after_change()

    def _agenda_pick(self) -> str:
        """The session highlighted in the agenda, else the one on stage."""
        agenda = self.query_one(AgendaView)
        index = agenda.highlighted
        if index is not None and 0 <= index < agenda.option_count:
            option_id = agenda.get_option_at_index(index).id
            if option_id:
                return option_id
        return self.view_session().id


class TrainerKeys:
    """``W`` on the workshop screen (mixed into MainScreen): who the trainers are."""

    controller: Controller

    def view_session(self) -> Session:  # pragma: no cover - MainScreen's
        raise NotImplementedError

    async def action_trainers(self) -> None:
        c = self.controller
        session = self.view_session()
        lang = c.lang

        def saved(given: dict[str, tuple[str, ...]] | None) -> None:
            if given is not None:
                c.set_trainers(given)
                self.notify(self.say("saved_trainers"))

        from facilitator.tui.screens.trainers import TrainersDialog

        dialog = TrainersDialog.speaking(lang)(
            c.programme.title.get(lang),
            c.programme.roles(),
            (session.id, session.title.get(lang)),
            dict(c.workshop.assignments),
            lang,
        )
        await self.open(dialog, saved)
