"""Handing the lead over: from the key that gives it to the new lead's screen, live.

    python benchmarks/handover.py [--rounds 20] [--baseline 5]

Two real `facilitator` processes on one workshop, in tmux windows (a lead and a
follower, as two trainers on two laptops would be over SSH). The lead hands the
lead over with ``h`` then ``Enter``; the other takes it; then it hands it back:
``--rounds`` hand-overs in all. Printed, over the rounds: the time from the
keys to the new lead's ``lead`` event in the workshop file (its controller
leads), and to its screen saying LEAD (tmux's capture, read every 10 ms).
The baseline, in the same run, is the way there was before: a second
``facilitator run --take-over --yes`` started in the follower's window, timed
from the command to its screen saying LEAD.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.e2e_tmux import BIN, TMUX, Tmux  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def lead_events(path: Path) -> list[dict]:
    data = json.loads(path.read_bytes())
    rows = [data["events"][k] for k in sorted(data["events"], key=int)]
    return [r for r in rows if r["kind"] == "lead"]


def leads(tmux: Tmux, pane: str) -> bool:
    """The pane's status line (its first line) says LEAD."""
    lines = tmux.screen(pane).splitlines()
    return bool(lines) and re.search(r"(?<!NO )\bLEAD\b", lines[0]) is not None


def wait(condition, what: str, timeout: float = 30.0, step: float = 0.01) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(step)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--baseline", type=int, default=5)
    args = parser.parse_args()
    if TMUX is None:
        raise SystemExit("tmux is needed")
    folder = Path(tempfile.mkdtemp())
    env = {**os.environ, "FACILITATOR_DATA": str(folder)}
    subprocess.run(
        [BIN, "new", "-p", "demo", "-n", "Bench", "--start", date.today().isoformat()],
        env=env,
        check=True,
        capture_output=True,
    )
    path = folder / "bench.json"
    tmux = Tmux({"FACILITATOR_DATA": str(folder)})
    try:
        panes = [
            tmux.start(f"cd {ROOT} && exec {BIN} run bench --as Awa"),
            tmux.window(f"cd {ROOT} && exec {BIN} follow bench --as Ben"),
        ]
        wait(lambda: leads(tmux, panes[0]), "the first lead")
        tmux.keys(panes[0], "Space")
        time.sleep(2)  # both seats are there
        to_event, to_screen = [], []
        for i in range(args.rounds):
            giver, taker = panes[i % 2], panes[(i + 1) % 2]
            before = len(lead_events(path))
            at = time.time()
            start = time.monotonic()
            tmux.keys(giver, "h", "Enter")
            wait(lambda taker=taker: leads(tmux, taker), f"round {i + 1}: the screen")
            to_screen.append(time.monotonic() - start)
            wait(lambda before=before: len(lead_events(path)) > before, f"round {i + 1}: the event")
            to_event.append(lead_events(path)[-1]["at"] - at)
            time.sleep(1.0)
        # the baseline: a second `run --take-over --yes`, started while the lead runs
        taken = []
        for n in range(args.baseline):
            start = time.monotonic()
            fresh = tmux.window(f"cd {ROOT} && exec {BIN} run bench --take-over --yes --as T{n}")
            wait(lambda fresh=fresh: leads(tmux, fresh), "the take-over")
            taken.append(time.monotonic() - start)
            time.sleep(1)
    finally:
        tmux.close()

    def line(name: str, values: list[float]) -> str:
        ms = [v * 1000 for v in values]
        return (
            f"{name:<44} n={len(ms):>2}  median {statistics.median(ms):7.0f} ms"
            f"  p95 {percentile(ms, 0.95):7.0f} ms  max {max(ms):7.0f} ms"
        )

    print(line("in the app: keys -> new lead's lead event", to_event))
    print(line("in the app: keys -> new lead's screen LEAD", to_screen))
    if taken:
        print(line("before: run --take-over -> its screen LEAD", taken))
        ratio = statistics.median(taken) / statistics.median(to_screen)
        print(f"the in-app hand-over is {ratio:.1f} times faster (medians, screen to screen)")


if __name__ == "__main__":
    main()
