"""Start-up: the first frame is the workshop's screen with its keys, drawn once."""

from __future__ import annotations

import gc

from textual.widgets._footer import FooterKey

from facilitator.tui.widgets.footer import KeysFooter


def footer_keys(app) -> list[FooterKey]:
    return list(app.screen.query_one(KeysFooter).query(FooterKey))


async def test_the_first_screen_is_the_workshop_with_its_keys(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)):
        # no empty screen under it, and the keys are there before anything is pressed
        assert app.screen_stack == [app.main]
        described = {key.description for key in footer_keys(app)}
        assert {"Start/Pause", "Quit", "palette"} <= described


async def test_the_footer_is_built_again_only_when_its_keys_change(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        before = footer_keys(app)
        app.main.refresh_bindings()
        app.main.query_one("#agenda").blur()  # focus moving: the keys shown stay the same
        await pilot.pause()
        assert footer_keys(app) == before  # the same widgets: nothing removed and mounted
        app.deposed("Ben")  # a follower now: the lead's keys go
        await pilot.pause()
        after = {key.description for key in footer_keys(app)}
        assert "Start/Pause" not in after and "palette" in after


async def test_the_collector_is_on_again_once_the_first_frame_is_out(app_factory) -> None:
    """As the console script starts it (facilitator.start): the collector off; the app
    turns it on after its first frame and freezes what start-up made."""
    app = app_factory()
    gc.disable()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()


async def test_an_app_started_with_the_collector_on_freezes_nothing(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert gc.isenabled() and gc.get_freeze_count() == 0
