"""Programmes: days of sessions, checked against the clock, the modules and the banks."""

from __future__ import annotations

import math
import re
from pathlib import Path

from facilitator.course.interpretation import MODES, interpreted
from facilitator.course.model import (
    LANGUAGES,
    Day,
    DiagnosticBank,
    EvaluationForm,
    Kind,
    KnowledgeTest,
    Module,
    Programme,
    Session,
)
from facilitator.course.reading import Problem, TomlFile, clock_time, minutes_in_day
from facilitator.course.tests import assessment
from facilitator.course.tomlpos import line_of
from facilitator.i18n.dates import minutes_of_day

ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MIN_CONTENT_SLIDES = 5

_PROGRAMME_KEYS = {
    "id", "family", "title", "language", "latest_end", "days", "interpretation", "assessment"
}  # fmt: skip
_DAY_KEYS = {"title", "start", "end", "sessions"}
_SESSION_KEYS = {
    "id",
    "title",
    "kind",
    "minutes",
    "trainers",
    "objectives",
    "module",
    "bank",
    "questions",
    "min_minutes",
    "optional",
    "movable",
}

FIXED_LENGTH = frozenset({Kind.BREAK, Kind.CEREMONY, Kind.EVALUATION})
"""Kinds that keep their length unless the programme says otherwise."""
NEVER_DROPPED = frozenset({Kind.BREAK, Kind.DIAGNOSTIC, Kind.EVALUATION})
"""Kinds that may not be ``optional``: a break, a diagnostic round or a test is never dropped."""


def default_min_minutes(kind: Kind, minutes: int) -> int:
    """How short a session may go when the programme does not say: a break, a ceremony or
    a test keeps its length; anything else three quarters of it, rounded up to 5 minutes."""
    if kind in FIXED_LENGTH or minutes < 20:
        return minutes
    return min(minutes, math.ceil(minutes * 3 / 4 / 5) * 5)


