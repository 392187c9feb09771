"""What each part of the screen shows, as plain values: the view model.

No Textual here. :func:`screen_model` builds, from the controller and this
terminal's :class:`Seat`, one frozen value per part of the screen. The TUI
sets them on its reactive attributes; a part whose value did not change is not
redrawn (the values compare equal).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from facilitator.clean import clip
from facilitator.control.controller import Controller
from facilitator.control.forms import QuestionForm, SummaryForm, question_form
from facilitator.control.rota import LeadView
from facilitator.control.stage import RecordsModel, SlideModel, records_view, slide_view
from facilitator.course.model import Kind, Session, Workshop
from facilitator.i18n import role, say, short_date
from facilitator.live.events import format_clock
from facilitator.live.replan import Proposal, propose
from facilitator.live.schedule import Schedule, Slot, Status


@dataclass(frozen=True, slots=True)
class Seat:
    """What this terminal is doing, apart from the workshop itself."""

    following: bool = False
    """It follows the lead (a co-trainer, the clerk): its screen moves with the lead's."""
    browsing: bool = False
    """A following terminal looking elsewhere for a while (f to follow again)."""
    session: str | None = None
    slides: tuple[tuple[str, int], ...] = ()
    questions: tuple[tuple[str, int], ...] = ()
    day: int | None = None
    """The day the agenda shows, when not the day of the session on stage."""
    group: str | None = None
    records: bool = False
    unsaved: int = 0
    lead: LeadView | None = None
    """The lead as this terminal sees it (None: not looked at yet)."""

    def slide_of(self, sid: str) -> int | None:
        return dict(self.slides).get(sid)

    def question_of(self, sid: str) -> int | None:
        return dict(self.questions).get(sid)

    def browse(self, sid: str, slide: int | None = None, question: int | None = None) -> Seat:
        """Looking at ``sid`` (at a slide or a question) without moving the lead."""
        slides, questions = dict(self.slides), dict(self.questions)
        if slide is not None:
            slides[sid] = slide
        if question is not None:
            questions[sid] = question
        return replace(
            self,
            browsing=True,
            session=sid,
            slides=tuple(slides.items()),
            questions=tuple(questions.items()),
        )

    def follow_again(self) -> Seat:
        return replace(self, browsing=False, session=None, slides=(), questions=(), day=None)

    @property
    def leaderless(self) -> bool:
        """A following terminal that sees no live lead: its screen is not moving."""
        return self.following and self.lead is not None and self.lead.state in NO_LEAD


NO_LEAD = ("gone", "none", "silent")
"""Lead states in which nobody moves the agenda."""


@dataclass(frozen=True, slots=True)
class StatusModel:
    title: str
    clock: str
    status: str
    late: bool
    early: bool
    mode: str


@dataclass(frozen=True, slots=True)
class TimerModel:
    digits: str
    label: str
    title: str
    state: str
    """``idle``, ``ok``, ``warn`` or ``over``."""
    paused: bool


@dataclass(frozen=True, slots=True)
class BannerModel:
    text: str
    kind: str
    """``""`` (no banner), ``browsing``, ``following``, ``unsaved`` or ``cue``."""


@dataclass(frozen=True, slots=True)
class AgendaRow:
    session_id: str
    status: str
    planned: str
    projected: str | None
    """The new start time, when it moved by a minute or more."""
    title: str
    over: bool
    trainers: str = ""
    """The names of its trainers, when the workshop gave any."""


@dataclass(frozen=True, slots=True)
class AgendaModel:
    day: int
    title: str
    subtitle: str
    rows: tuple[AgendaRow, ...]
    focus: str | None


Stage = SlideModel | QuestionForm | SummaryForm | RecordsModel


@dataclass(frozen=True, slots=True)
class ScreenModel:
    status: StatusModel
    timer: TimerModel
    banner: BannerModel
    agenda: AgendaModel
    stage: Stage
    session: Session = field(compare=False)
    """The session on stage."""
    now: float = field(default=0.0, compare=False)
    """The moment it shows."""
    steady_until: float = field(default=0.0, compare=False)
    """From :attr:`now` until this moment the clock alone changes nothing here (see
    :func:`steady_until`)."""


# -- what is on stage ------------------------------------------------------------------


