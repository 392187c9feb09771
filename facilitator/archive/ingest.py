"""Minutes streamed into the archive, one file at a time, so memory stays flat.

A file whose path and stamp (size and modification time, or a git blob id) are already
in the archive is not read again; one whose SHA-256 is already there under another
path is a duplicate. A bundle's manifest is read before the other files of its folder,
and each of them is checked against it: edited, missing or unlisted files are
recorded in ``checks`` (an edited file is still read, and marked).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from facilitator.archive import gitrepo, manifest
from facilitator.archive.bundle import RESULTS, RESULTS_FORMAT
from facilitator.clean import clean_json
from facilitator.minutes.collect import (
    MANIFEST,
    REPORT_KEYS,
    SESSION_KEYS,
    Found,
    Refused,
    ReportFile,
    SessionFile,
    answer_codes,
    check_keys,
    parse,
    read_bytes,
    walk,
)
from facilitator.minutes.contract import split_items
from facilitator.minutes.mdsafe import NotMinutes

COMMIT_EVERY = 2000
"""Files read between two commits: a crash loses at most these."""

Reader = Callable[[Found], bytes]


@dataclass
class Run:
    """What one collect did."""

    id: int
    seen: int = 0
    read: int = 0
    unchanged: int = 0
    skipped: int = 0


@dataclass
class _Bundle:
    """The manifest of the folder being read, and what is left to read at its end."""

    folder: str
    id: int
    expected: dict[str, str]
    seen: set[str] = field(default_factory=set)
    deferred: dict[str, tuple[int, Found]] = field(default_factory=dict)
    """Minutes new or changed, as bundled: stored from results.json at the end."""
    results: tuple[Found, int] | None = None
    """results.json (and its file id), when it is as bundled."""


def _text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _number(cell: str | None) -> int | None:
    """An integer cell (``12``, ``-3``), or the first number of ``2 (developing)``."""
    if not cell:
        return None
    head = cell.split(" ", 1)[0]
    try:
        return int(head)
    except ValueError:
        return None


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


def results_entries(raw: bytes) -> list[tuple[str, SessionFile | ReportFile]]:
    """A bundle's results.json as the files it was made from would be read; raises
    :class:`NotMinutes` when it is not one this version reads."""
    try:
        data = clean_json(raw)
    except orjson.JSONDecodeError:
        raise NotMinutes("results.json is not JSON") from None
    if not isinstance(data, dict) or data.get("format") != RESULTS_FORMAT:
        raise NotMinutes(f"results.json is not {RESULTS_FORMAT}")
    found: list[tuple[str, SessionFile | ReportFile]] = []
    try:
        for entry in data["files"]:
            front = entry["front"]
            check_keys(front, REPORT_KEYS if entry["kind"] == "report" else SESSION_KEYS)
            for key in ("planned_start", "actual_start"):
                if isinstance(front.get(key), str):
                    front[key] = datetime.fromisoformat(front[key])
            if entry["kind"] == "report":
                item: SessionFile | ReportFile = ReportFile(front, _table(entry["adherence"]))
            else:
                item = SessionFile(front, _table(entry["answers"]), _table(entry["actions"]))
            found.append((str(entry["file"]), item))
    except (KeyError, TypeError, ValueError) as exc:
        raise NotMinutes(f"results.json is damaged ({exc})") from None
    return found


def _table(rows: Any) -> list[dict[str, Any]]:
    """Rows of a results.json table, as they are (a cell of the wrong type stops the
    file's rows from being stored, and its minutes are parsed instead)."""
    if type(rows) is not list or not all(type(row) is dict for row in rows):
        raise TypeError("a table that is not a list of rows")
    return rows


def _items(cell: str | list[str]) -> list[str]:
    return cell if isinstance(cell, list) else split_items(cell)


class Ingest:
    """One collect run into an open archive."""

    def __init__(self, db: sqlite3.Connection, sources: str, rev: str | None = None) -> None:
        self.db = db
        cur = db.execute("INSERT INTO runs (sources, rev) VALUES (?, ?)", (sources, rev))
        self.run = Run(int(cur.lastrowid or 0))
        self.bundle: _Bundle | None = None
        self.next_answer = 1 + (db.execute("SELECT max(id) FROM answers").fetchone()[0] or 0)
        self._since_commit = 0
        self._workshops: dict[tuple[str, str], int] = {}
        self._folder = ""
        self._known: dict[str, tuple[Any, ...]] = {}
        """The files of the folder being read, as the archive had them."""
        """Workshops met in this run (a thousand keys at most per thousand workshops)."""

    # -- the loop ---------------------------------------------------------------------

    def add(self, entries: Iterable[Found | Refused], read: Reader) -> Run:
        """Read ``entries`` into the archive (committed as it goes) and say what was done."""
        self.db.execute("BEGIN")
        try:
            for entry in entries:
                self.run.seen += 1
                if isinstance(entry, Refused):
                    self._note(str(entry.path), "-", "", 0, "skipped", entry.reason)
                    continue
                self._file(entry, read)
                self._since_commit += 1
                if self._since_commit >= COMMIT_EVERY:
                    self.db.execute("COMMIT")
                    self.db.execute("BEGIN")
                    self._since_commit = 0
            self._close_bundle(read)
            r = self.run
            self.db.execute(
                "UPDATE runs SET seen = ?, read = ?, unchanged = ?, skipped = ? WHERE id = ?",
                (r.seen, r.read, r.unchanged, r.skipped, r.id),
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return self.run

    def _file(self, found: Found, read: Reader) -> None:
        path, folder = str(found.path), os.path.dirname(found.path)
        if self.bundle is not None and self.bundle.folder != folder:
            self._close_bundle(read)
        if folder != self._folder:  # what the archive knows of this folder, in one query
            self._folder = folder
            self._known = {
                row[0]: row[1:]
                for row in self.db.execute(
                    "SELECT path, id, stamp, sha256, status, checked, bundle_id FROM files "
                    "WHERE folder = ?",
                    (folder,),
                )
            }
        known = self._known.get(path)
        if found.path.name == MANIFEST:
            self._manifest(found, read, known)
            return
        if known is not None and known[1] == found.stamp:
            self.run.unchanged += 1
            self._check(found, known[0], known[2], known[4:])
            if known[3] in ("skipped", "duplicate"):
                self.run.skipped += 1
            return
        try:
            raw = read(found)
        except NotMinutes as exc:
            self._note(path, found.stamp, "", found.size, "skipped", str(exc))
            return
        digest = hashlib.sha256(raw).hexdigest()
        if known is not None and known[2] == digest:  # touched, not changed
            self.run.unchanged += 1
            self.db.execute("UPDATE files SET stamp = ? WHERE id = ?", (found.stamp, known[0]))
            self._check(found, known[0], digest, known[4:])
            return
        if known is not None:
            self._forget(known[0])
        first = self.db.execute(
            "SELECT path FROM files WHERE sha256 = ? AND path != ? "
            "AND status IN ('minutes', 'report') LIMIT 1",
            (digest, path),
        ).fetchone()
        bundle, name = self.bundle, found.path.name
        if first is not None:
            file_id = self._note(path, found.stamp, digest, len(raw), "duplicate", first[0])
        elif bundle is not None and bundle.expected.get(name) == digest and name.endswith(".md"):
            file_id = self._note(path, found.stamp, digest, len(raw), "minutes")
            bundle.deferred[name] = (file_id, found)
        else:
            file_id = self._store(path, found, raw, digest)
        self._check(found, file_id, digest)

    def _store(self, path: str, found: Found, raw: bytes, digest: str) -> int:
        """A new or changed file: read into rows, or noted as skipped with the reason."""
        listed = self.bundle is not None and found.path.name in self.bundle.expected
        if found.path.suffix.lower() != ".md":
            if listed:
                return self._note(path, found.stamp, digest, len(raw), "data")
            return self._note(path, found.stamp, digest, len(raw), "skipped", "not a Markdown file")
        try:
            item = parse(raw)
        except NotMinutes as exc:
            return self._note(path, found.stamp, digest, len(raw), "skipped", str(exc))
        kind = "report" if isinstance(item, ReportFile) else "minutes"
        file_id = self._note(path, found.stamp, digest, len(raw), kind)
        self._rows(item, file_id, path)
        return file_id

    def _rows(
        self, item: SessionFile | ReportFile, file_id: int, path: str, own: bool = True
    ) -> None:
        """One file's minutes into the workshop's rows (``own``: the file holds them, not
        a bundle's results.json)."""
        self.run.read += 1
        workshop_id = self._workshop(item.front, isinstance(item, ReportFile))
        if own:
            self.db.execute(
                "UPDATE files SET workshop_id = ?, status = ? WHERE id = ?",
                (workshop_id, "report" if isinstance(item, ReportFile) else "minutes", file_id),
            )
        if isinstance(item, SessionFile):
            self._session(item, file_id, workshop_id, path)
        else:
            self._report(item, file_id, workshop_id, path)

    def _note(
        self,
        path: str,
        stamp: str,
        digest: str,
        size: int,
        status: str,
        reason: str | None = None,
    ) -> int:
        """Record what was found at ``path``; returns the file's id."""
        if status in ("skipped", "duplicate"):
            self.run.skipped += 1
            if status == "duplicate":
                reason = f"duplicate of {reason}"
        bundle_id = self.bundle.id if self.bundle is not None else None
        row = self.db.execute(
            "INSERT INTO files (path, folder, stamp, sha256, size, status, reason, bundle_id, run) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET "
            "stamp = excluded.stamp, sha256 = excluded.sha256, size = excluded.size, "
            "status = excluded.status, reason = excluded.reason, "
            "bundle_id = excluded.bundle_id, run = excluded.run RETURNING id",
            (
                path,
                os.path.dirname(path),
                stamp,
                digest,
                size,
                status,
                reason,
                bundle_id,
                self.run.id,
            ),
        ).fetchone()
        return int(row[0])

    def _forget(self, file_id: int) -> None:
        """What a file's earlier content put in the archive, before its new content."""
        self.db.execute("DELETE FROM sessions WHERE file_id = ?", (file_id,))
        self.db.execute("DELETE FROM agenda WHERE file_id = ?", (file_id,))

    # -- minutes into rows ------------------------------------------------------------

    def _workshop(self, front: dict[str, Any], report: bool) -> int:
        """The workshop's row (created from the first file of it; a report's front
        matter, the whole workshop's, wins)."""
        key = (str(front["workshop"]), _text(front.get("start_date")) or "")
        if not report and key in self._workshops:
            return self._workshops[key]
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
        self._workshops[key] = int(row[0])
        return int(row[0])

    def _session(self, item: SessionFile, file_id: int, workshop_id: int, path: str) -> None:
        front = item.front
        sid = str(front["session"])
        before = self.db.execute(
            "SELECT s.id, f.id FROM sessions s JOIN files f ON f.id = s.file_id "
            "WHERE s.workshop_id = ? AND s.session = ?",
            (workshop_id, sid),
        ).fetchone()
        if before is not None:  # the same session exported again, elsewhere
            self.db.execute("DELETE FROM sessions WHERE id = ?", (before[0],))
            self.db.execute(
                "UPDATE files SET status = 'replaced', reason = ? WHERE id = ?",
                (f"replaced by {path}", before[1]),
            )
        counts = front.get("counts") if isinstance(front.get("counts"), dict) else {}
        bank = str(front.get("bank") or "")
        session_id = self.db.execute(
            "INSERT INTO sessions (workshop_id, file_id, session, title, kind, day, position, "
            "date, status, planned_start, actual_start, start_delay_min, planned_min, "
            "actual_min, overrun_min, present, absent, roster, bank) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
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
            ),
        ).lastrowid
        country = str(front.get("country") or "not given")
        answers, weaknesses = [], []
        for row in item.answers:
            answer_id = self.next_answer
            self.next_answer += 1
            answers.append(
                (
                    answer_id,
                    session_id,
                    workshop_id,
                    bank,
                    row["ID"],
                    row["Question"],
                    row["Area"] or None,
                    row["Group"] or None,
                    answer_country(row["Country"], country),
                    answer_codes.get(row["Answer"], "not answered"),
                    _number(row["Maturity"]),
                )
            )
            weaknesses.extend(
                (answer_id, workshop_id, row["ID"], item_)
                for item_ in _items(row["Weaknesses observed"])
            )
        self.db.executemany("INSERT INTO answers VALUES (?,?,?,?,?,?,?,?,?,?,?)", answers)
        self.db.executemany("INSERT INTO weaknesses VALUES (?,?,?,?)", weaknesses)
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

    def _report(self, item: ReportFile, file_id: int, workshop_id: int, path: str) -> None:
        for (other,) in self.db.execute(
            "SELECT DISTINCT file_id FROM agenda WHERE workshop_id = ? AND file_id != ?",
            (workshop_id, file_id),
        ).fetchall():  # a second report of the workshop: the later one read is kept
            self.db.execute(
                "UPDATE files SET status = 'replaced', reason = ? WHERE id = ?",
                (f"replaced by {path}", other),
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

    # -- bundles ----------------------------------------------------------------------

    def _manifest(self, found: Found, read: Reader, known: tuple[Any, ...] | None) -> None:
        self._close_bundle(read)
        path, folder = str(found.path), os.path.dirname(found.path)
        if known is not None and known[1] == found.stamp and known[3] == "manifest":
            row = self.db.execute(
                "SELECT id FROM bundles WHERE folder = ? AND manifest_sha256 = ?",
                (folder, known[2]),
            ).fetchone()
            if row is not None:  # as last read: its list of files is in the archive
                self.run.unchanged += 1
                listed = self.db.execute(
                    "SELECT name, sha256 FROM bundle_files WHERE bundle_id = ?", (row[0],)
                )
                self.db.execute("DELETE FROM checks WHERE bundle_id = ?", (row[0],))
                self.bundle = _Bundle(folder, int(row[0]), dict(listed.fetchall()))
                return
        try:
            raw = read(found)
            got = manifest.parse(raw)
        except NotMinutes as exc:
            self._note(path, found.stamp, "", found.size, "skipped", str(exc))
            return
        digest = hashlib.sha256(raw).hexdigest()
        bundle_id = self.db.execute(
            "INSERT INTO bundles (folder, manifest_sha256, version, workshop, start_date, "
            "programme, programme_sha256, run) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (folder) DO UPDATE SET manifest_sha256 = excluded.manifest_sha256, "
            "version = excluded.version, workshop = excluded.workshop, "
            "start_date = excluded.start_date, programme = excluded.programme, "
            "programme_sha256 = excluded.programme_sha256, run = excluded.run RETURNING id",
            (
                folder,
                digest,
                got.version,
                got.workshop,
                got.start_date,
                got.programme,
                got.programme_sha256,
                self.run.id,
            ),
        ).fetchone()[0]
        self.db.execute("DELETE FROM checks WHERE bundle_id = ?", (bundle_id,))
        self.db.execute("DELETE FROM bundle_files WHERE bundle_id = ?", (bundle_id,))
        self.db.executemany(
            "INSERT INTO bundle_files VALUES (?, ?, ?)",
            [(bundle_id, name, sha) for name, sha in got.files.items()],
        )
        self.bundle = _Bundle(folder, int(bundle_id), got.files)
        self._note(path, found.stamp, digest, len(raw), "manifest")

    def _check(
        self, found: Found, file_id: int, digest: str, was: tuple[Any, ...] = (None, None)
    ) -> None:
        """Mark a file of the current bundle: verified, edited, or not in its manifest
        (``was``: how it was marked, and in which bundle)."""
        if self.bundle is None:
            if was != (None, None):
                self.db.execute(
                    "UPDATE files SET checked = NULL, bundle_id = NULL WHERE id = ?", (file_id,)
                )
            return
        name = found.path.name
        self.bundle.seen.add(name)
        expected = self.bundle.expected.get(name)
        if name == RESULTS and expected == digest:
            self.bundle.results = (found, file_id)
        checked = (
            "not in the manifest"
            if expected is None
            else "verified"
            if expected == digest
            else "edited since bundled"
        )
        if was != (checked, self.bundle.id):
            self.db.execute(
                "UPDATE files SET checked = ?, bundle_id = ? WHERE id = ?",
                (checked, self.bundle.id, file_id),
            )
        if checked != "verified":
            self.db.execute("INSERT INTO checks VALUES (?, ?, ?)", (self.bundle.id, name, checked))

    def _close_bundle(self, read: Reader) -> None:
        """The bundle's new minutes stored, from its results.json when that is as bundled
        (else each file is parsed); files its manifest lists but the folder lacks."""
        bundle, self.bundle = self.bundle, None
        if bundle is None:
            return
        missing = sorted(set(bundle.expected) - bundle.seen)
        self.db.executemany(
            "INSERT INTO checks VALUES (?, ?, 'missing')", [(bundle.id, name) for name in missing]
        )
        lost = [name for name in missing if name.endswith(".md")]
        if not bundle.deferred and not lost:
            return
        stored = self._from_results(bundle, read, lost) if bundle.results else set()
        for name, (file_id, found) in bundle.deferred.items():
            if name in stored:
                continue
            path = str(found.path)
            try:
                item = parse(read(found))
            except NotMinutes as exc:
                self._note(path, found.stamp, "", found.size, "skipped", str(exc))
                continue
            self._rows(item, file_id, path)

    def _from_results(self, bundle: _Bundle, read: Reader, lost: list[str]) -> set[str]:
        """The deferred files' rows from results.json, and those of the minutes the
        folder lacks (kept as the results file's); the names of those stored."""
        assert bundle.results is not None
        results, results_id = bundle.results
        try:
            entries = results_entries(read(results))
        except NotMinutes:
            return set()
        stored = set()
        for name, item in entries:
            if name in bundle.deferred:
                file_id, found = bundle.deferred[name]
                target = (file_id, str(found.path), True)
            elif name in lost:
                target = (results_id, str(results.path), False)
            else:
                continue
            self.db.execute("SAVEPOINT entry")
            try:
                self._rows(item, *target)
            except (AttributeError, KeyError, TypeError, ValueError, sqlite3.Error):
                self.db.execute("ROLLBACK TO entry")
                self._workshops.clear()  # it may hold a row just rolled back
            else:
                stored.add(name)
            self.db.execute("RELEASE entry")
        return stored


def collect(db: sqlite3.Connection, folders: Sequence[Path], rev: str | None = None) -> Run:
    """Stream the files under ``folders`` (as they are on disk, or at git revision
    ``rev``) into the archive ``db``."""
    listed = json.dumps([str(s) for s in folders])
    if rev is None:
        return Ingest(db, listed).add(walk(folders), lambda found: read_bytes(found.path))
    with gitrepo.Blobs(folders) as blobs:
        return Ingest(db, listed, rev).add(gitrepo.tree(folders, rev), blobs.read)
