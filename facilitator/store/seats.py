"""The terminals open on a workshop (its seats), and the messages that pass the lead.

Each terminal has a seat: a small file ``<name>.json.seats/<seat>.json`` that
says who sits there (name, role, process, host) and when it was last there;
its watcher beats it every :data:`~facilitator.store.lead.HEARTBEAT` seconds,
so a seat that stopped beating (or whose process is gone) is no longer live.
A beat only sets the file's modification time (``os.utime`` to the clock's
time): the file is written again only when what it says changes, so a beat
wakes no other terminal's watcher (inotify reports no attribute change to it).

Messages between seats (ask for the lead, give it, decline) are files of
their own, ``<seat>.<id>.msg`` in the same folder, one per message: none
overwrites another, and the seat they are for reads and removes them.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from facilitator.clean import clean_line
from facilitator.live.events import Clock, system_clock
from facilitator.store.files import make_folder, write_atomic
from facilitator.store.lead import STALE_AFTER

FORGET_AFTER = 3600.0
"""A seat that has not beaten for this long is taken out of the folder."""
SETTLED = 1.0
"""Seconds after its last change from which a folder's modification time is trusted to
move at the next change (it moves in ticks of the kernel's clock, milliseconds)."""
KINDS = ("ask", "give", "decline")
"""``ask``: a follower asks the lead for the lead; ``give``: the lead gives it (the
one it is for takes it); ``decline``: the lead keeps it."""


@dataclass(frozen=True, slots=True)
class Peer:
    """Who sits at a seat."""

    seat: str
    name: str
    role: str
    pid: int
    host: str
    beat: float


@dataclass(frozen=True, slots=True)
class Message:
    """One message from a seat to another."""

    id: str
    kind: str
    seat: str
    """The seat it comes from."""
    name: str
    """The name of who sent it."""
    to: str
    at: float


def seats_folder(workshop: Path) -> Path:
    return workshop.with_name(workshop.name + ".seats")


def new_seat() -> str:
    return uuid.uuid4().hex[:12]


def _alive(pid: int, host: str) -> bool:
    """False only when the process is known to be gone (it ran on this host)."""
    if host != socket.gethostname() or pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Seats:
    """The seats of one workshop, and the messages between them."""

    def __init__(self, workshop: Path, clock: Clock = system_clock) -> None:
        self.folder = seats_folder(workshop)
        self.clock = clock
        self._sat: tuple[str, str, str] | None = None
        """What this process last wrote to its seat file: a beat need not write it again."""
        self._empty: tuple[str, int, int] | None = None
        """A seat, and the folder (inode, modification time) when it was last found to
        hold no message for it and had not changed for :data:`SETTLED` seconds."""

    def sit(self, seat: str, name: str, role: str) -> None:
        """Say that ``name`` sits at ``seat`` now (again every heartbeat)."""
        path = self.folder / f"{seat}.json"
        now = self.clock()
        if self._sat == (seat, name, role):
            try:
                os.utime(path, (now, now))
                return
            except FileNotFoundError:  # taken out (a clean-up, a terminal that left): sit again
                pass
        make_folder(self.folder)
        me = Peer(seat, name, role, os.getpid(), socket.gethostname(), now)
        write_atomic(path, json.dumps(asdict(me)).encode(), durable=False, staged=True)
        os.utime(path, (now, now))
        self._sat = (seat, name, role)

    def leave(self, seat: str) -> None:
        self._sat = None
        with contextlib.suppress(FileNotFoundError):
            (self.folder / f"{seat}.json").unlink()
        for left in self.folder.glob(f"{seat}.*.msg"):
            with contextlib.suppress(FileNotFoundError):
                left.unlink()

    def live(self) -> list[Peer]:
        """Every seat whose terminal is there now, in the order they sat down."""
        found: list[Peer] = []
        now = self.clock()
        for path in sorted(self.folder.glob("*.json")):
            try:
                with path.open("rb") as handle:
                    data = json.loads(handle.read())
                    beat = os.fstat(handle.fileno()).st_mtime  # the last beat (see above)
                peer = Peer(
                    clean_line(str(data["seat"])),
                    clean_line(str(data["name"])),
                    clean_line(str(data["role"])),
                    int(data["pid"]),
                    clean_line(str(data["host"])),
                    max(float(data["beat"]), beat),
                )
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if now - peer.beat < STALE_AFTER and _alive(peer.pid, peer.host):
                found.append(peer)
            elif now - peer.beat > FORGET_AFTER:  # a terminal that died long ago
                with contextlib.suppress(OSError):
                    path.unlink()
        return found

    def send(self, kind: str, to: str, seat: str, name: str) -> Message:
        """Leave a message for the seat ``to``."""
        if kind not in KINDS:
            raise ValueError(f"unknown message {kind!r}")
        make_folder(self.folder)
        message = Message(uuid.uuid4().hex[:12], kind, seat, name, to, self.clock())
        raw = json.dumps(asdict(message)).encode()
        path = self.folder / f"{to}.{message.id}.msg"
        write_atomic(path, raw, durable=False, staged=True)  # no fsync: ms
        return message

    def take(self, seat: str) -> list[Message]:
        """The messages for ``seat``, oldest first; they are gone from the folder after.

        The folder is listed only when it changed since it last held none (a message
        comes in by a rename into it, which sets its modification time; a beat does not)."""
        try:
            st = os.stat(self.folder)
        except FileNotFoundError:
            return []
        stamp = (seat, st.st_ino, st.st_mtime_ns)
        if stamp == self._empty:
            return []
        # trusted only once settled: a message landing within the same tick of the file
        # system's clock as the change before it would leave the time as it was
        settled = time.time() - st.st_mtime >= SETTLED
        found: list[Message] = []
        for path in self.folder.glob(f"{seat}.*.msg"):
            try:
                data = json.loads(path.read_bytes())
                path.unlink()
                message = Message(
                    clean_line(str(data["id"])),
                    clean_line(str(data["kind"])),
                    clean_line(str(data["seat"])),
                    clean_line(str(data["name"])),
                    seat,
                    float(data["at"]),
                )
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if message.kind in KINDS:
                found.append(message)
        self._empty = stamp if settled and not found else None
        return sorted(found, key=lambda m: m.at)
