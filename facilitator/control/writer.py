"""The one thread that writes a terminal's changes to the workshop file, in order.

A key press never waits for a disk: the controller queues the write and goes on.
Typing is coalesced: a field's writes wait for a short quiet time.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class WriteFailed:
    """A write that could not be made; the UI says so.

    ``undone``: an agenda change, taken back on screen so the screen and the file agree.
    Otherwise a record (a note, an action, an answer...), kept and tried again.
    """

    what: str
    error: str
    undone: bool = False


class NotWritten(Exception):
    """An agenda change not written because one before it could not be."""


HEAD_START_SECONDS = 0.010
"""How long a key waits for its write to land before the screen is drawn: the thread
that draws would otherwise hold the interpreter while the writer reads, changes and
serialises the file. A slow disk does not hold the key longer: the fsync itself runs
without the interpreter, alongside the drawing."""

HOLD_SECONDS = 0.015
"""How long a write waits at most for the frame of the key that asked for it, when no
other terminal waits for the file (:meth:`Writer.submit`'s ``after_frame``): its work
would hold the interpreter while that frame is drawn."""

RETRY_SECONDS = 5.0
"""How often records that could not be saved are tried again."""


QUIET_SECONDS = 0.3
"""Typing is written once the keys have been quiet this long ..."""
LONGEST_SECONDS = 0.4
"""... and at least this often while the typing goes on: what a kill -9 can lose."""

_STOP = object()
_FLUSH = "flush"
_NOW = "now"
_LATER = "later"
_DUE = "due"


class Writer:
    """A single thread that applies store writes in the order they were asked.

    ``submit`` writes at once. ``submit_later`` is for typing: a job under the
    same key replaces the one waiting, and runs once the key has been quiet
    for ``quiet`` seconds, or ``longest`` seconds after its first change,
    whichever comes first; ``due`` runs it now (the user left the field).
    """

    def __init__(
        self,
        on_done: Callable[[str, Exception | None], None],
        quiet: float = QUIET_SECONDS,
        longest: float = LONGEST_SECONDS,
    ) -> None:
        self._queue: queue.Queue[Any] = queue.Queue()
        self._on_done = on_done
        self.quiet = quiet
        self.longest = longest
        # key -> (token, job, run at, first asked at), monotonic seconds
        self._later: dict[Hashable, tuple[str, Callable[[], None], float, float]] = {}
        self._drawn = threading.Event()
        self._thread = threading.Thread(target=self._run, name="facilitator-writer", daemon=True)
        self._thread.start()

    def submit(
        self,
        token: str,
        job: Callable[[], None],
        head_start: float = 0.0,
        after_frame: float = 0.0,
    ) -> bool:
        """Write ``job`` next; with a ``head_start``, wait that long at most for it to land
        (True if it did); with ``after_frame``, the write waits for :meth:`drawn` (the
        screen's next frame is out), that long at most. A write that fails is reported
        to ``on_done`` all the same."""
        if after_frame > 0:
            self._drawn.clear()  # a frame drawn before this key is not its frame
            self._queue.put((_NOW, token, job, None, time.monotonic() + after_frame))
            return False
        if head_start <= 0:
            self._queue.put((_NOW, token, job, None, 0.0))
            return False
        landed = threading.Event()
        self._queue.put((_NOW, token, job, landed, 0.0))
        return landed.wait(head_start)

    def drawn(self) -> None:
        """The screen sent a frame to the terminal: a write waiting for it goes now."""
        self._drawn.set()

    def submit_later(self, key: Hashable, token: str, job: Callable[[], None]) -> None:
        self._queue.put((_LATER, key, token, job, time.monotonic()))

    def due(self, key: Hashable) -> None:
        """Run the job waiting under ``key`` now, if there is one."""
        self._queue.put((_DUE, key))

    def _apply(self, token: str, job: Callable[[], None]) -> None:
        error: Exception | None = None
        try:
            job()
        except Exception as exc:  # reported to the UI, never lost silently
            error = exc
        self._on_done(token, error)

    def _run_later(self, key: Hashable) -> None:
        waiting = self._later.pop(key, None)
        if waiting is not None:
            self._apply(waiting[0], waiting[1])

    def _run(self) -> None:
        while True:
            timeout = None
            if self._later:
                timeout = max(0.0, min(w[2] for w in self._later.values()) - time.monotonic())
            try:
                item = self._queue.get(timeout=timeout)
            except queue.Empty:
                item = None
            if item is _STOP:
                for key in list(self._later):
                    self._run_later(key)
                return
            if item is not None:
                kind = item[0]
                if kind == _NOW:
                    if item[4]:  # after the frame: the key's, or at most until then
                        self._drawn.wait(max(0.0, item[4] - time.monotonic()))
                    self._apply(item[1], item[2])
                    if item[3] is not None:
                        item[3].set()
                elif kind == _LATER:
                    _, key, token, job, asked = item
                    first = self._later[key][3] if key in self._later else asked
                    self._later[key] = (
                        token,
                        job,
                        min(asked + self.quiet, first + self.longest),
                        first,
                    )
                elif kind == _DUE:
                    self._run_later(item[1])
                elif kind == _FLUSH:
                    for key in list(self._later):
                        self._run_later(key)
                    item[1].set()
            now = time.monotonic()
            for key in [k for k, w in self._later.items() if w[2] <= now]:
                self._run_later(key)

    def flush(self, timeout: float = 30.0) -> bool:
        """Write everything asked so far, typing included, and wait until it has landed."""
        if not self._thread.is_alive():
            return True  # closed: everything was written when it closed
        done = threading.Event()
        self._queue.put((_FLUSH, done))
        return done.wait(timeout)

    def close(self) -> None:
        self.flush()
        self._queue.put(_STOP)
        self._thread.join(timeout=5)
