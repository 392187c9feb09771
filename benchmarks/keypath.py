"""Where a lead's slide key goes, from tmux to tmux: the profile behind key -> own screen.

    python benchmarks/keypath.py [--keys 80] [--followers 0]

The lead (``facilitator demo``) runs in a tmux pane (120x40) as ``benchmarks/tui.py``
runs it, with wall-clock marks (``time.perf_counter``, the clock term.py stamps the
pane's output with) around the steps of the key's path, put in by a wrapper around
the program: nothing in the program is changed or switched off. The bare app of
tui.py runs beside it, the keys interleaved. For each step, the median time it takes
and the median time from the key sent to its end; the steps that come after the frame
are listed apart (they do not hold the screen). ``--followers N`` also runs N
``facilitator follow`` panes on the lead's workshop, as benchmarks/sync.py does, and
times the key only until the lead's own screen shows it: what the followers' work
does to the lead's path.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from term import Tmux, summary
from tui import BARE, BYTECODE

ROOT = Path(__file__).resolve().parent.parent

WRAPPER = """
import atexit, json, os, sys, threading, time

from textual import events
from textual.app import App
from textual.drivers.linux_driver import LinuxDriver
from textual.screen import Screen

import facilitator.control.writer as writer
from facilitator.start import main
from facilitator.tui import app as app_module
from facilitator.tui.screens import main as main_screen

marks = []


def wrap(owner, attr, name):
    inner = getattr(owner, attr)

    def timed(*args, **kwargs):
        begin = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            marks.append((name, begin, time.perf_counter(), threading.current_thread().name))

    setattr(owner, attr, timed)


wrap(main_screen.MainScreen, "action_slide", "action")
wrap(main_screen.MainScreen, "refresh_view", "screen worked out")
wrap(writer.Writer, "submit", "submit")
wrap(os, "fsync", "fsync")
wrap(Screen, "_compositor_refresh", "frame")
wrap(LinuxDriver, "write", "out")
wrap(app_module.FacilitatorApp, "on_facilitator_app_changed", "file read again")
on_event = App.on_event


async def keyed(self, event):
    if isinstance(event, events.Key):
        now = time.perf_counter()
        marks.append(("key", now, now, "MainThread"))
    return await on_event(self, event)


