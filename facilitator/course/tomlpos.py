"""Line numbers for TOML keys.

``tomllib`` gives values but no positions, so this scans the text once and
maps every key path to the line it is written on, e.g.
``("days", 1, "sessions", 3, "minutes") -> 57``. Arrays of tables get their
index in the path, as in the parsed data.
"""

from __future__ import annotations

import re

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r"\"(?:[^\"\\]|\\.)*\"|'[^']*'"
_PART = rf"(?:{_BARE}|{_QUOTED})"
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_HEADER = re.compile(rf"^\s*(\[\[|\[)\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(rf"^\s*({_DOTTED})\s*=")
_PART_RE = re.compile(_PART)

Path = tuple[str | int, ...]


def _split(dotted: str) -> list[str]:
    return [p.strip("\"'") for p in _PART_RE.findall(dotted)]


def key_lines(text: str) -> dict[Path, int]:
    """Map each table and key path in ``text`` to its 1-based line number."""
    positions: dict[Path, int] = {(): 1}
    current: Path = ()
    last_index: dict[Path, int] = {}
    open_string: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if open_string is not None:
            if line.count(open_string) % 2 == 1:
                open_string = None
            continue
        header = _HEADER.match(line)
        if header:
            parts = _split(header.group(2))
            path: Path = ()
            for part in parts[:-1]:
                path += (part,)
                if path in last_index:
                    path += (last_index[path],)
            path += (parts[-1],)
            if header.group(1) == "[[":
                index = last_index.get(path, -1) + 1
                last_index[path] = index
                path += (index,)
            current = path
            positions.setdefault(current, number)
            continue
        key = _KEY.match(line)
        if key:
            positions.setdefault(current + tuple(_split(key.group(1))), number)
            rest = line[key.end() :]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    open_string = quote
                    break
    return positions


def line_of(positions: dict[Path, int], path: Path) -> int:
    """The line of ``path``, or of its nearest written ancestor."""
    while path:
        if path in positions:
            return positions[path]
        path = path[:-1]
    return positions.get((), 1)
