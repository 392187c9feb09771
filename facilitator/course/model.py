"""The course model: plain frozen dataclasses, loaded once by the catalog.

Nothing here reads files, the clock or Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from enum import StrEnum
from pathlib import Path

from facilitator.course.labels import ANSWER_LABELS as ANSWER_LABELS
from facilitator.course.labels import MATURITY_LABELS as MATURITY_LABELS
from facilitator.course.labels import Text

LANGUAGES: tuple[str, ...] = ("en", "fr")


class Kind(StrEnum):
    """What happens in a session."""

    CONTENT = "content"
    DIAGNOSTIC = "diagnostic"
    EXERCISE = "exercise"
    BREAK = "break"
    EVALUATION = "evaluation"
    CEREMONY = "ceremony"


@dataclass(frozen=True, slots=True)
class TextList:
    """A list of strings with translations of the whole list."""

    en: tuple[str, ...] = ()
    other: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def get(self, lang: str = "en") -> tuple[str, ...]:
        """The list in ``lang``, falling back to English."""
        for code, value in self.other:
            if code == lang:
                return value
        return self.en

    def has(self, lang: str) -> bool:
        """True when a translation into ``lang`` exists or there is nothing to translate."""
        return lang == "en" or not self.en or any(code == lang for code, _ in self.other)


@dataclass(frozen=True, slots=True)
class Slide:
    """One slide: the Markdown the room sees and the notes it does not."""

    body: str
    notes: str = ""
    line: int = 1
    steps: tuple[str, ...] = ()
    """With ``<!-- pause -->`` lines: the slide as it stands after each step (the last is
    ``body``); none without them."""

    def shown(self, step: int | None = None) -> str:
        """The slide at ``step`` (0: the first part only); all of it when None."""
        if step is None or not self.steps:
            return self.body
        return self.steps[max(0, min(step, len(self.steps) - 1))]

    @property
    def title(self) -> str:
        """The first heading of the slide, or its first line."""
        for raw in self.body.splitlines():
            stripped = raw.strip()
            if stripped.startswith("#"):
                return stripped.lstrip("#").strip()
        for raw in self.body.splitlines():
            if raw.strip():
                return raw.strip()
        return ""


@dataclass(frozen=True, slots=True)
class Module:
    """The slides of one session, from a Markdown file under ``content/``."""

    ref: str
    slides: tuple[Slide, ...]
    translations: tuple[tuple[str, tuple[Slide, ...]], ...] = ()
    planned: tuple[tuple[str, tuple[int, ...]], ...] = ()
    files: tuple[Path, ...] = field(default=(), compare=False)
    """The module's file and its translations' files, as read."""
    """Minutes the module is written for, per programme id (``""``: any programme):
    one number, or one per session using it, in agenda order."""

    def planned_minutes(self, programme_id: str, use: int = 0) -> int | None:
        """The minutes the ``use``-th session of ``programme_id`` using this module should
        have, if the module says (one number is for every session)."""
        found = dict(self.planned)
        minutes = found.get(programme_id, found.get(""))
        if not minutes:
            return None
        return minutes[0] if len(minutes) == 1 else (minutes[use] if use < len(minutes) else None)

    def planned_uses(self, programme_id: str) -> int | None:
        """How many sessions of ``programme_id`` the module says use it (None: any number)."""
        found = dict(self.planned)
        minutes = found.get(programme_id, found.get(""))
        return len(minutes) if minutes and len(minutes) > 1 else None

    @property
    def title(self) -> str:
        return self.slides[0].title if self.slides else self.ref

    def slides_in(self, lang: str = "en") -> tuple[Slide, ...]:
        """The slides in ``lang``, falling back to English."""
        for code, slides in self.translations:
            if code == lang:
                return slides
        return self.slides


@dataclass(frozen=True, slots=True)
class Question:
    """One row of a diagnostic table."""

    id: str
    area: str
    text: Text
    weaknesses: TextList
    solutions: TextList
    anchors: TextList = field(default_factory=TextList)
    """What each maturity level (0 to ``maturity_max``) looks like for this question."""


@dataclass(frozen=True, slots=True)
class Area:
    id: str
    title: Text


@dataclass(frozen=True, slots=True)
class DiagnosticBank:
    """A set of questions with the answer scale used to rate them."""

    id: str
    title: Text
    areas: tuple[Area, ...]
    questions: tuple[Question, ...]
    answers: tuple[str, ...] = ("yes", "partly", "no", "na")
    maturity_max: int = 4
    file: Path | None = field(default=None, compare=False)

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def area_title(self, area_id: str, lang: str = "en") -> str:
        for area in self.areas:
            if area.id == area_id:
                return area.title.get(lang)
        return area_id


LETTERS = "ABCDEF"
"""The letters of a multiple-choice item's choices, in order."""


