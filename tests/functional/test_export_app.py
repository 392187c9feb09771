"""Export from the app: `e` writes the session on screen, `E` the whole workshop."""

from __future__ import annotations

from facilitator.minutes import mdsafe
from tests.helpers import screen_text, until


async def test_keys_export_the_session_and_the_workshop(app_factory, fake_clock, demo_path) -> None:
    exports = demo_path.parent.parent / "exports"
    app = app_factory(exports=exports)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("space")  # welcome
        fake_clock.advance(15 * 60)
        await pilot.press("n")  # chain of custody
        fake_clock.advance(60)
        await pilot.press("o", *"Seal | missing", "ctrl+s")
        await pilot.press("e")  # written by a worker, once the note has landed
        await until(pilot, lambda: "Minutes written to" in screen_text(app))
        assert [p.name for p in exports.iterdir()] == ["day1-02-chain-of-custody.md"]
        front, body, _ = mdsafe.split_front_matter(
            (exports / "day1-02-chain-of-custody.md").read_text()
        )
        assert front["status"] == "in progress" and "Seal \\| missing" in body
        await pilot.press("E")
        await until(pilot, lambda: len(list(exports.iterdir())) == 4)
        assert sorted(p.name for p in exports.iterdir()) == [
            "day1-01-welcome.md",
            "day1-02-chain-of-custody.md",
            "index.md",
            "timeline.svg",
        ]
        await pilot.press("right")  # the next slide; the session is still current
        fake_clock.advance(30)
        await pilot.press("n", "e")  # the coffee break: not a session with minutes
        await until(pilot, lambda: "is a break; breaks have no minutes" in screen_text(app))
        assert len(list(exports.iterdir())) == 4
