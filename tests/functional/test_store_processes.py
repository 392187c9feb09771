"""Real processes share one workshop file without losing or tearing a write."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from facilitator.course.model import Workshop
from facilitator.store import db as store_mod
from facilitator.store.db import WorkshopStore

WRITER = """
import sys
from pathlib import Path
from facilitator.store.db import Author, WorkshopStore
from facilitator.live.events import Event
store = WorkshopStore(Path(sys.argv[1]), Author("clerk", sys.argv[2]))
count = int(sys.argv[3])
for i in range(count if count > 0 else 10**9):
    store.append_event(Event("slide", float(i), sys.argv[2], index=i))
    if i == 0 and count == 0:
        print("ready", flush=True)
"""


def _workshop(tmp_path: Path) -> Path:
    path = tmp_path / "shared.json"
    WorkshopStore.create(path, Workshop("shared", "Shared", "demo", "2026-12-07"))
    return path


def _writer(path: Path, name: str, count: int) -> subprocess.Popen:
    """A writer process; with ``count`` 0 it writes until killed, saying "ready" after one."""
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), name, str(count)],
        stdout=subprocess.PIPE,
        text=True,
    )


def test_two_processes_times_500_appends_keep_all_1000(tmp_path: Path) -> None:
    path = _workshop(tmp_path)
    procs = [_writer(path, name, 500) for name in ("a", "b")]
    assert [p.wait(timeout=240) for p in procs] == [0, 0]
    events = WorkshopStore(path).read().events
    assert len(events) == 1000
    for name in ("a", "b"):
        assert sorted(e.index for e in events if e.session == name) == list(range(500))


def test_sigkill_mid_write_never_leaves_an_unreadable_file(tmp_path: Path) -> None:
    path = _workshop(tmp_path)
    rng = random.Random(7)
    last = 0
    for _ in range(50):
        proc = _writer(path, "k", 0)
        assert proc.stdout.readline().strip() == "ready"  # one write landed; a slow start is fine
        time.sleep(rng.uniform(0.0, 0.2))  # a random moment in the write loop, not a wait
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        data = store_mod.read_file(path)
        count = len(data["events"])
        assert count >= last
        last = count
        WorkshopStore(path).open_check()
    assert last > 50
    assert not list(tmp_path.glob(".shared.json.*.tmp"))
