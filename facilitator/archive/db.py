"""The coordinators' archive: one SQLite file, one row per workshop, session, answer,
weakness observed and action, written by collect and read by any SQLite tool
(docs/minutes.md describes the schema).

SQLite writes the file itself, with its own atomic commits (a crash leaves the last
commit); the file is created here with the program's modes (0600, or 0660 in a folder
shared by group) before SQLite opens it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from facilitator.store.errors import StoreError
from facilitator.store.files import file_mode, make_folder

SCHEMA_VERSION = "2"
CACHE_KB = 4_096
"""SQLite's page cache, which also bounds the memory of its sorts (building an index,
GROUP BY): the same whatever the archive's size, so memory stays flat."""
INDEX_CACHE_KB = CACHE_KB // 2
"""The page cache while the bulk indexes are made: SQLite's sorter holds as many bytes
in memory as the page cache (at least 1 MiB) before it writes a run to a temporary file,
so with half the cache each, the cache and the sort of an index hold together what the
cache alone holds while the archive is filled (at 1,000 workshops the sort of the
answers filled its 4 MiB, and peak memory grew by 3 MB over 100 workshops)."""
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, sources TEXT NOT NULL, rev TEXT,
    seen INTEGER NOT NULL DEFAULT 0, read INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0, skipped INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS bundles (
    id INTEGER PRIMARY KEY, folder TEXT NOT NULL UNIQUE, manifest_sha256 TEXT NOT NULL,
    version TEXT, workshop TEXT, start_date TEXT, programme TEXT, programme_sha256 TEXT,
    run INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS bundle_files (
    bundle_id INTEGER NOT NULL REFERENCES bundles (id) ON DELETE CASCADE,
    name TEXT NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (bundle_id, name));
CREATE TABLE IF NOT EXISTS checks (
    bundle_id INTEGER NOT NULL REFERENCES bundles (id) ON DELETE CASCADE,
    name TEXT NOT NULL, problem TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS checks_bundle ON checks (bundle_id);
CREATE TABLE IF NOT EXISTS workshops (
    id INTEGER PRIMARY KEY, workshop TEXT NOT NULL, start_date TEXT NOT NULL,
    name TEXT, programme TEXT, programme_title TEXT, country TEXT NOT NULL, venue TEXT,
    end_date TEXT, participants INTEGER, UNIQUE (workshop, start_date));
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, folder TEXT NOT NULL, stamp TEXT NOT NULL,
    sha256 TEXT NOT NULL, size INTEGER NOT NULL, status TEXT NOT NULL, reason TEXT,
    bundle_id INTEGER REFERENCES bundles (id) ON DELETE SET NULL, checked TEXT,
    workshop_id INTEGER REFERENCES workshops (id), run INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS files_sha256_status ON files (sha256, status);
CREATE INDEX IF NOT EXISTS files_folder ON files (folder);
CREATE INDEX IF NOT EXISTS files_workshop ON files (workshop_id);
CREATE TABLE IF NOT EXISTS folders (
    folder TEXT PRIMARY KEY, signature TEXT NOT NULL, files INTEGER NOT NULL,
    skipped INTEGER NOT NULL, run INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    workshop_id INTEGER NOT NULL REFERENCES workshops (id),
    file_id INTEGER NOT NULL REFERENCES files (id),
    session TEXT NOT NULL, title TEXT, kind TEXT, day INTEGER, position INTEGER,
    date TEXT, status TEXT, planned_start TEXT, actual_start TEXT, start_delay_min INTEGER,
    planned_min INTEGER, actual_min INTEGER, overrun_min INTEGER,
    present INTEGER, absent INTEGER, roster INTEGER, bank TEXT,
    UNIQUE (workshop_id, session));
CREATE INDEX IF NOT EXISTS sessions_file ON sessions (file_id);
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    workshop_id INTEGER NOT NULL, bank TEXT NOT NULL, question TEXT NOT NULL,
    question_text TEXT, area TEXT, group_name TEXT, country TEXT NOT NULL,
    answer TEXT NOT NULL, maturity INTEGER);
CREATE INDEX IF NOT EXISTS answers_session ON answers (session_id);
CREATE TABLE IF NOT EXISTS weaknesses (
    answer_id INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    workshop_id INTEGER NOT NULL, question TEXT NOT NULL, weakness TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS weaknesses_answer ON weaknesses (answer_id);
CREATE TABLE IF NOT EXISTS actions (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    workshop_id INTEGER NOT NULL, action TEXT NOT NULL, owner TEXT, due TEXT,
    due_date TEXT, status TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS actions_session ON actions (session_id);
CREATE TABLE IF NOT EXISTS agenda (
    workshop_id INTEGER NOT NULL REFERENCES workshops (id),
    file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    day INTEGER, position INTEGER, title TEXT, kind TEXT, planned_start TEXT,
    actual_start TEXT, start_delay_min INTEGER, planned_min INTEGER, actual_min INTEGER,
    status TEXT);
CREATE INDEX IF NOT EXISTS agenda_workshop ON agenda (workshop_id);
CREATE INDEX IF NOT EXISTS agenda_file ON agenda (file_id);
CREATE TABLE IF NOT EXISTS answer_totals (
    workshop_id INTEGER NOT NULL REFERENCES workshops (id), bank TEXT NOT NULL,
    question TEXT NOT NULL, country TEXT NOT NULL, area TEXT, question_text TEXT,
    yes INTEGER NOT NULL, partly INTEGER NOT NULL, no INTEGER NOT NULL, na INTEGER NOT NULL,
    unanswered INTEGER NOT NULL, answered INTEGER NOT NULL, maturity_sum INTEGER,
    maturity_count INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS answer_totals_workshop ON answer_totals (workshop_id);
CREATE INDEX IF NOT EXISTS answer_totals_stats ON answer_totals (bank, question, country,
    area, question_text, yes, partly, no, na, unanswered, answered, maturity_sum,
    maturity_count);
CREATE TABLE IF NOT EXISTS weakness_totals (
    workshop_id INTEGER NOT NULL REFERENCES workshops (id), weakness TEXT NOT NULL,
    question TEXT NOT NULL, times INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS weakness_totals_workshop ON weakness_totals (workshop_id);
CREATE INDEX IF NOT EXISTS weakness_totals_rank
    ON weakness_totals (weakness, question, workshop_id, times);
CREATE TABLE IF NOT EXISTS action_totals (
    workshop_id INTEGER NOT NULL REFERENCES workshops (id), due_date TEXT,
    open INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS action_totals_workshop ON action_totals (workshop_id);
CREATE TABLE IF NOT EXISTS learning (
    workshop_id INTEGER PRIMARY KEY REFERENCES workshops (id) ON DELETE CASCADE,
    file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    sat INTEGER, pairs INTEGER, mean_pre REAL, mean_post REAL, gain REAL, mean_gain REAL);
CREATE TABLE IF NOT EXISTS evaluation (
    workshop_id INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    criterion TEXT NOT NULL, forms INTEGER, mean REAL, PRIMARY KEY (workshop_id, criterion));
INSERT OR IGNORE INTO meta VALUES ('actions_changed', '0');
CREATE TRIGGER IF NOT EXISTS actions_gone AFTER DELETE ON actions BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'actions_changed'; END;
CREATE TRIGGER IF NOT EXISTS workshops_renamed AFTER UPDATE OF name, country ON workshops
    WHEN old.name IS NOT new.name OR old.country IS NOT new.country BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'actions_changed'; END;
CREATE VIEW IF NOT EXISTS adherence AS
    SELECT workshop_id, count(*) AS planned,
        sum(status IN ('held', 'in progress')) AS held,
        sum(status LIKE 'skipped%') AS skipped,
        sum(status IN ('held', 'in progress') AND start_delay_min > 5) AS late,
        avg(CASE WHEN status IN ('held', 'in progress') THEN start_delay_min END) AS delay,
        sum(CASE WHEN status IN ('held', 'in progress') AND actual_min > planned_min
            THEN actual_min - planned_min ELSE 0 END) AS over
    FROM agenda GROUP BY workshop_id
    UNION ALL
    SELECT workshop_id, NULL, count(*), NULL, sum(start_delay_min > 5), avg(start_delay_min),
        sum(max(coalesce(overrun_min, 0), 0))
    FROM sessions WHERE workshop_id NOT IN (SELECT workshop_id FROM agenda)
    GROUP BY workshop_id;
CREATE VIEW IF NOT EXISTS open_actions AS
    SELECT a.id, a.due, a.due_date, a.action, a.owner, w.country, w.name AS workshop,
        w.workshop AS workshop_id, w.start_date, s.title AS session
    FROM actions a JOIN sessions s ON s.id = a.session_id JOIN workshops w ON w.id = a.workshop_id
    WHERE a.status = 'open';
"""


BULK_INDEXES = {
    "answers_session": "answers (session_id)",
    "weaknesses_answer": "weaknesses (answer_id)",
    "actions_session": "actions (session_id)",
    "actions_due": "actions (status, due_date)",
    "answer_totals_workshop": "answer_totals (workshop_id)",
    "answer_totals_stats": "answer_totals (bank, question, country, area, question_text, "
    "yes, partly, no, na, unanswered, answered, maturity_sum, maturity_count)",
    "weakness_totals_workshop": "weakness_totals (workshop_id)",
    "weakness_totals_rank": "weakness_totals (weakness, question, workshop_id, times)",
    "action_totals_workshop": "action_totals (workshop_id)",
    "files_folder": "files (folder)",
    "files_workshop": "files (workshop_id)",
    "files_sha256_status": "files (sha256, status)",
}
"""Indexes of the tables a fresh archive fills in bulk (and of their totals): dropped
while it is filled and made again at its end (built once over sorted keys, rather than
kept up to date row by row)."""


def drop_bulk_indexes(db: sqlite3.Connection) -> None:
    for name in BULK_INDEXES:
        db.execute(f"DROP INDEX IF EXISTS {name}")


def make_bulk_indexes(db: sqlite3.Connection, *names: str) -> None:
    """Make the bulk indexes (those ``names`` only, when given) that are not there, with
    the page cache at :data:`INDEX_CACHE_KB` (back to :data:`CACHE_KB` after)."""
    db.execute(f"PRAGMA cache_size = -{INDEX_CACHE_KB}")
    try:
        for name in names or BULK_INDEXES:
            db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {BULK_INDEXES[name]}")
    finally:
        db.execute(f"PRAGMA cache_size = -{CACHE_KB}")


def bulk_mode(db: sqlite3.Connection, on: bool) -> None:
    """Switch the archive to filling a fresh file (``on``) and back (outside a transaction).

    While it is filled, the archive keeps a rollback journal, which holds only what the
    file had before (next to nothing: pages added are not journaled), rather than a
    write-ahead log that every page goes through twice, and SQLite does not wait for the
    disk at each commit (``synchronous = OFF``): a collect that is stopped or crashes
    leaves the last commit, as before; only a power cut in the middle can spoil the
    file, which is a cache of the bundles, collected again into a new file. Then back to
    the write-ahead log, waiting for the disk (``NORMAL``), once the file is on the disk:
    what the fill wrote without waiting is flushed then, at its end (0.16 s for the 260 MB
    of 1,000 workshops), rather than by the first checkpoint of the next collect, which
    waited for all of it (adding one workshop right after: its commit 0.12 s, not 0.02 s)."""
    db.execute(f"PRAGMA journal_mode = {'DELETE' if on else 'WAL'}")
    db.execute(f"PRAGMA synchronous = {'OFF' if on else 'NORMAL'}")
    path = None if on else db.execute("PRAGMA database_list").fetchone()[2]
    if path:  # (an archive in memory has none)
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def open_archive(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the archive at ``path``; one line naming it if it cannot
    be used."""
    make_folder(path.parent)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            if os.fstat(fd).st_size == 0:  # new: the program's mode, whatever the umask
                os.fchmod(fd, file_mode(path.parent))
        finally:
            os.close(fd)
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute(f"PRAGMA cache_size = -{CACHE_KB}")
        db.executescript(SCHEMA)
        found = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except (OSError, sqlite3.DatabaseError) as exc:
        raise StoreError(f"{path}: cannot be used as an archive ({exc})") from None
    if found is None:
        db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    elif found[0] != SCHEMA_VERSION:
        db.close()
        raise StoreError(
            f"{path}: an archive of schema {found[0]}; this version reads schema "
            f"{SCHEMA_VERSION} (collect into a new file)"
        )
    return db
