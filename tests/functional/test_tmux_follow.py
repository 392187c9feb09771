"""A lead and followers in real terminals: the followers move when the lead moves."""

from __future__ import annotations

from pathlib import Path

import pytest

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
