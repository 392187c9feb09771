"""The running app against hostile text and faults: it survives, shows data as plain text,
and after a failed write the screen and the file agree."""

from __future__ import annotations

import errno
import json
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.minutes import report, session
from facilitator.minutes.records import Minutes
from facilitator.store import db as store
from facilitator.store.db import WorkshopStore
from facilitator.tui.screens.dialogs import ConfirmDialog
from tests.functional.test_trusted_record import to_diagnostic
from tests.helpers import screen_text, settle, stored_answers, until
from tests.nasty import HOSTILE, MARKUP, PAYLOADS, assert_clean

WRITE_NOTES = """
import json, sys
from pathlib import Path
from facilitator.store.db import Author, WorkshopStore
store = WorkshopStore(Path(sys.argv[1]), Author("clerk", sys.argv[3]))
for text in json.loads(sys.argv[2]):
    store.add_record("notes", {"session": "welcome", "kind": "note", "text": text})
"""


def other_terminal_writes(path: Path, texts: list[str], author: str = "Ana") -> None:
    """Another process (a clerk's terminal) adds these notes, as they are."""
    done = subprocess.run(
        [sys.executable, "-c", WRITE_NOTES, str(path), json.dumps(texts), author],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("role", ["lead", "follower"])
async def test_markup_in_a_note_is_shown_as_typed_on_every_terminal(
    app_factory, demo_path, role
) -> None:
    app = app_factory() if role == "lead" else app_factory(role="follower", follow=True)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        for text in MARKUP.values():  # one at a time: each gets its own toast
            other_terminal_writes(demo_path, [text], author="Ana [bold]x[/]")
            await until(
                pilot, lambda t=text: any(n["text"] == t for n in app.controller.snapshot.notes)
            )
            await pilot.pause()
            assert app.is_running
            shown = screen_text(app)
            assert text in shown, (text, shown)
        await pilot.press("r")  # the record of the session lists them all, as typed
        shown = " ".join(screen_text(app).split())
        for text in MARKUP.values():
            assert text in shown
        assert "Ana [bold]x[/] (clerk)" in shown
    assert app.return_code in (0, None)


async def test_escapes_in_a_note_from_another_terminal_never_reach_the_screen(
    app_factory, demo_path
) -> None:
    app = app_factory()
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        other_terminal_writes(demo_path, [f"{name}: {value}" for name, value in HOSTILE.items()])
        await until(pilot, lambda: len(app.controller.snapshot.notes) == len(HOSTILE))
        for note in app.controller.snapshot.notes:
            assert_clean(note["text"], "note as read")
        await pilot.press("r")
        shown = screen_text(app)
        assert_clean(shown, "screen")
        for payload in PAYLOADS:
            assert payload not in shown


async def test_a_hand_edited_workshop_file_is_drawn_clean(
    app_factory, demo_path, course, fake_clock
) -> None:
    data = json.loads(demo_path.read_text())
    record = data["workshop"]["1"]
    record["name"] = "Lomé " + HOSTILE["OSC 0 sets the window title"] + MARKUP["markup close tag"]
    record["venue"] = HOSTILE["CSI 2J clears the screen"] + "Port"
    record["roster"][0]["name"] = "Amina" + HOSTILE["OSC 52 sets the clipboard"]
    demo_path.write_text(json.dumps(data))
    app = app_factory()
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        assert app.controller.workshop.name == "Lomé [/]"
        shown = screen_text(app)
        assert "Lomé [/]" in shown and "PWNED" not in shown
        await pilot.press("t")  # the attendance list shows the roster
        shown = screen_text(app)
        assert "Amina ·" in shown and "UFdORUQ" not in shown
        assert_clean(shown)


async def test_a_pasted_escape_sequence_is_cleaned_as_it_arrives(app_factory, demo_path) -> None:
    from textual import events

    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("o")
        app.post_message(events.Paste("seal\x1b]52;c;UFdORUQ=\x07 17\u202e"))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#note-text").text == "seal 17"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert [n["text"] for n in WorkshopStore(demo_path).read().notes] == ["seal 17"]


# -- a disk that fills up -------------------------------------------------------------------


@pytest.fixture()
def disk(monkeypatch: pytest.MonkeyPatch):
    """The workshop's disk, which can be made full (every write fails with ENOSPC)."""

    class Disk:
        full = False

    real = store.write_atomic

    def write(path, payload, mode=None, **options):
        if Disk.full:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, payload, mode, **options)

    monkeypatch.setattr(store, "write_atomic", write)
    return Disk


