"""Idle CPU of a lead, a follower and a bare Textual app, each a real process in tmux.

    python benchmarks/idle.py [--seconds 20] [--rounds 4] [--baseline /tmp/speed-base]

A lead (``facilitator run``) and a follower (``facilitator follow``) on the demo
workshop, and a bare app (Header, a Label, Footer), all in tmux panes (120x40),
started and left alone for 3 s. Then nothing is typed for ``--seconds``, cut
into ``--rounds`` windows: in each window the user and system CPU of every
process (``/proc/PID/stat``, all its threads) is read at the start and at the
end, so every app is measured over the same seconds (interleaved by being
measured side by side). Printed: median and max over the windows, as a share of
one core. With ``--baseline`` (a checkout with its own venv) a lead and a
follower of the code before run too, on a workshop of their own.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--baseline", type=Path, default=None, help="checkout of the code before")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="facidle-"))
    env = {"HOME": str(data), "XDG_DATA_HOME": str(data), "XDG_CONFIG_HOME": str(data)}
    (data / "bare.py").write_text(BARE)
    commands: dict[str, list[str]] = {"bare": [sys.executable, str(data / "bare.py")]}
    trees = [("after", ROOT)] + ([("before", args.baseline)] if args.baseline else [])
    for label, tree in trees:
        folder = data / label
        folder.mkdir()
        path = workshop(folder)
        exe = str(tree / ".venv" / "bin" / "facilitator")
        commands[f"{label} lead"] = [exe, "run", str(path)]
        commands[f"{label} follower"] = [exe, "follow", str(path)]
    load = os.getloadavg()[0]
    share: dict[str, list[float]] = {name: [] for name in commands}
    with Tmux() as tmux:
        panes = {}
        for name, command in commands.items():  # the lead first: the follower follows it
            pane = tmux.spawn(command, env)
            pane.start()
            mark = "count 0" if name == "bare" else "slide 1 of"
            if pane.wait_for(mark, timeout=90) is None:
                raise SystemExit(f"{name} did not start:\n{tmux.screen(pane)}")
            panes[name] = pane
        time.sleep(3.0)
        window = args.seconds / args.rounds
        for _ in range(args.rounds):
            before = {name: p.cpu_seconds() for name, p in panes.items()}
            begin = time.perf_counter()
            time.sleep(window)
            after = {name: p.cpu_seconds() for name, p in panes.items()}
            elapsed = time.perf_counter() - begin
            for name in panes:
                share[name].append((after[name] - before[name]) / elapsed * 100)
    tick = 100 / os.sysconf("SC_CLK_TCK") / window
    print(f"idle CPU, real processes in tmux (120x40); load average at the start {load:.1f}, "
          f"{os.cpu_count()} cores")  # fmt: skip
    print(f"{args.rounds} windows of {window:.0f} s, nothing typed; % of one core "
          f"(one clock tick of CPU in a window = {tick:.2f})")  # fmt: skip
    print(f"  {'':<16}{'median':>8} {'max':>8} {'total':>8}")
    for name, values in share.items():
        target = f"   target <= {TARGET}" if name != "bare" else "   (the floor)"
        print(f"  {name:<16}{statistics.median(values):8.2f} {max(values):8.2f} "
              f"{statistics.mean(values):8.2f}{target}")  # fmt: skip


if __name__ == "__main__":
    main()
