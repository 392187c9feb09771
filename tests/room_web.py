"""Helpers for the room view's tests: the server on a free port, its event stream read."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from facilitator.control.controller import open_controller
from facilitator.control.options import Options
from facilitator.room.serve import RoomServer


@contextmanager
def room_server(path, course, clock, host: str = "127.0.0.1") -> Iterator[RoomServer]:
    """`facilitator room` on ``path``, on a free port, on a thread; stopped after."""
    options = Options(path=path, role="follower", following=True)
    controller = open_controller(options, course, clock, synchronous=True)
    server = RoomServer(controller, 300, host, 0)
    server.start()
    deadline = time.monotonic() + 10
    while not server.started():
        assert time.monotonic() < deadline, "the room server did not start"
        time.sleep(0.01)
    try:
        yield server
    finally:
        server.stop()


def base(server: RoomServer) -> str:
    return f"http://127.0.0.1:{server.port}"


class Stream:
    """The page's stream of the room's model, read as a browser's EventSource does."""

    def __init__(self, client: httpx.Client, url: str) -> None:
        self._context = client.stream("GET", url, timeout=httpx.Timeout(10.0))
        self.response = self._context.__enter__()
        self.raw: list[str] = []
        self._lines = self.response.iter_lines()

    def next(self) -> dict:
        """The next message (keep-alive comments are passed over)."""
        for line in self._lines:
            self.raw.append(line)
            if line.startswith("data: "):
                return json.loads(line[len("data: ") :])
        raise AssertionError("the stream ended")

    def until(self, condition, what: str = "") -> dict:
        """Read messages until one's model satisfies ``condition``."""
        for _ in range(50):
            message = self.next()
            if condition(message["model"]):
                return message
        raise AssertionError(f"no message where {what}")

    def close(self) -> None:
        self._context.__exit__(None, None, None)
