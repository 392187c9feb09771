"""The workshop file: one TinyDB JSON file per workshop, safe for several terminals.

Every write is one locked read-modify-write that ends in an atomic replace
(temp file in the same folder, fsync, ``os.replace``, fsync of the folder).
Readers never take the lock: they always see a whole file. Before each
replace the previous file is kept as ``<name>.json.bak`` (a hard link, so it
costs no copy): the last good copy to recover from.

Other terminals notice a change by :func:`stamp` (inode, size, mtime_ns).

Over 400 lines: every write to a workshop file is a method of :class:`WorkshopStore`,
so that the one writer stays in one place.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import shutil
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import orjson
from filelock import Timeout
from tinydb import Query, TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from facilitator.clean import clean_data, clean_json
from facilitator.course.model import Workshop
from facilitator.i18n.dates import hhmm
from facilitator.live.events import Event
from facilitator.store import answers, scores
from facilitator.store.errors import StoreError
from facilitator.store.files import (
    Stamp,
    backup_path,
    file_mode,
    lock_path,
    make_folder,
    stamp,
    write_atomic,
)
from facilitator.store.lead import current_holder
from facilitator.store.record import workshop_from_record, workshop_to_record

if sys.platform != "win32":
    from filelock import UnixFileLock as _Lock
else:  # pragma: no cover - the kit targets Linux and macOS terminals
    from filelock import FileLock as _Lock

TABLES = ("workshop", "events", "answers", "notes", "actions", "attendance", "scores")
LOCK_TIMEOUT = 10.0


class StoreCorrupt(StoreError):
    """The file cannot be read as a workshop; it is left untouched."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.backup = backup_path(path)
        advice = "No backup copy exists next to it."
        if self.backup.exists():
            saved = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.backup.stat().st_mtime))
            advice = (
                f"The last good copy is {self.backup} (saved {saved}). To go back to it, run "
                f"`facilitator recover {path.stem}` (the damaged file is kept aside)."
            )
        super().__init__(
            f"{path}: cannot read this workshop file ({detail}). It was left untouched. {advice}"
        )


class Fenced(StoreError):
    """An agenda event from a lead whose lead was taken since (it was not answering):
    refused, so that nothing moves the agenda behind the new lead's back."""

    def __init__(self, path: Path, epoch: int, name: str, since: float) -> None:
        self.epoch = epoch
        self.name = name
        self.since = since
        super().__init__(
            f"{path}: not written: {name} took over the lead at {hhmm(since, None)} "
            "while this terminal was not answering"
        )


@dataclass(frozen=True, slots=True)
class Author:
    """Who wrote a record: a role and a name."""

    role: str = "lead"
    name: str = field(default_factory=lambda: _user_name())

    def to_record(self) -> dict[str, str]:
        return {"role": self.role, "name": self.name}


def _user_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no user database (some containers)
        return "unknown"


def _decode(path: Path, raw: bytes) -> dict[str, Any]:
    if not raw.strip():
        raise StoreCorrupt(path, "the file is empty")
    try:
        # written by hand, by another version or by someone up to no good: the file is
        # an entry point like any other, so its text is cleaned on the way in
        data = clean_json(raw)
    except orjson.JSONDecodeError as exc:
        raise StoreCorrupt(path, f"not valid JSON: {exc}") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise StoreCorrupt(path, "not a TinyDB file (expected an object of tables)")
    meta = data.get("workshop", {}).get("1")
    if not isinstance(meta, dict) or "programme" not in meta:
        raise StoreCorrupt(path, "no workshop record in it")
    return data


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise StoreError(f"{path}: no such workshop file") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read ({exc.strerror})") from None


def read_file(path: Path) -> dict[str, Any]:
    """Read the whole file without the lock (writers replace it atomically)."""
    return _decode(path, _read_bytes(path))


class _MemoryStorage(Storage):
    """TinyDB storage over the dict loaded at the start of a transaction."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = True


@dataclass(frozen=True)
class Snapshot:
    """Everything in the workshop file, read at one moment."""

    workshop: Workshop
    events: tuple[Event, ...]
    answers: tuple[dict[str, Any], ...]
    notes: tuple[dict[str, Any], ...]
    actions: tuple[dict[str, Any], ...]
    attendance: tuple[dict[str, Any], ...]
    stamp: Stamp | None = None
    scores: tuple[dict[str, Any], ...] = ()
    """Participants' papers (see :mod:`facilitator.store.scores`)."""


