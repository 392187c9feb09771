"""One lead per workshop: a lock the kernel frees when the lead's process dies, and a
heartbeat in it that says the lead is still there.

The lead holds an exclusive ``flock`` on ``<name>.json.lead`` for as long as it
leads, and writes who it is into the file; its watcher rewrites the ``beat``
field every :data:`HEARTBEAT` seconds. Anyone can read :meth:`LeadLock.state`:
a lead whose lock is free has gone (its process ended, or it stepped down), and
the file still says when it was last seen; a lead that holds the lock but has
not beaten for :data:`STALE_AFTER` seconds is not answering (a stopped process).

At no moment do two terminals lead. The lead is the holder of the flock on the
file the path names now, and the file carries an *epoch*: one more at every
taking of the lead. A lead that holds the lock but has stopped (ctrl+z, a
``SIGSTOP``, a hung SSH session whose screen no longer draws) cannot be made to
let go, so a follower may *steal* it once it has not beaten for
:data:`STALE_AFTER` seconds: a new lead file, locked and with the next epoch,
replaces the old one (whose lock the stopped process keeps, on a file nobody
names any more). Every taking of the lead happens under the workshop file's
write lock, and every agenda event the lead writes is checked against the
epoch under that same lock (:meth:`~facilitator.store.db.WorkshopStore.append_events`):
a lead that resumes after it was stolen from writes nothing, and finds out
with :meth:`LeadLock.deposed`.

A second ``facilitator run`` asks the running lead to step down with a
take-over request file; in the app the lead is passed on with the messages of
:mod:`facilitator.store.seats`.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitator.clean import clean_line
from facilitator.i18n.dates import hhmm
from facilitator.live.events import Clock, system_clock
from facilitator.store.files import file_mode, lock_path, open_shared

if os.name == "posix":
    from filelock import Timeout
    from filelock import UnixFileLock as _Lock
else:  # pragma: no cover - the kit targets Linux and macOS terminals
    from filelock import FileLock as _Lock
    from filelock import Timeout

HEARTBEAT = 1.0
"""Seconds between two beats of the lead."""
STALE_AFTER = 5.0
"""A lead that holds the lock but has not beaten for this long is not answering, and may
be taken over (:meth:`LeadLock.try_acquire` with ``steal``). Five missed beats: a loaded
laptop or a slow link delays a beat by a fraction of a second, never five in a row,
while a stopped process or a screen that no longer draws misses them all; and a
trainer takes longer than five seconds to notice and press T anyway."""
WRITE_LOCK_WAIT = 2.0
"""How long taking the lead waits for the workshop file's write lock (a write takes
milliseconds; a lead stopped in the middle of one keeps it until it resumes)."""


class LeadBusy(Exception):
    """The workshop file's write lock is held (by a lead stopped in the middle of a write)."""


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds (or last held) the lead."""

    name: str
    pid: int
    host: str
    since: float
    beat: float = 0.0
    """When it was last known to be there."""
    seat: str = ""
    """The seat (see :mod:`facilitator.store.seats`) of its terminal."""
    to: str = ""
    """Whom it handed the lead to when it let it go (their seat), if anyone."""
    epoch: int = 0
    """One more at every taking of the lead: an event from an older one is refused."""

    def describe(self) -> str:
        when = hhmm(self.since, None)
        return f"{self.name} (process {self.pid} on {self.host}, since {when})"


@dataclass(frozen=True, slots=True)
class LeadState:
    """The lead of a workshop as any terminal sees it."""

    holder: Holder | None
    """Who holds the lead, or who held it last (None: nobody ever did)."""
    live: bool
    """Somebody holds the lock and beats."""
    held: bool
    """Somebody holds the lock (perhaps not beating: a stopped process)."""

    @property
    def since(self) -> float | None:
        """When a lead that is not live was last seen."""
        if self.live or self.holder is None:
            return None
        return self.holder.beat or self.holder.since


def lead_path(workshop: Path) -> Path:
    return workshop.with_name(workshop.name + ".lead")


def takeover_path(workshop: Path) -> Path:
    return workshop.with_name(workshop.name + ".takeover")


def _holder(raw: bytes) -> Holder | None:
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        return None
    if not isinstance(data, dict) or "name" not in data:
        return None
    try:
        return Holder(
            clean_line(str(data["name"])),
            int(data.get("pid", 0)),
            clean_line(str(data.get("host", "?"))),
            float(data.get("since", 0.0)),
            float(data.get("beat", 0.0)),
            clean_line(str(data.get("seat", ""))),
            clean_line(str(data.get("to", ""))),
            int(data.get("epoch", 0)),
        )
    except (ValueError, TypeError):
        return None


def current_holder(workshop: Path) -> Holder | None:
    """Who the lead file names now (the epoch events are checked against), held or not."""
    try:
        fd = os.open(lead_path(workshop), os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        return _holder(os.pread(fd, 4096, 0))
    finally:
        os.close(fd)


class LeadLock:
    """The lead's claim on a workshop (held or not: anyone may look at the lead through it)."""

    def __init__(
        self, workshop: Path, name: str, clock: Clock = system_clock, seat: str = ""
    ) -> None:
        self.workshop = workshop
        self.path = lead_path(workshop)
        self.name = name
        self.clock = clock
        self.seat = seat
        self._fd: int | None = None
        self.epoch = 0
        """The epoch of this terminal's lead (while it holds it)."""
        self._me: dict[str, Any] = {}
        self._guard = threading.Lock()  # the watcher beats while a worker may let go

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self, steal: bool = False) -> bool:
        """Take the lead if nobody (alive) holds it; with ``steal``, also from a lead that
        holds it but has not beaten for :data:`STALE_AFTER` seconds. Raises
        :class:`LeadBusy` when the workshop file's write lock cannot be had."""
        with self._guard:
            return self._acquire(steal)

    def _acquire(self, steal: bool) -> bool:
        if self._fd is not None:
            return True
        found, held = self._read()
        if held and not (steal and self._stale(found)):
            return False  # the common case answered without the write lock
        workshop_lock = _Lock(
            str(lock_path(self.workshop)), timeout=WRITE_LOCK_WAIT, mode=file_mode(self.path.parent)
        )
        try:
            with workshop_lock:  # no event is being written while the epoch moves on
                found, held = self._read()
                if held and not (steal and self._stale(found)):
                    return False
                self._take((found.epoch if found else 0) + 1)
        except Timeout:
            raise LeadBusy(str(lock_path(self.workshop))) from None
        with contextlib.suppress(FileNotFoundError):
            takeover_path(self.workshop).unlink()
        return True

    def _stale(self, found: Holder | None) -> bool:
        return found is not None and self.clock() - found.beat >= STALE_AFTER

    def _take(self, epoch: int) -> None:
        """A new lead file, locked by this process before anyone can see it, in place of the
        old one (whose lock, if a stopped process keeps it, no longer counts)."""
        folder = self.path.parent
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".new", dir=folder)
        try:
            os.fchmod(fd, file_mode(folder))
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            now = self.clock()
            self._me = {
                "name": self.name,
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "since": now,
                "beat": now,
                "seat": self.seat,
                "epoch": epoch,
            }
            self._fd = fd
            self._write(self._me)
            os.replace(tmp, self.path)
        except BaseException:
            self._fd = None
            os.close(fd)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        self.epoch = epoch

    def deposed(self) -> bool:
        """This terminal held the lead, and another took it since (it was not answering)."""
        with self._guard:  # the watcher asks while a worker may let go
            if self._fd is None:
                return False
            try:
                here = os.stat(self.path)
            except FileNotFoundError:
                return False
            mine = os.fstat(self._fd)
            return (here.st_dev, here.st_ino) != (mine.st_dev, mine.st_ino)

    def drop(self) -> None:
        """Let go of a lead taken from this terminal: its lock, nothing written."""
        with self._guard:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    def _write(self, data: dict[str, Any]) -> None:
        assert self._fd is not None
        raw = json.dumps(data).encode()
        os.pwrite(self._fd, raw.ljust(max(len(raw), 512)), 0)  # same length: never half a record

    def beat(self, at: float | None = None) -> None:
        """The lead is still there (its watcher says so every :data:`HEARTBEAT` seconds;
        ``at``: when its screen last answered, if not now)."""
        with self._guard:
            if self._fd is not None:
                self._me["beat"] = self.clock() if at is None else at
                self._me["seat"] = self.seat  # a lock taken before its terminal had a seat
                with contextlib.suppress(OSError):
                    self._write(self._me)

    def _read(self) -> tuple[Holder | None, bool]:
        """Who the file names, and whether its lock is held."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return None, False
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                held = True
            else:
                held = False
                fcntl.flock(fd, fcntl.LOCK_UN)
            return _holder(os.pread(fd, 4096, 0)), held
        finally:
            os.close(fd)

    def holder(self) -> Holder | None:
        """Who holds the lead now, or None when it is free."""
        if self._fd is not None:
            return _holder(json.dumps(self._me).encode())
        found, held = self._read()
        if not held:
            return None
        return found or Holder("someone", 0, "?", self.clock())

    def state(self) -> LeadState:
        """The lead as this terminal sees it now: live, not answering, or gone since when."""
        if self._fd is not None:
            return LeadState(self.holder(), True, True)
        found, held = self._read()
        if held and found is None:
            found = Holder("someone", 0, "?", self.clock(), self.clock())
        live = held and found is not None and self.clock() - found.beat < STALE_AFTER
        return LeadState(found, live, held)

    def request_takeover(self) -> None:
        """Ask the running lead to step down."""
        request = {"name": self.name, "pid": os.getpid(), "at": self.clock()}
        fd = open_shared(takeover_path(self.workshop), os.O_WRONLY | os.O_TRUNC)
        try:
            os.write(fd, json.dumps(request).encode())
        finally:
            os.close(fd)

    def takeover_requested(self) -> str | None:
        """For the running lead: the name of whoever asked to take over."""
        try:
            data = json.loads(takeover_path(self.workshop).read_text() or "{}")
        except FileNotFoundError:
            return None
        except ValueError:
            return "someone"
        return clean_line(str(data.get("name", "someone")))

    def acquire_after_takeover(self, timeout: float = 15.0, poll: float = 0.05) -> bool:
        """Request the lead, then wait until the running lead has stepped down."""
        self.request_takeover()
        if self.acquire_within(timeout, poll):
            return True
        with contextlib.suppress(FileNotFoundError):
            takeover_path(self.workshop).unlink()
        return False

    def acquire_within(self, timeout: float, poll: float = 0.01, steal: bool = False) -> bool:
        """Take the lead as soon as it is free, waiting up to ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while not self.try_acquire(steal):
            if time.monotonic() >= deadline:
                return False
            time.sleep(poll)
        return True

    def release(self, to: str = "") -> None:
        """Let the lead go (to the seat ``to``, who takes it next); the file keeps who
        led, when it was last there, and to whom it handed over."""
        with self._guard:
            if self._fd is None:
                return
            self._me["beat"] = self.clock()
            self._me["to"] = to
            with contextlib.suppress(OSError):
                self._write(self._me)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
