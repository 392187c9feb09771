"""What the speed work relies on: a fold continued from a state, a write that starts
from what this store last wrote only while nobody else wrote, the scan of a file in
slices, and a watcher woken by the kernel."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import pytest

from facilitator import clean as clean_mod
from facilitator.control import watch
from facilitator.course.model import Workshop
from facilitator.live.events import Event, fold
from facilitator.store.db import Author, WorkshopStore

WORKSHOP = Workshop("w", "W", "demo", "2026-12-07")
KINDS = ("start", "goto", "pause", "resume", "end", "extend", "skip", "slide", "reopen")


def test_a_fold_continued_from_a_state_is_the_fold_of_the_whole_log() -> None:
    rng = random.Random(3)
    for _ in range(200):
        log = [
            Event(rng.choice(KINDS), 1000.0 + i, rng.choice(["a", "b", "c", None]),
                  minutes=rng.randint(-5, 5), index=rng.randint(0, 4), run=rng.random() < 0.5)
            for i in range(rng.randint(0, 30))
        ]  # fmt: skip
        cut = rng.randint(0, len(log))
        known = {"a", "b"}.__contains__
        assert fold(log[cut:], known, start=fold(log[:cut], known)) == fold(log, known)


def test_a_write_after_another_terminal_wrote_keeps_what_it_wrote(tmp_path: Path) -> None:
    ours = WorkshopStore.create(tmp_path / "w.json", WORKSHOP, Author("lead", "a"))
    theirs = WorkshopStore(ours.path, Author("clerk", "b"))
    ours.add_record("notes", {"session": "s", "kind": "note", "text": "one"})
    theirs.add_record("notes", {"session": "s", "kind": "note", "text": "two"})
    ours.add_record("notes", {"session": "s", "kind": "note", "text": "three"})
    assert [n["text"] for n in ours.read().notes] == ["one", "two", "three"]


def test_a_write_that_failed_does_not_leave_its_change_for_the_next(tmp_path: Path) -> None:
    store = WorkshopStore.create(tmp_path / "w.json", WORKSHOP, Author("lead", "a"))
    store.add_record("notes", {"session": "s", "kind": "note", "text": "one"})
    with pytest.raises(RuntimeError), store.transaction() as db:
        db.table("notes").insert({"text": "never"})
        raise RuntimeError("a failure after the change")
    store.add_record("notes", {"session": "s", "kind": "note", "text": "two"})
    assert [n["text"] for n in store.read().notes] == ["one", "two"]


@pytest.mark.parametrize(
    "at", [0, 5, clean_mod._SLICE - 3, clean_mod._SLICE, 2 * clean_mod._SLICE - 1]
)
def test_a_control_character_is_found_across_the_slices(at: int) -> None:
    for bad in (b"\\u0001", b"\\u202e", b"\xe2\x80\xae", b"\\b"):
        raw = b"a" * at + bad + b"a" * 10
        assert clean_mod._suspect(raw), (at, bad)
    assert not clean_mod._suspect(b"a" * (3 * clean_mod._SLICE))


class _Controller:
    """What the watcher asks of a controller: the store's folder and the changes."""

    def __init__(self, path: Path) -> None:
        self.store = WorkshopStore(path)
        self.snapshot = self.store.read()
        self.asked = threading.Event()
        self.looks = 0

    def settled(self) -> bool:
        return True  # writes nothing: a follower

    def read_changes(self, since):
        self.looks += 1
        if self.store.stamp() == since:
            return None
        self.asked.set()
        self.snapshot = self.store.read()
        return type("C", (), {"snapshot": self.snapshot})()


def test_the_watcher_is_woken_by_a_replace_and_stops_at_once(tmp_path: Path) -> None:
    store = WorkshopStore.create(tmp_path / "w.json", WORKSHOP)
    notify = watch._inotify(str(tmp_path))
    assert notify is not None  # Linux: the kernel wakes the watcher
    notify.close()
    controller = _Controller(store.path)
    seen = []
    watcher = watch.Watcher(controller, seen.append, lambda who: None)  # type: ignore[arg-type]
    watcher.start()
    store.append_event(Event("start", 1.0, "a"))
    assert controller.asked.wait(5)
    begin = time.monotonic()
    watcher.stop()
    assert time.monotonic() - begin < watch.SAFETY  # woken, not waiting for the timeout
    assert len(seen[-1].snapshot.events) == 1


