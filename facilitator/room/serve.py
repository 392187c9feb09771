"""Starting the room's web server: a socket, uvicorn on it, the URL to open."""

from __future__ import annotations

import ipaddress
import secrets
import socket
import threading
from collections.abc import Callable

import uvicorn

from facilitator.control.controller import Controller
from facilitator.room.feed import Feed
from facilitator.room.web import make_web


def loopback(host: str) -> bool:
    """``host`` is this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def reachable(host: str) -> str:
    """``host`` as another machine opens it: an unspecified address (0.0.0.0, ::) listens
    on every address but names none, so this machine's own address on its network is
    given instead (the one its route out uses; a UDP connect sends nothing), or its name."""
    try:
        unspecified = ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return host
    if not unspecified:
        return host
    six = ":" in host
    probe = ("2001:db8::1", 9) if six else ("192.0.2.1", 9)  # documentation addresses
    try:
        with socket.socket(socket.AF_INET6 if six else socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(probe)
            found = str(s.getsockname()[0])
    except OSError:
        found = ""
    if not found or loopback(found) or ipaddress.ip_address(found).is_unspecified:
        return socket.gethostname()
    return found


class _Uvicorn(uvicorn.Server):
    """uvicorn, ending the pages' streams first when it stops: it waits for every open
    response to end, and a stream to a page never ends by itself."""

    def __init__(self, config: uvicorn.Config, feed: Feed) -> None:
        super().__init__(config)
        self.feed = feed

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.feed.end_streams()
        await super().shutdown(sockets)


class RoomServer:
    """The room view of one workshop on ``host``:``port`` (0: any free port).

    Off the loopback a random token is made; the URL carries it, and every
    request without it is refused.
    """

    def __init__(
        self,
        controller: Controller,
        warn_seconds: int,
        host: str,
        port: int,
        on_problem: Callable[[str], None] | None = None,
    ) -> None:
        self.feed = Feed(controller, warn_seconds, on_problem)
        self.token = None if loopback(host) else secrets.token_urlsafe(18)
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind((host.strip("[]"), port))
        self.socket.listen(128)  # a browser opening the URL printed at once waits, not refused
        self.host, self.port = host, self.socket.getsockname()[1]
        hosts = ("*",) if self.token else ()
        config = uvicorn.Config(
            make_web(self.feed, self.token, hosts),
            log_level="warning",
            timeout_graceful_shutdown=1,
            lifespan="on",
        )
        self.server = _Uvicorn(config, self.feed)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """What to open in the projector's browser."""
        return self.link("/")

    def link(self, page: str) -> str:
        """The address of ``page`` (``/``, ``/clock``, ``/agenda``), with the token if any."""
        host = reachable(self.host)
        name = f"[{host.strip('[]')}]" if ":" in host else host
        query = f"?token={self.token}" if self.token else ""
        return f"http://{name}:{self.port}{page}{query}"

    def run(self) -> None:
        """Serve until Ctrl+C."""
        self.server.run(sockets=[self.socket])

    def start(self) -> None:
        """Serve on a thread (tests, benchmarks); :meth:`stop` ends it."""
        self._thread = threading.Thread(target=self.run, name="facilitator-room", daemon=True)
        self._thread.start()

    def started(self) -> bool:
        return self.server.started

    def stop(self) -> None:
        self.server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
