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
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import orjson
from filelock import Timeout
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from facilitator.clean import clean_data, clean_json, suspect_json
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
    staging_folder,
    staging_for,
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
    _check(path, data)
    return data


def _check(path: Path, data: Any) -> None:
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise StoreCorrupt(path, "not a TinyDB file (expected an object of tables)")
    meta = data.get("workshop", {}).get("1")
    if not isinstance(meta, dict) or "programme" not in meta:
        raise StoreCorrupt(path, "no workshop record in it")


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


Lines = dict[str, tuple[Any, int, bytes]]
"""Each table's line in a file as it was read: (the table parsed from it, its number of
records, the line)."""


def encode(data: dict[str, Any], lines: Lines | None = None) -> bytes:
    """The file's bytes: JSON with one table to a line (``{"events":{...},\n"notes":...}``).

    A reader can then tell which tables changed by their lines' bytes, without parsing
    (compact JSON never holds a raw line break: one in a string is written ``\n``).
    ``lines``: the file as read; a table still the very one parsed from it (a change
    through TinyDB puts a new table in its place) is written as the same line."""
    return encode_lines(data, lines)[0]


def encode_lines(data: dict[str, Any], lines: Lines | None = None) -> tuple[bytes, Lines]:
    """:func:`encode`, and the lines written (to write them again next time)."""
    was, now = lines or {}, {}
    for name, table in data.items():
        kept = was.get(name)
        if kept is not None and kept[0] is table and kept[1] == len(table):
            now[name] = kept
        else:
            now[name] = (table, len(table), orjson.dumps(name) + b":" + orjson.dumps(table))
    return b"{" + b",\n".join(line for _, _, line in now.values()) + b"}", now


def _decode_lines(path: Path, raw: bytes) -> tuple[dict[str, Any], Lines]:
    """:func:`_decode` for a writer: tables of its own (changed in place by TinyDB, so
    never those of :func:`_read_tables`), and the lines it may write again as they are
    (not one that held text to clean: it is written cleaned)."""
    if not (raw.startswith(b'{"') and raw.endswith(b"}")):
        return _decode(path, raw), {}
    data: dict[str, Any] = {}
    lines: Lines = {}
    for text in raw[1:-1].split(b",\n"):
        try:
            parsed = orjson.loads(b"{" + text + b"}")
        except orjson.JSONDecodeError:
            return _decode(path, raw), {}
        if not isinstance(parsed, dict) or len(parsed) != 1:
            return _decode(path, raw), {}
        name, table = next(iter(parsed.items()))
        if suspect_json(text):
            table = clean_data(table)
        elif isinstance(table, dict):
            lines[name] = (table, len(table), text)
        data[name] = table
    _check(path, data)
    return data, lines


_LINES = 8
"""Workshop files whose tables are kept parsed, by line (:func:`_read_tables`)."""
_last_lines: dict[Path, dict[bytes, tuple[bytes, tuple[str, Any]]]] = {}
"""For each file, each table's line as last read (by the bytes of its name) and the
table parsed from it."""
_last_rows: dict[tuple[Path, str], tuple[Any, tuple[Any, ...]]] = {}
_last_guard = threading.Lock()
"""The watcher's thread and the screen's both read."""


def _lines(raw: bytes) -> list[bytes] | None:
    """The lines of a file written one table to a line, without the braces around them
    and the commas between; None for any other layout. Found by their line breaks
    (``memchr``; compact JSON has no other): ``split(b",\n")`` took 2.4 ms of a week's
    1.1 MB, in one call that holds the interpreter, against 0.05 ms."""
    if not (raw.startswith(b'{"') and raw.endswith(b"}")):
        return None
    found = []
    start = 1
    while (cut := raw.find(b"\n", start)) >= 0:
        if raw[cut - 1] != 44:  # a comma
            return None
        found.append(raw[start : cut - 1])
        start = cut + 1
    found.append(raw[start:-1])
    return found


def _added_rows(old: bytes, table: Any, line: bytes) -> dict[str, Any] | None:
    """The rows added at the end of a table whose line was ``old`` (parsed: ``table``) and
    is ``line`` now, parsed alone; None if ``line`` is not ``old`` with rows after its
    last. A note or a key adds a row at the end of its table: a week's notes or events
    are not parsed again (1 to 3 ms, in one call that holds the interpreter)."""
    head = len(old) - 1  # all of the old line but the table's closing brace
    if not isinstance(table, dict) or len(line) <= len(old) or not line.startswith(old[:head]):
        return None
    rest = line[head + 1 :] if table else line[head:]
    if table and line[head] != 44:  # a comma after the last old row
        return None
    try:
        added = clean_json(b"{" + rest)  # the new rows and the table's closing brace
    except orjson.JSONDecodeError:
        return None
    return added if isinstance(added, dict) and added.keys().isdisjoint(table) else None


