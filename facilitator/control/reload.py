"""Course files edited while a workshop runs: the programme loaded again, or why not.

No Textual here. The watcher thread (:mod:`.watch`) asks :meth:`CourseWatch.check`
a few times a second; when a file the programme is made of (its own, its modules
and their translations, its banks) changed on disk, the programme is loaded
again on that thread, reading only the files it is made of (as the app did at
start: a tenth of the course, 25 ms rather than 450 on 2 busy cores). A good
load is handed to the screen, which puts it in with
:meth:`facilitator.control.controller.Controller.use_catalog` at the same slide
(or the nearest); a broken file hands over its problems (file:line), and the
last good version stays on screen.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from facilitator.course.catalog import Catalog, CatalogError, Problem, load_one

INTERVAL = 0.2
"""Seconds between two looks at the course files' stamps."""

Stamps = tuple[tuple[str, int, int], ...]


class CourseWatch:
    """The files one programme is made of, and whether they changed since last asked."""

    def __init__(self, catalog: Catalog, programme_id: str) -> None:
        self.roots = catalog.roots or (catalog.root,)
        self.programme_id = programme_id
        self.files = catalog.programme(programme_id).files()
        self.stamps = self._stamps(catalog.read_ns)
        self.broken: Stamps | None = None
        """The stamps of a broken load, so that it is said once, not at every look."""

    def _stamps(self, read_ns: int = 0) -> Stamps:
        """Each file's size and time; a file saved after ``read_ns`` (while the course was
        read, or since, before this watch began) is marked so that the next look reads
        it again."""
        found, now = [], time.time_ns()
        for path in self.files:
            try:
                st = os.stat(path)
            except OSError:
                found.append((str(path), -1, -1))
            else:
                if read_ns and read_ns < st.st_mtime_ns <= now:  # not a clock ahead of ours
                    found.append((str(path), -2, -2))  # newer than what was read
                else:
                    found.append((str(path), st.st_size, st.st_mtime_ns))
        return tuple(found)

    def check(self) -> Catalog | CatalogError | None:
        """None when nothing changed; else the catalog loaded again, or its problems."""
        stamps = self._stamps()
        if stamps == self.stamps or stamps == self.broken:
            return None
        try:
            catalog, _ = load_one(self.roots, self.programme_id)  # its files only
        except CatalogError as exc:
            self.broken = stamps
            return exc
        except (KeyError, OSError) as exc:  # the programme file gone, a folder moved
            self.broken = stamps
            where = str(self.files[0] if self.files else Path("."))
            return CatalogError([Problem(where, 1, str(exc.args[0] if exc.args else exc))])
        self.files = catalog.programme(self.programme_id).files()
        self.stamps, self.broken = self._stamps(catalog.read_ns), None
        return catalog
