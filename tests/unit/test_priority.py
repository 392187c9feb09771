"""A terminal that follows gives way to the lead: its priority and its session's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from facilitator.control.priority import FOLLOWER_NICE, Priority


class Autogroup:
    """``/proc/self/autogroup`` as the kernel answers it: a nice value read and written."""

    def __init__(self, nice: int) -> None:
        self.nice = nice
        self.writes: list[int] = []

    def read_text(self) -> str:
        return f"/autogroup-7 nice {self.nice}\n"

    def write_text(self, text: str) -> int:
        self.nice = int(text)
        self.writes.append(self.nice)
        return len(text)


def test_a_follower_lowers_its_session_and_the_lead_or_the_end_sets_it_back() -> None:
    group = Autogroup(0)
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    priority = Priority(group, process=False)  # type: ignore[arg-type]
    priority.follow()
    assert group.nice == FOLLOWER_NICE and priority.giving_way
    assert os.getpriority(os.PRIO_PROCESS, 0) == mine  # process=False: this one left alone
    priority.follow()  # again: nothing more
    assert group.writes == [FOLLOWER_NICE]
    priority.lead()
    assert group.nice == 0
    priority.follow()
    priority.close()
    assert group.writes == [FOLLOWER_NICE, 0, FOLLOWER_NICE, 0]


def test_a_session_already_lower_is_left_as_it_is() -> None:
    group = Autogroup(15)  # someone ran it under nice already
    priority = Priority(group, process=False)  # type: ignore[arg-type]
    priority.follow()
    priority.close()
    assert group.writes == []


def test_without_autogroups_nothing_is_written(tmp_path: Path) -> None:
    priority = Priority(tmp_path / "no-such-file", process=False)
    priority.follow()
    priority.close()
    assert not (tmp_path / "no-such-file").exists()


def test_the_process_itself_is_niced_and_never_raised_by_following() -> None:
    """In a process of its own: a follower's nice value is FOLLOWER_NICE; one started
    lower (nice 15) keeps 15."""
    code = (
        "import os, sys\n"
        "from facilitator.control.priority import Priority\n"
        "os.setpriority(os.PRIO_PROCESS, 0, int(sys.argv[1]))\n"
        "p = Priority(autogroup=__import__('pathlib').Path('/nonexistent'))\n"
        "p.follow()\n"
        "print(os.getpriority(os.PRIO_PROCESS, 0))\n"
    )
    for start, expected in ((0, FOLLOWER_NICE), (15, 15)):
        out = subprocess.run(
            [sys.executable, "-c", code, str(start)], capture_output=True, text=True, check=True
        )
        assert int(out.stdout) == expected
