"""The workshop file: round trips, upserts, stamps, damage, modes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from facilitator.course.model import Participant, Workshop
from facilitator.live.events import Event
from facilitator.store import answers
from facilitator.store import db as store_mod
from facilitator.store.db import Author, StoreCorrupt, StoreError, WorkshopStore, recover

WORKSHOP = Workshop(
    id="lome",
    name="COPES Lomé",
    programme_id="demo",
    start_date="2026-12-07",
    timezone="Africa/Lome",
    venue="Lomé",
    roster=(Participant("Ama", "Togo", "Customs"),),
)


@pytest.fixture()
def store(tmp_path: Path) -> WorkshopStore:
    return WorkshopStore.create(tmp_path / "lome.json", WORKSHOP, Author("lead", "ama"))


def test_round_trip_and_refuse_to_overwrite(store: WorkshopStore) -> None:
    snap = store.read()
    assert snap.workshop == WORKSHOP
    assert snap.events == ()
    with pytest.raises(StoreError, match="exists already"):
        WorkshopStore.create(store.path, WORKSHOP)


def test_events_keep_their_order_and_author(store: WorkshopStore) -> None:
    store.append_event(Event("start", 10.0, "a"))
    store.append_events([Event("pause", 20.0), Event("resume", 30.0)])
    snap = store.read()
    assert [e.kind for e in snap.events] == ["start", "pause", "resume"]
    raw = store_mod.read_file(store.path)["events"]["1"]
    assert (
        raw["by"] == {"role": "lead", "name": "ama"} and raw["at"] == 10.0 and len(raw["uid"]) == 32
    )


def test_answers_are_one_record_per_session_question_and_group(store: WorkshopStore) -> None:
    store.merge_answer(
        "s1", "Q-1", "room", {"answer": ("no", 1.0), "maturity": (1, 1.0), "notes": ("first", 1.0)}
    )
    store.merge_answer("s1", "Q-1", "room", {"answer": ("partly", 2.0), "maturity": (2, 2.0)})
    store.merge_answer("s1", "Q-1", "room", {"notes": ("second", 2.5), "weaknesses": ([1, 0], 2.5)})
    store.merge_answer("s1", "Q-1", "group-b", {"answer": ("yes", 3.0), "maturity": (4, 3.0)})
    found = [answers.from_record(a) for a in store.read().answers]
    assert [(a.group, a.value("answer"), a.value("maturity")) for a in found] == [
        ("room", "partly", 2),
        ("group-b", "yes", 4),
    ]
    assert found[0].value("weaknesses") == (0, 1) and found[0].value("notes") == "second"


def test_attendance_and_records(store: WorkshopStore) -> None:
    store.set_attendance("s1", "Ama", True)
    store.set_attendance("s1", "Ama", False)
    uid = store.add_record(
        "actions", {"session": "s1", "text": "Draft MOU", "owner": "Ama", "due": "2027-01-31"}
    )
    store.update_record("actions", uid, {"status": "done"})
    snap = store.read()
    assert [(a["participant"], a["present"]) for a in snap.attendance] == [("Ama", False)]
    assert snap.actions[0]["status"] == "done" and snap.actions[0]["edited_by"]["role"] == "lead"
    with pytest.raises(ValueError):
        store.add_record("events", {})
    again = {"session": "s1", "text": "Draft MOU", "uid": uid}  # a retry after it landed
    assert WorkshopStore(store.path).add_record("actions", again) == uid
    assert store.add_record("actions", dict(again)) == uid and len(store.read().actions) == 1


def test_stamp_changes_at_every_write_and_read_is_cached(store: WorkshopStore) -> None:
    first = store.stamp()
    a = store.read()
    assert store.read() is a
    store.append_event(Event("start", 1.0, "a"))
    assert store.stamp() != first
    assert store.read() is not a


def test_damaged_file_names_itself_is_left_untouched_and_recovers(store: WorkshopStore) -> None:
    store.append_event(Event("start", 1.0, "a"))
    store.append_event(Event("pause", 2.0))
    damaged = b'{"workshop": {"1": {"programme": "demo"'
    store.path.write_bytes(damaged)
    with pytest.raises(StoreCorrupt) as info:
        store.read()
    message = str(info.value)
    assert str(store.path) in message and "left untouched" in message
    assert "lome.json.bak" in message and "facilitator recover lome" in message
    with pytest.raises(StoreCorrupt):
        store.append_event(Event("resume", 3.0))
    assert store.path.read_bytes() == damaged
    aside = recover(store.path)
    assert aside.read_bytes() == damaged
    assert [e.kind for e in WorkshopStore(store.path).read().events] == ["start"]


@pytest.mark.parametrize("content", [b"", b"[1, 2]", b'{"events": {}}'])
def test_other_kinds_of_damage(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(content)
    with pytest.raises(StoreCorrupt, match=r"x\.json: cannot read"):
        WorkshopStore(path).read()


def test_file_modes(tmp_path: Path) -> None:
    private = WorkshopStore.create(tmp_path / "a.json", WORKSHOP)
    private.append_event(Event("start", 1.0, "a"))
    assert stat.S_IMODE(os.stat(private.path).st_mode) == 0o600
    shared_dir = tmp_path / "shared"
    shared_dir.mkdir()
    os.chmod(shared_dir, 0o2770)
    shared = WorkshopStore.create(shared_dir / "b.json", WORKSHOP)
    shared.append_event(Event("start", 1.0, "a"))
    assert stat.S_IMODE(os.stat(shared.path).st_mode) == 0o660
    assert stat.S_IMODE(os.stat(store_mod.lock_path(shared.path)).st_mode) == 0o660


def test_orphaned_temp_files_are_removed_at_open(store: WorkshopStore) -> None:
    orphan = store.path.parent / f".{store.path.name}.abc123.tmp"
    orphan.write_bytes(b"half")
    store.open_check()
    assert not orphan.exists()


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such workshop file"):
        WorkshopStore(tmp_path / "none.json").read()


def test_a_read_parses_only_the_tables_that_changed(store: WorkshopStore) -> None:
    """One table to a line: a new event leaves the notes as they were parsed, and every
    read is what a whole parse of the file gives (plain JSON, as TinyDB reads it)."""
    import json

    store.add_record("notes", {"text": "seal numbers checked", "session": "s1"})
    store.append_event(Event("start", 10.0, "s1"))
    raw = store.path.read_bytes()
    assert raw.count(b"\n") == len(store_mod.TABLES) - 1 and raw.startswith(b'{"workshop":')
    first = WorkshopStore(store.path).read()  # a store of its own, as the watcher's is
    store.append_event(Event("pause", 20.0, "s1"))
    second = WorkshopStore(store.path).read()
    assert second.notes is first.notes and second.notes[0]["text"] == "seal numbers checked"
    assert [e.kind for e in second.events] == ["start", "pause"]
    whole = json.loads(store.path.read_bytes())
    assert [r["kind"] for r in whole["events"].values()] == ["start", "pause"]
    assert list(second.notes) == list(whole["notes"].values())
    assert second.events == tuple(Event.from_record(r) for r in whole["events"].values())


def test_a_file_in_another_layout_reads_whole_and_is_cleaned_alike(
    store: WorkshopStore,
) -> None:
    """A file written on one line (an older version), or by hand with a line of its own
    that is not a table, is read whole; text that reached it is cleaned either way."""
    import json

    store.add_record("notes", {"text": "ok", "session": "s1"})
    data = json.loads(store.path.read_bytes())
    data["notes"]["1"]["text"] = "red \x1b[31malert"
    for raw in (json.dumps(data).encode(), json.dumps(data, indent=2).encode()):
        store.path.write_bytes(raw)
        assert WorkshopStore(store.path).read().notes[0]["text"] == "red alert"
    store.path.write_bytes(store_mod.encode(data))
    assert WorkshopStore(store.path).read().notes[0]["text"] == "red alert"
    store.path.write_bytes(store_mod.encode(data)[:-40])  # cut short: named as damaged
    with pytest.raises(StoreCorrupt, match="not valid JSON"):
        WorkshopStore(store.path).read()


def test_the_log_read_again_is_the_log_folded_whole(store: WorkshopStore, course) -> None:
    """Each re-read folds only the events after those folded before; what it gives is
    what folding the whole log gives, and a log put back from its backup (shorter) is
    folded whole again."""
    from facilitator.control.controller import Controller
    from facilitator.live.events import fold

    controller = Controller(store, course, lambda: 100.0, "lead", "en", synchronous=True)
    sid = controller.programme.sessions()[0].id
    for i, kind in enumerate(["start", "pause", "resume", "slide"]):
        store.append_event(Event(kind, 10.0 + i, sid, index=1 if kind == "slide" else 0))
        changes = controller.read_changes()
        controller.apply(changes)
        assert changes.live == fold(changes.snapshot.events, known=controller._ids.__contains__)
    assert changes.live.run(sid).slide == 1 and changes.live.running
    store.path.write_bytes(store_mod.backup_path(store.path).read_bytes())  # one event fewer
    changes = controller.read_changes()
    assert [e.kind for e in changes.snapshot.events] == ["start", "pause", "resume"]
    assert changes.live == fold(changes.snapshot.events, known=controller._ids.__contains__)


def test_a_write_rewrites_only_the_tables_it_changed_and_cleans_what_it_read(
    store: WorkshopStore,
) -> None:
    """The tables a write did not touch go back as the lines they were; the file is
    always what the whole data encodes to, and text to clean that another hand put in
    the file is written cleaned, whichever table the write was for."""
    import json

    other = WorkshopStore(store.path, Author("clerk", "bo"))
    store.add_record("notes", {"text": "first", "session": "s1"})
    other.append_event(Event("start", 10.0, "s1"))  # the lead's next write reads the clerk's
    store.add_record("actions", {"text": "seal the store room", "session": "s1"})
    other.update_record("actions", json.loads(store.path.read_bytes())["actions"]["1"]["uid"],
                        {"done": True})  # fmt: skip
    store.set_attendance("s1", "Ama", True)
    data = json.loads(store.path.read_bytes())
    assert store.path.read_bytes() == store_mod.encode(data)
    assert data["actions"]["1"]["done"] is True and data["notes"]["1"]["text"] == "first"
    assert [e["kind"] for e in data["events"].values()] == ["start"]
    data["notes"]["1"]["text"] = "red \x1b[31malert"
    store.path.write_bytes(store_mod.encode(data))
    other.append_event(Event("pause", 20.0, "s1"))
    assert json.loads(store.path.read_bytes())["notes"]["1"]["text"] == "red alert"