def test_side_files_are_no_news_to_a_follower(tmp_path: Path) -> None:
    """What a lead's key or a seat's beat leaves in the folders wakes no follower; the
    lead's file, a take-over asked and a message for this seat do."""
    path = WorkshopStore.create(tmp_path / "w.json", WORKSHOP).path
    watcher = watch.Watcher(_Controller(path), lambda c: None, lambda n: None)  # type: ignore[arg-type]
    watcher.rota = type("R", (), {"seat": "me"})()  # type: ignore[assignment]
    quiet = ["w.json.lock", ".w.json.x1.tmp", "w.json.bak", ".w.json.lead.x2.new",
             "other.json", ".other.json.x3.tmp", "other.ab12.msg", "me.json"]  # fmt: skip
    assert not any(watcher._news(name) for name in quiet)
    assert all(watcher._news(n) for n in ["w.json.lead", "w.json.takeover", "me.ab12.msg"])


def test_the_first_thing_a_write_shows_the_folder_is_the_replace(tmp_path: Path) -> None:
    """The new version and the backup's second name are made in the staging folder, which
    nobody watches: the terminals watching the workshop's folder are first woken by the
    replace itself, not by the steps before it."""
    from inotify_simple import INotify, flags

    store = WorkshopStore.create(tmp_path / "w.json", WORKSHOP)
    store.append_event(Event("start", 1.0, "a"))  # the staging folder and the lock made
    notify = INotify()
    notify.add_watch(str(tmp_path), watch._mask())
    try:
        store.append_event(Event("pause", 2.0, "a"))
        seen = [(e.name, flags.from_mask(e.mask)) for e in notify.read(timeout=1000)]
    finally:
        notify.close()
    assert seen, "the write was not seen"
    assert seen[0] == ("w.json", [flags.MOVED_TO]), seen
    assert not [name for name, _ in seen if name.endswith(".tmp")], seen
    assert not list(tmp_path.glob(".w.json.*.tmp"))
    assert not list((tmp_path / ".facilitator-staging").iterdir())  # nothing left behind


def test_a_follower_looks_at_the_file_once_for_a_write_and_its_side_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write's lock and temp file and the seats' beats around it: one look (the safety
    look put off, so that only what the kernel said can wake the watcher)."""
    store = WorkshopStore.create(tmp_path / "w.json", WORKSHOP)
    monkeypatch.setattr(watch, "SAFETY", 60.0)
    controller = _Controller(store.path)
    seats = tmp_path / "w.json.seats"
    seats.mkdir(exist_ok=True)
    watcher = watch.Watcher(controller, lambda c: None, lambda n: None)  # type: ignore[arg-type]
    watcher.start()
    try:
        for n in range(20):  # another seat beating, a lock taken: no look
            (seats / f"other{n}.json").write_text("{}")
            (tmp_path / "w.json.lock").write_text("")
        store.append_event(Event("start", 1.0, "a"))  # its own lock and temp file too
        assert controller.asked.wait(5)
    finally:
        watcher.stop()
    assert controller.looks == 1


class _Writing(_Controller):
    """A controller whose own writes are on their way (a lead that just pressed a key)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.looked_at: list[float] = []

    def settled(self) -> bool:
        return False

    def read_changes(self, since):
        self.looked_at.append(time.monotonic())
        return super().read_changes(since)


@pytest.mark.parametrize("writing", [True, False])
def test_a_replace_while_our_writes_are_on_their_way_is_read_an_interval_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writing: bool
) -> None:
    """Most likely our own key's, already on our screen: not parsed while that key's
    frame is drawn. A terminal that writes nothing reads it at once."""
    store = WorkshopStore.create(tmp_path / "w.json", WORKSHOP)
    monkeypatch.setattr(watch, "SAFETY", 60.0)
    monkeypatch.setattr(watch, "INTERVAL", 0.5)
    controller = _Writing(store.path) if writing else _Controller(store.path)
    watcher = watch.Watcher(controller, lambda c: None, lambda n: None)  # type: ignore[arg-type]
    watcher.start()
    try:
        assert watcher.watching.wait(5)
        begin = time.monotonic()
        store.append_event(Event("start", 1.0, "a"))
        replaced = time.monotonic()
        assert controller.asked.wait(5)
        seen = time.monotonic()
    finally:
        watcher.stop()
    if writing:
        assert controller.looked_at[0] - replaced >= 0.5 - 0.01
    else:
        assert seen - begin < 0.5


def test_the_rows_a_change_added_are_those_of_a_set_difference() -> None:
    from facilitator.tui.app import _added

    rng = random.Random(7)
    for _ in range(300):
        old = [{"uid": f"u{i}"} for i in range(rng.randint(0, 8))]
        new = [r for r in old if rng.random() < 0.8]  # some removed
        new += [{"uid": f"v{i}"} for i in range(rng.randint(0, 3))]  # some added, at the end
        uids = {r["uid"] for r in old}
        assert _added(tuple(old), tuple(new)) == [r for r in new if r["uid"] not in uids]


