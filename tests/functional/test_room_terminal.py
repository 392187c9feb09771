"""`facilitator follow --role room`: the room in a terminal, full width, never the notes."""

from __future__ import annotations

import os

from facilitator.tui.screens.room import RoomScreen
from tests.helpers import other_controller, screen_text, settle, until
from tests.unit.test_room_model import secrets_of


async def test_the_room_terminal_follows_the_lead_and_shows_nothing_kept(
    app_factory, demo_path, course, fake_clock
) -> None:
    lead = other_controller(demo_path, course, fake_clock)
    secrets = secrets_of(course)
    app = app_factory(role="room", follow=True)
    async with app.run_test(size=(120, 36)) as pilot:
        assert isinstance(app.screen, RoomScreen)
        await until(pilot, lambda: "slide 1 of 2" in screen_text(app))
        text = screen_text(app)
        assert "Welcome and objectives" in text and "Welcome" in text
        lead.toggle()
        lead.step(1)
        lead.show_slide(lead.current(), 1)
        await until(pilot, lambda: "slide 2 of 5" in screen_text(app))
        await until(pilot, lambda: "Freed by the paperwork" in screen_text(app))
        if shots := os.environ.get("ROOM_SCREENSHOTS"):
            app.save_screenshot(f"{shots}/room-terminal-120x36.svg")
        lead.add_note("chain-of-custody", "TRAINERS ONLY note", "note", restricted=True)
        lead.goto("diagnostic-d1")
        await until(pilot, lambda: "question 1 of 3" in screen_text(app))
        text = screen_text(app)
        assert "Is every hand-over of an exhibit written down" in text
        assert not [s for s in [*secrets, "TRAINERS ONLY"] if s in text]
        for hidden in ("Speaker notes", "Agenda", "Day 1 of", "Quit"):  # no notes, agenda, footer
            assert hidden not in text
        await pilot.press("space", "n", "right")  # the room moves nothing
        await pilot.pause()
        assert app.controller.live.run("diagnostic-d1").question == 0
    assert not lead.reload() or lead.live.current == "diagnostic-d1"


async def test_the_lead_blanks_the_room_and_puts_a_line_on_it(
    app_factory, demo_path, course, fake_clock
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("B")
        await settle(pilot)
        assert app.controller.live.blackout
        await pilot.press("M", *"Back at 14:00", "enter")
        await settle(pilot)
        assert app.controller.live.message == "Back at 14:00"
        await pilot.press("B", "M", "ctrl+u", "enter")  # shown again; the line cleared
        await settle(pilot)
        assert not app.controller.live.blackout and app.controller.live.message == ""
    room = other_controller(demo_path, course, fake_clock, role="follower")
    assert [(e.kind, e.run, e.text) for e in room.snapshot.events] == [
        ("blackout", True, ""),
        ("message", False, "Back at 14:00"),
        ("blackout", False, ""),
        ("message", False, ""),
    ]


async def test_the_room_terminal_goes_blank_and_shows_the_line(
    app_factory, demo_path, course, fake_clock
) -> None:
    lead = other_controller(demo_path, course, fake_clock)
    app = app_factory(role="room", follow=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: "slide 1 of 2" in screen_text(app))
        lead.room_message("Back at 14:00")
        await until(pilot, lambda: "Back at 14:00" in screen_text(app))
        lead.blackout(True)
        await until(pilot, lambda: not screen_text(app).replace("Demo workshop", "").strip())
        lead.blackout(False)
        await until(pilot, lambda: "slide 1 of 2" in screen_text(app))


async def test_a_co_trainer_cues_the_lead_until_the_lead_dismisses_it(
    app_factory, demo_path, course, fake_clock
) -> None:
    co = app_factory(role="follower", follow=True, author="Ana")
    async with co.run_test(size=(120, 36)) as pilot:
        await pilot.press("C", *"5 minutes", "enter")
        await settle(pilot)
        await until(pilot, lambda: co.controller.live.cue == "Ana: 5 minutes")
        # no lead runs yet: the banner says so first (the cue waits in the file)
        assert "No lead" in screen_text(co)
    lead = app_factory()
    async with lead.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert lead.controller.live.cue == "Ana: 5 minutes"
        assert "Ana: 5 minutes   · C dismisses" in screen_text(lead)
        assert lead.screen.query_one("#banner").has_class("-cue")
        await pilot.press("C")
        await settle(pilot)
        assert lead.controller.live.cue == ""
        assert "Ana: 5 minutes" not in screen_text(lead)
    room = other_controller(demo_path, course, fake_clock, role="follower")
    assert [(e.kind, e.text) for e in room.snapshot.events] == [
        ("cue", "Ana: 5 minutes"),
        ("cue", ""),
    ]


async def test_q_ends_the_room_terminal(app_factory) -> None:
    app = app_factory(role="room", follow=True)
    async with app.run_test(size=(120, 36)) as pilot:
        assert isinstance(app.screen, RoomScreen)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0  # exited (None while it runs)


async def test_angle_brackets_in_a_slide_are_shown_as_written(tmp_path, root) -> None:
    """A slide's `<seal number>` (a placeholder) or `<b>` is text: the room terminal and
    the lead show it as the web page does (raw HTML off), never drop it."""
    from facilitator.control.options import Options
    from facilitator.course import catalog
    from facilitator.tui.app import make_app
    from tests.room_web import own_demo

    course, _, path, clock = own_demo(tmp_path, root)
    module = course / "content" / "demo" / "01-welcome.md"
    text = module.read_text(encoding="utf-8")
    line = "- Write <seal number> on the form, not <b>bold</b>"
    module.write_text(text.replace("# Welcome\n", f"# Welcome\n\n{line}\n", 1), encoding="utf-8")
    loaded, _ = catalog.load_for((course,), "demo")
    for role in ("room", "lead"):
        options = Options(path=path, role=role, following=role == "room", author="T")
        app = make_app(options, loaded, clock)
        async with app.run_test(size=(120, 36)) as pilot:
            await until(pilot, lambda app=app: "Write" in screen_text(app))
            assert "Write <seal number> on the form, not <b>bold</b>" in screen_text(app), role


async def test_the_line_dialogs_say_their_whole_title(app_factory) -> None:
    """The dialog of `M` says what an empty line does, and `C`'s what to send: both titles
    whole at 120 columns, in English and French (they were cut: "(empty: clear i…")."""
    from facilitator.i18n import say

    for lang, role, key, title in (
        ("en", "lead", "M", "room_message_title"),
        ("fr", "lead", "M", "room_message_title"),
        ("en", "follower", "C", "cue_title"),
        ("fr", "follower", "C", "cue_title"),
    ):
        app = app_factory(role=role, follow=role != "lead", lang=lang)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press(key)
            await settle(pilot)
            assert say(lang, title) in screen_text(app), (lang, key)


async def test_the_line_dialog_counts_what_the_line_still_takes(app_factory) -> None:
    """Typing stops at the most a line takes: the dialog says how much is used, so a
    trainer sees why (it stopped without a word)."""
    from facilitator.control.controller import MESSAGE_CHARS

    app = app_factory()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("M")
        await settle(pilot)
        assert f"0 / {MESSAGE_CHARS}" in screen_text(app)
        await pilot.press(*"Back at 14:00")
        await settle(pilot)
        assert f"13 / {MESSAGE_CHARS}" in screen_text(app)
        await pilot.press(*("x" * (MESSAGE_CHARS + 5)))
        await settle(pilot)
        assert f"{MESSAGE_CHARS} / {MESSAGE_CHARS}" in screen_text(app)
