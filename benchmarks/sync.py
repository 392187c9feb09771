"""How soon does a follower terminal notice the lead's change?

    python benchmarks/sync.py [--changes 200]

A writer process appends events (slide changes) at random intervals of 50 to
250 ms and prints the wall-clock time each write landed. A follower process
runs the app's own loop without the screen (`Controller.reload()` every
POLL seconds, as `FacilitatorApp.poll` does) and prints when it saw each
change. Latency = seen - landed, per change. The same run is repeated with
the 200 ms poll measured earlier in shared/notes/store.md, for comparison.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WRITER = """
import json, random, sys, time
from pathlib import Path
from facilitator.store.db import Author, WorkshopStore
from facilitator.live.events import Event
store = WorkshopStore(Path(sys.argv[1]), Author("lead", "bench"))
rng = random.Random(1)
time.sleep(1.0)  # let the follower start
for i in range(int(sys.argv[2])):
    time.sleep(rng.uniform(0.05, 0.25))
    store.append_event(Event("slide", time.time(), "chain-of-custody", index=i % 5))
    print(json.dumps([i, time.time()]), flush=True)
"""

FOLLOWER = """
import json, sys, time
from pathlib import Path
from facilitator.course import catalog
from facilitator.control.controller import open_controller
from facilitator.control.options import Options
course = catalog.load(Path(sys.argv[3]))
c = open_controller(Options(Path(sys.argv[1]), role="follower"), course, synchronous=True)
poll, total = float(sys.argv[2]), int(sys.argv[4])
seen = len(c.snapshot.events)
while seen < total:
    time.sleep(poll)
    if c.reload():
        now = time.time()
        count = len(c.snapshot.events)
        for i in range(seen, count):
            print(json.dumps([i, now]), flush=True)
        seen = count
"""


def run(path: Path, poll: float, changes: int) -> list[float]:
    follower = subprocess.Popen(
        [sys.executable, "-c", FOLLOWER, str(path), str(poll), str(ROOT), str(changes)],
        stdout=subprocess.PIPE,
        text=True,
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(changes)], stdout=subprocess.PIPE, text=True
    )
    landed = dict(json.loads(line) for line in writer.stdout)
    seen = dict(json.loads(line) for line in follower.stdout)
    writer.wait()
    follower.wait()
    return [(seen[i] - landed[i]) * 1000 for i in range(changes)]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=200)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from facilitator.control.watch import INTERVAL as POLL_SECONDS
    from facilitator.course import catalog
    from facilitator.store import workshops

    course = catalog.load(ROOT)
    print(f"{args.changes} changes, writer and follower in separate processes")
    print(f"{'follower':<28} {'median':>8} {'p95':>8} {'max':>8}  (ms, change landed -> noticed)")
    for label, poll in (
        (f"app poll ({POLL_SECONDS * 1000:.0f} ms)", POLL_SECONDS),
        ("poll 200 ms", 0.2),
    ):
        with tempfile.TemporaryDirectory() as tmp:
            from datetime import date

            path = workshops.create_demo(Path(tmp), course, date(2026, 12, 7))
            latencies = run(path, poll, args.changes)
        print(
            f"{label:<28} {statistics.median(latencies):>8.1f} {pct(latencies, 0.95):>8.1f}"
            f" {max(latencies):>8.1f}"
        )


if __name__ == "__main__":
    main()