def _read_tables(path: Path, raw: bytes) -> dict[str, Any]:
    """:func:`_decode`, parsing only the tables whose line changed since the last read of
    ``path`` (a key press adds an event: the other tables, most of a week's file, are
    taken as they were). Any other layout is parsed whole, with the same checks."""
    lines = _lines(raw)
    if lines is None:
        return _decode(path, raw)
    before = _last_lines.get(path, {})
    now: dict[bytes, tuple[bytes, tuple[str, Any]]] = {}
    data: dict[str, Any] = {}
    for line in lines:
        key = line[: line.find(b'":') + 1]  # the table's name, quoted
        was = before.get(key)
        if was is not None and was[0] == line:
            table = was[1]
        elif was is not None and (added := _added_rows(was[0], was[1][1], line)) is not None:
            table = (was[1][0], {**was[1][1], **added})
        else:
            try:
                parsed = clean_json(b"{" + line + b"}")  # cleaned as the whole would be
            except orjson.JSONDecodeError:
                return _decode(path, raw)  # not one table to a line: the whole, or its error
            if not isinstance(parsed, dict) or len(parsed) != 1:
                return _decode(path, raw)
            table = next(iter(parsed.items()))
        now[key] = (line, table)
        data[table[0]] = table[1]
    _check(path, data)
    with _last_guard:
        if path not in _last_lines and len(_last_lines) >= _LINES:
            gone = next(iter(_last_lines))
            del _last_lines[gone]
            for stale in [k for k in _last_rows if k[0] == gone]:
                del _last_rows[stale]
        _last_lines[path] = now
    return data


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


def _table_rows(path: Path, data: dict[str, Any], table: str, make: Any = None) -> tuple[Any, ...]:
    """A table's rows in order (each made by ``make``), kept while the table read from
    ``path`` is the very one parsed before (see :func:`_read_tables`)."""
    docs = data.get(table, {})
    kept = _last_rows.get((path, table))
    if kept is not None and kept[0] is docs:
        return kept[1]
    keys = sorted(docs, key=int)
    if make is None:
        rows = tuple(docs[key] for key in keys)
    elif kept is not None and _grown(kept[0], docs, keys):  # a log: only the new rows made
        rows = kept[1] + tuple(make(docs[key]) for key in keys[len(kept[0]) :])
    else:
        rows = tuple(make(docs[key]) for key in keys)
    _last_rows[(path, table)] = (docs, rows)
    return rows


def _grown(old: dict[str, Any], new: dict[str, Any], keys: list[str]) -> bool:
    """``new`` (its ``keys`` in order) holds ``old``'s rows first, then more: the first
    and the last of the old ones are where they were, as they were."""
    n = len(old)
    if not n or len(keys) < n:
        return False
    first, last = keys[0], keys[n - 1]
    return old.get(first) == new[first] and old.get(last) == new[last]


