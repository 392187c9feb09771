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
from facilitator.course.model import Kind, Session
from facilitator.i18n import count, hhmm, role, say, short_date, signed
from facilitator.live.events import format_clock
from facilitator.live.schedule import Schedule, Slot, Status
from facilitator.minutes.mdsafe import escape_line


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
    """``""`` (no banner), ``browsing``, ``following`` or ``unsaved``."""


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


@dataclass(frozen=True, slots=True)
class SlideModel:
    caption: str
    body: str
    """Markdown."""
    notes: str
    """Markdown (speaker notes; never shown in presentation mode)."""
    card: bool
    """A card (a break, a session without slides) rather than a slide."""
    notes_title: str


@dataclass(frozen=True, slots=True)
class RecordLine:
    meta: tuple[tuple[str, str], ...]
    """(text, style) pieces of the header line."""
    text: str


@dataclass(frozen=True, slots=True)
class RecordsModel:
    caption: str
    notes_title: str
    notes: tuple[RecordLine, ...]
    actions_title: str
    actions: tuple[RecordLine, ...]
    empty: str
    counts: tuple[int, int, int]
    """notes, decisions, actions"""


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


def status_line(schedule: Schedule, lang: str = "en") -> str:
    """``running 12 min late; lunch now 12:42; day ends 17:12``."""
    today = schedule.today()
    minutes = round(today.delay / 60)
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


def card(schedule: Schedule, session: Session, lang: str) -> str:
    """The Markdown of a session without slides: what it is, when, what for, who leads."""
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


def slide_view(
    controller: Controller, seat: Seat, schedule: Schedule, session: Session
) -> SlideModel:
    lang = controller.lang
    slides = session.module.slides_in(lang) if session.module else ()
    title = session.title.get(lang)
    notes_title = say(lang, "notes_title")
    if slides:
        index = max(0, min(slide_index(controller, seat, session), len(slides) - 1))
        slide = slides[index]
        caption = say(lang, "slide_of", title=title, n=index + 1, m=len(slides))
        return SlideModel(
            caption, slide.body, slide.notes or say(lang, "no_notes"), False, notes_title
        )
    kind = "" if session.kind is Kind.CONTENT else f" · {say(lang, 'kind_' + session.kind.value)}"
    return SlideModel(f"{title}{kind}", card(schedule, session, lang), "", True, notes_title)


def records_view(controller: Controller, session: Session) -> RecordsModel:
    c = controller
    lang = c.lang
    notes = [n for n in c.snapshot.notes if n.get("session") == session.id]
    actions = [a for a in c.snapshot.actions if a.get("session") == session.id]
    present = sum(c.attendance_for(session.id).values())
    decisions = sum(1 for n in notes if n.get("kind") == "decision")
    counts = (len(notes) - decisions, decisions, len(actions))
    counted = ", ".join(
        count(lang, word, n) for n, word in zip(counts, ("note", "decision", "action"), strict=True)
    )
    caption = say(
        lang,
        "records_caption",
        title=session.title.get(lang),
        counts=counted,
        present=present,
        roster=len(c.workshop.roster),
    )

    def when(record: dict) -> str:
        return hhmm(float(record.get("at", 0)), c.workshop.timezone)

    note_lines = []
    for note in notes:
        decision = note.get("kind") == "decision"
        meta = [
            (when(note), "bold"),
            (" · ", ""),
            (
                say(lang, "note_decision" if decision else "note_note"),
                "bold reverse" if decision else "bold",
            ),
            (" · ", ""),
            (signed(lang, note.get("by")), ""),
        ]
        if note.get("restricted"):
            meta.append((f" · {say(lang, 'restricted')}", "bold italic"))
        note_lines.append(RecordLine(tuple(meta), str(note.get("text", ""))))
    action_lines = []
    for action in actions:
        status = str(action.get("status", "open"))
        if status in ("open", "done"):
            status = say(lang, f"action_{status}")
        due = str(action.get("due", ""))
        owner = str(action.get("owner", "")) or say(lang, "no_owner")
        meta = (
            (status, "bold"),
            (" · ", ""),
            (say(lang, "due_on", date=due) if due else say(lang, "no_due"), ""),
            (" · ", ""),
            (owner, ""),
        )
        action_lines.append(RecordLine(meta, str(action.get("text", ""))))
    return RecordsModel(
        caption,
        say(lang, "records_notes"),
        tuple(note_lines),
        say(lang, "records_actions"),
        tuple(action_lines),
        say(lang, "records_empty"),
        counts,
    )


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
        stage = slide_view(controller, seat, schedule, session)
    return ScreenModel(
        status_view(controller, seat, schedule),
        timer_view(controller, schedule, warn_seconds),
        banner_view(controller, seat),
        agenda_view(controller, seat, schedule, session),
        stage,
        session,
    )
