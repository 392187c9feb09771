"""Noticing other terminals: a thread that re-reads the workshop file when it changed,
and the course files when one was edited (:mod:`.reload`).

The file is read and parsed on this thread, never on the one that draws the
screen; what it found is handed over with ``on_change``. The same thread
keeps this terminal's seat and heartbeat and looks at the lead
(:class:`~facilitator.control.rota.Rota`); what is news is handed over with
``on_lead``.

The thread sleeps in the kernel until something happens in the workshop's
folder or its seats folder (inotify: a replace, a heartbeat, a message between
seats), so an idle terminal costs little; the stamp is still looked at every
:data:`SAFETY` seconds (the lead and the seats at least as often: a heartbeat
is due every second). Where inotify is missing (not Linux, no watches left) it
looks every :data:`INTERVAL`.
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from facilitator.control.controller import Changes, Controller
from facilitator.control.reload import INTERVAL as COURSE_INTERVAL
from facilitator.control.reload import CourseWatch
from facilitator.control.rota import News, Rota, Watching
from facilitator.course.catalog import Catalog, CatalogError
from facilitator.store.lead import HEARTBEAT
from facilitator.store.seats import seats_folder

INTERVAL = 0.025
"""Seconds between two looks at the file's stamp (inode, size, mtime), without inotify."""
LEAD_EVERY = 2
"""The lead and this seat's messages are looked at no more often than every this many
:data:`INTERVAL`."""
COURSE_SAFETY = 10.0
"""With inotify on the course's folders: the longest time between two looks at the course
files' stamps all the same (without, every :data:`~.reload.INTERVAL` the thread wakes)."""
SAFETY = HEARTBEAT
"""With inotify: the longest time between two looks at the stamp all the same (and the
heartbeat is due this often)."""
AFTER = 8
"""With inotify: after the workshop file was replaced while this terminal's writes are on
their way, this many more looks every :data:`INTERVAL` (our own writer says a write
landed just after the file was replaced). A replace seen while they are on their way
is looked at one :data:`INTERVAL` later, not at once: most likely it is this terminal's
own key, which its screen shows already (the events are pending). Read at once, the file
would be parsed on this thread while that key's frame is drawn on the other, and the
frame would wait for the screen to be worked out again to the same. Another terminal's
change at that moment waits those 25 ms more. A terminal that writes nothing looks at
once. A
message for this seat or a change of the lead's file is looked at once; the other side
files (locks, temp files, backups, the seats' beats) wake nobody."""


def _mask() -> int:
    """What a replace, a message or an edit does in a folder."""
    from inotify_simple import flags

    return flags.MOVED_TO | flags.CLOSE_WRITE | flags.CREATE | flags.DELETE


def _inotify(*folders: str) -> Any:
    """An inotify watch on ``folders`` for what a replace or a message does; None without."""
    try:
        from inotify_simple import INotify
    except ImportError:  # pragma: no cover - not on Linux
        return None
    try:
        notify = INotify()
    except OSError:  # pragma: no cover - no inotify in this kernel
        return None
    try:
        for folder in folders:
            if os.path.isdir(folder):
                notify.add_watch(folder, _mask())
    except OSError:  # no watches left, a file system without inotify
        notify.close()
        return None
    return notify


def _watch_folders(notify: Any, folders: set[str]) -> set[int] | None:
    """Watch the course's ``folders`` too (a file moved out of one counts: a module renamed
    or moved away is missing); their watches, or None when one cannot be watched (a folder
    missing, no watches left)."""
    from inotify_simple import flags

    found = set()
    for folder in sorted(folders):
        try:
            found.add(notify.add_watch(folder, _mask() | flags.MOVED_FROM))
        except OSError:
            return None
    return found


