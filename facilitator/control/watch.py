"""Noticing other terminals: a thread that re-reads the workshop file when it changed,
and the course files when one was edited (:mod:`.reload`).

The file is read and parsed on this thread, never on the one that draws the
screen; what it found is handed over with ``on_change``. The same thread
notices a request to take over the lead (``on_takeover``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from facilitator.control.controller import Changes, Controller
from facilitator.control.reload import INTERVAL as COURSE_INTERVAL
from facilitator.control.reload import CourseWatch
from facilitator.course.catalog import Catalog, CatalogError
from facilitator.store.lead import LeadLock

INTERVAL = 0.025
"""Seconds between two looks at the file's stamp (inode, size, mtime)."""


class Watcher:
    """Looks at the workshop file every :data:`INTERVAL` seconds, on its own thread."""

    def __init__(
        self,
        controller: Controller,
        on_change: Callable[[Changes], None],
        on_takeover: Callable[[str], None],
        lead_lock: LeadLock | None = None,
        interval: float = INTERVAL,
        on_course: Callable[[Catalog | CatalogError], None] | None = None,
    ) -> None:
        self.controller = controller
        self.on_course = on_course
        """Handed the course loaded again when one of its files changed (or its problems)."""
        self.course = (
            CourseWatch(controller.catalog, controller.workshop.programme_id) if on_course else None
        )
        self.on_change = on_change
        self.on_takeover = on_takeover
        self.lead_lock = lead_lock
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="facilitator-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        asked = False
        seen = self.controller.snapshot.stamp
        looks = 0
        every = max(1, round(COURSE_INTERVAL / self.interval))
        while not self._stop.wait(self.interval):
            looks += 1
            if self.course is not None and self.on_course is not None and looks % every == 0:
                reloaded = self.course.check()
                if reloaded is not None:
                    self.on_course(reloaded)
            try:
                changes = self.controller.read_changes(since=seen)
            except Exception:  # a file caught being replaced, or gone for a moment: next time
                continue
            if changes is not None:
                seen = changes.snapshot.stamp
                self.on_change(changes)
            lock = self.lead_lock
            if lock is not None and lock.held and not asked:
                who = lock.takeover_requested()
                if who is not None:
                    asked = True
                    self.on_takeover(who)