def test_the_console_script_starts_with_the_collector_off_and_a_command_runs_with_it_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from facilitator import cli, start

    seen: dict[str, bool] = {}

    def listing(folder: Path) -> list:
        seen["list"] = gc.isenabled()
        return []

    def opening(*args: object, **kwargs: object) -> None:
        seen["demo"] = gc.isenabled()

    monkeypatch.setattr(cli.workshops, "list_workshops", listing)
    monkeypatch.setattr(cli, "_open_app", opening)
    monkeypatch.setattr(cli.workshops, "ensure_demo", lambda *a, **k: tmp_path / "d.json")
    try:
        for argv in (["facilitator", "list"], ["facilitator", "demo"]):
            monkeypatch.setattr("sys.argv", [*argv, "--data", str(tmp_path)])
            start.main()
    finally:
        gc.enable()
    # a command finds it on; the app's command leaves it to the app (after its first frame)
    assert seen == {"list": True, "demo": False}


def test_the_slide_a_slide_key_draws_first_is_the_one_the_whole_screen_shows(
    tmp_path: Path, course
) -> None:
    """The lead's slide key draws the slide alone (``slide_only``), the rest of the screen
    a frame later: at every slide and step of every session, lead or browsing, it is
    the slide the whole screen's model has; elsewhere (a card, a question) there is none."""
    from datetime import date

    from facilitator.control.stage import SlideModel
    from facilitator.control.view import Seat, screen_model, slide_index, slide_only
    from facilitator.live.events import FakeClock
    from facilitator.store import workshops
    from tests.helpers import at, other_controller

    tz = "Europe/Brussels"  # COPES's opening reveals its slides in steps
    path = workshops.create(tmp_path / "data", course, "copes-3day", "W", date(2026, 12, 7), tz=tz)
    lead = other_controller(path, course, FakeClock(at("2026-12-07", "08:58", tz)))
    shown = cards = steps = 0
    for session in lead.programme.sessions():
        lead.goto(session.id)
        slides = session.module.slides_in("en") if session.module else ()
        seats = [Seat()] + [Seat().browse(session.id, slide=n) for n in range(len(slides))]
        for turn in range(sum(max(1, len(s.steps)) for s in slides) + 1):
            for seat in seats:
                quick = slide_only(lead, seat)
                whole = screen_model(lead, seat, 300).stage
                if quick is None:
                    assert not isinstance(whole, SlideModel) or whole.card
                    cards += 1
                else:
                    assert quick == whole, (session.id, turn, seat)
                    shown += 1
                    steps += whole.body != slides[slide_index(lead, seat, session)].body
            lead.turn(session, +1)
    assert shown > 50 and cards > 0 and steps > 0


def test_full_collections_run_at_quiet_moments_only() -> None:
    """Python starts no full collection of its own; the tick runs one once keys and
    changes have been quiet, at most every minute, and at the latest after ten."""
    import gc

    from facilitator.tui import collector as collector_mod

    now = [1000.0]
    c = collector_mod.Collector(lambda: now[0])
    before = gc.get_threshold()
    c.start()
    try:
        assert gc.get_threshold()[:2] == before[:2]
        assert gc.get_threshold()[2] == collector_mod.NEVER
        ran = []
        for second in range(1, 1300):  # a key every second for 20 minutes, then quiet
            now[0] = 1000.0 + second
            if second < 1200:
                c.busy()
            if c.tick():
                ran.append(second)
        assert ran == [600, 1200, 1260]  # the latest while busy (twice), then when quiet
        now[0] += 1
        assert not c.tick()  # quiet, but one ran less than a minute ago
        now[0] += collector_mod.EVERY_SECONDS
        assert c.tick()
    finally:
        c.stop()
    assert gc.get_threshold() == before
    assert not c.tick()  # stopped: Python's own again


