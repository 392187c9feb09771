"""Lead key -> every follower's screen, in real terminals: one lead and 1, 3 or 10 followers.

    python benchmarks/sync.py [--keys 40] [--followers 1,3,10] [--baseline /tmp/speed-base]

Every terminal is a real ``facilitator`` process in a tmux pane (120x40) on the
demo workshop. The lead is sent Right and Left (through one tmux control
client); a key is timed from when it was sent until the new slide caption is in
the output of the lead's own pane (key -> own screen), of every follower's pane
(the slowest one counts), and until the workshop file was replaced (inotify on its
folder). Then 10 s of nothing: CPU of the lead and of each
follower, as a share of one core.

``--baseline`` is a checkout of the code before (``git worktree add --detach
/tmp/speed-base main`` and a venv in it): the same runs, interleaved with ours.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from term import Replaced, Tmux, summary

ROOT = Path(__file__).resolve().parent.parent
IDLE_SECONDS = 10.0
TARGETS = {1: 40.0, 3: 100.0, 10: 100.0}
"""p95 targets (ms), lead key -> every follower's screen (issue 19)."""


def workshop(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from facilitator import paths
    from facilitator.course import catalog
    from facilitator.store import workshops

    course, _ = catalog.load_for(paths.course_roots(), "demo")
    return workshops.create_demo(folder, course, date(2026, 12, 7))


def run(venv: Path, followers: int, keys: int, seed: int) -> dict[str, list[float]]:
    """One lead and ``followers`` followers from ``venv``; figures in ms (CPU in %)."""
    exe = str(venv / ".venv" / "bin" / "facilitator")
    data = Path(tempfile.mkdtemp(prefix="facsync-"))
    path = workshop(data)
    env = {"HOME": str(data), "XDG_DATA_HOME": str(data), "XDG_CONFIG_HOME": str(data)}
    out: dict[str, list[float]] = {"followers": [], "own": [], "file": [], "lost": []}
    rng = random.Random(seed)
    with Tmux() as tmux:
        lead = tmux.spawn([exe, "run", str(path)], env)
        lead.start()
        if lead.wait_for("slide 1 of 2", timeout=60) is None:
            raise SystemExit(f"the lead did not start:\n{tmux.screen(lead)}")
        panes = [tmux.spawn([exe, "follow", str(path)], env) for _ in range(followers)]
        for pane in panes:
            pane.start()
        for pane in panes:
            if pane.wait_for("slide 1 of 2", timeout=90) is None:
                raise SystemExit(f"a follower did not start:\n{tmux.screen(pane)}")
        time.sleep(2.0)
        replaced = Replaced(path)
        cpu_before = [p.cpu_seconds() for p in (lead, *panes)]
        for i in range(keys):
            key, caption = ("Right", "slide 2 of 2") if i % 2 == 0 else ("Left", "slide 1 of 2")
            offsets = [p.offset() for p in (lead, *panes)]
            sent = tmux.key(lead, key)
            own = lead.wait_for(caption, offsets[0])
            seen = [p.wait_for(caption, o) for p, o in zip(panes, offsets[1:], strict=True)]
            if own is None or None in seen:
                out["lost"].append(1.0)
                time.sleep(2.0)
                continue
            out["own"].append((own - sent) * 1000)
            out["followers"].append((max(seen) - sent) * 1000)  # type: ignore[type-var]
            time.sleep(0.2)
            landed = replaced.first_after(sent)
            if landed is not None:
                out["file"].append((landed - sent) * 1000)
            time.sleep(rng.uniform(0.05, 0.25))
        replaced.stop()
        cpu_keys = [p.cpu_seconds() - b for p, b in zip((lead, *panes), cpu_before, strict=True)]
        out["cpu_key_lead"] = [cpu_keys[0] * 1000 / keys]
        out["cpu_key_follower"] = [c * 1000 / keys for c in cpu_keys[1:]]
        time.sleep(2.0)
        before = [p.cpu_seconds() for p in (lead, *panes)]
        begin = time.perf_counter()
        time.sleep(IDLE_SECONDS)
        spent = [p.cpu_seconds() - b for p, b in zip((lead, *panes), before, strict=True)]
        elapsed = time.perf_counter() - begin
        out["cpu_lead"] = [spent[0] / elapsed * 100]
        out["cpu_follower"] = [s / elapsed * 100 for s in spent[1:]]
    return out


def row(label: str, values: list[float], target: str = "") -> str:
    if not values:
        return f"  {label:<34} (none)"
    median, p95, most = summary(values)
    return f"  {label:<34} {median:8.1f} {p95:8.1f} {most:8.1f}   {target}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--followers", default="1,3,10")
    parser.add_argument("--baseline", type=Path, default=None, help="checkout of the code before")
    args = parser.parse_args()
    counts = [int(n) for n in args.followers.split(",")]
    trees = [("after", ROOT)]
    if args.baseline is not None:
        trees.insert(0, ("before", args.baseline))
    results: dict[tuple[str, int], dict[str, list[float]]] = {}
    for n in counts:
        for label, tree in trees:
            results[label, n] = run(tree, n, args.keys, seed=n)
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{args.keys} lead keys per run (Right/Left), real processes in tmux, 120x40")
    for n in counts:
        print(f"\n{n} follower(s)        {'median':>14} {'p95':>8} {'max':>8}   (ms)")
        for label, _ in trees:
            r = results[label, n]
            lost = f", {len(r['lost']):.0f} key(s) not seen in 5 s" if r["lost"] else ""
            print(f" {label}{lost}")
            print(
                row(
                    "lead key -> every follower's screen",
                    r["followers"],
                    f"target p95 <= {TARGETS.get(n, 100):.0f}",
                )
            )
            print(row("lead key -> workshop file replaced", r["file"], "target p95 <= 8"))
            print(row("lead key -> lead's own screen", r["own"]))
            cpu = r["cpu_follower"]
            print(
                f"  CPU per key, ms: lead {r['cpu_key_lead'][0]:.1f}, follower median "
                f"{statistics.median(r['cpu_key_follower']):.1f} (the idle cost included)"
            )
            print(
                f"  idle CPU, % of one core: lead {r['cpu_lead'][0]:.2f}, follower median "
                f"{statistics.median(cpu):.2f} (max {max(cpu):.2f}), all "
                f"{r['cpu_lead'][0] + sum(cpu):.2f}   target <= 0.3 each"
            )
        if len(trees) == 2:
            b, a = results["before", n], results["after", n]
            parts = []
            for key in ("followers", "file", "own"):
                if a[key] and b[key]:
                    parts.append(f"{key} p95 {summary(a[key])[1] / summary(b[key])[1]:.2f}x")
            print("  after/before: " + ", ".join(parts))


if __name__ == "__main__":
    main()
