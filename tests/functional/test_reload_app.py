"""A module edited while the app runs: the lead's screen shows the new text at the same
slide; a broken file keeps the last good version on screen and says where it is wrong."""

from __future__ import annotations

from pathlib import Path

from facilitator.control.options import Options
from facilitator.tui.app import make_app
from tests.helpers import screen_text, until
from tests.room_web import own_demo


async def test_the_lead_sees_an_edited_module_and_is_told_of_a_broken_one(
    tmp_path: Path, root: Path
) -> None:
    course, loaded, path, clock = own_demo(tmp_path, root)
    app = make_app(Options(path, author="Lead"), loaded, clock)
    module = course / "content" / "demo" / "01-welcome.md"
    text = module.read_text(encoding="utf-8")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("right")
        await until(pilot, lambda: "slide 2 of 2" in screen_text(app))
        second = text.split("\n---\n")[1]
        first_line = next(line for line in second.splitlines() if line.strip())
        module.write_text(text.replace(first_line, "## Edited during the session", 1))
        await until(pilot, lambda: "Edited during the session" in screen_text(app))
        assert "slide 2 of 2" in screen_text(app)
        module.write_text(text.replace("::: notes", "::: notes\n---", 1))
        await until(pilot, lambda: "01-welcome.md:11:" in screen_text(app))  # the toast: where
        assert "Edited during the session" in screen_text(app)  # the last good version


async def test_the_room_terminal_keeps_a_broken_file_off_the_projector(
    tmp_path: Path, root: Path, monkeypatch
) -> None:
    """The participants see the last good version and nothing of what is wrong (the
    trainers' terminals and `facilitator room`'s own say it)."""
    from facilitator.course.catalog import CatalogError

    course, loaded, path, clock = own_demo(tmp_path, root)
    app = make_app(Options(path, role="room", following=True), loaded, clock)
    seen: list[object] = []
    handler = type(app).on_facilitator_app_course_changed

    def noted(self, message) -> None:  # the app's own handler, watched
        seen.append(message.reloaded)
        handler(self, message)

    monkeypatch.setattr(type(app), "on_facilitator_app_course_changed", noted)
    module = course / "content" / "demo" / "01-welcome.md"
    text = module.read_text(encoding="utf-8")
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await until(pilot, lambda: "slide 1 of 2" in screen_text(app))
        edited = text.replace("# Welcome", "# Edited welcome", 1)  # read again by the room
        module.write_text(edited)
        await until(pilot, lambda: "Edited" in screen_text(app))
        module.write_text(edited.replace("::: notes", "::: notes\n---", 1))
        await until(pilot, lambda: any(isinstance(r, CatalogError) for r in seen))
        await pilot.pause()
        assert "01-welcome.md" not in screen_text(app)
        assert "Edited" in screen_text(app)  # the last good version
        assert "slide 1 of 2" in screen_text(app)