def test_the_schedule_given_again_is_the_one_built_afresh(tmp_path: Path, course) -> None:
    """While the schedule stands still, a note or an answer from another terminal gives
    the same schedule without placing the week again; an agenda event, the clock past
    ``steady_until`` and a session's running timer each place it again. At every step it
    equals the schedule built afresh at that moment."""
    from datetime import date

    from facilitator.live.calendar import Calendar
    from facilitator.live.events import FakeClock
    from facilitator.live.schedule import build
    from facilitator.store import workshops
    from tests.helpers import at, other_controller

    tz = "Europe/Brussels"
    path = workshops.create(tmp_path / "data", course, "copes-3day", "W", date(2026, 12, 7), tz=tz)
    clock = FakeClock(at("2026-12-07", "08:40", tz))
    lead = other_controller(path, course, clock)
    clerk = other_controller(path, course, clock, role="clerk", author="Bo")

    def fresh():
        calendar = Calendar.of(lead.workshop, lead.programme)
        return build(lead.programme, calendar, lead.workshop.timezone, lead.live, clock())

    first = lead.schedule()
    assert first == fresh() and first.steady_until > clock()
    clock.advance(60)
    clerk.add_note(lead.programme.sessions()[0].id, "the seal register is not kept")
    lead.reload()
    again = lead.schedule()
    assert again.days is first.days and again == fresh()  # given again, at the new now
    assert again.now == clock()
    clock.advance(first.steady_until - clock() + 1)  # past the moment it stood still until
    later = lead.schedule()
    assert later == fresh() and later.days is not first.days
    lead.toggle()  # the first session starts: its timer runs, the schedule moves
    running = lead.schedule()
    assert running == fresh() and running.steady_until <= running.now
    clock.advance(30)
    moved = lead.schedule()
    assert moved == fresh() and moved.days is not running.days


def test_a_write_after_the_frame_waits_for_it_and_no_longer_than_it_may() -> None:
    """``after_frame``: the write goes when the screen says its frame is out, or at the
    latest when the time given has passed; in the order asked, either way."""
    from facilitator.control.writer import Writer

    done: list[str] = []
    writer = Writer(lambda token, error: done.append(token))
    ran = threading.Event()
    writer.submit("held", ran.set, after_frame=30.0)
    assert not ran.wait(0.3)  # no frame yet: held (30 s at most)
    writer.drawn()
    assert ran.wait(5.0)
    ran.clear()
    writer.drawn()  # a frame before the next key is not its frame
    writer.submit("late", ran.set, after_frame=30.0)
    assert not ran.wait(0.3)
    writer.drawn()
    assert ran.wait(5.0)
    writer.submit("no frame", lambda: None, after_frame=0.01)  # none comes: it goes anyway
    writer.submit("next", lambda: None)
    assert writer.flush(timeout=5.0)
    assert done == ["held", "late", "no frame", "next"]
    writer.close()


def test_a_key_write_goes_before_the_frame_only_while_another_terminal_waits_for_it(
    tmp_path: Path, course
) -> None:
    from datetime import date

    from facilitator.control import writer as writer_mod
    from facilitator.control.controller import open_controller
    from facilitator.control.options import Options
    from facilitator.store import workshops

    path = workshops.create(tmp_path / "data", course, "demo", "W", date(2026, 12, 7))
    lead = open_controller(Options(path=path), course)
    asked: list[tuple[float, float]] = []

    class Recording:
        def submit(self, token, job, head_start=0.0, after_frame=0.0):
            asked.append((head_start, after_frame))
            job()
            lead._write_done(token, None)

    real, lead.writer = lead.writer, Recording()
    lead.toggle()  # watched: as assumed until the seats say otherwise
    lead.watched = lambda: False
    lead.toggle()
    assert asked == [(writer_mod.HEAD_START_SECONDS, 0.0), (0.0, writer_mod.HOLD_SECONDS)]
    lead.writer = real
    lead.close()


def test_a_file_read_again_table_by_table_is_the_file_read_whole(tmp_path: Path) -> None:
    """Rows added at the end of a table, changed, removed, a table emptied or new, text to
    clean, a line broken by hand: each read of what changed (a line compared with the
    last, rows added parsed alone) equals the whole file parsed."""
    from facilitator.store import db as store_db

    path = tmp_path / "w.json"
    rng = random.Random(7)
    tables: dict[str, dict[str, object]] = {"workshop": {"1": {"programme": "demo"}}}
    for name in ("events", "notes", "answers"):
        tables[name] = {}
    next_id = 1
    for step in range(300):
        name = rng.choice(["events", "notes", "answers"])
        table = tables[name]
        roll = rng.random()
        if roll < 0.6 or not table:  # a row at the end, now and then with text to clean
            text = rng.choice(["seal", "ok\x1b[31m", "a,\nb", "}}", '{"x":1}', ""])
            table[str(next_id)] = {"text": text, "n": step}
            next_id += 1
        elif roll < 0.75:  # the last row changed
            table[max(table, key=int)] = {"text": "changed", "n": step}
        elif roll < 0.85:  # a row removed
            del table[rng.choice(list(table))]
        elif roll < 0.9:
            table.clear()
        else:
            tables[f"t{step}"] = {"1": {"n": step}}  # a table that was not there
        raw = store_db.encode(tables)
        if step % 50 == 49:
            raw = raw.replace(b",\n", b",\n ", 1)  # another layout: read whole
        path.write_bytes(raw)
        assert store_db._read_tables(path, raw) == store_db._decode(path, raw), step
