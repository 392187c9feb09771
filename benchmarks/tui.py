"""Launch -> first useful frame, and key -> own screen, in a real terminal, against a bare app.

    python benchmarks/tui.py [--starts 12] [--keys 60] [--baseline /tmp/speed-base]

Every app is a real process in a tmux pane (120x40); its output is timestamped
as tmux receives it (see term.py). Launch: from letting the process start to
the frame holding both the slide caption and the footer (``facilitator demo``),
or, for the bare app (Header and Footer, nothing else), its footer. Key: from
Right or Left sent to the pane until the new slide caption (the bare app: a
counter in a Label) is out. The runs of each app are interleaved. With
``--baseline``, the code before (a checkout with its own venv) runs too. Bytecode
is cached for every app (see :data:`BYTECODE`).
Secondary figures, headless under Pilot: ``benchmarks/tui_pilot.py``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from term import Tmux, summary

ROOT = Path(__file__).resolve().parent.parent

BARE = """
from textual.app import App
from textual.widgets import Footer, Header, Label


class Bare(App):
    TITLE = "bare"
    BINDINGS = [("q", "quit", "Quit"), ("question_mark", "help", "Help")]

    def compose(self):
        yield Header()
        yield Label("count 0", id="n")
        yield Footer()

    def on_key(self, event):
        self.n = getattr(self, "n", 0) + 1
        self.query_one(Label).update(f"count {self.n}")


Bare().run()
"""


BYTECODE = {"PYTHONDONTWRITEBYTECODE": ""}
"""Every app runs from cached bytecode, as after ``pip install`` (which compiles it):
written by the first launch, not counted, into a folder of the benchmark's own (no
tree is touched), even where the environment says not to write it."""


def apps(baseline: Path | None, data: Path) -> dict[str, list[str]]:
    bare = data / "bare.py"
    bare.write_text(BARE)
    out = {"bare": [sys.executable, str(bare)]}
    if baseline is not None:
        out["before"] = [str(baseline / ".venv/bin/facilitator"), "demo", "--data", str(data / "b")]
    out["after"] = [str(ROOT / ".venv/bin/facilitator"), "demo", "--data", str(data / "a")]
    return out


def launch(tmux: Tmux, command: list[str], env: dict[str, str], bare: bool) -> tuple[float, object]:
    pane = tmux.spawn(command, env)
    begin = pane.start()
    marks = ["Quit"] if bare else ["slide 1 of", "palette"]
    times = [pane.wait_for(m, timeout=60) for m in marks]
    if None in times:
        raise SystemExit(f"{command[0]} did not draw:\n{tmux.screen(pane)}")
    return (max(times) - begin) * 1000, pane  # type: ignore[type-var]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=12)
    parser.add_argument("--keys", type=int, default=60)
    parser.add_argument("--baseline", type=Path, default=None)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="factui-"))
    env = {"HOME": str(data), "XDG_DATA_HOME": str(data), "XDG_CONFIG_HOME": str(data)}
    env |= BYTECODE | {"PYTHONPYCACHEPREFIX": str(data / "pycache")}
    commands = apps(args.baseline, data)
    load = os.getloadavg()[0]
    starts: dict[str, list[float]] = {name: [] for name in commands}
    keys: dict[str, list[float]] = {name: [] for name in commands}
    with Tmux() as tmux:
        for name, command in commands.items():  # once each, not counted: the demo is made
            _, pane = launch(tmux, command, env, name == "bare")
            tmux.cmd("kill-pane", "-t", pane.id)  # type: ignore[attr-defined]
        for _ in range(args.starts):
            for name, command in commands.items():
                elapsed, pane = launch(tmux, command, env, name == "bare")
                starts[name].append(elapsed)
                tmux.cmd("kill-pane", "-t", pane.id)  # type: ignore[attr-defined]
        panes = {name: launch(tmux, c, env, name == "bare")[1] for name, c in commands.items()}
        time.sleep(2.0)
        for i in range(args.keys):
            for name, pane in panes.items():
                key = "Right" if i % 2 == 0 else "Left"
                if name == "bare":
                    text = f"count {i + 1}"
                else:
                    text = "slide 2 of" if i % 2 == 0 else "slide 1 of"
                after = pane.offset()  # type: ignore[attr-defined]
                sent = tmux.key(pane, key)  # type: ignore[arg-type]
                seen = pane.wait_for(text, after)  # type: ignore[attr-defined]
                if seen is not None:
                    keys[name].append((seen - sent) * 1000)
                time.sleep(0.1)
    print(f"real terminal (tmux 120x40); load average at the start {load:.1f}, "
          f"{os.cpu_count()} cores")  # fmt: skip
    print(f"\nlaunch -> first useful frame, {args.starts} launches each, interleaved (ms)")
    bare = statistics.median(starts["bare"])
    for name, values in starts.items():
        median, p95, most = summary(values)
        print(f"  {name:<7} median {median:7.1f}  p95 {p95:7.1f}  max {most:7.1f}"
              f"  = {median / bare:.2f}x bare   (target <= 1.8x)")  # fmt: skip
    print(f"\nkey -> own screen, {args.keys} keys each, interleaved (ms)")
    bare_p95 = summary(keys["bare"])[1]
    for name, values in keys.items():
        median, p95, most = summary(values)
        print(f"  {name:<7} median {median:7.1f}  p95 {p95:7.1f}  max {most:7.1f}"
              f"  p95 = {p95 / bare_p95:.2f}x bare   (target <= 2x)")  # fmt: skip


if __name__ == "__main__":
    main()
