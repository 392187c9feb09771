"""The workshop screen: status bar, timer, agenda, and the session on stage."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widgets import ContentSwitcher, Footer, Label

from facilitator.controller import Controller
from facilitator.forms import QuestionForm, group_label, question_form
from facilitator.i18n import role, say
from facilitator.mdsafe import escape_line
from facilitator.model import Kind, Session
from facilitator.schedule import Schedule, Status
from facilitator.tui.commands import WorkshopCommands
from facilitator.tui.localise import localise_bindings
from facilitator.tui.screens.dialogs import (
    ActionDialog,
    ActionResult,
    AttendanceDialog,
    ConfirmDialog,
    GroupsDialog,
    HelpScreen,
    NoteDialog,
    NoteResult,
)
from facilitator.tui.widgets.agenda import AgendaView
from facilitator.tui.widgets.choices import GroupBar
from facilitator.tui.widgets.diagnostic import DiagnosticView
from facilitator.tui.widgets.records import RecordsView
from facilitator.tui.widgets.slides import SlideView
from facilitator.tui.widgets.statusbar import StatusBar
from facilitator.tui.widgets.timer import TimerView

LEAD_ACTIONS = {"toggle", "next_session", "previous_session", "extend", "end_session", "skip_next"}
RECORD_ACTIONS = {"note", "action_item", "attendance", "groups"}


class MainScreen(Screen):
    """Everything a trainer needs during a session, on one screen."""

    unsaved: reactive[int] = reactive(0, init=False)
    """Records typed here that the workshop file does not hold yet (a failed write)."""

    CSS_PATH = "main.tcss"
    COMMANDS = {WorkshopCommands}
    BINDINGS = [
        Binding("space", "toggle", "Start/Pause", id="timer.toggle"),
        Binding("n", "next_session", "Next", id="agenda.next"),
        Binding("b", "previous_session", "Back", id="agenda.back"),
        Binding("plus,equals_sign", "extend(5)", "+5 min", id="timer.extend", key_display="+"),
        Binding("minus", "extend(-5)", "-5 min", id="timer.shorten", show=False),
        Binding("x", "end_session", "End", id="agenda.end", show=False),
        Binding("k", "skip_next", "Skip next", id="agenda.skip", show=False),
        Binding("right", "slide(1)", "Next slide", id="slide.next", show=False),
        Binding("left", "slide(-1)", "Prev slide", id="slide.prev", show=False),
        Binding("pagedown", "slide(1)", "Next", id="slide.pagedown", show=False, priority=True),
        Binding("pageup", "slide(-1)", "Prev", id="slide.pageup", show=False, priority=True),
        Binding("shift+down", "scroll_stage(1)", "Scroll down", id="view.scroll_down", show=False),
        Binding("shift+up", "scroll_stage(-1)", "Scroll up", id="view.scroll_up", show=False),
        Binding("s", "toggle_notes", "Notes", id="view.notes"),
        Binding("p", "toggle_presentation", "Present", id="view.presentation"),
        Binding("less_than_sign", "day(-1)", "Prev day", id="agenda.prev_day", show=False),
        Binding("greater_than_sign", "day(1)", "Next day", id="agenda.next_day", show=False),
        Binding("o", "note('note')", "Note", id="record.note"),
        Binding("d", "note('decision')", "Decision", id="record.decision", show=False),
        Binding("a", "action_item", "Action", id="record.action"),
        Binding("t", "attendance", "Attendance", id="record.attendance", show=False),
        Binding("g", "next_group", "Next group", id="diag.group", show=False),
        Binding("G", "groups", "Groups", id="diag.groups", show=False),
        Binding("r", "toggle_records", "Records", id="view.records"),
        Binding("e", "export_session", "Export", id="export.session", show=False),
        Binding("E", "export_workshop", "Export all", id="export.workshop", show=False),
        Binding("f", "toggle_follow", "Follow", id="view.follow", show=False),
        Binding("escape", "focus_agenda", "Agenda", id="view.agenda", show=False),
        Binding("question_mark,f1", "help", "Help", id="app.help", key_display="?"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(
        self, controller: Controller, warn_seconds: int = 300, follow: bool = False
    ) -> None:
        super().__init__()
        self.controller = controller
        self.warn_seconds = warn_seconds
        self.follow_mode = follow
        self.browsing = False
        self.browse_session: str | None = None
        self.browse_slides: dict[str, int] = {}
        self.browse_questions: dict[str, int] = {}
        self.shown_day: int | None = None
        self.group: str | None = None
        self.drafts: dict[str, Any] = {}
        self.show_records = False
        localise_bindings(self, controller.lang)

    def say(self, key: str, /, **values: object) -> str:
        """The words for ``key`` in the workshop's language."""
        return say(self.controller.lang, key, **values)

    # -- building --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield Label("", id="banner")
        with Horizontal(id="body"):
            with Vertical(id="side"):
                yield TimerView(self.warn_seconds, id="timer")
                yield AgendaView(id="agenda")
            with ContentSwitcher(initial="slides", id="stage"):
                yield SlideView(id="slides")
                yield DiagnosticView(id="diagnostic")
                yield RecordsView(id="records")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(AgendaView).focus()
        self.refresh_all()

    # -- what is on stage ------------------------------------------------------------------

    @property
    def lead(self) -> bool:
        return self.controller.can_lead and not self.follow_mode

    def view_session(self) -> Session:
        if self.browsing and self.browse_session:
            return self.controller.programme.session(self.browse_session)
        return self.controller.focus_session()

    def view_slide(self, session: Session) -> int:
        if self.browsing:
            return self.browse_slides.get(session.id, self.controller.slide_index(session))
        return self.controller.slide_index(session)

    def view_question(self, session: Session) -> int:
        if self.browsing:
            return self.browse_questions.get(session.id, self.controller.question_index(session))
        return self.controller.question_index(session)

    def answer_group(self) -> str:
        """The group this terminal is recording answers for (the first, until one is picked)."""
        names = [g.name for g in self.controller.groups()]
        if self.group not in names:
            self.group = names[0]
        return self.group

    # -- drawing ---------------------------------------------------------------------------

    def refresh_all(self) -> None:
        """Redraw from the controller's state; each widget skips what did not change."""
        c = self.controller
        schedule = c.schedule()
        session = self.view_session()
        self._draw_status(schedule)
        self._draw_timer(schedule)
        self._draw_banner()
        day = self.shown_day or c.programme.day_of(session.id).number
        self.query_one(AgendaView).show_day(schedule, day, c.lang, session.id)
        stage = self.query_one(ContentSwitcher)
        if self.show_records:
            stage.current = "records"
            self._draw_records(session)
        elif session.kind is Kind.DIAGNOSTIC and session.question_ids:
            stage.current = "diagnostic"
            self._draw_form(session)
        else:
            stage.current = "slides"
            self.query_one(SlideView).show(
                session, self.view_slide(session), c.lang, self._card(schedule, session)
            )

    def _draw_form(self, session: Session) -> None:
        form = question_form(
            self.controller, session, self.view_question(session), self.answer_group()
        )
        self.query_one(DiagnosticView).show(form)

    def tick(self) -> None:
        """Once a second: the clock, the timer and any agenda time that moved."""
        schedule = self.controller.schedule()
        self._draw_status(schedule)
        self._draw_timer(schedule)
        session = self.view_session()
        day = self.shown_day or self.controller.programme.day_of(session.id).number
        self.query_one(AgendaView).show_day(schedule, day, self.controller.lang, session.id)
        if session.module is None and session.kind is not Kind.DIAGNOSTIC:
            card = self._card(schedule, session)
            self.query_one(SlideView).show(session, 0, self.controller.lang, card)

    def _draw_records(self, session: Session) -> None:
        c = self.controller
        notes = [n for n in c.snapshot.notes if n.get("session") == session.id]
        actions = [a for a in c.snapshot.actions if a.get("session") == session.id]
        present = sum(c.attendance_for(session.id).values())
        self.query_one(RecordsView).show(
            session.title.get(c.lang),
            notes,
            actions,
            present,
            len(c.workshop.roster),
            c.workshop.timezone,
            c.lang,
        )

    def _draw_status(self, schedule: Schedule) -> None:
        c = self.controller
        today = schedule.today()
        title = f"{c.workshop.name} · {c.programme.id} · " + say(
            c.lang, "day_of", n=today.day.number, m=len(c.programme.days)
        )
        seat = c.role if c.role in ("lead", "clerk") else "follower"
        if self.follow_mode and seat == "lead":
            seat = "follower"
        mode = say(c.lang, f"mode_{seat}")
        clock = schedule.local(schedule.now).strftime("%H:%M:%S")
        late = today.delay >= 60
        early = today.delay <= -60
        status = schedule.status_line(c.lang)
        self.query_one(StatusBar).show(title, clock, status, late, early, mode)

    def _draw_timer(self, schedule: Schedule) -> None:
        c = self.controller
        timer = self.query_one(TimerView)
        current = c.current()
        if current is None:
            nxt = c.focus_session()
            slot = schedule.slot(nxt.id)
            start = schedule.hhmm(slot.projected_start)
            label = say(c.lang, "next_at", title=nxt.title.get(c.lang), time=start)
            timer.border_title = say(c.lang, "ready")
            timer.show(None, label, False)
            return
        slot = schedule.slot(current.id)
        running = c.live.running
        state = "running" if running else ("paused" if slot.actual_start else "ready_space")
        if slot.remaining < 0:
            state = "over" if running else "over_paused"
        timer.border_title = say(c.lang, state)
        timer.show(slot.remaining, current.title.get(c.lang), running)

    def watch_unsaved(self) -> None:
        self._draw_banner()

    def _draw_banner(self) -> None:
        banner = self.query_one("#banner", Label)
        self.set_class(bool(self.unsaved), "-unsaved")
        if self.unsaved:
            banner.update(self.say("unsaved", n=self.unsaved))
            return
        if self.browsing:
            banner.update(self.say("browsing"))
        elif self.follow_mode:
            banner.update(
                self.say("following", role=role(self.controller.lang, self.controller.role))
            )
        self.set_class(self.browsing, "-browsing")
        self.set_class(self.follow_mode and not self.browsing, "-following")

    def _card(self, schedule: Schedule, session: Session) -> str:
        lang = self.controller.lang
        slot = schedule.slot(session.id)
        lines = [f"# {escape_line(session.title.get(lang))}", ""]
        if session.kind is Kind.BREAK and slot.status is Status.CURRENT and slot.overrun >= 60:
            lines.append(f"**{say(lang, 'over_by', n=int(slot.overrun // 60))}**")
        elif session.kind is Kind.BREAK:
            lines.append(f"**{say(lang, 'back_at', time=schedule.hhmm(slot.projected_end))}**")
        else:
            planned = say(
                lang,
                "planned",
                kind=say(lang, f"kind_{session.kind.value}"),
                minutes=session.minutes,
                start=schedule.hhmm(slot.planned_start),
                end=schedule.hhmm(slot.planned_end),
            )
            lines.append(f"*{planned}*")
        objectives = session.objectives.get(lang)
        if objectives:
            lines += ["", f"**{say(lang, 'objectives')}**", ""]
            lines += [f"- {escape_line(o)}" for o in objectives]
        if session.trainers:
            names = ", ".join(escape_line(t) for t in session.trainers)
            lines += ["", say(lang, "trainers", names=names)]
        return "\n".join(lines)

    # -- permissions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in LEAD_ACTIONS and not self.lead:
            return False
        if action in RECORD_ACTIONS and not self.controller.can_record:
            return False
        return self.follow_mode or action != "toggle_follow"

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
        self.shown_day = None
        self.refresh_all()

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
        else:
            self.browsing = True
            self.browse_session = sid
        self._after_change()

    @on(AgendaView.Picked)
    def _picked(self, event: AgendaView.Picked) -> None:
        self.jump_to(event.session_id)

    # -- slides and questions -------------------------------------------------------------------

    def action_slide(self, offset: int) -> None:
        session = self.view_session()
        if session.kind is Kind.DIAGNOSTIC and session.question_ids:
            self._save_form()
            index = self.view_question(session) + offset
            if self.lead:
                self.controller.show_question(session, index)
            else:
                self.browsing = True
                self.browse_session = session.id
                self.browse_questions[session.id] = max(0, min(index, len(session.question_ids)))
        elif session.module is not None:
            index = self.view_slide(session) + offset
            if self.lead:
                self.controller.show_slide(session, index)
            else:
                count = len(session.module.slides_in(self.controller.lang))
                self.browsing = True
                self.browse_session = session.id
                self.browse_slides[session.id] = max(0, min(index, count - 1))
        self.refresh_all()

    @on(DiagnosticView.Edited)
    def _answer_edited(self, event: DiagnosticView.Edited) -> None:
        self.controller.edit_answer(event.key, event.field, event.value)
        if event.field == "answer":
            self._draw_form(self.view_session())

    @on(DiagnosticView.Left)
    def _answer_left(self, event: DiagnosticView.Left) -> None:
        self.controller.save_answer(event.key)

    @on(GroupBar.Chosen)
    def _group_chosen(self, event: GroupBar.Chosen) -> None:
        self.choose_group(event.group)

    def choose_group(self, group: str) -> None:
        """Record answers for ``group`` from now on (what was typed for the last one is saved)."""
        self._save_form()
        self.group = group
        self.refresh_all()

    def action_next_group(self, offset: int = 1) -> None:
        names = [g.name for g in self.controller.groups()]
        here = names.index(self.answer_group())
        self.choose_group(names[(here + offset) % len(names)])

    def _save_form(self) -> None:
        form = self.query_one(DiagnosticView).form
        if isinstance(form, QuestionForm):
            self.controller.save_answer(form.key)

    # -- view ---------------------------------------------------------------------------------

    def action_toggle_records(self) -> None:
        self.show_records = not self.show_records
        self.refresh_all()

    def action_scroll_stage(self, lines: int) -> None:
        """Scroll a slide (or the form) taller than the screen; nothing there takes the focus."""
        target = (
            "#diag-form"
            if self.query_one(ContentSwitcher).current == "diagnostic"
            else "#slide-scroll"
        )
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
        current = self.shown_day or self.controller.programme.day_of(self.view_session().id).number
        self.shown_day = max(1, min(current + offset, len(self.controller.programme.days)))
        self.refresh_all()

    def action_focus_agenda(self) -> None:
        self.query_one(AgendaView).focus()

    def action_toggle_follow(self) -> None:
        self.browsing = not self.browsing
        if not self.browsing:
            self.browse_session = None
            self.browse_slides.clear()
            self.browse_questions.clear()
            self.shown_day = None
        self.refresh_all()

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
        await self.open(HelpScreen(self.controller.lang))

    # -- records ------------------------------------------------------------------------------

    async def action_note(self, kind: str) -> None:
        session = self.view_session()
        key = f"{kind}:{session.id}"

        def saved(result: NoteResult | None) -> None:
            if result is None:
                return
            if self.controller.add_note(session.id, result.text, result.kind, result.restricted):
                self.drafts.pop(key, None)
                self.notify(self.say(f"saved_{result.kind}"))

        lang = self.controller.lang
        dialog = NoteDialog(kind, session.title.get(lang), self.drafts.get(key, ""), lang)
        dialog.keep_draft = lambda value: self.drafts.__setitem__(key, value)
        await self.open(dialog, saved)

    async def action_action_item(self) -> None:
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
        dialog = ActionDialog(session.title.get(lang), owners, self.drafts.get(key), lang)
        dialog.keep_draft = lambda value: self.drafts.__setitem__(key, value)
        await self.open(dialog, saved)

    async def action_attendance(self) -> None:
        session = self.view_session()
        c = self.controller

        def saved(present: dict[str, bool] | None) -> None:
            if present is not None:
                c.set_attendance(session.id, present)
                n, m = sum(present.values()), len(present)
                self.notify(self.say("saved_attendance", n=n, m=m))

        await self.open(
            AttendanceDialog(
                session.title.get(c.lang), c.workshop.roster, c.attendance_for(session.id), c.lang
            ),
            saved,
        )

    async def action_groups(self) -> None:
        c = self.controller
        explicit = [g.name for g in c.workshop.groups]
        current = [group_label(c.lang, g.name) for g in c.groups()]
        dialog = GroupsDialog(explicit, current, c.lang)

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

    def action_export_session(self) -> None:
        self.app.export(self.view_session().id)  # type: ignore[attr-defined]

    def action_export_workshop(self) -> None:
        self.app.export(None)  # type: ignore[attr-defined]

    async def action_quit(self) -> None:
        if self.unsaved:

            def anyway(yes: bool | None) -> None:
                if yes:
                    self.app.exit()

            path = self.controller.rescue_path()
            question = self.say("quit_unsaved", n=self.unsaved, path=path)
            await self.open(ConfirmDialog(question, self.controller.lang), anyway)
        elif self.lead and self.controller.live.running:

            def answer(yes: bool | None) -> None:
                if yes:
                    self.app.exit()

            await self.open(ConfirmDialog(self.say("quit_running"), self.controller.lang), answer)
        else:
            self.app.exit()
