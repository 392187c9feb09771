"""Hostile names and notes in a real terminal: the bytes the app sends carry none of them.

tmux's pipe-pane keeps every byte the app writes; capture-pane -e the screen with its
escapes. Neither may hold a sequence that came from data: no clipboard write (OSC 52),
no window title (OSC 0), no link (OSC 8), no screen clear from a name, no C1 control,
no bidi override.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.e2e_tmux import BIN, Tmux, needs_tmux
from tests.functional.test_hostile_app import other_terminal_writes
from tests.nasty import HOSTILE, MARKUP, PAYLOADS

EVIL = "".join(v for k, v in HOSTILE.items() if "surrogate" not in k).replace("\x00", "")


@pytest.fixture()
def workshop(tmp_path: Path, root: Path) -> tuple[Tmux, Path]:
    tmux = Tmux({"FACILITATOR_DATA": str(tmp_path / "data")})
    subprocess.run(
        [str(BIN), "new", "-p", "demo", "-n", "Evil", "--start", "2026-12-07"],
        cwd=root, env=tmux.env, check=True, capture_output=True,
    )  # fmt: skip
    path = tmp_path / "data" / "evil.json"
    data = json.loads(path.read_text())  # a hand-edited file: nothing cleaned it on the way
    record = data["workshop"]["1"]
    record["name"] = "Lomé A" + HOSTILE["CSI 2J clears the screen"] + "B" + EVIL
    record["venue"] = "Port" + EVIL
    record["roster"] = [{"name": "Amina" + EVIL, "country": "Togo" + EVIL, "agency": "C" + EVIL}]
    path.write_text(json.dumps(data))
    yield tmux, path
    tmux.close()


def foreign(raw: bytes) -> list[str]:
    """What in the app's output can only have come from the data."""
    # the link's address is on screen as text (the [link=...] note is shown as typed);
    # what must not be there is a link to it
    found = [p for p in PAYLOADS if p != "evil.example" and p.encode() in raw]
    found += ["OSC 8 (link)"] * raw.count(b"\x1b]8;")
    found += [f"C1 {m.group().hex()}" for m in re.finditer(rb"\xc2[\x80-\x9f]", raw)]
    found += [
        f"bidi {m.group().hex()}"
        for m in re.finditer(rb"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]", raw)
    ]
    found += ["OSC 52"] * raw.count(b"\x1b]52;")
    found += ["OSC 0 (title)"] * raw.count(b"\x1b]0;")
    found += ["CSI 2J inside a name"] * raw.count(b"A\x1b[2J")
    return found


@needs_tmux
def test_nothing_from_the_data_reaches_the_terminal(
    workshop: tuple[Tmux, Path], tmp_path: Path, root: Path
) -> None:
    tmux, path = workshop
    log = tmp_path / "pane.log"
    pane = tmux.start(f"cd {root} && {BIN} run evil --as 'Kofi{EVIL}'", width=160, height=48)
    tmux.run("pipe-pane", "-o", "-t", pane, f"cat >> {log}")
    tmux.wait_for(pane, "Lomé AB", "LEAD")
    other_terminal_writes(path, [MARKUP["markup link"]], author="Ana" + EVIL)
    tmux.wait_for(pane, "[link=https://evil")  # a toast shows the markup as typed
    other_terminal_writes(path, [*MARKUP.values(), "note" + EVIL], author="Ana" + EVIL)
    tmux.keys(pane, "r")  # every note of the session, drawn as it comes
    tmux.wait_for(pane, "[bold red]loud[/]", "\\[not markup]", "6 notes")
    tmux.keys(pane, "r", "t")  # the attendance list: the roster's names
    tmux.wait_for(pane, "Amina")
    screen = tmux.run("capture-pane", "-e", "-p", "-t", pane)
    tmux.keys(pane, "C-s")  # closes the list (an Escape right before q would read as alt+q)
    tmux.wait_for(pane, "Attendance saved")
    tmux.keys(pane, "q")
    tmux.wait_closed()
    raw = log.read_bytes()
    assert raw, "pipe-pane logged nothing"
    assert foreign(raw) == []
    assert foreign(screen.encode()) == []
