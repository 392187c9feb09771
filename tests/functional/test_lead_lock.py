"""One lead at a time, with real processes; a dead lead blocks nobody."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from facilitator.store.lead import LeadLock, current_holder

HOLDER = """
import sys, time
from pathlib import Path
from facilitator.store.lead import LeadLock
# "stopped": its clock a minute behind, so that its beat is long stale from the start
clock = (lambda: time.time() - 60) if sys.argv[2] == "stopped" else time.time
lock = LeadLock(Path(sys.argv[1]), "alice", clock)
assert lock.try_acquire()
print("held", flush=True)
while True:
    if sys.argv[2] == "polite" and lock.takeover_requested():
        lock.release()
        print("released", flush=True)
        time.sleep(5)
        break
    time.sleep(0.02)
"""


def _holder(workshop: Path, mode: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(workshop), mode], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_second_lead_is_told_who_leads_and_a_killed_lead_frees_it(tmp_path: Path) -> None:
    workshop = tmp_path / "w.json"
    proc = _holder(workshop, "stubborn")
    try:
        bob = LeadLock(workshop, "bob")
        assert not bob.try_acquire()
        holder = bob.holder()
        assert holder is not None and holder.name == "alice" and holder.pid == proc.pid
        assert "alice (process" in holder.describe()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert bob.holder() is None
        assert bob.try_acquire()
        assert bob.holder().name == "bob"
    finally:
        proc.kill()
        proc.wait()


def test_take_over_makes_the_running_lead_step_down(tmp_path: Path) -> None:
    workshop = tmp_path / "w.json"
    proc = _holder(workshop, "polite")
    try:
        bob = LeadLock(workshop, "bob")
        assert bob.acquire_after_takeover(timeout=10)
        assert proc.stdout.readline().strip() == "released"
        assert bob.takeover_requested() is None  # the request is cleared once taken
    finally:
        proc.kill()
        proc.wait()


def test_take_over_gives_up_when_the_lead_does_not_answer(tmp_path: Path) -> None:
    workshop = tmp_path / "w.json"
    proc = _holder(workshop, "stubborn")
    try:
        assert not LeadLock(workshop, "bob").acquire_after_takeover(timeout=0.3)
    finally:
        proc.kill()
        proc.wait()


def test_cli_run_says_who_leads(tmp_path: Path, root: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "FACILITATOR_DATA": str(data)}
    bin_ = Path(sys.executable).with_name("facilitator")
    subprocess.run(
        [bin_, "new", "-p", "demo", "-n", "Lomé", "--start", "2026-12-07"],
        cwd=root,
        env=env,
        check=True,
    )
    proc = _holder(data / "lome.json", "stubborn")
    try:
        result = subprocess.run(
            [bin_, "run", "lome"],
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 1
        assert "lome is led by alice (process" in result.stderr
        assert "facilitator follow lome" in result.stderr and "Traceback" not in result.stderr
    finally:
        proc.kill()
        proc.wait()


def test_cli_take_over_takes_the_lead_from_one_that_stopped_answering(
    tmp_path: Path, root: Path
) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "FACILITATOR_DATA": str(data)}
    bin_ = Path(sys.executable).with_name("facilitator")
    subprocess.run(
        [bin_, "new", "-p", "demo", "-n", "Lomé", "--start", "2026-12-07"],
        cwd=root,
        env=env,
        check=True,
    )
    proc = _holder(data / "lome.json", "stopped")
    os.kill(proc.pid, signal.SIGSTOP)  # it will never answer a take-over request
    try:
        result = subprocess.run(
            [bin_, "run", "lome", "--take-over", "--yes", "--as", "bob"],
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )
        # the lead was taken at once (no 15 s wait for an answer); then the app wants a tty
        assert "the app needs a terminal" in result.stderr, result.stderr
        holder = current_holder(data / "lome.json")
        assert (holder.name, holder.epoch) == ("bob", 2)
    finally:
        proc.kill()
        proc.wait()
