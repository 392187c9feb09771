"""The coordinators' report, as Markdown, from SQL queries over the archive.

Every section is a summary a person reads; what is long (every open action, every
workshop's figures, every weakness) is in the CSV files beside the report, which the
report names. Nothing here holds more than one section's rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from facilitator.minutes.mdsafe import escape_cell, escape_line, front_matter, table

FORMAT = "facilitator-collection/2"
SHOWN = 20
"""Rows of a ranked table shown in the report (the CSV beside it has them all)."""
WORKSHOPS_SHOWN = 100
STATS = "temp.answer_stats"
ANSWERS = (("yes", "Yes"), ("partly", "Partly"), ("no", "No"), ("na", "N/A"))


@dataclass(frozen=True)
class Beside:
    """The names of the files written beside the report (None: printed, nothing beside)."""

    workshops: str
    answers: str
    weaknesses: str
    open_actions: str
    maturity_chart: str
    weaknesses_chart: str
    actions_chart: str
    learning: str
    learning_chart: str

    @classmethod
    def for_report(cls, report: Path) -> Beside:
        stem = report.stem
        return cls(
            f"{stem}-workshops.csv",
            f"{stem}-answers.csv",
            f"{stem}-weaknesses.csv",
            f"{stem}-open-actions.csv",
            f"{stem}-maturity.svg",
            f"{stem}-weaknesses.svg",
            f"{stem}-actions-age.svg",
            f"{stem}-learning.csv",
            f"{stem}-gain.svg",
        )


def _cell(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}"
    return escape_cell(str(value))


def _rows(cursor: Iterable[Sequence[Any]]) -> list[list[str]]:
    return [[_cell(v) for v in row] for row in cursor]


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def _more(total: int, shown: int, name: str | None) -> str:
    """A line under a table cut at ``shown`` rows, naming the CSV that has every row."""
    cut = f"The first {shown:,} of {total:,}. " if total > shown else ""
    every = f"Every row: [{name}]({name})." if name else ""
    return f"\n\n{cut}{every}" if cut or every else ""


# -- sections ---------------------------------------------------------------------------


def _covered(db: sqlite3.Connection, beside: Beside | None) -> str:
    total = db.execute("SELECT count(*) FROM workshops").fetchone()[0]
    if not total:
        return "No minutes found."
    by_country = db.execute(
        "SELECT country, count(*), group_concat(DISTINCT programme), min(start_date), "
        "max(start_date), sum(participants) FROM workshops GROUP BY country ORDER BY country"
    )
    head = ("Country", "Workshops", "Programmes", "First", "Last", "Participants")
    parts = [table(head, _rows(by_country))]
    rows = db.execute(
        f"""SELECT w.name, w.programme, w.country, w.venue,
            w.start_date || coalesce(' to ' || nullif(w.end_date, w.start_date), ''),
            (SELECT count(*) FROM sessions s WHERE s.workshop_id = w.id), w.participants,
            CASE WHEN EXISTS (SELECT 1 FROM agenda a WHERE a.workshop_id = w.id)
                THEN 'yes' ELSE 'no' END,
            CASE WHEN NOT EXISTS (SELECT 1 FROM files f WHERE f.workshop_id = w.id
                    AND f.bundle_id IS NOT NULL) THEN 'no manifest'
                WHEN EXISTS (SELECT 1 FROM files f WHERE f.workshop_id = w.id
                    AND f.checked != 'verified') THEN 'edited files'
                ELSE 'verified' END
        FROM workshops w ORDER BY w.start_date DESC, w.country, w.name LIMIT {WORKSHOPS_SHOWN}"""
    )
    head = (
        "Workshop",
        "Programme",
        "Country",
        "Venue",
        "Dates",
        "Session minutes",
        "Participants",
        "Report",
        "Bundle",
    )
    parts.append("Most recent first:\n\n" + table(head, _rows(rows)))
    return "\n\n".join(parts) + _more(total, WORKSHOPS_SHOWN, beside.workshops if beside else None)


def _bundles(db: sqlite3.Connection, base: Path | None) -> str:
    bundles = db.execute("SELECT count(*) FROM bundles").fetchone()[0]
    loose = db.execute(
        "SELECT count(*) FROM workshops w WHERE NOT EXISTS (SELECT 1 FROM files f "
        "WHERE f.workshop_id = w.id AND f.bundle_id IS NOT NULL)"
    ).fetchone()[0]
    problems = db.execute(
        "SELECT b.folder, c.name, c.problem FROM checks c JOIN bundles b ON b.id = c.bundle_id "
        "ORDER BY b.folder, c.name"
    ).fetchall()
    line = (
        f"{_count(bundles, 'bundle')} with a manifest; "
        f"{_count(loose, 'workshop')} from minutes without one."
    )
    if not problems:
        return line + (" Every bundled file is as it was bundled." if bundles else "")
    rows = [[escape_cell(_shown(folder, base)), escape_cell(n), p] for folder, n, p in problems]
    note = (
        " Files edited since they were bundled are still read: their figures are in "
        "this report, marked in the table of workshops."
    )
    return line + note + "\n\n" + table(("Bundle", "File", "Problem"), rows)


def _maturity(db: sqlite3.Connection, beside: Beside | None) -> str:
    rows = db.execute(
        "SELECT coalesce(area, '—'), country, sum(answered), sum(msum) * 1.0 / sum(mcount) "
        f"FROM {STATS} GROUP BY area, country HAVING sum(answered) > 0 ORDER BY area, country"
    ).fetchall()
    if not rows:
        return "No diagnostic results in these minutes."
    chart = f"![Mean maturity by area and country]({beside.maturity_chart})\n\n" if beside else ""
    head = ("Area", "Country", "Answers", "Mean maturity")
    return chart + table(head, _rows(rows))


def _answers(db: sqlite3.Connection, beside: Beside | None) -> str:
    """For each question, one row per country: how it was answered, and the mean maturity."""
    found = db.execute(
        "SELECT bank, question, country, workshops, "
        + ", ".join(code for code, _ in ANSWERS)
        + f", unanswered, msum * 1.0 / mcount, text FROM {STATS} ORDER BY bank, question, country"
    )
    out = [
        "One row per country (a group's own country, or the workshop's): how many times "
        "each answer was given (a question asked in several rounds, or answered by several "
        "groups of one country, counts each time), and the mean maturity from 0 (none) to "
        "4 (embedded)."
    ]
    head = ("Country", "Workshops", *(label for _, label in ANSWERS), "Not answered")
    head += ("Mean maturity",)
    key, rows, text = None, [], ""
    for bank, question, *figures, question_text in found:
        if (bank, question) != key:
            if rows:
                out.append(f"### {text}\n\n" + table(head, rows))
            key, rows = (bank, question), []
            prefix = f"{bank} " if bank else ""
            text = f"{escape_line(prefix + question)}: {escape_line(question_text or '')}"
        rows.append([_cell(v) for v in figures])
    if not rows:
        return "No diagnostic results in these minutes."
    out.append(f"### {text}\n\n" + table(head, rows))
    if beside:
        out.insert(1, f"Every figure, for a spreadsheet: [{beside.answers}]({beside.answers}).")
    return "\n\n".join(out)


def answer_stats(db: sqlite3.Connection) -> None:
    """The answers per question and country, summed from each workshop's totals into a
    temporary table that the sections, the CSV and the chart read.

    A workshop has one row of totals per question and country, so their count is the
    number of workshops; the totals are read in the order of their covering index
    ``answer_totals_stats``: no sort (0.05 s against 0.18 s over 50,000 rows)."""
    db.execute(f"DROP TABLE IF EXISTS {STATS}")
    db.execute(
        f"CREATE TEMP TABLE {STATS} AS SELECT bank, question, min(area) AS area, country, "
        "min(question_text) AS text, count(*) AS workshops, "
        + ", ".join(f"sum({code}) AS {code}" for code, _ in ANSWERS)
        + ", sum(unanswered) AS unanswered, sum(answered) AS answered, "
        "sum(maturity_sum) AS msum, sum(maturity_count) AS mcount "
        "FROM answer_totals GROUP BY bank, question, country"
    )
    _one_name_per_area(db)


def _one_name_per_area(db: sqlite3.Connection) -> None:
    """An area is named in the language of each workshop's minutes: names that a question
    of a bank has in some workshop are one area, named by the first of them (so minutes in
    English and in French make one row of the maturity table, not one per language)."""
    parent: dict[str, str] = {}

    def root(name: str) -> str:
        while parent.setdefault(name, name) != name:
            name = parent[name]
        return name

    named = db.execute(
        "SELECT DISTINCT bank, question, area FROM answer_totals WHERE area IS NOT NULL "
        "ORDER BY bank, question"
    )
    last, first = None, ""
    for bank, question, area in named:
        if (bank, question) != last:
            last, first = (bank, question), area
        a, b = sorted((root(first), root(area)))
        parent[b] = a
    renamed = [(root(name), name) for name in parent if root(name) != name]
    db.executemany(f"UPDATE {STATS} SET area = ? WHERE area = ?", renamed)


def _weaknesses(db: sqlite3.Connection, beside: Beside | None) -> str:
    total = db.execute(f"SELECT count(*) FROM {RANKED}").fetchone()[0]
    if not total:
        return "No weaknesses were recorded as observed."
    ranked = db.execute(ranked_weaknesses(SHOWN)).fetchall()
    rows = [[str(rank), *(_cell(v) for v in row)] for rank, row in enumerate(ranked, 1)]
    chart = f"![Weaknesses most often observed]({beside.weaknesses_chart})\n\n" if beside else ""
    head = ("Rank", "Weakness", "Questions", "Times observed", "Workshops")
    return chart + table(head, rows) + _more(total, SHOWN, beside.weaknesses if beside else None)


RANKED = "temp.ranked_weaknesses"


def ranked_weaknesses(limit: int | None = None) -> str:
    """The query of weaknesses, most often observed first (from the temporary table
    :func:`rank_weaknesses` made)."""
    return f"SELECT weakness, questions, times, workshops FROM {RANKED} ORDER BY rank" + (
        f" LIMIT {limit}" if limit else ""
    )


def rank_weaknesses(db: sqlite3.Connection) -> None:
    """Every weakness ranked once, from each workshop's totals, into a temporary table
    that the section, the CSV and the chart read (the totals read in the order of their
    covering index ``weakness_totals_rank``: no sort; 0.08 s against 0.24 s over
    150,000 rows)."""
    db.execute(f"DROP TABLE IF EXISTS {RANKED}")
    db.execute(
        f"CREATE TEMP TABLE {RANKED} AS SELECT row_number() OVER (ORDER BY sum(times) DESC, "
        "count(DISTINCT workshop_id) DESC, weakness) AS rank, weakness, "
        "group_concat(DISTINCT question) AS questions, sum(times) AS times, "
        "count(DISTINCT workshop_id) AS workshops FROM weakness_totals GROUP BY weakness"
    )


OLDEST = """WITH dates AS (
    SELECT due_date, sum(sum(open)) OVER (ORDER BY due_date) AS upto FROM action_totals
    WHERE due_date < :day GROUP BY due_date),
