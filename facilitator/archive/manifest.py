"""A bundle's ``manifest.toml``: what made it (the tool's version, the programme and a
SHA-256 of each course file it ran) and a SHA-256 of every other file of the bundle.

collect reads it back to tell a file edited (or lost) since it was bundled.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from facilitator import __version__
from facilitator.clean import clean_data
from facilitator.minutes.mdsafe import NotMinutes, nesting

FORMAT = "facilitator-bundle/1"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
ABOUT = ("version", "workshop", "start_date", "programme", "programme_sha256")
"""The keys of a manifest's top table collect keeps (with ``format`` and ``tool``)."""
MAX_FILES = 100_000
"""Most files one manifest may list (a bundle has a few dozen)."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def course_hashes(files: Sequence[Path], label: Callable[[Path], str]) -> dict[str, str]:
    """SHA-256 of each course file a programme ran, under its ``label`` (its name
    relative to its course folder)."""
    return {label(path): sha256(path.read_bytes()) for path in files}


def programme_hash(course: Mapping[str, str]) -> str:
    """One SHA-256 for the whole programme: over its files' names and hashes."""
    lines = "".join(f"{name}\0{digest}\n" for name, digest in sorted(course.items()))
    return sha256(lines.encode("utf-8"))


def render(about: Mapping[str, Any], course: Mapping[str, str], files: Mapping[str, str]) -> str:
    """The manifest's text: ``about`` (workshop, dates, programme), then the course files'
    and the bundle files' hashes, in name order."""
    data = {
        "format": FORMAT,
        "tool": "facilitator",
        "version": __version__,
        **about,
        "course": dict(sorted(course.items())),
        "files": dict(sorted(files.items())),
    }
    return tomli_w.dumps(clean_data(data))


@dataclass(frozen=True, slots=True)
class Manifest:
    """What collect reads back from a manifest."""

    files: dict[str, str]
    """Bundle file name -> SHA-256."""
    version: str
    workshop: str
    start_date: str
    programme: str
    programme_sha256: str


_STRING = r'"([^"\\\x00-\x1f\x7f]*)"'
_PAIR = re.compile(rf"(?:([A-Za-z0-9_-]+)|{_STRING}) = {_STRING}")
_TABLE = re.compile(r"\[([A-Za-z0-9_-]+)\]")


def _machine_written(text: str) -> dict[str, Any] | None:
    """The TOML :func:`render` writes (bare or plain quoted keys, plain string values,
    one level of tables) read without tomllib, which takes 13% of a fresh archive's
    time; None for anything else (escapes, comments, numbers, dotted or repeated keys),
    which tomllib then reads, with its errors."""
    data: dict[str, Any] = {}
    into = data
    for line in text.split("\n"):
        if not line:
            continue
        pair = _PAIR.fullmatch(line)
        if pair is not None:
            key = pair[1] if pair[1] is not None else pair[2]
            if key in into:
                return None
            into[key] = pair[3]
            continue
        header = _TABLE.fullmatch(line)
        if header is None or header[1] in data:
            return None
        into = data[header[1]] = {}
    return data


def parse(raw: bytes) -> Manifest:
    """A manifest's bytes, checked; raises :class:`NotMinutes` with the reason when it is
    not a bundle's manifest this version reads."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise NotMinutes("a manifest that is not UTF-8 text") from None
    if (deep := nesting(text)) > 4:
        raise NotMinutes(f"a manifest that nests {deep} deep")
    try:
        fast = _machine_written(text)
        data = clean_data(fast if fast is not None else tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise NotMinutes(f"a manifest that is not valid TOML ({exc})") from None
    if data.get("format") != FORMAT:
        raise NotMinutes(f"a manifest.toml that is not a bundle's ({FORMAT}) manifest")
    files = data.get("files")
    if not isinstance(files, dict) or len(files) > MAX_FILES:
        raise NotMinutes("a manifest with no [files] table of hashes")
    bad = [name for name, digest in files.items() if not _SHA256.match(str(digest))]
    if bad:
        raise NotMinutes(f"a manifest whose hash for {bad[0]!r} is not a SHA-256")
    return Manifest(
        {str(k): str(v) for k, v in files.items()},
        *(str(data.get(key, "")) for key in ABOUT),
    )
