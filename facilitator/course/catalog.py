"""Load and validate the course: programmes, modules and diagnostic banks.

Everything is read and checked before anything runs. Every problem is
collected (not only the first) and names its file and line.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from facilitator.course.banks import load_bank
from facilitator.course.materials import Materials, load_materials
from facilitator.course.model import (
    DiagnosticBank,
    EvaluationForm,
    KnowledgeTest,
    Module,
    Programme,
)
from facilitator.course.modules import NOT_MODULES, ModuleFront, check_translation, load_module
from facilitator.course.programmes import load_programme
from facilitator.course.reading import TRANSLATED, CatalogError, Problem, relative
from facilitator.course.tests import FORM_ID, load_test

__all__ = ["Catalog", "CatalogError", "Problem", "load", "load_for", "load_one", "scan"]


@dataclass(frozen=True)
class Catalog:
    """Everything a workshop needs, loaded and checked."""

    root: Path
    """The first course folder: the built-in course."""
    programmes: dict[str, Programme]
    banks: dict[str, DiagnosticBank]
    modules: dict[str, Module]
    missing: dict[str, tuple[Problem, ...]] = field(default_factory=dict)
    roots: tuple[Path, ...] = ()
    """Every course folder, the built-in first."""
    materials: Materials = field(default_factory=Materials)
    """The documents exercises hand out, and which go in a participants' handout."""
    tests: dict[str, KnowledgeTest] = field(default_factory=dict)
    form: EvaluationForm | None = None
    """The course evaluation form (``content/tests/evaluation.toml``)."""
    read_ns: int = 0
    """The wall clock (ns) before its files were read: one saved later is news (0: unknown)."""

    def label(self, path: Path) -> str:
        """How a problem names ``path``: relative to its course folder (prefixed with that
        folder's name when it is not the first)."""
        for index, root in enumerate(self.roots or (self.root,)):
            try:
                rel = path.resolve().relative_to(root).as_posix()
            except ValueError:
                continue
            return rel if index == 0 else f"{root.name}/{rel}"
        return str(path)

    def programme(self, pid: str) -> Programme:
        try:
            return self.programmes[pid]
        except KeyError:
            known = ", ".join(sorted(self.programmes)) or "none"
            raise KeyError(f"no programme {pid!r} (known: {known})") from None

    def missing_translations(self, lang: str) -> tuple[Problem, ...]:
        """What has no translation into ``lang``, with file and line."""
        return self.missing.get(lang, ())


Roots = Path | Sequence[Path]


def _roots(roots: Roots) -> list[Path]:
    return [r.resolve() for r in ([roots] if isinstance(roots, Path) else roots)]


def _label(problem: Problem, prefix: str) -> Problem:
    return Problem(prefix + problem.path, problem.line, problem.message) if prefix else problem


def _is_module(ref: str) -> bool:
    """``ref`` (under ``content/``) names a module, not a translation or a document."""
    return ref.split("/", 1)[0] not in (*TRANSLATED, *NOT_MODULES)


def _module(root: Path, ref: str, problems: list[Problem], missing: dict) -> Module:
    """The module ``content/<ref>`` of ``root`` and its translations."""
    content = root / "content"
    path = content / ref
    slides, front = load_module(root, ref, problems) or ((), ModuleFront())
    translations = []
    files = [path]
    for lang in TRANSLATED:
        loaded = load_module(root, f"{lang}/{ref}", problems)
        if loaded is None:
            missing.setdefault(lang, []).append(
                Problem(relative(path, root), 1, f"no {lang} version (content/{lang}/{ref})")
            )
        else:
            translated = loaded[0]
            check_translation(root, ref, lang, slides, translated, problems)
            translations.append((lang, translated))
            files.append(content / lang / ref)
    return Module(ref, slides, tuple(translations), front.planned, tuple(files))


def _modules(root: Path, problems: list[Problem], missing: dict) -> dict[str, Module]:
    modules: dict[str, Module] = {}
    content = root / "content"
    if not content.is_dir():
        return modules
    for path in sorted(content.rglob("*.md")):
        ref = path.relative_to(content).as_posix()
        if _is_module(ref):
            modules[ref] = _module(root, ref, problems, missing)
    for lang in TRANSLATED:
        for path in sorted((content / lang).rglob("*.md")):
            ref = path.relative_to(content / lang).as_posix()
            if ref.split("/", 1)[0] not in NOT_MODULES and ref not in modules:
                problems.append(
                    Problem(
                        relative(path, root), 1, f"translates content/{ref}, which does not exist"
                    )
                )
    return modules


