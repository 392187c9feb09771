"""One file's minutes (or a bundle's results for it) into the archive's rows: its
workshop, its session with the answers, weaknesses and actions, or its agenda."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from facilitator.minutes.collect import ReportFile, SessionFile, answer_codes
from facilitator.minutes.contract import split_items

REPLACED_BY = "replaced by "
"""The reason of a file another copy of the same workshop replaced, before that copy's path."""


def _text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


@lru_cache(maxsize=4096)  # the same few cells, thousands of times
def _number(cell: str | None) -> int | None:
    """An integer cell (``12``, ``-3``), or the first number of ``2 (developing)``."""
    if not cell:
        return None
    head = cell.split(" ", 1)[0]
    try:
        return int(head)
    except ValueError:
        return None


def _real(value: Any) -> float | None:
    """A figure of the front matter: a number (not a flag), else None."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@lru_cache(maxsize=4096)
def _due_date(due: str) -> str | None:
    try:
        return date.fromisoformat(due.strip()).isoformat()
    except ValueError:
        return None


def _delay(front: dict[str, Any]) -> int | None:
    planned, actual = front.get("planned_start"), front.get("actual_start")
    if isinstance(planned, datetime) and isinstance(actual, datetime):
        return round((actual - planned).total_seconds() / 60)
    return None


def answer_country(group_country: str, workshop_country: str) -> str:
    """The country a row of answers speaks for: its group's, else the workshop's.

    A regional workshop's groups each answer for their own country; a mixed group
    (several countries) answers for the workshop as a whole.
    """
    country = group_country.strip()
    if country == "mixed":
        return f"mixed groups ({workshop_country})"
    if country and country != "—":
        return country
    return workshop_country


class Rows:
    """Writes minutes into an archive, within the caller's transaction."""

    def __init__(self, db: sqlite3.Connection, before_delete: Callable[[], None]) -> None:
        self.db = db
        self.before_delete = before_delete
        """Called before a session is deleted (the archive's indexes must be there)."""
        self.next_answer = 1 + (db.execute("SELECT max(id) FROM answers").fetchone()[0] or 0)
        self.workshops: dict[tuple[str, str], int] = {}
        """Workshops met in this run (a thousand keys at most per thousand workshops)."""
        self.touched: set[int] = {
            w
            for (w,) in db.execute(
                "SELECT id FROM workshops WHERE id NOT IN (SELECT workshop_id FROM answer_totals)"
            )
        }
        """Workshops whose answers changed in this run: their totals are worked out again
        (with those that have none: a fresh archive's run that stopped before its end)."""
        self.summed: set[int] = set()
        """Filling a fresh archive: the workshops whose totals :meth:`sum_new` counted."""
        self._after = self._last_rows()
        """The last answer, weakness and action row :meth:`sum_new` counted."""

    def workshop(self, item: SessionFile | ReportFile) -> int:
        """The id of the workshop whose minutes ``item`` are (its row made or brought up
        to date: a report's front matter, the whole workshop's, wins)."""
        return self._workshop(item.front, isinstance(item, ReportFile))

    def store(
        self, item: SessionFile | ReportFile, file_id: int, workshop_id: int, path: str
    ) -> None:
        """One file's minutes into the rows of workshop ``workshop_id`` (see
        :meth:`workshop`), as read from the file ``file_id`` at ``path``."""
        if isinstance(item, SessionFile):
            self._session(item, file_id, workshop_id, path)
        else:
            self._report(item, file_id, workshop_id, path)

    def _workshop(self, front: dict[str, Any], report: bool) -> int:
        """The workshop's row (created from the first file of it; a report's front
        matter, the whole workshop's, wins)."""
        key = (str(front["workshop"]), _text(front.get("start_date")) or "")
        if not report and key in self.workshops:
            return self.workshops[key]
        values = (
            str(front.get("workshop_name") or key[0]),
            _text(front.get("programme")),
            _text(front.get("programme_title")),
            str(front.get("country") or "not given"),
            _text(front.get("venue")),
        )
        counts = front.get("counts") if isinstance(front.get("counts"), dict) else {}
        update = (
            "name = excluded.name, programme = excluded.programme, "
            "programme_title = excluded.programme_title, country = excluded.country, "
            "venue = excluded.venue, end_date = excluded.end_date, "
            "participants = excluded.participants"
            if report
            else "name = name"
        )
        row = self.db.execute(
            "INSERT INTO workshops (workshop, start_date, name, programme, programme_title, "
            "country, venue, end_date, participants) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            f"ON CONFLICT (workshop, start_date) DO UPDATE SET {update} RETURNING id",
            (
                *key,
                *values,
                _text(front.get("end_date")) if report else None,
                _number(str(counts.get("participants", ""))) if report else None,
            ),
        ).fetchone()
        self.workshops[key] = int(row[0])
        return int(row[0])

    def _session(self, item: SessionFile, file_id: int, workshop_id: int, path: str) -> None:
        front = item.front
        sid = str(front["session"])
        counts = front.get("counts") if isinstance(front.get("counts"), dict) else {}
        bank = str(front.get("bank") or "")
        self.touched.add(workshop_id)
        row = (
            workshop_id,
            file_id,
            sid,
            _text(front.get("title")),
            _text(front.get("session_kind")),
            front.get("day"),
            front.get("order"),
            _text(front.get("date")),
            _text(front.get("status")),
            _text(front.get("planned_start")),
            _text(front.get("actual_start")),
            _delay(front),
            _number(str(front.get("planned_minutes", ""))),
            _number(str(front.get("actual_minutes", ""))),
            _number(str(front.get("overrun_minutes", ""))),
            _number(str(counts.get("present", ""))),
            _number(str(counts.get("absent", ""))),
            _number(str(counts.get("roster", ""))),
            bank,
        )
        try:  # the session's row; one already there (its minutes found elsewhere) fails
            session_id = self.db.execute(_SESSION, row).lastrowid
        except sqlite3.IntegrityError:
            before = self.db.execute(
                "SELECT id, file_id FROM sessions WHERE workshop_id = ? AND session = ?",
                (workshop_id, sid),
            ).fetchone()
            if before is None:
                raise
            self.before_delete()  # the same session exported again, elsewhere
            self.db.execute("DELETE FROM sessions WHERE id = ?", (before[0],))
            self.db.execute(
                "UPDATE files SET status = 'replaced', reason = ? WHERE id = ?",
                (f"{REPLACED_BY}{path}", before[1]),
            )
            session_id = self.db.execute(_SESSION, row).lastrowid
        country = str(front.get("country") or "not given")
        answers: list[tuple[Any, ...]] = []
        weaknesses: list[tuple[int, int, str, str]] = []
        first = self.next_answer
        codes, add_answer, add_weakness = answer_codes.get, answers.append, weaknesses.append
        countries: dict[str, str] = {}  # the country each group's cell speaks for
        for answer_id, row in enumerate(item.answers, first):
            question = row["ID"]
            maturity = row["Maturity"]
            group_country = row["Country"]
            speaks_for = countries.get(group_country)
            if speaks_for is None:
                speaks_for = countries[group_country] = (
                    country
                    if not group_country or group_country == "—"
                    else answer_country(group_country, country)
                )
            add_answer(
                (
                    answer_id,
                    session_id,
                    workshop_id,
                    bank,
                    question,
                    row["Question"],
                    row["Area"] or None,
                    row["Group"] or None,
                    speaks_for,
                    codes(row["Answer"], "not answered"),
                    _number(maturity) if maturity else None,
                )
            )
            observed = row["Weaknesses observed"]
            if observed:  # a list in results.json, a cell in the minutes
                for weakness in observed if isinstance(observed, list) else split_items(observed):
                    add_weakness((answer_id, workshop_id, question, weakness))
        self.next_answer = first + len(answers)
        if answers:  # a call less for each table a session has no rows of (most of them)
            self.db.executemany("INSERT INTO answers VALUES (?,?,?,?,?,?,?,?,?,?,?)", answers)
        if weaknesses:
            self.db.executemany("INSERT INTO weaknesses VALUES (?,?,?,?)", weaknesses)
        if not item.actions:
            return
        self.db.executemany(
            "INSERT INTO actions (session_id, workshop_id, action, owner, due, due_date, status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    session_id,
                    workshop_id,
                    row["Action"],
                    None if row["Owner"] in ("", "—") else row["Owner"],
                    None if row["Due"] in ("", "—") else row["Due"],
                    _due_date(row["Due"]),
                    row["Status"].strip().lower(),
                )
                for row in item.actions
            ],
        )

    def _learning(self, front: dict[str, Any], file_id: int, workshop_id: int) -> None:
        """The report's ``[learning]`` and ``[evaluation]`` (its front matter's figures)
        into the workshop's rows; a figure that is not a number is left out."""
        self.db.execute("DELETE FROM learning WHERE workshop_id = ?", (workshop_id,))
        self.db.execute("DELETE FROM evaluation WHERE workshop_id = ?", (workshop_id,))
        learned = front.get("learning")
        if isinstance(learned, dict) and learned:
            self.db.execute(
                "INSERT INTO learning VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    workshop_id,
                    file_id,
                    *(_count(learned.get(k)) for k in ("sat", "pairs")),
                    *(_real(learned.get(k)) for k in ("mean_pre", "mean_post", "gain")),
                    _real(learned.get("mean_gain")),
                ),
            )
        rated = front.get("evaluation")
        if isinstance(rated, dict) and isinstance(rated.get("criteria"), dict):
            forms = _count(rated.get("forms"))
            self.db.executemany(
                "INSERT INTO evaluation VALUES (?, ?, ?, ?, ?)",
                [
                    (workshop_id, file_id, str(criterion), forms, _real(mean))
                    for criterion, mean in rated["criteria"].items()
                ],
            )

    def _report(self, item: ReportFile, file_id: int, workshop_id: int, path: str) -> None:
        self._learning(item.front, file_id, workshop_id)
        for (other,) in self.db.execute(
            "SELECT DISTINCT file_id FROM agenda WHERE workshop_id = ? AND file_id != ?",
            (workshop_id, file_id),
        ).fetchall():  # a second report of the workshop: the later one read is kept
            self.db.execute(
                "UPDATE files SET status = 'replaced', reason = ? WHERE id = ?",
                (f"{REPLACED_BY}{path}", other),
            )
            self.db.execute("DELETE FROM agenda WHERE file_id = ?", (other,))
        self.db.executemany(
            "INSERT INTO agenda VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    workshop_id,
                    file_id,
                    _number(row["Day"]),
                    _number(row["#"]),
                    row["Session"],
                    row["Kind"],
                    None if row["Planned start"] in ("", "—") else row["Planned start"],
                    None if row["Actual start"] in ("", "—") else row["Actual start"],
                    _number(row["Start delay (min)"]),
                    _number(row["Planned (min)"]),
                    _number(row["Actual (min)"]),
                    row["Status"],
                )
                for row in item.adherence
            ],
        )

    def _last_rows(self) -> tuple[int, int, int]:
        db = self.db
        return (
            self.next_answer - 1,
            db.execute("SELECT coalesce(max(rowid), 0) FROM weaknesses").fetchone()[0],
            db.execute("SELECT coalesce(max(id), 0) FROM actions").fetchone()[0],
        )

    def sum_new(self) -> None:
        """Filling a fresh archive (rows only added, none deleted): the totals of the
        workshops touched since the last call, counted from the rows added since, found
        by their row ids (a few hundred rows sorted in memory each time: 1.4 s for the
        answers of 1,000 workshops, against 2.0 s for every answer sorted at the end
        through files on disk). A workshop counted before and met again (minutes
        of it in a second folder) has its totals deleted, and counted whole at the end.
        Called before each commit too: a collect stopped after it leaves each workshop
        totalled as far as its rows go, or without totals (worked out in the next run)."""
        if not self.touched:
            return
        db = self.db
        again = self.touched & self.summed
        new = self.touched - again
        db.execute("CREATE TEMP TABLE IF NOT EXISTS again (id INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM temp.again")
        if again:
            db.executemany("INSERT INTO temp.again VALUES (?)", [(i,) for i in again])
            for table in ("answer_totals", "weakness_totals", "action_totals"):
                db.execute(f"DELETE FROM {table} WHERE workshop_id IN (SELECT id FROM temp.again)")
        after, upto = self._after, self._last_rows()
        if new:
            not_again = "workshop_id NOT IN (SELECT id FROM temp.again)"
            db.execute(
                f"INSERT INTO answer_totals {_ANSWER_TOTALS} FROM answers a "
                f"WHERE a.id > ? AND a.id <= ? AND a.{not_again} "
                "GROUP BY a.workshop_id, a.bank, a.question, a.country",
                (after[0], upto[0]),
            )
            db.execute(
                f"INSERT INTO weakness_totals {_WEAKNESS_TOTALS} FROM weaknesses k "
                f"WHERE k.rowid > ? AND k.rowid <= ? AND k.{not_again} "
                "GROUP BY k.workshop_id, k.weakness, k.question",
                (after[1], upto[1]),
            )
            db.execute(  # +: by the ids, not through an index on the status
                f"INSERT INTO action_totals {_ACTION_TOTALS} FROM actions x "
                f"WHERE x.id > ? AND x.id <= ? AND +x.status = 'open' AND x.{not_again} "
                "GROUP BY x.workshop_id, x.due_date",
                (after[2], upto[2]),
            )
        self._after = upto
        self.summed |= new
        self.touched = again

    def every(self) -> bool:
        """Whether every workshop of the archive is touched (:meth:`totals` then reads
        each table once from end to end, and needs none of their indexes)."""
        return len(self.touched) >= self.db.execute("SELECT count(*) FROM workshops").fetchone()[0]

    def totals(self) -> None:
        """The answer, weakness and open action totals of the workshops touched in this
        run, worked out again from their rows (the report sums these, not every row).

        A few workshops: their rows found through their sessions' indexes. Every
        workshop (a fresh archive): each table read once from end to end."""
        if not self.touched:
            return
        db = self.db
        every = self.every()
        db.execute("CREATE TEMP TABLE IF NOT EXISTS touched (id INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM temp.touched")
        db.executemany("INSERT INTO temp.touched VALUES (?)", [(i,) for i in self.touched])
        for table in ("answer_totals", "weakness_totals", "action_totals"):
            db.execute(f"DELETE FROM {table} WHERE workshop_id IN (SELECT id FROM temp.touched)")

        def rows_of(table: str, alias: str) -> str:
            if every:
                return f"{table} {alias}"
            return (  # CROSS JOIN: in this order (else SQLite may read every row)
                "temp.touched t CROSS JOIN sessions s ON s.workshop_id = t.id "
                f"CROSS JOIN {table} {alias} ON {alias}.session_id = s.id"
            )

        db.execute(
            f"INSERT INTO answer_totals {_ANSWER_TOTALS} FROM {rows_of('answers', 'a')} "
            "GROUP BY a.workshop_id, a.bank, a.question, a.country"
        )
        weaknesses = (
            "weaknesses k"
            if every
            else f"{rows_of('answers', 'a')} CROSS JOIN weaknesses k ON k.answer_id = a.id"
        )
        db.execute(
            f"INSERT INTO weakness_totals {_WEAKNESS_TOTALS} "
            f"FROM {weaknesses} GROUP BY k.workshop_id, k.weakness, k.question"
        )
        db.execute(
            f"INSERT INTO action_totals {_ACTION_TOTALS} "
            f"FROM {rows_of('actions', 'x')} WHERE x.status = 'open' "
            "GROUP BY x.workshop_id, x.due_date"
        )
        self.touched.clear()


_ANSWER_TOTALS = (
    "SELECT a.workshop_id, a.bank, a.question, a.country, min(a.area), min(a.question_text), "
    "sum(a.answer = 'yes'), sum(a.answer = 'partly'), sum(a.answer = 'no'), "
    "sum(a.answer = 'na'), sum(a.answer = 'not answered'), sum(a.answer != 'not answered'), "
    "sum(a.maturity), count(a.maturity)"
)
"""A row of ``answer_totals``, from answers ``a`` (FROM and GROUP BY to follow)."""
_WEAKNESS_TOTALS = "SELECT k.workshop_id, k.weakness, k.question, count(*)"
_ACTION_TOTALS = "SELECT x.workshop_id, x.due_date, count(*)"
_SESSION = (
    "INSERT INTO sessions (workshop_id, file_id, session, title, kind, day, position, date, "
    "status, planned_start, actual_start, start_delay_min, planned_min, actual_min, "
    "overrun_min, present, absent, roster, bank) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
"""A session's row: inserted first, and looked for only when one is there already (a
call to SQLite less for each of 30,000 sessions)."""
