"""Load and validate programmes, modules and diagnostic banks.

Everything is read and checked before anything runs. Every problem is
collected (not only the first) and names its file and line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from facilitator.course.model import (
    ANSWER_LABELS,
    LANGUAGES,
    Area,
    Day,
    DiagnosticBank,
    Kind,
    Module,
    Programme,
    Question,
    Session,
    Slide,
    Text,
    TextList,
)
from facilitator.course.tomlpos import key_lines, line_of
from facilitator.store.clean import clean_data, clean_text

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_QID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_TOML_POS = re.compile(r"at line (\d+)")
_TRANSLATED = tuple(lang for lang in LANGUAGES if lang != "en")
NOTES_OPEN = "::: notes"
NOTES_CLOSE = ":::"
MIN_CONTENT_SLIDES = 5
NOT_MODULES = ("materials",)
"""Folders under ``content/`` (and ``content/<lang>/``) that hold documents, not slides."""


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong (or missing) in a file, at a line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class CatalogError(Exception):
    """The catalog could not be loaded; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Catalog:
    """Everything a workshop needs, loaded and checked."""

    root: Path
    programmes: dict[str, Programme]
    banks: dict[str, DiagnosticBank]
    modules: dict[str, Module]
    missing: dict[str, tuple[Problem, ...]] = field(default_factory=dict)

    def programme(self, pid: str) -> Programme:
        try:
            return self.programmes[pid]
        except KeyError:
            known = ", ".join(sorted(self.programmes)) or "none"
            raise KeyError(f"no programme {pid!r} (known: {known})") from None

    def missing_translations(self, lang: str) -> tuple[Problem, ...]:
        """What has no translation into ``lang``, with file and line."""
        return self.missing.get(lang, ())


