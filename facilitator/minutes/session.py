"""One session's minutes: front matter, then Time, Attendance, Content covered,
Diagnostic results, Notes, Decisions, Action items, Recorded by."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from facilitator.course.model import Session
from facilitator.i18n import long_date
from facilitator.live.schedule import Slot
from facilitator.minutes.contract import (
    ACTION_HEADER,
    DIAGNOSTIC_HEADER,
    NONE_RECORDED,
    answer_label,
    bullet_cell,
    maturity_label,
    pick,
    restricted_line,
)
from facilitator.minutes.mdsafe import escape_cell, escape_line, front_matter, table
from facilitator.minutes.records import Minutes, by_line, whole_minutes
from facilitator.store.answers import Answer


def session_front(m: Minutes, slot: Slot) -> dict[str, Any]:
    session = slot.session
    rec = m.records[session.id]
    run = m.live.run(session.id)
    present = sum(1 for v in rec.attendance.values() if v)
    answered = {a.question for a in rec.answers if a.answered}
    front = m.base_front("session")
    front.update(
        {
            "start_date": date.fromisoformat(m.workshop.start_date),
            "session": session.id,
            "title": m.title(session),
            "session_kind": session.kind.value,
            "day": slot.day.number,
            "order": slot.index + 1,
            "date": m.schedule.local(slot.planned_start).date(),
            "planned_start": m.local_dt(slot.planned_start),
            "planned_end": m.local_dt(slot.planned_end),
            "actual_start": m.local_dt(run.actual_start),
            "actual_end": m.local_dt(run.actual_end) if not run.running else None,
            "status": "in progress" if run.running else "held",
            "planned_minutes": session.minutes,
            "allowed_minutes": whole_minutes(slot.allotted),
            "actual_minutes": whole_minutes(slot.elapsed),
            "overrun_minutes": whole_minutes(slot.overrun),
            "paused_minutes": whole_minutes(run.paused_seconds(m.as_of)),
            "pauses": max(len(run.segments) - 1, 0),
            "trainers": list(m.workshop.trainers_for(session)),
            "led_by": list(dict.fromkeys(who for _, who in m.led_by(session))),
            "bank": session.bank.id if session.bank else "",
            "module": session.module.ref if session.module else "",
            "counts": {
                "present": present,
                "absent": len(rec.attendance) - present,
                "roster": len(m.workshop.roster),
                "slides_shown": len(m.shown(session)),
                "slides": len(m.slides(session)),
                "questions": len(session.question_ids),
                "answered": len(answered),
                "notes": len(rec.notes),
                "decisions": len(rec.decisions),
                "actions": len(rec.actions),
                "restricted": m.restricted[session.id],
            },
        }
    )
    return {k: v for k, v in front.items() if v is not None}


def render(m: Minutes, slot: Slot) -> str:
    """The minutes of one session, front matter included."""
    session = slot.session
    parts = [
        front_matter(session_front(m, slot)),
        f"# Day {slot.day.number}, session {slot.index + 1}: {escape_line(m.title(session))}",
        _session_intro(m, slot),
        "## Time",
        _time(m, slot),
        "## Attendance",
        _attendance(m, session.id),
        "## Content covered",
        _content(m, session),
    ]
    if session.question_ids:
        parts += ["## Diagnostic results", _diagnostic(m, session)]
    rec = m.records[session.id]
    parts += [
        "## Notes",
        _note_list(m, rec.notes),
        "## Decisions",
        _note_list(m, rec.decisions),
        "## Action items",
        _actions(m, rec.actions),
        "## Recorded by",
        _recorded_by(m, session.id),
    ]
    if m.restricted[session.id]:
        parts.append(restricted_line(m.restricted[session.id]))
    return "\n\n".join(parts) + "\n"


def _session_intro(m: Minutes, slot: Slot) -> str:
    w = m.workshop
    where = ", ".join(escape_line(x) for x in (w.venue, w.host_country) if x)
    bits = [
        f"**{escape_line(w.name)}**",
        escape_line(m.programme.title.get(m.lang)),
        where,
        long_date(m.schedule.local(slot.planned_start).date()),
    ]
    planned = w.trainers_for(slot.session)
    if planned:
        bits.append("trainers: " + ", ".join(escape_line(t) for t in planned))
    objectives = slot.session.objectives.get(m.lang)
    text = " · ".join(b for b in bits if b)
    if objectives:
        text += "\n\nObjectives:\n\n" + "\n".join(f"- {escape_line(o)}" for o in objectives)
    return text


def _time(m: Minutes, slot: Slot) -> str:
    run = m.live.run(slot.session.id)
    hhmm = m.schedule.hhmm
    actual_end = "in progress" if run.running or run.actual_end is None else hhmm(run.actual_end)
    rows = [
        ("Start", hhmm(slot.planned_start), hhmm(run.actual_start or slot.projected_start)),
        ("End", hhmm(slot.planned_end), actual_end),
        ("Duration", f"{slot.session.minutes} min", f"{whole_minutes(slot.elapsed)} min"),
    ]
    text = table(("", "Planned", "Actual"), rows)
    delay = whole_minutes((run.actual_start or slot.planned_start) - slot.planned_start)
    facts = []
    if delay > 0:
        facts.append(f"started {delay} min late")
    elif delay < 0:
        facts.append(f"started {-delay} min early")
    else:
        facts.append("started on time")
    extra = whole_minutes(run.extra_seconds)
    if extra:
        facts.append(
            f"time allowed changed by {extra:+d} min to {whole_minutes(slot.allotted)} min"
        )
    facts += _replanned(m, slot)
    over = whole_minutes(slot.overrun)
    facts.append(f"ran {over} min over the time allowed" if over else "kept to the time")
    pauses = max(len(run.segments) - 1, 0)
    if pauses:
        paused = whole_minutes(run.paused_seconds(m.as_of))
        facts.append(f"paused {pauses} time{'s' if pauses != 1 else ''}, {paused} min in all")
    text += "\n\n" + "; ".join(facts).capitalize() + "."
    led = m.led_by_text(slot.session)
    return text + (f"\n\nLed by {escape_line(led)}." if led else "")


def _replanned(m: Minutes, slot: Slot) -> list[str]:
    """What re-plans did to the session: shortened to fit the day, moved to another."""
    facts = []
    for kind, at, detail in m.live.run(slot.session.id).changes:
        when = m.schedule.local(at).strftime("%Y-%m-%d %H:%M")
        if kind == "shorten":
            facts.append(f"shortened by {detail} min to fit the day (decided {when})")
        elif kind == "move":
            facts.append(f"moved to day {detail} (decided {when})")
    return facts


def _attendance(m: Minutes, sid: str) -> str:
    marks = m.records[sid].attendance
    if not marks:
        return "Attendance was not recorded for this session."
    present = [n for n, v in marks.items() if v]
    absent = [n for n, v in marks.items() if not v]
    unmarked = [p.name for p in m.workshop.roster if p.name not in marks]
    text = f"{len(present)} present, {len(absent)} absent"
    text += f", {len(unmarked)} not recorded." if unmarked else "."
    out = [text]
    for label, key in (("Agency", "agency"), ("Country", "country")):
        here = Counter(getattr(p, key) or "not given" for p in m.people(present))
        away = Counter(getattr(p, key) or "not given" for p in m.people(absent))
        rows = [
            (escape_cell(value), str(here[value]), str(away[value]))
            for value in sorted(set(here) | set(away))
        ]
        out.append(table((label, "Present", "Absent"), rows))
    if m.workshop.names_in_minutes:
        out.append("Present: " + (", ".join(escape_line(n) for n in sorted(present)) or "—"))
        if absent:
            out.append("Absent: " + ", ".join(escape_line(n) for n in sorted(absent)))
    return "\n\n".join(out)


def _content(m: Minutes, session: Session) -> str:
    slides = m.slides(session)
    if not slides:
        return "No slides for this session."
    shown = m.shown(session)
    ref = escape_line(session.module.ref) if session.module else ""
    rows = [
        (str(i + 1), escape_cell(slide.title), "yes" if i in shown else "no")
        for i, slide in enumerate(slides)
    ]
    return f"Module {ref}: {len(shown)} of {len(slides)} slides shown.\n\n" + table(
        ("#", "Slide", "Shown"), rows
    )


def _diagnostic(m: Minutes, session: Session) -> str:
    bank = session.bank
    assert bank is not None
    by_question: dict[str, list[Answer]] = defaultdict(list)
    for answer in m.records[session.id].answers:
        by_question[answer.question].append(answer)
    rows = []
    for question in session.questions:
        weak = question.weaknesses.get(m.lang)
        sols = question.solutions.get(m.lang)
        base = (
            escape_cell(question.id),
            escape_cell(bank.area_title(question.area, m.lang)),
            escape_cell(question.text.get(m.lang)),
        )
        found = by_question.get(question.id)
        if not found:
            rows.append(base + ("—", "—", answer_label(None), "—", "", "", "", "", ""))
            continue
        for a in found:
            rows.append(
                base
                + (
                    escape_cell(a.group),
                    escape_cell(m.country_of(a.group)),
                    answer_label(a.value("answer"), m.lang),
                    maturity_label(a.value("maturity"), m.lang),
                    bullet_cell(pick(weak, a.value("weaknesses"))),
                    bullet_cell(pick(sols, a.value("solutions"))),
                    escape_cell(a.value("evidence")),
                    escape_cell(a.value("notes")),
                    m.answer_by(a),
                )
            )
    return table(DIAGNOSTIC_HEADER, rows)


def _note_list(m: Minutes, notes: Sequence[dict[str, Any]]) -> str:
    if not notes:
        return NONE_RECORDED
    return "\n".join(
        f"- {escape_line(str(n.get('text', '')), '  ')} — {by_line(n, m.schedule)}" for n in notes
    )


def _actions(m: Minutes, actions: Sequence[dict[str, Any]]) -> str:
    if not actions:
        return NONE_RECORDED
    return table(ACTION_HEADER, m.action_rows(actions))


def _recorded_by(m: Minutes, sid: str) -> str:
    rec = m.records[sid]
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for what, rows in (
        ("Notes", rec.notes),
        ("Decisions", rec.decisions),
        ("Actions", rec.actions),
        ("Attendance", rec.attendance_records),
    ):
        for row in rows:
            by = row.get("by") or {}
            counts[(str(by.get("name", "unknown")), str(by.get("role", "")))][what] += 1
    for answer in rec.answers:
        for by in answer.authors():
            counts[(str(by.get("name", "unknown")), str(by.get("role", "")))]["Answers"] += 1
    if not counts:
        return NONE_RECORDED
    columns = ("Notes", "Decisions", "Actions", "Answers", "Attendance")
    rows = [
        (escape_cell(name), escape_cell(role), *(str(c[k]) for k in columns))
        for (name, role), c in sorted(counts.items())
    ]
    return table(("Name", "Role", *columns), rows)
