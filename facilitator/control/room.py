"""What the room sees on the projector, as one plain value: the room's view model.

No Textual, no web here. :func:`room_model` is built from the same controller and
view model as the trainers' screens (:mod:`.view`), following the lead, and keeps
only what the participants may see: the slide without its speaker notes, the
question of a diagnostic round without the weaknesses, solutions, anchors or
anyone's answers, the timer, the next session, today's agenda. Nothing
restricted is ever in it. The web room (:mod:`facilitator.room`) and the
terminal room draw it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from facilitator.control.controller import Controller
from facilitator.control.forms import group_label
from facilitator.control.stage import slide_view
from facilitator.control.view import (
    AgendaModel,
    Seat,
    agenda_view,
    question_index,
    shown_step,
    slide_index,
    stage_session,
    status_line,
    timer_view,
)
from facilitator.course.model import ANSWER_LABELS, Kind, Session
from facilitator.i18n import say
from facilitator.live.schedule import Schedule, Status

FOLLOWING = Seat(following=True)
"""The room never browses: it shows what the lead shows."""


@dataclass(frozen=True, slots=True)
class RoomTimer:
    """The countdown, as the room counts it on its own between two updates.

    While it runs, ``ends_at`` is the time (epoch seconds, the lead's clock) it
    reaches zero, so the value does not change from one second to the next; a
    paused or idle timer has its ``remaining`` seconds instead.
    """

    state: str
    """``idle``, ``ok``, ``warn`` or ``over`` (as the app's timer)."""
    title: str
    label: str
    running: bool
    ends_at: float | None
    remaining: float | None
    warn_seconds: int


@dataclass(frozen=True, slots=True)
class RoomModel:
    """Everything the room may see, now."""

    lang: str
    workshop: str
    view: str
    """``slide``, ``card`` (a break, a session without slides), ``question`` or ``summary``."""
    session: str
    """The session id (images are looked up in its module's folder)."""
    title: str
    caption: str
    """``slide 3 of 7``, ``question 2 of 6``."""
    body: str
    """Markdown of the slide or the card; the question's text in a round."""
    whole: str
    """While a slide is shown step by step: the whole slide, which the page sizes its
    type to, so the type does not shrink as the steps appear. Empty otherwise."""
    questions: tuple[str, ...]
    """After a round's last question: every question asked."""
    answers: tuple[tuple[str, str], ...]
    """Once the lead reveals them: (group, its agreed answer) for the question on
    screen; restricted answers never."""
    timer: RoomTimer
    next: str
    """``next: Lunch at 12:30``; empty at the end of the day."""
    status: str
    agenda: AgendaModel
    utc_offset: int
    """Seconds the venue's clock is ahead of UTC, for the room's clock."""
    blackout: bool
    """The lead blanked the room's screen."""
    message: str
    """A line from the lead or the clerk ("Back at 14:00"), shown until cleared."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _timer(controller: Controller, schedule: Schedule, warn_seconds: int) -> RoomTimer:
    model = timer_view(controller, schedule, warn_seconds)
    current = controller.current()
    remaining = schedule.slot(current.id).remaining if current else None
    running = remaining is not None and controller.live.running
    return RoomTimer(
        state=model.state,
        title=model.title,
        label=model.label,
        running=running,
        ends_at=round(schedule.now + remaining, 3) if running and remaining is not None else None,
        remaining=None if running else remaining,
        warn_seconds=warn_seconds,
    )


def _next(controller: Controller, schedule: Schedule) -> str:
    lang = controller.lang
    for slot in schedule.today().slots:
        if slot.status is Status.NEXT:
            title = slot.session.title.get(lang)
            return say(lang, "next_at", title=title, time=schedule.hhmm(slot.projected_start))
    return ""


def _answers(c: Controller, session: Session, qid: str) -> tuple[tuple[str, str], ...]:
    """Each group's agreed answer and maturity, as the room may see them: no notes, no
    evidence, no weaknesses or solutions ticked, nothing restricted."""
    found = []
    for group in c.groups():
        values = c.answer_values((session.id, qid, group.name))
        code = values.get("answer")
        if code not in ANSWER_LABELS or values.get("restricted"):
            continue
        words = ANSWER_LABELS[code].get(c.lang)
        maturity = values.get("maturity")
        if isinstance(maturity, int):
            words += " · " + say(c.lang, "room_maturity", n=maturity)
        found.append((group_label(c.lang, group.name), words))
    return tuple(found)


def room_model(
    controller: Controller,
    warn_seconds: int,
    now: float | None = None,
    schedule: Schedule | None = None,
) -> RoomModel:
    """What the room sees at ``now`` (default: the controller's clock), or on ``schedule``
    when the caller built it already (the room terminal's timer uses the same)."""
    c = controller
    lang = c.lang
    schedule = schedule if schedule is not None else c.schedule(now)
    session = stage_session(c, FOLLOWING)
    title = session.title.get(lang)
    questions: tuple[str, ...] = ()
    answers: tuple[tuple[str, str], ...] = ()
    whole = ""
    if session.kind is Kind.DIAGNOSTIC and session.question_ids:
        index = question_index(c, FOLLOWING, session)
        asked = session.questions
        if index < len(asked):
            view, body = "question", asked[index].text.get(lang)
            caption = say(lang, "room_question_of", n=index + 1, m=len(asked))
            if index in c.live.run(session.id).revealed:
                answers = _answers(c, session, asked[index].id)
        else:
            view, body, caption = "summary", "", say(lang, "room_questions", m=len(asked))
            questions = tuple(q.text.get(lang) for q in asked)
    else:
        index = slide_index(c, FOLLOWING, session)
        step = shown_step(c, FOLLOWING, session)
        slide = slide_view(c, schedule, session, index, step)
        if step is not None and not slide.card:
            full = slide_view(c, schedule, session, index).body
            whole = full if full != slide.body else ""
        count = len(session.module.slides_in(lang)) if session.module else 0
        view, body = ("card", slide.body) if slide.card else ("slide", slide.body)
        caption = "" if slide.card else say(lang, "room_slide_of", n=index + 1, m=count)
    offset = schedule.local(schedule.now).utcoffset()
    return RoomModel(
        lang=lang,
        workshop=c.workshop.name,
        view=view,
        session=session.id,
        title=title,
        caption=caption,
        body=body,
        whole=whole,
        questions=questions,
        answers=answers,
        timer=_timer(c, schedule, warn_seconds),
        next=_next(c, schedule),
        status=status_line(schedule, lang),
        agenda=agenda_view(c, FOLLOWING, schedule, session),
        utc_offset=int(offset.total_seconds()) if offset else 0,
        blackout=c.live.blackout,
        message=c.live.message,
    )
