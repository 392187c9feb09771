"""Noticing other terminals: a thread that re-reads the workshop file when it changed.

The file is read and parsed on this thread, never on the one that draws the
screen; what it found is handed over with ``on_change``. The same thread
keeps this terminal's seat and heartbeat and looks at the lead
(:class:`~facilitator.control.rota.Rota`); what is news is handed over with
``on_lead``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from facilitator.control.controller import Changes, Controller
from facilitator.control.rota import News, Rota

INTERVAL = 0.025
"""Seconds between two looks at the file's stamp (inode, size, mtime)."""
LEAD_EVERY = 2
"""The lead and this seat's messages are looked at every this many looks at the file."""


class Watcher:
    """Looks at the workshop file every :data:`INTERVAL` seconds, on its own thread."""

    def __init__(
        self,
        controller: Controller,
        on_change: Callable[[Changes], None],
        on_lead: Callable[[News], None],
        rota: Rota | None = None,
        interval: float = INTERVAL,
    ) -> None:
        self.controller = controller
        self.on_change = on_change
        self.on_lead = on_lead
        self.rota = rota
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
        seen = self.controller.snapshot.stamp
        looks = 0
        while not self._stop.wait(self.interval):
            looks += 1
            if self.rota is not None and looks % LEAD_EVERY == 0:
                try:
                    for news in self.rota.poll():
                        self.on_lead(news)
                except OSError:  # a side file caught being replaced, a full disk: next time
                    pass
            try:
                changes = self.controller.read_changes(since=seen)
            except Exception:  # a file caught being replaced, or gone for a moment: next time
                continue
            if changes is not None:
                seen = changes.snapshot.stamp
                self.on_change(changes)
