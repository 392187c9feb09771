"""Reading many workshops' minutes, one file at a time: only regular files inside the
folders given, bounded.

:func:`walk` yields every file found under the folders (or why it was refused)
without reading it; :func:`read_bytes` reads one, bounded; :func:`parse` checks it
and reads its front matter (tomllib) and the tables collect needs (only the
sections that hold them). Nothing is kept between files: the caller stores what
it needs and forgets the rest, so memory does not grow with the number of files.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from facilitator.clean import clean_data, clean_text
from facilitator.course.labels import ANSWER_LABELS
from facilitator.minutes.contract import (
    ACTION_HEADER,
    ADHERENCE_HEADER,
    DIAGNOSTIC_HEADER,
    DIAGNOSTIC_HEADER_1,
    FORMAT,
    NONE_RECORDED,
    READS,
)
from facilitator.minutes.mdsafe import NotMinutes, first_table, sections, split_front_matter

SESSION_KEYS = {"workshop": str, "session": str, "title": str, "day": int, "order": int}
REPORT_KEYS = {"workshop": str, "workshop_name": str, "programme": str}
ANSWER_KEPT = DIAGNOSTIC_HEADER[: DIAGNOSTIC_HEADER.index("Evidence")]
"""The columns of diagnostic results collect keeps (evidence, notes and authors stay in
the minutes)."""
MANIFEST = "manifest.toml"
"""A bundle's manifest: :func:`walk` yields it before the other files of its folder."""
# "Oui" -> "yes": answers are compared whatever the language of the minutes
answer_codes = {
    label: code
    for code, text in ANSWER_LABELS.items()
    for label in (text.en, *(value for _, value in text.other))
}

MAX_BYTES = 4 * 1024 * 1024
"""The largest file collect reads. The busiest synthetic five-day workshop (2,000
notes, 300 actions, 500 answers; benchmarks/export.py) has a 106 KB index.md, its
session minutes under 40 KB: 4 MiB is 40 times that, and bounds what one file can
cost in time (about 1 s of parsing) and memory."""
MAX_NESTING = 32
"""Deepest array or table nesting accepted in front matter (ours never goes past 2)."""
MAX_DEPTH = 64
"""Deepest folder read below a folder given (a bundle is 2 deep; a tree of trainers'
repositories a few more)."""


@dataclass(frozen=True, slots=True)
class SessionFile:
    front: dict[str, Any]
    answers: list[dict[str, str]]
    actions: list[dict[str, str]]


@dataclass(frozen=True, slots=True)
class ReportFile:
    front: dict[str, Any]
    adherence: list[dict[str, str]]


class Found(NamedTuple):
    """A regular file under the folders given, not read yet (a named tuple: a walk makes
    38,000 of them, at half the cost of a frozen dataclass)."""

    path: str
    """Its path, as a string (a walk of 38,000 files makes no Path objects)."""
    size: int
    stamp: str
    """What says the bytes have not changed since they were last read: the size and
    modification time of a file (as git's index does), a git revision's blob id."""
    ctime_ns: int = 0
    """When the file's inode last changed (``st_ctime_ns``), which no program can set
    back as it can a modification time (0: not known, as in a git revision)."""

    @property
    def of_content(self) -> bool:
        """Whether the stamp is a hash of the bytes (a git blob id), which says alone that
        they are unchanged; a size and modification time do so only within the folder's
        signature (see :mod:`facilitator.archive.ingest`)."""
        return self.stamp.startswith("git:")


@dataclass(frozen=True, slots=True)
class Refused:
    """Something under the folders given that is not read, and why."""

    path: Path
    reason: str


def check_keys(front: dict[str, Any], keys: dict[str, type]) -> None:
    """Raise :class:`NotMinutes` unless ``front`` has each key, of its type."""
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
    found = first_table(text)
    if found is None:
        if text.strip() and text.strip() != NONE_RECORDED:
            raise NotMinutes(f"line {body_line + offset}: section {title!r} has no table")
        return []
    columns, rows = found
    if list(columns) != list(header):
        raise NotMinutes(
            f"line {body_line + offset}: the table of {title!r} has columns "
            f"{' | '.join(columns)}; expected {' | '.join(header)}"
        )
    return rows