class WorkshopStore:
    """The only code that writes a workshop file."""

    def __init__(self, path: Path, author: Author | None = None) -> None:
        self.path = Path(path)
        self.author = author or Author()
        self._lock = _Lock(
            str(lock_path(self.path)), timeout=LOCK_TIMEOUT, mode=file_mode(self.path.parent)
        )
        self._cache: Snapshot | None = None
        self._written: tuple[bytes, dict[str, Any], Lines] | None = None
        self._raw = b""
        """The file's bytes as the transaction under way read them."""
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
            write_atomic(path, encode(data), staged=True)
        return store

    def open_check(self) -> Snapshot:
        """Read the file once (raising a clear error) and clear orphaned temp files."""
        snapshot = self.read()
        with self._locked():
            orphans = [
                *self.path.parent.glob(f".{self.path.name}.*.tmp"),  # before the staging folder
                *staging_folder(self.path).glob(f".{self.path.name}.*.tmp"),  # the .bak's too
            ]
            for orphan in orphans:
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
        path = self.path
        data = _read_tables(path, _read_bytes(path))
        snapshot = Snapshot(
            workshop=workshop_from_record(data["workshop"]["1"]),
            events=_table_rows(path, data, "events", Event.from_record),
            answers=_table_rows(path, data, "answers"),
            notes=_table_rows(path, data, "notes"),
            actions=_table_rows(path, data, "actions"),
            attendance=_table_rows(path, data, "attendance"),
            stamp=before if stamp(path) == before else None,
            scores=_table_rows(path, data, "scores"),
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
                _, data, lines = written
            else:
                data, lines = _decode_lines(self.path, raw)
            memory = _MemoryStorage(data)
            db = TinyDB(storage=lambda: memory)
            self._raw = raw
            yield db
            if memory.dirty:
                raw, lines = self._replace(memory.data, lines)
            self._written = (raw, memory.data, lines)

    def _replace(self, data: dict[str, Any], lines: Lines | None = None) -> tuple[bytes, Lines]:
        """Write ``data`` in place of the file; returns the bytes written, and their lines.

        The version before becomes the backup: a second name for it is made first,
        and takes the backup's place once the new file is in (one rename less
        between the key and the file the other terminals wait for)."""
        payload, lines = encode_lines(data, lines)
        backup = backup_path(self.path)
        tmp_link = staging_for(self.path) / f".{backup.name}.{os.getpid()}.tmp"
        try:
            with contextlib.suppress(FileNotFoundError):
                tmp_link.unlink()
            os.link(self.path, tmp_link)
        except OSError:
            shutil.copy2(self.path, backup)
            tmp_link = None
        write_atomic(self.path, payload, staged=True)
        if tmp_link is not None:
            try:
                os.replace(tmp_link, backup)
            except OSError:  # the new file is in; the backup stays one version older
                with contextlib.suppress(OSError):
                    tmp_link.unlink()
        return payload, lines

    def _holds(self, uid: str) -> bool:
        """Whether the file as read in this transaction may hold a record with ``uid``
        (its text found in the bytes: a new uid is not, and costs no look at the rows)."""
        return orjson.dumps(uid) in self._raw

    def _stamped(self, record: dict[str, Any], at: float | None) -> dict[str, Any]:
        record = clean_data(record)  # nothing unclean reaches the file, whoever calls
        record.setdefault("uid", uuid.uuid4().hex)
        record["at"] = time.time() if at is None else at
        record["by"] = self.author.to_record()
        return record

    def append_event(self, event: Event) -> None:
        with self.transaction() as db:
            _insert(db, "events", [self._stamped(event.to_record(), event.at)])

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
            _insert(db, "events", [self._stamped(e.to_record(), e.at) for e in events])

    def add_record(self, table: str, record: dict[str, Any], at: float | None = None) -> str:
        """Append a note, decision, action or other record; return its uid."""
        if table not in ("notes", "actions"):
            raise ValueError(f"cannot add to table {table!r}")
        stamped = self._stamped(dict(record), at)
        with self.transaction() as db:
            # a record written again (a retry after a failure that did land) is not doubled
            uid = stamped["uid"]
            if not self._holds(uid) or not _matching(db, table, lambda d: d.get("uid") == uid):
                _insert(db, table, [stamped])
        return stamped["uid"]

    def update_record(
        self, table: str, uid: str, changes: dict[str, Any], at: float | None = None
    ) -> None:
        """Change fields of a record found by uid (e.g. close an action)."""
        with self.transaction() as db:
            changes = dict(changes)
            changes["edited_at"] = time.time() if at is None else at
            changes["edited_by"] = self.author.to_record()
            db.table(table).update(
                changes, doc_ids=_matching(db, table, lambda d: d.get("uid") == uid)
            )

    def merge_answer(
        self, session: str, question: str, group: str, changes: dict[str, tuple[Any, float]]
    ) -> None:
        """Change fields of a group's answer (field: (value, when it was made)).

        Other fields, and other people's edits, stay: see :mod:`facilitator.store.answers`.
        """

        def mine(d: dict[str, Any]) -> bool:
            by = d.get("group") if "group" in d else d.get("respondent")  # older files
            return d.get("session") == session and d.get("question") == question and by == group

        with self.transaction() as db:
            table = db.table("answers")
            existing = _first(db, "answers", mine)
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
        with self.transaction() as db:
            table = db.table("scores")
            for test, code, changes in papers:
                existing = _first(
                    db,
                    "scores",
                    lambda d, t=test, c=code: d.get("test") == t and d.get("code") == c,
                )
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
        with self.transaction() as db:
            table = db.table("attendance")
            found = _matching(
                db,
                "attendance",
                lambda d: d.get("session") == session and d.get("participant") == participant,
            )
            if found:
                table.update(record, doc_ids=found)
            else:
                _insert(db, "attendance", [record])


def _insert(db: TinyDB, table: str, records: list[dict[str, Any]]) -> None:
    """Add ``records`` to ``table`` under the next ids, as TinyDB's ``insert`` would, in
    a new table in the old one's place (so the file's other lines are written as they
    were; see :func:`encode`). TinyDB turns every id of the table to a number and back
    for one insert: a week's events, milliseconds of every key press."""
    memory = db.storage
    assert isinstance(memory, _MemoryStorage)
    rows = dict(memory.data.get(table, {}))
    next_id = max(map(int, rows), default=0) + 1
    for offset, record in enumerate(records):
        rows[str(next_id + offset)] = record
    memory.write({**memory.data, table: rows})


def _matching(db: TinyDB, table: str, match: Callable[[dict[str, Any]], bool]) -> list[int]:
    """The ids of the records of ``table`` that ``match`` accepts, looked for in the file
    as loaded (a TinyDB query costs microseconds a record: over a week's records, ms
    of every key press's write)."""
    docs = db.storage.read() or {}
    return [int(key) for key, doc in docs.get(table, {}).items() if match(doc)]


def _first(db: TinyDB, table: str, match: Callable[[dict[str, Any]], bool]) -> Document | None:
    """The first record of ``table`` that ``match`` accepts, as TinyDB's ``get`` gives it."""
    docs = db.storage.read() or {}
    for key, doc in docs.get(table, {}).items():
        if match(doc):
            return Document(doc, int(key))
    return None


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
        write_atomic(path, backup.read_bytes(), staged=True)
    return aside
