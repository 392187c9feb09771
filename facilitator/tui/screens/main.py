"""The workshop screen: status bar, timer, agenda, and the session on stage.

The screen keeps what this terminal is doing (its :class:`Seat`) and one value
per part of the screen, all reactive attributes; the widgets are bound to them
and redraw when, and only when, their value changes. What each part shows is
worked out in :mod:`facilitator.control.view`, not here.

Over 400 lines: one short handler for each key of the registry of actions
(:mod:`facilitator.tui.actions`), kept together so that what a key does is
found in one place.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive, var
from textual.screen import ModalScreen, Screen
from textual.widgets import ContentSwitcher, Label

from facilitator.control.controller import Controller
from facilitator.control.forms import QuestionForm, SummaryForm, group_label
from facilitator.control.stage import RecordsModel, SlideModel
from facilitator.control.view import (
    AgendaModel,
    BannerModel,
    Seat,
    StatusModel,
    TimerModel,
    answer_group,
    leads,
    question_index,
    screen_model,
    slide_index,
    slide_only,
    stage_session,
)
from facilitator.course.model import Kind, Session
from facilitator.i18n import say
from facilitator.live.schedule import Status
from facilitator.tui.actions import (
    BY_NAME,
    EARLY,
    EARLY_KEYS,
    MAIN,
    allowed,
    bindings,
    speaking,
)
from facilitator.tui.commands import WorkshopCommands
from facilitator.tui.compositor import Repaints
from facilitator.tui.screens.keysets import LeadKeys, ReplanKeys, TrainerKeys
from facilitator.tui.text import plain
from facilitator.tui.widgets.agenda import AgendaView
from facilitator.tui.widgets.choices import GroupBar
from facilitator.tui.widgets.footer import KeysFooter
from facilitator.tui.widgets.records import RecordsView
from facilitator.tui.widgets.slides import SlideView
from facilitator.tui.widgets.statusbar import StatusBar
from facilitator.tui.widgets.timer import TimerView

if TYPE_CHECKING:  # the dialogs and the diagnostic form are imported when first opened
    from facilitator.tui.screens.dialogs import ActionResult, NoteResult
    from facilitator.tui.widgets.diagnostic import DiagnosticView


_SCROLLS = {
    "scroll_left": "allow_horizontal_scroll",
    "scroll_right": "allow_horizontal_scroll",
    "scroll_up": "allow_vertical_scroll",
    "scroll_down": "allow_vertical_scroll",
}
"""A container's scroll actions, and what they need: without it Textual skips them."""


class Banner(Label):
    """One line above the body: browsing, following, or records not saved."""

    model: reactive[BannerModel | None] = reactive(None)

    def watch_model(self, model: BannerModel | None) -> None:
        if model is not None:
            self.update(plain(model.text))