groups AS (
    SELECT t.workshop_id, t.due_date, w.country, w.workshop, sum(t.open) OVER (
        ORDER BY t.due_date, w.country, w.workshop ROWS UNBOUNDED PRECEDING) - t.open AS before
    FROM action_totals t JOIN workshops w ON w.id = t.workshop_id
    WHERE t.due_date < :day AND t.open > 0 AND t.due_date <= coalesce(
        (SELECT min(due_date) FROM dates WHERE upto >= :shown), :day)),
cut AS (
    SELECT due_date, country, workshop FROM groups WHERE before < :shown
    ORDER BY before DESC LIMIT 1)
SELECT a.due, CAST(julianday(:day) - julianday(a.due_date) AS INTEGER), a.action, a.owner,
    w.country, w.workshop, s.title
FROM groups g CROSS JOIN sessions s ON s.workshop_id = g.workshop_id
    CROSS JOIN actions a ON a.session_id = s.id CROSS JOIN workshops w ON w.id = a.workshop_id
WHERE (g.due_date, g.country, g.workshop) <= (SELECT due_date, country, workshop FROM cut)
    AND +a.status = 'open' AND +a.due_date = g.due_date
ORDER BY a.due_date, w.country, w.workshop, a.action, a.id LIMIT :shown"""
"""The longest overdue open actions (by due date, country, workshop, action, then in the
order collected), read only from the workshops that can hold them: the open actions
counted per workshop and due date (``action_totals``), in that order, up to the group in
which the count reaches :data:`SHOWN`, and every group tied with it. At 1,000 workshops
sharing their due dates, 25,000 actions tie for the oldest date; these read a few
workshops' (0.1 s against a few ms)."""
OPEN = (
    "SELECT w.country, w.workshop, w.start_date, w.id, t.due_date, t.open "
    "FROM action_totals t JOIN workshops w ON w.id = t.workshop_id"
)
"""Open actions counted per workshop and due date (the sections sum these, not every
action)."""