async def test_an_agenda_change_that_cannot_be_saved_is_undone_on_screen(
    app_factory, demo_path, disk
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        disk.full = True
        await pilot.press("space", "space")  # start, then pause: neither can be written
        await until(pilot, lambda: not app.controller.pending, what="the rollback")
        assert app.controller.live.current is None  # the screen says what the file says
        assert WorkshopStore(demo_path).read().events == ()
        # the toast is drawn a frame after the rollback
        await until(pilot, lambda: "No space left on device" in screen_text(app), what="toast")
        disk.full = False
        await pilot.press("space")  # the lead tries again: a start, not a lone pause
        await settle(pilot)
        assert app.controller.live.running
    kinds = [e.kind for e in WorkshopStore(demo_path).read().events]
    assert kinds == ["start"]


async def test_a_note_that_cannot_be_saved_is_kept_and_saved_later(
    app_factory, demo_path, disk
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        app.controller.retry_seconds = 0
        disk.full = True
        await pilot.press("o", *"Seal 17 resealed", "ctrl+s")
        await until(pilot, lambda: app.main.unsaved == 1, what="the failed write")
        await until(pilot, lambda: "1 record(s) not saved yet" in screen_text(app), what="banner")
        disk.full = False
        await until(pilot, lambda: app.main.unsaved == 0, what="the retry")
        await settle(pilot)
        assert "not saved yet" not in screen_text(app)
    assert [n["text"] for n in WorkshopStore(demo_path).read().notes] == ["Seal 17 resealed"]


async def test_quitting_with_unsaved_records_keeps_them_in_a_file(
    app_factory, demo_path, disk
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        disk.full = True
        await pilot.press("o", *"Bag 19 unsealed", "ctrl+s")
        await until(pilot, lambda: app.main.unsaved == 1, what="the failed write")
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
    assert app.rescued is not None and app.rescued.parent == demo_path.parent
    kept = json.loads(app.rescued.read_text())
    assert [(k["what"], k["text"]) for k in kept] == [("note", "Bag 19 unsealed")]


async def test_typing_into_an_answer_survives_a_full_disk(app_factory, demo_path, disk) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        app.controller.retry_seconds = 0
        await to_diagnostic(pilot)
        await settle(pilot)
        disk.full = True
        app.screen.query_one("#diag-notes").focus()
        await pilot.press(*"written on a full disk")
        app.controller.flush()
        await until(pilot, lambda: app.main.unsaved >= 1, what="the failed write")
        disk.full = False
        await until(pilot, lambda: app.main.unsaved == 0, what="the retry")
        await settle(pilot)
    key = ("diagnostic-d1", "D-01", "Senegal")
    assert stored_answers(demo_path)[key].value("notes") == "written on a full disk"


# -- restricted records ---------------------------------------------------------------------


async def test_restricted_notes_and_answers_stay_out_of_the_minutes(
    app_factory, demo_path, course
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("space", "o", *"Informant named: K.", "ctrl+r", "ctrl+s")
        await pilot.press("o", *"Seals checked", "ctrl+s")
        await pilot.press("r")
        await settle(pilot)
        shown = " ".join(screen_text(app).split())
        assert "Informant named: K." in shown and "restricted" in shown  # trainers see it
        await pilot.press("r", "n", "n", "n")
        app.screen.query_one("#diag-notes").focus()
        await pilot.press(*"Unit X under investigation", "ctrl+r")
        await settle(pilot)
    snap = WorkshopStore(demo_path).read()
    programme = course.programme("demo")
    m = Minutes(snap, programme)
    welcome = session.render(m, m.schedule.slot("welcome"))
    assert "Informant" not in welcome and "Seals checked" in welcome
    assert "1 restricted record was left out (for the trainers only)." in welcome
    diagnostic = session.render(m, m.schedule.slot("diagnostic-d1"))
    assert "Unit X" not in diagnostic and "1 restricted record was left out" in diagnostic
    index = report.render(m)
    assert "Informant" not in index and "2 restricted records were left out" in index