class MainScreen(ReplanKeys, LeadKeys, TrainerKeys, Repaints, Screen):
    """Everything a trainer needs during a session, on one screen."""

    CSS_PATH = "main.tcss"
    COMMANDS = {WorkshopCommands}
    BINDINGS = bindings(MAIN, "en")

    seat: reactive[Seat] = var(Seat, init=False)
    status: reactive[StatusModel | None] = var(None)
    timer: reactive[TimerModel | None] = var(None)
    banner: reactive[BannerModel | None] = var(None)
    agenda: reactive[AgendaModel | None] = var(None)
    slide: reactive[SlideModel | None] = var(None)
    form: reactive[QuestionForm | SummaryForm | None] = var(None)
    records: reactive[RecordsModel | None] = var(None)
    stage: reactive[str] = var("slides")
    """Which of slides, diagnostic or records is on stage."""

    def __init__(
        self, controller: Controller, warn_seconds: int = 300, following: bool = False
    ) -> None:
        super().__init__()
        self.controller = controller
        self.warn_seconds = warn_seconds
        self.set_reactive(MainScreen.seat, Seat(following=following))
        self.drafts: dict[str, Any] = {}
        self.session: Session = controller.focus_session()
        """The session on stage."""
        self._current_seen: str | None = controller.live.current
        """The session running when the screen was last worked out."""
        self._steady: tuple[float, float, tuple[object, ...]] = (0.0, 0.0, ())
        """When the screen was last worked out, until when the clock alone changes nothing
        on it, and what it was worked out from (see :meth:`tick`)."""
        self._resumed = False
        self._view_due = False
        """The whole screen is to be worked out again once the slide's frame is drawn."""

    @classmethod
    def speaking(cls, lang: str) -> type[MainScreen]:
        """The screen with its keys' words in ``lang``."""
        return speaking(cls, MAIN, lang)

    def say(self, key: str, /, **values: object) -> str:
        """The words for ``key`` in the workshop's language."""
        return say(self.controller.lang, key, **values)

    # -- building --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status").data_bind(model=MainScreen.status)
        yield Banner("", id="banner").data_bind(model=MainScreen.banner)
        with Horizontal(id="body"):
            with Vertical(id="side"):
                yield TimerView(id="timer").data_bind(model=MainScreen.timer)
                yield AgendaView(id="agenda").data_bind(model=MainScreen.agenda)
            with ContentSwitcher(initial="slides", id="stage"):
                yield SlideView(id="slides").data_bind(model=MainScreen.slide)
                yield RecordsView(id="records").data_bind(model=MainScreen.records)
        yield KeysFooter()

    def _mount_diagnostic(self) -> None:
        """Mount the diagnostic form on first use, hidden until switched to (a third of the
        screen's widgets, which a slide or a break never shows)."""
        switcher = self.query_one(ContentSwitcher)
        if any(child.id == "diagnostic" for child in switcher.children):
            return
        from facilitator.tui.widgets.diagnostic import DiagnosticView

        with self._context():  # bound to this screen, whoever called
            view = DiagnosticView(id="diagnostic").data_bind(model=MainScreen.form)
        view.display = False
        switcher.mount(view, before="#records")  # where it always stood

    def on_mount(self) -> None:
        self.query_one(AgendaView).focus()
        self.refresh_view()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first time, Textual would style every widget again, as after a dialog: they
        were styled as they were mounted, a moment ago (a third of the CSS work at start)."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    # -- state -------------------------------------------------------------------------------

    @property
    def lead(self) -> bool:
        """This terminal moves the agenda."""
        return leads(self.controller, self.seat)

    @property
    def following(self) -> bool:
        return self.seat.following

    @property
    def unsaved(self) -> int:
        return self.seat.unsaved

    def report_unsaved(self, n: int) -> None:
        """How many records typed here the workshop file does not hold yet."""
        if n != self.seat.unsaved:
            self.seat = replace(self.seat, unsaved=n)

    def start_following(self) -> None:
        """This terminal no longer leads: it follows the lead, wherever that is."""
        self.seat = Seat(following=True, unsaved=self.seat.unsaved)

    def view_session(self) -> Session:
        return stage_session(self.controller, self.seat)

    # -- drawing ---------------------------------------------------------------------------

    def watch_seat(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        """Work out every part of the screen again; the parts that did not change stay."""
        self._current_seen = self.controller.live.current
        model = screen_model(self.controller, self.seat, self.warn_seconds)
        # a form or the records show this terminal's own typing too: worked out every tick
        until = model.steady_until if isinstance(model.stage, SlideModel) else model.now
        self._steady = (model.now, until, self._inputs())
        self.session = model.session
        self.status = model.status
        self.timer = model.timer
        self.banner = model.banner
        self.agenda = model.agenda
        if isinstance(model.stage, SlideModel):
            self.slide, self.stage = model.stage, "slides"
        elif isinstance(model.stage, RecordsModel):
            self.records, self.stage = model.stage, "records"
        else:
            self._mount_diagnostic()
            self.form, self.stage = model.stage, "diagnostic"

    def tick(self) -> None:
        """Once a second: the clock, the timer and any agenda time that moved. Nothing to
        work out while the clock alone changes nothing on the screen (no timer runs, the
        minute has not turned; :func:`~facilitator.control.view.steady_until`) and
        nothing it is made from changed since (the file read, the course, the seat)."""
        since, until, inputs = self._steady
        now = self.controller.clock()
        if since <= now < until and all(map(operator.is_, inputs, self._inputs())):
            return
        self.refresh_view()

    def _inputs(self) -> tuple[object, ...]:
        """What the screen is worked out from, besides the clock."""
        c = self.controller
        return (c.snapshot, c.workshop, c.live, c.programme, c.catalog, c.lang, c.role, self.seat)

    def watch_stage(self, stage: str) -> None:
        self.query_one(ContentSwitcher).current = stage

    def watch_banner(self, model: BannerModel | None) -> None:
        kind = model.kind if model else ""
        banner = self.query_one("#banner")  # its own classes: see main.tcss
        for name in ("unsaved", "browsing", "following", "nolead", "cue"):
            banner.set_class(kind == name, f"-{name}")

    # -- permissions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """What this terminal may do, as the registry of actions says (its role, whether
        it follows the lead). An early binding is for the screen only while the focus
        has no binding of its own for the key (see :attr:`Action.early`)."""
        if action in EARLY_KEYS:
            if self._focus_binds(EARLY_KEYS[action]):
                return False
            action = action.removesuffix(EARLY)
        known = BY_NAME.get(action)
        if known is None:
            return True
        return allowed(known, self.lead, self.controller.can_record, self.following)

    def _focus_binds(self, keys: frozenset[str]) -> bool:
        """The focused widget, or a container between it and this screen, would take one
        of ``keys`` itself (a text field its arrows). A container's scroll binding counts
        only where it can scroll that way: Textual skips it otherwise."""
        node = self.focused
        while node is not None and node is not self:
            bound = node._bindings.key_to_bindings
            for key in keys.intersection(bound):
                for binding in bound[key]:
                    name = binding.action.split("(", 1)[0]
                    can = _SCROLLS.get(name)
                    if can is not None and not getattr(node, can):
                        continue
                    if node.check_action(name, ()) is not False:
                        return True
            node = node.parent
        return False

    def action_slide_early(self, offset: int) -> None:
        """The slide key, taken early (see :attr:`Action.early`)."""
        self.action_slide(offset)

    def run_action(self, action: str) -> None:
        """Run a named action (from the command palette) if this role may."""
        name = action.split("(", 1)[0]
        if self.check_action(name, ()) is False:
            self.notify(self.say("only_lead"), severity="warning")
            return
        self.run_worker(self.run_action_async(action), exclusive=False)

    async def run_action_async(self, action: str) -> None:
        await super().run_action(action)

    # -- agenda actions ----------------------------------------------------------------------

    def _after_change(self) -> None:
        was = self._current_seen
        if self.lead and self.controller.finished_post_test(was):
            self.call_after_refresh(self.action_results)  # the end of the post-test
        if self.seat.day is not None:
            self.seat = replace(self.seat, day=None)
        else:
            self.refresh_view()

    def action_toggle(self) -> None:
        did = self.controller.toggle()
        if did == "nothing left to run":
            self.notify(self.say("all_held"), title=self.say("agenda"))
        self._after_change()

    def action_next_session(self) -> None:
        if self.controller.step(1) is None:
            self.notify(self.say("last_session"), severity="warning")
        self._after_change()

    def action_previous_session(self) -> None:
        if self.controller.step(-1) is None:
            self.notify(self.say("first_session"), severity="warning")
        self._after_change()

    def action_extend(self, minutes: int) -> None:
        self.controller.extend(minutes)
        title = self.view_session().title.get(self.controller.lang)
        self.notify(self.say("extended", minutes=f"{minutes:+d}", title=title))
        self._after_change()

    def action_end_session(self) -> None:
        current = self.controller.current()
        if current is not None:
            self.controller.end()
            self.notify(self.say("ended", title=current.title.get(self.controller.lang)))
        self._after_change()

    def action_skip_next(self) -> None:
        sid = self.controller.schedule().days and self._next_id()
        if sid:
            self.controller.skip(sid)
            title = self.controller.programme.session(sid).title.get(self.controller.lang)
            self.notify(self.say("skipped", title=title))
        self._after_change()

    def _next_id(self) -> str | None:
        for slot in self.controller.schedule().slots():
            if slot.status is Status.NEXT:
                return slot.session.id
        return None

    def jump_to(self, sid: str) -> None:
        """Palette and agenda: the lead goes there; a follower browses there."""
        if self.lead:
            self.controller.goto(sid)
            self._after_change()
        else:
            self.seat = replace(self.seat.browse(sid), day=None)

    @on(AgendaView.Picked)
    def _picked(self, event: AgendaView.Picked) -> None:
        self.jump_to(event.session_id)

    # -- slides and questions -------------------------------------------------------------------

    def action_slide(self, offset: int) -> None:
        session = self.view_session()
        if session.kind is Kind.DIAGNOSTIC and session.question_ids:
            self._save_form()
            index = question_index(self.controller, self.seat, session) + offset
            if self.lead:
                self.controller.show_question(session, index)
            else:
                index = max(0, min(index, len(session.question_ids)))
                self.seat = self.seat.browse(session.id, question=index)
                return
        elif session.module is not None:
            index = slide_index(self.controller, self.seat, session) + offset
            if self.lead:
                self.controller.turn(session, offset)  # the next step, or the next slide
                self._slide_first()
                return
            else:
                count = len(session.module.slides_in(self.controller.lang))
                self.seat = self.seat.browse(session.id, slide=max(0, min(index, count - 1)))
                return
        self.refresh_view()

    def _slide_first(self) -> None:
        """After a slide key: the slide in this frame, the rest of the screen (which the
        key did not change) worked out again just after it, not before."""
        quick = slide_only(self.controller, self.seat) if self.stage == "slides" else None
        if quick is None:
            self.refresh_view()
            return
        self.slide = quick
        self.draw_now(self.query_one(SlideView).children)  # the slide's frame: at once
        if not self._view_due:  # keys faster than frames: one screen worked out for all
            self._view_due = True
            self.call_after_refresh(self._view_after)

    def _compositor_refresh(self) -> None:
        """A frame to the terminal; then a write that waited for it goes (see
        :meth:`~facilitator.control.writer.Writer.submit`, ``after_frame``)."""
        super()._compositor_refresh()
        writer = self.controller.writer
        if writer is not None:
            writer.drawn()

    def _view_after(self) -> None:
        self._view_due = False
        if self.is_attached:
            self.refresh_view()

    def on_diagnostic_view_edited(self, event: DiagnosticView.Edited) -> None:
        self.controller.edit_answer(event.key, event.field, event.value)
        if event.field == "answer":
            self.refresh_view()  # the groups bar marks who has answered

    def on_diagnostic_view_left(self, event: DiagnosticView.Left) -> None:
        self.controller.save_answer(event.key)

    @on(GroupBar.Chosen)
    def _group_chosen(self, event: GroupBar.Chosen) -> None:
        self.choose_group(event.group)

    def choose_group(self, group: str) -> None:
        """Record answers for ``group`` from now on (what was typed for the last one is saved)."""
        self._save_form()
        self.seat = replace(self.seat, group=group)

    def action_next_group(self, offset: int = 1) -> None:
        names = [g.name for g in self.controller.groups()]
        here = names.index(answer_group(self.controller, self.seat))
        self.choose_group(names[(here + offset) % len(names)])

    def _save_form(self) -> None:
        views = self.query("DiagnosticView")
        form = views.first().form if views else None
        if isinstance(form, QuestionForm):
            self.controller.save_answer(form.key)

    # -- view ---------------------------------------------------------------------------------

    def action_toggle_records(self) -> None:
        self.seat = replace(self.seat, records=not self.seat.records)

    def action_scroll_stage(self, lines: int) -> None:
        """Scroll a slide (or the form) taller than the screen; nothing there takes the focus."""
        target = "#diag-form" if self.stage == "diagnostic" else "#slide-scroll"
        self.query_one(target).scroll_relative(y=lines * 3, animate=False)

    def action_toggle_notes(self) -> None:
        self.toggle_class("-notes-hidden")

    def action_toggle_presentation(self) -> None:
        """Only what the room may see: the slide or question, and the timer.

        Nothing hidden keeps the focus, so no key goes into a field nobody sees.
        """
        self.toggle_class("-presentation")
        if self.has_class("-presentation"):
            self.set_focus(None)
        else:
            self.query_one(AgendaView).focus()

    def action_day(self, offset: int) -> None:
        here = self.seat.day or self.controller.schedule().slot(self.view_session().id).day.number
        day = max(1, min(here + offset, len(self.controller.programme.days)))
        self.seat = replace(self.seat, day=day)

    def action_focus_agenda(self) -> None:
        self.query_one(AgendaView).focus()

    def action_toggle_follow(self) -> None:
        """A following terminal: browse freely, or follow the lead again."""
        if self.seat.browsing:
            self.seat = self.seat.follow_again()
        else:
            self.seat = replace(self.seat, browsing=True)

    async def open(
        self, modal: ModalScreen[Any], then: Callable[[Any], None] | None = None
    ) -> None:
        """Push ``modal`` and wait until it is mounted and focused.

        Awaiting here holds the app's key queue: keys typed (or arriving in one
        burst over SSH) right after the key that opened a dialog go into the
        dialog's field instead of being dropped on a screen with no focus.
        """
        await self.app.push_screen(modal, then)

    async def action_help(self) -> None:
        from facilitator.tui.screens.dialogs import HelpScreen

        await self.open(HelpScreen.speaking(self.controller.lang)(self.controller.lang))

    # -- records ------------------------------------------------------------------------------

    async def action_note(self, kind: str) -> None:
        from facilitator.tui.screens.dialogs import NoteDialog

        session = self.view_session()
        key = f"{kind}:{session.id}"

        def saved(result: NoteResult | None) -> None:
            if result is None:
                return
            if self.controller.add_note(session.id, result.text, result.kind, result.restricted):
                self.drafts.pop(key, None)
                self.notify(self.say(f"saved_{result.kind}"))

        lang = self.controller.lang
        dialog = NoteDialog.speaking(lang)(
            kind, session.title.get(lang), self.drafts.get(key, ""), lang
        )
        dialog.keep_draft = lambda value: self.drafts.__setitem__(key, value)
        await self.open(dialog, saved)

    async def action_action_item(self) -> None:
        from facilitator.tui.screens.dialogs import ActionDialog

        session = self.view_session()
        key = f"action:{session.id}"

        def saved(result: ActionResult | None) -> None:
            if result is None:
                return
            if self.controller.add_action(session.id, result.text, result.owner, result.due):
                self.drafts.pop(key, None)
                self.notify(self.say("saved_action"))

        owners = sorted({p.agency for p in self.controller.workshop.roster if p.agency})
        lang = self.controller.lang
        dialog = ActionDialog.speaking(lang)(
            session.title.get(lang), owners, self.drafts.get(key), lang
        )
        dialog.keep_draft = lambda value: self.drafts.__setitem__(key, value)
        await self.open(dialog, saved)

    async def action_attendance(self) -> None:
        from facilitator.tui.screens.dialogs import AttendanceDialog

        session = self.view_session()
        c = self.controller

        def saved(present: dict[str, bool] | None) -> None:
            if present is not None:
                c.set_attendance(session.id, present)
                n, m = sum(present.values()), len(present)
                self.notify(self.say("saved_attendance", n=n, m=m))

        await self.open(
            AttendanceDialog.speaking(c.lang)(
                session.title.get(c.lang), c.workshop.roster, c.attendance_for(session.id), c.lang
            ),
            saved,
        )

    async def action_groups(self) -> None:
        from facilitator.tui.screens.dialogs import GroupsDialog

        c = self.controller
        explicit = [g.name for g in c.workshop.groups]
        current = [group_label(c.lang, g.name) for g in c.groups()]
        dialog = GroupsDialog.speaking(c.lang)(explicit, current, c.lang)

        def saved(names: list[str] | None) -> None:
            if names is None:
                return
            try:
                c.set_groups(names)
            except ValueError as exc:
                self.notify(self.say("groups_kept", names=str(exc)), severity="error", timeout=10)
                return
            shown = ", ".join(n.strip() for n in names if n.strip()) or "—"
            self.notify(self.say("saved_groups", names=shown))

        await self.open(dialog, saved)

    async def action_enter_scores(self) -> None:
        c = self.controller
        if c.assessment is None:
            self.notify(self.say("scores_none"))
            return
        from facilitator.tui.screens.scores import ScoresScreen  # on first use: start-up

        await self.open(ScoresScreen.speaking(c.lang)(c, c.test_for(self.view_session().id)))

    async def action_results(self) -> None:
        from facilitator.tui.screens.scores import ResultsScreen  # on first use: start-up

        await self.open(ResultsScreen.speaking(self.controller.lang)(self.controller))

    def action_export_session(self) -> None:
        self.app.export(self.view_session().id)  # type: ignore[attr-defined]

    def action_export_workshop(self) -> None:
        self.app.export(None)  # type: ignore[attr-defined]

    async def action_quit(self) -> None:
        from facilitator.tui.screens.dialogs import ConfirmDialog

        if self.unsaved:

            def anyway(yes: bool | None) -> None:
                if yes:
                    self.app.exit()

            path = self.controller.rescue_path()
            question = self.say("quit_unsaved", n=self.unsaved, path=path)
            await self.open(
                ConfirmDialog.speaking(self.controller.lang)(question, self.controller.lang), anyway
            )
        elif self.lead and self.controller.live.running:

            def answer(yes: bool | None) -> None:
                if yes:
                    self.app.exit()

            await self.open(
                ConfirmDialog.speaking(self.controller.lang)(
                    self.say("quit_running"), self.controller.lang
                ),
                answer,
            )
        else:
            self.app.exit()

    # -- the room's screen ----------------------------------------------------------------

    def action_blackout(self) -> None:
        """Blank the room's screen (facilitator room, follow --role room), or show it again."""
        blank = not self.controller.live.blackout
        self.controller.blackout(blank)
        self.notify(self.say("room_blank" if blank else "room_shown"))

    async def action_room_message(self) -> None:
        def saved(text: str | None) -> None:
            if text is None:
                return
            shown = self.controller.room_message(text)
            words = self.say("room_message_shown", text=shown) if shown else None
            self.notify(words or self.say("room_message_cleared"))

        await self.open_line("room_message_title", self.controller.live.message, saved)

    def action_reveal(self) -> None:
        """Show the room the groups' answers to the question on screen, or hide them."""
        session = self.view_session()
        if session.kind is not Kind.DIAGNOSTIC or not session.question_ids:
            return
        index = question_index(self.controller, self.seat, session)
        if index < len(session.question_ids):
            shown = index in self.controller.live.run(session.id).revealed
            self.controller.reveal(session, index, not shown)
            self.notify(self.say("room_hidden" if shown else "room_revealed"))

    async def action_cue(self) -> None:
        """The lead dismisses the team's line; anyone else sends the lead one."""
        if self.lead:
            if self.controller.live.cue:
                self.controller.cue("")
                self.refresh_view()
            return

        def sent(text: str | None) -> None:
            if text:
                self.notify(self.say("cue_sent", text=self.controller.cue(text)))
                self.refresh_view()

        await self.open_line("cue_title", "", sent)

    async def open_line(self, title: str, text: str, then: Callable[[str | None], None]) -> None:
        """A one-line dialog titled with the words for ``title``, starting with ``text``."""
        from facilitator.tui.screens.room_message import LineDialog

        lang = self.controller.lang
        await self.open(LineDialog.speaking(lang)(self.say(title), text, lang), then)
