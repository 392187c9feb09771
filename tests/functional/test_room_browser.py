"""The room view in a real browser (Debian's chromium) while a real lead presses keys.

The lead is `facilitator run` in a tmux pane, the room `facilitator room` in a
process of its own: the page must follow every key without a reload.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from facilitator.live.events import system_clock
from tests.e2e_tmux import BIN, Tmux, needs_tmux
from tests.helpers import other_controller
from tests.room_web import browser_missing, chromium, shown, size, wait_page

needs_browser = pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing()))


@pytest.fixture()
def workshop(tmp_path: Path, root: Path):
    """A demo workshop, its lead in tmux, and `facilitator room` serving it."""
    session = Tmux({"FACILITATOR_DATA": str(tmp_path / "data")})
    new = [str(BIN), "new", "-p", "demo", "-n", "Shared", "--start", "2026-12-07"]
    subprocess.run(new, cwd=root, env=session.env, check=True, capture_output=True)
    lead = session.start(f"cd {root} && {BIN} run shared --as Lead", width=160, height=45)
    session.wait_for(lead, "LEAD")
    room = subprocess.Popen(
        [str(BIN), "room", "shared", "--port", "0"],
        env=session.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        found = re.search(r"http://127\.0\.0\.1:\d+/", room.stdout.readline())
        assert found, room.stderr.read()
        yield session, lead, found.group(0)
    finally:
        room.terminate()  # uvicorn stops, then ends with the signal it was sent
        assert room.wait(timeout=15) in (0, -15)
        said = room.stderr.read()  # the pages' streams ended first: none cancelled
        assert "Traceback" not in said and "ERROR" not in said, said
        session.close()


def shots(driver, name: str, tmp_path: Path) -> None:
    """PNGs of the page at both projector sizes (1920x1080 kept as the page's size after)."""
    for width, height in ((1280, 720), (1920, 1080)):
        screenshot(driver, name, tmp_path, width, height)
        # what is next, and when, is never cut (the smaller type first)
        assert driver.execute_script(
            "const n = document.getElementById('next'); return n.scrollWidth <= n.clientWidth;"
        ), f"{name} at {width}x{height}: {driver.find_element('id', 'next').text!r} is cut"


def screenshot(driver, name: str, tmp_path: Path, width: int, height: int) -> Path:
    """A PNG of the page at width x height, in $ROOM_SCREENSHOTS (to look at) or tmp_path."""
    folder = Path(os.environ.get("ROOM_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    size(driver, width, height)
    driver.execute_script("window.dispatchEvent(new Event('resize'));")
    path = folder / f"room-{name}-{width}x{height}.png"
    driver.save_screenshot(str(path))
    assert struct.unpack(">II", path.read_bytes()[16:24]) == (width, height)
    return path


def fits(driver) -> bool:
    """The slide is wholly on screen: nothing cut at the bottom or the side (the stage's
    padding and the slide's margins counted), and the page no wider than the screen."""
    return driver.execute_script(
        "const s = document.getElementById('stage'), c = document.getElementById('content');"
        "const last = c.lastElementChild, bottom = s.getBoundingClientRect().bottom;"
        "return s.scrollHeight <= s.clientHeight && s.scrollWidth <= s.clientWidth"
        " && (!last || last.getBoundingClientRect().bottom <= bottom)"
        " && document.documentElement.scrollWidth <= window.innerWidth;"
    )


@needs_tmux
@needs_browser
def test_the_page_follows_the_leads_keys(workshop, tmp_path: Path, course, root: Path) -> None:
    tmux, lead, url = workshop
    with chromium() as page, chromium(1280, 720) as clock:
        page.get(url)
        clock.get(url + "clock")
        shown(page, "title", "Welcome and objectives")
        shown(page, "caption", "slide 1 of 2")
        assert page.find_element("id", "timer-digits").text == "--:--"
        rendered = page.execute_script("return document.body.dataset.rendered")
        for width, height in ((1920, 1080), (1280, 720)):
            screenshot(page, "welcome", tmp_path, width, height)
            assert fits(page)
        size(page, 1920, 1080)

        tmux.keys(lead, "Space")  # the timer starts, and counts on the page by itself
        wait_page(page, "document.getElementById('timer').className === 'ok'")
        wait_page(
            page, "/^1[45]:\\d\\d$/.test(document.getElementById('timer-digits').textContent)"
        )
        first = page.find_element("id", "timer-digits").text
        wait_page(page, f"document.getElementById('timer-digits').textContent !== {first!r}")
        wait_page(
            clock, "/^\\d\\d:\\d\\d:\\d\\d$/.test(document.getElementById('clock').textContent)"
        )
        # the page wakes when a figure it shows changes: /clock's seconds move on by themselves
        ticked = clock.find_element("id", "clock").text
        wait_page(clock, f"document.getElementById('clock').textContent !== {ticked!r}", 3)
        shown(clock, "timer-label", "running")

        tmux.keys(lead, "Right")
        shown(page, "caption", "slide 2 of 2")
        tmux.keys(lead, "n")
        shown(page, "title", "Evidence and chain of custody")
        shown(page, "caption", "slide 1 of 5")
        tmux.keys(lead, "Right", "Right")
        shown(page, "caption", "slide 3 of 5")
        shown(page, "content", "What the chain must show")
        assert page.find_elements("css selector", "#content table td")
        for width, height in ((1920, 1080), (1280, 720)):
            screenshot(page, "table", tmp_path, width, height)
            assert fits(page)
        size(page, 1920, 1080)

        tmux.keys(lead, "n")  # the coffee break: its card, and when to be back
        shown(page, "title", "Coffee break")
        shown(page, "content", "Back at")
        wait_page(page, "document.body.classList.contains('card')")
        shown(page, "next", "next: Diagnostic round")
        shots(page, "break", tmp_path)

        tmux.keys(lead, "n")  # a diagnostic round: the question, nothing the trainers keep
        shown(page, "caption", "question 1 of 3")
        shown(page, "content", "Is every hand-over of an exhibit written down")
        source = page.page_source
        for secret in ("never logged", "A single custody form", "Hand-overs agreed by phone"):
            assert secret not in source
        shots(page, "question", tmp_path)
        screenshot(clock, "clock", tmp_path, 1280, 720)

        # the groups' answers, once revealed (written here as the clerk and the lead would)
        other = other_controller(tmp_path / "data" / "shared.json", course, system_clock)
        session = other.programme.session("diagnostic-d1")
        groups = other.groups()[:3]
        for group in groups:
            key = (session.id, session.questions[0].id, group.name)
            other.edit_answer(key, "answer", "partly")
            other.edit_answer(key, "maturity", 2)
            other.edit_answer(key, "notes", "SECRET NOTES <img src=x onerror=alert(1)>")
        other.flush()
        other.reveal(session, 0, True)
        answers = "document.querySelectorAll('#content .answers li').length"
        wait_page(page, f"{answers} === {len(groups)}")
        shown(page, "content", "Partly · maturity 2")
        assert "SECRET NOTES" not in page.page_source
        shots(page, "answers", tmp_path)

        tmux.keys(lead, "M")  # a line on the room's screen, typed in the lead's dialog
        tmux.wait_for(lead, "A line on the room's screen")
        tmux.keys(lead, "-l", "Back at 14:00 <b>sharp</b>")
        tmux.keys(lead, "Enter")
        shown(page, "message", "Back at 14:00 <b>sharp</b>")  # as typed, never as HTML
        shown(clock, "message", "Back at 14:00")
        assert not page.find_elements("css selector", "#message b")
        shots(page, "message", tmp_path)
        # a co-trainer (a follower terminal) changes the line, then clears it; the room's
        # terminal (follow --role room) shows what the page shows
        wall = tmux.window(f"cd {root} && {BIN} follow shared --role room")
        tmux.wait_for(wall, "Back at 14:00 <b>sharp</b>", "question 1 of 3")
        co = tmux.window(f"cd {root} && {BIN} follow shared --as Ana")
        tmux.wait_for(co, "Diagnostic round")

        def line(text: str) -> None:  # the co-trainer's M, the line emptied, then typed
            tmux.keys(co, "M")
            tmux.wait_for(co, "A line on the room's screen")
            tmux.keys(co, "C-u")
            if text:
                tmux.keys(co, "-l", text)
            tmux.keys(co, "Enter")

        line("Back at 14:15, room B")
        wait_page(
            page, "document.getElementById('message').textContent === 'Back at 14:15, room B'"
        )
        shown(clock, "message", "Back at 14:15, room B")
        tmux.wait_for(wall, "Back at 14:15, room B")
        line("")  # empty: the line is cleared everywhere
        wait_page(page, "document.getElementById('message').textContent === ''")
        wait_page(page, "getComputedStyle(document.getElementById('message')).display === 'none'")
        tmux.wait_gone(wall, "Back at")
        line("Back at 14:00")  # the lead's line again, for what follows
        shown(page, "message", "Back at 14:00")
        tmux.keys(lead, "B")  # blackout: nothing shows
        wait_page(page, "document.body.classList.contains('blackout')")
        hidden = "getComputedStyle(document.getElementById('content')).visibility === 'hidden'"
        assert page.execute_script(f"return {hidden};")
        shots(page, "blackout", tmp_path)
        tmux.keys(lead, "B")
        wait_page(page, "!document.body.classList.contains('blackout')")
        shown(page, "content", "Is every hand-over of an exhibit written down")

        page.get(url + "agenda")
        shown(page, "agenda-rows", "Diagnostic round: evidence handling")
        wait_page(page, "document.querySelector('#agenda-rows .status-current')")
        screenshot(page, "agenda", tmp_path, 1920, 1080)
        # never a reload: the first page's count of redraws only went up
        assert int(clock.execute_script("return document.body.dataset.rendered")) > 1
        assert int(rendered) >= 1


def serve(session: Tmux, workshop: str) -> tuple[subprocess.Popen[str], str]:
    """`facilitator room WORKSHOP` on a free port: the process, and the URL it printed."""
    room = subprocess.Popen(
        [str(BIN), "room", workshop, "--port", "0"], env=session.env, stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    return room, re.search(r"http://\S+", room.stdout.readline()).group(0)


@needs_tmux
@needs_browser
def test_the_page_reveals_a_slide_step_by_step(tmp_path: Path, root: Path) -> None:
    session = Tmux({"FACILITATOR_DATA": str(tmp_path / "data")})
    new = [str(BIN), "new", "-p", "copes-3day", "-n", "Steps", "--start", "2026-12-07"]
    subprocess.run(new, cwd=root, env=session.env, check=True, capture_output=True)
    lead = session.start(f"cd {root} && {BIN} run steps --as Lead", width=160, height=45)
    room, url = serve(session, "steps")
    try:
        session.wait_for(lead, "LEAD")
        with chromium(1280, 720) as page:
            page.get(url)
            shown(page, "content", "Opening: why this course exists")
            session.keys(lead, "Space", "Right")  # slide 2: the Fréjus case, in three steps
            shown(page, "caption", "slide 2 of")
            shown(page, "content", "Two years on")
            items = "document.querySelectorAll('#content li').length"
            assert wait_page(page, f"{items} === 2 && {items}") == 2
            shots(page, "step-1-of-3", tmp_path)
            size = "getComputedStyle(document.getElementById('content')).fontSize"
            first = wait_page(page, size)
            session.keys(lead, "Right")
            wait_page(page, f"{items} === 4")
            shown(page, "content", "was never traced")
            assert "Every link" not in page.find_element("id", "content").text
            session.keys(lead, "Right")
            shown(page, "content", "Every link in the chain")
            assert "slide 2 of" in page.find_element("id", "caption").text
            assert wait_page(page, size) == first  # the type did not shrink as steps came
            for width, height in ((1280, 720), (1920, 1080)):
                screenshot(page, "steps", tmp_path, width, height)
                assert fits(page)
            session.keys(lead, "Right")  # the last step shown: the next slide
            shown(page, "caption", "slide 3 of")
            session.keys(lead, "Left")  # back: slide 2 whole
            shown(page, "caption", "slide 2 of")
            wait_page(page, f"{items} === 5")
    finally:
        room.terminate()
        room.wait(timeout=15)
        session.close()


@needs_tmux
@needs_browser
def test_a_slide_is_fitted_again_once_its_image_has_loaded(tmp_path: Path, root: Path) -> None:
    """An image's height is known only once it loaded, after the slide was first fitted:
    the page fits it again then, so the slide with its picture is still wholly on screen."""
    course = tmp_path / "course"
    shutil.copytree(root / "sessions", course / "sessions")
    shutil.copytree(root / "content", course / "content")
    folder = course / "content" / "demo"
    (folder / "seal.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1000">'
        '<rect width="1600" height="1000" fill="#4ea1ff"/></svg>'
    )
    module = folder / "01-welcome.md"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("# Welcome\n", "# Welcome\n\n![the seal](seal.svg)\n", 1))
    session = Tmux({"FACILITATOR_DATA": str(tmp_path / "data"), "FACILITATOR_COURSE": str(course)})
    new = [str(BIN), "new", "-p", "demo", "-n", "Seal", "--start", "2026-12-07"]
    subprocess.run(new, cwd=root, env=session.env, check=True, capture_output=True)
    room, url = serve(session, "seal")
    try:
        lead = session.start(f"cd {root} && {BIN} run seal --as Lead", width=160, height=45)
        session.wait_for(lead, "LEAD")
        with chromium(1280, 720) as page:
            page.get(url)
            shown(page, "content", "Two mornings, one question")
            loaded = "document.querySelector('#content img')?.naturalHeight === 1000"
            wait_page(page, loaded, what="the module's image loaded")
            image = "document.querySelector('#content img').getBoundingClientRect().height"
            assert wait_page(page, image) > 100  # the picture is there, not squeezed away
            stage = "document.getElementById('stage')"
            wait_page(
                page, f"{stage}.scrollHeight <= {stage}.clientHeight", what="the slide fitted"
            )
            assert fits(page)
            # the picture shrinks with the type: the words under it stay readable (with a
            # picture always 55 % of the screen high, they fell to 20 px at 1280x720)
            type_size = "parseFloat(getComputedStyle(document.getElementById('content')).fontSize)"
            assert wait_page(page, type_size) >= 24
            screenshot(page, "image", tmp_path, 1280, 720)
            assert fits(page)
            # seen again: the size remembered still fits (one key at a time: the room shows
            # the lead as it is now, and two keys read at once never show the slide between)
            session.keys(lead, "Right")
            shown(page, "caption", "slide 2 of 2")
            session.keys(lead, "Left")
            shown(page, "caption", "slide 1 of 2")
            wait_page(page, loaded)
            assert fits(page)
    finally:
        room.terminate()
        room.wait(timeout=15)
        session.close()


@needs_browser
def test_a_long_day_on_the_agenda_is_shown_whole(tmp_path: Path, root: Path) -> None:
    """A COPES day of twelve sessions: every row of /agenda is on the screen (the rows'
    type smaller, not the last ones cut off under the footer), at both projector sizes."""
    env = {**os.environ, "FACILITATOR_DATA": str(tmp_path / "data")}
    new = [str(BIN), "new", "-p", "copes-5day", "-n", "Long", "--start", "2026-12-07"]
    subprocess.run(new, cwd=root, env=env, check=True, capture_output=True)
    room = subprocess.Popen(
        [str(BIN), "room", "long", "--port", "0"], env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    whole = (
        "(() => { const a = document.getElementById('agenda'),"
        " rows = document.querySelectorAll('#agenda-rows li');"
        " const last = rows[rows.length - 1];"
        " return rows.length >= 12 && a.scrollHeight <= a.clientHeight"
        " && last.getBoundingClientRect().bottom <= a.getBoundingClientRect().bottom; })()"
    )
    try:
        url = re.search(r"http://127\.0\.0\.1:\d+/", room.stdout.readline()).group(0)
        with chromium(1280, 720) as driver:
            driver.get(url + "agenda")
            for width, height in ((1280, 720), (1920, 1080)):
                size(driver, width, height)
                wait_page(driver, whole, what=f"the whole day at {width}x{height}")
                screenshot(driver, "agenda-long", tmp_path, width, height)
    finally:
        room.terminate()
        room.wait(timeout=15)