class _File:
    """One TOML file being read: its data, key positions and problems."""

    def __init__(self, path: Path, root: Path, problems: list[Problem]) -> None:
        self.path = path
        self.name = _rel(path, root)
        self.problems = problems
        self.missing: dict[str, list[Problem]] = {lang: [] for lang in _TRANSLATED}
        self.data: dict[str, Any] = {}
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.error((), f"cannot read: {exc}")
            self.ok = False
            return
        self.positions = key_lines(text)
        try:
            self.data = clean_data(tomllib.loads(text))
            self.ok = True
        except tomllib.TOMLDecodeError as exc:
            match = _TOML_POS.search(str(exc))
            line = int(match.group(1)) if match else 1
            self.problems.append(Problem(self.name, line, f"not valid TOML: {exc}"))
            self.ok = False

    def error(self, at: tuple, message: str) -> None:
        line = line_of(self.positions, at) if hasattr(self, "positions") else 1
        self.problems.append(Problem(self.name, line, message))

    def keys(self, table: dict, at: tuple, allowed: set[str], translated: set[str]) -> None:
        """Report unknown keys; ``translated`` keys may also have ``_<lang>`` twins."""
        for key in table:
            base, _, lang = key.rpartition("_")
            if key in allowed or (base in translated and lang in _TRANSLATED):
                continue
            known = ", ".join(sorted(allowed))
            self.error(at + (key,), f"unknown key {key!r} (known keys: {known})")

    def require(self, table: dict, at: tuple, key: str, kind: type | tuple) -> Any:
        if key not in table:
            self.error(at, f"missing required key {key!r}")
            return None
        value = table[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            self.error(at + (key,), f"{key!r} must be {_type_name(kind)}")
            return None
        return value

    def optional(self, table: dict, at: tuple, key: str, kind: type | tuple, default: Any) -> Any:
        if key not in table:
            return default
        return self.require(table, at, key, kind) if key in table else default

    def text(self, table: dict, at: tuple, key: str, required: bool = True) -> Text:
        value = (
            self.require(table, at, key, str)
            if required
            else self.optional(table, at, key, str, "")
        )
        value = value or ""
        other = []
        for lang in _TRANSLATED:
            twin = table.get(f"{key}_{lang}")
            if twin is None:
                if value:
                    self.missing[lang].append(
                        Problem(self.name, line_of(self.positions, at + (key,)), f"no {key}_{lang}")
                    )
            elif isinstance(twin, str) and twin.strip():
                other.append((lang, twin))
            else:
                self.error(at + (f"{key}_{lang}",), f"{key}_{lang} must be a non-empty string")
        return Text(value, tuple(other))

    def text_list(self, table: dict, at: tuple, key: str, min_items: int = 0) -> TextList:
        values = self.optional(table, at, key, list, [])
        if values is None:
            values = []
        if not all(isinstance(v, str) and v.strip() for v in values):
            self.error(at + (key,), f"{key!r} must be a list of non-empty strings")
            values = [v for v in values if isinstance(v, str)]
        if len(values) < min_items:
            self.error(at + (key,) if key in table else at, f"{key!r} needs at least {min_items}")
        other = []
        for lang in _TRANSLATED:
            twin_key = f"{key}_{lang}"
            twin = table.get(twin_key)
            if twin is None:
                if values:
                    self.missing[lang].append(
                        Problem(self.name, line_of(self.positions, at + (key,)), f"no {twin_key}")
                    )
                continue
            if not isinstance(twin, list) or not all(isinstance(v, str) for v in twin):
                self.error(at + (twin_key,), f"{twin_key} must be a list of strings")
            elif len(twin) != len(values):
                self.error(
                    at + (twin_key,),
                    f"{twin_key} has {len(twin)} items but {key} has {len(values)}",
                )
            else:
                other.append((lang, tuple(twin)))
        return TextList(tuple(values), tuple(other))

    def tables(self, table: dict, at: tuple, key: str) -> Iterator[tuple[tuple, dict]]:
        items = table.get(key, [])
        if not isinstance(items, list):
            self.error(at + (key,), f"{key!r} must be an array of tables ([[{key}]])")
            return
        for index, item in enumerate(items):
            where = at + (key, index)
            if isinstance(item, dict):
                yield where, item
            else:
                self.error(where, f"each entry of {key!r} must be a table")


def _type_name(kind: type | tuple) -> str:
    names = {str: "a string", int: "a whole number", list: "a list", dict: "a table"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _clock(file: _File, table: dict, at: tuple, key: str, default: str | None = None) -> time:
    raw = table.get(key, default)
    if raw is None:
        file.error(at, f"missing required key {key!r}")
        return time(0, 0)
    if isinstance(raw, time):
        return raw.replace(second=0, microsecond=0)
    if not isinstance(raw, str) or not _HHMM.match(raw):
        file.error(at + (key,), f"{key!r} must be a time written HH:MM, got {raw!r}")
        return time(0, 0)
    hours, minutes = raw.split(":")
    return time(int(hours), int(minutes))


def _minutes_of_day(t: time) -> int:
    return t.hour * 60 + t.minute


def _hhmm(total_minutes: int) -> str:
    return (datetime(2000, 1, 1) + timedelta(minutes=total_minutes)).strftime("%H:%M")


# -- modules -----------------------------------------------------------------


FRONT_FENCE = "+++"
_MODULE_KEYS = {"minutes"}


@dataclass(frozen=True, slots=True)
class ModuleFront:
    """What a module's ``+++`` TOML front matter says about it."""

    planned: tuple[tuple[str, tuple[int, ...]], ...] = ()
    body_line: int = 1


def module_front(text: str, name: str, problems: list[Problem]) -> ModuleFront:
    """Read the optional front matter at the top of a module.

    ``minutes = 90`` says the module is written for 90 minutes in any
    programme; ``[minutes]`` with ``copes-3day = 45`` lines says it per programme.
    """
    lines = text.splitlines()
    if not lines or lines[0].strip() != FRONT_FENCE:
        return ModuleFront()
    try:
        close = next(i for i in range(1, len(lines)) if lines[i].strip() == FRONT_FENCE)
    except StopIteration:
        problems.append(Problem(name, 1, "the +++ front matter is never closed by a +++ line"))
        return ModuleFront(body_line=len(lines) + 1)
    raw = "\n".join(lines[1:close])
    positions = key_lines(raw)
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_POS.search(str(exc))
        line = int(match.group(1)) + 1 if match else 1
        problems.append(Problem(name, line, f"front matter is not valid TOML: {exc}"))
        return ModuleFront(body_line=close + 2)

    def line(*path: str) -> int:
        return line_of(positions, path) + 1

    for key in data:
        if key not in _MODULE_KEYS:
            known = ", ".join(sorted(_MODULE_KEYS))
            problems.append(Problem(name, line(key), f"unknown key {key!r} (known keys: {known})"))
    planned: list[tuple[str, tuple[int, ...]]] = []

    def minutes_of(value: Any) -> tuple[int, ...] | None:
        values = value if isinstance(value, list) else [value]
        if values and all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in values):
            return tuple(values)
        return None

    minutes = data.get("minutes")
    if isinstance(minutes, dict):
        for pid, value in minutes.items():
            if (found := minutes_of(value)) is not None:
                planned.append((pid, found))
            else:
                problems.append(
                    Problem(
                        name,
                        line("minutes", pid),
                        f"minutes.{pid} must be a whole number above zero, or a list of them "
                        "(one per session of that programme using the module)",
                    )
                )
    elif minutes is not None:
        if (found := minutes_of(minutes)) is not None:
            planned.append(("", found))
        else:
            problems.append(
                Problem(
                    name,
                    line("minutes"),
                    "minutes must be a whole number above zero, or a table of programme = minutes",
                )
            )
    return ModuleFront(tuple(planned), close + 2)


def parse_module(text: str, name: str, problems: list[Problem]) -> tuple[Slide, ...]:
    """Split Markdown into slides at ``---`` lines; pull out ``::: notes`` blocks.

    Front matter (see :func:`module_front`) is not part of any slide.
    """
    slides: list[Slide] = []
    body: list[str] = []
    notes: list[str] = []
    skip = module_front(text, name, []).body_line - 1
    start = skip + 1
    in_notes_since: int | None = None
    fence: str | None = None

    def close(line_number: int) -> None:
        nonlocal body, notes, in_notes_since
        if in_notes_since is not None:
            problems.append(
                Problem(
                    name, in_notes_since, "'::: notes' is not closed by ':::' before the slide ends"
                )
            )
            in_notes_since = None
        visible = "\n".join(body).strip()
        if not visible:
            problems.append(Problem(name, start, f"slide {len(slides) + 1} has no visible text"))
        slides.append(Slide(visible, "\n".join(notes).strip(), start))
        body, notes = [], []

    lines = text.splitlines()
    for number, raw in enumerate(lines, start=1):
        if number <= skip:
            continue
        line = raw.rstrip()
        stripped = line.strip()
        if fence is None and stripped[:3] in ("```", "~~~"):
            fence = stripped[:3]
        elif fence is not None and stripped.startswith(fence):
            fence = None
        elif fence is None and line == "---":
            close(number)
            start = number + 1
            continue
        elif fence is None and stripped == NOTES_OPEN:
            if in_notes_since is not None:
                problems.append(Problem(name, number, "'::: notes' inside another notes block"))
            in_notes_since = number
            continue
        elif fence is None and stripped == NOTES_CLOSE and in_notes_since is not None:
            in_notes_since = None
            continue
        (notes if in_notes_since is not None else body).append(line)
    if fence is not None:
        problems.append(Problem(name, len(lines), f"code fence {fence} is never closed"))
    close(len(lines))
    return tuple(slides)


def _load_module(
    root: Path, ref: str, problems: list[Problem]
) -> tuple[tuple[Slide, ...], ModuleFront] | None:
    path = root / "content" / ref
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(_rel(path, root), 1, f"cannot read: {exc}"))
        return (), ModuleFront()
    name = _rel(path, root)
    text = clean_text(text)  # what a module's author wrote, with nothing a terminal acts on
    return parse_module(text, name, problems), module_front(text, name, problems)


