"""Course files edited while the workshop runs: the new text at the same slide, or the
last good version kept and the problem named (file:line)."""

from __future__ import annotations

from pathlib import Path

from facilitator.control.controller import open_controller
from facilitator.control.options import Options
from facilitator.control.reload import CourseWatch
from facilitator.control.room import room_model
from facilitator.course import catalog
from facilitator.course.catalog import CatalogError
from tests.helpers import other_controller
from tests.room_web import own_demo


def test_an_edited_module_shows_at_the_same_slide_and_a_broken_one_is_named(
    tmp_path: Path, root: Path
) -> None:
    own_course, loaded, path, clock = own_demo(tmp_path, root)
    lead = other_controller(path, loaded, clock)
    lead.goto("chain-of-custody")
    lead.show_slide(lead.current(), 1)
    room = open_controller(Options(path, role="follower"), loaded, clock, True)
    watch = CourseWatch(room.catalog, "demo")
    assert watch.check() is None
    module = own_course / "content" / "demo" / "02-chain-of-custody.md"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("## Freed by the paperwork", "## Released on a signature"))
    reloaded = watch.check()
    assert isinstance(reloaded, catalog.Catalog)
    room.use_catalog(reloaded)
    model = room_model(room, 300)
    assert (model.caption, model.body.splitlines()[0]) == (
        "slide 2 of 5",
        "## Released on a signature",
    )

    broken = text.replace("::: notes\nAbout 10 minutes.", "::: notes\nAbout 10 minutes.\n---", 1)
    module.write_text(
        broken.replace("---\n\n## What the chain", "::: notes\n---\n\n## What the chain")
    )
    problem = watch.check()
    assert isinstance(problem, CatalogError)
    assert any("demo/02-chain-of-custody.md:" in str(p) for p in problem.problems)
    assert watch.check() is None  # said once, not at every look
    assert room_model(room, 300).body.splitlines()[0] == "## Released on a signature"  # kept

    module.write_text(text)  # fixed
    assert isinstance(watch.check(), catalog.Catalog)
    lead.goto("welcome")
    lead.show_slide(lead.current(), 1)
    room.reload()
    for welcome in (own_course / "content").glob("**/demo/01-welcome.md"):  # and its French
        welcome.write_text(welcome.read_text(encoding="utf-8").split("\n---\n")[0])
    shorter = watch.check()
    assert isinstance(shorter, catalog.Catalog)
    room.use_catalog(shorter)
    assert room_model(room, 300).caption == "slide 1 of 1"  # the nearest slide it still has


def test_a_bank_saved_with_a_mistake_is_named_with_its_line(tmp_path: Path, root: Path) -> None:
    """A diagnostic bank that no longer loads is no file of the programme's any more: what
    is wrong with it (file:line) is said, not only that the programme's sessions find no
    bank ("does not exist", when it does)."""
    own_course, loaded, _, _ = own_demo(tmp_path, root)
    watch = CourseWatch(loaded, "demo")
    bank = own_course / "content" / "diagnostics" / "demo.toml"
    bank.write_text(bank.read_text(encoding="utf-8") + "\nbroken = = [\n", encoding="utf-8")
    problem = watch.check()
    assert isinstance(problem, CatalogError)
    said = [str(p) for p in problem.problems]
    assert any("diagnostics/demo.toml:" in s and "TOML" in s for s in said[:5]), said


def test_a_module_saved_after_the_course_was_read_is_news_to_a_watch_begun_later(
    tmp_path: Path, root: Path
) -> None:
    """The app watches the course once its first frame is out: a module saved between
    the course read and then is read again at the first look, and not lost."""
    import os

    own_course, loaded, _, _ = own_demo(tmp_path, root)
    module = own_course / "content" / "demo" / "02-chain-of-custody.md"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("## Freed by the paperwork", "## Released on a signature"))
    later = loaded.read_ns + 1_000_000
    os.utime(module, ns=(later, later))  # saved after the read, before the watch
    watch = CourseWatch(loaded, "demo")
    reloaded = watch.check()
    assert isinstance(reloaded, catalog.Catalog)
    slides = reloaded.modules["demo/02-chain-of-custody.md"].slides
    assert any("Released on a signature" in str(slide) for slide in slides)
    assert watch.check() is None  # read once, then quiet
    fresh = CourseWatch(reloaded, "demo")  # the files as that read saw them
    assert fresh.check() is None


def test_a_file_from_a_clock_ahead_of_ours_is_not_read_again_at_every_look(
    tmp_path: Path, root: Path
) -> None:
    """A course on a server whose clock runs ahead: its files look saved after every read,
    which would read the course again at every look. Only a time already past counts."""
    import os
    import time

    own_course, loaded, _, _ = own_demo(tmp_path, root)
    module = own_course / "content" / "demo" / "02-chain-of-custody.md"
    ahead = time.time_ns() + 3600 * 10**9
    os.utime(module, ns=(ahead, ahead))
    assert CourseWatch(loaded, "demo").check() is None
