"""Safe Markdown out, plain text back: the escaping shared by minutes and collect.

Text people typed goes through :func:`escape_line` (paragraphs and list
items) or :func:`escape_cell` (table cells). Either way it cannot open a
heading, a list, a code span, a link, emphasis, raw HTML or a new table
column: every character with a meaning in CommonMark or GitHub Markdown is
backslash-escaped, and the characters that only mean something at the start
of a line are escaped there.

A table cell holds one line. Its line breaks are written as `` ↵ `` and runs of
whitespace become one space (see :func:`cell_plain`); what markdown-it reads
back from the cell is exactly ``cell_plain(text)``.
"""

from __future__ import annotations

import importlib
import re
import tomllib
from collections.abc import Iterable, Sequence
from typing import Any

import tomli_w

from facilitator.clean import clean_data, clean_text

LINE_BREAK = " ↵ "
FENCE = "+++"

# Characters escaped wherever they are. CommonMark allows a backslash before any
# ASCII punctuation, so the escape is always read back as the bare character.
_ALWAYS = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~&$#!"})
# Characters that only matter at the start of a line: lists, setext underlines.
_LINE_START = re.compile(r"^([-+=])|^(\d+)([.)])")


_NEEDS_ESCAPE = re.compile(r"[\\`*_\[\]<>|~&$#!]|^[-+=]|^\d+[.)]")


def escape_plain(line: str) -> str:
    """One line of clean text (as read back from a cell) with every Markdown meaning
    taken away."""
    if not _NEEDS_ESCAPE.search(line):
        return line
    return _escape_start(line.translate(_ALWAYS))


def _escape_start(line: str) -> str:
    return _LINE_START.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), line, 1
    )


def _lines(text: str) -> list[str]:
    """The non-blank lines of ``text`` with whitespace runs made one space."""
    lines = []
    for raw in clean_text(text).split("\n"):
        line = " ".join(raw.split())
        if line:
            lines.append(line)
    return lines


def cell_plain(text: str) -> str:
    """What a table cell shows of ``text``: one line, breaks marked `` ↵ ``."""
    return LINE_BREAK.join(_lines(text))


def escape_cell(text: str) -> str:
    """``text`` as the content of one table cell."""
    return escape_plain(cell_plain(text))


