"""The room's view model kept current, and handed to every open page.

One :class:`Feed` per server. The watcher thread (the follower terminals' own,
:class:`facilitator.control.watch.Watcher`) reads the workshop file when it
changed; what it read is taken in on the event loop, the room's model is built
again, and when it differs from the last one it is serialised once, as the one
server-sent event every page gets (the same bytes for all), and every page
waiting on :meth:`Feed.updates` is woken at once (one future set, no lock each
page takes in turn). A tick once a second rebuilds it too (the agenda's
projected times move while a session runs over); the countdown itself does not
change the model while it runs (:class:`facilitator.control.room.RoomTimer`), so
pages hear from the server only when something they show changed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable

import orjson

from facilitator.control.controller import Changes, Controller
from facilitator.control.room import RoomModel, room_model
from facilitator.control.rota import Watching
from facilitator.control.watch import Watcher
from facilitator.course.catalog import Catalog, CatalogError
from facilitator.room.markdown import tree

TICK_SECONDS = 1.0
KEEPALIVE_SECONDS = 15.0
"""A comment line this often on a quiet stream, so a page gone away is noticed."""


class Feed:
    """The room's model, its JSON, and the pages waiting for the next one."""

    def __init__(
        self,
        controller: Controller,
        warn_seconds: int,
        on_problem: Callable[[str], None] | None = None,
    ) -> None:
        self.controller = controller
        self.on_problem = on_problem
        """Told what is wrong (file:line) when an edited course file does not load."""
        self.warn_seconds = warn_seconds
        self.model: RoomModel = room_model(controller, warn_seconds)
        self.payload = self._encode(self.model)
        self.version = 0
        self.event = b""
        """The model as the server-sent event of this version, built once for every page."""
        self.closed = False
        self._changed: asyncio.Future[None] | None = None
        self._watcher: Watcher | None = None
        self._watching: Watching | None = None
        self._tick: asyncio.Task[None] | None = None

    @staticmethod
    def _encode(model: RoomModel) -> bytes:
        data = model.to_dict()
        data["tree"] = tree(model.body, model.session) if model.view in ("slide", "card") else []
        data["whole"] = tree(model.whole, model.session) if model.whole else []
        return orjson.dumps(data)

    async def start(self) -> None:
        """Follow the workshop file (on the running event loop)."""
        loop = asyncio.get_running_loop()
        self._changed = loop.create_future()

        def changed(changes: Changes) -> None:  # on the watcher's thread
            with contextlib.suppress(RuntimeError):  # the loop closed while shutting down
                loop.call_soon_threadsafe(self._take, changes)

        def course(reloaded: Catalog | CatalogError) -> None:  # on the watcher's thread
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._course, reloaded)

        self._watching = Watching(self.controller.store.path, self.controller.clock)
        self._watcher = Watcher(
            self.controller, changed, lambda who: None, self._watching, on_course=course
        )
        self._watcher.start()
        self._tick = asyncio.create_task(self._ticking())

    def end_streams(self) -> None:
        """Every page's stream ends (the server is stopping: it waits for them)."""
        self.closed = True
        self._wake()

    async def stop(self) -> None:
        """Stop following; every page's stream ends."""
        self.closed = True
        if self._watcher is not None:
            self._watcher.stop()
        if self._watching is not None:
            self._watching.close()
        if self._tick is not None:
            self._tick.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._tick
        self._wake()

    def _take(self, changes: Changes) -> None:
        self.controller.apply(changes)
        self.refresh()

    def _course(self, reloaded: Catalog | CatalogError) -> None:
        """The course edited: the new text on every page; a broken file keeps the last
        good version on the pages and is told to whoever started the server."""
        if isinstance(reloaded, CatalogError):
            if self.on_problem is not None:
                for problem in reloaded.problems:
                    self.on_problem(str(problem))
            return
        self.controller.use_catalog(reloaded)
        self.refresh()

    async def _ticking(self) -> None:
        while True:
            await asyncio.sleep(TICK_SECONDS)
            self.refresh()

    def refresh(self) -> bool:
        """Build the model again; wake the pages when it changed. True if it did."""
        model = room_model(self.controller, self.warn_seconds)
        if model == self.model:
            return False
        self.model = model
        self.payload = self._encode(model)
        self.version += 1
        self.event = b""
        self._wake()
        return True

    def _wake(self) -> None:
        """Every page waiting now runs on at the loop's next turn."""
        if self._changed is not None and not self._changed.done():
            self._changed.set_result(None)
        if not self.closed:
            self._changed = asyncio.get_running_loop().create_future()

    def message(self) -> bytes:
        """The current model with the server's time, as the page reads it."""
        now = orjson.dumps(self.controller.clock())
        return b'{"now":' + now + b',"model":' + self.payload + b"}"

    def _event(self) -> bytes:
        """This version's event, made once by the first page woken (the server's time in it
        is then, a moment after the change): every other page sends the same bytes."""
        if not self.event:
            self.event = b"data: " + self.message() + b"\n\n"
        return self.event

    async def updates(self) -> AsyncIterator[bytes]:
        """Server-sent events for one page: the model now, then each new one."""
        assert self._changed is not None, "start() the feed first"
        yield b"data: " + self.message() + b"\n\n"  # a page just opened: the time now
        seen = self.version
        while not self.closed:
            if seen == self.version:
                try:  # shielded: one page's timeout does not cancel the others' future
                    await asyncio.wait_for(asyncio.shield(self._changed), KEEPALIVE_SECONDS)
                except TimeoutError:
                    yield b": keep-alive\n\n"
                    continue
            if seen != self.version and not self.closed:
                seen = self.version
                yield self._event()