def read_bytes(path: str | Path) -> bytes:
    """A regular file's bytes, read without following a link and without waiting on a
    FIFO or a device, at most :data:`MAX_BYTES` (the size is looked at before reading);
    raises :class:`NotMinutes` with the reason it was refused."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise NotMinutes(f"cannot read ({exc.strerror})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotMinutes("not a regular file")
        check_size(st.st_size)
        # os.read of the size fstat gives, not a buffered read(MAX_BYTES + 1): that
        # allocates 4 MiB for each file (five times the time of reading 38,000 files)
        parts: list[bytes] = []
        total, want = 0, st.st_size + 1
        while total <= MAX_BYTES and (chunk := os.read(fd, max(want, 1 << 16))):
            parts.append(chunk)
            total += len(chunk)
            want -= len(chunk)
        raw = parts[0] if len(parts) == 1 else b"".join(parts)
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        raise NotMinutes(f"larger than the {MAX_BYTES:,} bytes read")
    return raw


def check_size(size: int) -> None:
    """Refuse a file larger than :data:`MAX_BYTES` before reading any of it."""
    if size > MAX_BYTES:
        raise NotMinutes(f"{size:,} bytes: larger than the {MAX_BYTES:,} bytes read")


def decode(raw: bytes) -> str:
    """UTF-8 text, cleaned; raises :class:`NotMinutes` for anything else."""
    try:
        return clean_text(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise NotMinutes("not UTF-8 text") from None


def parse(raw: bytes) -> SessionFile | ReportFile:
    """One exported file's bytes, checked; raises :class:`NotMinutes` with the reason."""
    front, body, body_line = split_front_matter(decode(raw), MAX_NESTING)
    front = clean_data(front)
    fmt = front.get("format")
    if not isinstance(fmt, str) or not fmt.startswith("facilitator-minutes/"):
        raise NotMinutes("not minutes written by facilitator (no format in the front matter)")
    if fmt not in READS:
        raise NotMinutes(f"minutes format {fmt!r}; this version reads up to {FORMAT!r}")
    parts = sections(body)
    kind = front.get("kind")
    if kind == "session":
        check_keys(front, SESSION_KEYS)
        header = DIAGNOSTIC_HEADER if fmt == FORMAT else DIAGNOSTIC_HEADER_1
        answers = [
            {k: row.get(k, "") for k in ANSWER_KEPT}
            for row in _section_table(parts, "Diagnostic results", header, body_line)
        ]
        actions = _section_table(parts, "Action items", ACTION_HEADER, body_line)
        return SessionFile(front, answers, actions)
    if kind == "report":
        check_keys(front, REPORT_KEYS)
        if "Agenda adherence" not in parts:
            raise NotMinutes("the report has no 'Agenda adherence' section")
        adherence = _section_table(parts, "Agenda adherence", ADHERENCE_HEADER, body_line)
        return ReportFile(front, adherence)
    raise NotMinutes(f"unknown kind {kind!r} in the front matter")


def _listed(folder: str) -> tuple[list[Found | Refused], list[str]]:
    """The files of ``folder`` (its manifest first, then in name order), and its
    sub-folders. Links are not followed (a link out of the folders would read what was
    not given; one inside is read where it points); hidden files and folders (.git) are
    left."""
    try:
        with os.scandir(folder) as listing:
            named = {e.name: e for e in listing if not e.name.startswith(".")}
    except OSError as exc:
        return [Refused(Path(folder), f"cannot list ({exc.strerror})")], []
    names = sorted(named)
    if MANIFEST in named:
        names.remove(MANIFEST)
        names.insert(0, MANIFEST)
    files: list[Found | Refused] = []
    below = []
    for name in names:
        entry = named[name]
        path = entry.path
        if entry.is_file(follow_symlinks=False):  # the usual case first: one lstat
            st = entry.stat(follow_symlinks=False)
            size = st.st_size
            files.append(Found(path, size, f"{size}:{st.st_mtime_ns}", st.st_ctime_ns))
        elif entry.is_symlink():
            what = "a symbolic link to a folder" if entry.is_dir() else "a symbolic link"
            files.append(Refused(Path(path), f"{what}; not followed"))
        elif entry.is_dir(follow_symlinks=False):
            below.append(path)
        else:
            files.append(Refused(Path(path), "not a regular file (a FIFO, a socket or a device)"))
    return files, below


def walk_folders(folders: Iterable[Path]) -> Iterator[list[Found | Refused]]:
    """What :func:`walk` yields, a folder at a time: the files of each folder (or why
    they are not read), its sub-folders' after it, in name order."""
    for folder in folders:
        if folder.is_symlink():
            yield [Refused(folder, "a symbolic link; give the folder it points to")]
        elif folder.is_file():
            st = folder.stat()
            yield [Found(str(folder), st.st_size, f"{st.st_size}:{st.st_mtime_ns}", st.st_ctime_ns)]
        elif not folder.exists():
            raise FileNotFoundError(f"{folder}: no such folder")
        else:
            todo = [(str(folder), 0)]  # depth first, as a stack: the next folder last
            while todo:
                path, depth = todo.pop()
                if depth > MAX_DEPTH:
                    yield [Refused(Path(path), f"more than {MAX_DEPTH} folders deep; not read")]
                    continue
                files, below = _listed(path)
                if files:
                    yield files
                todo.extend((sub, depth + 1) for sub in reversed(below))


def walk(folders: Iterable[Path]) -> Iterator[Found | Refused]:
    """Every file under ``folders``, one at a time, or why it is not read."""
    for files in walk_folders(folders):
        yield from files
