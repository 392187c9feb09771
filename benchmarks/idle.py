"""Idle CPU of a lead, its followers and a bare Textual app, each a real process in tmux.

    flock /tmp/bench.lock python benchmarks/idle.py [--seconds 40] [--repeats 3]
        [--followers 3] [--baseline /tmp/idle-base]

A lead (``facilitator run``) and ``--followers`` followers (``facilitator
follow``) on one demo workshop, and a bare app (Header, a Label, Footer), all in
tmux panes (120x40), started and left alone for ``--settle`` seconds. Then
nothing is typed for ``--repeats`` windows of ``--seconds`` each: in each window
the CPU time of every process (all its threads; the scheduler's count in ns,
``/proc/PID/task/*/schedstat``, with the clock ticks of ``/proc/PID/stat`` as
a cross-check) is read at the start and at the end, so every app is measured
over the same seconds. Printed per app: the median over the windows (a follower's figure is
the median of the followers in a window), the max, and the bare app of the
same windows beside it; the load average at the start of each window.

``--baseline`` is a checkout of the code before: with its own ``.venv`` it runs
from that; without one (``git archive main | tar -x -C /tmp/idle-base``) it runs
with this venv's Python and ``PYTHONPATH`` set to the checkout. Its lead and
followers are on a workshop of their own, measured in the same windows.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from term import Tmux
from tui import BARE

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.3
"""% of one core, lead and follower each (issue 19)."""


def workshop(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from facilitator import paths
    from facilitator.course import catalog
    from facilitator.store import workshops

    course, _ = catalog.load_for(paths.course_roots(), "demo")
    return workshops.create_demo(folder, course, date(2026, 12, 7))


def launcher(tree: Path) -> tuple[list[str], dict[str, str]]:
    """How to start ``facilitator`` from the checkout ``tree``, and what to add to its env."""
    own = tree / ".venv" / "bin" / "facilitator"
    if own.exists():
        return [str(own)], {}
    # -P: the folder the process starts in (this checkout's, as tmux's) is not put first
    return [sys.executable, "-P", "-m", "facilitator"], {"PYTHONPATH": str(tree)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=40.0, help="length of one window")
    parser.add_argument("--repeats", type=int, default=3, help="windows")
    parser.add_argument("--followers", type=int, default=3)
    parser.add_argument("--settle", type=float, default=5.0)
    parser.add_argument("--baseline", type=Path, default=None, help="checkout of the code before")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="facidle-"))
    env = {"HOME": str(data), "XDG_DATA_HOME": str(data), "XDG_CONFIG_HOME": str(data)}
    env["FACILITATOR_DATA"] = str(data)
    (data / "bare.py").write_text(BARE)
    groups: dict[str, dict[str, tuple[list[str], dict[str, str]]]] = {
        "bare": {"bare": ([sys.executable, str(data / "bare.py")], env)}
    }
    trees = ([("before", args.baseline)] if args.baseline else []) + [("after", ROOT)]
    for label, tree in trees:
        folder = data / label
        folder.mkdir()
        path = workshop(folder)
        exe, extra = launcher(tree)
        group = {"lead": ([*exe, "run", str(path)], {**env, **extra})}
        for i in range(args.followers):
            group[f"follower {i + 1}"] = ([*exe, "follow", str(path)], {**env, **extra})
        groups[label] = group
    # share[group][role] = one figure per window
    share: dict[str, dict[str, list[float]]] = {g: {} for g in groups}
    loads: list[float] = []
    with Tmux() as tmux:
        panes = {}
        for label, group in groups.items():
            for name, (command, environment) in group.items():  # the lead first
                pane = tmux.spawn(command, environment)
                pane.start()
                mark = "count 0" if label == "bare" else "slide 1 of"
                if pane.wait_for(mark, timeout=90) is None:
                    raise SystemExit(f"{label} {name} did not start:\n{tmux.screen(pane)}")
                panes[label, name] = pane
        time.sleep(args.settle)
        pids = {key: pane.pid for key, pane in panes.items()}
        ticks: dict[tuple[str, str], list[float]] = {key: [] for key in pids}
        for _ in range(args.repeats):
            loads.append(os.getloadavg()[0])
            before = {key: (cpu_seconds(pid), ticks_seconds(pid)) for key, pid in pids.items()}
            begin = time.perf_counter()
            time.sleep(args.seconds)
            after = {key: (cpu_seconds(pid), ticks_seconds(pid)) for key, pid in pids.items()}
            elapsed = time.perf_counter() - begin
            figures = {k: (after[k][0] - before[k][0]) / elapsed * 100 for k in pids}
            for k in pids:
                ticks[k].append((after[k][1] - before[k][1]) / elapsed * 100)
            for label, group in groups.items():
                followers = [figures[label, n] for n in group if n.startswith("follower")]
                row = share[label]
                if label == "bare":
                    row.setdefault("bare", []).append(figures["bare", "bare"])
                    continue
                row.setdefault("lead", []).append(figures[label, "lead"])
                if followers:
                    row.setdefault("follower", []).append(statistics.median(followers))
                    row.setdefault("followers max", []).append(max(followers))
    tick = 100 / os.sysconf("SC_CLK_TCK") / args.seconds
    by_ticks = {
        label: statistics.median(statistics.median(ticks[label, n]) for n in group)
        for label, group in groups.items()
    }
    print(f"idle CPU, real processes in tmux (120x40), {os.cpu_count()} cores; load average "
          f"at the start of each window: {', '.join(f'{x:.2f}' for x in loads)}")  # fmt: skip
    print(f"{args.repeats} windows of {args.seconds:.0f} s, nothing typed, {args.followers} "
          "follower(s) per lead; % of one core, the scheduler's count (schedstat)")  # fmt: skip
    print(f"  {'':<22}{'median':>8} {'max':>8}   windows")
    for label, rows in share.items():
        for role, values in rows.items():
            name = role if label == "bare" else f"{label} {role}"
            note = "(the floor)" if label == "bare" else f"target <= {TARGET}"
            each = " ".join(f"{v:.3f}" for v in values)
            print(f"  {name:<22}{statistics.median(values):8.3f} {max(values):8.3f}   "
                  f"{each}   {note}")  # fmt: skip
    print(f"cross-check from clock ticks (/proc/PID/stat, one tick in a window = {tick:.3f}), "
          "median of every process of each: "
          + ", ".join(f"{label} {v:.3f}" for label, v in by_ticks.items()))  # fmt: skip


def cpu_seconds(pid: int) -> float:
    """CPU time of process ``pid``, all its threads, in seconds: the scheduler's own count
    in nanoseconds (``/proc/PID/task/*/schedstat``), not the clock ticks of
    ``/proc/PID/stat`` (10 ms each). Falls back to those without schedstat."""
    total = 0
    try:
        for task in os.scandir(f"/proc/{pid}/task"):
            total += int(Path(task.path, "schedstat").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return ticks_seconds(pid)
    return total / 1e9


def ticks_seconds(pid: int) -> float:
    """User and system CPU of process ``pid`` (all its threads) in clock ticks, seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()
