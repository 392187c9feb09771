"""One workshop as the app sees it: programme, store, clock, and the actions on it.

No Textual here. Writes go to the store on one background thread, in order
(:mod:`.writer`), so a key press never waits for an fsync; until a write lands,
the event it carries is kept in ``pending`` and already counted in the live
state. What happens to writes is in :mod:`.saving`, the records in :mod:`.recording`.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from facilitator.clean import clean_line
from facilitator.control.options import Options
from facilitator.control.recording import AnswerKey, Recording, _Edit
from facilitator.control.saving import Saving
from facilitator.control.scoring import Scoring
from facilitator.control.writer import RETRY_SECONDS, NotWritten, WriteFailed, Writer
from facilitator.course.catalog import Catalog
from facilitator.course.interpretation import programme_with
from facilitator.course.model import Programme, Session, Workshop
from facilitator.live.calendar import Calendar
from facilitator.live.events import Clock, Event, Live, fold, system_clock
from facilitator.live.replan import Change, Proposal, propose
from facilitator.live.schedule import Schedule, build, in_order, next_session
from facilitator.store.answers import Answer
from facilitator.store.db import Author, Fenced, Snapshot, StoreError, WorkshopStore
from facilitator.store.files import Stamp

MESSAGE_CHARS = 120
"""The longest message on the room's screen."""

__all__ = ["AnswerKey", "Controller", "NotWritten", "WriteFailed", "open_controller"]


@dataclass(frozen=True, slots=True)
class Changes:
    """The workshop file as read after some writes landed."""

    snapshot: Snapshot
    landed: tuple[str, ...]
    landed_edits: tuple[tuple[AnswerKey, dict[str, int]], ...]
    read: int = 0
    """The order of this read among the controller's reads: a later one holds more."""
    live: Live | None = None
    """The snapshot's events folded, where they were read (not on the drawing thread)."""


