"""Python's full collections, moved to where nobody waits for them.

A terminal that follows a week's workshop parses the changed tables of the file at
every change: tens of thousands of new objects, which Python's collector counts
toward a full collection (every object the program holds, looked at). One came
every few changes and held the interpreter for 50 to 100 ms, whichever thread it
fell on: the screen could not move (``benchmarks/bigfile.py``). The young
collections stay as Python runs them; the full one runs here, on the clock's tick,
once keys and changes have been quiet for :data:`QUIET_SECONDS`, at most every
:data:`EVERY_SECONDS`, and at the latest after :data:`LATEST_SECONDS` of work without
a pause.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

QUIET_SECONDS = 2.0
"""No key and no change for this long: a full collection bothers nobody."""
EVERY_SECONDS = 60.0
"""The least time between two full collections."""
LATEST_SECONDS = 600.0
"""The most time between two full collections, quiet or not."""
NEVER = 1 << 30
"""A threshold the oldest generation's count never reaches: Python starts no full
collection of its own."""


class Collector:
    """Runs the full collections at quiet moments (see the module)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.busy_at = self.full_at = clock()
        self._thresholds: tuple[int, int, int] | None = None

    def start(self) -> None:
        """From now on, Python runs no full collection itself."""
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
            young, middle, _ = self._thresholds
            gc.set_threshold(young, middle, NEVER)

    def stop(self) -> None:
        """Python's own thresholds again."""
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    def busy(self) -> None:
        """A key or a change: someone waits for the screen."""
        self.busy_at = self.clock()

    def tick(self) -> bool:
        """A full collection if now is the time for one; True if it ran."""
        if self._thresholds is None:
            return False
        now = self.clock()
        since = now - self.full_at
        quiet = now - self.busy_at >= QUIET_SECONDS
        if not (quiet and since >= EVERY_SECONDS) and since < LATEST_SECONDS:
            return False
        gc.collect()
        self.full_at = self.clock()
        return True