def scan(roots: Roots, only: Path | None = None) -> tuple[Catalog, list[Problem]]:
    """Load every course folder of ``roots`` (the built-in course first, a trainer's own
    after: a later folder's programme, module or bank replaces one with the same id);
    return what loaded and every problem found.

    A problem names its file relative to its folder; in a folder other than the
    first, the folder's own name comes first (``my-course/sessions/x.toml:3``).
    ``only`` checks one programme file instead of every programme.
    """
    read_ns = time.time_ns()
    roots = _roots(roots)
    problems: list[Problem] = []
    missing: dict[str, list[Problem]] = {}
    modules: dict[str, Module] = {}
    banks: dict[str, DiagnosticBank] = {}

    def labelled(index: int, root: Path, found: list[Problem]) -> list[Problem]:
        prefix = "" if index == 0 else f"{root.name}/"
        return [_label(p, prefix) for p in found]

    for index, root in enumerate(roots):
        found: list[Problem] = []
        here: dict[str, list[Problem]] = {}
        modules.update(_modules(root, found, here))
        for path in sorted((root / "content" / "diagnostics").glob("*.toml")):
            bank = load_bank(path, root, found, here)
            if bank is not None:
                banks[bank.id] = bank
        problems += labelled(index, root, found)
        for lang, items in here.items():
            missing.setdefault(lang, []).extend(labelled(index, root, items))
    tests: dict[str, KnowledgeTest] = {}
    form: EvaluationForm | None = None
    for index, root in enumerate(roots):  # after every bank and module: items name them
        found, here = [], {}
        for path in sorted((root / "content" / "tests").glob("*.toml")):
            loaded = load_test(path, root, modules, banks, found, here)
            if isinstance(loaded, KnowledgeTest):
                tests[loaded.id] = loaded
            elif loaded is not None:
                form = loaded
        problems += labelled(index, root, found)
        for lang, items in here.items():
            missing.setdefault(lang, []).extend(labelled(index, root, items))
    programmes: dict[str, Programme] = {}
    for index, root in enumerate(roots):
        found, here = [], {}
        sessions_dir = root / "sessions"
        if only is not None:
            paths = [only] if index == len(roots) - 1 else []
        else:
            paths = sorted(sessions_dir.glob("*.toml"))
            if not paths and index == 0:
                found.append(
                    Problem(relative(sessions_dir, root), 1, "no programme files (*.toml) here")
                )
        for path in paths:
            programme = load_programme(
                path.resolve(), root, banks, modules, found, here, tests, form
            )
            if programme is not None:
                programmes[programme.id] = programme
        problems += labelled(index, root, found)
        for lang, items in here.items():
            missing.setdefault(lang, []).extend(labelled(index, root, items))
    materials = load_materials(roots, modules, problems)
    frozen_missing = {lang: tuple(sorted(found)) for lang, found in missing.items()}
    catalog = Catalog(
        roots[0],
        programmes,
        banks,
        modules,
        frozen_missing,
        tuple(roots),
        materials,
        tests,
        form,
        read_ns,
    )
    return catalog, problems


class _OnDemand(dict):
    """A catalog table whose entries are loaded the first time they are asked for (by
    the one programme being loaded); ``in`` only looks whether the file is there."""

    def __init__(self, load: Callable[[str], object], exists: Callable[[str], bool]) -> None:
        super().__init__()
        self._load = load
        self._exists = exists
        self._tried: set[str] = set()

    def __missing__(self, key: str) -> object:
        if key in self._tried:
            raise KeyError(key)
        self._tried.add(key)
        value = self._load(key)
        if value is None:
            raise KeyError(key)
        self[key] = value
        return value

    def get(self, key: str, default: object = None) -> object:  # type: ignore[override]
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or (isinstance(key, str) and self._exists(key))

    def __bool__(self) -> bool:
        return True  # not known to be empty before it is asked (``tests or {}``)


