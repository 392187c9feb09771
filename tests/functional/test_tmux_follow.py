"""A lead and followers in real terminals: the followers move when the lead moves."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from facilitator.control.priority import FOLLOWER_NICE
from tests.e2e_tmux import BIN, Tmux, needs_tmux


@pytest.fixture()
def tmux(tmp_path: Path, root: Path):
    session = Tmux({"FACILITATOR_DATA": str(tmp_path / "data")})
    command = [str(BIN), "new", "-p", "demo", "-n", "Shared", "--start", "2026-12-07"]
    import subprocess

    subprocess.run(command, cwd=root, env=session.env, check=True, capture_output=True)
    yield session
    session.close()


@needs_tmux
def test_follower_pane_shows_the_leads_new_session(tmux: Tmux, root: Path) -> None:
    lead = tmux.start(f"cd {root} && {BIN} run shared --as Lead", width=200, height=45)
    tmux.wait_for(lead, "LEAD")
    follower = tmux.split(f"cd {root} && {BIN} follow shared --as Co")
    tmux.wait_for(follower, "FOLLOW")
    tmux.keys(lead, "Space")
    tmux.keys(lead, "n")
    tmux.wait_for(lead, "chain of custody · slide 1")
    tmux.wait_for(follower, "Evidence and chain of custody", "following the lead")
    tmux.keys(follower, "n")  # a follower cannot move the agenda
    tmux.keys(lead, "Right")
    tmux.wait_for(follower, "slide 2 of")
    tmux.wait_for(lead, "chain of custody · slide 2 of")


@needs_tmux
def test_a_lead_and_five_followers_on_one_workshop(tmux: Tmux, root: Path) -> None:
    lead = tmux.start(f"cd {root} && {BIN} run shared", width=100, height=30)
    tmux.wait_for(lead, "LEAD")
    followers = []
    for n in range(5):
        tmux.run("new-window", "-t", "main", f"cd {root} && {BIN} follow shared --as F{n}")
        followers.append(f"main:{n + 1}.0")
    for pane in followers:
        tmux.wait_for(pane, "FOLLOW")
    tmux.keys(lead, "Space")
    for _ in range(3):
        tmux.keys(lead, "n")
    tmux.wait_for(lead, "Question 1 of 3")
    for pane in followers:
        tmux.wait_for(pane, "Question 1 of 3")


def _nice(pid: int) -> int:
    """A process's nice value, as the kernel holds it (field 19 of /proc/PID/stat)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat[stat.rindex(")") + 2 :].split()[16])


def _session_nice(pid: int) -> int | None:
    """The nice value of the process's session (its autogroup), None without autogroups."""
    try:
        return int(Path(f"/proc/{pid}/autogroup").read_text().split()[-1])
    except OSError:
        return None


def _child(pid: int) -> int:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    assert children, f"the shell {pid} runs nothing"
    return int(children[0])


@needs_tmux
def test_a_follower_gives_way_to_the_lead_and_its_shell_gets_its_priority_back(
    tmux: Tmux, root: Path
) -> None:
    """On the machine they share, the follower's process and its terminal's session run
    at a lower priority than the lead's; when the follower quits, its shell's session is
    as it was."""
    lead_shell = tmux.pid(tmux.start(f"cd {root} && {BIN} run shared --as Lead; sleep 60"))
    tmux.wait_for("main:0.0", "LEAD")
    pane = tmux.split(f"cd {root} && {BIN} follow shared --as Co; echo ended; sleep 60")
    shell = tmux.pid(pane)
    tmux.wait_for(pane, "FOLLOW")
    follower, lead = _child(shell), _child(lead_shell)
    deadline = time.monotonic() + 10

    def given_way() -> bool:  # a suite run under `nice` starts the follower at 4 or more
        session = _session_nice(shell)
        return _nice(follower) >= FOLLOWER_NICE and session in (None, FOLLOWER_NICE)

    while not given_way() and time.monotonic() < deadline:
        time.sleep(0.05)  # set once the follower's first frame is out
    started = os.getpriority(os.PRIO_PROCESS, 0)  # what the panes' processes inherit
    assert _nice(follower) == max(started, FOLLOWER_NICE)
    assert _nice(lead) == started
    sessions = _session_nice(shell), _session_nice(lead_shell)
    if sessions != (None, None):  # a kernel with autogroups (this machine's has them)
        assert sessions == (FOLLOWER_NICE, 0)
    tmux.keys(pane, "q")
    tmux.wait_for(pane, "ended")
    assert _session_nice(shell) in (None, 0)  # the shell's session as it was