def _check_translation(
    root: Path,
    ref: str,
    lang: str,
    original: tuple[Slide, ...],
    translated: tuple[Slide, ...],
    problems: list[Problem],
) -> None:
    """A translation keeps the slides one for one: the lead's slide N is every screen's N."""
    if not original or not translated or len(original) == len(translated):
        return
    name = _rel(root / "content" / lang / ref, root)
    if len(translated) > len(original):
        line = translated[len(original)].line
        problems.append(
            Problem(
                name,
                line,
                f"slide {len(original) + 1} has no match: content/{ref} "
                f"has {len(original)} slides, this translation {len(translated)}",
            )
        )
    else:
        problems.append(
            Problem(
                name,
                translated[-1].line,
                f"content/{ref} has {len(original)} slides, "
                f"this translation only {len(translated)}",
            )
        )


# -- banks -------------------------------------------------------------------


def _anchors(f: _File, table: dict, at: tuple, maturity_max: int) -> TextList:
    """One line per maturity level, 0 to ``maturity_max``, or none at all."""
    anchors = f.text_list(table, at, "anchors")
    if anchors.en and len(anchors.en) != maturity_max + 1:
        f.error(
            at + ("anchors",),
            f"'anchors' needs one line per maturity level, 0 to {maturity_max} "
            f"({maturity_max + 1} lines); it has {len(anchors.en)}",
        )
    return anchors


