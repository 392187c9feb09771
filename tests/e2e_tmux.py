"""Helpers to drive the real `facilitator` command in tmux panes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
needs_tmux = pytest.mark.skipif(TMUX is None, reason="tmux is not installed on this machine")
BIN = Path(sys.executable).with_name("facilitator")


class Tmux:
    """One private tmux server; panes run the app with the given environment."""

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"facilitator-test-{uuid.uuid4().hex[:8]}"
        self.env = {**os.environ, "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none", **env}

    def run(self, *args: str) -> str:
        return subprocess.run(
            [TMUX, "-L", self.socket, *args],
            capture_output=True,
            text=True,
            env=self.env,
            check=True,
        ).stdout

    def start(self, command: str, width: int = 120, height: int = 40) -> str:
        self.run("new-session", "-d", "-s", "main", "-x", str(width), "-y", str(height), command)
        return "main:0.0"

    def split(self, command: str) -> str:
        self.run("split-window", "-h", "-t", "main:0", command)
        return "main:0.1"

    def window(self, command: str) -> str:
        """Another window of the session, full size, running ``command``: its pane's id."""
        return self.run("new-window", "-d", "-t", "main", "-P", "-F", "#{pane_id}", command).strip()

    def pid(self, pane: str) -> int:
        """The process the pane runs (its command started with ``exec``)."""
        return int(self.run("display-message", "-p", "-t", pane, "#{pane_pid}").strip())

    def keys(self, pane: str, *keys: str) -> None:
        """Keys to ``pane``; ``"-l", text`` (first) types ``text`` as it is. After another
        key tmux would type ``-l`` itself: refused here."""
        assert "-l" not in keys[1:], "send -l text in a call of its own"
        # a lone ";" is tmux's command separator: escaped, it is the key
        self.run("send-keys", "-t", pane, *("\\;" if k == ";" else k for k in keys))

    def screen(self, pane: str) -> str:
        return self.run("capture-pane", "-p", "-t", pane)

    def wait_for(self, pane: str, *texts: str, timeout: float = 20.0) -> str:
        """Read the pane until every one of ``texts`` shows at once.

        The app is another process and draws in steps (a slide's caption can
        change a frame before its Markdown body), so wait for all that matters.
        """
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen(pane)
            if all(text in screen for text in texts):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{texts!r} did not all appear in pane {pane}; it shows:\n{screen}")

    def wait_gone(self, pane: str, text: str, timeout: float = 20.0) -> None:
        """Read the pane until ``text`` is no longer on it."""
        deadline = time.monotonic() + timeout
        while text in (screen := self.screen(pane)):
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} is still in pane {pane}:\n{screen}")
            time.sleep(0.05)

    def wait_closed(self, timeout: float = 20.0) -> None:
        """Wait until every pane's program has exited (the session is gone)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            alive = subprocess.run(
                [TMUX, "-L", self.socket, "has-session", "-t", "main"],
                capture_output=True,
                env=self.env,
            )
            if alive.returncode != 0:
                return
            time.sleep(0.05)
        raise AssertionError("the app did not exit")

    def close(self) -> None:
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], capture_output=True, env=self.env)
