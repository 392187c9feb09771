"""How soon does the room show the lead's key press, in browsers and in a terminal?

    python benchmarks/room.py [--samples 100] [--browsers 1 10] [--no-terminal]
                              [--baseline DIR] [--idle SECONDS]

Every part is a real process: the lead is `facilitator run` in a tmux pane (keys
sent through one tmux control client, no process spawned per key), the room is
`facilitator room`, each browser is Debian's headless chromium driven by
Selenium, and the terminal room is `follow --role room` in another pane, its
output piped to this process and stamped as it arrives (benchmarks/term.py).

A sample: send Right or Left to the lead (turning between slides 1 and 2), wait
until the first page shows the new caption, then a random 0.1-0.25 s. A
MutationObserver in each page notes the time (the page's clock,
performance.timeOrigin + now(), the same wall clock as ours) at which #caption
changed, and the pages' notes are read once per block of samples, not once per
sample and page (asking ten pages after every key loaded the machine under test
while it drew). Latency = shown - sent, per page. Baseline, in the same run and for
the same keys: sent -> the workshop file replaced (inotify on its folder), which
every follower and the room wait for; "file -> page" is what the room adds.

--baseline DIR (another checkout with its own .venv, e.g. main's) measures its
room server and its terminal room in the same run, in blocks of samples taken in
turn with this checkout's (ABBA...), the same lead, pages and keys, so a change of
the machine's load falls on both alike. Also printed: the CPU each key costs the
room server and the room terminal, and all the browsers together (user + system, from /proc),
split by chromium's process type: the pages' renderers (script, style, layout, paint), the
GPU process (software compositing), the browser process and the rest (zygote, utility).
Only the chromium processes this benchmark started are counted. --idle SECONDS also
measures, in each block before its keys, the browsers' CPU per second with no key sent
(the lead's timer running: what the pages cost between two keys).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from term import Pane, Replaced, Tmux, summary  # noqa: E402

from tests.room_web import chromium, wait_page  # noqa: E402

BIN = Path(sys.executable).with_name("facilitator")
TARGET = 100.0
"""p95 target (ms) for every row lead key -> room (issue 15)."""
BLOCK = 20
"""Samples in a row before the other side (--baseline) takes its turn."""
WARM = 2
"""Keys sent, not counted, after a side's room (re)started: its first draws are cold."""
OBSERVE = """
window.__seen = [];
const caption = document.getElementById('caption');
new MutationObserver(() => {
  const seen = [performance.timeOrigin + performance.now(), caption.textContent];
  window.__seen.push(seen);
  if (window.__waiting) window.__waiting(seen);
}).observe(caption, {childList: true, characterData: true, subtree: true});
"""
SHOWN = """
const [after, want, done] = arguments;
const hit = (s) => s[0] > after && s[1].includes(want);
const found = window.__seen.find(hit);
if (found) { done(found[0]); return; }
window.__waiting = (s) => { if (hit(s)) { window.__waiting = null; done(s[0]); } };
"""
SEEN = "const seen = window.__seen; window.__seen = []; return seen;"


@dataclass
class Found:
    """One side's figures for one row (ms)."""

    room: list[float] = field(default_factory=list)
    disk: list[float] = field(default_factory=list)
    after: list[float] = field(default_factory=list)
    missed: int = 0
    """Samples a page never showed (it went straight to a later caption)."""
    cpu: list[float] = field(default_factory=list)
    """CPU seconds of the room process, per block, and the keys of that block."""
    keys: int = 0
    pages_cpu: dict[str, float] = field(default_factory=dict)
    """CPU seconds of the chromium processes (the pages' browsers), per kind, all blocks."""
    idle_cpu: dict[str, float] = field(default_factory=dict)
    """The same with no key sent (--idle), all blocks, and the seconds it was measured."""
    idle_seconds: float = 0.0