def _open_actions(db: sqlite3.Connection, today: date, beside: Beside | None) -> str:
    day = today.isoformat()
    total, overdue, workshops = db.execute(
        "SELECT coalesce(sum(open), 0), coalesce(sum(CASE WHEN due_date < ? THEN open END), 0), "
        "count(DISTINCT workshop_id) FROM action_totals",
        (day,),
    ).fetchone()
    if not total:
        return "No open actions."
    out = [
        f"{_count(total, 'open action')} in {_count(workshops, 'workshop')}; "
        f"{overdue:,} overdue on {day}."
    ]
    if beside:
        out.append(f"![Open actions by age]({beside.actions_chart})")
    by_country = db.execute(
        "SELECT country, count(DISTINCT id), sum(open), "
        "coalesce(sum(CASE WHEN due_date < :day THEN open END), 0), "
        f"min(CASE WHEN due_date < :day THEN due_date END) FROM ({OPEN}) "
        "GROUP BY country ORDER BY country",
        {"day": day},
    )
    head = ("Country", "Workshops", "Open", "Overdue", "Oldest overdue")
    out.append("By country:\n\n" + table(head, _rows(by_country)))
    by_workshop = db.execute(
        "SELECT workshop, country, start_date, sum(open), "
        "coalesce(sum(CASE WHEN due_date < :day THEN open END), 0) AS late, "
        f"min(CASE WHEN due_date < :day THEN due_date END) FROM ({OPEN}) "
        f"GROUP BY id ORDER BY sum(open) DESC, late DESC, workshop LIMIT {SHOWN}",
        {"day": day},
    )
    head = ("Workshop", "Country", "Start", "Open", "Overdue", "Oldest overdue")
    out.append(f"The {SHOWN} workshops with most open:\n\n" + table(head, _rows(by_workshop)))
    oldest = db.execute(OLDEST, {"day": day, "shown": SHOWN})
    head = ("Due", "Days overdue", "Action", "Owner", "Country", "Workshop", "Session")
    rows = _rows(oldest)
    if rows:
        out.append(f"The {len(rows)} longest overdue:\n\n" + table(head, rows))
    if beside:
        out.append(f"Every open action: [{beside.open_actions}]({beside.open_actions}).")
    return "\n\n".join(out)


