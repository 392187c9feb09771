"""One workshop as the app sees it: programme, store, clock, and the actions on it.

No Textual here. Writes go to the store on one background thread, in order,
so a key press never waits for an fsync; until a write lands, the event it
carries is kept in ``pending`` and already counted in the live state.
"""

from __future__ import annotations

import queue
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from facilitator.catalog import Catalog
from facilitator.model import Programme, Session
from facilitator.schedule import Schedule, build, next_session
from facilitator.store import Author, Snapshot, StoreError, WorkshopStore
from facilitator.text import clean_text
from facilitator.timer import Clock, Event, Live, fold, system_clock


@dataclass(frozen=True, slots=True)
class WriteFailed:
    """A write that could not be made; the UI shows it."""

    what: str
    error: str


class Writer:
    """A single thread that applies store writes in the order they were asked."""

    def __init__(self, on_done: Callable[[str, Exception | None], None]) -> None:
        self._queue: queue.Queue[tuple[str, Callable[[], None]] | None] = queue.Queue()
        self._on_done = on_done
        self._idle = threading.Event()
        self._idle.set()
        self._thread = threading.Thread(target=self._run, name="facilitator-writer", daemon=True)
        self._thread.start()

    def submit(self, token: str, job: Callable[[], None]) -> None:
        self._idle.clear()
        self._queue.put((token, job))

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            token, job = item
            error: Exception | None = None
            try:
                job()
            except Exception as exc:  # reported to the UI, never lost silently
                error = exc
            self._on_done(token, error)
            if self._queue.empty():
                self._idle.set()

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until every submitted write has landed."""
        return self._idle.wait(timeout)

    def close(self) -> None:
        self.flush()
        self._queue.put(None)
        self._thread.join(timeout=5)


class Controller:
    """The live workshop: what the screen shows and what the keys do."""

    def __init__(
        self,
        store: WorkshopStore,
        catalog: Catalog,
        clock: Clock = system_clock,
        role: str = "lead",
        lang: str = "en",
        synchronous: bool = False,
    ) -> None:
        self.store = store
        self.catalog = catalog
        self.clock = clock
        self.role = role
        self.lang = lang
        self.snapshot: Snapshot = store.open_check()
        self.workshop = self.snapshot.workshop
        try:
            self.programme: Programme = catalog.programme(self.workshop.programme_id)
        except KeyError as exc:
            raise StoreError(f"{store.path}: {exc.args[0]}") from None
        self.start_date = date.fromisoformat(self.workshop.start_date)
        self._ids = {s.id for s in self.programme.sessions()}
        self.pending: dict[str, Event] = {}
        self.failures: list[WriteFailed] = []
        self._lock = threading.Lock()
        self._landed: list[str] = []
        self.synchronous = synchronous
        self.writer = None if synchronous else Writer(self._write_done)
        self.live: Live = Live()
        self._refold()

    # -- reading --------------------------------------------------------------

    @property
    def can_lead(self) -> bool:
        return self.role == "lead"

    @property
    def can_record(self) -> bool:
        return self.role in ("lead", "clerk")

    def _refold(self) -> None:
        events = list(self.snapshot.events) + list(self.pending.values())
        self.live = fold(events, known=self._ids.__contains__)

    def reload(self) -> bool:
        """Re-read the file if another terminal (or our writer) changed it."""
        landed = self._take_landed()
        if self.store.stamp() == self.snapshot.stamp and not landed:
            return False
        self.snapshot = self.store.read()
        for token in landed:
            self.pending.pop(token, None)
        self._refold()
        return True

    def _take_landed(self) -> list[str]:
        with self._lock:
            landed, self._landed = self._landed, []
        return landed

    def schedule(self, now: float | None = None) -> Schedule:
        return build(
            self.programme,
            self.start_date,
            self.workshop.timezone,
            self.live,
            self.clock() if now is None else now,
        )

    def current(self) -> Session | None:
        return self.programme.session(self.live.current) if self.live.current else None

    def focus_session(self) -> Session:
        """The session on screen: the current one, else the next, else the first."""
        sid = self.live.current or next_session(self.programme, self.live)
        return self.programme.session(sid) if sid else self.programme.sessions()[0]

    def slide_index(self, session: Session) -> int:
        slides = session.module.slides_in(self.lang) if session.module else ()
        return min(self.live.run(session.id).slide, max(len(slides) - 1, 0))

    def question_index(self, session: Session) -> int:
        return min(self.live.run(session.id).question, len(session.question_ids))

    def answers_for(self, sid: str, respondent: str = "room") -> dict[str, dict[str, Any]]:
        return {
            a["question"]: a
            for a in self.snapshot.answers
            if a.get("session") == sid and a.get("respondent", "room") == respondent
        }

    def attendance_for(self, sid: str) -> dict[str, bool]:
        return {
            a["participant"]: bool(a["present"])
            for a in self.snapshot.attendance
            if a.get("session") == sid
        }

    # -- writing --------------------------------------------------------------

    def _write(self, what: str, job: Callable[[], None], event: Event | None = None) -> None:
        token = uuid.uuid4().hex
        if event is not None:
            self.pending[token] = event
            self._refold()
        if self.synchronous:
            try:
                job()
            except Exception as exc:
                self._write_done(token, exc)
            else:
                self._write_done(token, None)
            self.reload()
        else:
            assert self.writer is not None
            self.writer.submit(token, job)

    def _write_done(self, token: str, error: Exception | None) -> None:
        with self._lock:
            if error is None:
                self._landed.append(token)
            else:
                self.failures.append(WriteFailed(token, str(error)))

    def take_failures(self) -> list[WriteFailed]:
        with self._lock:
            failures, self.failures = self.failures, []
        return failures

    def flush(self) -> None:
        """Wait for queued writes, then read them back (tests and quitting)."""
        if self.writer is not None:
            self.writer.flush()
        self.reload()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reload()

    def _event(self, kind: str, session: str | None = None, **fields: Any) -> None:
        if not self.can_lead:
            raise PermissionError("only the lead trainer moves the agenda")
        event = Event(kind, self.clock(), session, **fields)
        self._write(kind, lambda: self.store.append_event(event), event)

    # -- agenda actions (lead only) ---------------------------------------------

    def toggle(self) -> str:
        """Space: start the next session, pause, or resume. Returns what it did."""
        if self.live.current is None:
            sid = next_session(self.programme, self.live)
            if sid is None:
                return "nothing left to run"
            self._event("start", sid)
            return "started"
        if self.live.running:
            self._event("pause")
            return "paused"
        self._event("resume")
        return "resumed"

    def goto(self, sid: str, run: bool | None = None) -> None:
        """Make ``sid`` current; its timer runs if the previous one was running."""
        if sid == self.live.current:
            return
        self._event("goto", sid, run=self.live.running if run is None else run)

    def step(self, offset: int) -> Session | None:
        """Move to the next (+1) or previous (-1) session of the agenda."""
        sessions = self.programme.sessions()
        here = self.focus_session()
        index = next(i for i, s in enumerate(sessions) if s.id == here.id)
        if self.live.current is None and offset > 0:
            index -= 1  # the focus is the next session already: go to it
        target = index + offset
        while 0 <= target < len(sessions) and self.live.run(sessions[target].id).skipped:
            target += 1 if offset > 0 else -1
        if not 0 <= target < len(sessions):
            return None
        self.goto(sessions[target].id)
        return sessions[target]

    def end(self) -> None:
        if self.live.current is not None:
            self._event("end")

    def extend(self, minutes: int, sid: str | None = None) -> None:
        target = sid or self.focus_session().id
        self._event("extend", target, minutes=minutes)

    def skip(self, sid: str) -> None:
        self._event("skip", sid)

    def reopen(self, sid: str) -> None:
        self._event("reopen", sid)

    def show_slide(self, session: Session, index: int) -> int:
        count = len(session.module.slides_in(self.lang)) if session.module else 0
        index = max(0, min(index, count - 1))
        if index != self.live.run(session.id).slide:
            self._event("slide", session.id, index=index)
        return index

    def show_question(self, session: Session, index: int) -> int:
        index = max(0, min(index, len(session.question_ids)))
        if index != self.live.run(session.id).question:
            self._event("question", session.id, index=index)
        return index

    # -- records (lead and clerk) -----------------------------------------------

    def _check_record(self) -> None:
        if not self.can_record:
            raise PermissionError("followers cannot record; start with --role clerk")

    def add_note(self, sid: str, text: str, kind: str = "note") -> bool:
        text = clean_text(text)
        if not text.strip():
            return False
        self._check_record()
        record = {"session": sid, "kind": kind, "text": text}
        at = self.clock()
        self._write(kind, lambda: self.store.add_record("notes", record, at))
        return True

    def add_action(self, sid: str, text: str, owner: str, due: str) -> bool:
        text = clean_text(text)
        if not text.strip():
            return False
        self._check_record()
        record = {
            "session": sid,
            "text": text,
            "owner": clean_text(owner, single_line=True),
            "due": due,
            "status": "open",
        }
        at = self.clock()
        self._write("action", lambda: self.store.add_record("actions", record, at))
        return True

    def answer(
        self,
        sid: str,
        qid: str,
        answer: str | None,
        maturity: int | None,
        notes: str,
        weaknesses: list[int],
        solutions: list[int],
    ) -> None:
        self._check_record()
        notes = clean_text(notes)
        at = self.clock()
        self._write(
            "answer",
            lambda: self.store.upsert_answer(
                sid, qid, answer, maturity, notes, weaknesses=weaknesses, solutions=solutions, at=at
            ),
        )

    def set_attendance(self, sid: str, present: dict[str, bool]) -> None:
        self._check_record()
        before = self.attendance_for(sid)
        changed = {name: value for name, value in present.items() if before.get(name) != value}
        at = self.clock()

        def job() -> None:
            for name, value in changed.items():
                self.store.set_attendance(sid, name, value, at)

        if changed:
            self._write("attendance", job)


def open_controller(
    path: Path,
    catalog: Catalog,
    clock: Clock = system_clock,
    role: str = "lead",
    author: str | None = None,
    lang: str = "en",
    synchronous: bool = False,
) -> Controller:
    """Open a workshop file for the app."""
    store = WorkshopStore(path, Author(role, author) if author else Author(role))
    return Controller(store, catalog, clock, role, lang, synchronous)