def cpu_seconds(pid: int) -> float:
    """User and system CPU of process ``pid`` (all its threads), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


KINDS = ("renderer", "gpu", "browser", "other")
"""The chromium processes' kinds, as the CPU of the browsers is split: the pages'
renderers (script, style, layout, paint), the GPU process (compositing; software
here, --disable-gpu), the browser process (the window, the network, the devtools
protocol Selenium talks to) and the rest (zygote, utility: network, storage)."""


def kind(cmdline: bytes) -> str:
    """Which of :data:`KINDS` a chromium process is, from its command line."""
    for arg in cmdline.replace(b"\0", b" ").split():  # a child's title is one spaced string
        if arg.startswith(b"--type="):
            return {b"renderer": "renderer", b"gpu-process": "gpu"}.get(arg[7:], "other")
    return "browser"


def chromium_seconds() -> dict[str, float]:
    """User and system CPU (s) of the chromium processes this benchmark started (its
    descendants: other users' browsers on the machine are left out), per kind."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # gone meanwhile
                continue
            parents[int(entry.name)] = int(stat[1])
    mine = {os.getpid()}
    grew = True  # a child's pid is not always above its parent's: again until none is added
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in mine and pid not in mine:
                mine.add(pid)
                grew = True
    total = dict.fromkeys(KINDS, 0.0)
    for pid in mine:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            if cmdline.startswith(b"/usr/lib/chromium/chromium"):
                total[kind(cmdline)] += cpu_seconds(pid)
        except OSError:
            continue
    return total


def workshop(folder: Path) -> Path:
    from facilitator import paths
    from facilitator.course import catalog
    from facilitator.store import workshops

    course, _ = catalog.load_for(paths.course_roots(), "demo")
    return workshops.create_demo(folder, course, date(2026, 12, 7))


class Lead:
    """The lead in its pane, turning between slides 1 and 2 of a session."""

    def __init__(self, tmux: Tmux, pane: Pane) -> None:
        self.tmux, self.pane = tmux, pane
        self.on_first = True

    def press(self) -> tuple[float, float, str]:
        """Turn the slide: (wall ms, perf_counter s) when sent, and the caption it brings."""
        key, want = ("Right", "slide 2 of") if self.on_first else ("Left", "slide 1 of")
        self.on_first = not self.on_first
        wall = time.time() * 1000
        return wall, self.tmux.key(self.pane, key), want


def blocks(samples: int, sides: int) -> list[tuple[int, int]]:
    """(side, samples) in turn, ABBA, so each side has ``samples`` in all."""
    order: list[tuple[int, int]] = []
    left = [samples] * sides
    turn = 0
    while any(left):
        for side in range(sides) if turn % 2 == 0 else reversed(range(sides)):
            if left[side]:
                n = min(BLOCK, left[side])
                order.append((side, n))
                left[side] -= n
        turn += 1
    return order


def serve(exe: str, path: Path, env: dict) -> tuple[subprocess.Popen[str], str]:
    """`facilitator room` of one side on a free port: the process and its URL."""
    room = subprocess.Popen([exe, "room", str(path), "--port", "0"], env={**os.environ, **env},
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    line = room.stdout.readline() if room.stdout else ""
    found = re.search(r"http://\S+", line)
    if found is None:
        raise SystemExit(f"{exe} room did not start: {line!r}")
    host, port = re.match(r"http://([^:/]+):(\d+)", found.group(0)).groups()
    deadline = time.monotonic() + 15  # main before 0ab0a5c printed the URL before listening
    while True:
        try:
            socket.create_connection((host, int(port)), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    return room, found.group(0)


def match(seen: list[list], sent: list[tuple[float, str]]) -> list[float | None]:
    """Per key sent (wall ms, caption), ms until the page first showed its caption after
    it, before the key after next (which brings the same caption again); None if never."""
    shown: list[float | None] = []
    for i, (wall, want) in enumerate(sent):
        limit = sent[i + 2][0] if i + 2 < len(sent) else float("inf")
        hit = next((t for t, text in seen if wall < t < limit and want in text), None)
        shown.append(None if hit is None else hit - wall)
    return shown


def browsers(exes: list[str], path: Path, env: dict, lead: Lead, count: int, samples: int,
             idle: float = 0.0):  # fmt: skip
    """``samples`` keys per side with ``count`` pages open, per side: its Found."""
    rng = random.Random(count)
    pages = [chromium(1280, 720) for _ in range(count)]
    drivers = [page.__enter__() for page in pages]
    found = [Found() for _ in exes]
    replaced = Replaced(path)
    try:
        for side, n in blocks(samples, len(exes)):
            room, url = serve(exes[side], path, env)
            try:
                for driver in drivers:
                    driver.get(url)
                    wait_page(driver, "document.getElementById('caption').textContent"
                                      ".includes('slide')")  # fmt: skip
                    driver.execute_script(OBSERVE)
                    driver.set_script_timeout(10)
                for _ in range(WARM):
                    wall, _sent, want = lead.press()
                    drivers[0].execute_async_script(SHOWN, wall, want)
                    time.sleep(0.2)
                for driver in drivers:
                    driver.execute_script(SEEN)
                if idle:
                    time.sleep(1.0)  # the pages just loaded: their first second is busier
                    quiet, start = chromium_seconds(), time.perf_counter()
                    time.sleep(idle)
                    spent, late = chromium_seconds(), time.perf_counter()
                    found[side].idle_seconds += late - start
                    for name in KINDS:
                        was = found[side].idle_cpu.get(name, 0.0)
                        found[side].idle_cpu[name] = was + spent[name] - quiet[name]
                before = cpu_seconds(room.pid)
                pages_before = chromium_seconds()
                sent: list[tuple[float, str]] = []
                stamps: list[float] = []
                for _ in range(n):
                    wall, at, want = lead.press()
                    sent.append((wall, want))
                    stamps.append(at)
                    drivers[0].execute_async_script(SHOWN, wall, want)
                    time.sleep(rng.uniform(0.1, 0.25))
                found[side].cpu.append(cpu_seconds(room.pid) - before)
                pages_after = chromium_seconds()
                for name in KINDS:
                    spent = pages_after[name] - pages_before[name]
                    found[side].pages_cpu[name] = found[side].pages_cpu.get(name, 0.0) + spent
                found[side].keys += n
                disk = []
                for at in stamps:
                    landed = replaced.first_after(at, timeout=2.0)
                    disk.append(None if landed is None else (landed - at) * 1000)
                found[side].disk += [d for d in disk if d is not None]
                for driver in drivers:  # each page read once for the block
                    for shown, written in zip(match(driver.execute_script(SEEN), sent), disk,
                                              strict=True):  # fmt: skip
                        if shown is None:
                            found[side].missed += 1
                            continue
                        found[side].room.append(shown)
                        if written is not None:
                            found[side].after.append(shown - written)
            finally:
                room.terminate()
                room.wait(timeout=15)
        return found
    finally:
        replaced.stop()
        for page in pages:
            page.__exit__(None, None, None)


def terminal(exes: list[str], tmux: Tmux, lead: Lead, path: Path, env: dict, samples: int):
    """The same keys, to `follow --role room` of each side in a pane, its output stamped."""
    rng = random.Random(2)
    found = [Found() for _ in exes]
    replaced = Replaced(path)
    for side, n in blocks(samples, len(exes)):
        wall = tmux.spawn([exes[side], "follow", str(path), "--role", "room"], env)
        wall.start()
        if wall.wait_for("slide ", timeout=60) is None:
            raise SystemExit(f"the room terminal did not start:\n{tmux.screen(wall)}")
        for _ in range(WARM):
            offset = wall.offset()
            _wall, _at, want = lead.press()
            wall.wait_for(want, offset)
            time.sleep(0.2)
        before = wall.cpu_seconds()
        for _ in range(n):
            offset = wall.offset()
            _wall, sent, want = lead.press()
            shown = wall.wait_for(want, offset)
            landed = replaced.first_after(sent, timeout=2.0)
            if shown is None:
                raise SystemExit(f"the room terminal never showed {want!r}")
            found[side].room.append((shown - sent) * 1000)
            if landed is not None:
                found[side].disk.append((landed - sent) * 1000)
                found[side].after.append(found[side].room[-1] - found[side].disk[-1])
            time.sleep(rng.uniform(0.1, 0.25))
        found[side].cpu.append(wall.cpu_seconds() - before)
        found[side].keys += n
        tmux.cmd("kill-pane", "-t", wall.id)
    replaced.stop()
    return found


def row(label: str, values: list[float], target: str = "") -> str:
    if not values:
        return f"  {label:<40} (none)"
    median, p95, most = summary(values)
    return f"  {label:<40} {median:8.1f} {p95:8.1f} {most:8.1f}   {target}"


def report(title: str, sides: list[tuple[str, Found]]) -> None:
    for name, found in sides:
        label = f"{title} [{name}]" if len(sides) > 1 else title
        print(f"\n{label:<42} {'median':>8} {'p95':>8} {'max':>8}   (ms, n={len(found.room)})")
        print(row("lead key -> room shows it", found.room, f"target p95 <= {TARGET:.0f}"))
        print(row("lead key -> workshop file replaced", found.disk, "target p95 <= 8 (issue 19)"))
        print(row("file replaced -> room shows it", found.after))
        per_key = sum(found.cpu) / found.keys * 1000 if found.keys else 0.0
        print(f"  {'CPU of the room process per key':<40} {per_key:8.1f} ms"
              + (f"   missed by a page: {found.missed}" if found.missed else ""))  # fmt: skip
        if found.pages_cpu and found.keys:
            pages = sum(found.pages_cpu.values()) / found.keys * 1000
            split = ", ".join(f"{name} {found.pages_cpu[name] / found.keys * 1000:.1f}"
                              for name in KINDS)  # fmt: skip
            print(f"  {'CPU of the browsers per key (all)':<40} {pages:8.1f} ms   ({split})")
        if found.idle_seconds:
            per_second = {name: spent / found.idle_seconds * 1000
                          for name, spent in found.idle_cpu.items()}  # fmt: skip
            split = ", ".join(f"{name} {per_second[name]:.1f}" for name in KINDS)
            print(f"  {'CPU of the browsers per s, no key (all)':<40} "
                  f"{sum(per_second.values()):8.1f} ms   ({split})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--browsers", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--no-terminal", dest="terminal", action="store_false",
                        help="Do not measure the terminal room (follow --role room).")  # fmt: skip
    parser.add_argument(
        "--baseline", type=Path, default=None, metavar="DIR",
        help="Another checkout (with .venv), measured in turn with this one.",
    )  # fmt: skip
    parser.add_argument("--idle", type=float, default=0.0, metavar="SECONDS",
                        help="Also the browsers' CPU with no key, this long a block.")  # fmt: skip
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="facroom-"))
    path = workshop(data)
    env = {"HOME": str(data), "XDG_DATA_HOME": str(data), "XDG_CONFIG_HOME": str(data),
           "FACILITATOR_DATA": str(data), "TEXTUAL_ANIMATIONS": "none"}  # fmt: skip
    exe = str(BIN)
    names, exes = ["this"], [exe]
    if args.baseline is not None:
        other = args.baseline.resolve() / ".venv" / "bin" / "facilitator"
        if not other.exists():
            raise SystemExit(f"{other}: no such program (make the baseline's .venv first)")
        names.append(f"baseline {args.baseline}")
        exes.append(str(other))
    load = os.getloadavg()
    with Tmux(160, 45) as tmux:
        pane = tmux.spawn([exe, "run", str(path)], env)
        pane.start()
        if pane.wait_for("slide 1 of 2", timeout=60) is None:
            raise SystemExit(f"the lead did not start:\n{tmux.screen(pane)}")
        lead = Lead(tmux, pane)
        tmux.key(pane, "Space")
        tmux.key(pane, "n")
        if pane.wait_for("chain of custody", timeout=20) is None:
            raise SystemExit(f"the lead did not move on:\n{tmux.screen(pane)}")
        results = [
            (
                f"{n} browser(s), 1280x720",
                browsers(exes, path, env, lead, n, args.samples, args.idle),
            )
            for n in args.browsers
        ]
        if args.terminal:
            found = terminal(exes, tmux, lead, path, env, args.samples)
            results.append(("terminal room (follow --role room)", found))
    after = os.getloadavg()
    print(f"load average (1, 5, 15 min) before: {' '.join(f'{x:.1f}' for x in load)}; "
          f"after: {' '.join(f'{x:.1f}' for x in after)}; {os.cpu_count()} cores")  # fmt: skip
    print(f"{args.samples} lead keys (Right/Left) per row and side; every part a real process")
    if len(exes) > 1:
        print(f"sides taken in turn, blocks of {BLOCK} samples: {', '.join(names)}")
    for title, found in results:
        report(title, list(zip(names, found, strict=True)))


if __name__ == "__main__":
    main()
