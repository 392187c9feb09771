"""The report's files: the Markdown report, and beside it CSV for spreadsheets and the
SVG charts it links. CSV rows are streamed from the archive, so a list of 300,000 open
actions never sits in memory."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from datetime import date
from operator import itemgetter
from pathlib import Path

from facilitator.archive import charts
from facilitator.archive.report import (
    ADHERENCE,
    ANSWERS,
    LEARNING_ROWS,
    STATS,
    Beside,
    adherence_figures,
    answer_stats,
    rank_weaknesses,
    ranked_weaknesses,
    render,
)
from facilitator.archive.tables import (
    csv_bytes,
    csv_guarded,
    csv_parts,
    guarded,
    needs_quoting,
    unquoted_line,
)
from facilitator.store.files import make_folder, write_atomic

AGES = (
    ("not due yet", "due_date >= :today"),
    ("1-30 days overdue", "julianday(:today) - julianday(due_date) BETWEEN 1 AND 30"),
    ("31-90 days overdue", "julianday(:today) - julianday(due_date) BETWEEN 31 AND 90"),
    ("91-180 days overdue", "julianday(:today) - julianday(due_date) BETWEEN 91 AND 180"),
    ("181-365 days overdue", "julianday(:today) - julianday(due_date) BETWEEN 181 AND 365"),
    ("over a year overdue", "julianday(:today) - julianday(due_date) > 365"),
    ("no date", "due_date IS NULL"),
)
CHART_BARS = 15


def _workshops_csv(db: sqlite3.Connection, today: str) -> Iterator[bytes]:
    rows = db.execute(
        f"""SELECT w.workshop, w.start_date, w.end_date, w.name, w.programme, w.country,
            w.venue, w.participants,
            (SELECT count(*) FROM sessions s WHERE s.workshop_id = w.id),
            a.planned, a.held, a.skipped, a.late, round(a.delay, 1), a.over,
            (SELECT coalesce(sum(open), 0) FROM action_totals x WHERE x.workshop_id = w.id),
            (SELECT coalesce(sum(open), 0) FROM action_totals x WHERE x.workshop_id = w.id
                AND x.due_date < ?)
        FROM workshops w LEFT JOIN {ADHERENCE} a ON a.workshop_id = w.id
        ORDER BY w.start_date DESC, w.country, w.name""",
        (today,),
    )
    head = (
        "workshop",
        "start_date",
        "end_date",
        "name",
        "programme",
        "country",
        "venue",
        "participants",
        "session_minutes",
        "sessions_planned",
        "held",
        "skipped",
        "started_late",
        "mean_start_delay_min",
        "minutes_over_plan",
        "open_actions",
        "overdue_actions",
    )
    return csv_parts(head, rows)


def _answers_csv(db: sqlite3.Connection) -> Iterator[bytes]:
    rows = db.execute(
        "SELECT bank, question, text, country, workshops, "
        + ", ".join(code for code, _ in ANSWERS)
        + f", unanswered, round(msum * 1.0 / mcount, 2) FROM {STATS} "
        "ORDER BY bank, question, country"
    )
    head = ("bank", "question", "text", "country", "workshops", *(c for c, _ in ANSWERS))
    return csv_parts((*head, "not_answered", "mean_maturity"), rows)


def _maturity_chart(db: sqlite3.Connection) -> str:
    found = db.execute(
        "SELECT coalesce(area, '—'), country, sum(msum) * 1.0 / sum(mcount) "
        f"FROM {STATS} GROUP BY area, country HAVING sum(mcount) > 0"
    ).fetchall()
    areas = sorted({a for a, _, _ in found})
    countries = sorted({c for _, c, _ in found})
    cells = {(a, c): float(m) for a, c, m in found}
    return charts.maturity_grid("Mean maturity by area and country", areas, countries, cells)


def _gain_chart(db: sqlite3.Connection) -> str:
    """Each workshop's ⟨g⟩, highest first (past :data:`charts.GAIN_BARS` workshops, the
    highest and the lowest half each)."""
    total = db.execute("SELECT count(*) FROM learning WHERE gain IS NOT NULL").fetchone()[0]
    half, cut = charts.GAIN_BARS // 2, total > charts.GAIN_BARS
    drawn = db.execute(
        "SELECT name, country, gain FROM (SELECT w.name, w.country, l.gain, "
        "row_number() OVER (ORDER BY l.gain DESC, w.country, w.name, w.start_date) AS n "
        "FROM learning l JOIN workshops w ON w.id = l.workshop_id WHERE l.gain IS NOT NULL) "
        "WHERE NOT :cut OR n <= :half OR n > :total - :half ORDER BY n",
        {"cut": cut, "half": half, "total": total},
    ).fetchall()
    return charts.gains("Normalised gain by workshop", drawn, total if cut else None)


OPEN_HEAD = ("due", "due_date", "action", "owner", "country", "workshop", "start_date")
OPEN_HEAD += ("session",)
OPEN_COLUMNS = (
    ("a.due", True),
    ("a.due_date", False),
    ("a.action", True),
    ("a.owner", True),
    ("w.country", True),
    ("w.name", True),
    ("w.start_date", False),
    ("s.title", True),
)
"""The open actions CSV's columns, and whether each is guarded (typed text) or not (dates)."""
OPEN_FROM = (
    "FROM actions a JOIN sessions s ON s.id = a.session_id JOIN workshops w ON w.id = a.workshop_id"
)
OPEN_LINES = (
    f"SELECT a.id, {unquoted_line(OPEN_COLUMNS)} {OPEN_FROM} "
    "WHERE a.id > ? AND +a.status = 'open' ORDER BY a.id"
)
"""Every open action after a given one, in the order collected (workshop by workshop),
each as its CSV line made by SQLite (quoted nowhere): the rows of the ``open_actions``
view, read in the order of the actions' ids (``+``: not through the index on their status,
which would read every open action, then sort)."""
OPEN_ROWS = (
    "SELECT "
    + ", ".join(guarded(c) if guard else c for c, guard in OPEN_COLUMNS)
    + f" {OPEN_FROM} WHERE a.id > ? AND a.id <= ? AND +a.status = 'open' ORDER BY a.id"
)
"""The open actions of a range of ids as cells (guarded), for the ``csv`` module to quote."""
OPEN_BLOCK = 1000