@dataclass(frozen=True, slots=True)
class TestItem:
    """One multiple-choice item of a knowledge test, tied to a module and an area."""

    id: str
    module: str
    area: str
    text: Text
    choices: TextList
    answer: str
    why: Text = field(default_factory=lambda: Text(""))


@dataclass(frozen=True, slots=True)
class KnowledgeTest:
    """A bank of test items (``content/tests/<id>.toml``): the pre-test and the post-test."""

    id: str
    title: Text
    minutes: int
    items: tuple[TestItem, ...]
    file: Path | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class EvaluationForm:
    """The course evaluation: Likert criteria (1 to len(scale)) and comment questions."""

    id: str
    title: Text
    scale: TextList
    criteria: tuple[tuple[str, Text], ...]
    comments: tuple[tuple[str, Text], ...]
    file: Path | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Assessment:
    """A programme's tests (the ``[assessment]`` table of its file).

    ``items`` are the test's items for the modules the programme teaches, in the
    pre-test's order; ``attendance`` is the share (percent) of the sessions held
    a participant must attend for a certificate."""

    test: KnowledgeTest
    items: tuple[TestItem, ...]
    pre: str
    post: str
    form: EvaluationForm | None
    form_session: str
    attendance: int = 80

    @property
    def minutes(self) -> int:
        """The time the paper gives: the test's minutes, in proportion to the items kept."""
        whole = len(self.test.items) or 1
        return max(1, -(-self.test.minutes * len(self.items) // whole))


@dataclass(frozen=True, slots=True)
class Session:
    """One block of the agenda."""

    id: str
    title: Text
    kind: Kind
    minutes: int
    trainers: tuple[str, ...] = ()
    objectives: TextList = field(default_factory=TextList)
    module: Module | None = None
    bank: DiagnosticBank | None = None
    question_ids: tuple[str, ...] = ()
    interpretation: int = 0
    """Minutes of ``minutes`` added for interpretation (see course/interpretation.py)."""
    min_minutes: int = 0
    """How short the session can go and still be taught (0: its own length)."""
    optional: bool = False
    """It can be dropped when the day runs late."""
    movable: bool = False
    """It can move to a later day."""

    @property
    def seconds(self) -> int:
        return self.minutes * 60

    @property
    def shortest(self) -> int:
        """Minutes it can be cut down to: ``min_minutes``, else its whole length."""
        return self.min_minutes or self.minutes

    @property
    def questions(self) -> tuple[Question, ...]:
        if self.bank is None:
            return ()
        return tuple(self.bank.question(qid) for qid in self.question_ids)


@dataclass(frozen=True, slots=True)
class Day:
    """One day of a programme: a start, a configured end and its sessions."""

    number: int
    title: Text
    start: time
    end: time
    sessions: tuple[Session, ...]


@dataclass(frozen=True, slots=True)
class Programme:
    """A template agenda of several days."""

    id: str
    family: str
    title: Text
    language: str
    days: tuple[Day, ...]
    file: Path | None = field(default=None, compare=False)
    interpretation: str = ""
    """``simultaneous`` or ``consecutive`` when the room works through interpreters."""
    assessment: Assessment | None = None

    def sessions(self) -> tuple[Session, ...]:
        """Every session of every day, in agenda order."""
        return tuple(s for day in self.days for s in day.sessions)

    def session(self, sid: str) -> Session:
        for s in self.sessions():
            if s.id == sid:
                return s
        raise KeyError(sid)

    def files(self) -> tuple[Path, ...]:
        """Every course file this programme is made of: its own, its modules (and their
        translations), its banks; what a bundle hashes."""
        found = [self.file] if self.file else []
        for session in self.sessions():
            if session.module is not None:
                found.extend(session.module.files)
            if session.bank is not None and session.bank.file is not None:
                found.append(session.bank.file)
        if self.assessment is not None:
            form = self.assessment.form
            tests = (self.assessment.test.file, form.file if form is not None else None)
            found.extend(path for path in tests if path is not None)
        return tuple(dict.fromkeys(found))

    def roles(self) -> tuple[str, ...]:
        """The trainers' roles the sessions name (``Lead trainer``, ``Co-trainer``), in the
        order they first appear."""
        return tuple(dict.fromkeys(t for s in self.sessions() for t in s.trainers))

    def day_of(self, sid: str) -> Day:
        for day in self.days:
            if any(s.id == sid for s in day.sessions):
                return day
        raise KeyError(sid)


@dataclass(frozen=True, slots=True)
class Participant:
    name: str
    country: str = ""
    agency: str = ""
    group: str = ""


@dataclass(frozen=True, slots=True)
class Group:
    """A group that agrees one answer per question in a diagnostic round."""

    name: str
    country: str = ""


@dataclass(frozen=True, slots=True)
class Workshop:
    """One run of a programme: where, when and with whom."""

    id: str
    name: str
    programme_id: str
    start_date: str
    timezone: str = "UTC"
    venue: str = ""
    trainers: tuple[str, ...] = ()
    roster: tuple[Participant, ...] = ()
    names_in_minutes: bool = False
    country: str = ""
    groups: tuple[Group, ...] = ()
    days: tuple[str, ...] = ()
    """The date (YYYY-MM-DD) of each day of the programme; none: one after the other."""
    day_starts: tuple[tuple[int, str], ...] = ()
    """Days that start at another time than the programme says: (day number, HH:MM)."""
    interpretation: str = ""
    """``simultaneous`` or ``consecutive``: the room works through interpreters."""
    assignments: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Who the workshop's trainers are in the programme: (a role the sessions name, or
    one session's id, its trainers' names)."""

    def trainers_for(self, session: Session, placeholders: bool = True) -> tuple[str, ...]:
        """Who trains ``session``: the names given for the session itself, else for each
        of its roles the names given for that role, else (``placeholders``) the role."""
        given = dict(self.assignments)
        if given.get(session.id):
            return given[session.id]
        names: list[str] = []
        for role in session.trainers:
            names.extend(given.get(role) or ((role,) if placeholders else ()))
        return tuple(dict.fromkeys(names))

    def answer_groups(self) -> tuple[Group, ...]:
        """The groups of a diagnostic round: as named, else one per country of the roster.

        A named group's country is its members' country when they share one
        (members are the roster's participants with that group); else it is mixed ("").
        With neither, the whole room answers as one group, ``room``.
        """
        if self.groups:
            out = []
            for group in self.groups:
                if group.country:
                    out.append(group)
                    continue
                countries = {p.country for p in self.roster if p.group == group.name and p.country}
                out.append(Group(group.name, countries.pop() if len(countries) == 1 else ""))
            return tuple(out)
        countries = list(dict.fromkeys(p.country for p in self.roster if p.country))
        if countries:
            return tuple(Group(c, c) for c in countries)
        return (Group("room"),)

    @property
    def host_country(self) -> str:
        """The country the workshop is for: as set, else the roster's only country."""
        if self.country:
            return self.country
        countries = {p.country for p in self.roster if p.country}
        if len(countries) == 1:
            return countries.pop()
        return "International" if countries else ""
