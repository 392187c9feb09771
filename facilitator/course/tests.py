"""Knowledge tests and the course evaluation form (``content/tests/*.toml``), and a
programme's ``[assessment]`` table: which test, which sessions, the attendance rule.

A test file has ``[[items]]`` (a multiple-choice item with its key, module and
diagnostic area); the evaluation form has ``scale``, ``[[criteria]]`` and
``[[comments]]``. Every problem names its file and line.
"""

from __future__ import annotations

from pathlib import Path

from facilitator.course.banks import QID
from facilitator.course.model import (
    LETTERS,
    Assessment,
    DiagnosticBank,
    EvaluationForm,
    KnowledgeTest,
    Module,
    Session,
    TestItem,
    Text,
)
from facilitator.course.reading import Problem, TomlFile
from facilitator.course.tomlpos import line_of

FORM_ID = "evaluation"
"""The file name (``content/tests/evaluation.toml``) of the evaluation form."""
ASSESSMENT_KEYS = {
    "test", "pre", "post", "form", "attendance", "items", "pre_minutes", "post_minutes",
}  # fmt: skip
DEFAULT_ATTENDANCE = 80


def _ids(f: TomlFile, at: tuple, table: dict, seen: set[str], what: str) -> str:
    iid = f.require(table, at, "id", str) or ""
    if iid and not QID.match(iid):
        f.error(at + ("id",), f"{what} id {iid!r} may hold only letters, digits, . _ -")
    if iid in seen:
        f.error(at + ("id",), f"duplicate {what} id {iid!r}")
    seen.add(iid)
    return iid


def _item(
    f: TomlFile,
    at: tuple,
    table: dict,
    seen: set[str],
    modules: dict[str, Module],
    bank: DiagnosticBank | None,
) -> TestItem:
    f.keys(
        table,
        at,
        {"id", "module", "area", "text", "choices", "answer", "why"},
        {"text", "choices", "why"},
    )
    iid = _ids(f, at, table, seen, "item")
    module = f.require(table, at, "module", str) or ""
    if module and module not in modules:
        f.error(at + ("module",), f"module file content/{module} does not exist")
    area = f.require(table, at, "area", str) or ""
    if area and bank is not None and area not in {a.id for a in bank.areas}:
        known = ", ".join(a.id for a in bank.areas)
        f.error(at + ("area",), f"unknown area {area!r} in bank {bank.id!r} (areas: {known})")
    choices = f.text_list(table, at, "choices", min_items=2)
    if len(choices.en) > len(LETTERS):
        f.error(at + ("choices",), f"an item has at most {len(LETTERS)} choices")
    answer = f.require(table, at, "answer", str) or ""
    letters = LETTERS[: len(choices.en)]
    if answer and (len(answer) != 1 or answer not in letters):
        f.error(at + ("answer",), f"answer {answer!r} must be one letter of {letters}")
    return TestItem(
        iid,
        module,
        area,
        f.text(table, at, "text"),
        choices,
        answer,
        f.text(table, at, "why", required=False),
    )


def load_test(
    path: Path,
    root: Path,
    modules: dict[str, Module],
    banks: dict[str, DiagnosticBank],
    problems: list[Problem],
    missing: dict,
) -> KnowledgeTest | EvaluationForm | None:
    """A knowledge test, or the evaluation form when the file is ``evaluation.toml``."""
    f = TomlFile(path, root, problems)
    if not f.ok:
        return None
    if path.stem == FORM_ID:
        loaded: KnowledgeTest | EvaluationForm = _form(f, path)
    else:
        loaded = _test(f, path, modules, banks)
    for lang, found in f.missing.items():
        missing.setdefault(lang, []).extend(found)
    return loaded


def _test(
    f: TomlFile, path: Path, modules: dict[str, Module], banks: dict[str, DiagnosticBank]
) -> KnowledgeTest:
    d = f.data
    f.keys(d, (), {"id", "family", "title", "minutes", "items"}, {"title"})
    tid = _file_id(f, path)
    family = f.optional(d, (), "family", str, tid) or tid
    bank = banks.get(family)
    if bank is None:
        f.error(("family",) if "family" in d else (), f"no diagnostic bank {family!r} for areas")
    minutes = f.require(d, (), "minutes", int) or 0
    if minutes <= 0 and "minutes" in d:
        f.error(("minutes",), "minutes must be above zero")
    seen: set[str] = set()
    items = tuple(_item(f, at, t, seen, modules, bank) for at, t in f.tables(d, (), "items"))
    if not items:
        f.error((), "a test needs at least one [[items]] entry")
    return KnowledgeTest(tid, f.text(d, (), "title"), max(minutes, 1), items, path)


def _form(f: TomlFile, path: Path) -> EvaluationForm:
    d = f.data
    f.keys(d, (), {"id", "title", "scale", "criteria", "comments"}, {"title", "scale"})
    tid = _file_id(f, path)
    scale = f.text_list(d, (), "scale", min_items=2)
    seen: set[str] = set()

    def entries(key: str) -> tuple[tuple[str, Text], ...]:
        out = []
        for at, table in f.tables(d, (), key):
            f.keys(table, at, {"id", "text"}, {"text"})
            out.append((_ids(f, at, table, seen, key.rstrip("s")), f.text(table, at, "text")))
        return tuple(out)

    criteria = entries("criteria")
    if not criteria:
        f.error((), "an evaluation form needs at least one [[criteria]] entry")
    return EvaluationForm(tid, f.text(d, (), "title"), scale, criteria, entries("comments"), path)


