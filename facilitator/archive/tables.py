"""CSV for spreadsheets: one header, rows given one at a time, UTF-8 with a byte-order
mark (so that a spreadsheet opens it as UTF-8), and no cell that a spreadsheet would
run as a formula."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

_FORMULA = frozenset("=+-@\t\r")


def cell(value: Any) -> Any:
    """A value as a CSV cell: typed text that starts like a formula gets a leading ``'``
    (OWASP's advice for CSV injection); numbers and None (empty) are left to the writer."""
    if type(value) is str and value[:1] in _FORMULA:
        return "'" + value
    return value


def csv_parts(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """The CSV's bytes, a few hundred rows at a time."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    out.write("\ufeff")
    writer.writerow(header)
    for n, row in enumerate(rows, 1):
        writer.writerow([cell(v) for v in row])
        if n % 500 == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A small CSV, whole."""
    return b"".join(csv_parts(header, rows))


def guarded(column: str) -> str:
    """SQL for a text column as a CSV cell: the same rule as :func:`cell`, worked out by
    SQLite (for a list of 300,000 rows, Python looks at no cell; ``unicode`` reads the
    first character without copying it, as ``substr`` would)."""
    codes = ", ".join(str(ord(c)) for c in sorted(_FORMULA))
    return f"CASE WHEN unicode({column}) IN ({codes}) THEN '''' || {column} ELSE {column} END"


def unquoted_cell(column: str, guard: bool = True) -> str:
    """SQL for a text column as a CSV cell before any quoting: through :func:`guarded`
    (when ``guard``), NULL as empty."""
    return f"ifnull({guarded(column) if guard else column}, '')"


def unquoted_line(columns: Sequence[tuple[str, bool]]) -> str:
    """SQL for a row's CSV line, as UTF-8 bytes: its cells (each a text column, and
    whether it is guarded) joined by commas, ending in CRLF, and quoted nowhere. It is the
    line the ``csv`` module writes whenever no cell holds a comma, a double quote or a
    line break, which :func:`needs_quoting` tells from the lines themselves."""
    cells = " || ',' || ".join(unquoted_cell(c, guard) for c, guard in columns)
    return f"CAST({cells} || char(13, 10) AS BLOB)"


def needs_quoting(lines: bytes, rows: int, cells: int) -> bool:
    """Whether some cell of ``rows`` lines of :func:`unquoted_line` (``cells`` a line)
    holds a comma, a double quote, CR or LF, which the ``csv`` module would have quoted.
    Each is counted over the lines (UTF-8 has none of these bytes inside a character):
    when no cell holds one, there are only the separators and the line ends."""
    return (
        lines.count(b",") != (cells - 1) * rows
        or lines.count(b"\n") != rows
        or lines.count(b"\r") != rows
        or b'"' in lines
    )


def csv_guarded(header: Sequence[str] | None, cursor: sqlite3.Cursor) -> Iterator[bytes]:
    """The CSV of rows already made safe in SQL (each text column through
    :func:`guarded`), a thousand rows at a time (``header`` None: rows only, to
    follow those of a CSV already written)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if header is not None:
        out.write("\ufeff")
        writer.writerow(header)
    while rows := cursor.fetchmany(1000):
        writer.writerows(rows)
        yield out.getvalue().encode("utf-8")
        out.seek(0)
        out.truncate()
    yield out.getvalue().encode("utf-8")
