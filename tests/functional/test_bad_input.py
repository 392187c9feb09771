"""Strange input never crashes the app and nothing typed is lost."""

from __future__ import annotations

from textual.widgets import Label, TextArea

from facilitator.store.db import WorkshopStore
from facilitator.tui.screens.dialogs import NoteDialog
from facilitator.tui.screens.main import MainScreen
from facilitator.tui.widgets.diagnostic import DiagnosticView
from tests.helpers import stored_answers

PASTED = "\x1b[31mred alert\x1b[0m\x07 seal\x00 broken\r\nsecond line\x1b]0;title\x07"
SCRIPTS = "مصادرة البضائع · конфискация груза · 押収 · 👮‍♀️🚢📦"


async def type_note(app, pilot, kind_key: str, text: str) -> None:
    await pilot.press(kind_key)
    app.screen.query_one(TextArea).insert(text)  # as a terminal paste lands
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_empty_note_is_refused_with_a_message(app_factory, demo_path) -> None:
    app = app_factory()
    async with app.run_test() as pilot:
        await pilot.press("o", "space", "space", "ctrl+s")
        assert isinstance(app.screen, NoteDialog)
        assert "empty" in str(app.screen.query_one("#dialog-error", Label).render())
        await pilot.press("escape")
    assert WorkshopStore(demo_path).read().notes == ()


async def test_long_pasted_and_foreign_text_is_kept_clean(app_factory, demo_path) -> None:
    long_text = "Evidence bag 17 was resealed without a witness. " * 400  # ~20,000 characters
    app = app_factory()
    async with app.run_test() as pilot:
        await type_note(app, pilot, "o", long_text)
        await type_note(app, pilot, "o", PASTED)
        await type_note(app, pilot, "d", SCRIPTS)
    texts = [n["text"] for n in WorkshopStore(demo_path).read().notes]
    assert texts[0] == long_text
    assert texts[1] == "red alert seal broken\nsecond line"
    assert texts[2] == SCRIPTS


async def test_a_cancelled_dialog_keeps_its_draft(app_factory, demo_path) -> None:
    app = app_factory()
    async with app.run_test() as pilot:
        await pilot.press("a", *"Train the night shift", "tab", *"Port", "escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("a")
        assert app.screen.query_one("#action-text").value == "Train the night shift"
        assert app.screen.query_one("#action-owner").value == "Port"
        await pilot.press("tab", "tab", *"31/01/2027", "enter")
        assert "not a date" in str(app.screen.query_one("#dialog-error", Label).render())
        await pilot.press(*["backspace"] * 10, *"2027-01-31", "enter")
        assert isinstance(app.screen, MainScreen)
    actions = WorkshopStore(demo_path).read().actions
    assert [(a["text"], a["owner"], a["due"]) for a in actions] == [
        ("Train the night shift", "Port", "2027-01-31")
    ]


async def test_resizing_in_the_middle_of_a_round_loses_nothing(app_factory, demo_path) -> None:
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("space", "n", "n", "n")
        view = app.screen.query_one(DiagnosticView)
        notes = view.query_one("#diag-notes", TextArea)
        notes.focus()
        await pilot.press(*"Keys shared ")
        for size in [(80, 24), (40, 12), (200, 50), (81, 25)]:
            await pilot.resize_terminal(*size)
            await pilot.press(*"x")
        await pilot.pause()
        assert notes.text == "Keys shared xxxx"
        assert str(view.query_one("#diag-caption", Label).render()).startswith("Question 1 of 3")
    assert [a.value("notes") for a in stored_answers(demo_path).values()] == ["Keys shared xxxx"]


async def test_strange_keys_do_nothing_harmful(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(
            "z", "ctrl+x", "f12", "home", "end", "tab", "escape", "left", "pageup", "minus"
        )
        await pilot.pause()
        assert app.is_running
        assert app.controller.live.current is None


async def test_followers_cannot_move_the_agenda(app_factory, demo_path) -> None:
    lead = app_factory()
    async with lead.run_test() as pilot:
        await pilot.press("space")
    follower = app_factory(role="follower", follow=True)
    async with follower.run_test() as pilot:
        await pilot.press("space", "n", "plus", "o")
        await pilot.pause()
        assert isinstance(follower.screen, MainScreen)
    kinds = [e.kind for e in WorkshopStore(demo_path).read().events]
    assert kinds == ["start"]
