"""What a controller does with its writes: queue them, see which landed, undo or keep
and try again what failed, and keep what could not be saved when the app is left.

A mixin of :class:`~facilitator.control.controller.Controller`: it works on the
controller's own state (its pending events, its records waiting to be saved).
"""

from __future__ import annotations

import json
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitator.control.recording import SCORES
from facilitator.control.writer import HEAD_START_SECONDS, HOLD_SECONDS, WriteFailed
from facilitator.live.events import Event
from facilitator.store.db import Snapshot, WorkshopStore
from facilitator.store.files import write_atomic

if TYPE_CHECKING:
    from facilitator.control.controller import Controller


class Saving:
    """The writes of a controller (see the module's docstring)."""

    def _write(
        self: Controller,
        what: str,
        job: Callable[[], None],
        events: Iterable[Event] = (),
        record: dict[str, Any] | None = None,
    ) -> None:
        """Queue ``job``; ``events`` count at once in the live state, ``record`` (what was
        typed) is kept until the job has landed, to be tried again if it fails."""
        token = uuid.uuid4().hex
        events = tuple(events)
        if events:
            self.pending[token] = events
            self._refold()
        if record is not None:
            record.setdefault("uid", token)  # the same uid on every try: never written twice
            self._records[token] = (what, job, record)
        if self.synchronous:
            self._run_now(token, job)
        else:
            assert self.writer is not None
            if self.watched():  # the other terminals wait for this file: before our screen
                self.writer.submit(token, job, HEAD_START_SECONDS)
            else:  # nobody does: our screen first, and the file just after
                self.writer.submit(token, job, after_frame=HOLD_SECONDS)

    def _run_now(self: Controller, token: str, job: Callable[[], None]) -> None:
        try:
            job()
        except Exception as exc:
            self._write_done(token, exc)
        else:
            self._write_done(token, None)
        self.take_failures()
        self.reload()

    def _write_done(self: Controller, token: str, error: Exception | None) -> None:
        with self._lock:
            if error is None:
                self._landed.append(token)
                self._records.pop(token, None)
                self.unsaved.pop(token, None)
                self._retrying.discard(token)
            else:
                if token in self._records:
                    what = self._records[token][0]
                else:
                    what = "answer" if token in self._answer_tokens else "change"
                self.failures.append((token, WriteFailed(what, str(error))))

    def settled(self: Controller) -> bool:
        """Nothing this terminal wrote is on its way, failed, or waiting to be tried again:
        :meth:`take_failures` and :meth:`retry_unsaved` have nothing to do until it writes."""
        with self._lock:
            busy = self.failures or self.pending or self._records or self._answer_tokens
        return not (busy or self.unsaved or self._retrying or self._answers_unsaved)

    def take_failures(self: Controller) -> list[WriteFailed]:
        """What could not be written since the last call (main thread).

        A failed agenda change, and any queued after it, is taken back: the screen
        shows what the file holds. A record stays in :attr:`unsaved` and is tried
        again by :meth:`retry_unsaved`.
        """
        with self._lock:
            failures, self.failures = self.failures, []
        out = []
        for token, failure in failures:
            if token in self.pending:
                events = self.pending.pop(token)
                what = "+".join(e.kind for e in events)
                out.append(WriteFailed(what, failure.error, undone=True))
            elif token in self._records:
                self._retrying.discard(token)
                self.unsaved[token] = self._records[token]
                if not any(f.what == failure.what and not f.undone for f in out):
                    out.append(failure)
            elif token in self._answer_tokens:
                with self._lock:
                    key = self._answer_tokens.pop(token)
                    self._answers_retrying.discard(key)
                self._answers_unsaved.add(key)
                out.append(failure)
        if any(f.undone for f in out):
            self._refold()
            self._broken.clear()
        return out

    def retry_unsaved(self: Controller, force: bool = False) -> int:
        """Try again the records that could not be saved (every :data:`RETRY_SECONDS`).
        Returns how many wait to be saved: those sent again count until they have landed."""
        with self._lock:
            answers = len(self._answers_unsaved | self._answers_retrying)
            waiting = len(self.unsaved) + len(self._retrying) + answers
        if not self.unsaved and not self._answers_unsaved:
            return waiting
        if not force and time.monotonic() < self._retry_after:
            return waiting
        self._retry_after = time.monotonic() + self.retry_seconds
        for token, (_, job, _) in list(self.unsaved.items()):
            del self.unsaved[token]  # back in if it fails again
            self._retrying.add(token)
            if self.synchronous:
                self._run_now(token, job)
            else:
                assert self.writer is not None
                self.writer.submit(token, job)
        for key in list(self._answers_unsaved):
            self._answers_unsaved.discard(key)
            with self._lock:
                self._answers_retrying.add(key)  # until it lands, or fails again
            self._queue_answer(key)
        return waiting

    def unsaved_records(self: Controller) -> list[dict[str, Any]]:
        """What was typed and is not in the file yet (to keep somewhere when quitting)."""
        kept = [dict(record, what=what) for what, _, record in self.unsaved.values()]
        with self._lock:
            for key in self._answers_unsaved | set(self._answer_tokens.values()):
                edits = self._edits.get(key)
                if edits:
                    session, question, group = key
                    values = {n: e.value for n, e in edits.items()}
                    if session == SCORES:
                        kept.append({"what": "paper", "test": question, "code": group, **values})
                        continue
                    kept.append({"what": "answer", "session": session, "question": question,
                                 "group": group, **values})  # fmt: skip
        return kept

    def rescue_path(self: Controller) -> Path:
        """Where records that could not be saved go when the app is left."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        return self.store.path.with_name(f"{self.store.path.name}.unsaved-{stamp}.json")

    def rescue(self: Controller) -> Path | None:
        """Write what could not be saved to a file of its own, so that nothing typed is lost:
        beside the workshop, else in the home folder, else in the temporary folder."""
        kept = self.unsaved_records()
        if not kept:
            return None
        payload = json.dumps(kept, ensure_ascii=False, indent=1).encode()
        first = self.rescue_path()
        for folder in (first.parent, Path.home(), Path(tempfile.gettempdir())):
            target = folder / first.name
            try:
                write_atomic(target, payload, mode=0o600)
            except OSError:
                continue
            return target
        return None

    def saved_snapshot(self: Controller) -> Snapshot:
        """What the file holds once every write asked so far has landed; read afresh, so it
        may be called from a worker thread (this controller's own state is not touched)."""
        if self.writer is not None:
            self.writer.flush()
        return WorkshopStore(self.store.path).read()

    def flush(self: Controller) -> None:
        """Write what is queued, typing included; then read it back (quitting, export)."""
        if self.writer is not None:
            self.writer.flush()
        self.reload()

    def close(self: Controller) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reload()