def stage_session(controller: Controller, seat: Seat) -> Session:
    """The session on stage: the one being browsed, else the current, the next, the first."""
    if seat.browsing and seat.session:
        return controller.programme.session(seat.session)
    return controller.focus_session()


def slide_index(controller: Controller, seat: Seat, session: Session) -> int:
    shown = seat.slide_of(session.id) if seat.browsing else None
    return controller.slide_index(session) if shown is None else shown


def shown_step(controller: Controller, seat: Seat, session: Session) -> int | None:
    """How far the slide is revealed: as the lead has it; all of it when browsing."""
    return None if seat.browsing else controller.live.run(session.id).step


def question_index(controller: Controller, seat: Seat, session: Session) -> int:
    shown = seat.question_of(session.id) if seat.browsing else None
    return controller.question_index(session) if shown is None else shown


def answer_group(controller: Controller, seat: Seat) -> str:
    """The group this terminal records answers for: the one picked, else the first."""
    names = [g.name for g in controller.groups()]
    return seat.group if seat.group in names else names[0]


def leads(controller: Controller, seat: Seat) -> bool:
    """This terminal moves the agenda."""
    return controller.can_lead and not seat.following


# -- the parts ---------------------------------------------------------------------------


GRACE_SECONDS = 15 * 60
"""Before the day's first session starts, and up to this long after its planned start,
the day is not yet called late: it says when it starts."""


def status_line(schedule: Schedule, lang: str = "en", proposal: Proposal | None = None) -> str:
    """``running 12 min late; lunch now 12:42; day ends 17:12``; with a proposal,
    ``running 32 min late; P: a plan to end on time; …``."""
    today = schedule.today()
    minutes = round(today.delay / 60)
    begun = any(slot.actual_start is not None for slot in today.slots)
    if not begun and schedule.now < today.planned_start + GRACE_SECONDS:
        starts = say(lang, "day_starts", time=schedule.hhmm(today.planned_start))
        ends = say(lang, "day_ends", time=schedule.hhmm(today.projected_end))
        return say(lang, "then").join([starts, ends])
    if minutes > 0:
        parts = [say(lang, "late", n=minutes)]
    elif minutes < 0:
        parts = [say(lang, "ahead", n=-minutes)]
    else:
        parts = [say(lang, "on_time")]
    if proposal is not None:
        parts.append(plan_phrase(proposal, lang))
    brk = schedule.next_break()
    if brk is not None and minutes != 0:
        title = brk.session.title.get(lang).lower()
        parts.append(say(lang, "break_now", title=title, time=schedule.hhmm(brk.projected_start)))
    parts.append(say(lang, "day_ends", time=schedule.hhmm(today.projected_end)))
    return say(lang, "then").join(parts)


def plan_phrase(proposal: Proposal, lang: str = "en") -> str:
    """That a plan exists, and its key; or that even with it the day runs over."""
    if not proposal.changes:
        return say(lang, "status_plan_none", n=proposal.over)
    if proposal.left_over:
        return say(lang, "status_plan_over", n=proposal.left_over)
    return say(lang, "status_plan")


def status_view(controller: Controller, seat: Seat, schedule: Schedule) -> StatusModel:
    c = controller
    today = schedule.today()
    title = f"{c.workshop.name} · {c.programme.id} · " + say(
        c.lang, "day_of", n=today.day.number, m=len(c.programme.days)
    )
    mode = c.role if c.role in ("lead", "clerk") else "follower"
    if seat.following and mode == "lead":
        mode = "follower"
    words = say(c.lang, f"mode_{mode}")
    if seat.following and seat.lead is not None and seat.lead.state in ("live", "passing"):
        words += " · " + say(c.lang, "led_by", name=seat.lead.name)
    elif not seat.following and seat.lead is not None and seat.lead.state == "me":
        words += " · " + seat.lead.name  # who leads, on the projector too
    elif seat.leaderless:
        words += " · " + say(c.lang, "no_lead_short")
    status = status_line(schedule, c.lang, _proposal(controller, seat, schedule))
    room = []  # as long as it holds (a toast said so only for a few seconds)
    if c.live.blackout:
        room.append(say(c.lang, "status_room_blank"))
    if c.live.message:
        room.append(say(c.lang, "status_room_message", text=clip(c.live.message, 40)))
    return StatusModel(
        title=title,
        clock=schedule.local(schedule.now).strftime("%H:%M"),  # no seconds: no redraw a second
        status=say(c.lang, "then").join([status, *room]),
        late=today.delay >= 60,
        early=today.delay <= -60,
        mode=words,
    )