def _rows(data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    docs = data.get(table, {})
    return [docs[key] for key in sorted(docs, key=int)]


class WorkshopStore:
    """The only code that writes a workshop file."""

    def __init__(self, path: Path, author: Author | None = None) -> None:
        self.path = Path(path)
        self.author = author or Author()
        self._lock = _Lock(
            str(lock_path(self.path)), timeout=LOCK_TIMEOUT, mode=file_mode(self.path.parent)
        )
        self._cache: Snapshot | None = None
        self._written: tuple[bytes, dict[str, Any]] | None = None
        """The bytes this store last wrote, parsed: the next write under the lock starts
        from them, unparsed, when the file still holds exactly those bytes."""

    # -- creating and opening ---------------------------------------------------

    @classmethod
    def create(cls, path: Path, workshop: Workshop, author: Author | None = None) -> WorkshopStore:
        """Write a new workshop file; refuse to overwrite one."""
        path = Path(path)
        make_folder(path.parent)
        store = cls(path, author)
        with store._locked():
            if path.exists():
                raise StoreError(f"{path}: a workshop file with this name exists already")
            data: dict[str, Any] = {name: {} for name in TABLES}
            data["workshop"]["1"] = workshop_to_record(workshop)
            write_atomic(path, orjson.dumps(data))
        return store

    def open_check(self) -> Snapshot:
        """Read the file once (raising a clear error) and clear orphaned temp files."""
        snapshot = self.read()
        with self._locked():
            for orphan in self.path.parent.glob(f".{self.path.name}.*.tmp"):
                with contextlib.suppress(FileNotFoundError):
                    orphan.unlink()
        return snapshot

    # -- reading ------------------------------------------------------------------

    def stamp(self) -> Stamp | None:
        return stamp(self.path)

    def read(self) -> Snapshot:
        """The whole workshop as it is now (cached until the file's stamp changes)."""
        before = stamp(self.path)
        if self._cache is not None and before is not None and self._cache.stamp == before:
            return self._cache
        data = read_file(self.path)
        snapshot = Snapshot(
            workshop=workshop_from_record(data["workshop"]["1"]),
            events=tuple(Event.from_record(r) for r in _rows(data, "events")),
            answers=tuple(_rows(data, "answers")),
            notes=tuple(_rows(data, "notes")),
            actions=tuple(_rows(data, "actions")),
            attendance=tuple(_rows(data, "attendance")),
            stamp=before if stamp(self.path) == before else None,
            scores=tuple(_rows(data, "scores")),
        )
        self._cache = snapshot
        return snapshot

    # -- writing ------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            with self._lock:
                yield
        except Timeout:
            raise StoreError(
                f"{self.path}: another terminal has held the lock for {LOCK_TIMEOUT:.0f} s; "
                "try again"
            ) from None
        except NotImplementedError as exc:
            raise StoreError(
                f"{self.path.parent}: this file system does not support locking ({exc}); "
                "keep workshop files on a local disk"
            ) from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[TinyDB]:
        """Lock, load, let the caller change the TinyDB, then replace the file once."""
        with self._locked():
            written, self._written = self._written, None  # changed in place below
            raw = _read_bytes(self.path)
            if written is not None and written[0] == raw:
                data = written[1]
            else:
                data = _decode(self.path, raw)
            memory = _MemoryStorage(data)
            db = TinyDB(storage=lambda: memory)
            yield db
            if memory.dirty:
                raw = self._replace(memory.data)
            self._written = (raw, memory.data)

    def _replace(self, data: dict[str, Any]) -> bytes:
        """Write ``data`` in place of the file; returns the bytes written.

        The version before becomes the backup: a second name for it is made first,
        and takes the backup's place once the new file is in (one rename less
        between the key and the file the other terminals wait for)."""
        payload = orjson.dumps(data)
        backup = backup_path(self.path)
        tmp_link = backup.with_name(f".{backup.name}.{os.getpid()}.tmp")
        try:
            with contextlib.suppress(FileNotFoundError):
                tmp_link.unlink()
            os.link(self.path, tmp_link)
        except OSError:
            shutil.copy2(self.path, backup)
            tmp_link = None
        write_atomic(self.path, payload)
        if tmp_link is not None:
            try:
                os.replace(tmp_link, backup)
            except OSError:  # the new file is in; the backup stays one version older
                with contextlib.suppress(OSError):
                    tmp_link.unlink()
        return payload

    def _stamped(self, record: dict[str, Any], at: float | None) -> dict[str, Any]:
        record = clean_data(record)  # nothing unclean reaches the file, whoever calls
        record.setdefault("uid", uuid.uuid4().hex)
        record["at"] = time.time() if at is None else at
        record["by"] = self.author.to_record()
        return record

    def append_event(self, event: Event) -> None:
        with self.transaction() as db:
            db.table("events").insert(self._stamped(event.to_record(), event.at))

    def append_events(self, events: list[Event], epoch: int | None = None) -> None:
        """Append ``events`` in one write. ``epoch``: they come from the lead of that epoch
        (see :mod:`facilitator.store.lead`), and are refused (:class:`Fenced`) when the
        lead has been taken since; the check is made under the write lock, which the
        taking of the lead holds too."""
        with self.transaction() as db:
            if epoch is not None:
                holder = current_holder(self.path)
                if holder is not None and holder.epoch != epoch:
                    raise Fenced(self.path, holder.epoch, holder.name, holder.since)
            db.table("events").insert_multiple(self._stamped(e.to_record(), e.at) for e in events)

    def add_record(self, table: str, record: dict[str, Any], at: float | None = None) -> str:
        """Append a note, decision, action or other record; return its uid."""
        if table not in ("notes", "actions"):
            raise ValueError(f"cannot add to table {table!r}")
        stamped = self._stamped(dict(record), at)
        with self.transaction() as db:
            # a record written again (a retry after a failure that did land) is not doubled
            if not db.table(table).contains(Query().uid == stamped["uid"]):
                db.table(table).insert(stamped)
        return stamped["uid"]

    def update_record(
        self, table: str, uid: str, changes: dict[str, Any], at: float | None = None
    ) -> None:
        """Change fields of a record found by uid (e.g. close an action)."""
        with self.transaction() as db:
            changes = dict(changes)
            changes["edited_at"] = time.time() if at is None else at
            changes["edited_by"] = self.author.to_record()
            db.table(table).update(changes, Query().uid == uid)

    def merge_answer(
        self, session: str, question: str, group: str, changes: dict[str, tuple[Any, float]]
    ) -> None:
        """Change fields of a group's answer (field: (value, when it was made)).

        Other fields, and other people's edits, stay: see :mod:`facilitator.store.answers`.
        """
        q = Query()
        with self.transaction() as db:
            table = db.table("answers")
            existing = table.get(
                (q.session == session)
                & (q.question == question)
                & ((q.group == group) | (~q.group.exists() & (q.respondent == group)))
            )
            record = answers.merge(
                existing, (session, question, group), changes, self.author.to_record()
            )
            _replace_record(table, existing, record)

    def merge_scores(self, test: str, code: str, changes: dict[str, tuple[Any, float]]) -> None:
        """Change fields of a participant's paper (field: (value, when it was typed)),
        merged as :mod:`facilitator.store.scores` says."""
        self.merge_papers([(test, code, changes)])

    def merge_papers(self, papers: list[tuple[str, str, dict[str, tuple[Any, float]]]]) -> None:
        """Several papers (test, code, changes) in one write (an import)."""
        q = Query()
        with self.transaction() as db:
            table = db.table("scores")
            for test, code, changes in papers:
                existing = table.get((q["test"] == test) & (q.code == code))
                record = scores.merge(existing, (test, code), changes, self.author.to_record())
                _replace_record(table, existing, record)

    def update_workshop(self, **changes: Any) -> None:
        """Change fields of the workshop itself (its groups, its trainers)."""
        with self.transaction() as db:
            table = db.table("workshop")
            record = workshop_from_record(table.get(doc_id=1))  # type: ignore[arg-type]
            table.update(workshop_to_record(replace(record, **changes)), doc_ids=[1])

    def set_attendance(
        self, session: str, participant: str, present: bool, at: float | None = None
    ) -> None:
        """Mark a participant present or absent at a session."""
        record = self._stamped(
            {"session": session, "participant": participant, "present": present}, at
        )
        q = Query()
        key = (q.session == session) & (q.participant == participant)
        with self.transaction() as db:
            table = db.table("attendance")
            if table.get(key) is not None:
                table.update(record, key)
            else:
                table.insert(record)


def _replace_record(table: Table, existing: Document | None, record: dict[str, Any]) -> None:
    """Put ``record`` where ``existing`` was (same id), or add it with a new uid."""
    if existing is not None:
        table.remove(doc_ids=[existing.doc_id])
        table.insert(Document(record, existing.doc_id))
    else:
        record["uid"] = uuid.uuid4().hex
        table.insert(record)


def recover(path: Path) -> Path:
    """Put the last good copy back; keep the damaged file aside. Returns where it went.

    Refuses when the file is not damaged: when it reads as a workshop, or when it
    cannot be read for a reason its contents have nothing to do with (permissions).
    """
    backup = backup_path(path)
    try:
        read_file(path)
    except StoreCorrupt:
        pass  # damaged: what recover is for
    except StoreError as exc:
        if path.exists():
            raise StoreError(
                f"{exc}. The file is not damaged as far as anyone can tell: fix what stops it "
                "being read (its permissions, its folder) instead of recovering"
            ) from None
    else:
        raise StoreError(
            f"{path}: this workshop file reads well; nothing to recover "
            f"(its last good copy, {backup.name}, is older and was left alone)"
        )
    if not backup.exists():
        raise StoreError(f"{path}: no backup copy ({backup}) to recover from")
    read_file(backup)
    aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    store = WorkshopStore(path)
    with store._locked():
        if path.exists():
            os.replace(path, aside)
        write_atomic(path, backup.read_bytes())
    return aside
