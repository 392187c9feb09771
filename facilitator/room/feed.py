"""The room's view model kept current, and handed to every open page.

One :class:`Feed` per server. The watcher thread (the follower terminals' own,
:class:`facilitator.control.watch.Watcher`) reads the workshop file when it
changed; what it read is taken in on the event loop, the room's model is built
again, and when it differs from the last one every page waiting on
:meth:`Feed.updates` is woken. A tick once a second rebuilds it too (the agenda's
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
        self.closed = False
        self._changed: asyncio.Condition | None = None
        self._watcher: Watcher | None = None
        self._tick: asyncio.Task[None] | None = None
        self._waking: set[asyncio.Task[None]] = set()

    @staticmethod
    def _encode(model: RoomModel) -> bytes:
        data = model.to_dict()
        data["tree"] = tree(model.body, model.session) if model.view in ("slide", "card") else []
        data["whole"] = tree(model.whole, model.session) if model.whole else []
        return orjson.dumps(data)

    async def start(self) -> None:
        """Follow the workshop file (on the running event loop)."""
        loop = asyncio.get_running_loop()
        self._changed = asyncio.Condition()

        def changed(changes: Changes) -> None:  # on the watcher's thread
            with contextlib.suppress(RuntimeError):  # the loop closed while shutting down
                loop.call_soon_threadsafe(self._take, changes)

        def course(reloaded: Catalog | CatalogError) -> None:  # on the watcher's thread
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._course, reloaded)

        self._watcher = Watcher(self.controller, changed, lambda who: None, on_course=course)
        self._watcher.start()
        self._tick = asyncio.create_task(self._ticking())

    async def stop(self) -> None:
        """Stop following; every page's stream ends."""
        self.closed = True
        if self._watcher is not None:
            self._watcher.stop()
        if self._tick is not None:
            self._tick.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._tick
        await self._wake()

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
        task = asyncio.get_running_loop().create_task(self._wake())
        self._waking.add(task)  # kept until done: the loop holds only weak references
        task.add_done_callback(self._waking.discard)
        return True

    async def _wake(self) -> None:
        if self._changed is not None:
            async with self._changed:
                self._changed.notify_all()

    def message(self) -> bytes:
        """The current model with the server's time, as the page reads it."""
        now = orjson.dumps(self.controller.clock())
        return b'{"now":' + now + b',"model":' + self.payload + b"}"

    async def updates(self) -> AsyncIterator[bytes]:
        """Server-sent events for one page: the model now, then each new one."""
        assert self._changed is not None, "start() the feed first"
        seen = -1
        while not self.closed:
            quiet = False
            async with self._changed:
                if seen == self.version and not self.closed:
                    try:
                        await asyncio.wait_for(self._changed.wait(), KEEPALIVE_SECONDS)
                    except TimeoutError:
                        quiet = True
            if quiet:
                yield b": keep-alive\n\n"
            elif seen != self.version and not self.closed:
                seen = self.version
                yield b"data: " + self.message() + b"\n\n"
