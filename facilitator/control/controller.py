"""One workshop as the app sees it: programme, store, clock, and the actions on it.

No Textual here. Writes go to the store on one background thread, in order,
so a key press never waits for an fsync; until a write lands, the event it
carries is kept in ``pending`` and already counted in the live state.
"""

from __future__ import annotations

import itertools
import queue
import threading
import time
import uuid
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from facilitator.clean import clean_text
from facilitator.course.catalog import Catalog
from facilitator.course.model import Group, Programme, Session
from facilitator.live.events import Clock, Event, Live, fold, system_clock
from facilitator.live.schedule import Schedule, build, next_session
from facilitator.store import answers
from facilitator.store.answers import Answer
from facilitator.store.db import Author, Snapshot, StoreError, WorkshopStore, write_atomic


@dataclass(frozen=True, slots=True)
class WriteFailed:
    """A write that could not be made; the UI says so.

    ``undone``: an agenda change, taken back on screen so the screen and the file agree.
    Otherwise a record (a note, an action, an answer...), kept and tried again.
    """

    what: str
    error: str
    undone: bool = False


class NotWritten(Exception):
    """An agenda change not written because one before it could not be."""


RETRY_SECONDS = 5.0
"""How often records that could not be saved are tried again."""


QUIET_SECONDS = 0.3
"""Typing is written once the keys have been quiet this long ..."""
LONGEST_SECONDS = 0.4
"""... and at least this often while the typing goes on: what a kill -9 can lose."""

_STOP = object()
_FLUSH = "flush"
_NOW = "now"
_LATER = "later"
_DUE = "due"


class Writer:
    """A single thread that applies store writes in the order they were asked.

    ``submit`` writes at once. ``submit_later`` is for typing: a job under the
    same key replaces the one waiting, and runs once the key has been quiet
    for ``quiet`` seconds, or ``longest`` seconds after its first change,
    whichever comes first; ``due`` runs it now (the user left the field).
    """

    def __init__(
        self,
        on_done: Callable[[str, Exception | None], None],
        quiet: float = QUIET_SECONDS,
        longest: float = LONGEST_SECONDS,
    ) -> None:
        self._queue: queue.Queue[Any] = queue.Queue()
        self._on_done = on_done
        self.quiet = quiet
        self.longest = longest
        # key -> (token, job, run at, first asked at), monotonic seconds
        self._later: dict[Hashable, tuple[str, Callable[[], None], float, float]] = {}
        self._thread = threading.Thread(target=self._run, name="facilitator-writer", daemon=True)
        self._thread.start()

    def submit(self, token: str, job: Callable[[], None]) -> None:
        self._queue.put((_NOW, token, job))

    def submit_later(self, key: Hashable, token: str, job: Callable[[], None]) -> None:
        self._queue.put((_LATER, key, token, job, time.monotonic()))

    def due(self, key: Hashable) -> None:
        """Run the job waiting under ``key`` now, if there is one."""
        self._queue.put((_DUE, key))

    def _apply(self, token: str, job: Callable[[], None]) -> None:
        error: Exception | None = None
        try:
            job()
        except Exception as exc:  # reported to the UI, never lost silently
            error = exc
        self._on_done(token, error)

    def _run_later(self, key: Hashable) -> None:
        waiting = self._later.pop(key, None)
        if waiting is not None:
            self._apply(waiting[0], waiting[1])

    def _run(self) -> None:
        while True:
            timeout = None
            if self._later:
                timeout = max(0.0, min(w[2] for w in self._later.values()) - time.monotonic())
            try:
                item = self._queue.get(timeout=timeout)
            except queue.Empty:
                item = None
            if item is _STOP:
                for key in list(self._later):
                    self._run_later(key)
                return
            if item is not None:
                kind = item[0]
                if kind == _NOW:
                    self._apply(item[1], item[2])
                elif kind == _LATER:
                    _, key, token, job, asked = item
                    first = self._later[key][3] if key in self._later else asked
                    self._later[key] = (
                        token,
                        job,
                        min(asked + self.quiet, first + self.longest),
                        first,
                    )
                elif kind == _DUE:
                    self._run_later(item[1])
                elif kind == _FLUSH:
                    for key in list(self._later):
                        self._run_later(key)
                    item[1].set()
            now = time.monotonic()
            for key in [k for k, w in self._later.items() if w[2] <= now]:
                self._run_later(key)

    def flush(self, timeout: float = 30.0) -> bool:
        """Write everything asked so far, typing included, and wait until it has landed."""
        if not self._thread.is_alive():
            return True  # closed: everything was written when it closed
        done = threading.Event()
        self._queue.put((_FLUSH, done))
        return done.wait(timeout)

    def close(self) -> None:
        self.flush()
        self._queue.put(_STOP)
        self._thread.join(timeout=5)


