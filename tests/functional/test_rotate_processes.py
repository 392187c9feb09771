"""Trainers rotate: the lead passes between three real `facilitator` processes in tmux,
through three hand-overs, a request declined and one accepted, and a lead that crashed;
the minutes name who led each session. A lead stopped with SIGSTOP is taken over, and
when it resumes it follows and writes nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from filelock import UnixFileLock

from facilitator.live.events import FakeClock
from facilitator.store import workshops
from facilitator.store.db import WorkshopStore
from facilitator.store.files import lock_path
from facilitator.store.lead import STALE_AFTER, LeadLock, current_holder
from tests.e2e_tmux import BIN, Tmux, needs_tmux
from tests.helpers import other_controller

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


def _open(tmux: Tmux, root: Path, lead: str, *following: str) -> list[str]:
    """``lead`` runs the workshop, the others follow it, each in a window; the lead starts
    the welcome. Each is started from a shell, as a trainer does (tmux itself resumes a
    pane's own process the moment it stops, not a program the pane's shell runs)."""
    panes = [tmux.start(f"cd {root} && {BIN} run rota --as {lead}; echo ended; sleep 60")]
    tmux.wait_for(panes[0], f"LEAD · {lead}")
    for name in following:
        panes.append(tmux.window(f"cd {root} && {BIN} follow rota --as {name}; sleep 60"))
    tmux.keys(panes[0], "Space")
    for pane in panes[1:]:
        tmux.wait_for(pane, f"lead: {lead}", "Welcome and objectives")
    return panes


def _lead_pos(events: list, who: str) -> int:
    """The place in the log of the last ``lead`` event ``who`` wrote."""
    return max(i for i, e in enumerate(events) if e.kind == "lead" and e.by == who)


@needs_tmux
def test_three_terminals_pass_the_lead_and_the_minutes_say_who_led(
    tmux: Tmux, tmp_path: Path, root: Path
) -> None:
    path = _new(tmp_path, root)
    awa, ben, cleo = _open(tmux, root, "Awa", "Ben", "Cleo")

    # 1. Awa hands over to Ben (the next session's trainer, picked by default) in the
    # middle of a burst of key presses on both sides
    burst = ["+"] * 10 + ["h", "Enter"] + ["+"] * 10
    tmux.keys(awa, *burst)
    deadline = time.monotonic() + 20
    sent = 0
    while "LEAD · Ben" not in tmux.screen(ben) and time.monotonic() < deadline:
        tmux.keys(ben, "+", "+", "+")  # Ben's keys before the lead is his move nothing
        sent += 3
        time.sleep(0.05)
    for _ in range(5):  # pressed once his screen says he leads: every one is written
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
    assert 15 <= len([1 for i, by in extends if i > handed]) <= 15 + sent

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
    os.kill(_child(tmux.pid(awa)), signal.SIGKILL)
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


def _by(events: list, kind: str, who: str) -> int:
    return sum(1 for e in events if e.kind == kind and e.by == who)


@needs_tmux
def test_a_stopped_lead_is_taken_over_and_follows_when_it_resumes(
    tmux: Tmux, tmp_path: Path, root: Path
) -> None:
    path = _new(tmp_path, root)
    awa, ben = _open(tmux, root, "Awa", "Ben")
    tmux.keys(awa, *["+"] * 5)
    _until(lambda: _by(_events(path), "extend", "Awa") == 5, "Awa's keys")
    # and the write of the last one done (the folder synced, the backup in place): a lead
    # stopped inside a write keeps the file's lock, and T says so instead (lead_busy)
    with UnixFileLock(str(lock_path(path)), timeout=10):
        pass

    # who the lead file names, and its epoch, all along
    seen: list[tuple[str, int]] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            holder = current_holder(path)
            if holder is not None and (not seen or seen[-1] != (holder.name, holder.epoch)):
                seen.append((holder.name, holder.epoch))
            done.wait(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    pid = _child(tmux.pid(awa))
    os.kill(pid, signal.SIGSTOP)  # ctrl+z, or a hung SSH session: alive, not answering
    try:
        last_beat = current_holder(path).beat
        tmux.keys(awa, "+", "+", "+", "n")  # typed into the stopped terminal: read on resume
        tmux.wait_for(ben, "No lead since", "Awa is not answering", "take over with T", timeout=30)
        assert time.time() >= last_beat + STALE_AFTER  # not before the beat is stale
        tmux.keys(ben, "T")
        tmux.wait_for(ben, "LEAD · Ben", "space Start/Pause")  # the footer: the lead's keys
        tmux.keys(ben, "+", "+")
        _until(lambda: _by(_events(path), "extend", "Ben") == 2, "Ben's keys")
    finally:
        os.kill(pid, signal.SIGCONT)
    tmux.wait_for(awa, "FOLLOW · lead: Ben", "Ben took over the lead while this terminal")
    tmux.keys(awa, "+", "r")  # a follower's keys: "+" moves nothing, "r" shows the records
    tmux.wait_for(awa, "Nothing recorded for this session yet")
    tmux.keys(ben, "+")
    _until(lambda: _by(_events(path), "extend", "Ben") == 3, "Ben's key after Awa resumed")
    done.set()
    sampler.join()

    events = _events(path)
    taken = _lead_pos(events, "Ben")
    assert events[taken].reason == "taken"
    assert {e.by for e in events[:taken]} == {"Awa"}  # nothing of Ben's before he led
    assert {e.by for e in events[taken:]} == {"Ben"}  # nothing of Awa's after: fenced
    assert _by(events, "extend", "Awa") == 5 and _by(events, "extend", "Ben") == 3
    assert _current(path) == "welcome"  # her "n" typed while stopped moved nothing
    assert seen == [("Awa", 1), ("Ben", 2)]  # one lead at a time, each a new epoch


def _child(pid: int) -> int:
    """The one program the shell ``pid`` runs."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    assert len(children) == 1, children
    return int(children[0])