class Controller(Saving, Recording, Scoring):
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
            self.programme: Programme = programme_with(
                catalog.programme(self.workshop.programme_id), self.workshop.interpretation
            )
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
        self._answers_retrying: set[AnswerKey] = set()  # failed answers sent again, likewise
        self._answers_of: Snapshot | None = None
        self._reads = itertools.count(1)
        self._readers = threading.local()
        """A store for each thread that reads changes (the watcher's, mostly)."""
        self._applied = 0  # the order of the read the snapshot comes from
        self._papers: dict = {}
        self._papers_of: Snapshot | None = None
        self.synchronous = synchronous
        self.writer = None if synchronous else Writer(self._write_done)
        self.watched: Callable[[], bool] = lambda: True
        """Whether another terminal waits for this one's writes (the app asks its seats):
        if so a key's write goes before its frame, else just after it."""
        self.epoch: int | None = None
        """The epoch of this terminal's lead (see :mod:`facilitator.store.lead`): its agenda
        events are refused once another terminal took the lead. None: not checked."""
        self.live: Live = Live()
        self._folded: tuple[tuple[Event, ...], set[str], Live] | None = None
        self._scheduled: tuple[Programme, Workshop, Live, Schedule] | None = None
        self._saved: Live = self._fold(self.snapshot)
        """The events of the file folded; the pending ones are folded on top."""
        self._refold()

    # -- reading --------------------------------------------------------------

    @property
    def can_lead(self) -> bool:
        return self.role == "lead"

    @property
    def can_record(self) -> bool:
        return self.role in ("lead", "clerk")

    @property
    def can_message(self) -> bool:
        """Puts a line on the room's screen: the lead and the team (a co-trainer, the
        clerk), never the room's own terminal."""
        return self.role in ("lead", "follower", "clerk")

    def _refold(self) -> None:
        events: list[Event] = []
        for waiting in self.pending.values():
            events.extend(waiting)
        self.live = fold(events, known=self._ids.__contains__, start=self._saved)

    def read_changes(self, since: Stamp | object | None = ...) -> Changes | None:
        """What changed since the file had stamp ``since`` (default: since the last
        :meth:`apply`), read from the file; any thread may call it.

        The writes that landed are taken first and the file read after, so the
        snapshot holds every one of them. None when nothing changed.
        """
        landed, landed_edits, read = self._take_landed()
        stamp = self.store.stamp()
        seen = self.snapshot.stamp if since is ... else since
        if stamp == seen and not landed and not landed_edits:
            return None
        # a store of its thread's own: the controller's is the main one's (made once: a
        # store opens its lock file's object and looks at the folder's mode)
        reader = getattr(self._readers, "store", None)
        if reader is None or reader.path != self.store.path:
            reader = self._readers.store = WorkshopStore(self.store.path)
        snapshot = reader.read()
        return Changes(snapshot, tuple(landed), tuple(landed_edits), read, self._fold(snapshot))

    def _fold(self, snapshot: Snapshot) -> Live:
        """The file's events folded. The log only grows: when the events folded last time
        are still where they were, only those after them are folded, on top."""
        events, ids, memo = snapshot.events, self._ids, self._folded
        if memo is not None and memo[1] is ids:
            old, _, live = memo
            n = len(old)
            if events is old:
                return live
            if n and len(events) >= n and events[n - 1] == old[-1] and events[0] == old[0]:
                live = fold(events[n:], known=ids.__contains__, start=live)
                self._folded = (events, ids, live)
                return live
        live = fold(events, known=ids.__contains__)
        self._folded = (events, ids, live)
        return live

    def apply(self, changes: Changes) -> None:
        """Take in what :meth:`read_changes` found (on the thread that owns the screen).

        Reads can arrive out of order (the watcher's message and the screen's own
        re-read cross): an older read's writes are taken as landed, but its snapshot
        never replaces a newer one, which holds those writes too.
        """
        if changes.read >= self._applied:
            self.snapshot = changes.snapshot
            self.workshop = self.snapshot.workshop
            self._applied = changes.read
            self._saved = changes.live or self._fold(self.snapshot)
        for token in changes.landed:
            self.pending.pop(token, None)
        with self._lock:
            for key, versions in changes.landed_edits:
                edits = self._edits.get(key, {})
                for name, version in versions.items():
                    if name in edits and edits[name].version == version:
                        del edits[name]
                if not edits:
                    self._edits.pop(key, None)
        self._refold()

    def _take_landed(self) -> tuple[list[str], list[tuple[AnswerKey, dict[str, int]]], int]:
        with self._lock:
            landed, self._landed = self._landed, []
            edits, self._landed_edits = self._landed_edits, []
            return landed, edits, next(self._reads)

    def reload(self) -> bool:
        """Re-read the file now if another terminal (or our writer) changed it."""
        changes = self.read_changes()
        if changes is None:
            return False
        self.apply(changes)
        return True

    def schedule(self, now: float | None = None, live: Live | None = None) -> Schedule:
        """Every session placed in time, now (or at ``now``; as ``live`` would have it).

        The last one is given again, at ``now``, while it stands still (its
        ``steady_until``) and the programme, the workshop and the live state are the
        same: a note, an answer or another terminal's beat re-read from the file
        changes none of them, and placing a week's sessions costs the screen 0.6 ms."""
        live = self.live if live is None else live
        now = self.clock() if now is None else now
        last = self._scheduled
        if last is not None:
            programme, workshop, was, made = last
            if (
                made.now <= now < made.steady_until
                and programme is self.programme
                and (workshop is self.workshop or workshop == self.workshop)
                and (was is live or was == live)
            ):
                return made if made.now == now else replace(made, now=now)
        made = build(
            self.programme,
            Calendar.of(self.workshop, self.programme),
            self.workshop.timezone,
            live,
            now,
        )
        self._scheduled = (self.programme, self.workshop, live, made)
        return made

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

    def use_catalog(self, catalog: Catalog) -> None:
        """The course loaded again (its files edited): the same workshop, the new text;
        each session stays at its slide, or the nearest one it still has."""
        self.catalog = catalog
        self.programme = catalog.programme(self.workshop.programme_id)
        self._ids = {s.id for s in self.programme.sessions()}
        self._refold()

    # -- writing --------------------------------------------------------------

    def _events(self, *events: Event) -> None:
        kinds = {e.kind for e in events}
        team = kinds <= {"cue"} or (kinds <= {"message", "cue"} and self.can_message)
        if not (self.can_lead or team):
            raise PermissionError("only the lead trainer moves the agenda")
        kinds = "+".join(e.kind for e in events)
        batch = list(events)
        epoch = self.epoch if self.can_lead else None  # the lead of the moment of the key
        here = self.live.current

        def job() -> None:
            # nothing is written on top of a change the file does not have: a pause
            # after a start that failed would be a pause of nothing
            if self._broken.is_set():
                raise NotWritten("not written: the change before it could not be saved")
            try:
                self.store.append_events(batch, epoch)
            except Fenced as fenced:
                self._keep_typed(batch, here, fenced)
                raise
            except Exception:
                self._broken.set()
                raise

        self._write(kinds, job, batch)

    def _keep_typed(self, batch: list[Event], here: str | None, fenced: Fenced) -> None:
        """On the writer's thread: what a refused event carried that someone typed (a line
        for the room, a cue) is kept as a note of the session, saying it was not shown."""
        for event in batch:
            if event.text:
                record = {
                    "session": event.session or here or "",
                    "kind": "note",
                    "text": f"({event.kind} not shown: {fenced.name} had taken over the lead) "
                    + event.text,
                    "refused": event.kind,
                }
                self.store.add_record("notes", record, event.at)

    def _event(self, kind: str, session: str | None = None, **fields: Any) -> None:
        self._events(Event(kind, self.clock(), session, **fields))

    # -- the lead passing ---------------------------------------------------------------------

    def become(
        self,
        role: str,
        how: str = "given",
        epoch: int | None = None,
        changes: Changes | None = None,
    ) -> None:
        """This terminal leads (``lead``, of ``epoch``) or follows (``follower``) from now
        on; its records say so. Leading starts from the file as it is now (``changes``:
        read already, off this thread), with a ``lead`` event saying ``how`` (``given``,
        ``taken``)."""
        self.role = role
        self.store.author = replace(self.store.author, role=role)
        self.epoch = epoch if role == "lead" else None
        if role == "lead":
            if changes is not None:
                self.apply(changes)
            else:
                self.reload()
            self._event("lead", reason=how)

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
        order = [s.id for s in in_order(self.programme, self.live)]
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
        sessions = in_order(self.programme, self.live)
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

    def proposal(self, day: int | None = None, now: float | None = None) -> Proposal | None:
        """A plan that ends ``day`` (default: the day being run) on time, if it runs over."""
        schedule = self.schedule(now)
        return propose(self.programme, schedule, day or schedule.today().day.number)

    def accept(self, changes: Iterable[Change]) -> None:
        """Record a re-plan: its shorten, drop and move events, like any other."""
        at = self.clock()
        events = [c.event(at) for c in changes]
        if events:
            self._events(*events)

    def move(self, sid: str, day: int) -> None:
        """Hold ``sid`` on day ``day`` instead (a session not held, carried to a later day)."""
        self._events(Event("move", self.clock(), sid, day=day, reason="lead"))

    def show_slide(self, session: Session, index: int) -> int:
        count = len(session.module.slides_in(self.lang)) if session.module else 0
        index = max(0, min(index, count - 1))
        if index != self.live.run(session.id).slide:
            self._event("slide", session.id, index=index)
        return index

    def turn(self, session: Session, offset: int) -> None:
        """The slide key: the next (+1) or previous (-1) step of a slide in steps, else
        the next or previous slide (going back, the slide shows whole)."""
        slides = session.module.slides_in(self.lang) if session.module else ()
        if not slides:
            return
        index, step = self.slide_index(session), self.live.run(session.id).step
        if 0 <= step + offset < len(slides[index].steps):
            self._event("step", session.id, index=step + offset)
            return
        target = max(0, min(index + offset, len(slides) - 1))
        if target == index:
            return
        at = self.clock()
        events = [Event("slide", at, session.id, index=target)]
        if offset < 0 and slides[target].steps:
            events.append(Event("step", at, session.id, index=len(slides[target].steps) - 1))
        self._events(*events)

    def blackout(self, on: bool) -> None:
        """Blank the room's screen (or show it again); the lead only."""
        if on != self.live.blackout:
            self._event("blackout", run=on)

    def room_message(self, text: str) -> str:
        """Show ``text`` on the room's screen (empty: clear it); the lead, a co-trainer or
        the clerk."""
        text = clean_line(text).strip()[:MESSAGE_CHARS]
        if text != self.live.message:
            self._event("message", text=text)
        return text

    def reveal(self, session: Session, index: int, on: bool) -> None:
        """Show the room the groups' answers to question ``index`` (or hide them again)."""
        if on != (index in self.live.run(session.id).revealed):
            self._event("reveal", session.id, index=index, run=on)

    def cue(self, text: str) -> str:
        """A line for the lead's screen ("5 minutes", "wrap up"), from any terminal but
        the lead's, signed with the sender's name; the lead's empty one dismisses it."""
        text = clean_line(text).strip()[:MESSAGE_CHARS]
        if text and not self.can_lead:
            text = f"{self.store.author.name}: {text}"
        if text != self.live.cue:
            self._event("cue", text=text)
        return text

    def show_question(self, session: Session, index: int) -> int:
        index = max(0, min(index, len(session.question_ids)))
        if index != self.live.run(session.id).question:
            self._event("question", session.id, index=index)
        return index


def open_controller(
    options: Options, catalog: Catalog, clock: Clock = system_clock, synchronous: bool = False
) -> Controller:
    """Open a workshop file for a terminal. ``synchronous`` writes on the calling thread
    (a tool or a test standing for another terminal; the app never does)."""
    role = options.role
    store = WorkshopStore(
        options.path, Author(role, options.author) if options.author else Author(role)
    )
    return Controller(store, catalog, clock, role, options.lang, synchronous)