class Watcher:
    """Looks at the workshop file when its folder changed (or every :data:`INTERVAL`
    seconds where inotify is missing), on its own thread."""

    def __init__(
        self,
        controller: Controller,
        on_change: Callable[[Changes], None],
        on_lead: Callable[[News], None],
        rota: Rota | Watching | None = None,
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
        self.on_lead = on_lead
        self.rota = rota
        self.interval = interval
        self._course_watches: set[int] | None = None
        """The inotify watches on the course's folders (None: not watched, looked at)."""
        self._course_news = False
        """One of the course's folders changed since its files were last looked at."""
        self._notify: Any = None
        """The inotify object while the thread waits on it."""
        self._stop = threading.Event()
        self.watching = threading.Event()
        """Set once the thread is watching: a change from then on is seen."""
        self._wake_r, self._wake_w = os.pipe()  # stop() wakes a thread asleep in select
        self._thread = threading.Thread(target=self._run, name="facilitator-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"x")
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        if not self._thread.is_alive() and self._wake_w != -1:
            os.close(self._wake_r)
            os.close(self._wake_w)
            self._wake_r = self._wake_w = -1

    def _waiting(self) -> Iterator[None]:
        """Yields each time the file should be looked at, until stopped."""
        path = self.controller.store.path
        notify = self._notify = _inotify(str(path.parent), str(seats_folder(path)))
        self.watching.set()
        try:
            if notify is None:
                while not self._stop.wait(self.interval):
                    yield
                return
            self._watch_course(notify)
            soon = 0
            later: float | None = None  # this terminal's own replace, looked at then
            due = time.monotonic() + SAFETY  # the next look all the same
            while not self._stop.is_set():
                now = time.monotonic()
                wait = INTERVAL if soon else max(0.0, due - now)
                if later is not None:
                    wait = max(0.0, min(wait, later - now))
                ready, _, _ = select.select([notify, self._wake_r], [], [], wait)
                if self._stop.is_set():
                    return
                found = notify.read(timeout=0) if notify in ready else []
                course = self._course_watches or set()
                if any(e.wd in course for e in found):
                    self._course_news = True
                names = {e.name for e in found if e.wd not in course}
                if path.name in names:  # the file replaced (by us or another terminal)
                    if self._writing():
                        soon = AFTER
                        if later is None:  # most likely our own key's: see AFTER
                            later = time.monotonic() + INTERVAL
                    else:
                        soon, later = 0, None
                elif self._course_news:
                    pass  # a course file edited: looked at now
                elif names and not any(map(self._news, names)) and time.monotonic() < due:
                    continue  # a lock, a temp file, a seat's beat: nothing to look at yet
                else:
                    soon = max(0, soon - 1)
                if later is not None:
                    if time.monotonic() < later:
                        continue
                    later = None
                due = time.monotonic() + SAFETY
                yield
        finally:
            self._notify = None
            if notify is not None:
                notify.close()

    def _watch_course(self, notify: Any) -> None:
        """The course's files are looked at when inotify says their folders changed (and
        every :data:`COURSE_SAFETY` seconds), if every folder can be watched."""
        if self.course is not None:
            folders = {str(p.parent) for p in self.course.files}
            path = self.controller.store.path
            if folders & {str(path.parent), str(seats_folder(path))}:
                self._course_watches = None  # one watch for both: looked at every wake
                return
            self._course_watches = _watch_folders(notify, folders)

    def _writing(self) -> bool:
        """Writes of this terminal are on their way (its writer says when one landed)."""
        settled = getattr(self.controller, "settled", None)
        return settled is None or not settled()

    def _news(self, name: str) -> bool:
        """A change to ``name`` (in the workshop's folder or its seats folder) may be news
        to this terminal: the lead's file or a take-over asked, a message for this seat.
        Not a lock, a temp file, a backup, nor a seat's beat (the lead and the seats are
        looked at every :data:`SAFETY` seconds all the same)."""
        if name.startswith(".") or name.endswith((".lock", ".tmp", ".new", ".bak")):
            return False
        workshop = self.controller.store.path.name
        if name in (f"{workshop}.lead", f"{workshop}.takeover"):
            return True
        seat = self.rota.seat if self.rota is not None else None
        return seat is not None and name.startswith(f"{seat}.") and name.endswith(".msg")

    def _run(self) -> None:
        seen = self.controller.snapshot.stamp
        polled = course_checked = 0.0
        for _ in self._waiting():
            now = time.monotonic()
            if self.rota is not None and now - polled >= LEAD_EVERY * INTERVAL:
                polled = now
                try:
                    for news in self.rota.poll():
                        self.on_lead(news)
                except OSError:  # a side file caught being replaced, a full disk: next time
                    pass
            every = COURSE_INTERVAL if self._course_watches is None else COURSE_SAFETY
            due = self._course_news or now - course_checked >= every
            if self.course is not None and self.on_course is not None and due:
                course_checked, self._course_news = now, False
                watched = {str(p.parent) for p in self.course.files}
                reloaded = self.course.check()
                if reloaded is not None:
                    self.on_course(reloaded)
                moved = {str(p.parent) for p in self.course.files} != watched
                if moved and self._course_watches is not None and self._notify is not None:
                    self._watch_course(self._notify)  # a file in a folder not watched yet
            try:
                changes = self.controller.read_changes(since=seen)
            except Exception:  # a file caught being replaced, or gone for a moment: next time
                continue
            if changes is not None:
                seen = changes.snapshot.stamp
                self.on_change(changes)