App.on_event = keyed
atexit.register(lambda: json.dump(marks, open(os.environ["KEYPATH_MARKS"], "w")))
sys.argv = ["facilitator", *sys.argv[1:]]
main()
"""

STEPS = (
    ("tmux and Textual's input thread: the key reaches the app", "sent", "key"),
    ("Textual: the key to its binding", "key", "action"),
    ("the event folded, its write queued", "action", "submit"),
    ("the writer (alone: after the frame): read, serialise", "submit", "fsync"),
    ("the writer: fsync, replace, fsync of the folder", "fsync", "fsync end"),
    ("the writer says it is done; the lead wakes", "fsync end", "submit end"),
    ("the slide worked out and shown", "submit end", "slide"),
    ("Textual: messages until the frame (0: drawn at once)", "slide", "frame"),
    ("the frame: compositor and output", "frame", "out end"),
    ("tmux reads the output", "out end", "seen"),
)


def phases(marks: list, sent: float, seen: float, until: float) -> dict[str, float]:
    """The moments of one key's path (perf_counter seconds), from the marks between
    ``sent`` and ``until`` (the next key)."""
    at: dict[str, float] = {"sent": sent, "seen": seen}
    fsyncs = []
    for name, begin, end, _ in sorted(marks, key=lambda m: m[1]):  # a call's inner calls
        if not sent <= begin < until:  # are marked before it: in the order they began
            continue
        if name == "fsync":
            fsyncs.append((begin, end))
        elif name == "out":
            if "frame" in at and "out end" not in at:
                at["out end"] = end
        elif name == "frame":  # the key's frame: the first after its write
            if "submit end" in at and "frame" not in at:
                at["frame"], at["frame end"] = begin, end
        elif name in ("key", "action", "submit") and name not in at:
            at[name] = begin
            at[f"{name} end"] = end
        elif name in ("screen worked out", "file read again") and name not in at:
            at[name] = begin
    if fsyncs:
        at["fsync"], at["fsync end"] = fsyncs[0][0], fsyncs[-1][1]
    if "frame" in at and "action end" in at:  # drawn in the key's call, or after it
        at["slide"] = min(at["frame"], at["action end"])
    return at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=80)
    parser.add_argument("--followers", type=int, default=0)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="keypath-"))
    (data / "wrapper.py").write_text(WRAPPER)
    (data / "bare.py").write_text(BARE)
    marks_file = data / "marks.json"
    env = {"HOME": str(data), "XDG_DATA_HOME": str(data), "XDG_CONFIG_HOME": str(data)}
    env |= BYTECODE | {"PYTHONPYCACHEPREFIX": str(data / "pycache")}
    lead_env = env | {"KEYPATH_MARKS": str(marks_file)}
    python = str(ROOT / ".venv" / "bin" / "python")
    load = os.getloadavg()[0]
    sent_seen: list[tuple[float, float]] = []
    bare: list[float] = []
    with Tmux() as tmux:
        lead = tmux.spawn([python, str(data / "wrapper.py"), "demo", "--data", str(data / "w")],
                          lead_env)  # fmt: skip
        plain = tmux.spawn([python, str(data / "bare.py")], env)
        lead.start()
        plain.start()
        started = lead.wait_for("slide 1 of", timeout=60), plain.wait_for("Quit", timeout=60)
        if None in started:
            raise SystemExit(f"an app did not start:\n{tmux.screen(lead)}")
        follow = [str(ROOT / ".venv" / "bin" / "facilitator"), "follow", "--data", str(data / "w")]
        panes = [tmux.spawn([*follow, "demo"], env) for _ in range(args.followers)]
        for pane in panes:
            pane.start()
        for pane in panes:
            if pane.wait_for("slide 1 of", timeout=90) is None:
                raise SystemExit(f"a follower did not start:\n{tmux.screen(pane)}")
        time.sleep(2.0)  # the clock, the seat and the watcher under way
        for i in range(args.keys):
            key = "Right" if i % 2 == 0 else "Left"
            after = lead.offset()
            sent = tmux.key(lead, key)
            seen = lead.wait_for("slide 2 of" if i % 2 == 0 else "slide 1 of", after)
            if seen is not None:
                sent_seen.append((sent, seen))
            time.sleep(0.15)
            after = plain.offset()
            sent = tmux.key(plain, key)
            seen = plain.wait_for(f"count {i + 1}", after)
            if seen is not None:
                bare.append((seen - sent) * 1000)
            time.sleep(0.15)
        tmux.key(lead, "q")
        deadline = time.perf_counter() + 10
        while not marks_file.exists() and time.perf_counter() < deadline:
            time.sleep(0.05)
    if not marks_file.exists():
        raise SystemExit("the lead did not quit: no marks")
    marks = json.loads(marks_file.read_text())
    bounds = [s for s, _ in sent_seen[1:]] + [float("inf")]
    paths = [phases(marks, s, e, until) for (s, e), until in zip(sent_seen, bounds, strict=True)]
    print(f"a lead's slide key, tmux 120x40, {args.followers} follower(s); {len(paths)} keys, "
          f"load average at the start {load:.1f}, {os.cpu_count()} cores\n")  # fmt: skip
    print(f"  {'step':<56} {'takes':>7} {'ends at':>8}   (median ms)")
    for label, start, end in STEPS:
        took = [(p[end] - p[start]) * 1000 for p in paths if start in p and end in p]
        ends = [(p[end] - p["sent"]) * 1000 for p in paths if end in p]
        if took:
            print(f"  {label:<56} {statistics.median(took):7.2f} {statistics.median(ends):8.2f}")
    total = [(p["seen"] - p["sent"]) * 1000 for p in paths]
    median, p95, most = summary(total)
    bare_median, bare_p95, _ = summary(bare)
    print(f"\n  key -> own screen  median {median:6.1f}  p95 {p95:6.1f}  max {most:6.1f}"
          f"  p95 = {p95 / bare_p95:.2f}x bare (target <= 2x)")  # fmt: skip
    print(f"  bare app           median {bare_median:6.1f}  p95 {bare_p95:6.1f}")
    print("\n  after the frame (not on the key's path), from the key sent:")
    for name in ("screen worked out", "file read again"):  # the first of each after the key
        ends = [(p[name] - p["sent"]) * 1000 for p in paths if name in p]
        if ends:
            print(f"  {name:<56} {'':>7} {statistics.median(ends):8.2f}   ({len(ends)} keys)")


if __name__ == "__main__":
    main()
