"""Reading course files: TOML with the line of every key, and problems that name it.

Every problem found is collected (not only the first) as ``file:line: message``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any

from facilitator.clean import clean_data
from facilitator.course.model import LANGUAGES, Text, TextList
from facilitator.course.tomlpos import key_lines, line_of

HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
TOML_POS = re.compile(r"at line (\d+)")
TRANSLATED = tuple(lang for lang in LANGUAGES if lang != "en")


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


class TomlFile:
    """One TOML file being read: its data, key positions and problems."""

    def __init__(self, path: Path, root: Path, problems: list[Problem]) -> None:
        self.path = path
        self.name = relative(path, root)
        self.problems = problems
        self.missing: dict[str, list[Problem]] = {lang: [] for lang in TRANSLATED}
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
            match = TOML_POS.search(str(exc))
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
            if key in allowed or (base in translated and lang in TRANSLATED):
                continue
            known = ", ".join(sorted(allowed))
            self.error(at + (key,), f"unknown key {key!r} (known keys: {known})")

    def require(self, table: dict, at: tuple, key: str, kind: type | tuple) -> Any:
        if key not in table:
            self.error(at, f"missing required key {key!r}")
            return None
        value = table[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            self.error(at + (key,), f"{key!r} must be {type_name(kind)}")
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
        for lang in TRANSLATED:
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
        for lang in TRANSLATED:
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


def type_name(kind: type | tuple) -> str:
    names = {str: "a string", int: "a whole number", list: "a list", dict: "a table"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)


def relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def clock_time(
    file: TomlFile, table: dict, at: tuple, key: str, default: str | None = None
) -> time:
    raw = table.get(key, default)
    if raw is None:
        file.error(at, f"missing required key {key!r}")
        return time(0, 0)
    if isinstance(raw, time):
        return raw.replace(second=0, microsecond=0)
    if not isinstance(raw, str) or not HHMM.match(raw):
        file.error(at + (key,), f"{key!r} must be a time written HH:MM, got {raw!r}")
        return time(0, 0)
    hours, minutes = raw.split(":")
    return time(int(hours), int(minutes))


def minutes_in_day(t: time) -> int:
    return t.hour * 60 + t.minute
