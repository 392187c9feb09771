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
def room_server(
    path, course, clock, host: str = "127.0.0.1", on_problem=None
) -> Iterator[RoomServer]:
    """`facilitator room` on ``path``, on a free port, on a thread; stopped after."""
    options = Options(path=path, role="follower", following=True)
    controller = open_controller(options, course, clock, synchronous=True)
    server = RoomServer(controller, 300, host, 0, on_problem)
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


CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def browser_missing() -> str | None:
    """Why the browser tests cannot run here (CI installs both, so there they must)."""
    import os
    from pathlib import Path

    if Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists():
        return None
    if os.environ.get("CI"):
        return None  # let the test fail: CI's .ci/run installs them
    return "Debian's chromium and chromium-driver are not installed (apt-get install -y ...)"


@contextmanager
def chromium(width: int = 1920, height: int = 1080):
    """A headless Debian chromium, driven by Selenium, its page exactly width x height."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(argument)
    options.add_argument(f"--window-size={width},{height + 200}")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        size(driver, width, height)
        yield driver
    finally:
        driver.quit()


def size(driver, width: int, height: int) -> None:
    """The page's own size (the viewport), whatever the window around it."""
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)


def wait_page(driver, script: str, timeout: float = 15.0, what: str = ""):
    """Evaluate ``script`` (a JS expression) in the page until it is truthy; its value."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = driver.execute_script(f"return ({script});")
        if value:
            return value
        time.sleep(0.02)
    text = driver.execute_script("return document.body.innerText;")
    raise AssertionError(f"the page never showed {what or script}; it shows:\n{text}")


def shown(driver, element: str, text: str, timeout: float = 15.0) -> None:
    """Wait until element ``#element`` has ``text`` in it."""
    script = f"(document.getElementById({element!r}).textContent || '').includes({text!r})"
    wait_page(driver, script, timeout, f"{text!r} in #{element}")


def own_demo(tmp_path, root):
    """A copy of the course to edit, and the demo workshop on it at 09:00:
    (the course folder, its catalog, the workshop file, a fake clock)."""
    import shutil
    from datetime import date

    from facilitator.course import catalog
    from facilitator.live.events import FakeClock
    from facilitator.store import workshops
    from tests.helpers import at

    course = tmp_path / "course"
    shutil.copytree(root / "sessions", course / "sessions")
    shutil.copytree(root / "content", course / "content")
    loaded, _ = catalog.load_for((course,), "demo")
    path = workshops.create_demo(tmp_path / "data", loaded, date(2026, 12, 7), "Europe/Brussels")
    return course, loaded, path, FakeClock(at("2026-12-07", "09:00", "Europe/Brussels"))
