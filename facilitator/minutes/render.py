"""Per-session Markdown minutes and the workshop report.

Pure rendering from a store snapshot and the programme: no clock is read.
The "as of" time is the last thing recorded in the workshop, so the same
workshop always gives the same bytes. Every file is written atomically.

Layout of a session's minutes (headings are fixed: `collect` reads them):
``+++`` TOML front matter ``+++``, a title, then the sections Time,
Attendance, Content covered, Diagnostic results, Notes, Decisions, Action
items, Recorded by.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitator.course.model import (
    ANSWER_LABELS,
    MATURITY_LABELS,
    DiagnosticBank,
    Kind,
    Participant,
    Programme,
    Session,
    Workshop,
)
from facilitator.live.events import fold
from facilitator.live.schedule import Schedule, Slot, Status, build
from facilitator.minutes.mdsafe import escape_cell, escape_line, front_matter, table
from facilitator.store import answers
from facilitator.store.answers import Answer, mean_maturity
from facilitator.store.db import Snapshot, make_folder, write_atomic
from facilitator.store.workshops import slugify

if TYPE_CHECKING:
    from facilitator.control.controller import Controller

FORMAT = "facilitator-minutes/2"
READS = ("facilitator-minutes/1", FORMAT)
"""Minutes formats collect reads; /1 had no groups and no evidence."""
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
DIAGNOSTIC_HEADER = (
    "ID",
    "Area",
    "Question",
    "Group",
    "Country",
    "Answer",
    "Maturity",
    "Weaknesses observed",
    "Solutions agreed",
    "Evidence",
    "Notes",
    "Recorded by",
)
DIAGNOSTIC_HEADER_1 = tuple(
    h for h in DIAGNOSTIC_HEADER if h not in ("Group", "Country", "Evidence")
)
ACTION_HEADER = ("Action", "Owner", "Due", "Status", "Recorded by")
ADHERENCE_HEADER = (
    "Day",
    "#",
    "Session",
    "Kind",
    "Planned start",
    "Actual start",
    "Start delay (min)",
    "Planned (min)",
    "Actual (min)",
    "Status",
)
LIST_MARK = "• "
NONE_RECORDED = "None recorded."


def _minutes(seconds: float) -> int:
    return round(seconds / 60)


def long_date(d: date) -> str:
    """``Monday 7 December 2026``, the same whatever the locale."""
    return f"{DAY_NAMES[d.weekday()]} {d.day} {MONTHS[d.month - 1]} {d.year}"


def by_line(record: dict[str, Any], schedule: Schedule) -> str:
    """``Amina Diallo (clerk), 10:42``: who wrote a record and when (escaped)."""
    by = record.get("by") or {}
    name = escape_cell(str(by.get("name", "unknown")))
    role = escape_cell(str(by.get("role", "")))
    when = schedule.hhmm(float(record.get("at", 0)))
    return f"{name} ({role}), {when}" if role else f"{name}, {when}"


def _ordered(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(records, key=lambda r: (float(r.get("at", 0)), str(r.get("uid", ""))))


@dataclass
class SessionRecords:
    """What was recorded in one session."""

    notes: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    attendance: dict[str, bool] = field(default_factory=dict)
    attendance_records: list[dict[str, Any]] = field(default_factory=list)
    slides: set[int] = field(default_factory=set)


class Minutes:
    """A workshop ready to render: programme, records grouped by session, schedule."""

    def __init__(self, snapshot: Snapshot, programme: Programme, lang: str = "en") -> None:
        self.snapshot = snapshot
        self.workshop: Workshop = snapshot.workshop
        self.programme = programme
        self.lang = lang
        ids = {s.id for s in programme.sessions()}
        self.live = fold(snapshot.events, known=ids.__contains__)
        answered = [answers.from_record(r) for r in snapshot.answers]
        times = [e.at for e in snapshot.events]
        for table_rows in (snapshot.notes, snapshot.actions):
            times.extend(float(r.get("at", 0)) for r in table_rows)
        times.extend(a.at for a in answered)
        self.as_of = max(times, default=0.0)
        self.schedule: Schedule = build(
            programme,
            date.fromisoformat(self.workshop.start_date),
            self.workshop.timezone,
            self.live,
            self.as_of,
        )
        self.records: dict[str, SessionRecords] = defaultdict(SessionRecords)
        self.restricted: Counter[str] = Counter()
        """Records marked restricted, per session: counted here, never written."""
        for note in _ordered(snapshot.notes):
            if note.get("restricted"):
                self.restricted[str(note.get("session", ""))] += 1
                continue
            bucket = self.records[note.get("session", "")]
            (bucket.decisions if note.get("kind") == "decision" else bucket.notes).append(note)
        for action in _ordered(snapshot.actions):
            self.records[action.get("session", "")].actions.append(action)
        groups = [g.name for g in self.workshop.answer_groups()]
        self.group_country = {g.name: g.country for g in self.workshop.answer_groups()}
        for answer in sorted(
            answered,
            key=lambda a: (groups.index(a.group) if a.group in groups else len(groups), a.group),
        ):
            if answer.value("restricted"):
                self.restricted[answer.session] += 1
                continue
            self.records[answer.session].answers.append(answer)
        for mark in _ordered(snapshot.attendance):
            bucket = self.records[mark.get("session", "")]
            bucket.attendance[str(mark.get("participant", ""))] = bool(mark.get("present"))
            bucket.attendance_records.append(mark)
        for event in snapshot.events:
            if event.kind == "slide" and event.session:
                self.records[event.session].slides.add(event.index)
        self.roster = {p.name: p for p in self.workshop.roster}
        self._held = tuple(
            slot
            for slot in self.schedule.slots()
            if self.live.run(slot.session.id).started and slot.session.kind is not Kind.BREAK
        )

    # -- which sessions -------------------------------------------------------

    def held(self) -> tuple[Slot, ...]:
        """Sessions that were started (breaks excluded), in agenda order."""
        return self._held

    def file_name(self, slot: Slot) -> str:
        """``day1-03-evidence-and-chain-of-custody.md``."""
        return f"day{slot.day.number}-{slot.index + 1:02d}-{slugify(slot.session.id)}.md"

    def title(self, session: Session) -> str:
        return session.title.get(self.lang)

    # -- common parts -----------------------------------------------------------

    def _base_front(self, kind: str) -> dict[str, Any]:
        w = self.workshop
        return {
            "format": FORMAT,
            "kind": kind,
            "workshop": w.id,
            "workshop_name": w.name,
            "programme": self.programme.id,
            "programme_title": self.programme.title.get(self.lang),
            "country": w.host_country,
            "venue": w.venue,
            "timezone": w.timezone,
            "language": self.lang,
        }

    def _dt(self, epoch: float | None) -> datetime | None:
        if epoch is None:
            return None
        return self.schedule.local(epoch).replace(microsecond=0)

    def _people(self, names: Iterable[str]) -> list[Participant]:
        return [self.roster.get(name, Participant(name)) for name in names]

    # -- one session ----------------------------------------------------------

    def session_front(self, slot: Slot) -> dict[str, Any]:
        session = slot.session
        rec = self.records[session.id]
        run = self.live.run(session.id)
        present = sum(1 for v in rec.attendance.values() if v)
        answered = {a.question for a in rec.answers if a.answered}
        front = self._base_front("session")
        front.update(
            {
                "start_date": date.fromisoformat(self.workshop.start_date),
                "session": session.id,
                "title": self.title(session),
                "session_kind": session.kind.value,
                "day": slot.day.number,
                "order": slot.index + 1,
                "date": self.schedule.local(slot.planned_start).date(),
                "planned_start": self._dt(slot.planned_start),
                "planned_end": self._dt(slot.planned_end),
                "actual_start": self._dt(run.actual_start),
                "actual_end": self._dt(run.actual_end) if not run.running else None,
                "status": "in progress" if run.running else "held",
                "planned_minutes": session.minutes,
                "allowed_minutes": _minutes(slot.allotted),
                "actual_minutes": _minutes(slot.elapsed),
                "overrun_minutes": _minutes(slot.overrun),
                "paused_minutes": _minutes(run.paused_seconds(self.as_of)),
                "pauses": max(len(run.segments) - 1, 0),
                "trainers": list(session.trainers),
                "bank": session.bank.id if session.bank else "",
                "module": session.module.ref if session.module else "",
                "counts": {
                    "present": present,
                    "absent": len(rec.attendance) - present,
                    "roster": len(self.workshop.roster),
                    "slides_shown": len(self._shown(session)),
                    "slides": len(self._slides(session)),
                    "questions": len(session.question_ids),
                    "answered": len(answered),
                    "notes": len(rec.notes),
                    "decisions": len(rec.decisions),
                    "actions": len(rec.actions),
                    "restricted": self.restricted[session.id],
                },
            }
        )
        return {k: v for k, v in front.items() if v is not None}

    def _slides(self, session: Session) -> tuple[Any, ...]:
        return session.module.slides_in(self.lang) if session.module else ()

    def _shown(self, session: Session) -> set[int]:
        count = len(self._slides(session))
        if not count or not self.live.run(session.id).started:
            return set()
        return {i for i in self.records[session.id].slides | {0} if 0 <= i < count}

    def render_session(self, slot: Slot) -> str:
        """The minutes of one session, front matter included."""
        session = slot.session
        parts = [
            front_matter(self.session_front(slot)),
            f"# Day {slot.day.number}, session {slot.index + 1}: "
            f"{escape_line(self.title(session))}",
            self._session_intro(slot),
            "## Time",
            self._time(slot),
            "## Attendance",
            self._attendance(session.id),
            "## Content covered",
            self._content(session),
        ]
        if session.question_ids:
            parts += ["## Diagnostic results", self._diagnostic(session)]
        rec = self.records[session.id]
        parts += [
            "## Notes",
            self._note_list(rec.notes),
            "## Decisions",
            self._note_list(rec.decisions),
            "## Action items",
            self._actions(rec.actions),
            "## Recorded by",
            self._recorded_by(session.id),
        ]
        if self.restricted[session.id]:
            parts.append(restricted_line(self.restricted[session.id]))
        return "\n\n".join(parts) + "\n"

    def _session_intro(self, slot: Slot) -> str:
        w = self.workshop
        where = ", ".join(escape_line(x) for x in (w.venue, w.host_country) if x)
        bits = [
            f"**{escape_line(w.name)}**",
            escape_line(self.programme.title.get(self.lang)),
            where,
            long_date(self.schedule.local(slot.planned_start).date()),
        ]
        if slot.session.trainers:
            bits.append("trainers: " + ", ".join(escape_line(t) for t in slot.session.trainers))
        objectives = slot.session.objectives.get(self.lang)
        text = " · ".join(b for b in bits if b)
        if objectives:
            text += "\n\nObjectives:\n\n" + "\n".join(f"- {escape_line(o)}" for o in objectives)
        return text

    def _time(self, slot: Slot) -> str:
        run = self.live.run(slot.session.id)
        hhmm = self.schedule.hhmm
        actual_end = (
            "in progress" if run.running or run.actual_end is None else hhmm(run.actual_end)
        )
        rows = [
            ("Start", hhmm(slot.planned_start), hhmm(run.actual_start or slot.projected_start)),
            ("End", hhmm(slot.planned_end), actual_end),
            ("Duration", f"{slot.session.minutes} min", f"{_minutes(slot.elapsed)} min"),
        ]
        text = table(("", "Planned", "Actual"), rows)
        delay = _minutes((run.actual_start or slot.planned_start) - slot.planned_start)
        facts = []
        if delay > 0:
            facts.append(f"started {delay} min late")
        elif delay < 0:
            facts.append(f"started {-delay} min early")
        else:
            facts.append("started on time")
        extra = _minutes(run.extra_seconds)
        if extra:
            facts.append(f"time allowed changed by {extra:+d} min to {_minutes(slot.allotted)} min")
        over = _minutes(slot.overrun)
        facts.append(f"ran {over} min over the time allowed" if over else "kept to the time")
        pauses = max(len(run.segments) - 1, 0)
        if pauses:
            paused = _minutes(run.paused_seconds(self.as_of))
            facts.append(f"paused {pauses} time{'s' if pauses != 1 else ''}, {paused} min in all")
        return text + "\n\n" + "; ".join(facts).capitalize() + "."

    def _attendance(self, sid: str) -> str:
        marks = self.records[sid].attendance
        if not marks:
            return "Attendance was not recorded for this session."
        present = [n for n, v in marks.items() if v]
        absent = [n for n, v in marks.items() if not v]
        unmarked = [p.name for p in self.workshop.roster if p.name not in marks]
        text = f"{len(present)} present, {len(absent)} absent"
        text += f", {len(unmarked)} not recorded." if unmarked else "."
        out = [text]
        for label, key in (("Agency", "agency"), ("Country", "country")):
            here = Counter(getattr(p, key) or "not given" for p in self._people(present))
            away = Counter(getattr(p, key) or "not given" for p in self._people(absent))
            rows = [
                (escape_cell(value), str(here[value]), str(away[value]))
                for value in sorted(set(here) | set(away))
            ]
            out.append(table((label, "Present", "Absent"), rows))
        if self.workshop.names_in_minutes:
            out.append("Present: " + (", ".join(escape_line(n) for n in sorted(present)) or "—"))
            if absent:
                out.append("Absent: " + ", ".join(escape_line(n) for n in sorted(absent)))
        return "\n\n".join(out)

    def _content(self, session: Session) -> str:
        slides = self._slides(session)
        if not slides:
            return "No slides for this session."
        shown = self._shown(session)
        ref = escape_line(session.module.ref) if session.module else ""
        rows = [
            (str(i + 1), escape_cell(slide.title), "yes" if i in shown else "no")
            for i, slide in enumerate(slides)
        ]
        return f"Module {ref}: {len(shown)} of {len(slides)} slides shown.\n\n" + table(
            ("#", "Slide", "Shown"), rows
        )

    def country_of(self, group: str) -> str:
        """The country a group answered for ("mixed" for a group of several countries)."""
        if group == answers.ROOM:
            return self.workshop.host_country or "—"
        return self.group_country.get(group) or "mixed"

    def _diagnostic(self, session: Session) -> str:
        bank = session.bank
        assert bank is not None
        by_question: dict[str, list[Answer]] = defaultdict(list)
        for answer in self.records[session.id].answers:
            by_question[answer.question].append(answer)
        rows = []
        for question in session.questions:
            weak = question.weaknesses.get(self.lang)
            sols = question.solutions.get(self.lang)
            base = (
                escape_cell(question.id),
                escape_cell(bank.area_title(question.area, self.lang)),
                escape_cell(question.text.get(self.lang)),
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
                        escape_cell(self.country_of(a.group)),
                        answer_label(a.value("answer"), self.lang),
                        maturity_label(a.value("maturity"), self.lang),
                        bullet_cell(_pick(weak, a.value("weaknesses"))),
                        bullet_cell(_pick(sols, a.value("solutions"))),
                        escape_cell(a.value("evidence")),
                        escape_cell(a.value("notes")),
                        self._answer_by(a),
                    )
                )
        return table(DIAGNOSTIC_HEADER, rows)

    def _answer_by(self, answer: Answer) -> str:
        """Every author of an answer (two terminals may have shared it), and its last change."""
        names = []
        for by in answer.authors():
            name, role = (
                escape_cell(str(by.get("name", "unknown"))),
                escape_cell(str(by.get("role", ""))),
            )
            names.append(f"{name} ({role})" if role else name)
        return f"{', '.join(names)}, {self.schedule.hhmm(answer.at)}"

    def _note_list(self, notes: Sequence[dict[str, Any]]) -> str:
        if not notes:
            return NONE_RECORDED
        return "\n".join(
            f"- {escape_line(str(n.get('text', '')), '  ')} — {by_line(n, self.schedule)}"
            for n in notes
        )

    def _action_rows(self, actions: Sequence[dict[str, Any]]) -> list[tuple[str, ...]]:
        return [
            (
                escape_cell(str(a.get("text", ""))),
                escape_cell(str(a.get("owner", ""))) or "—",
                escape_cell(str(a.get("due", ""))) or "—",
                escape_cell(str(a.get("status", "open"))),
                by_line(a, self.schedule),
            )
            for a in actions
        ]

    def _actions(self, actions: Sequence[dict[str, Any]]) -> str:
        if not actions:
            return NONE_RECORDED
        return table(ACTION_HEADER, self._action_rows(actions))

    def _recorded_by(self, sid: str) -> str:
        rec = self.records[sid]
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

    # -- the workshop report ------------------------------------------------------

    def render_index(self) -> str:
        """``index.md``: adherence, scorecard by area, action plan, decisions, attendance."""
        w = self.workshop
        slots = self.schedule.slots()
        held = [s for s in slots if self.live.run(s.session.id).started]
        skipped = [s for s in slots if s.status is Status.SKIPPED]
        actions = [a for r in self.records.values() for a in r.actions]
        decisions = [d for r in self.records.values() for d in r.decisions]
        given = [a for r in self.records.values() for a in r.answers]
        days = self.schedule.days
        front = self._base_front("report")
        front.update(
            {
                "start_date": days[0].date,
                "end_date": days[-1].date,
                "trainers": list(w.trainers),
                "counts": {
                    "days": len(days),
                    "sessions": len(slots),
                    "held": len(held),
                    "skipped": len(skipped),
                    "participants": len(w.roster),
                    "answers": len(given),
                    "notes": sum(len(r.notes) for r in self.records.values()),
                    "decisions": len(decisions),
                    "actions": len(actions),
                    "open_actions": sum(1 for a in actions if a.get("status", "open") == "open"),
                    "restricted": sum(self.restricted.values()),
                },
            }
        )
        intro = [
            f"**{escape_line(self.programme.title.get(self.lang))}**",
            ", ".join(escape_line(x) for x in (w.venue, w.host_country) if x),
            f"{long_date(days[0].date)} to {long_date(days[-1].date)}",
        ]
        if w.trainers:
            intro.append("trainers: " + ", ".join(escape_line(t) for t in w.trainers))
        parts = [
            front_matter(front),
            f"# Workshop report: {escape_line(w.name)}",
            " · ".join(b for b in intro if b),
        ]
        if self.restricted:
            parts.append(restricted_line(sum(self.restricted.values())))
        parts += [
            "## Agenda adherence",
            self._adherence(),
            "## Diagnostic scorecard",
            self._scorecard(),
            "## Answers by group",
            self._by_group(),
            "## Action plan",
            self._action_plan(actions),
            "## Decisions",
            self._decisions(decisions),
            "## Attendance",
            self._attendance_report(),
        ]
        return "\n\n".join(parts) + "\n"

    def _adherence(self) -> str:
        rows = []
        held_files = {s.session.id: self.file_name(s) for s in self.held()}
        late = over = held = 0
        for slot in self.schedule.slots():
            run = self.live.run(slot.session.id)
            title = escape_cell(self.title(slot.session))
            if slot.session.id in held_files:
                title = f"[{title}]({held_files[slot.session.id]})"
            if run.started:
                held += 1
                delay = _minutes(run.actual_start - slot.planned_start)  # type: ignore[operator]
                late += delay > 5
                over += _minutes(slot.overrun)
                actual = (self.schedule.hhmm(run.actual_start), str(delay))  # type: ignore[arg-type]
                status = "in progress" if run.running else "held"
                actual_min = str(_minutes(slot.elapsed))
            else:
                actual, actual_min = ("—", "—"), "—"
                status = "not held"
                if slot.status is Status.SKIPPED:
                    when = run.skipped_at
                    status = f"skipped at {self.schedule.hhmm(when)}" if when else "skipped"
            rows.append(
                (
                    str(slot.day.number),
                    str(slot.index + 1),
                    title,
                    slot.session.kind.value,
                    self.schedule.hhmm(slot.planned_start),
                    *actual,
                    str(slot.session.minutes),
                    actual_min,
                    status,
                )
            )
        summary = (
            f"{held} of {len(rows)} sessions held; {late} started more than 5 min late; "
            f"{over} min of overrun in all."
        )
        return summary + "\n\n" + table(ADHERENCE_HEADER, rows)

    def _scorecard(self) -> str:
        per_area: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        maturity: dict[tuple[str, str], list[int]] = defaultdict(list)
        asked: dict[tuple[str, str], set[str]] = defaultdict(set)
        banks: dict[str, DiagnosticBank] = {}
        for slot in self.held():
            bank = slot.session.bank
            if bank is None:
                continue
            banks[bank.id] = bank
            for question in slot.session.questions:
                asked[(bank.id, question.area)].add(question.id)
            for record in self.records[slot.session.id].answers:
                try:
                    area = bank.question(record.question).area
                except KeyError:
                    continue
                key = (bank.id, area)
                if record.answered:
                    per_area[key][str(record.value("answer"))] += 1
                if isinstance(record.value("maturity"), int):
                    maturity[key].append(record.value("maturity"))
        if not asked:
            return "No diagnostic round was held."
        out = []
        for bank_id, bank in sorted(banks.items()):
            rows = []
            for area in bank.areas:
                key = (bank_id, area.id)
                if key not in asked:
                    continue
                c = per_area[key]
                levels = maturity[key]
                mean = mean_maturity(levels)
                rows.append(
                    (
                        escape_cell(area.title.get(self.lang)),
                        str(len(asked[key])),
                        str(sum(c.values())),
                        *(str(c[a]) for a in ("yes", "partly", "no", "na")),
                        mean,
                    )
                )
            header = ("Area", "Questions", "Answers", "Yes", "Partly", "No", "N/A", "Mean maturity")
            out.append(f"### {escape_line(bank.title.get(self.lang))}\n\n" + table(header, rows))
        return "\n\n".join(out)

    def _by_group(self) -> str:
        """For each group: how many questions it answered and its mean maturity, per bank."""
        per: dict[tuple[str, str], list[Answer]] = defaultdict(list)
        asked: Counter[str] = Counter()
        for slot in self.held():
            bank = slot.session.bank
            if bank is None:
                continue
            asked[bank.id] += len(slot.session.question_ids)
            for record in self.records[slot.session.id].answers:
                per[(bank.id, record.group)].append(record)
        if not per:
            return "No group answered a diagnostic question."
        rows = []
        for (bank_id, group), found in per.items():
            levels = [a.value("maturity") for a in found if isinstance(a.value("maturity"), int)]
            rows.append(
                (
                    escape_cell(bank_id),
                    escape_cell(group),
                    escape_cell(self.country_of(group)),
                    f"{sum(a.answered for a in found)} of {asked[bank_id]}",
                    mean_maturity(levels),
                )
            )
        header = ("Bank", "Group", "Country", "Questions answered", "Mean maturity")
        return table(header, rows)

    def _action_plan(self, actions: list[dict[str, Any]]) -> str:
        if not actions:
            return NONE_RECORDED
        ordered = sorted(
            actions,
            key=lambda a: (str(a.get("due") or "9999"), float(a.get("at", 0)), str(a.get("uid"))),
        )
        rows = [
            (*row, escape_cell(self._session_title(str(a.get("session", "")))))
            for a, row in zip(ordered, self._action_rows(ordered), strict=True)
        ]
        return table((*ACTION_HEADER, "Session"), rows)

    def _session_title(self, sid: str) -> str:
        try:
            return self.title(self.programme.session(sid))
        except KeyError:
            return sid

    def _decisions(self, decisions: list[dict[str, Any]]) -> str:
        ordered = _ordered(decisions)
        if not ordered:
            return NONE_RECORDED
        return "\n".join(
            f"- {escape_line(str(d.get('text', '')), '  ')} "
            f"({escape_line(self._session_title(str(d.get('session', ''))))}) "
            f"— {by_line(d, self.schedule)}"
            for d in ordered
        )

    def _attendance_report(self) -> str:
        held = self.held()
        rows = []
        attended: Counter[str] = Counter()
        marked = 0
        for slot in held:
            marks = self.records[slot.session.id].attendance
            if not marks:
                continue
            marked += 1
            present = sum(1 for v in marks.values() if v)
            for name, value in marks.items():
                attended[name] += value
            rows.append(
                (
                    escape_cell(self.title(slot.session)),
                    str(present),
                    str(len(marks) - present),
                    str(len(self.workshop.roster) - len(marks)),
                )
            )
        if not rows:
            return f"{len(self.workshop.roster)} participants; attendance was not recorded."
        out = [
            f"{len(self.workshop.roster)} participants; attendance recorded at "
            f"{marked} of the {len(held)} sessions held (breaks not counted).",
            table(("Session", "Present", "Absent", "Not recorded"), rows),
        ]
        groups: dict[tuple[str, str], list[Participant]] = defaultdict(list)
        for person in self.workshop.roster:
            groups[(person.country or "not given", person.agency or "not given")].append(person)
        group_rows = []
        for (country, agency), people in sorted(groups.items()):
            rate = sum(attended[p.name] for p in people) / (len(people) * marked)
            group_rows.append(
                (escape_cell(country), escape_cell(agency), str(len(people)), f"{rate:.0%}")
            )
        out.append(table(("Country", "Agency", "Participants", "Attendance"), group_rows))
        if self.workshop.names_in_minutes:
            out.append(
                table(
                    ("Participant", "Country", "Agency", "Sessions attended"),
                    [
                        (
                            escape_cell(p.name),
                            escape_cell(p.country),
                            escape_cell(p.agency),
                            f"{attended[p.name]} of {marked}",
                        )
                        for p in self.workshop.roster
                    ],
                )
            )
        return "\n\n".join(out)


def restricted_line(n: int) -> str:
    """What the minutes say in place of the records kept for the trainers."""
    records = "record was" if n == 1 else "records were"
    return f"{n} restricted {records} left out (for the trainers only)."


def _pick(items: Sequence[str], chosen: Any) -> list[str]:
    if not isinstance(chosen, (list, tuple)):
        return []
    return [items[i] for i in chosen if isinstance(i, int) and 0 <= i < len(items)]


def bullet_cell(items: Sequence[str]) -> str:
    """Several items in one cell, each after a ``•`` (items lose any ``•`` of their own)."""
    return " ".join(LIST_MARK + escape_cell(item.replace("•", "·")) for item in items)


def answer_label(value: Any, lang: str = "en") -> str:
    if value is None:
        return "not answered"
    label = ANSWER_LABELS.get(str(value))
    return label.get(lang) if label else escape_cell(str(value))


def maturity_label(value: Any, lang: str = "en") -> str:
    if not isinstance(value, int) or not 0 <= value < len(MATURITY_LABELS):
        return "—"
    return f"{value} ({MATURITY_LABELS[value].get(lang)})"


# -- writing --------------------------------------------------------------------


def _write(path: Path, text: str) -> Path:
    """Write atomically, and not at all when the bytes are already there."""
    payload = text.encode("utf-8")
    try:
        if path.read_bytes() == payload:
            return path
    except OSError:
        pass
    write_atomic(path, payload)
    return path


def export(
    snapshot: Snapshot,
    programme: Programme,
    out_dir: Path,
    session_id: str | None = None,
    lang: str = "en",
) -> list[Path]:
    """Write the minutes of every session held and ``index.md`` (or one session's file).

    Returns the files written, in agenda order, ``index.md`` last.
    """
    minutes = Minutes(snapshot, programme, lang)
    if session_id is not None:
        try:
            slot = minutes.schedule.slot(session_id)
        except KeyError:
            raise ValueError(f"no session {session_id!r} in programme {programme.id}") from None
        if slot.session.kind is Kind.BREAK:
            raise ValueError(f"{session_id!r} is a break; breaks have no minutes")
        if not minutes.live.run(session_id).started:
            raise ValueError(f"session {session_id!r} has not been held yet; nothing to export")
        make_folder(out_dir)
        return [_write(out_dir / minutes.file_name(slot), minutes.render_session(slot))]
    make_folder(out_dir)
    written = [
        _write(out_dir / minutes.file_name(slot), minutes.render_session(slot))
        for slot in minutes.held()
    ]
    written.append(_write(out_dir / "index.md", minutes.render_index()))
    return written


def export_from_controller(
    controller: Controller, out_dir: Path | None, session_id: str | None
) -> list[Path]:
    """Export from the app, into ``out_dir``: the store as it is once queued writes landed."""
    from facilitator import paths as locations

    target = out_dir or locations.exports_dir(controller.catalog.root) / controller.workshop.id
    controller.flush()  # waits for our writes and re-reads the file if anyone changed it
    return export(controller.snapshot, controller.programme, target, session_id, controller.lang)