def scan_one(roots: Roots, programme_id: str) -> tuple[Catalog, list[Problem]]:
    """As :func:`scan`, for one programme: only its file, and the modules, banks and
    tests it names, are read (and checked); the catalog holds only those."""
    read_ns = time.time_ns()
    roots = _roots(roots)
    found: list[list[Problem]] = [[] for _ in roots]
    here: list[dict[str, list[Problem]]] = [{} for _ in roots]

    def last(folder: str, name: str) -> int | None:
        """The last course folder that has ``content/<folder>/<name>``."""
        hits = [i for i, root in enumerate(roots) if (root / "content" / folder / name).is_file()]
        return hits[-1] if hits else None

    def module(ref: str) -> Module | None:
        i = last("", ref) if _is_module(ref) else None
        return None if i is None else _module(roots[i], ref, found[i], here[i])

    def bank(bid: str) -> DiagnosticBank | None:
        i = last("diagnostics", f"{bid}.toml")
        if i is None:
            return None
        return load_bank(
            roots[i] / "content" / "diagnostics" / f"{bid}.toml", roots[i], found[i], here[i]
        )

    modules = _OnDemand(module, lambda ref: _is_module(ref) and last("", ref) is not None)
    banks = _OnDemand(bank, lambda bid: last("diagnostics", f"{bid}.toml") is not None)

    def test(tid: str) -> KnowledgeTest | None:
        i = last("tests", f"{tid}.toml") if tid != FORM_ID else None
        if i is None:
            return None
        path = roots[i] / "content" / "tests" / f"{tid}.toml"
        loaded = load_test(path, roots[i], modules, banks, found[i], here[i])
        return loaded if isinstance(loaded, KnowledgeTest) else None

    tests = _OnDemand(test, lambda tid: last("tests", f"{tid}.toml") is not None)
    form: EvaluationForm | None = None
    i = last("tests", f"{FORM_ID}.toml")
    if i is not None:
        path = roots[i] / "content" / "tests" / f"{FORM_ID}.toml"
        loaded = load_test(path, roots[i], modules, banks, found[i], here[i])
        form = loaded if isinstance(loaded, EvaluationForm) else None
    programmes: dict[str, Programme] = {}
    for i, root in enumerate(roots):
        path = root / "sessions" / f"{programme_id}.toml"
        if path.is_file():
            programme = load_programme(
                path.resolve(), root, banks, modules, found[i], here[i], tests, form
            )
            if programme is not None:
                programmes[programme.id] = programme
    problems: list[Problem] = []
    materials = load_materials(roots, modules, problems)
    missing: dict[str, list[Problem]] = {}
    for i, root in enumerate(roots):
        prefix = "" if i == 0 else f"{root.name}/"
        problems += [_label(p, prefix) for p in found[i]]
        for lang, items in here[i].items():
            missing.setdefault(lang, []).extend(_label(p, prefix) for p in items)
    catalog = Catalog(
        roots[0],
        programmes,
        dict(banks),
        dict(modules),
        {lang: tuple(sorted(items)) for lang, items in missing.items()},
        tuple(roots),
        materials,
        dict(tests),
        form,
        read_ns,
    )
    return catalog, problems


def load(roots: Roots) -> Catalog:
    """Load the catalog, or raise :class:`CatalogError` listing every problem."""
    catalog, problems = scan(roots)
    if problems:
        raise CatalogError(problems)
    return catalog


def load_for(roots: Roots, programme_id: str) -> tuple[Catalog, list[Problem]]:
    """Load the catalog for one programme.

    Problems in the files that programme uses (its own file, its modules and
    banks) raise :class:`CatalogError`, an unknown id raises ``KeyError``;
    problems elsewhere are returned, so a broken file in another programme
    does not stop this workshop.
    """
    return _for(*scan(roots), programme_id)


def load_one(roots: Roots, programme_id: str) -> tuple[Catalog, list[Problem]]:
    """As :func:`load_for`, reading only what the programme uses (what a workshop's app
    needs, a tenth of the course); problems elsewhere are not looked for. An unknown
    programme is looked for everywhere, to say which are known."""
    catalog, problems = scan_one(roots, programme_id)
    if programme_id not in catalog.programmes:
        return load_for(roots, programme_id)
    try:
        return _for(catalog, problems, programme_id)
    except CatalogError as exc:
        # every file read was one the programme names; one that did not load (a bank with
        # a mistake) is no file of the programme's now: its own problems say what is wrong
        causes = [p for p in problems if p not in exc.problems]
        raise CatalogError([*causes, *exc.problems]) from None


def _for(
    catalog: Catalog, problems: list[Problem], programme_id: str
) -> tuple[Catalog, list[Problem]]:
    """Split ``problems`` into those of the programme's own files (raised) and the rest."""
    programme = catalog.programmes.get(programme_id)
    if programme is None:
        mine = [p for p in problems if p.path.endswith(f"sessions/{programme_id}.toml")]
        if mine:
            raise CatalogError(mine)
        known = ", ".join(sorted(catalog.programmes)) or "none"
        raise KeyError(f"unknown programme {programme_id!r} (known: {known})")
    own = {catalog.label(path) for path in programme.files()}
    for session in programme.sessions():  # a translation that is missing or broken
        if session.module is not None:
            own.update(f"content/{lang}/{session.module.ref}" for lang in TRANSLATED)
    mine = [p for p in problems if p.path in own or _tail(p.path) in own]
    if mine:
        raise CatalogError(mine)
    return catalog, sorted(p for p in problems if p not in mine)


def _tail(label: str) -> str:
    """``sessions/x.toml`` of ``my-course/sessions/x.toml``."""
    for start in ("sessions/", "content/"):
        if start in label:
            return label[label.index(start) :]
    return label
