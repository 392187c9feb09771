"""Load and validate the course: programmes, modules and diagnostic banks.

Everything is read and checked before anything runs. Every problem is
collected (not only the first) and names its file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from facilitator.course.banks import load_bank
from facilitator.course.model import DiagnosticBank, Module, Programme
from facilitator.course.modules import NOT_MODULES, ModuleFront, check_translation, load_module
from facilitator.course.programmes import load_programme
from facilitator.course.reading import TRANSLATED, CatalogError, Problem, relative

__all__ = ["Catalog", "CatalogError", "Problem", "load", "load_for", "scan"]


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
            if ref.split("/", 1)[0] in (*TRANSLATED, *NOT_MODULES):
                continue
            slides, front = load_module(root, ref, problems) or ((), ModuleFront())
            translations = []
            for lang in TRANSLATED:
                loaded = load_module(root, f"{lang}/{ref}", problems)
                if loaded is None:
                    missing.setdefault(lang, []).append(
                        Problem(
                            relative(path, root), 1, f"no {lang} version (content/{lang}/{ref})"
                        )
                    )
                else:
                    translated = loaded[0]
                    check_translation(root, ref, lang, slides, translated, problems)
                    translations.append((lang, translated))
            modules[ref] = Module(ref, slides, tuple(translations), front.planned)
        for lang in TRANSLATED:
            for path in sorted((content / lang).rglob("*.md")):
                ref = path.relative_to(content / lang).as_posix()
                if ref.split("/", 1)[0] in NOT_MODULES:
                    continue
                if ref not in modules:
                    problems.append(
                        Problem(
                            relative(path, root),
                            1,
                            f"translates content/{ref}, which does not exist",
                        )
                    )
    banks: dict[str, DiagnosticBank] = {}
    for path in sorted((content / "diagnostics").glob("*.toml")):
        bank = load_bank(path, root, problems, missing)
        if bank is not None:
            banks[bank.id] = bank
    programmes: dict[str, Programme] = {}
    sessions_dir = root / "sessions"
    paths = [only] if only is not None else sorted(sessions_dir.glob("*.toml"))
    if only is None and not paths:
        problems.append(
            Problem(relative(sessions_dir, root), 1, "no programme files (*.toml) here")
        )
    for path in paths:
        programme = load_programme(path.resolve(), root, banks, modules, problems, missing)
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
    own = {relative(path, root.resolve())}
    programme = catalog.programmes.get(programme_id)
    if programme is not None:
        for session in programme.sessions():
            if session.module is not None:
                own.add(f"content/{session.module.ref}")
                own.update(f"content/{lang}/{session.module.ref}" for lang in TRANSLATED)
            if session.bank is not None:
                own.add(f"content/diagnostics/{session.bank.id}.toml")
    mine = [p for p in problems if p.path in own]
    if mine:
        raise CatalogError(mine)
    if programme is None:
        known = ", ".join(sorted(catalog.programmes)) or "none"
        raise KeyError(f"unknown programme {programme_id!r} (known: {known})")
    return catalog, sorted(p for p in problems if p.path not in own)
