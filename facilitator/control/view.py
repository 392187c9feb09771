"""What each part of the screen shows, as plain values: the view model.

No Textual here. :func:`screen_model` builds, from the controller and this
terminal's :class:`Seat`, one frozen value per part of the screen. The TUI
sets them on its reactive attributes; a part whose value did not change is not
redrawn (the values compare equal).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from facilitator.control.controller import Controller
from facilitator.control.forms import QuestionForm, SummaryForm, question_form
from facilitator.control.stage import RecordsModel, SlideModel, records_view, slide_view
from facilitator.course.model import Kind, Session
from facilitator.i18n import role, say, short_date
from facilitator.live.events import format_clock
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


def status_line(schedule: Schedule, lang: str = "en") -> str:
    """``running 12 min late; lunch now 12:42; day ends 17:12``."""
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
    brk = schedule.next_break()
    if brk is not None and minutes != 0:
        title = brk.session.title.get(lang).lower()
        parts.append(say(lang, "break_now", title=title, time=schedule.hhmm(brk.projected_start)))
    parts.append(say(lang, "day_ends", time=schedule.hhmm(today.projected_end)))
    return say(lang, "then").join(parts)


def status_view(controller: Controller, seat: Seat, schedule: Schedule) -> StatusModel:
    c = controller
    today = schedule.today()
    title = f"{c.workshop.name} · {c.programme.id} · " + say(
        c.lang, "day_of", n=today.day.number, m=len(c.programme.days)
    )
    mode = c.role if c.role in ("lead", "clerk") else "follower"
    if seat.following and mode == "lead":
        mode = "follower"
    return StatusModel(
        title=title,
        clock=schedule.local(schedule.now).strftime("%H:%M:%S"),
        status=status_line(schedule, c.lang),
        late=today.delay >= 60,
        early=today.delay <= -60,
        mode=say(c.lang, f"mode_{mode}"),
    )


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


def banner_view(controller: Controller, seat: Seat) -> BannerModel:
    lang = controller.lang
    if seat.unsaved:
        return BannerModel(say(lang, "unsaved", n=seat.unsaved), "unsaved")
    if controller.live.cue:
        key = "cue_banner" if leads(controller, seat) else "cue_sent_banner"
        return BannerModel(say(lang, key, text=controller.live.cue), "cue")
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


def agenda_view(
    controller: Controller, seat: Seat, schedule: Schedule, session: Session
) -> AgendaModel:
    lang = controller.lang
    number = seat.day or controller.programme.day_of(session.id).number
    plan = schedule.days[max(0, min(number, len(schedule.days)) - 1)]
    rows = tuple(
        AgendaRow(
            slot.session.id,
            slot.status.value,
            schedule.hhmm(slot.planned_start),
            schedule.hhmm(slot.projected_start) if _moved(slot) else None,
            slot.session.title.get(lang),
            slot.status is Status.CURRENT and slot.overrun > 0,
        )
        for slot in plan.slots
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
        banner_view(controller, seat),
        agenda_view(controller, seat, schedule, session),
        stage,
        session,
    )
