"""A full five-day workshop file (about 1.1 MB): a write, and a follower taking in a change.

    python benchmarks/bigfile.py [--changes 40] [--baseline /tmp/speed-base]

1. Store write: a note added (lock, read, change, write, fsync, replace) 200
   times; median and p99.
2. Follower: the app itself (headless, its watcher thread on, the cycle collector
   as `facilitator` leaves it) follows the file
   while another process adds a note every 150 to 300 ms. For each change:
   how long the watcher's re-read took (its thread), and the longest time the
   app's event loop could not run (a 1 ms ticker on the loop measures its lag)
   from the change until the screen took it in: the main thread blocked.

``--baseline`` runs the same in a checkout of the code before (its own venv),
in the same run, and prints the ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
TARGETS = {"write_p99": "p99 <= 10", "blocked_max": "never > 5"}


def build(folder: Path) -> Path:
    """A copes-5day workshop as a week of use leaves it."""
    from facilitator import paths
    from facilitator.course import catalog
    from facilitator.live.events import Event
    from facilitator.store import workshops
    from facilitator.store.db import WorkshopStore

    course, _ = catalog.load_for(paths.course_roots(), "copes-5day")
    path = workshops.create(folder, course, "copes-5day", "Week", date(2026, 12, 7))
    sessions = [s.id for s in course.programme("copes-5day").sessions()]
    rng = random.Random(5)
    by = {"role": "clerk", "name": "Ana"}
    t0 = 1_796_637_600.0
    with WorkshopStore(path).transaction() as db:
        db.table("events").insert_multiple(
            Event("slide", t0 + i, sessions[i % len(sessions)], index=i % 9).to_record()
            | {"uid": f"e{i:031x}", "by": by}
            for i in range(2500)
        )
        db.table("notes").insert_multiple(
            {"uid": f"n{i:031x}", "session": rng.choice(sessions), "kind": "note",
             "text": "The seal register at the port is not kept every day. " * 3,
             "at": t0 + i, "by": by}
            for i in range(1000)
        )  # fmt: skip
        db.table("answers").insert_multiple(
            {"uid": f"a{i:031x}", "session": sessions[i % len(sessions)], "question": f"D-{i % 40}",
             "group": f"G{i % 6}", "answer": {"value": "partly", "at": t0, "by": by},
             "notes": {"value": "Forms exist, nobody uses them. " * 4, "at": t0, "by": by}}
            for i in range(600)
        )  # fmt: skip
        db.table("attendance").insert_multiple(
            {"uid": f"t{i:031x}", "session": sessions[i % len(sessions)],
             "participant": f"P{i % 24}", "present": True, "at": t0, "by": by}
            for i in range(1200)
        )  # fmt: skip
    return path


WRITER = """
import random, sys, time
from pathlib import Path
from facilitator.store.db import Author, WorkshopStore
store = WorkshopStore(Path(sys.argv[1]), Author("clerk", "Bo"))
rng = random.Random(2)
for i in range(int(sys.argv[2])):
    time.sleep(rng.uniform(0.15, 0.3))
    store.add_record("notes", {"session": "x", "kind": "note", "text": f"bench {i}"})
    print(time.perf_counter(), flush=True)
"""


def writes(path: Path, n: int) -> list[float]:
    from facilitator.store.db import Author, WorkshopStore

    store = WorkshopStore(path, Author("clerk", "Ana"))
    times = []
    for i in range(n):
        begin = time.perf_counter()
        store.add_record("notes", {"session": "x", "kind": "note", "text": f"write {i}"})
        times.append((time.perf_counter() - begin) * 1000)
    return times


async def follow(path: Path, changes: int) -> dict[str, list[float]]:
    from facilitator import paths
    from facilitator.control.controller import Controller
    from facilitator.control.options import Options
    from facilitator.course import catalog
    from facilitator.tui.app import make_app

    course, _ = catalog.load_for(paths.course_roots(), "copes-5day")
    reads: list[float] = []
    original = Controller.read_changes

    def timed(self, *args, **kwargs):
        begin = time.perf_counter()
        found = original(self, *args, **kwargs)
        if found is not None:
            reads.append((time.perf_counter() - begin) * 1000)
        return found

    Controller.read_changes = timed  # type: ignore[method-assign]
    gc.disable()  # as facilitator.start runs the app: the app turns it on, its own way
    app = make_app(Options(path, role="follower", following=True), course)
    lags: list[tuple[float, float]] = []  # (when, how late the 1 ms ticker ran)

    async def ticker() -> None:
        while True:
            begin = time.perf_counter()
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            lags.append((now, (now - begin - 0.001) * 1000))

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await asyncio.sleep(1.0)
        task = asyncio.get_running_loop().create_task(ticker())
        await asyncio.sleep(0.5)
        quiet = [lag for _, lag in lags]
        writer = await asyncio.create_subprocess_exec(
            sys.executable, "-c", WRITER, str(path), str(changes),
            stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        landed = [float(line) async for line in writer.stdout]  # type: ignore[union-attr]
        await writer.wait()
        await asyncio.sleep(0.5)
        task.cancel()
    Controller.read_changes = original  # type: ignore[method-assign]
    blocked = []
    for i, at in enumerate(landed):
        until = landed[i + 1] if i + 1 < len(landed) else at + 0.15
        blocked.append(max((lag for t, lag in lags if at <= t < until), default=0.0))
    return {"read": reads, "blocked": blocked, "quiet": [max(quiet)]}


def inner(changes: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="facbig-"))
    path = build(folder)
    result = {"size": path.stat().st_size, "write": writes(path, 200)}
    result |= asyncio.run(follow(path, changes))
    print(json.dumps(result))


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=40)
    parser.add_argument("--baseline", type=Path, default=None)
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        inner(args.changes)
        return
    trees = [("after", ROOT)] + ([("before", args.baseline)] if args.baseline else [])
    results = {}
    for label, tree in trees:
        python = tree / ".venv" / "bin" / "python"
        out = subprocess.run(
            [str(python), str(HERE), "--inner", "--changes", str(args.changes)],
            capture_output=True, text=True, cwd=tree,
        )  # fmt: skip
        if out.returncode:
            raise SystemExit(out.stderr)
        results[label] = json.loads(out.stdout.splitlines()[-1])
    print(f"workshop file {results['after']['size'] / 1e6:.2f} MB, copes-5day, a week of records")
    print(f"{'':<44}{'median':>8} {'p95':>8} {'p99':>8} {'max':>8}  (ms)")
    for label, r in results.items():
        print(f" {label}")
        for name, key, target in (
            ("store write (a note)", "write", "target p99 <= 10"),
            ("follower re-read, watcher thread", "read", ""),
            ("main thread blocked per change", "blocked", "target max <= 5"),
        ):
            v = r[key]
            print(f"  {name:<42}{pct(v, .5):8.1f} {pct(v, .95):8.1f} {pct(v, .99):8.1f}"
                  f" {max(v):8.1f}   {target}")  # fmt: skip
        print(f"  {'main thread blocked, quiet (max of 0.5 s)':<42}{r['quiet'][0]:8.1f}"
              "   (the floor: nothing changed)")  # fmt: skip
    print(f"  load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if len(results) == 2:
        a, b = results["after"], results["before"]
        print(
            f"  after/before: write p99 {pct(a['write'], 0.99) / pct(b['write'], 0.99):.2f}x, "
            f"re-read p50 {pct(a['read'], 0.5) / pct(b['read'], 0.5):.2f}x, "
            f"blocked p95 {pct(a['blocked'], 0.95) / pct(b['blocked'], 0.95):.2f}x"
        )


if __name__ == "__main__":
    main()
