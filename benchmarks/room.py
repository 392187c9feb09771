"""How soon does the room's browser show the lead's key press?

    python benchmarks/room.py [--samples 100] [--browsers 1 10]

The lead is the real app (`facilitator run`) in a tmux pane; the room is the
real `facilitator room` process; each browser is Debian's headless chromium
driven by Selenium. A MutationObserver in each page notes the time (the page's
own clock, performance.timeOrigin + now(), the same wall clock as ours) at
which the slide caption changed. A sample is: note the time, send the key
(Right or Left, turning between slides 1 and 2) to the lead's pane, wait until
every browser shows the new caption. Latency = shown - sent, per browser.

Baseline, in the same run and for the same keys: sent -> the workshop file
changed on disk (its stamp, looked at every millisecond), which is what every
follower waits for; "file -> page" is what the room adds, per sample. The
terminal room (`follow --role room`, another tmux window) is measured the same
way, its pane read with capture-pane every 2 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.room_web import chromium, wait_page  # noqa: E402

BIN = Path(sys.executable).with_name("facilitator")
OBSERVE = """
window.__seen = [];
const caption = document.getElementById('caption');
new MutationObserver(() => window.__seen.push(
    [performance.timeOrigin + performance.now(), caption.textContent]
)).observe(caption, {childList: true, characterData: true, subtree: true});
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Lead:
    """`facilitator run` in a private tmux server."""

    def __init__(self, env: dict[str, str]) -> None:
        self.tmux = shutil.which("tmux") or sys.exit("tmux is needed")
        self.socket = f"facilitator-bench-{uuid.uuid4().hex[:8]}"
        self.env = env

    def cmd(self, *args: str) -> str:
        return subprocess.run(
            [self.tmux, "-L", self.socket, *args], env=self.env, check=True, capture_output=True,
            text=True,
        ).stdout  # fmt: skip

    def start(self) -> None:
        self.cmd("new-session", "-d", "-s", "main", "-x", "160", "-y", "45",
                 f"cd {ROOT} && {BIN} run shared --as Lead")  # fmt: skip
        self.wait("LEAD")

    def wait(self, text: str) -> None:
        deadline = time.monotonic() + 20
        while text not in self.cmd("capture-pane", "-p", "-t", "main:0.0"):
            if time.monotonic() > deadline:
                sys.exit(f"the lead never showed {text!r}")
            time.sleep(0.05)

    def key(self, key: str) -> None:
        self.cmd("send-keys", "-t", "main:0.0", key)

    def close(self) -> None:
        subprocess.run([self.tmux, "-L", self.socket, "kill-server"], capture_output=True)