def escape_line(text: str, indent: str = "") -> str:
    """``text`` as inline Markdown; its line breaks become hard breaks.

    ``indent`` goes before every line but the first (inside a list item).
    """
    return ("\\\n" + indent).join(escape_plain(line) for line in _lines(text))


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A GFM table. Cells must already be escaped (or be our own safe text)."""
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    for row in rows:
        out.append("| " + " | ".join(cell or " " for cell in row) + " |")
    return "\n".join(out)


# Inside TOML strings, characters Markdown would act on are written as \\uXXXX:
# a viewer that does not know +++ front matter shows it as a plain paragraph.
_TOML_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_TOML_HIDE = str.maketrans({c: f"\\u{ord(c):04X}" for c in "<>&`*_[]|~$#!"})


def front_matter(data: dict[str, Any]) -> str:
    """TOML front matter between ``+++`` lines (no newline after the last)."""
    dumped = tomli_w.dumps(clean_data(data))
    body = _TOML_STRING.sub(lambda m: m.group(0).translate(_TOML_HIDE), dumped)
    return f"{FENCE}\n{body}{FENCE}"


class NotMinutes(ValueError):
    """A file that is not minutes written by this kit, or is damaged."""


_NESTING_MARKS = re.compile(r"[\\\"'#\n\[\]{}]")
"""The only characters :func:`nesting` looks at (the others change nothing)."""


def nesting(toml: str) -> int:
    """How deep arrays and inline tables nest in ``toml`` (brackets in strings and
    comments do not count; table headers count one)."""
    deepest = depth = 0
    quote = ""
    comment = False
    skip = -1
    for mark in _NESTING_MARKS.finditer(toml):
        i, c = mark.start(), mark.group()
        if i == skip:  # escaped by the backslash before it
            continue
        if comment:
            comment = c != "\n"
        elif quote:
            if c == "\\" and quote == '"':
                skip = i + 1
            elif c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "#":
            comment = True
        elif c in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "]}":
            depth = max(depth - 1, 0)
    return deepest


def split_front_matter(text: str, max_nesting: int = 32) -> tuple[dict[str, Any], str, int]:
    """(front matter, body, line number where the body starts)."""
    if not text.startswith(FENCE + "\n"):
        raise NotMinutes("no +++ front matter on the first line")
    end = text.find("\n" + FENCE + "\n", len(FENCE))
    if end < 0:
        raise NotMinutes("the +++ front matter is never closed")
    raw = text[len(FENCE) + 1 : end + 1]
    if (deep := nesting(raw)) > max_nesting:
        raise NotMinutes(f"the front matter nests {deep} deep; at most {max_nesting} is read")
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        # tomllib counts from the first line after +++; the file's line is one more
        detail = re.sub(r"line (\d+)", lambda m: f"line {int(m.group(1)) + 1}", str(exc))
        raise NotMinutes(f"the front matter is not valid TOML ({detail})") from None
    body_line = raw.count("\n") + 3
    return data, text[end + len(FENCE) + 2 :], body_line


# -- reading back ------------------------------------------------------------

_MARKDOWN_IT: dict[str, Any] = {}
_LAZY = {
    "_md": "md",
    "_table_rule": "table_rule",
    "_slow_split": "slow_split",
    "_trim": "trim",
    "_MAX_AUTOCOMPLETED": "max_autocompleted",
}
"""The parts of markdown-it this module reads with, by the names it gives them."""


def _mdit() -> dict[str, Any]:
    """markdown-it's parser and the pieces of its table rule used here, loaded on first
    use: writing minutes, reading a bundle from its data or rendering the report needs
    none of them (the coordinators' archive starts 60 ms sooner)."""
    if not _MARKDOWN_IT:
        from markdown_it import MarkdownIt

        rule = importlib.import_module("markdown_it.rules_block.table")
        utils = importlib.import_module("markdown_it.common.utils")
        _MARKDOWN_IT.update(
            md=MarkdownIt("commonmark", {"html": False}).enable("table"),
            table_rule=rule,
            slow_split=getattr(rule, "escapedSplit", None),
            trim=getattr(utils, "mdTrim", str.strip),
            max_autocompleted=getattr(rule, "MAX_AUTOCOMPLETED_CELLS", 0x10000),
        )
    return _MARKDOWN_IT


def __getattr__(name: str) -> Any:
    """``_md``, ``_table_rule``, ``_slow_split``, ``_trim``, ``_MAX_AUTOCOMPLETED``: the
    parts of markdown-it, loaded when first asked for."""
    if name in _LAZY:
        return _mdit()[_LAZY[name]]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _escaped_split(row: str) -> list[str]:
    """markdown-it's split of a table row on unescaped pipes, without a per-character
    loop when no pipe is escaped (the result is the same; tests compare them)."""
    if "\\|" not in row:
        return row.split("|")
    slow_split = _mdit()["slow_split"]
    assert slow_split is not None
    return slow_split(row)


_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# What may still be Markdown once the escapes are taken out; only then is the
# full inline parser needed.
_RISKY = re.compile(r"[`*_\[\]<>&~!\\]")


def inline_text(source: str) -> str:
    """The plain text markdown-it reads from an inline source (a cell, a line)."""
    if "\\" not in source:
        if not _RISKY.search(source):
            return source
    elif not _RISKY.search(_ESCAPE.sub("", source)):
        return _ESCAPE.sub(r"\1", source)
    parts = []
    for token in _mdit()["md"].parseInline(source)[0].children or ():
        if token.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif token.children:
            parts.extend(child.content for child in token.children)
        else:
            parts.append(token.content)
    return "".join(parts)


_HEADING = re.compile(r"^## (.*)$", re.M)


def sections(body: str) -> dict[str, tuple[int, str]]:
    """The level-two sections of a body: heading -> (line index of the heading, text).

    Typed text can never start a line with ``#`` (it is escaped), so a line
    starting ``## `` is always one of ours. The text before the first heading
    is under ``""``.
    """
    found: dict[str, tuple[int, str]] = {}
    title, start, start_line, line, pos = "", 0, 0, 0, 0
    for match in _HEADING.finditer(body):
        found[title] = (start_line, body[start : match.start()])
        line += body.count("\n", pos, match.start())
        pos = match.start()
        title, start, start_line = match.group(1).strip(), match.end() + 1, line
    found[title] = (start_line, body[start:])
    return found


Table = tuple[list[str], list[dict[str, str]]]


def tables(source: str) -> list[Table]:
    """Every GFM table in ``source``, parsed by markdown-it: (header, rows as {header: text})."""
    tokens: list[Any] = []
    md = _mdit()["md"]
    md.block.parse(source, md, {}, tokens)
    found: list[Table] = []
    header: list[str] = []
    row: list[str] = []
    rows: list[dict[str, str]] = []
    in_head = in_row = False
    for token in tokens:
        kind = token.type
        if kind == "inline":
            if in_row:  # a paragraph after a table is not one of its cells
                row.append(inline_text(token.content))
        elif kind == "thead_open":
            in_head, rows = True, []
        elif kind == "tr_open":
            row, in_row = [], True
        elif kind == "tr_close":
            in_row = False
            if in_head:
                header = row
            else:
                cells = row + [""] * (len(header) - len(row))
                rows.append(dict(zip(header, cells[: len(header)], strict=True)))
        elif kind == "thead_close":
            in_head = False
        elif kind == "table_close":
            found.append((header, rows))
    return found


_DELIMITER_CHARS = frozenset("|-: \t")
_ALIGN = re.compile(r"^:?-+:?$")


def _cells(line: str) -> list[str]:
    """A table row's cells as markdown-it splits and trims them."""
    trim = _mdit()["trim"]
    columns = _escaped_split(trim(line))
    if columns and columns[0] == "":
        columns.pop(0)
    if columns and columns[-1] == "":
        columns.pop()
    return [trim(column) for column in columns]


def _columns_of_delimiter(line: str) -> int | None:
    """How many columns a delimiter row (``| --- | :-: |``) has; None if it is not one."""
    if len(line) < 2 or not set(line) <= _DELIMITER_CHARS or line[:2] in ("- ", "-\t"):
        return None
    parts = line.split("|")
    count = 0
    trim = _mdit()["trim"]
    for i, part in enumerate(parts):
        cell = trim(part)
        if not cell:
            if i in (0, len(parts) - 1):
                continue
            return None
        if not _ALIGN.search(cell):
            return None
        count += 1
    return count


def first_table(source: str) -> Table | None:
    """The first table of ``source``, as :func:`tables` reads it, without markdown-it's
    tokens when the source has the shape minutes have: paragraphs, then a table whose
    every line starts with ``|``, after a blank line. Anything else (a fence, an
    indented or pipe-less row, a paragraph running into the table) goes to
    markdown-it itself. Tests compare the two on generated text."""
    if "|" not in source:
        return None
    lines = source.split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith("|")), None)
    if (
        start is None
        or start + 1 >= len(lines)
        or (start > 0 and lines[start - 1].strip(" \t"))
        or any(line.lstrip(" ").startswith(("```", "~~~")) for line in lines[:start])
    ):
        return _slow_first(source)
    header = _cells(lines[start])
    width = _columns_of_delimiter(lines[start + 1])
    if width is None or width != len(header) or not lines[start + 1].startswith("|"):
        return _slow_first(source)
    names = [inline_text(cell) for cell in header]
    rows: list[dict[str, str]] = []
    autocompleted = 0
    trim, most = _mdit()["trim"], _mdit()["max_autocompleted"]
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            if trim(line):
                return _slow_first(source)
            break
        columns = _cells(line)
        autocompleted += width - len(columns)
        if autocompleted > most:
            break
        cells = [inline_text(cell) for cell in columns[:width]]
        cells += [""] * (width - len(cells))
        rows.append(dict(zip(names, cells, strict=True)))
    return names, rows


def _slow_first(source: str) -> Table | None:
    found = tables(source)
    return found[0] if found else None


def escaped_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A GFM table of text from outside: every cell, header included, escaped."""
    return table(
        [escape_cell(h) for h in header], ([escape_cell(cell) for cell in row] for row in rows)
    )
