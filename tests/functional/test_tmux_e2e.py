"""The real terminal path: `facilitator demo` in tmux, keys in, screen read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.store.db import WorkshopStore
from tests.e2e_tmux import BIN, Tmux, needs_tmux


@pytest.fixture()
def tmux(tmp_path: Path):
    session = Tmux({"FACILITATOR_DATA": str(tmp_path / "data")})
    yield session
    session.close()


@needs_tmux
def test_demo_in_a_real_terminal(tmux: Tmux, tmp_path: Path, root: Path) -> None:
    pane = tmux.start(f"cd {root} && {BIN} demo")
    tmux.wait_for(pane, "Demo workshop", "LEAD", "Welcome and objectives")
    tmux.keys(pane, "Space")
    tmux.wait_for(pane, "running")
    tmux.keys(pane, "n")
    tmux.wait_for(pane, "Evidence and chain of custody · slide 1 of 5")
    tmux.keys(pane, "Right")
    tmux.wait_for(pane, "slide 2 of 5", "Freed by the paperwork")
    tmux.keys(pane, "q")
    tmux.wait_for(pane, "Quit anyway?")
    tmux.keys(pane, "y")
    tmux.wait_closed()
    path = tmp_path / "data" / "demo.json"
    kinds = [e.kind for e in WorkshopStore(path).read().events]
    assert kinds == ["start", "goto", "slide"]


@needs_tmux
def test_kill_minus_nine_then_reopen_at_the_same_session_and_slide(
    tmux: Tmux, root: Path, tmp_path: Path
) -> None:
    import os
    import signal
    import time

    command = f"cd {root} && exec {BIN} demo"
    pane = tmux.start(command)
    tmux.wait_for(pane, "Demo workshop")
    tmux.keys(pane, "Space")
    tmux.keys(pane, "n")
    tmux.wait_for(pane, "slide 1 of 5")
    tmux.keys(pane, "Right")
    tmux.keys(pane, "Right")
    tmux.wait_for(pane, "slide 3 of 5")
    store = WorkshopStore(tmp_path / "data" / "demo.json")
    deadline = time.monotonic() + 10
    while store.read().events[-1].index != 2 and time.monotonic() < deadline:
        time.sleep(0.01)  # the write lands a few ms after the screen changes
    pid = int(tmux.run("display-message", "-p", "-t", pane, "#{pane_pid}").strip())
    os.kill(pid, signal.SIGKILL)
    tmux.wait_closed()
    pane = tmux.start(command)
    tmux.wait_for(pane, "Evidence and chain of custody · slide 3 of 5", "running")