LEAD = """
import sys
from pathlib import Path
from facilitator.control.controller import open_controller
from facilitator.control.options import Options
from facilitator.course import catalog
from facilitator.store.lead import LeadLock

path, root = Path(sys.argv[1]), Path(sys.argv[2])
course, _ = catalog.load_for(root, "demo")
lock = LeadLock(path, "Awa")
assert lock.try_acquire()
lead = open_controller(Options(path=path, role="lead", author="Awa"), course, synchronous=True)
lead.epoch = lock.epoch
print("held", lock.epoch, flush=True)
for line in sys.stdin:  # no watcher: the keys are read before anything looks at the lead
    key = line.strip()
    if key == "+":
        lead.extend(5)
    elif key == "n":
        lead.step(1)
    elif key.startswith("say "):
        lead.room_message(key[4:])
    print(key, lead.live.current, "deposed" if lock.deposed() else "leads", flush=True)
"""


def test_a_lead_that_resumes_after_it_was_taken_over_writes_no_agenda_event(
    tmp_path: Path, root: Path, course
) -> None:
    """The fence itself, with a real process stopped and resumed: its keys are read before
    anything could tell it the lead is gone, and the store refuses every one of them."""
    path = workshops.create_demo(tmp_path / "data", course, date(2026, 12, 7), "Europe/Paris")
    awa = subprocess.Popen(
        [sys.executable, "-c", LEAD, str(path), str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=root,
    )
    try:
        assert awa.stdout.readline().split() == ["held", "1"]
        for key in ("n", "+", "+"):  # the welcome, five minutes more twice
            awa.stdin.write(key + "\n")
            awa.stdin.flush()
            assert awa.stdout.readline().split()[-1] == "leads"
        os.kill(awa.pid, signal.SIGSTOP)
        # a burst typed into the stopped lead: read the moment it resumes
        awa.stdin.write("".join(k + "\n" for k in ["+"] * 10 + ["say Back in 5", "n"]))
        awa.stdin.flush()
        later = FakeClock(time.time() + STALE_AFTER)  # Ben's clock: five seconds on
        ben = other_controller(path, course, later, "follower", "Ben")
        lock = LeadLock(path, "Ben", later)
        assert not lock.try_acquire()  # not without saying it steals from a silent lead
        assert lock.try_acquire(steal=True) and lock.epoch == 2
        ben.become("lead", "taken", lock.epoch)
        ben.extend(5)
        os.kill(awa.pid, signal.SIGCONT)
        for _ in range(5):  # Ben's keys while Awa works through hers
            ben.extend(5)
        answers = [awa.stdout.readline().split() for _ in range(12)]
        ben.step(1)
    finally:
        awa.kill()
        awa.wait()
    assert all(a[-1] == "deposed" and a[-2] == "welcome" for a in answers)  # each undone
    events = WorkshopStore(path).read().events
    taken = _lead_pos(events, "Ben")
    assert [e.by for e in events[:taken]] == ["Awa"] * 3
    assert [(e.kind, e.by) for e in events[taken:]] == (
        [("lead", "Ben")] + [("extend", "Ben")] * 6 + [("skip", "Ben"), ("goto", "Ben")]
    )
    kept = [n for n in WorkshopStore(path).read().notes if n.get("refused")]
    assert [(n["refused"], n["by"]["name"], n["text"]) for n in kept] == [
        ("message", "Awa", "(message not shown: Ben had taken over the lead) Back in 5")
    ]
