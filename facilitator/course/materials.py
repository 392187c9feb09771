"""The documents exercises hand out (``content/materials/``) and which go in a handout.

``content/materials/handouts.toml`` lists, per module, the documents every
participant may read; only those go in a participants' handout. Everything
else there (trainer keys, inject and role cards) is printed one at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from facilitator.clean import clean_text
from facilitator.course.model import Module
from facilitator.course.reading import TRANSLATED, Problem, TomlFile

MANIFEST = "handouts.toml"
FOLDER = "materials"


@dataclass(frozen=True, slots=True)
class Materials:
    """The documents of every course folder (a later folder's file replaces one with the
    same name) and the handout lists."""

    files: dict[str, Path] = field(default_factory=dict)
    """By name (``copes/16-01-veldra-law-extract.md``): the English file."""
    translated: dict[tuple[str, str], Path] = field(default_factory=dict)
    """By (language, name): the translation's file."""
    for_modules: dict[str, tuple[str, ...]] = field(default_factory=dict)
    every_programme: tuple[str, ...] = ()

    def text(self, name: str, lang: str = "en") -> str:
        """A document's Markdown in ``lang`` (English when it has no translation), cleaned;
        KeyError when there is no such document."""
        path = self.translated.get((lang, name)) or self.files[name]
        return clean_text(path.read_text(encoding="utf-8"))

    def of_module(self, ref: str) -> tuple[str, ...]:
        """The documents the participants' handout of module ``ref`` holds after its slides."""
        return self.for_modules.get(ref, ())


def load_materials(
    roots: Sequence[Path], modules: dict[str, Module], problems: list[Problem]
) -> Materials:
    """Every document under ``content/materials/`` (and its translations) and the handout
    lists; a list naming a module or a document that does not exist is a problem."""
    files: dict[str, Path] = {}
    translated: dict[tuple[str, str], Path] = {}
    for root in roots:
        folder = root / "content" / FOLDER
        for path in sorted(folder.rglob("*.md")) if folder.is_dir() else ():
            if path.name != "README.md":  # what the folder holds, not a document
                files[path.relative_to(folder).as_posix()] = path
        for lang in TRANSLATED:
            folder = root / "content" / lang / FOLDER
            for path in sorted(folder.rglob("*.md")) if folder.is_dir() else ():
                translated[(lang, path.relative_to(folder).as_posix())] = path
    for_modules: dict[str, tuple[str, ...]] = {}
    every: tuple[str, ...] = ()
    for root in roots:
        path = root / "content" / FOLDER / MANIFEST
        if not path.is_file():
            continue
        f = TomlFile(path, root, problems)
        if not f.ok:
            continue
        f.keys(f.data, (), {"every_programme", "modules"}, set())
        every = _names(f, ("every_programme",), f.data.get("every_programme", []), files) or every
        listed = f.data.get("modules", {})
        if not isinstance(listed, dict):
            f.error(("modules",), "modules must be a table of module = [documents]")
            continue
        for ref, names in listed.items():
            if ref not in modules:
                f.error(("modules", ref), f"no module content/{ref}")
            for_modules[ref] = _names(f, ("modules", ref), names, files)
    return Materials(files, translated, for_modules, every)


def _names(f: TomlFile, at: tuple[str, ...], names: object, files: dict[str, Path]) -> tuple:
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        f.error(at, f"{'.'.join(at)} must be a list of document names")
        return ()
    for name in names:
        if name not in files:
            f.error(at, f"no document content/{FOLDER}/{name}")
    return tuple(n for n in names if n in files)
