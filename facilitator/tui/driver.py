"""Textual's Linux driver, whose input thread sleeps until a key comes.

Textual's input thread looks at the terminal ten times a second whether or not
anything was typed (``select`` with a 0.1 s timeout), to see whether it should
stop and to time out a lone Escape. On an idle terminal those ten wakes a second
were the largest part of its CPU (about 1.4 ms a second of the 3.7 a lead spent
on the demo, measured from ``/proc``). Here the thread also waits on a pipe of
its own: stopping writes to it, so no timeout is needed to notice. After any
input it keeps Textual's 0.1 s looks for :data:`AWAKE_SECONDS` (a lone Escape, a
sequence cut in two, is timed out as before); then it sleeps until the next
key, resize report or stop.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import termios
import time
from codecs import getincrementaldecoder

from textual import constants
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

LOOK = 0.1
"""Seconds between two looks while input may be pending (Textual's own)."""
AWAKE_SECONDS = max(1.0, 4 * constants.ESCAPE_DELAY)
"""After input, the looks go on this long (well past the Escape delay, ``ESCDELAY``)."""


class QuietLinuxDriver(LinuxDriver):
    """:class:`~textual.drivers.linux_driver.LinuxDriver`, but with no timed wake of its
    input thread while nothing is typed."""

    _wake: int | None = None
    """The write end of the pipe that wakes the input thread (while it runs)."""

    def disable_input(self) -> None:
        """As Textual's: stop the input thread, here by waking it."""
        try:
            if not self.exit_event.is_set():
                signal.signal(signal.SIGWINCH, signal.SIG_DFL)
                self._disable_mouse_support()
                self.exit_event.set()
                if self._wake is not None:
                    with contextlib.suppress(OSError):
                        os.write(self._wake, b"x")
                if self._key_thread is not None:
                    self._key_thread.join()
                self.exit_event.clear()
                with contextlib.suppress(termios.error):
                    termios.tcflush(self.fileno, termios.TCIFLUSH)
        except Exception:  # as Textual's: leaving the terminal must not fail
            pass

    def run_input_thread(self) -> None:
        """Wait for input (or the stop) and dispatch events; as Textual's, without the
        ten looks a second while nothing comes."""
        wake_r, wake_w = os.pipe()
        self._wake = wake_w
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        selector.register(wake_r, selectors.EVENT_READ)
        fileno = self.fileno
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        def process(ready: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> bool:
            """Feed what the terminal sent; True if it sent anything."""
            got = False
            for key, mask in ready:
                if key.fd != fileno or not mask & selectors.EVENT_READ:
                    continue
                got = True
                data = decode(os.read(fileno, 1024 * 4), final=final)
                if not data:  # stdin piped, and at its end
                    break
                for event in parser.feed(data):
                    self.process_message(event)
            for event in parser.tick():
                self.process_message(event)
            return got

        try:
            awake_until = time.monotonic() + AWAKE_SECONDS
            while not self.exit_event.is_set():
                timeout = LOOK if time.monotonic() < awake_until else None
                if process(selector.select(timeout)):
                    awake_until = time.monotonic() + AWAKE_SECONDS
            selector.unregister(self.fileno)
            process(selector.select(LOOK), final=True)
        finally:
            self._wake = None
            selector.close()
            os.close(wake_r)
            os.close(wake_w)
            with contextlib.suppress(Exception):  # as Textual's: EOF, a parse error
                for _ in parser.feed(""):
                    pass