ADHERENCE = "temp.adherence_figures"


def adherence_figures(db: sqlite3.Connection) -> None:
    """Each workshop's adherence (the ``adherence`` view, over every session and agenda
    row) worked out once into a temporary table that the section and the workshops' CSV
    read, rather than by each of them. Its rows are in the view's order (the means per
    country are summed in the same order), with an index for the CSV's join."""
    db.execute(f"DROP TABLE IF EXISTS {ADHERENCE}")
    db.execute(f"CREATE TEMP TABLE {ADHERENCE} AS SELECT * FROM adherence")
    db.execute(f"CREATE INDEX {ADHERENCE}_workshop ON adherence_figures (workshop_id)")


def _adherence(db: sqlite3.Connection, beside: Beside | None) -> str:
    rows = db.execute(
        "SELECT w.country, count(*), sum(a.planned), sum(a.held), sum(a.skipped), sum(a.late), "
        f"avg(a.delay), sum(a.over) FROM {ADHERENCE} a JOIN workshops w ON w.id = a.workshop_id "
        "GROUP BY w.country ORDER BY w.country"
    ).fetchall()
    if not rows:
        return "No minutes found."
    head = (
        "Country",
        "Workshops",
        "Sessions planned",
        "Held",
        "Skipped",
        "Started > 5 min late",
        "Mean start delay (min)",
        "Minutes over plan",
    )
    note = (
        "Breaks count as sessions here. A workshop without its index.md counts only the "
        "sessions whose minutes were found (and no planned or skipped ones)."
    )
    where = f" Each workshop's figures: [{beside.workshops}]({beside.workshops})." if beside else ""
    return note + where + "\n\n" + table(head, _rows(rows))


