"""Typing in a real terminal: `facilitator demo` in tmux, while another terminal writes.

The text goes in through tmux's send-keys, once key by key at a typist's pace and
once in a single burst; what the workshop file keeps must be what was sent.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from facilitator.store.db import WorkshopStore
from tests.e2e_tmux import BIN, Tmux, needs_tmux
from tests.functional.test_trusted_record import OTHER_TERMINAL
from tests.helpers import stored_answers

NOTES = "Criminal route trigger unclear in Benin; seals 17-19 unlogged."
BURST = " Port of Cotonou: no register (art. 60)."
NOTE = "Two exhibits resealed without a witness | bag 17, bag 19"


@pytest.fixture()
def tmux(tmp_path: Path):
    session = Tmux({"FACILITATOR_DATA": str(tmp_path / "data")})
    yield session
    session.close()


@needs_tmux
def test_typing_in_a_real_terminal_keeps_every_character(
    tmux: Tmux, tmp_path: Path, root: Path
) -> None:
    pane = tmux.start(f"cd {root} && {BIN} demo")
    tmux.wait_for(pane, "Demo workshop", "LEAD")
    path = tmp_path / "data" / "demo.json"
    stop = tmp_path / "stop"
    other = subprocess.Popen(
        [sys.executable, "-c", OTHER_TERMINAL, str(path), str(stop)], stdout=subprocess.PIPE
    )
    try:
        tmux.keys(pane, "Space", "n", "n", "n")
        tmux.wait_for(pane, "Question 1 of 3")
        tmux.keys(pane, *["Tab"] * 7)  # groups, weaknesses, solutions, answer, maturity, evidence
        for ch in NOTES:  # a typist's pace: the app polls and redraws between two keys
            tmux.keys(pane, "-l", ch)
            time.sleep(0.03)
        tmux.keys(pane, "-l", BURST)
        saved(lambda: notes_of(path) == NOTES + BURST)  # half a second after the last key
        # Tab leaves the notes for the agenda (an Escape right before a key reads as alt+key)
        tmux.keys(pane, "Tab", "o")
        tmux.wait_for(pane, "Note ·")
        tmux.keys(pane, "-l", NOTE)
        tmux.keys(pane, "C-s")
        saved(lambda: lead_notes(path) == [NOTE])
        tmux.keys(pane, "q")
        tmux.wait_for(pane, "Quit anyway?")
        tmux.keys(pane, "y")
        tmux.wait_closed()
    finally:
        stop.touch()
        other.wait(timeout=20)
    assert notes_of(path) == NOTES + BURST
    assert lead_notes(path) == [NOTE]


def notes_of(path: Path) -> str:
    answer = stored_answers(path).get(("diagnostic-d1", "D-01", "Senegal"))
    return answer.value("notes") if answer else ""


def lead_notes(path: Path) -> list[str]:
    return [n["text"] for n in WorkshopStore(path).read().notes if n["by"]["role"] == "lead"]


def saved(condition, timeout: float = 20.0) -> None:
    """Wait until the workshop file holds what was typed (the app writes it in its own time)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "what was typed never reached the workshop file"
        time.sleep(0.05)
