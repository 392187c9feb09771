"""One lead per workshop: a lock the kernel frees when the lead's process dies.

The lead holds an exclusive ``flock`` on ``<name>.json.lead`` for as long as it
runs, and writes who it is into the file. A second lead finds the lock taken,
reads who holds it, and may ask to take over: it drops a request file that
the running lead notices (its app polls it) and answers by stepping down to
follow mode, which releases the lock. A lead that died holds nothing.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from facilitator.clean import clean_line
from facilitator.i18n.dates import hhmm
from facilitator.store.files import open_shared


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds the lead."""

    name: str
    pid: int
    host: str
    since: float

    def describe(self) -> str:
        when = hhmm(self.since, None)
        return f"{self.name} (process {self.pid} on {self.host}, since {when})"


def lead_path(workshop: Path) -> Path:
    return workshop.with_name(workshop.name + ".lead")


def takeover_path(workshop: Path) -> Path:
    return workshop.with_name(workshop.name + ".takeover")


class LeadLock:
    """The lead's claim on a workshop."""

    def __init__(self, workshop: Path, name: str) -> None:
        self.workshop = workshop
        self.path = lead_path(workshop)
        self.name = name
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self) -> bool:
        """Take the lead if nobody (alive) holds it."""
        if self._fd is not None:
            return True
        fd = open_shared(self.path, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        me = {
            "name": self.name,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": time.time(),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(me).encode(), 0)
        os.fsync(fd)
        self._fd = fd
        with contextlib.suppress(FileNotFoundError):
            takeover_path(self.workshop).unlink()
        return True

    def holder(self) -> Holder | None:
        """Who holds the lead now, or None when it is free."""
        if self._fd is not None:
            return Holder(self.name, os.getpid(), socket.gethostname(), time.time())
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return None
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                raw = os.pread(fd, 4096, 0)
                try:
                    data = json.loads(raw or b"{}")
                    return Holder(
                        clean_line(str(data["name"])),
                        int(data["pid"]),
                        clean_line(str(data["host"])),
                        float(data["since"]),
                    )
                except (ValueError, KeyError, TypeError):
                    return Holder("someone", 0, "?", time.time())
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        finally:
            os.close(fd)

    def request_takeover(self) -> None:
        """Ask the running lead to step down."""
        request = {"name": self.name, "pid": os.getpid(), "at": time.time()}
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
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.try_acquire():
                return True
            time.sleep(poll)
        with contextlib.suppress(FileNotFoundError):
            takeover_path(self.workshop).unlink()
        return False

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None