def _proposal(controller: Controller, seat: Seat, schedule: Schedule) -> Proposal | None:
    """Today's proposal, for the terminal that moves the agenda."""
    if not leads(controller, seat):
        return None
    return propose(controller.programme, schedule, schedule.today().day.number)


def timer_view(controller: Controller, schedule: Schedule, warn_seconds: int) -> TimerModel:
    c = controller
    current = c.current()
    if current is None:
        nxt = c.focus_session()
        slot = schedule.slot(nxt.id)
        start = schedule.hhmm(slot.projected_start)
        label = say(c.lang, "next_at", title=nxt.title.get(c.lang), time=start)
        return TimerModel("--:--", label, say(c.lang, "ready"), "idle", False)
    slot = schedule.slot(current.id)
    running = c.live.running
    title = "running" if running else ("paused" if slot.actual_start else "ready_space")
    if slot.remaining < 0:
        title = "over" if running else "over_paused"
    if slot.remaining < 0:
        state = "over"
    elif slot.remaining <= warn_seconds:
        state = "warn"
    else:
        state = "ok"
    return TimerModel(
        format_clock(slot.remaining),
        current.title.get(c.lang),
        say(c.lang, title),
        state,
        not running,
    )


def next_trainers(controller: Controller, schedule: Schedule | None = None) -> tuple[str, ...]:
    """The names of the trainers of the next session (none given: nobody)."""
    schedule = schedule or controller.schedule()
    for slot in schedule.slots():
        if slot.status is Status.NEXT:
            return controller.workshop.trainers_for(slot.session, placeholders=False)
    return ()


def cue(controller: Controller, seat: Seat, schedule: Schedule, warn_seconds: int) -> str:
    """A few minutes before the end of a session whose next one another trainer leads:
    the lead's screen says so, and so does that trainer's."""
    current = controller.current()
    if current is None or schedule.slot(current.id).remaining > warn_seconds:
        return ""
    names = next_trainers(controller, schedule)
    slot = next((s for s in schedule.slots() if s.status is Status.NEXT), None)
    if not names or slot is None:
        return ""
    me = controller.store.author.name
    title = slot.session.title.get(controller.lang)
    if leads(controller, seat) and me not in names:
        return say(controller.lang, "cue_lead", title=title, names=", ".join(names))
    if seat.following and me in names:
        return say(controller.lang, "cue_you", title=title)
    return ""


def lead_banner(controller: Controller, seat: Seat, schedule: Schedule) -> BannerModel | None:
    """A following terminal with no live lead says so plainly, and how to take over."""
    lead, lang = seat.lead, controller.lang
    if not seat.leaderless or lead is None:
        return None
    since = schedule.hhmm(lead.since) if lead.since else ""
    key = {"gone": "no_lead_since", "silent": "lead_silent"}.get(lead.state, "no_lead")
    return BannerModel(say(lang, key, name=lead.name, time=since), "nolead")


def banner_view(
    controller: Controller, seat: Seat, schedule: Schedule, cue_text: str = ""
) -> BannerModel:
    lang = controller.lang
    if seat.unsaved:
        return BannerModel(say(lang, "unsaved", n=seat.unsaved), "unsaved")
    lost = lead_banner(controller, seat, schedule)
    if lost is not None:
        return lost
    if controller.live.cue:  # a line from the team outranks the hand-over cue
        key = "cue_banner" if leads(controller, seat) else "cue_sent_banner"
        return BannerModel(say(lang, key, text=controller.live.cue), "cue")
    if cue_text:
        return BannerModel(cue_text, "cue")
    if seat.lead is not None and seat.lead.state == "passing" and seat.following:
        return BannerModel(
            say(lang, "lead_passing", name=seat.lead.name, to=seat.lead.to), "following"
        )
    if seat.browsing:
        return BannerModel(say(lang, "browsing"), "browsing")
    if seat.following:
        return BannerModel(say(lang, "following", role=role(lang, controller.role)), "following")
    return BannerModel("", "")