class FileWatch:
    """When the workshop file last changed, looked at every millisecond."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.changes: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        def stamp() -> tuple[int, int, int]:
            st = os.stat(self.path)
            return st.st_ino, st.st_size, st.st_mtime_ns

        seen = stamp()
        while not self._stop.wait(0.001):
            now = stamp()
            if now != seen:
                seen = now
                self.changes.append(time.time())

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def measure(url: str, lead: Lead, path: Path, browsers: int, samples: int) -> dict[str, list]:
    rng = random.Random(1)
    pages = [chromium(1280, 720) for _ in range(browsers)]
    drivers = [page.__enter__() for page in pages]
    try:
        for driver in drivers:
            driver.get(url)
            wait_page(driver, "document.getElementById('caption').textContent.includes('slide')")
            driver.execute_script(OBSERVE)
        watch = FileWatch(path)
        room: list[float] = []
        disk: list[float] = []
        after: list[float] = []
        for i in range(samples):
            key, want = ("Right", "slide 2 of") if i % 2 == 0 else ("Left", "slide 1 of")
            before = len(watch.changes)
            sent = time.time()
            lead.key(key)
            for driver in drivers:
                found = wait_page(
                    driver,
                    f"window.__seen.filter(s => s[0] / 1000 > {sent} && s[1].includes({want!r}))"
                    ".map(s => s[0])[0]",
                    what=want,
                )
                room.append(found - sent * 1000)
            while len(watch.changes) == before:
                time.sleep(0.001)
            disk.append((watch.changes[before] - sent) * 1000)
            after += [shown - disk[-1] for shown in room[-len(drivers) :]]
            time.sleep(rng.uniform(0.05, 0.15))
        watch.stop()
        return {"room": room, "disk": disk, "after": after}
    finally:
        for page in pages:
            page.__exit__(None, None, None)


def terminal(lead: Lead, path: Path, samples: int) -> dict[str, list]:
    """The same keys, to `follow --role room` in another tmux window, read with capture-pane."""
    lead.cmd("new-window", "-t", "main", f"cd {ROOT} && {BIN} follow shared --role room")
    pane = "main:1.0"
    rng = random.Random(2)

    def shows(text: str) -> bool:
        return text in lead.cmd("capture-pane", "-p", "-t", pane).splitlines()[0]

    deadline = time.monotonic() + 20
    while not (shows("slide 1 of") or shows("slide 2 of")):
        assert time.monotonic() < deadline, "the room terminal did not start"
        time.sleep(0.05)
    watch = FileWatch(path)
    room: list[float] = []
    disk: list[float] = []
    for _ in range(samples):
        want = "slide 2 of" if shows("slide 1 of") else "slide 1 of"
        key = "Right" if want == "slide 2 of" else "Left"
        before = len(watch.changes)
        sent = time.time()
        lead.key(key)
        while not shows(want):
            time.sleep(0.002)
        room.append((time.time() - sent) * 1000)
        while len(watch.changes) == before:
            time.sleep(0.001)
        disk.append((watch.changes[before] - sent) * 1000)
        time.sleep(rng.uniform(0.05, 0.15))
    watch.stop()
    return {"room": room, "disk": disk, "after": [r - d for r, d in zip(room, disk, strict=True)]}


def report(name: str, values: list[float]) -> str:
    return (
        f"{name:<34} median {statistics.median(values):6.1f} ms   "
        f"p95 {percentile(values, 0.95):6.1f} ms   max {max(values):6.1f} ms   (n={len(values)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--browsers", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--no-terminal", dest="terminal", action="store_false",
                        help="Do not measure the terminal room (follow --role room).")  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "FACILITATOR_DATA": f"{tmp}/data", "TERM": "xterm-256color",
               "TEXTUAL_ANIMATIONS": "none"}  # fmt: skip
        subprocess.run([str(BIN), "new", "-p", "demo", "-n", "Shared", "--start", "2026-12-07"],
                       env=env, check=True, capture_output=True)  # fmt: skip
        path = Path(tmp) / "data" / "shared.json"
        lead = Lead(env)
        room = subprocess.Popen([str(BIN), "room", "shared", "--port", "0"], env=env,
                                stdout=subprocess.PIPE, text=True)  # fmt: skip
        try:
            url = re.search(r"http://\S+", room.stdout.readline()).group(0)
            lead.start()
            lead.key("Space")
            lead.key("n")
            lead.wait("chain of custody")
            print(f"lead key -> browser shows it; {args.samples} keys, 1280x720 pages")
            for browsers in args.browsers:
                found = measure(url, lead, path, browsers, args.samples)
                print(report(f"{browsers} browser(s): key -> page", found["room"]))
                print(report(f"{browsers} browser(s): key -> file (baseline)", found["disk"]))
                print(report(f"{browsers} browser(s): file -> page", found["after"]))
            if args.terminal:
                found = terminal(lead, path, args.samples)
                print(report("terminal room: key -> pane", found["room"]))
                print(report("terminal room: key -> file (baseline)", found["disk"]))
                print(report("terminal room: file -> pane", found["after"]))
        finally:
            lead.close()
            room.terminate()
            room.wait(timeout=15)


if __name__ == "__main__":
    main()
