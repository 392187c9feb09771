"""Trainers rotate: the lead passes between three real `facilitator` processes in tmux,
through three hand-overs, a request declined and one accepted, and a lead that crashed;
the minutes name who led each session."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest

from facilitator.store.db import WorkshopStore
from tests.e2e_tmux import BIN, Tmux, needs_tmux

TRAINERS = (
    "welcome=Awa",
    "chain-of-custody=Ben",
    "diagnostic-d1=Cleo",
    "seizure-drill=Awa",
    "recap-d1=Ben",
)


@pytest.fixture()
def tmux(tmp_path: Path):
    session = Tmux({"FACILITATOR_DATA": str(tmp_path / "data")})
    yield session
    session.close()


def _new(tmp_path: Path, root: Path) -> Path:
    env = {**os.environ, "FACILITATOR_DATA": str(tmp_path / "data")}
    args = [BIN, "new", "-p", "demo", "-n", "Rota", "--start", date.today().isoformat()]
    for given in TRAINERS:
        args += ["--trainer", given]
    subprocess.run(args, cwd=root, env=env, check=True, capture_output=True)
    return tmp_path / "data" / "rota.json"


def _events(path: Path) -> list:
    return list(WorkshopStore(path).read().events)


def _until(condition, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _lead_pos(events: list, who: str) -> int:
    """The place in the log of the last ``lead`` event ``who`` wrote."""
    return max(i for i, e in enumerate(events) if e.kind == "lead" and e.by == who)


@needs_tmux
def test_three_terminals_pass_the_lead_and_the_minutes_say_who_led(
    tmux: Tmux, tmp_path: Path, root: Path
) -> None:
    path = _new(tmp_path, root)
    awa = tmux.start(f"cd {root} && exec {BIN} run rota --as Awa")
    tmux.wait_for(awa, "LEAD · Awa")
    ben = tmux.window(f"cd {root} && exec {BIN} follow rota --as Ben")
    cleo = tmux.window(f"cd {root} && exec {BIN} follow rota --as Cleo")
    tmux.keys(awa, "Space")
    tmux.wait_for(ben, "lead: Awa", "Welcome and objectives")
    tmux.wait_for(cleo, "lead: Awa")

    # 1. Awa hands over to Ben (the next session's trainer, picked by default) in the
    # middle of a burst of key presses on both sides
    burst = ["+"] * 10 + ["h", "Enter"] + ["+"] * 10
    tmux.keys(awa, *burst)
    deadline = time.monotonic() + 20
    while "LEAD · Ben" not in tmux.screen(ben) and time.monotonic() < deadline:
        tmux.keys(ben, "+", "+", "+")  # Ben's keys before the lead is his move nothing
        time.sleep(0.05)
    for _ in range(5):
        tmux.keys(ben, "+", "+", "+")
    tmux.wait_for(ben, "LEAD · Ben")
    tmux.keys(ben, "n")  # Ben leads the chain of custody, once every + before it is read
    _until(lambda: _current(path) == "chain-of-custody", "Ben's keys read", timeout=90)
    tmux.wait_for(awa, "lead: Ben")
    _until(lambda: any(e.kind == "lead" and e.by == "Ben" for e in _events(path)), "Ben's lead")
    events = _events(path)
    handed = _lead_pos(events, "Ben")
    extends = [(i, e.by) for i, e in enumerate(events) if e.kind == "extend"]
    # every key Awa pressed while she led is in the file, none after; Ben's only after
    assert [by for i, by in extends if i < handed] == ["Awa"] * 10
    assert {by for i, by in extends if i > handed} <= {"Ben"}
    assert len([1 for i, by in extends if i > handed]) > 0

    tmux.wait_for(cleo, "lead: Ben")

    # 2. Cleo asks; Ben declines
    tmux.keys(cleo, "T")
    tmux.wait_for(ben, "Cleo asks for the lead")
    tmux.keys(ben, "n")
    tmux.wait_for(cleo, "Ben keeps the lead")

    # 3. Cleo asks again; Ben accepts
    tmux.keys(cleo, "T")
    tmux.wait_for(ben, "Cleo asks for the lead")
    tmux.keys(ben, "y")
    tmux.wait_for(cleo, "LEAD · Cleo")
    tmux.wait_for(ben, "lead: Cleo")
    tmux.keys(cleo, "n", "n")  # the coffee break, then the diagnostic round
    tmux.wait_for(awa, "Question 1 of")

    # 4. Cleo hands over to Awa, who trains the next session
    tmux.keys(cleo, "h")
    tmux.wait_for(cleo, "Hand the lead to")
    tmux.keys(cleo, "Enter")
    tmux.wait_for(awa, "LEAD · Awa")
    tmux.keys(awa, "n")  # the seizure drill
    tmux.wait_for(ben, "lead: Awa", "a seizure at the scene")

    # 5. Awa's process dies; Ben's screen says so, and Ben takes over with one key
    os.kill(tmux.pid(awa), signal.SIGKILL)
    tmux.wait_for(ben, "No lead since", "take over with T")
    tmux.keys(ben, "T")
    tmux.wait_for(ben, "LEAD · Ben")
    tmux.wait_for(cleo, "lead: Ben")
    tmux.keys(ben, "n")  # the recap
    _until(lambda: _current(path) == "recap-d1", "the recap")

    out = tmp_path / "exports"
    env = {**os.environ, "FACILITATOR_DATA": str(tmp_path / "data")}
    subprocess.run(
        [BIN, "export", "rota", "--out", str(out)],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )
    led = _led_by((out / "index.md").read_text())
    assert _names(led["Welcome and objectives"]) == ["Awa", "Ben"]
    assert _names(led["Evidence and chain of custody"]) == ["Ben", "Cleo"]
    assert _names(led["Diagnostic round: evidence handling"]) == ["Cleo", "Awa"]
    assert _names(led["Exercise: a seizure at the scene"]) == ["Awa", "Ben"]
    assert _names(led["Recap of the morning"]) == ["Ben"]
    assert "Led by Awa from " in next(out.glob("day1-01-*.md")).read_text()


def _current(path: Path) -> str | None:
    from facilitator.live.events import fold

    return fold(_events(path)).current


def _led_by(report: str) -> dict[str, str]:
    """Session title -> the "Led by" cell of the report's Trainers table."""
    section = report.split("## Trainers", 1)[1].split("\n## ", 1)[0]
    rows = [line.split(" | ") for line in section.splitlines() if line.startswith("| ")]
    return {cells[2]: cells[4].rstrip(" |") for cells in rows[2:]}


def _names(cell: str) -> list[str]:
    return [part.split(" from ")[0].strip() for part in cell.split(",")]
