"""Reading many workshops' minutes: only regular files inside the folders given, bounded.

Each file's TOML front matter is read with tomllib and its tables with
markdown-it-py (only the sections that hold them are parsed). Files that are
not minutes, or are damaged, are listed as skipped with the reason; they never
stop the collection.
"""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitator.clean import clean_data, clean_text
from facilitator.course.model import ANSWER_LABELS
from facilitator.minutes.contract import (
    ACTION_HEADER,
    ADHERENCE_HEADER,
    DIAGNOSTIC_HEADER,
    DIAGNOSTIC_HEADER_1,
    FORMAT,
    NONE_RECORDED,
    READS,
)
from facilitator.minutes.learning_md import CHARTS
from facilitator.minutes.mdsafe import (
    NotMinutes,
    fast_table_split,
    sections,
    split_front_matter,
    tables,
)

COLLECTION_FORMAT = "facilitator-collection/1"
PARALLEL_FROM = 64  # files; fewer are read in this process
_SESSION_KEYS = {"workshop": str, "session": str, "title": str, "day": int, "order": int}
_REPORT_KEYS = {"workshop": str, "workshop_name": str, "programme": str}
_ANSWER_KEPT = ("ID", "Question", "Group", "Country", "Answer", "Maturity", "Weaknesses observed")
# "Oui" -> "yes": answers are compared whatever the language of the minutes
answer_codes = {
    label: code
    for code, text in ANSWER_LABELS.items()
    for label in (text.en, *(value for _, value in text.other))
}


@dataclass
class SessionFile:
    path: Path
    front: dict[str, Any]
    answers: list[dict[str, str]]
    actions: list[dict[str, str]]


@dataclass
class ReportFile:
    path: Path
    front: dict[str, Any]
    adherence: list[dict[str, str]]


@dataclass
class Workshop:
    """The minutes of one workshop found in the folders."""

    key: tuple[str, str]
    front: dict[str, Any] = field(default_factory=dict)
    report: ReportFile | None = None
    sessions: dict[str, SessionFile] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.front.get("workshop_name") or self.key[0])

    @property
    def country(self) -> str:
        return str(self.front.get("country") or "not given")


@dataclass
class Collection:
    workshops: dict[tuple[str, str], Workshop] = field(default_factory=dict)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    files: int = 0


def _check_keys(front: dict[str, Any], keys: dict[str, type]) -> None:
    for key, kind in keys.items():
        if key not in front:
            raise NotMinutes(f"the front matter has no {key!r}")
        if not isinstance(front[key], kind):
            raise NotMinutes(f"the front matter's {key!r} should be a {kind.__name__}")


def _section_table(
    parts: dict[str, tuple[int, str]], title: str, header: Sequence[str], body_line: int
) -> list[dict[str, str]]:
    """The rows of the table that a section must hold (or none when it says so)."""
    if title not in parts:
        return []
    offset, text = parts[title]
    found = tables(text)
    if not found:
        if text.strip() and text.strip() != NONE_RECORDED:
            raise NotMinutes(f"line {body_line + offset}: section {title!r} has no table")
        return []
    columns, rows = found[0]
    if list(columns) != list(header):
        raise NotMinutes(
            f"line {body_line + offset}: the table of {title!r} has columns "
            f"{' | '.join(columns)}; expected {' | '.join(header)}"
        )
    return rows


MAX_BYTES = 4 * 1024 * 1024
"""The largest file collect reads. The busiest synthetic five-day workshop (2,000
notes, 300 actions, 500 answers; benchmarks/export.py) has a 106 KB index.md, its
session minutes under 40 KB: 4 MiB is 40 times that, and bounds what one file can
cost in time (about 1 s of parsing) and memory."""
MAX_NESTING = 32
"""Deepest array or table nesting accepted in front matter (ours never goes past 2)."""


