"""Passing the lead from terminal to terminal: this terminal's seat, its heartbeat, the
lead as it sees it, and the messages that ask for the lead, give it, or decline.

No Textual here. :meth:`Rota.poll` runs on the watcher's thread: it beats
(the seat, and the lead lock when this terminal leads), reads the messages
for this seat and looks at the lead, and returns what is news. The app acts
on the news; the giving and taking themselves are the methods below.

At no moment do two terminals lead: leading is holding the lead lock
(:mod:`facilitator.store.lead`), which the kernel gives to one process at a
time. The lead that gives stops moving the agenda first, lets every write of
its own land, and only then lets go of the lock; the one it gave to takes
the lock as soon as it is free, and reads the file before its first key.

A lead that stopped answering (its process stopped, its screen no longer
drawing: the beat says when its screen last answered, :meth:`Rota.answered`)
is taken over with T once it has been silent for
:data:`~facilitator.store.lead.STALE_AFTER` seconds; when it resumes, its
first :meth:`Rota.poll` finds the lead gone (``deposed``), and the store has
refused every agenda event it wrote meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from facilitator.live.events import Clock, system_clock
from facilitator.store.lead import HEARTBEAT, LeadLock
from facilitator.store.seats import Message, Peer, Seats, new_seat

TAKE_SECONDS = 15.0
"""How long the terminal given the lead waits for the old lead to let go."""


@dataclass(frozen=True, slots=True)
class LeadView:
    """The lead as this terminal shows it."""

    state: str
    """``me`` (this terminal leads), ``live``, ``silent`` (holds the lead but does not
    answer), ``passing`` (being handed to ``to``), ``gone`` (nobody leads since ``since``)
    or ``none`` (nobody ever led)."""
    name: str = ""
    """Who leads (or led last)."""
    since: float | None = None
    to: str = ""
    """The name of who the lead is being handed to."""


@dataclass(frozen=True, slots=True)
class News:
    """Something for the app: the lead changed, or a message came for this seat."""

    kind: str
    """``lead`` (see ``view``), ``ask``, ``give``, ``decline``, ``forced`` (a
    ``facilitator run --take-over`` asks this lead to step down; ``name`` is who), or
    ``deposed`` (``name`` took the lead from this terminal while it was not answering)."""
    view: LeadView | None = None
    message: Message | None = None
    name: str = ""


class Rota:
    """This terminal's part in passing the lead."""

    def __init__(
        self,
        workshop: Path,
        name: str,
        role: str,
        clock: Clock = system_clock,
        lock: LeadLock | None = None,
    ) -> None:
        self.name = name
        self.role = role
        self.clock = clock
        self.lock = lock or LeadLock(workshop, name, clock)
        self.seat = self.lock.seat or new_seat()
        self.lock.seat = self.seat
        if self.lock.held:
            self.lock.beat()  # the file names this seat from now on
        self.seats = Seats(workshop, clock)
        self._beaten: float | None = None
        self._answered: float | None = None
        self._view: LeadView | None = None
        self._forced = False
        self.others = True
        """Another terminal has a seat on the workshop (looked at with each beat of a lead or
        a clerk, who write; until then, assumed)."""

    @property
    def leading(self) -> bool:
        return self.lock.held

    @property
    def seat_role(self) -> str:
        """What this terminal does now: ``lead``, ``clerk`` or ``follower``."""
        if self.leading:
            return "lead"
        return "clerk" if self.role == "clerk" else "follower"

    def answered(self) -> None:
        """This terminal's screen is answering now (its tick says so): the lead's beat
        carries this time, so a lead whose screen hangs (a stopped process, an SSH link
        that no longer carries its output) goes silent and can be taken over."""
        self._answered = self.clock()

    # -- on the watcher's thread -------------------------------------------------------------

    def poll(self) -> list[News]:
        """Beat, read this seat's messages, look at the lead: what is news since last time."""
        news: list[News] = []
        if self.lock.deposed():  # taken while this terminal was stopped: it follows now
            self.lock.drop()
            taker = self.lock.state().holder  # read from the file, now it is not ours
            self._forced = False
            news.append(News("deposed", name=taker.name if taker else ""))
        now = self.clock()
        if self._beaten is None or now - self._beaten >= HEARTBEAT:
            self._beaten = now
            self.seats.sit(self.seat, self.name, self.seat_role)
            self.lock.beat(self._answered)
            if self.seat_role != "follower":  # a follower writes nothing: no need to know
                self.others = any(p.seat != self.seat for p in self.seats.live())  # rooms too
        news += [News(m.kind, message=m) for m in self.seats.take(self.seat)]
        if self.leading and not self._forced:
            who = self.lock.takeover_requested()
            if who is not None:
                self._forced = True
                news.append(News("forced", name=who))
        view = self.view()
        if view != self._view:
            self._view = view
            news.append(News("lead", view=view))
        return news

    def view(self) -> LeadView:
        """The lead now, as this terminal sees it."""
        if self.leading:
            return LeadView("me", self.name)
        state = self.lock.state()
        holder = state.holder
        if holder is None:
            return LeadView("none")
        if state.live:
            return LeadView("live", holder.name)
        if state.held:
            return LeadView("silent", holder.name, state.since)
        if holder.to and self.clock() - holder.beat < TAKE_SECONDS:
            to = next((p.name for p in self.peers(everyone=True) if p.seat == holder.to), "")
            if to:
                return LeadView("passing", holder.name, state.since, to)
        return LeadView("gone", holder.name, state.since)

    def peers(self, everyone: bool = False) -> list[Peer]:
        """The other terminals open on the workshop now that could lead (``everyone``: this
        one too); not the room's (:class:`Watching`)."""
        return [
            p for p in self.seats.live() if p.role != ROOM and (everyone or p.seat != self.seat)
        ]

    # -- what the keys do ----------------------------------------------------------------------

    def ask(self) -> str | None:
        """Ask the live lead for the lead; the name of who was asked, or None (no live lead)."""
        state = self.lock.state()
        if not state.live or state.holder is None or not state.holder.seat:
            return None
        self.seats.send("ask", state.holder.seat, self.seat, self.name)
        return state.holder.name

    def offer(self, seat: str) -> None:
        """The lead gives the lead to ``seat`` (it lets go in :meth:`let_go`)."""
        self.seats.send("give", seat, self.seat, self.name)

    def decline(self, message: Message) -> None:
        self.seats.send("decline", message.seat, self.seat, self.name)

    def let_go(self, to: str = "") -> None:
        """Stop leading (handing over to the seat ``to``, if any)."""
        self.lock.release(to)
        self._forced = False

    def take(self, wait: float = 0.0, steal: bool = False) -> bool:
        """Lead from now on, if the lead is free (or is freed within ``wait`` seconds);
        ``steal``: also from a lead that has stopped answering."""
        return self.lock.acquire_within(wait, steal=steal)

    def close(self) -> None:
        """This terminal is going: its seat goes, and the lead if it held it."""
        self.lock.release()
        self.seats.leave(self.seat)


ROOM = "room"
"""The role of a :class:`Watching` seat."""


class Watching:
    """The room's screen or pages: a seat that says they are there, so that the lead's
    key writes the file before drawing its own frame, as for a terminal that follows
    (alone, the lead draws first). It never leads, asks or is given the lead, and is not
    among the :meth:`Rota.peers`. The watcher's thread beats it."""

    def __init__(self, workshop: Path, clock: Clock = system_clock) -> None:
        self.seat = new_seat()
        self.seats = Seats(workshop, clock)
        self.clock = clock
        self._beaten: float | None = None

    def poll(self) -> list[News]:
        """Beat (every :data:`HEARTBEAT`); nothing is ever news to the room."""
        now = self.clock()
        if self._beaten is None or now - self._beaten >= HEARTBEAT:
            self._beaten = now
            self.seats.sit(self.seat, ROOM, ROOM)  # no message comes: it is nobody's peer
        return []

    def close(self) -> None:
        self.seats.leave(self.seat)