LEARNING_ROWS = (
    "SELECT w.name, w.country, w.start_date, l.pairs, l.mean_pre, l.mean_post, l.gain, "
    "l.mean_gain FROM learning l JOIN workshops w ON w.id = l.workshop_id "
    "ORDER BY l.gain IS NULL, l.gain DESC, w.country, w.name, w.start_date"
)
"""Each workshop's learning, the highest normalised gain first (the section, the CSV and
the chart)."""


def _learning(db: sqlite3.Connection, beside: Beside | None) -> str:
    total = db.execute("SELECT count(*) FROM learning").fetchone()[0]
    if not total:
        return "No pre-test and post-test results in these minutes."
    out = [
        "From each workshop's report: the mean pre-test and post-test scores (%) of the "
        "participants who sat both, Hake's normalised gain ⟨g⟩ = (post − pre) / (100 − pre) "
        "on those class means, and the mean of the individual gains beside it. Per country, "
        "⟨g⟩ is the mean of its workshops' gains."
    ]
    if beside:
        out.append(f"![Normalised gain by workshop]({beside.learning_chart})")
    by_country = db.execute(
        "SELECT w.country, count(*), sum(l.pairs), avg(l.mean_pre), avg(l.mean_post), "
        "avg(l.gain), min(l.gain), max(l.gain) FROM learning l "
        "JOIN workshops w ON w.id = l.workshop_id GROUP BY w.country ORDER BY avg(l.gain) DESC"
    )
    head = ("Country", "Workshops", "Pairs", "Mean pre (%)", "Mean post (%)", "Mean ⟨g⟩")
    head += ("Lowest ⟨g⟩", "Highest ⟨g⟩")
    rows = [[*(_cell(v) for v in row[:5]), *(_ratio(v) for v in row[5:])] for row in by_country]
    out.append("By country:\n\n" + table(head, rows))
    head = ("Workshop", "Country", "Start", "Pairs", "Pre (%)", "Post (%)", "⟨g⟩")
    head += ("Mean individual gain",)
    rows = [
        [_cell(n), _cell(c), _cell(d), _cell(p), _cell(pre), _cell(post), _ratio(g), _ratio(m)]
        for n, c, d, p, pre, post, g, m in db.execute(LEARNING_ROWS + f" LIMIT {WORKSHOPS_SHOWN}")
    ]
    out.append("By workshop, highest gain first:\n\n" + table(head, rows))
    return "\n\n".join(out) + _more(total, WORKSHOPS_SHOWN, beside.learning if beside else None)


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _evaluation(db: sqlite3.Connection) -> str:
    rows = db.execute(
        "SELECT criterion, count(*), sum(forms), sum(mean * forms) / sum(forms), min(mean), "
        "max(mean) FROM evaluation WHERE mean IS NOT NULL GROUP BY criterion ORDER BY criterion"
    ).fetchall()
    if not rows:
        return "No evaluation forms in these minutes."
    head = ("Criterion", "Workshops", "Forms", "Mean (1-5)", "Lowest workshop", "Highest")
    note = (
        "Each criterion's mean over every form of every workshop (each workshop's mean "
        "weighted by its forms), and the lowest and highest workshop means."
    )
    body = [[*(_cell(v) for v in row[:3]), *(_ratio(v) for v in row[3:])] for row in rows]
    by_country = db.execute(
        "SELECT w.country, count(DISTINCT e.workshop_id), "
        "sum(e.mean * e.forms) / sum(e.forms) FROM evaluation e "
        "JOIN workshops w ON w.id = e.workshop_id WHERE e.mean IS NOT NULL "
        "GROUP BY w.country ORDER BY w.country"
    )
    per_country = [[_cell(c), _cell(n), _ratio(m)] for c, n, m in by_country]
    head_country = ("Country", "Workshops", "Mean over every criterion (1-5)")
    return (
        note + "\n\n" + table(head, body) + "\n\nBy country:\n\n" + table(head_country, per_country)
    )


