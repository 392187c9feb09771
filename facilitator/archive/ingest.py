"""Minutes streamed into the archive, one file at a time, so memory stays flat.

A file whose path and stamp (size and modification time, or a git blob id) are already
in the archive is not read again; one whose SHA-256 is already there under another
path is a duplicate. A bundle's manifest is read before the other files of its folder,
and each of them is checked against it: edited, missing or unlisted files are
recorded in ``checks`` (an edited file is still read, and marked).
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import itertools
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitator.archive import bundle as bundle_mod
from facilitator.archive import db as db_mod
from facilitator.archive import manifest
from facilitator.archive.bundle import RESULTS
from facilitator.archive.rows import Rows
from facilitator.minutes.collect import (
    MANIFEST,
    Found,
    Refused,
    ReportFile,
    SessionFile,
    parse,
    read_bytes,
    walk_folders,
)
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
    deferred: dict[str, tuple[Found, str, int]] = field(default_factory=dict)
    """Minutes new or changed, as bundled (with their SHA-256 and size): stored from
    results.json at the end, each file's row with its minutes' rows."""
    pending: dict[str, str] = field(default_factory=dict)
    """The SHA-256 of each deferred file, and its path (a copy of it in the same folder
    is a duplicate, though neither is in the archive yet)."""
    results: tuple[Found, int] | None = None
    """results.json (and its file id), when it is as bundled."""


class Digests:
    """A set of SHA-256 digests that can be wrong only one way: a digest added is always
    found, one never added is found about once in 20,000 among 30,000 digests (a Bloom
    filter: two bits per digest in 1 MiB, whatever the number of digests)."""

    BITS = 1 << 23

    def __init__(self) -> None:
        self.bits = bytearray(self.BITS // 8)

    def _spots(self, digest: str) -> tuple[int, int]:
        mask = self.BITS - 1
        return int(digest[:16], 16) & mask, int(digest[16:32], 16) & mask

    def add(self, digest: str) -> None:
        for spot in self._spots(digest):
            self.bits[spot >> 3] |= 1 << (spot & 7)

    def __contains__(self, digest: str) -> bool:
        return all(self.bits[spot >> 3] & (1 << (spot & 7)) for spot in self._spots(digest))


AHEAD = 2
"""Folders sent to be hashed ahead of the one being stored."""
_HOME = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HASHER = [
    sys.executable,
    "-c",
    f"import sys; sys.path.insert(0, {_HOME!r}); from facilitator.archive import hasher; "
    "hasher.main()",
]
"""The process that hashes files ahead (see :mod:`facilitator.archive.hasher`): this very
package's, whatever the folder it is started from holds."""


class HashAhead:
    """A fresh archive's folders, their files read and hashed in a process of their own
    while the folders before them are stored: reading and hashing take the second core,
    with no lock shared with the thread that stores (a thread of this process would
    take Python's lock back from it at every file). Only the folder's SHA-256 and sizes
    come back; the few files whose bytes are needed (a manifest, results.json, minutes
    without a bundle) are read again where they are stored."""

    def __init__(self, folders: Iterable[Sequence[Found | Refused]]) -> None:
        import subprocess  # only a fresh archive's (4 ms to import)

        self._folders = folders
        self._proc = subprocess.Popen(
            HASHER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8"
        )
        self._sent: collections.deque[tuple[Sequence[Found | Refused], list[str]]] = (
            collections.deque()
        )
        self.hashed: dict[str, list[Any]] = {}
        """The folder being stored: each file's ``[sha256, size]``, or ``[None, reason]``."""

    def __iter__(self) -> Iterator[Sequence[Found | Refused]]:
        try:
            for entries in self._folders:
                self._send(entries)
                if len(self._sent) > AHEAD:
                    yield self._receive()
            while self._sent:
                yield self._receive()
        finally:
            self.close()

    def _send(self, entries: Sequence[Found | Refused]) -> None:
        paths = [e.path for e in entries if isinstance(e, Found)]
        assert self._proc.stdin is not None
        self._proc.stdin.write(json.dumps(paths) + "\n")
        self._proc.stdin.flush()
        self._sent.append((entries, paths))

    def _receive(self) -> Sequence[Found | Refused]:
        entries, paths = self._sent.popleft()
        assert self._proc.stdout is not None
        answers = json.loads(self._proc.stdout.readline() or "null")
        if not isinstance(answers, list) or len(answers) != len(paths):
            raise OSError(f"the process hashing files ahead stopped ({' '.join(HASHER)})")
        self.hashed = dict(zip(paths, answers, strict=True))
        return entries

    def close(self) -> None:
        """Stop hashing ahead (at the end, or when storing failed)."""
        self.hashed = {}
        if self._proc.poll() is None:
            if self._sent:  # stopped halfway: what it is doing is not wanted
                self._proc.kill()
            else:
                with contextlib.suppress(OSError):
                    assert self._proc.stdin is not None
                    self._proc.stdin.close()
        self._proc.wait()
        for pipe in (self._proc.stdin, self._proc.stdout):
            with contextlib.suppress(OSError):
                if pipe is not None:
                    pipe.close()

    def content(self, found: Found) -> tuple[str, int] | None:
        """The SHA-256 and size of ``found`` as hashed ahead (None: not hashed); raises
        :class:`NotMinutes` for a file that could not be read."""
        got = self.hashed.get(found.path)
        if got is None:
            return None
        digest, size = got
        if digest is None:
            raise NotMinutes(str(size))
        return str(digest), int(size)


