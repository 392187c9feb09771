"""Keys that arrive in one burst (fast typing, a laggy SSH link) all land where they were meant.

Pilot waits after each key; a terminal does not. Here every key of a session
is posted to the app at once, as a driver reading one big chunk would, and the
app has to deal with them one after the other: the text typed behind `o` goes
into the note, the `a` typed behind ctrl+s opens the next dialog.
"""

from __future__ import annotations

from textual import events

from facilitator.store.db import WorkshopStore
from facilitator.tui.screens.main import MainScreen

NAMES = {" ": "space", "\t": "tab", "\r": "enter", ";": "semicolon", "-": "minus"}


def keys(text: str) -> list[events.Key]:
    return [events.Key(NAMES.get(ch, ch), ch) for ch in text]


def control(name: str) -> events.Key:
    return events.Key(name, None)


async def test_a_whole_burst_of_keys_is_recorded_in_order(app_factory, demo_path) -> None:
    note = "Two seals unnumbered; driver not heard in his language"
    decision = "Custody forms signed at every hand-over"
    burst = [
        *keys(" o"),
        *keys(note),
        control("ctrl+s"),
        *keys("a"),
        *keys("Buy numbered seals\tCustoms HQ\t2026-12-20\r"),
        *keys("d"),
        events.Paste(decision),
        control("ctrl+s"),
        *keys("r"),
    ]
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        for event in burst:
            app.post_message(event)
        for _ in range(20):
            await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.controller.live.running
        assert app.screen.seat.records
    snapshot = WorkshopStore(demo_path).read()
    assert [(n["kind"], n["text"]) for n in snapshot.notes] == [
        ("note", note),
        ("decision", decision),
    ]
    [action] = snapshot.actions
    assert (action["text"], action["owner"], action["due"]) == (
        "Buy numbered seals",
        "Customs HQ",
        "2026-12-20",
    )


async def test_keys_behind_escape_go_back_to_the_main_screen(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        for event in [*keys("o"), *keys("draft"), control("escape"), *keys(" n")]:
            app.post_message(event)
        for _ in range(20):
            await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.controller.live.running
        assert app.controller.live.current == "chain-of-custody"
        assert app.screen.drafts == {"note:welcome": "draft"}