AnswerKey = tuple[str, str, str]
"""(session, question, group)"""


@dataclass(frozen=True, slots=True)
class _Edit:
    value: Any
    at: float
    version: int


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
        self.pending: dict[str, tuple[Event, ...]] = {}
        self.failures: list[tuple[str, WriteFailed]] = []
        # records whose write failed, by token: (what, job, what was typed), tried again
        self.unsaved: dict[str, tuple[str, Callable[[], None], dict[str, Any]]] = {}
        self._retry_after = 0.0
        self.retry_seconds = RETRY_SECONDS
        self._broken = threading.Event()  # an agenda change failed: later ones wait
        self._lock = threading.Lock()
        self._landed: list[str] = []
        self._edits: dict[AnswerKey, dict[str, _Edit]] = {}
        self._landed_edits: list[tuple[AnswerKey, dict[str, int]]] = []
        self._versions = itertools.count(1)
        self._answers: dict[AnswerKey, Answer] = {}
        self._records: dict[str, tuple[str, Callable[[], None], dict[str, Any]]] = {}
        self._answer_tokens: dict[str, AnswerKey] = {}  # answer writes not yet landed
        self._answers_unsaved: set[AnswerKey] = set()
        self._retrying: set[str] = set()  # failed records sent again, not landed yet
        self._answers_of: Snapshot | None = None
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
        events = list(self.snapshot.events)
        for waiting in self.pending.values():
            events.extend(waiting)
        self.live = fold(events, known=self._ids.__contains__)

    def reload(self) -> bool:
        """Re-read the file if another terminal (or our writer) changed it."""
        landed, landed_edits = self._take_landed()
        if self.store.stamp() == self.snapshot.stamp and not landed and not landed_edits:
            return False
        self.snapshot = self.store.read()
        self.workshop = self.snapshot.workshop
        for token in landed:
            self.pending.pop(token, None)
        with self._lock:
            for key, versions in landed_edits:
                edits = self._edits.get(key, {})
                for name, version in versions.items():
                    if name in edits and edits[name].version == version:
                        del edits[name]
                if not edits:
                    self._edits.pop(key, None)
        self._refold()
        return True

    def _take_landed(self) -> tuple[list[str], list[tuple[AnswerKey, dict[str, int]]]]:
        with self._lock:
            landed, self._landed = self._landed, []
            edits, self._landed_edits = self._landed_edits, []
        return landed, edits

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

    def attendance_for(self, sid: str) -> dict[str, bool]:
        return {
            a["participant"]: bool(a["present"])
            for a in self.snapshot.attendance
            if a.get("session") == sid
        }

    # -- answers ----------------------------------------------------------------

    def stored_answers(self) -> dict[AnswerKey, Answer]:
        """Every answer in the file, by (session, question, group)."""
        if self._answers_of is not self.snapshot:
            found = (answers.from_record(r) for r in self.snapshot.answers)
            self._answers = {(a.session, a.question, a.group): a for a in found}
            self._answers_of = self.snapshot
        return self._answers

    def groups(self) -> tuple[Group, ...]:
        """The workshop's groups, and any other group that has answers on file."""
        groups = list(self.workshop.answer_groups())
        names = {g.name for g in groups}
        for _, _, group in self.stored_answers():
            if group not in names:
                names.add(group)
                groups.append(Group(group))
        return tuple(groups)

    def answer_values(self, key: AnswerKey) -> dict[str, Any]:
        """The answer as this terminal shows it: the file, with our unsaved typing on top."""
        stored = self.stored_answers().get(key)
        values = stored.values() if stored else {f: answers.blank(f) for f in answers.FIELDS}
        with self._lock:
            for name, edit in self._edits.get(key, {}).items():
                values[name] = edit.value
        return values

    def answer_of(self, key: AnswerKey) -> Answer | None:
        return self.stored_answers().get(key)

    def answered_groups(self, sid: str, qid: str) -> set[str]:
        """The groups with an answer to ``qid`` (our unsaved ones included)."""
        found = {
            g
            for (s, q, g), a in self.stored_answers().items()
            if (s, q) == (sid, qid) and a.answered
        }
        with self._lock:
            for (s, q, g), edits in self._edits.items():
                if (s, q) == (sid, qid) and "answer" in edits:
                    (found.add if edits["answer"].value is not None else found.discard)(g)
        return found

    # -- writing --------------------------------------------------------------

    def _write(
        self,
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
            self.writer.submit(token, job)

    def _run_now(self, token: str, job: Callable[[], None]) -> None:
        try:
            job()
        except Exception as exc:
            self._write_done(token, exc)
        else:
            self._write_done(token, None)
        self.take_failures()
        self.reload()

    def _write_done(self, token: str, error: Exception | None) -> None:
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

    def take_failures(self) -> list[WriteFailed]:
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
                self._answers_unsaved.add(self._answer_tokens.pop(token))
                out.append(failure)
        if any(f.undone for f in out):
            self._refold()
            self._broken.clear()
        return out

    def retry_unsaved(self, force: bool = False) -> int:
        """Try again the records that could not be saved (every :data:`RETRY_SECONDS`).
        Returns how many wait to be saved."""
        waiting = len(self.unsaved) + len(self._retrying) + len(self._answers_unsaved)
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
            self._queue_answer(key)
        return waiting

    def unsaved_records(self) -> list[dict[str, Any]]:
        """What was typed and is not in the file yet (to keep somewhere when quitting)."""
        kept = [dict(record, what=what) for what, _, record in self.unsaved.values()]
        with self._lock:
            for key in self._answers_unsaved | set(self._answer_tokens.values()):
                edits = self._edits.get(key)
                if edits:
                    session, question, group = key
                    values = {n: e.value for n, e in edits.items()}
                    kept.append({"what": "answer", "session": session, "question": question,
                                 "group": group, **values})  # fmt: skip
        return kept

    def rescue_path(self) -> Path:
        """Where records that could not be saved go when the app is left."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        return self.store.path.with_name(f"{self.store.path.name}.unsaved-{stamp}.json")

    def rescue(self) -> Path | None:
        """Write what could not be saved to a file of its own, so that nothing typed is lost:
        beside the workshop, else in the home folder, else in the temporary folder."""
        kept = self.unsaved_records()
        if not kept:
            return None
        import json
        import tempfile

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

    def saved_snapshot(self) -> Snapshot:
        """What the file holds once every write asked so far has landed; read afresh, so it
        may be called from a worker thread (this controller's own state is not touched)."""
        if self.writer is not None:
            self.writer.flush()
        return WorkshopStore(self.store.path).read()

    def flush(self) -> None:
        """Write what is queued, typing included; then read it back (quitting, export)."""
        if self.writer is not None:
            self.writer.flush()
        self.reload()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reload()

    def _events(self, *events: Event) -> None:
        if not self.can_lead:
            raise PermissionError("only the lead trainer moves the agenda")
        kinds = "+".join(e.kind for e in events)
        batch = list(events)

        def job() -> None:
            # nothing is written on top of a change the file does not have: a pause
            # after a start that failed would be a pause of nothing
            if self._broken.is_set():
                raise NotWritten("not written: the change before it could not be saved")
            try:
                self.store.append_events(batch)
            except Exception:
                self._broken.set()
                raise

        self._write(kinds, job, batch)

    def _event(self, kind: str, session: str | None = None, **fields: Any) -> None:
        self._events(Event(kind, self.clock(), session, **fields))

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

    def _passed(self, target: str, at: float) -> list[Event]:
        """Skips for the current session when the lead moves on past it without holding it."""
        current = self.live.current
        if current is None or self.live.run(current).started:
            return []
        order = [s.id for s in self.programme.sessions()]
        if order.index(target) < order.index(current):
            return []
        return [Event("skip", at, current, reason="passed")]

    def goto(self, sid: str, run: bool | None = None) -> None:
        """Make ``sid`` current; its timer runs if the previous one was running.

        Moving on past a current session that never started records it as
        skipped, with the time: the minutes say when it was dropped.
        """
        if sid == self.live.current:
            return
        at = self.clock()
        running = self.live.running if run is None else run
        self._events(*self._passed(sid, at), Event("goto", at, sid, run=running))

    def step(self, offset: int) -> Session | None:
        """Move to the next (+1) or previous (-1) session of the agenda.

        Sessions skipped on purpose (``k``) are stepped over; a session that was
        only passed over is not: going back to it holds it after all.
        """
        sessions = self.programme.sessions()
        here = self.focus_session()
        index = next(i for i, s in enumerate(sessions) if s.id == here.id)
        if self.live.current is None and offset > 0:
            index -= 1  # the focus is the next session already: go to it
        target = index + offset

        def skipped(i: int) -> bool:
            run = self.live.run(sessions[i].id)
            return run.skipped and not run.passed_over

        while 0 <= target < len(sessions) and skipped(target):
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

    def add_note(self, sid: str, text: str, kind: str = "note", restricted: bool = False) -> bool:
        """A note or decision; ``restricted`` ones are for trainers: never in the minutes."""
        text = clean_text(text)
        if not text.strip():
            return False
        self._check_record()
        record: dict[str, Any] = {"session": sid, "kind": kind, "text": text}
        if restricted:
            record["restricted"] = True
        at = self.clock()
        self._write(kind, lambda: self.store.add_record("notes", record, at), record=record)
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
            "due": clean_text(due, single_line=True).strip(),
            "status": "open",
        }
        at = self.clock()
        self._write("action", lambda: self.store.add_record("actions", record, at), record=record)
        return True

    def edit_answer(self, key: AnswerKey, field: str, value: Any) -> None:
        """One field of a group's answer changed on this screen.

        Shown at once; written to the file after a short quiet period (typing
        is not one write per key), or at once by :meth:`save_answer`.
        """
        self._check_record()
        value = answers.normalise(field, value)
        with self._lock:
            self._edits.setdefault(key, {})[field] = _Edit(
                value, self.clock(), next(self._versions)
            )
        self._queue_answer(key)

    def _queue_answer(self, key: AnswerKey) -> None:
        token = uuid.uuid4().hex
        with self._lock:
            self._answer_tokens[token] = key
        if self.synchronous:
            self._run_now(token, self._answer_job(key))
        else:
            assert self.writer is not None
            self.writer.submit_later(("answer", key), token, self._answer_job(key))

    def save_answer(self, key: AnswerKey) -> None:
        """Write the answer's unsaved changes now (the user left the field or the question)."""
        if self.writer is not None:
            self.writer.due(("answer", key))

    def _answer_job(self, key: AnswerKey) -> Callable[[], None]:
        def job() -> None:
            with self._lock:
                edits = dict(self._edits.get(key, {}))
            if not edits:
                return
            session, question, group = key
            self.store.merge_answer(
                session, question, group, {n: (e.value, e.at) for n, e in edits.items()}
            )
            with self._lock:
                self._landed_edits.append((key, {n: e.version for n, e in edits.items()}))
                for token in [t for t, k in self._answer_tokens.items() if k == key]:
                    del self._answer_tokens[token]

        return job

    def unsaved_answers(self) -> int:
        """How many answers have typing not yet in the file."""
        with self._lock:
            return sum(1 for edits in self._edits.values() if edits)

    def set_groups(self, names: list[str]) -> None:
        """Name the workshop's diagnostic groups (none: one per country of the roster).

        Raises ValueError naming the groups that have answers and would be lost.
        """
        self._check_record()
        cleaned = [clean_text(n, single_line=True).strip() for n in names]
        chosen = list(dict.fromkeys(n for n in cleaned if n))
        groups = tuple(Group(n) for n in chosen)
        kept = {g.name for g in (replace(self.workshop, groups=groups).answer_groups())}
        lost = sorted({g for (_, _, g) in self.stored_answers()} - kept)
        if lost:
            raise ValueError(", ".join(lost))
        names = {"groups": [g.name for g in groups]}
        self._write("groups", lambda: self.store.update_workshop(groups=groups), record=names)

    def set_attendance(self, sid: str, present: dict[str, bool]) -> None:
        self._check_record()
        before = self.attendance_for(sid)
        changed = {name: value for name, value in present.items() if before.get(name) != value}
        at = self.clock()

        def job() -> None:
            for name, value in changed.items():
                self.store.set_attendance(sid, name, value, at)

        if changed:
            self._write("attendance", job, record={"session": sid, "present": changed})


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
