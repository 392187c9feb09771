"""The lead passing: its heartbeat on an injected clock, the seats and their messages,
the trainers given to roles, and who led each session from the log."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest

from facilitator.control.rota import LeadView, Rota, Watching
from facilitator.course.model import Workshop
from facilitator.live.events import Event, FakeClock, lead_changes, leaders
from facilitator.store import workshops
from facilitator.store.db import StoreError, WorkshopStore
from facilitator.store.lead import STALE_AFTER, LeadLock
from facilitator.store.seats import Seats
from facilitator.store.workshops import assign_trainers
from tests.helpers import other_controller


def test_a_lead_that_stops_beating_is_silent_and_one_that_left_is_gone(tmp_path: Path) -> None:
    workshop = tmp_path / "w.json"
    clock = FakeClock(1000.0)
    alice = LeadLock(workshop, "Alice", clock, seat="s1")
    bob = LeadLock(workshop, "Bob", clock)
    assert bob.state().holder is None and not bob.state().live
    assert alice.try_acquire()
    assert bob.state().live and bob.state().holder.name == "Alice"
    clock.advance(STALE_AFTER - 1)
    assert bob.state().live
    clock.advance(2)
    state = bob.state()
    assert state.held and not state.live and state.since == 1000.0
    alice.beat()
    assert bob.state().live
    clock.advance(3)
    alice.release()
    state = bob.state()
    assert not state.held and not state.live and state.since == 1009.0
    assert state.holder.name == "Alice" and state.holder.seat == "s1"
    assert bob.try_acquire() and not alice.try_acquire()


def test_seats_are_live_while_they_beat_and_messages_are_read_once_in_order(
    tmp_path: Path,
) -> None:
    workshop = tmp_path / "w.json"
    clock = FakeClock(1000.0)
    seats = Seats(workshop, clock)
    seats.sit("a", "Alice", "lead")
    clock.advance(3)
    seats.sit("b", "Bob", "follower")
    assert [p.name for p in seats.live()] == ["Alice", "Bob"]
    clock.advance(STALE_AFTER - 1)
    assert [p.name for p in seats.live()] == ["Bob"]
    seats.send("ask", "a", "b", "Bob")
    clock.advance(1)
    seats.send("ask", "a", "c", "Carla")
    assert [(m.kind, m.name) for m in seats.take("a")] == [("ask", "Bob"), ("ask", "Carla")]
    assert seats.take("a") == [] and seats.take("b") == []
    with pytest.raises(ValueError):
        seats.send("steal", "a", "b", "Bob")
    clock.advance(3600)
    assert seats.live() == [] and list(seats.folder.glob("*.json")) == []  # long dead: gone


def test_a_beat_touches_the_seat_file_and_wakes_no_other_terminal(tmp_path: Path) -> None:
    """A beat sets the file's time only (no write, so no inotify event another watcher
    wakes for); what it says is written again only when it changes."""
    workshop = tmp_path / "w.json"
    clock = FakeClock(1000.0)
    seats, other = Seats(workshop, clock), Seats(workshop, clock)
    seats.sit("a", "Alice", "follower")
    path = seats.folder / "a.json"
    raw, inode = path.read_bytes(), path.stat().st_ino
    clock.advance(STALE_AFTER - 1)
    seats.sit("a", "Alice", "follower")
    clock.advance(STALE_AFTER - 1)  # long after the first write, soon after the beat
    assert path.read_bytes() == raw and path.stat().st_ino == inode
    assert [(p.name, p.beat) for p in other.live()] == [("Alice", 1000.0 + STALE_AFTER - 1)]
    seats.sit("a", "Alice", "lead")  # what the seat says changed: written again
    assert path.stat().st_ino != inode and [p.role for p in other.live()] == ["lead"]
    path.unlink()  # a clean-up took it out: the next beat sits again
    seats.sit("a", "Alice", "lead")
    assert [p.name for p in other.live()] == ["Alice"]


def test_rota_sees_the_lead_live_passing_and_gone(tmp_path: Path) -> None:
    workshop = tmp_path / "w.json"
    clock = FakeClock(1000.0)
    held = LeadLock(workshop, "Alice", clock)
    bob = Rota(workshop, "Bob", "follower", clock)
    assert bob.view().state == "none"
    assert held.try_acquire()  # as `facilitator run` takes it, before the app has a seat
    lead = Rota(workshop, "Alice", "lead", clock, held)
    lead.poll()
    bob.poll()
    assert (bob.view().state, bob.view().name) == ("live", "Alice")
    assert [p.name for p in lead.peers()] == ["Bob"]
    assert bob.ask() == "Alice"
    asked = [n for n in lead.poll() if n.kind == "ask"]
    assert [n.message.name for n in asked] == ["Bob"]
    lead.decline(asked[0].message)
    assert [n.kind for n in bob.poll()] == ["decline"]
    lead.offer(bob.seat)
    lead.let_go(bob.seat)
    assert (bob.view().state, bob.view().to) == ("passing", "Bob")
    assert [n.kind for n in bob.poll()] == ["give", "lead"]
    assert bob.take() and bob.view().state == "me"
    assert lead.view().state == "live" and lead.view().name == "Bob"
    bob.close()
    clock.advance(60)
    view = lead.view()
    assert (view.state, view.name, view.since) == ("gone", "Bob", 1000.0)


def test_new_trainer_gives_roles_and_sessions_to_people(course) -> None:
    demo = course.programme("demo")
    people, given = assign_trainers(
        demo,
        [
            "Lead trainer=A. Mensah",
            "co-trainer=B. Diallo, C. Ouédraogo",
            "seizure-drill=C. Ouédraogo",
            "D. Sow",
        ],
    )
    assert people == ("A. Mensah", "B. Diallo", "C. Ouédraogo", "D. Sow")
    assert dict(given) == {
        "Lead trainer": ("A. Mensah",),
        "Co-trainer": ("B. Diallo", "C. Ouédraogo"),
        "seizure-drill": ("C. Ouédraogo",),
    }
    w = Workshop("w", "W", "demo", "2026-12-07", trainers=people, assignments=given)
    both = demo.session("chain-of-custody")
    assert both.trainers == ("Lead trainer",)
    assert w.trainers_for(both) == ("A. Mensah",)
    assert w.trainers_for(demo.session("seizure-drill")) == ("C. Ouédraogo",)
    rapporteur = next(s for s in demo.sessions() if s.trainers == ("Rapporteur",))
    assert w.trainers_for(rapporteur) == ("Rapporteur",)
    assert w.trainers_for(rapporteur, placeholders=False) == ()
    with pytest.raises(StoreError, match=r"no role or session .Chef.*Lead trainer"):
        assign_trainers(demo, ["Chef=X"])


def test_who_led_a_session_comes_from_the_log_with_hand_over_times() -> None:
    events = [
        Event("start", 100, "a", by="Alice"),
        Event("slide", 150, "a", index=1, by="Alice"),
        Event("lead", 200, reason="given", by="Bob"),
        Event("slide", 210, "a", index=2, by="Bob"),
        Event("goto", 300, "b", run=True, by="Bob"),
        Event("lead", 400, reason="taken", by="Carla"),
        Event("end", 500, by="Carla"),
    ]
    changes = lead_changes(events)
    assert changes == ((100, "Alice"), (200, "Bob"), (400, "Carla"))
    assert leaders(changes, 100, 300) == ((100, "Alice"), (200, "Bob"))
    assert leaders(changes, 300, 500) == ((300, "Bob"), (400, "Carla"))
    assert leaders(changes, 450, None) == ((450, "Carla"),)


def test_a_stopped_lead_is_taken_over_and_nothing_it_writes_after_moves_the_agenda(
    tmp_path: Path, course
) -> None:
    path = workshops.create_demo(tmp_path / "data", course, date(2026, 12, 7), "Europe/Paris")
    clock = FakeClock(1000.0)
    awa_lock = LeadLock(path, "Awa", clock)
    assert awa_lock.try_acquire() and awa_lock.epoch == 1
    awa_rota = Rota(path, "Awa", "lead", clock, awa_lock)
    awa = other_controller(path, course, clock, "lead", "Awa")
    awa.epoch = awa_lock.epoch
    awa.toggle()
    ben_lock = LeadLock(path, "Ben", clock)
    assert not ben_lock.try_acquire(steal=True)  # Awa beats: live, not to be taken
    awa_rota.answered()
    awa_rota.poll()
    clock.advance(STALE_AFTER - 0.5)
    awa_rota.poll()  # the watcher beats, but her screen has not answered since 1000
    assert ben_lock.state().live
    clock.advance(0.5)  # Awa's process is stopped
    state = ben_lock.state()
    assert state.held and not state.live and state.since == 1000.0
    assert not ben_lock.try_acquire()  # not without asking to steal
    assert ben_lock.try_acquire(steal=True) and ben_lock.epoch == 2
    assert awa_lock.held and awa_lock.deposed()  # she still has her lock, of a file gone
    assert LeadLock(path, "Cleo", clock).state().holder.name == "Ben"
    ben = other_controller(path, course, clock, "follower", "Ben")
    ben.become("lead", "taken", ben_lock.epoch)
    clock.advance(1)

    # Awa resumes: her keys are read before her watcher looks at the lead
    awa.room_message("Back in five minutes")
    awa.step(1)
    assert awa.live.current == "welcome" and awa.live.message == ""  # both undone
    events = WorkshopStore(path).read().events
    assert [(e.kind, e.by) for e in events] == [("start", "Awa"), ("lead", "Ben")]
    kept = [n for n in WorkshopStore(path).read().notes if n.get("refused")]
    assert [(n["refused"], n["session"], n["by"]["name"]) for n in kept] == [
        ("message", "welcome", "Awa")
    ]
    assert kept[0]["text"].endswith("Back in five minutes")
    assert [(n.kind, n.name) for n in awa_rota.poll()][:1] == [("deposed", "Ben")]
    assert not awa_lock.held and awa_rota.view() == LeadView("live", "Ben")
    ben.step(1)  # the new lead's keys are written
    assert WorkshopStore(path).read().events[-1].by == "Ben"
    assert not awa_lock.try_acquire()  # Ben beats: she cannot take it back by stealing


def test_a_look_for_messages_lists_the_folder_only_when_it_changed(
    tmp_path: Path, monkeypatch
) -> None:
    """The once-a-second look for this seat's messages is one stat while nothing came."""
    workshop = tmp_path / "w.json"
    clock = FakeClock(1000.0)
    seats = Seats(workshop, clock)
    seats.sit("a", "Alice", "lead")
    settled = time.time() - 60
    os.utime(seats.folder, (settled, settled))  # nothing has come in for a minute
    assert seats.take("a") == []
    listed: list[str] = []
    glob = Path.glob
    monkeypatch.setattr(Path, "glob", lambda self, p: listed.append(p) or glob(self, p))
    clock.advance(1)
    seats.sit("a", "Alice", "lead")  # a beat
    assert seats.take("a") == [] and listed == []
    Seats(workshop, clock).send("ask", "a", "b", "Bob")
    assert [m.name for m in seats.take("a")] == ["Bob"] and listed
    assert seats.take("a") == []  # listed again: the folder changed a moment ago


def test_a_lead_knows_at_each_beat_whether_another_terminal_has_a_seat(tmp_path: Path) -> None:
    """``others``: what decides whether a key's write goes before or after its frame."""
    workshop = tmp_path / "w.json"
    clock = FakeClock(1000.0)
    held = LeadLock(workshop, "Alice", clock)
    assert held.try_acquire()
    lead = Rota(workshop, "Alice", "lead", clock, held)
    assert lead.others  # until the first beat: assumed
    lead.poll()
    assert not lead.others  # alone
    bob = Rota(workshop, "Bob", "follower", clock)
    bob.poll()
    lead.poll()
    assert not lead.others  # not looked at again until the next beat
    clock.advance(1.0)
    lead.poll()
    assert lead.others
    bob.close()
    clock.advance(1.0)
    lead.poll()
    assert not lead.others
    room = Watching(workshop, clock)  # the room's screen or pages watch: not alone
    room.poll()
    clock.advance(1.0)
    lead.poll()
    assert lead.others and lead.peers() == []  # never given the lead
    room.close()
    clock.advance(1.0)
    lead.poll()
    assert not lead.others
