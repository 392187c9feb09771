"""The real terminal path: `facilitator demo` in tmux, keys in, screen read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.store import WorkshopStore
from tests.e2e_tmux import BIN, Tmux, needs_tmux


@pytest.fixture()
def tmux(tmp_path: Path):
    session = Tmux({"FACILITATOR_DATA": str(tmp_path / "data")})
    yield session
    session.close()


@needs_tmux
def test_demo_in_a_real_terminal(tmux: Tmux, tmp_path: Path, root: Path) -> None:
    pane = tmux.start(f"cd {root} && {BIN} demo")
    screen = tmux.wait_for(pane, "Demo workshop")
    assert "LEAD" in screen and "Welcome and objectives" in screen
    tmux.keys(pane, "Space")
    tmux.wait_for(pane, "running")
    tmux.keys(pane, "n")
    tmux.wait_for(pane, "Evidence and chain of custody · slide 1 of 5")
    tmux.keys(pane, "Right")
    screen = tmux.wait_for(pane, "slide 2 of 5")
    assert "A case lost in the paperwork" in screen
    tmux.keys(pane, "q")
    tmux.wait_for(pane, "Quit anyway?")
    tmux.keys(pane, "y")
    tmux.wait_closed()
    path = tmp_path / "data" / "demo.json"
    kinds = [e.kind for e in WorkshopStore(path).read().events]
    assert kinds == ["start", "goto", "slide"]