def _shown(path: str, base: Path | None) -> str:
    if base is not None:
        try:
            return str(Path(path).relative_to(base))
        except ValueError:
            pass
    return path


def _skipped(db: sqlite3.Connection, base: Path | None) -> str:
    listed = "status IN ('skipped', 'duplicate', 'replaced')"  # replaced: by another copy
    total = db.execute(f"SELECT count(*) FROM files WHERE {listed}").fetchone()[0]
    if not total:
        return "No file was skipped."
    found = db.execute(
        f"SELECT path, reason FROM files WHERE {listed} ORDER BY path LIMIT {WORKSHOPS_SHOWN}"
    )
    rows = [[escape_cell(_shown(p, base)), escape_cell(r or "")] for p, r in found]
    more = (
        f"\n\nThe first {WORKSHOPS_SHOWN} of {total:,}: the archive's files table has them all."
        if total > WORKSHOPS_SHOWN
        else ""
    )
    return table(("File", "Reason"), rows) + more


def render(
    db: sqlite3.Connection,
    today: date,
    base: Path | None = None,
    beside: Beside | None = None,
    summed: bool = False,
) -> str:
    """The coordinators' report; open actions due before ``today`` count as overdue; file
    paths are shown relative to ``base``; ``beside`` names the files next to it."""
    if not summed:  # else outputs.write made the temporary tables already
        answer_stats(db)
        rank_weaknesses(db)
        adherence_figures(db)
    workshops = db.execute("SELECT count(*) FROM workshops").fetchone()[0]
    countries = [c for (c,) in db.execute("SELECT DISTINCT country FROM workshops ORDER BY 1")]
    files, skipped = db.execute(
        "SELECT count(*), coalesce(sum(status IN ('skipped', 'duplicate')), 0) FROM files"
    ).fetchone()
    front = {
        "format": FORMAT,
        "as_of": today,
        "workshops": workshops,
        "countries": countries,
        "files": files,
        "skipped": skipped,
    }
    intro = (
        f"{_count(workshops, 'workshop')} in "
        f"{_count(len(countries), 'country', 'countries')}, read from "
        f"{_count(files, 'file')} ({skipped:,} skipped)."
    )
    parts = [
        front_matter(front),
        "# Coordinators' report",
        escape_line(intro),
        "## Workshops covered",
        _covered(db, beside),
        "## Bundles",
        _bundles(db, base),
        "## Maturity by area",
        _maturity(db, beside),
        "## Answers by question",
        _answers(db, beside),
        "## Weaknesses most often observed",
        _weaknesses(db, beside),
        "## Open actions",
        _open_actions(db, today, beside),
        "## Agenda adherence",
        _adherence(db, beside),
        "## Learning",
        _learning(db, beside),
        "## Evaluation",
        _evaluation(db),
        "## Skipped files",
        _skipped(db, base),
    ]
    return "\n\n".join(parts) + "\n"
