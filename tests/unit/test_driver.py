"""The input thread of the app's terminal driver: keys as Textual's, no timed wake while idle."""

from __future__ import annotations

import os
import pty
import queue
import selectors
import threading
import tty

import pytest
from textual import events

from facilitator.tui import driver as quiet

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the Linux driver needs a tty")


class Recording(quiet.QuietLinuxDriver):
    """The driver on a pseudo-terminal, keeping what it would send to the app."""

    def __init__(self, fd: int) -> None:
        super().__init__(app=None, mouse=False, size=(80, 24))  # type: ignore[arg-type]
        tty.setraw(fd)  # as the app's terminal: no line buffering
        self.fileno = fd
        self.got: queue.Queue = queue.Queue()

    def process_message(self, message) -> None:
        self.got.put(message)

    def start(self) -> threading.Thread:
        self._key_thread = threading.Thread(target=self.run_input_thread, daemon=True)
        self._key_thread.start()
        return self._key_thread


async def test_keys_and_a_lone_escape_come_through_then_stopping_ends_the_thread() -> None:
    master, slave = pty.openpty()
    driver = Recording(slave)
    thread = driver.start()
    try:
        os.write(master, b"a")
        key = driver.got.get(timeout=10)
        assert isinstance(key, events.Key) and key.key == "a"
        os.write(master, b"\x1b")  # a lone Escape: timed out by the parser, as Textual's
        key = driver.got.get(timeout=10)
        assert isinstance(key, events.Key) and key.key == "escape"
        driver.disable_input()
        assert not thread.is_alive()
    finally:
        os.close(master)
        os.close(slave)


async def test_with_nothing_typed_the_thread_sleeps_without_a_timeout_until_stopped(
    monkeypatch,
) -> None:
    timeouts: list[float | None] = []
    asleep = threading.Event()
    select = selectors.SelectSelector.select

    def recorded(self, timeout=None):
        timeouts.append(timeout)
        if timeout is None:
            asleep.set()
        return select(self, timeout)

    monkeypatch.setattr(selectors.SelectSelector, "select", recorded)
    monkeypatch.setattr(quiet, "AWAKE_SECONDS", 0.0)  # no input yet: asleep at once
    master, slave = pty.openpty()
    driver = Recording(slave)
    thread = driver.start()
    try:
        assert asleep.wait(timeout=10)
        assert timeouts == [None]
        driver.disable_input()  # wakes it through its pipe
        assert not thread.is_alive()
        assert timeouts[0] is None and driver.got.empty()
    finally:
        os.close(master)
        os.close(slave)


def test_the_app_runs_on_the_quiet_driver_unless_textual_driver_says_otherwise(
    monkeypatch,
) -> None:
    from textual.app import App

    from facilitator.tui.app import FacilitatorApp

    monkeypatch.setattr(App, "get_driver_class", lambda self: _linux())
    assert (
        FacilitatorApp.get_driver_class(FacilitatorApp.__new__(FacilitatorApp))
        is quiet.QuietLinuxDriver
    )  # type: ignore[arg-type]
    monkeypatch.setattr(App, "get_driver_class", lambda self: Recording)
    assert FacilitatorApp.get_driver_class(FacilitatorApp.__new__(FacilitatorApp)) is Recording  # type: ignore[arg-type]


def _linux():
    from textual.drivers.linux_driver import LinuxDriver

    return LinuxDriver