def _load_bank(
    path: Path, root: Path, problems: list[Problem], missing: dict
) -> DiagnosticBank | None:
    f = _File(path, root, problems)
    if not f.ok:
        return None
    d = f.data
    f.keys(d, (), {"id", "title", "answers", "maturity_max", "areas", "questions"}, {"title"})
    bid = f.require(d, (), "id", str) or path.stem
    if bid != path.stem:
        f.error(("id",), f"id {bid!r} must match the file name {path.stem!r}")
    title = f.text(d, (), "title")
    answers = f.optional(d, (), "answers", list, list(ANSWER_LABELS)) or list(ANSWER_LABELS)
    for answer in answers:
        if answer not in ANSWER_LABELS:
            f.error(("answers",), f"unknown answer {answer!r} (known: {', '.join(ANSWER_LABELS)})")
    maturity_max = f.optional(d, (), "maturity_max", int, 4) or 4
    if not 1 <= maturity_max <= 10:
        f.error(("maturity_max",), "maturity_max must be between 1 and 10")
    areas: list[Area] = []
    for at, table in f.tables(d, (), "areas"):
        f.keys(table, at, {"id", "title"}, {"title"})
        aid = f.require(table, at, "id", str) or ""
        if any(a.id == aid for a in areas):
            f.error(at + ("id",), f"duplicate area id {aid!r}")
        areas.append(Area(aid, f.text(table, at, "title")))
    questions: list[Question] = []
    area_ids = {a.id for a in areas}
    for at, table in f.tables(d, (), "questions"):
        f.keys(
            table,
            at,
            {"id", "area", "text", "weaknesses", "solutions", "anchors"},
            {"text", "weaknesses", "solutions", "anchors"},
        )
        qid = f.require(table, at, "id", str) or ""
        if qid and not _QID.match(qid):
            f.error(at + ("id",), f"question id {qid!r} may hold only letters, digits, . _ -")
        if any(q.id == qid for q in questions):
            f.error(at + ("id",), f"duplicate question id {qid!r}")
        area = f.require(table, at, "area", str) or ""
        if area and area not in area_ids:
            f.error(at + ("area",), f"unknown area {area!r} (areas: {', '.join(sorted(area_ids))})")
        questions.append(
            Question(
                qid,
                area,
                f.text(table, at, "text"),
                f.text_list(table, at, "weaknesses", min_items=1),
                f.text_list(table, at, "solutions", min_items=1),
                _anchors(f, table, at, maturity_max),
            )
        )
    if not questions:
        f.error((), "a bank needs at least one [[questions]] entry")
    for lang, found in f.missing.items():
        missing.setdefault(lang, []).extend(found)
    return DiagnosticBank(bid, title, tuple(areas), tuple(questions), tuple(answers), maturity_max)


# -- programmes --------------------------------------------------------------

_PROGRAMME_KEYS = {"id", "family", "title", "language", "latest_end", "days"}
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
}