def _open_lines(db: sqlite3.Connection, after: int, header: bool) -> Iterator[bytes]:
    """The open actions CSV's bytes after action ``after``, a thousand rows at a time: the
    lines SQLite made, or, for a thousand rows of which some cell needs quoting, the
    ``csv`` module's lines of their cells (the same bytes either way: 300,000 rows in
    0.6 s of CPU, against 1.3 s for every row through the ``csv`` module)."""
    if header:
        yield csv_bytes(OPEN_HEAD, ())  # the byte-order mark and the header
    cursor = db.execute(OPEN_LINES, (after,))
    while rows := cursor.fetchmany(OPEN_BLOCK):
        lines = b"".join(map(itemgetter(1), rows))
        if needs_quoting(lines, len(rows), len(OPEN_COLUMNS)):
            cells = db.execute(OPEN_ROWS, (rows[0][0] - 1, rows[-1][0]))
            lines = b"".join(csv_guarded(None, cells))
        yield lines


OPEN_CSV = "open_actions_csv"
"""The meta key that says which open actions CSV was written, and up to which action."""


def _open_actions_csv(db: sqlite3.Connection, path: Path) -> None:
    """Every open action as CSV. When the CSV written last time is there as it was, and
    no action was removed nor workshop renamed since, the new actions' rows are appended
    to it (adding one workshop to a thousand writes that workshop's rows only); else it
    is written whole, and replaced at once."""
    changed = db.execute("SELECT value FROM meta WHERE key = 'actions_changed'").fetchone()
    last = db.execute("SELECT coalesce(max(id), 0) FROM actions").fetchone()[0]
    found = db.execute("SELECT value FROM meta WHERE key = ?", (OPEN_CSV,)).fetchone()
    try:
        kept = json.loads(found[0]) if found else {}
        st = path.stat()
        as_written = {"path": str(path.resolve()), "size": st.st_size, "mtime": st.st_mtime_ns}
        same = isinstance(kept, dict) and all(kept.get(k) == v for k, v in as_written.items())
        same = same and kept.get("changed") == (changed and changed[0])
        after = int(kept["last"]) if same else 0
    except (OSError, ValueError, KeyError, TypeError):
        after = 0
    if after:  # appended in place: a crash halfway leaves a size the meta does not say
        with path.open("ab") as handle:
            for part in _open_lines(db, after, header=False):
                handle.write(part)
            handle.flush()
            os.fsync(handle.fileno())
    else:
        write_atomic(path, _open_lines(db, 0, header=True))
    st = path.stat()
    said = {"path": str(path.resolve()), "size": st.st_size, "mtime": st.st_mtime_ns}
    said |= {"changed": changed and changed[0], "last": last}
    db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (OPEN_CSV, json.dumps(said)))


def write(db: sqlite3.Connection, out: Path, today: date, base: Path | None = None) -> list[Path]:
    """Write the report to ``out`` and its CSV and charts beside it; returns the files."""
    make_folder(out.parent)
    answer_stats(db)
    rank_weaknesses(db)
    adherence_figures(db)
    beside = Beside.for_report(out)
    day = today.isoformat()
    folder = out.parent
    ranked = db.execute(ranked_weaknesses())
    weak_head = ("weakness", "questions", "times_observed", "workshops")
    learning_head = ("workshop", "country", "start_date", "pairs", "mean_pre", "mean_post")
    learning_head += ("gain", "mean_individual_gain")
    files = {
        beside.workshops: _workshops_csv(db, day),
        beside.answers: _answers_csv(db),
        beside.weaknesses: csv_parts(weak_head, ranked),
    }
    learned = db.execute("SELECT count(*) FROM learning").fetchone()[0]
    if learned:  # else the report says there is none, and links nothing
        files[beside.learning] = csv_parts(learning_head, db.execute(LEARNING_ROWS))
    for name, parts in files.items():
        write_atomic(folder / name, parts)
    _open_actions_csv(db, folder / beside.open_actions)
    top = db.execute(ranked_weaknesses(CHART_BARS)).fetchall()
    counted = db.execute(  # from the open actions counted per due date, not every action
        "SELECT "
        + ", ".join(f"coalesce(sum(CASE WHEN {cond} THEN open END), 0)" for _, cond in AGES)
        + " FROM action_totals",
        {"today": day},
    ).fetchone()
    ages = [(label, n) for (label, _), n in zip(AGES, counted, strict=True)]
    svgs = {
        beside.maturity_chart: _maturity_chart(db),
        beside.weaknesses_chart: charts.bars(
            "Weaknesses most often observed", [(w, n) for w, _, n, _ in top], "times", "time"
        ),
        beside.actions_chart: charts.bars(
            f"Open actions by age on {day}", ages, "actions", "action"
        ),
    }
    if learned:
        svgs[beside.learning_chart] = _gain_chart(db)
    for name, svg in svgs.items():
        write_atomic(folder / name, svg.encode("utf-8"))
    write_atomic(out, render(db, today, base, beside, summed=True).encode("utf-8"))
    written = [*(folder / n for n in files), folder / beside.open_actions]
    return [out, *written, *(folder / n for n in svgs)]