def read_text(path: Path) -> str:
    """A regular file's text, read without following a link and without waiting on a
    FIFO or a device; raises :class:`NotMinutes` with the reason it was refused."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise NotMinutes(f"cannot read ({exc.strerror})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotMinutes("not a regular file")
        if st.st_size > MAX_BYTES:
            raise NotMinutes(f"{st.st_size:,} bytes: larger than the {MAX_BYTES:,} bytes read")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_BYTES + 1)
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        raise NotMinutes(f"larger than the {MAX_BYTES:,} bytes read")
    try:
        return clean_text(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise NotMinutes("not UTF-8 text") from None


def read_minutes(path: Path) -> SessionFile | ReportFile:
    """One exported file, checked; raises :class:`NotMinutes` with the reason."""
    text = read_text(path)
    front, body, body_line = split_front_matter(text, MAX_NESTING)
    front = clean_data(front)
    fmt = front.get("format")
    if not isinstance(fmt, str) or not fmt.startswith("facilitator-minutes/"):
        raise NotMinutes("not minutes written by facilitator (no format in the front matter)")
    if fmt not in READS:
        raise NotMinutes(f"minutes format {fmt!r}; this version reads up to {FORMAT!r}")
    parts = sections(body)
    kind = front.get("kind")
    if kind == "session":
        _check_keys(front, _SESSION_KEYS)
        header = DIAGNOSTIC_HEADER if fmt == FORMAT else DIAGNOSTIC_HEADER_1
        answers = [
            {k: row.get(k, "") for k in _ANSWER_KEPT}
            for row in _section_table(parts, "Diagnostic results", header, body_line)
        ]
        actions = _section_table(parts, "Action items", ACTION_HEADER, body_line)
        return SessionFile(path, front, answers, actions)
    if kind == "report":
        _check_keys(front, _REPORT_KEYS)
        if "Agenda adherence" not in parts:
            raise NotMinutes("the report has no 'Agenda adherence' section")
        adherence = _section_table(parts, "Agenda adherence", ADHERENCE_HEADER, body_line)
        return ReportFile(path, front, adherence)
    raise NotMinutes(f"unknown kind {kind!r} in the front matter")


def _read(path: Path) -> SessionFile | ReportFile | str:
    try:
        return read_minutes(path)
    except NotMinutes as exc:
        return str(exc)


def _read_all(paths: list[Path]) -> list[SessionFile | ReportFile | str]:
    """Read files with the cyclic garbage collector paused: parsing makes millions of
    short-lived tokens without cycles, and collecting them over and over costs a third
    of the time in a process that already holds much (measured in benchmarks/export.py)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        with fast_table_split():
            return [_read(p) for p in paths]
    finally:
        if enabled:
            gc.enable()


def _files(folders: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Every file under ``folders``, and what was refused: links are not followed (a link
    out of the folders would read what was not given; one inside is read where it
    points), and only regular files are read."""
    found: list[Path] = []
    refused: list[tuple[Path, str]] = []
    for folder in folders:
        if folder.is_symlink():
            refused.append((folder, "a symbolic link; give the folder it points to"))
            continue
        if folder.is_file():
            found.append(folder)
            continue
        for dirpath, dirnames, filenames in os.walk(folder):
            here = Path(dirpath)
            for name in sorted(dirnames):
                if (here / name).is_symlink():
                    refused.append((here / name, "a symbolic link to a folder; not followed"))
            dirnames[:] = sorted(
                d for d in dirnames if not d.startswith(".") and not (here / d).is_symlink()
            )
            for name in sorted(filenames):
                if name.startswith(".") or name in CHARTS.values():
                    continue  # hidden, or a report's own chart
                path = here / name
                mode = path.lstat().st_mode
                if stat.S_ISLNK(mode):
                    refused.append((path, "a symbolic link; not followed"))
                elif not stat.S_ISREG(mode):
                    refused.append((path, "not a regular file (a FIFO, a socket or a device)"))
                else:
                    found.append(path)
    return found, refused


def collect(folders: Sequence[Path], workers: int | None = None) -> Collection:
    """Read every file under ``folders``; minutes go in, the rest is listed as skipped."""
    for folder in folders:
        if not folder.exists():
            raise FileNotFoundError(f"{folder}: no such folder")
    result = Collection()
    paths, refused = _files(folders)
    result.skipped.extend(refused)
    markdown = [p for p in paths if p.suffix.lower() == ".md"]
    for path in paths:
        if path.suffix.lower() != ".md":
            result.skipped.append((path, "not a Markdown file"))
    workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    if workers > 1 and len(markdown) >= PARALLEL_FROM:
        with ProcessPoolExecutor(workers) as pool:
            chunks = [markdown[i : i + 32] for i in range(0, len(markdown), 32)]
            parsed = [item for part in pool.map(_read_all, chunks) for item in part]
    else:
        parsed = _read_all(markdown)
    result.files = len(paths) + len(refused)
    for path, item in zip(markdown, parsed, strict=True):
        if isinstance(item, str):
            result.skipped.append((path, item))
            continue
        key = (str(item.front["workshop"]), str(item.front.get("start_date", "")))
        workshop = result.workshops.setdefault(key, Workshop(key))
        if isinstance(item, ReportFile):
            if workshop.report is not None:
                kept = workshop.report.path
                result.skipped.append((path, f"a second report for {key[0]}; kept {kept}"))
                continue
            workshop.report = item
            workshop.front = item.front
        else:
            sid = str(item.front["session"])
            if sid in workshop.sessions:
                first = workshop.sessions[sid].path
                result.skipped.append((path, f"duplicate of {first}"))
                continue
            workshop.sessions[sid] = item
            workshop.front = workshop.front or item.front
    result.skipped.sort(key=lambda s: str(s[0]))
    return result
