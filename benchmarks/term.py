"""A tmux server of the benchmarks' own: real processes in panes, their output timestamped.

Keys go in through one tmux control-mode client (no process spawned per key);
each pane's output is piped (``pipe-pane``) into a FIFO read by a thread of this
process, which stamps every chunk with ``time.perf_counter()`` as it arrives,
the moment tmux has it to draw. :meth:`Tmux.wait_for` finds when a text first
appeared on a pane (escape sequences taken out).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

_ESCAPE = re.compile(
    rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|P[^\x1b]*\x1b\\"
    rb"|[()][0-9A-B]|[=>78DEHMNOZc])"
)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(values: list[float]) -> tuple[float, float, float]:
    """Median, p95 and max."""
    return statistics.median(values), pct(values, 0.95), max(values)


class Pane:
    """One pane: its process, and what it wrote (plain text, with when each part came)."""

    def __init__(self, tmux: Tmux, pane_id: str, fifo: Path, go: Path) -> None:
        self.tmux = tmux
        self.id = pane_id
        self.go = go
        self.text = bytearray()
        self.marks: list[tuple[int, float]] = []  # (end offset in text, arrival time)
        self.cond = threading.Condition()
        self._fifo = fifo
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        held = b""
        with open(self._fifo, "rb", buffering=0) as stream:
            while chunk := stream.read(65536):
                now = time.perf_counter()
                raw = held + chunk
                cut = raw.rfind(b"\x1b")
                held = b""
                if cut != -1 and len(raw) - cut < 64 and not _ESCAPE.match(raw, cut):
                    raw, held = raw[:cut], raw[cut:]
                with self.cond:
                    self.text += _ESCAPE.sub(b"", raw)
                    self.marks.append((len(self.text), now))
                    self.cond.notify_all()

    def start(self) -> float:
        """Let the process start; returns when."""
        begin = time.perf_counter()
        with open(self.go, "w") as go:
            go.write("go\n")
        return begin

    def offset(self) -> int:
        with self.cond:
            return len(self.text)

    def wait_for(self, text: str, after: int = 0, timeout: float = 5.0) -> float | None:
        """When ``text`` first appeared after offset ``after`` (None if not within timeout)."""
        needle = text.encode()
        deadline = time.perf_counter() + timeout
        with self.cond:
            while True:
                found = self.text.find(needle, after)
                if found != -1:
                    end = found + len(needle)
                    return next(t for offset, t in self.marks if offset >= end)
                left = deadline - time.perf_counter()
                if left <= 0:
                    return None
                self.cond.wait(left)

    @property
    def pid(self) -> int:
        return int(self.tmux.cmd("display", "-p", "-t", self.id, "#{pane_pid}"))

    def cpu_seconds(self) -> float:
        """User and system CPU of the pane's process (all its threads), in seconds."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


_REPLACED = """
import os, sys, time
from inotify_simple import INotify, flags
folder, name = os.path.split(sys.argv[1])
notify = INotify()
notify.add_watch(folder, flags.MOVED_TO | flags.CLOSE_WRITE)
print("ready", flush=True)
while True:
    for event in notify.read():
        if event.name == name:
            print(time.perf_counter(), flush=True)
"""


class Replaced:
    """When a file was replaced (renamed into place), from inotify on its folder.

    The stamps are taken by a process of their own, which does nothing else: a thread
    of this process would stamp a replace only once it had Python's lock back from
    the thread reading the panes, which is busiest just then (every follower drawing
    at once), and the file looked replaced later than it was. ``time.perf_counter()``
    is CLOCK_MONOTONIC, the same clock in every process."""

    def __init__(self, path: Path) -> None:
        import sys

        self.path = path
        self.times: list[float] = []
        self._cond = threading.Condition()
        self._child = subprocess.Popen(
            [sys.executable, "-c", _REPLACED, str(path)], stdout=subprocess.PIPE, text=True
        )
        assert self._child.stdout is not None
        self._child.stdout.readline()  # "ready": watching
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        assert self._child.stdout is not None
        for line in self._child.stdout:
            with self._cond:
                self.times.append(float(line))
                self._cond.notify_all()

    def first_after(self, when: float, timeout: float = 0.0) -> float | None:
        """The first replace at or after ``when`` (waiting up to ``timeout`` seconds)."""
        deadline = time.perf_counter() + timeout
        with self._cond:
            while True:
                found = next((t for t in self.times if t >= when), None)
                left = deadline - time.perf_counter()
                if found is not None or left <= 0:
                    return found
                self._cond.wait(left)

    def stop(self) -> None:
        self._child.kill()
        self._child.wait()
        self._thread.join(timeout=1)


class Tmux:
    """A private tmux server with windows of ``width`` x ``height``."""

    def __init__(self, width: int = 120, height: int = 40) -> None:
        if shutil.which("tmux") is None:
            raise SystemExit("these benchmarks need tmux (apt-get install -y tmux)")
        self.socket = f"speed-bench-{os.getpid()}"
        self.dir = Path(tempfile.mkdtemp(prefix="facbench-"))
        self.size = (width, height)
        self.cmd(
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "bench",
            "-x",
            str(width),
            "-y",
            str(height),
            "sleep 100000",
        )
        self.control = subprocess.Popen(
            ["tmux", "-L", self.socket, "-C", "attach", "-t", "bench"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        self._send(f"refresh-client -C {width}x{height}")  # windows take the client's size
        self._send("refresh-client -f no-output")
        self._panes = 0

    def cmd(self, *args: str) -> str:
        out = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True)
        if out.returncode:
            raise RuntimeError(f"tmux {args}: {out.stderr.strip()}")
        return out.stdout.strip()

    def _send(self, line: str) -> None:
        assert self.control.stdin is not None
        self.control.stdin.write(line + "\n")
        self.control.stdin.flush()

    def spawn(self, command: list[str], env: dict[str, str] | None = None) -> Pane:
        """A new window running ``command`` once :meth:`Pane.start` is called."""
        self._panes += 1
        fifo, go = self.dir / f"out{self._panes}", self.dir / f"go{self._panes}"
        os.mkfifo(fifo)
        os.mkfifo(go)
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        line = f"read _ < {go}; exec env {exports} {shlex.join(command)}"
        pane_id = self.cmd(
            "new-window", "-d", "-P", "-F", "#{pane_id}", "-t", "bench", "sh", "-c", line
        )
        self.cmd("pipe-pane", "-t", pane_id, f"cat > {fifo}")
        return Pane(self, pane_id, fifo, go)

    def key(self, pane: Pane, key: str) -> float:
        """Send ``key`` to ``pane``; returns when it was sent."""
        begin = time.perf_counter()
        self._send(f"send-keys -t {pane.id} {key}")
        return begin

    def screen(self, pane: Pane) -> str:
        return self.cmd("capture-pane", "-p", "-t", pane.id)

    def __enter__(self) -> Tmux:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
        self.control.wait(timeout=5)
        shutil.rmtree(self.dir, ignore_errors=True)