class Ingest:
    """One collect run into an open archive."""

    def __init__(self, db: sqlite3.Connection, sources: str, rev: str | None = None) -> None:
        self.db = db
        cur = db.execute("INSERT INTO runs (sources, rev) VALUES (?, ?)", (sources, rev))
        self.run = Run(int(cur.lastrowid or 0))
        self.bundle: _Bundle | None = None
        self.rows = Rows(db, self._end_bulk)
        self.bulk = False
        """Filling a fresh archive: its bulk indexes are dropped until the end."""
        self._folders: set[str] = set()
        """Filling a fresh archive: the folders read (one given twice is looked up)."""
        self.minutes: Digests | None = None
        """A fresh archive: the SHA-256 of every file of minutes stored in this run (so
        every one in the archive), which a new file's is looked for in before the
        archive is asked whether it is a duplicate."""
        self._since_commit = 0
        self._folder = ""
        self._new_folder = False
        """Filling a fresh archive, the folder being read is read for the first time: no
        file of it is in the archive yet, and each is noted once (inserted, not upserted)."""
        self._known: dict[str, tuple[Any, ...]] = {}
        """The files of the folder being read, as the archive had them."""
        self.ahead: HashAhead | None = None
        """Filling a fresh archive from disk: its files hashed in another process."""

    # -- the loop ---------------------------------------------------------------------

    def add(
        self, folders: Iterable[Sequence[Found | Refused]], read: Reader, ahead: bool = False
    ) -> Run:
        """Read the entries of ``folders`` (each folder's together) into the archive
        (committed as it goes) and say what was done. ``ahead``: a fresh archive's files
        are read and hashed in a thread, ahead of their folder (``read`` must then be
        safe to call from another thread)."""
        fresh = self.db.execute("SELECT NOT EXISTS (SELECT 1 FROM files)").fetchone()[0]
        if fresh:  # a file not yet written to: no write-ahead log, no waits on the disk
            db_mod.bulk_mode(self.db, True)
        if fresh and ahead:  # every file is read: hashed ahead
            folders = self.ahead = HashAhead(folders)
        self.db.execute("BEGIN")
        try:
            if fresh:
                self.bulk = True
                self.minutes = Digests()
                db_mod.drop_bulk_indexes(self.db)
            for entries in folders:
                self.run.seen += len(entries)
                self._folder_of(entries, read)
                if self.bulk:  # the totals of the folder's workshops, from its new rows
                    self.rows.sum_new()
            self._close_bundle(read)
            if self.bulk:
                self.rows.sum_new()
            self._end_bulk()
            self.rows.totals()
            r = self.run
            self.db.execute(
                "UPDATE runs SET seen = ?, read = ?, unchanged = ?, skipped = ? WHERE id = ?",
                (r.seen, r.read, r.unchanged, r.skipped, r.id),
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        finally:
            if self.ahead is not None:
                self.ahead.close()
                self.ahead = None
            if fresh:
                db_mod.bulk_mode(self.db, False)
        return self.run

    def _folder_of(self, entries: Sequence[Found | Refused], read: Reader) -> None:
        """The entries of one folder: passed by at once when its signature is the one
        stored (not a file opened), else each file compared by its hash."""
        folder = os.path.dirname(entries[0].path)
        if self.bundle is not None and self.bundle.folder != folder:
            self._close_bundle(read)
        found = [e for e in entries if isinstance(e, Found)]
        signature = folder_signature(found) if len(found) == len(entries) else None
        stored = self.db.execute(
            "SELECT signature, skipped FROM folders WHERE folder = ?", (str(folder),)
        ).fetchone()
        if signature is not None and stored is not None and stored[0] == signature:
            self.run.unchanged += len(found)
            self.run.skipped += stored[1]
            return
        skipped = self.run.skipped
        self._folder, self._new_folder = "", False  # what the archive knows, looked up
        for entry in entries:
            if isinstance(entry, Refused):
                self._note(str(entry.path), "-", "", 0, "skipped", entry.reason)
                continue
            self._file(entry, read)
            self._counted(1)
        if self.bundle is not None:
            self._close_bundle(read)
        if signature is not None:  # after the folder's rows: a crash before leaves none
            self.db.execute(
                "INSERT OR REPLACE INTO folders VALUES (?, ?, ?, ?, ?)",
                (folder, signature, len(found), self.run.skipped - skipped, self.run.id),
            )

    def _counted(self, files: int) -> None:
        """Commit every :data:`COMMIT_EVERY` files looked at (not those passed by)."""
        self._since_commit += files
        if self._since_commit >= COMMIT_EVERY:
            if not self.bulk:
                self.rows.totals()
            else:  # what is committed is totalled, or has no totals (worked out next run)
                self.rows.sum_new()
            self.db.execute("COMMIT")
            self.db.execute("BEGIN")
            self._since_commit = 0

    def _end_bulk(self) -> None:
        """The bulk indexes made again: at the end of a fresh archive, or before anything
        is deleted from it (a session found twice), which needs them."""
        if self.bulk:
            self.bulk = False
            db_mod.make_bulk_indexes(self.db)

    def _file(self, found: Found, read: Reader) -> None:
        path = found.path
        folder, name = os.path.split(path)
        if self.bundle is not None and self.bundle.folder != folder:
            self._close_bundle(read)
        if folder != self._folder:  # what the archive knows of this folder, in one query
            self._folder = folder
            self._known = {}
            self._new_folder = self.bulk and folder not in self._folders
            if self._new_folder:  # a fresh archive: nothing of it yet
                self._folders.add(folder)
            else:
                if self.bulk:  # a folder given twice: the index, from here on
                    db_mod.make_bulk_indexes(self.db, "files_folder")
                self._known = {
                    row[0]: row[1:]
                    for row in self.db.execute(
                        "SELECT path, id, stamp, sha256, status, checked, bundle_id FROM files "
                        "WHERE folder = ?",
                        (folder,),
                    )
                }
        known = self._known.get(path)
        if name == MANIFEST:
            self._manifest(found, read, known)
            return
        if known is not None and known[1] == found.stamp and found.of_content:
            self.run.unchanged += 1
            self._recheck(found, name, known, known[2])
            if known[3] in ("skipped", "duplicate"):
                self.run.skipped += 1
            return
        raw: bytes | None = None
        try:
            hashed = self.ahead.content(found) if self.ahead is not None else None
            if hashed is None:
                raw = read(found)
                hashed = hashlib.sha256(raw).hexdigest(), len(raw)
        except NotMinutes as exc:
            self._note(path, found.stamp, "", found.size, "skipped", str(exc))
            return
        digest, size = hashed
        if known is not None and known[2] == digest:  # as it was (perhaps touched)
            self.run.unchanged += 1
            if known[1] != found.stamp:
                self.db.execute("UPDATE files SET stamp = ? WHERE id = ?", (found.stamp, known[0]))
            self._recheck(found, name, known, digest)
            return
        if known is not None:
            self._forget(known[0])
        checked = self._checked(name, digest)
        bundle = self.bundle
        first = None
        if path.lower().endswith(".md"):  # only minutes are duplicates
            first = bundle.pending.get(digest) if bundle is not None else None
            if first is None and (self.minutes is None or digest in self.minutes):
                if self.bulk:  # perhaps a duplicate: the index, from here on
                    db_mod.make_bulk_indexes(self.db, "files_sha256_status")
                row = self.db.execute(
                    "SELECT path FROM files WHERE sha256 = ? AND status IN ('minutes', 'report') "
                    "AND path != ? LIMIT 1",
                    (digest, path),
                ).fetchone()
                first = row[0] if row is not None else None
        if first is not None:
            self._note(path, found.stamp, digest, size, "duplicate", first, checked)
        elif bundle is not None and checked == "verified" and name.endswith(".md"):
            bundle.deferred[name] = (found, digest, size)
            bundle.pending[digest] = path
        else:
            file_id = self._store(path, found, raw, digest, size, checked, read)
            if bundle is not None and name == RESULTS and checked == "verified":
                bundle.results = (found, file_id)

    def _store(
        self,
        path: str,
        found: Found,
        raw: bytes | None,
        digest: str,
        size: int,
        checked: str | None,
        read: Reader,
    ) -> int:
        """A new or changed file (``raw``: its bytes, None when only hashed so far): read
        into rows, or noted as skipped with the reason."""
        listed = self.bundle is not None and os.path.basename(path) in self.bundle.expected
        suffix = os.path.splitext(path)[1].lower()
        if suffix != ".md":
            if listed or suffix == ".svg":  # a report's charts: data too
                return self._note(path, found.stamp, digest, size, "data", None, checked)
            reason = "not a Markdown file"
            return self._note(path, found.stamp, digest, size, "skipped", reason, checked)
        try:
            item = parse(raw if raw is not None else read(found))
        except NotMinutes as exc:
            return self._note(path, found.stamp, digest, size, "skipped", str(exc), checked)
        return self._stored(item, path, found.stamp, digest, size, checked)

    def _stored(
        self,
        item: SessionFile | ReportFile,
        path: str,
        stamp: str,
        digest: str,
        size: int,
        checked: str | None,
    ) -> int:
        """A file of minutes: its row (with the workshop they are of), then their rows."""
        workshop_id = self.rows.workshop(item)
        kind = "report" if isinstance(item, ReportFile) else "minutes"
        file_id = self._note(path, stamp, digest, size, kind, None, checked, workshop_id)
        if self.minutes is not None:
            self.minutes.add(digest)
        self.run.read += 1
        self.rows.store(item, file_id, workshop_id, path)
        return file_id

    def _note(
        self,
        path: str,
        stamp: str,
        digest: str,
        size: int,
        status: str,
        reason: str | None = None,
        checked: str | None = None,
        workshop_id: int | None = None,
    ) -> int:
        """Record what was found at ``path`` (``checked``: against its bundle's manifest;
        ``workshop_id``: the workshop its minutes are of), in one row; returns its id."""
        if status in ("skipped", "duplicate"):
            self.run.skipped += 1
            if status == "duplicate":
                reason = f"duplicate of {reason}"
        bundle_id = self.bundle.id if self.bundle is not None else None
        folder = os.path.dirname(path)
        values = (path, folder, stamp, digest, size, status, reason, bundle_id, checked)
        values += (workshop_id, self.run.id)
        if self._new_folder and folder == self._folder:  # not there: no upsert (a third less)
            return int(self.db.execute(_INSERT_FILE, values).lastrowid or 0)
        row = self.db.execute(
            _INSERT_FILE + " ON CONFLICT (path) DO UPDATE SET stamp = excluded.stamp, "
            "sha256 = excluded.sha256, size = excluded.size, status = excluded.status, "
            "reason = excluded.reason, bundle_id = excluded.bundle_id, "
            "checked = excluded.checked, workshop_id = excluded.workshop_id, "
            "run = excluded.run RETURNING id",
            values,
        ).fetchone()
        return int(row[0])

    def _forget(self, file_id: int) -> None:
        """What a file's earlier content put in the archive, before its new content."""
        self._end_bulk()
        self.rows.touched.update(
            w
            for (w,) in self.db.execute(
                "SELECT workshop_id FROM sessions WHERE file_id = ?", (file_id,)
            )
        )
        self.db.execute("DELETE FROM sessions WHERE file_id = ?", (file_id,))
        self.db.execute("DELETE FROM learning WHERE file_id = ?", (file_id,))
        self.db.execute("DELETE FROM evaluation WHERE file_id = ?", (file_id,))
        self.db.execute("DELETE FROM agenda WHERE file_id = ?", (file_id,))

    # -- bundles ----------------------------------------------------------------------

    def _manifest(self, found: Found, read: Reader, known: tuple[Any, ...] | None) -> None:
        self._close_bundle(read)
        path, folder = found.path, os.path.dirname(found.path)
        raw = None
        if not (known is not None and known[1] == found.stamp and found.of_content):
            try:
                raw = read(found)
            except NotMinutes as exc:
                self._note(path, found.stamp, "", found.size, "skipped", str(exc))
                return
        digest = known[2] if raw is None else hashlib.sha256(raw).hexdigest()
        if known is not None and known[2] == digest and known[3] == "manifest":
            row = self.db.execute(
                "SELECT id FROM bundles WHERE folder = ? AND manifest_sha256 = ?",
                (folder, digest),
            ).fetchone()
            if row is not None:  # as last read: its list of files is in the archive
                self.run.unchanged += 1
                if known[1] != found.stamp:  # touched, not changed
                    self.db.execute(
                        "UPDATE files SET stamp = ? WHERE id = ?", (found.stamp, known[0])
                    )
                listed = self.db.execute(
                    "SELECT name, sha256 FROM bundle_files WHERE bundle_id = ?", (row[0],)
                )
                self.db.execute("DELETE FROM checks WHERE bundle_id = ?", (row[0],))
                # checked again in this run: its problems are named as new ones are
                self.db.execute("UPDATE bundles SET run = ? WHERE id = ?", (self.run.id, row[0]))
                self.bundle = _Bundle(folder, int(row[0]), dict(listed.fetchall()))
                return
        try:
            if raw is None:
                raw = read(found)
            got = manifest.parse(raw)
        except NotMinutes as exc:
            self._note(path, found.stamp, digest, found.size, "skipped", str(exc))
            return
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

    def _checked(self, name: str, digest: str) -> str | None:
        """How a file of the current bundle stands against its manifest: verified, edited,
        or not in it (a problem is recorded in ``checks``); None outside a bundle."""
        bundle = self.bundle
        if bundle is None:
            return None
        bundle.seen.add(name)
        expected = bundle.expected.get(name)
        if expected == digest:
            return "verified"
        checked = "not in the manifest" if expected is None else "edited since bundled"
        self.db.execute("INSERT INTO checks VALUES (?, ?, ?)", (bundle.id, name, checked))
        return checked

    def _recheck(self, found: Found, name: str, known: tuple[Any, ...], digest: str) -> None:
        """A file already in the archive, as it is: marked again against the current
        bundle (its row updated only when that changes how it was marked, or where)."""
        checked = self._checked(name, digest)
        bundle = self.bundle
        bundle_id = bundle.id if bundle is not None else None
        if bundle is not None and name == RESULTS and checked == "verified":
            bundle.results = (found, known[0])
        if (checked, bundle_id) != tuple(known[4:]):
            self.db.execute(
                "UPDATE files SET checked = ?, bundle_id = ? WHERE id = ?",
                (checked, bundle_id, known[0]),
            )

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
        self.bundle = bundle  # the files' rows are the bundle's
        try:
            for name, (found, digest, size) in bundle.deferred.items():
                if name in stored:
                    continue
                path = found.path
                try:
                    item = parse(read(found))
                except NotMinutes as exc:
                    reason = str(exc)
                    self._note(path, found.stamp, "", found.size, "skipped", reason, "verified")
                    continue
                self._stored(item, path, found.stamp, digest, size, "verified")
        finally:
            self.bundle = None

    def _from_results(self, bundle: _Bundle, read: Reader, lost: list[str]) -> set[str]:
        """The deferred files' rows from results.json, and those of the minutes the
        folder lacks (kept as the results file's); the names of those stored."""
        assert bundle.results is not None
        try:
            entries = bundle_mod.read_results(read(bundle.results[0]))
        except NotMinutes:
            return set()
        wanted = [(n, item) for n, item in entries if n in bundle.deferred or n in lost]
        self.bundle = bundle  # the files' rows are the bundle's
        try:
            read_before = self.run.read
            self.db.execute("SAVEPOINT results")  # all at once: one savepoint, not one each
            try:
                for name, item in wanted:
                    self._entry(bundle, name, item, lost)
            except _DAMAGED:
                self.db.execute("ROLLBACK TO results")
                self.rows.workshops.clear()  # it may hold a row just rolled back
                self.run.read = read_before
                stored = self._entries(bundle, wanted, lost)  # one at a time, to keep the rest
            else:
                stored = {name for name, _ in wanted}
            self.db.execute("RELEASE results")
        finally:
            self.bundle = None
        return stored

    def _entries(
        self, bundle: _Bundle, wanted: list[tuple[str, SessionFile | ReportFile]], lost: list[str]
    ) -> set[str]:
        """Each entry stored alone; the names of those stored (a row of the wrong shape
        leaves its entry out, and its minutes are parsed instead)."""
        stored = set()
        for name, item in wanted:
            self.db.execute("SAVEPOINT entry")
            try:
                self._entry(bundle, name, item, lost)
            except _DAMAGED:
                self.db.execute("ROLLBACK TO entry")
                self.rows.workshops.clear()
            else:
                stored.add(name)
            self.db.execute("RELEASE entry")
        return stored

    def _entry(
        self, bundle: _Bundle, name: str, item: SessionFile | ReportFile, lost: list[str]
    ) -> None:
        """One entry of results.json into rows: a deferred file's, or a lost one's (kept
        as the results file's)."""
        if name in bundle.deferred:
            found, digest, size = bundle.deferred[name]
            self._stored(item, found.path, found.stamp, digest, size, "verified")
        else:
            assert bundle.results is not None
            results, results_id = bundle.results
            workshop_id = self.rows.workshop(item)
            self.run.read += 1
            self.rows.store(item, results_id, workshop_id, results.path)


_INSERT_FILE = (
    "INSERT INTO files (path, folder, stamp, sha256, size, status, reason, bundle_id, "
    "checked, workshop_id, run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_DAMAGED = (AttributeError, KeyError, TypeError, ValueError, sqlite3.Error)
"""What a results.json row of the wrong shape raises when it is stored."""


def folder_signature(files: Sequence[Found]) -> str:
    """What says that none of a folder's files changed since it was last read: the
    SHA-256 of each file's path, stamp and inode change time, in the folder's order."""
    text = "\n".join([f"{f.path}\0{f.stamp}\0{f.ctime_ns}" for f in files])
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def collect(db: sqlite3.Connection, folders: Sequence[Path], rev: str | None = None) -> Run:
    """Stream the files under ``folders`` (as they are on disk, or at git revision
    ``rev``) into the archive ``db``."""
    listed = json.dumps([str(s) for s in folders])
    if rev is None:
        return Ingest(db, listed).add(
            walk_folders(folders), lambda found: read_bytes(found.path), ahead=True
        )
    from facilitator.archive import gitrepo  # git's modules only for a revision

    with gitrepo.Blobs(folders) as blobs:
        return Ingest(db, listed, rev).add(by_folder(gitrepo.tree(folders, rev)), blobs.read)


def by_folder(entries: Iterable[Found | Refused]) -> Iterator[list[Found | Refused]]:
    """``entries`` (each folder's one after the other), a folder at a time."""
    for _, files in itertools.groupby(entries, key=lambda e: os.path.dirname(e.path)):
        yield list(files)
