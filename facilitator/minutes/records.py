"""A workshop's records, grouped by session, with its schedule: what the minutes are made of."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from facilitator.course.model import Kind, Participant, Programme, Session, Workshop
from facilitator.live.calendar import Calendar
from facilitator.live.events import fold, lead_changes, leaders
from facilitator.live.schedule import Schedule, Slot, build
from facilitator.minutes.contract import FORMAT
from facilitator.minutes.mdsafe import escape_cell
from facilitator.store import answers
from facilitator.store.answers import Answer
from facilitator.store.db import Snapshot


def whole_minutes(seconds: float) -> int:
    return round(seconds / 60)


def by_line(record: dict[str, Any], schedule: Schedule) -> str:
    """``Amina Diallo (clerk), 10:42``: who wrote a record and when (escaped)."""
    by = record.get("by") or {}
    name = escape_cell(str(by.get("name", "unknown")))
    role = escape_cell(str(by.get("role", "")))
    when = schedule.hhmm(float(record.get("at", 0)))
    return f"{name} ({role}), {when}" if role else f"{name}, {when}"


def ordered(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
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
    """A workshop ready to render: programme, records grouped by session, schedule.

    :mod:`.session` renders one session's minutes from it, :mod:`.report` the
    workshop report; both are pure (no clock is read: the "as of" time is the
    last thing recorded, so the same workshop always gives the same bytes).
    """

    def __init__(self, snapshot: Snapshot, programme: Programme, lang: str = "en") -> None:
        self.snapshot = snapshot
        self.workshop: Workshop = snapshot.workshop
        self.programme = programme
        self.lang = lang
        ids = {s.id for s in programme.sessions()}
        self.live = fold(snapshot.events, known=ids.__contains__)
        self.lead_changes = lead_changes(snapshot.events)
        answered = [answers.from_record(r) for r in snapshot.answers]
        times = [e.at for e in snapshot.events]
        for table_rows in (snapshot.notes, snapshot.actions):
            times.extend(float(r.get("at", 0)) for r in table_rows)
        times.extend(a.at for a in answered)
        self.as_of = max(times, default=0.0)
        self.calendar = Calendar.of(self.workshop, programme)
        """The date of each day."""
        self.schedule: Schedule = build(
            programme,
            self.calendar,
            self.workshop.timezone,
            self.live,
            self.as_of,
        )
        self.records: dict[str, SessionRecords] = defaultdict(SessionRecords)
        self.restricted: Counter[str] = Counter()
        """Records marked restricted, per session: counted here, never written."""
        for note in ordered(snapshot.notes):
            if note.get("restricted"):
                self.restricted[str(note.get("session", ""))] += 1
                continue
            bucket = self.records[note.get("session", "")]
            (bucket.decisions if note.get("kind") == "decision" else bucket.notes).append(note)
        for action in ordered(snapshot.actions):
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
        for mark in ordered(snapshot.attendance):
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

    def led_by(self, session: Session) -> tuple[tuple[float, str], ...]:
        """Who actually led ``session`` (from the event log), with the time each took over."""
        run = self.live.run(session.id)
        if run.actual_start is None:
            return ()
        return leaders(self.lead_changes, run.actual_start, None if run.running else run.actual_end)

    def led_by_text(self, session: Session) -> str:
        """``Awa Mensah from 09:02, Kofi Agbeko from 10:12`` (not escaped), or ``""``."""
        led = self.led_by(session)
        if len(led) == 1:
            return led[0][1]
        return ", ".join(f"{who} from {self.schedule.hhmm(at)}" for at, who in led)

    def held(self) -> tuple[Slot, ...]:
        """Sessions that were started (breaks excluded), in agenda order."""
        return self._held

    def file_name(self, slot: Slot) -> str:
        """``day1-03-evidence-and-chain-of-custody.md``."""
        return f"day{slot.day.number}-{slot.index + 1:02d}-{slot.session.id}.md"

    def title(self, session: Session) -> str:
        return session.title.get(self.lang)

    def base_front(self, kind: str) -> dict[str, Any]:
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

    def local_dt(self, epoch: float | None) -> datetime | None:
        if epoch is None:
            return None
        return self.schedule.local(epoch).replace(microsecond=0)

    def people(self, names: Iterable[str]) -> list[Participant]:
        return [self.roster.get(name, Participant(name)) for name in names]

    def slides(self, session: Session) -> tuple[Any, ...]:
        return session.module.slides_in(self.lang) if session.module else ()

    def shown(self, session: Session) -> set[int]:
        count = len(self.slides(session))
        if not count or not self.live.run(session.id).started:
            return set()
        return {i for i in self.records[session.id].slides | {0} if 0 <= i < count}

    def country_of(self, group: str) -> str:
        """The country a group answered for ("mixed" for a group of several countries)."""
        if group == answers.ROOM:
            return self.workshop.host_country or "—"
        return self.group_country.get(group) or "mixed"

    def answer_by(self, answer: Answer) -> str:
        """Every author of an answer (two terminals may have shared it), and its last change."""
        names = []
        for by in answer.authors():
            name, role = (
                escape_cell(str(by.get("name", "unknown"))),
                escape_cell(str(by.get("role", ""))),
            )
            names.append(f"{name} ({role})" if role else name)
        return f"{', '.join(names)}, {self.schedule.hhmm(answer.at)}"

    def action_rows(self, actions: Sequence[dict[str, Any]]) -> list[tuple[str, ...]]:
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

    def session_title(self, sid: str) -> str:
        try:
            return self.title(self.programme.session(sid))
        except KeyError:
            return sid
