"""What the stage shows when it is not a diagnostic round: a slide, a card, the record.

Part of the view model (:mod:`.view`); no Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.control.controller import Controller
from facilitator.course.model import Kind, Session, Slide
from facilitator.i18n import count, hhmm, say, signed
from facilitator.live.schedule import Schedule, Status
from facilitator.minutes.mdsafe import escape_line


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
    nearby: tuple[str, ...] = ()
    """The bodies the slide key leads to next (the step or slide after, the one before):
    a terminal prepares them while idle."""
    nearby_notes: tuple[str, ...] = ()


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
    controller: Controller,
    schedule: Schedule | None,
    session: Session,
    index: int,
    step: int | None = None,
) -> SlideModel:
    """Slide ``index`` of ``session`` (kept within its slides) as far as ``step`` (all of it
    when None), or the session's card when it has no slides (made from ``schedule``,
    which only a card needs)."""
    lang = controller.lang
    slides = session.module.slides_in(lang) if session.module else ()
    title = session.title.get(lang)
    notes_title = say(lang, "notes_title")
    if slides:
        index = max(0, min(index, len(slides) - 1))
        slide = slides[index]
        caption = say(lang, "slide_of", title=title, n=index + 1, m=len(slides))
        no_notes = say(lang, "no_notes")
        near = _nearby(slides, index, step)
        return SlideModel(
            caption,
            slide.shown(step),
            slide.notes or no_notes,
            False,
            notes_title,
            tuple(s.shown(n) for s, n in near),
            tuple(dict.fromkeys(s.notes or no_notes for s, _ in near)),
        )
    if schedule is None:
        raise ValueError(f"{session.id}: a session without slides is shown from the schedule")
    kind = "" if session.kind is Kind.CONTENT else f" · {say(lang, 'kind_' + session.kind.value)}"
    return SlideModel(f"{title}{kind}", card(schedule, session, lang), "", True, notes_title)


def _nearby(
    slides: tuple[Slide, ...], index: int, step: int | None
) -> list[tuple[Slide, int | None]]:
    """The slides (and steps) the slide key leads to from ``index`` at ``step``: forward
    first, as :meth:`Controller.turn` goes."""
    slide, out = slides[index], []
    if slide.steps and step is not None and step + 1 < len(slide.steps):
        out.append((slide, step + 1))
    elif index + 1 < len(slides):
        out.append((slides[index + 1], 0))
    if slide.steps and step is not None and step > 0:
        out.append((slide, step - 1))
    elif index > 0:
        out.append((slides[index - 1], None))
    return out


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