def _moved(slot: Slot) -> bool:
    return abs(slot.projected_start - slot.planned_start) >= 60 and slot.status in (
        Status.NEXT,
        Status.PENDING,
        Status.CURRENT,
    )


def _agenda_row(schedule: Schedule, slot: Slot, lang: str, workshop: Workshop) -> AgendaRow:
    title = slot.session.title.get(lang)
    trainers = ", ".join(workshop.trainers_for(slot.session, placeholders=False))
    if slot.moved_from is not None:  # no plan on this day: its time here is the projected one
        return AgendaRow(
            slot.session.id,
            slot.status.value,
            schedule.hhmm(slot.projected_start),
            None,
            say(lang, "moved_from", title=title, n=slot.moved_from),
            slot.status is Status.CURRENT and slot.overrun > 0,
            trainers,
        )
    return AgendaRow(
        slot.session.id,
        slot.status.value,
        schedule.hhmm(slot.planned_start),
        schedule.hhmm(slot.projected_start) if _moved(slot) else None,
        title,
        slot.status is Status.CURRENT and slot.overrun > 0,
        trainers,
    )


def agenda_view(
    controller: Controller, seat: Seat, schedule: Schedule, session: Session
) -> AgendaModel:
    lang = controller.lang
    plan = schedule.day(seat.day or schedule.slot(session.id).day.number)
    workshop = controller.workshop
    rows = tuple(_agenda_row(schedule, slot, lang, workshop) for slot in plan.slots) + tuple(
        AgendaRow(
            s.id,
            "moved",
            schedule.hhmm(schedule.slot(s.id).planned_start),
            None,
            say(lang, "moved_to", title=s.title.get(lang), n=to),
            False,
        )
        for s, to in plan.moved_out
    )
    title = say(
        lang,
        "agenda_day",
        n=plan.day.number,
        m=len(schedule.days),
        date=short_date(plan.date, lang),
    )
    subtitle = f"{schedule.hhmm(plan.planned_start)}–{schedule.hhmm(plan.planned_end)}"
    return AgendaModel(plan.day.number, title, subtitle, rows, session.id)


def slide_only(controller: Controller, seat: Seat) -> SlideModel | None:
    """The slide on stage, worked out without the rest of the screen: all a slide key
    changes there. None when the stage shows something else (the records, a question,
    a session's card, which is made from the schedule)."""
    if seat.records:
        return None
    session = stage_session(controller, seat)
    if session.kind is Kind.DIAGNOSTIC and session.question_ids:
        return None
    if session.module is None or not session.module.slides_in(controller.lang):
        return None
    index = slide_index(controller, seat, session)
    step = shown_step(controller, seat, session)
    return slide_view(controller, None, session, index, step)


def screen_model(
    controller: Controller, seat: Seat, warn_seconds: int, now: float | None = None
) -> ScreenModel:
    """Every part of the screen for this terminal, now."""
    schedule = controller.schedule(now)
    session = stage_session(controller, seat)
    stage: Stage
    if seat.records:
        stage = records_view(controller, session)
    elif session.kind is Kind.DIAGNOSTIC and session.question_ids:
        index = question_index(controller, seat, session)
        stage = question_form(controller, session, index, answer_group(controller, seat))
    else:
        index = slide_index(controller, seat, session)
        stage = slide_view(
            controller, schedule, session, index, shown_step(controller, seat, session)
        )
    return ScreenModel(
        status_view(controller, seat, schedule),
        timer_view(controller, schedule, warn_seconds),
        banner_view(controller, seat, schedule, cue(controller, seat, schedule, warn_seconds)),
        agenda_view(controller, seat, schedule, session),
        stage,
        session,
        schedule.now,
        steady_until(schedule),
    )


def steady_until(schedule: Schedule) -> float:
    """The first moment at which the clock alone may change what the screen shows (the
    file, the course and the seat as they are): the schedule moves with the clock
    (:attr:`~facilitator.live.schedule.Schedule.steady_until`), the clock's minute turns,
    or the day's grace to begin (:data:`GRACE_SECONDS`) runs out."""
    now = schedule.now
    local = schedule.local(now)
    until = min(schedule.steady_until, now + 60 - local.second - local.microsecond / 1e6)
    grace = schedule.today().planned_start + GRACE_SECONDS
    return min(until, grace) if now < grace else until