def _file_id(f: TomlFile, path: Path) -> str:
    tid = f.require(f.data, (), "id", str) or path.stem
    if tid != path.stem:
        f.error(("id",), f"id {tid!r} must match the file name {path.stem!r}")
    return tid


def assessment(
    f: TomlFile,
    family: str,
    sessions: list[Session],
    tests: dict[str, KnowledgeTest],
    form: EvaluationForm | None,
) -> Assessment | None:
    """A programme's ``[assessment]`` table: its test's items for the modules it teaches."""
    table = f.data.get("assessment")
    if table is None:
        return None
    at: tuple = ("assessment",)
    if not isinstance(table, dict):
        f.error(at, "'assessment' must be a table ([assessment])")
        return None
    f.keys(table, at, ASSESSMENT_KEYS, set())
    tid = f.optional(table, at, "test", str, family) or family
    test = tests.get(tid)
    if test is None:
        f.error(at + (("test",) if "test" in table else ()), f"no test content/tests/{tid}.toml")
    ids = {s.id for s in sessions}
    chosen = {}
    for key in ("pre", "post", "form"):
        sid = f.require(table, at, key, str) or ""
        if sid and sid not in ids:
            f.error(at + (key,), f"{key} session {sid!r} is not in this programme")
        chosen[key] = sid
    if chosen["pre"] and chosen["pre"] == chosen["post"]:
        f.error(at + ("post",), "the pre-test and the post-test need two different sessions")
    order = [s.id for s in sessions]
    both = all(chosen[k] in ids for k in ("pre", "post"))
    if both and order.index(chosen["pre"]) > order.index(chosen["post"]):
        f.error(at + ("post",), "the post-test session comes before the pre-test session")
    attendance = f.optional(table, at, "attendance", int, DEFAULT_ATTENDANCE)
    if attendance is not None and not 1 <= attendance <= 100:
        f.error(at + ("attendance",), "attendance must be a percentage from 1 to 100")
        attendance = DEFAULT_ATTENDANCE
    if form is None:
        f.error(at + ("form",), f"no evaluation form content/tests/{FORM_ID}.toml")
    if test is None:
        return None
    taught = {s.module.ref for s in sessions if s.module is not None}
    items = tuple(item for item in test.items if item.module in taught)
    if not items:
        f.error(at, f"no item of test {tid!r} is for a module this programme teaches")
    count = f.optional(table, at, "items", int, None)
    if count is not None and not 1 <= count <= len(items):
        f.error(at + ("items",), f"items must be from 1 to {len(items)} (the items taught)")
    elif count is not None:
        items = short_form(items, count)
    found = Assessment(
        test,
        items,
        chosen["pre"],
        chosen["post"],
        form,
        chosen["form"],
        attendance if attendance is not None else DEFAULT_ATTENDANCE,
    )
    if items:
        _check_time(f, table, found, sessions)
    return found


def short_form(items: tuple[TestItem, ...], count: int) -> tuple[TestItem, ...]:
    """``count`` of ``items``, spread over their modules (the first item of each module,
    then the second of each, and so on; when fewer are wanted than modules are left,
    modules evenly spaced over the course), kept in the bank's order: the same every time."""
    by_module: dict[str, list[TestItem]] = {}
    for item in items:
        by_module.setdefault(item.module, []).append(item)
    picked: set[str] = set()
    rank = 0
    while len(picked) < count:
        row = [group[rank].id for group in by_module.values() if rank < len(group)]
        wanted = count - len(picked)
        if wanted < len(row):
            row = [row[k * len(row) // wanted] for k in range(wanted)]
        picked.update(row)
        rank += 1
    return tuple(item for item in items if item.id in picked)


def _session_at(f: TomlFile, sid: str) -> tuple:
    """Where session ``sid`` is in the programme file (for its line)."""
    for day_at, day in f.tables(f.data, (), "days"):
        for at, table in f.tables(day, day_at, "sessions"):
            if table.get("id") == sid:
                return at + ("minutes",) if "minutes" in table else at
    return ()


def _check_time(f: TomlFile, table: dict, a: Assessment, sessions: list[Session]) -> None:
    """The pre-test and the post-test each fit the time their session gives them
    (``pre_minutes`` / ``post_minutes``, else the whole session)."""
    by_id = {s.id: s for s in sessions}
    whole = len(a.test.items)
    for key in ("pre", "post"):
        session = by_id.get(getattr(a, key))
        if session is None:
            continue
        name = f"{key}_minutes"
        given = f.optional(table, ("assessment",), name, int, session.minutes)
        if given is None:
            continue
        if not 1 <= given <= session.minutes:
            f.error(("assessment", name), f"{name} must be from 1 to {session.minutes} "
                    f"(the minutes of session {session.id!r})")  # fmt: skip
            continue
        if a.minutes <= given:
            continue
        fits = given * whole // a.test.minutes
        where = (
            f"{name}, line {line_of(f.positions, ('assessment', name))}"
            if name in table
            else "the whole session"
        )
        f.error(
            _session_at(f, session.id),
            f"session {session.id!r} gives the {key}-test {given} minutes ({where}), but "
            f"{len(a.items)} items of test {a.test.id!r} take {a.minutes} "
            f"({a.test.minutes} minutes for {whole} items): give the test more time, "
            f"or sit at most {fits} items ([assessment] items = {fits})",
        )