def _load_programme(
    path: Path,
    root: Path,
    banks: dict[str, DiagnosticBank],
    modules: dict[str, Module],
    problems: list[Problem],
    missing: dict,
) -> Programme | None:
    f = _File(path, root, problems)
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
    latest_end = _clock(f, d, (), "latest_end", "18:00")
    seen: dict[str, tuple] = {}
    uses: dict[str, int] = {}
    days: list[Day] = []
    if not d.get("days"):
        f.error((), "a programme needs at least one [[days]] entry")
    for number, (at, table) in enumerate(f.tables(d, (), "days"), start=1):
        f.keys(table, at, _DAY_KEYS, {"title"})
        day_title = f.text(table, at, "title")
        start = _clock(f, table, at, "start")
        end = _clock(f, table, at, "end")
        if _minutes_of_day(end) <= _minutes_of_day(start):
            f.error(
                at + ("end",), f"day {number} ends ({end:%H:%M}) before it starts ({start:%H:%M})"
            )
        if _minutes_of_day(end) > _minutes_of_day(latest_end):
            f.error(
                at + ("end",),
                f"day {number} ends at {end:%H:%M}, later than latest_end {latest_end:%H:%M}",
            )
        sessions: list[Session] = []
        clock = _minutes_of_day(start)
        past_end_reported = False
        for s_at, s in f.tables(table, at, "sessions"):
            session = _session(f, s, s_at, seen, banks, modules, pid, uses)
            if session is None:
                continue
            sessions.append(session)
            clock += session.minutes
            if clock > _minutes_of_day(end) and not past_end_reported:
                past_end_reported = True
                f.error(
                    s_at,
                    f"day {number} runs past its end {end:%H:%M}: session {session.id!r} "
                    f"ends at {_hhmm(clock)}",
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
    for lang, found in f.missing.items():
        missing.setdefault(lang, []).extend(found)
    return Programme(pid, family, title, language, tuple(days))


def _session(
    f: _File,
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
    if not _ID.match(sid):
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
    return Session(
        sid, title, kind, minutes, tuple(str(t) for t in trainers), objectives, module, bank, qids
    )


# -- the whole catalog -------------------------------------------------------


def scan(root: Path, only: Path | None = None) -> tuple[Catalog, list[Problem]]:
    """Load everything under ``root``; return what loaded and every problem found."""
    root = root.resolve()
    problems: list[Problem] = []
    missing: dict[str, list[Problem]] = {}
    content = root / "content"
    modules: dict[str, Module] = {}
    if content.is_dir():
        for path in sorted(content.rglob("*.md")):
            ref = path.relative_to(content).as_posix()
            if ref.split("/", 1)[0] in (*_TRANSLATED, *NOT_MODULES):
                continue
            slides, front = _load_module(root, ref, problems) or ((), ModuleFront())
            translations = []
            for lang in _TRANSLATED:
                loaded = _load_module(root, f"{lang}/{ref}", problems)
                if loaded is None:
                    missing.setdefault(lang, []).append(
                        Problem(_rel(path, root), 1, f"no {lang} version (content/{lang}/{ref})")
                    )
                else:
                    translated = loaded[0]
                    _check_translation(root, ref, lang, slides, translated, problems)
                    translations.append((lang, translated))
            modules[ref] = Module(ref, slides, tuple(translations), front.planned)
        for lang in _TRANSLATED:
            for path in sorted((content / lang).rglob("*.md")):
                ref = path.relative_to(content / lang).as_posix()
                if ref.split("/", 1)[0] in NOT_MODULES:
                    continue
                if ref not in modules:
                    problems.append(
                        Problem(
                            _rel(path, root), 1, f"translates content/{ref}, which does not exist"
                        )
                    )
    banks: dict[str, DiagnosticBank] = {}
    for path in sorted((content / "diagnostics").glob("*.toml")):
        bank = _load_bank(path, root, problems, missing)
        if bank is not None:
            banks[bank.id] = bank
    programmes: dict[str, Programme] = {}
    sessions_dir = root / "sessions"
    paths = [only] if only is not None else sorted(sessions_dir.glob("*.toml"))
    if only is None and not paths:
        problems.append(Problem(_rel(sessions_dir, root), 1, "no programme files (*.toml) here"))
    for path in paths:
        programme = _load_programme(path.resolve(), root, banks, modules, problems, missing)
        if programme is not None:
            programmes[programme.id] = programme
    frozen_missing = {lang: tuple(sorted(found)) for lang, found in missing.items()}
    return Catalog(root, programmes, banks, modules, frozen_missing), problems


def load(root: Path) -> Catalog:
    """Load the catalog, or raise :class:`CatalogError` listing every problem."""
    catalog, problems = scan(root)
    if problems:
        raise CatalogError(problems)
    return catalog


def load_for(root: Path, programme_id: str) -> tuple[Catalog, list[Problem]]:
    """Load the catalog for one programme.

    Problems in the files that programme uses (its own file, its modules and
    banks) raise :class:`CatalogError`, an unknown id raises ``KeyError``;
    problems elsewhere are returned, so a broken file in another programme
    does not stop this workshop.
    """
    catalog, problems = scan(root)
    path = root.resolve() / "sessions" / f"{programme_id}.toml"
    own = {_rel(path, root.resolve())}
    programme = catalog.programmes.get(programme_id)
    if programme is not None:
        for session in programme.sessions():
            if session.module is not None:
                own.add(f"content/{session.module.ref}")
                own.update(f"content/{lang}/{session.module.ref}" for lang in _TRANSLATED)
            if session.bank is not None:
                own.add(f"content/diagnostics/{session.bank.id}.toml")
    mine = [p for p in problems if p.path in own]
    if mine:
        raise CatalogError(mine)
    if programme is None:
        known = ", ".join(sorted(catalog.programmes)) or "none"
        raise KeyError(f"unknown programme {programme_id!r} (known: {known})")
    return catalog, sorted(p for p in problems if p.path not in own)
