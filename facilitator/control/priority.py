"""On the laptop they share, the terminals that follow give way to the one that leads.

The co-trainers' and the clerk's terminals run on the lead's machine (beside it or
over SSH: they share its workshop file). Each of them is woken as the lead's writer
closes its temp file and again when the file is replaced, and then every one reads
the file and draws at the same moment: on two cores, ten followers held back the
lead's writer and its frame (``benchmarks/sync.py --followers 10``, load 1.4: file
replaced p95 17.7 ms after the key, the lead's own screen 36.4 ms). A terminal that
follows lowers its priority a little, so that the lead runs first when both want a
CPU: file replaced p95 6.1 ms, the lead's screen 29.8 ms, the followers' screens no
later (p95 39.4 -> 36.1 ms). A little: at nice 10 they also gave way to everything
else on a loaded machine, and came later (p95 55 -> 101 ms at load 3.2).

Linux schedules the terminals' sessions against each other (autogroups: each SSH
login or terminal window is one), so a process's own nice value counts only within
its session: the session's nice value (``/proc/self/autogroup``) is what makes a
follower give way to another session's lead. Both are raised. The session's value
can be set back without privileges, and is, when the terminal takes the lead and
when it quits (the shell the follower ran from is in that session); the process's
own value cannot, and stays (a follower that took the lead then runs as niced as
the terminals that follow it: as before, no worse). Where neither can be changed,
nothing happens.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FOLLOWER_NICE = 4
"""How far a terminal that follows lowers its priority (0 is the default, 19 the least)."""

AUTOGROUP = Path("/proc/self/autogroup")


def _session_nice(path: Path) -> int | None:
    """The session's nice value (``/autogroup-25 nice 0``), or None where there is none."""
    try:
        text = path.read_text()
    except OSError:
        return None
    parts = text.split()
    if len(parts) == 3 and parts[1] == "nice":
        with contextlib.suppress(ValueError):
            return int(parts[2])
    return None


def _set_session_nice(path: Path, nice: int) -> bool:
    try:
        path.write_text(f"{nice}\n")
    except OSError:
        return False
    return True


class Priority:
    """This process's and its session's priority, as its role wants it."""

    def __init__(self, autogroup: Path = AUTOGROUP, process: bool = True) -> None:
        """``process``: the process's own nice value too (not in a test's own process)."""
        self.autogroup = autogroup
        self.process = process
        self._process_before: int | None = None  # what was changed, and what it was
        self._session_before: int | None = None

    @property
    def giving_way(self) -> bool:
        """This terminal lowered its priority (or its session's)."""
        return self._process_before is not None or self._session_before is not None

    def follow(self) -> None:
        """Give way to the lead: nice values raised to :data:`FOLLOWER_NICE`, never lowered
        (a terminal started with ``nice -n 15`` stays there)."""
        with contextlib.suppress(OSError):
            now = os.getpriority(os.PRIO_PROCESS, 0) if self.process else FOLLOWER_NICE
            if now < FOLLOWER_NICE and self._process_before is None:
                os.setpriority(os.PRIO_PROCESS, 0, FOLLOWER_NICE)
                self._process_before = now
        session = _session_nice(self.autogroup) if self._session_before is None else None
        lower = session is not None and session < FOLLOWER_NICE
        if lower and _set_session_nice(self.autogroup, FOLLOWER_NICE):
            self._session_before = session

    def lead(self) -> None:
        """This terminal leads: its session's priority as it was, and the process's where
        the system allows it (unprivileged, it does not: the value stays)."""
        self.close()
        if self._process_before is not None:
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, 0, self._process_before)
                self._process_before = None

    def close(self) -> None:
        """The session's priority as it was (the shell the follower ran from is in it)."""
        if self._session_before is not None:
            _set_session_nice(self.autogroup, self._session_before)
            self._session_before = None