def load_programme(
    path: Path,
    root: Path,
    banks: dict[str, DiagnosticBank],
    modules: dict[str, Module],
    problems: list[Problem],
    missing: dict,
    tests: dict[str, KnowledgeTest] | None = None,
    form: EvaluationForm | None = None,
) -> Programme | None:
    """A programme file, checked; its problems go to ``problems``."""
    f = TomlFile(path, root, problems)
    if not f.ok:
        return None
    d = f.data
    f.keys(d, (), _PROGRAMME_KEYS, {"title"})
    pid = f.require(d, (), "id", str) or path.stem
    if pid != path.stem:
        f.error(("id",), f"id {pid!r} must match the file name {path.stem!r}")
    family = f.require(d, (), "family", str) or ""
    title = f.text(d, (), "title")
    language = f.optional(d, (), "language", str, "en") or "en"
    if language not in LANGUAGES:
        f.error(("language",), f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    latest_end = clock_time(f, d, (), "latest_end", "18:00")
    interpretation = f.optional(d, (), "interpretation", str, "") or ""
    if interpretation and interpretation not in MODES:
        f.error(
            ("interpretation",),
            f"interpretation {interpretation!r} is not one of {', '.join(MODES)}",
        )
        interpretation = ""
    with_it = f" with {interpretation} interpretation" if interpretation else ""
    seen: dict[str, tuple] = {}
    uses: dict[str, int] = {}
    days: list[Day] = []
    if not d.get("days"):
        f.error((), "a programme needs at least one [[days]] entry")
    for number, (at, table) in enumerate(f.tables(d, (), "days"), start=1):
        f.keys(table, at, _DAY_KEYS, {"title"})
        day_title = f.text(table, at, "title")
        start = clock_time(f, table, at, "start")
        end = clock_time(f, table, at, "end")
        if minutes_in_day(end) <= minutes_in_day(start):
            f.error(
                at + ("end",), f"day {number} ends ({end:%H:%M}) before it starts ({start:%H:%M})"
            )
        if minutes_in_day(end) > minutes_in_day(latest_end):
            f.error(
                at + ("end",),
                f"day {number} ends at {end:%H:%M}, later than latest_end {latest_end:%H:%M}",
            )
        sessions: list[Session] = []
        clock = minutes_in_day(start)
        past_end_reported = False
        for s_at, s in f.tables(table, at, "sessions"):
            session = _session(f, s, s_at, seen, banks, modules, pid, uses)
            if session is None:
                continue
            session = interpreted(session, interpretation)
            sessions.append(session)
            clock += session.minutes
            if clock > minutes_in_day(end) and not past_end_reported:
                past_end_reported = True
                f.error(
                    s_at,
                    f"day {number} runs past its end {end:%H:%M}{with_it}: session {session.id!r} "
                    f"ends at {minutes_of_day(clock)}",
                )
        if not sessions:
            f.error(at, f"day {number} has no sessions")
        days.append(Day(number, day_title, start, end, tuple(sessions)))
    for ref, count in uses.items():
        limit = modules[ref].planned_uses(pid)
        if limit is not None and count < limit:
            f.error(
                (),
                f"content/{ref} gives minutes for {limit} sessions of {pid} in its front "
                f"matter, but only {count} use it",
            )
    every = [s for day in days for s in day.sessions]
    tested = assessment(f, family, every, tests or {}, form)
    for lang, found in f.missing.items():
        missing.setdefault(lang, []).extend(found)
    return Programme(
        pid, family, title, language, tuple(days), path, interpretation, assessment=tested
    )


def _session(
    f: TomlFile,
    s: dict,
    at: tuple,
    seen: dict[str, tuple],
    banks: dict[str, DiagnosticBank],
    modules: dict[str, Module],
    programme_id: str,
    uses: dict[str, int],
) -> Session | None:
    f.keys(s, at, _SESSION_KEYS, {"title", "objectives"})
    sid = f.require(s, at, "id", str)
    if sid is None:
        return None
    if not ID.match(sid):
        f.error(at + ("id",), f"session id {sid!r} may hold only lower-case letters, digits and -")
    if sid in seen:
        first = line_of(f.positions, seen[sid] + ("id",))
        f.error(at + ("id",), f"duplicate session id {sid!r} (first used on line {first})")
    seen.setdefault(sid, at)
    title = f.text(s, at, "title")
    raw_kind = f.require(s, at, "kind", str)
    try:
        kind = Kind(raw_kind) if raw_kind is not None else Kind.CONTENT
    except ValueError:
        f.error(
            at + ("kind",), f"unknown kind {raw_kind!r} (kinds: {', '.join(k.value for k in Kind)})"
        )
        kind = Kind.CONTENT
    minutes = f.require(s, at, "minutes", int)
    if minutes is not None and minutes <= 0:
        f.error(at + ("minutes",), f"minutes must be above zero, got {minutes}")
    minutes = minutes if isinstance(minutes, int) and minutes > 0 else 1
    trainers = f.optional(s, at, "trainers", list, []) or []
    objectives = f.text_list(s, at, "objectives")
    module = None
    ref = f.optional(s, at, "module", str, None)
    if ref:
        module = modules.get(ref)
        if module is None:
            f.error(at + ("module",), f"module file content/{ref} does not exist")
        else:
            use = uses.get(ref, 0)
            uses[ref] = use + 1
            planned = module.planned_minutes(programme_id, use)
            limit = module.planned_uses(programme_id)
            if limit is not None and use >= limit:
                f.error(
                    at + ("module",),
                    f"session {sid!r} is use {use + 1} of content/{ref} in this programme; "
                    f"its front matter gives minutes for {limit} sessions",
                )
            elif planned is not None and planned != minutes:
                f.error(
                    at + ("minutes",),
                    f"session {sid!r} gives {minutes} min to content/{ref}, whose front matter "
                    f"says it is written for {planned} min; change one of them",
                )
        if module is not None and kind is Kind.CONTENT and len(module.slides) < MIN_CONTENT_SLIDES:
            f.error(
                at + ("module",),
                f"content session {sid!r} has {len(module.slides)} slides in {ref}; "
                f"it needs at least {MIN_CONTENT_SLIDES}",
            )
    elif kind in (Kind.CONTENT, Kind.EXERCISE):
        f.error(at, f"{kind.value} session {sid!r} needs a module")
    bank = None
    qids: tuple[str, ...] = ()
    bank_id = f.optional(s, at, "bank", str, None)
    raw_qids = f.optional(s, at, "questions", list, []) or []
    if bank_id:
        bank = banks.get(bank_id)
        if bank is None:
            f.error(
                at + ("bank",), f"diagnostic bank content/diagnostics/{bank_id}.toml does not exist"
            )
    if kind is Kind.DIAGNOSTIC and not bank_id:
        f.error(at, f"diagnostic session {sid!r} needs a bank")
    if kind is Kind.DIAGNOSTIC and not raw_qids:
        f.error(at, f"diagnostic session {sid!r} needs a non-empty 'questions' list")
    if raw_qids and not bank_id:
        f.error(at + ("questions",), "'questions' needs a 'bank' to look them up in")
    if bank is not None:
        known = {q.id for q in bank.questions}
        for qid in raw_qids:
            if qid not in known:
                f.error(at + ("questions",), f"unknown question id {qid!r} in bank {bank.id!r}")
        qids = tuple(q for q in raw_qids if q in known)
    least, optional, movable = _give(f, s, at, sid, kind, minutes)
    return Session(
        sid,
        title,
        kind,
        minutes,
        tuple(str(t) for t in trainers),
        objectives,
        module,
        bank,
        qids,
        min_minutes=least,
        optional=optional,
        movable=movable,
    )


def _give(
    f: TomlFile, s: dict, at: tuple, sid: str, kind: Kind, minutes: int
) -> tuple[int, bool, bool]:
    """How the session may give way when the day runs late: (min_minutes, optional, movable)."""
    least = f.optional(s, at, "min_minutes", int, None)
    if isinstance(least, bool) or (least is not None and not 0 < least <= minutes):
        f.error(
            at + ("min_minutes",),
            f"min_minutes of {sid!r} must be between 1 and its minutes ({minutes}), got {least}",
        )
        least = None
    optional = f.optional(s, at, "optional", bool, False) is True
    movable = f.optional(s, at, "movable", bool, False) is True
    if optional and kind in NEVER_DROPPED:
        f.error(
            at + ("optional",),
            f"{kind.value} session {sid!r} cannot be optional: it is never dropped "
            "(make it movable instead)",
        )
        optional = False
    if movable and kind is Kind.BREAK:
        f.error(at + ("movable",), f"break {sid!r} cannot move: a break belongs to its day")
        movable = False
    return (least or default_min_minutes(kind, minutes)), optional, movable
