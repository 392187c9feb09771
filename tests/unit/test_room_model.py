"""The room's view model: what the participants may see, and nothing the trainers keep."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson
import pytest

from facilitator.control.controller import open_controller
from facilitator.control.options import Options
from facilitator.control.room import room_model
from facilitator.live.events import FakeClock
from facilitator.room.markdown import image_path, tree
from facilitator.store import workshops
from tests.helpers import at, other_controller

TZ = "Europe/Brussels"


@pytest.fixture()
def setting(tmp_path: Path, course):
    path = workshops.create_demo(tmp_path / "data", course, date(2026, 12, 7), TZ)
    clock = FakeClock(at("2026-12-07", "08:58", TZ))
    lead = other_controller(path, course, clock)
    room = open_controller(Options(path, role="follower", following=True), course, clock, True)
    return lead, room, clock


def secrets_of(course) -> list[str]:
    """Every speaker note, weakness, solution and anchor of the demo programme."""
    found = []
    for session in course.programme("demo").sessions():
        for slide in session.module.slides_in("en") if session.module else ():
            found += [line for line in slide.notes.splitlines() if len(line.strip()) > 12]
        for question in session.questions if session.question_ids else ():
            found += question.weaknesses.get("en") + question.solutions.get("en")
            found += question.anchors.get("en")
    assert len(found) > 20
    return found


def test_a_slide_without_its_notes(setting, course) -> None:
    lead, room, _ = setting
    lead.toggle()
    lead.step(1)
    lead.show_slide(lead.current(), 1)
    room.reload()
    model = room_model(room, 300)
    assert (model.view, model.title) == ("slide", "Evidence and chain of custody")
    assert model.caption == "slide 2 of 5"
    assert "Freed by the paperwork" in model.body
    assert "Lyon press" not in orjson.dumps(model.to_dict()).decode()


def test_a_diagnostic_round_shows_the_question_only(setting, course) -> None:
    lead, room, _ = setting
    secrets = secrets_of(course)
    lead.goto("diagnostic-d1")
    session = lead.programme.session("diagnostic-d1")
    for index in range(len(session.questions) + 1):
        lead.show_question(session, index)
        room.reload()
        model = room_model(room, 300)
        text = orjson.dumps(model.to_dict()).decode()
        assert not [s for s in secrets if s in text], index
        if index < len(session.questions):
            assert model.view == "question"
            assert model.body == session.questions[index].text.get("en")
            assert model.caption == f"question {index + 1} of {len(session.questions)}"
        else:
            assert model.view == "summary"
            assert model.questions == tuple(q.text.get("en") for q in session.questions)


def test_a_break_is_a_card_with_the_time_to_be_back(setting) -> None:
    lead, room, _ = setting
    lead.goto("coffee-d1", run=True)
    room.reload()
    model = room_model(room, 300)
    assert model.view == "card"
    assert "Coffee" in model.body and "Back at 09:13" in model.body
    assert model.next.startswith("next: Diagnostic round")


def test_a_running_timer_does_not_change_the_model_from_second_to_second(setting) -> None:
    lead, room, clock = setting
    lead.toggle()
    room.reload()
    first = room_model(room, 300)
    assert first.timer.running and first.timer.remaining is None
    assert first.timer.ends_at == pytest.approx(clock() + 15 * 60)
    clock.advance(7)
    assert room_model(room, 300) == first  # nothing to send: each page counts by itself
    lead.toggle()  # paused
    room.reload()
    paused = room_model(room, 300)
    assert not paused.timer.running
    assert paused.timer.remaining == pytest.approx(15 * 60 - 7)
    lead.toggle()  # running again: the pause did not count
    room.reload()
    assert room_model(room, 300).timer.ends_at == pytest.approx(clock() + 15 * 60 - 7)
    clock.advance(15 * 60)
    assert room_model(room, 300).timer.state == "over"


def test_raw_html_in_a_slide_is_text() -> None:
    nodes = tree("# Hi <b>x</b>\n\n<script>alert(1)</script>\n\n[a](https://example.com) `c`", "s")
    assert nodes == [
        ["h1", {}, ["Hi <b>x</b>"]],
        ["p", {}, ["<script>alert(1)</script>"]],
        ["p", {}, ["a", " ", ["code", {}, ["c"]]]],
    ]


@pytest.mark.parametrize(
    ("src", "path"),
    [
        ("chain.svg", "chain.svg"),
        ("img/a.PNG", "img/a.PNG"),
        ("../secret.png", None),
        ("/etc/x.png", None),
        ("http://example.com/a.png", None),
        ("data:image/png;base64,xx", None),
        ("notes.md", None),
    ],
)
def test_images_only_from_the_modules_own_folder(src: str, path: str | None) -> None:
    assert image_path(src) == path
    assert image_path("a\\..\\b.png") is None
    nodes = tree(f"![the alt]({src})", "welcome")
    expected = [["img", {"src": f"media/welcome/{path}", "alt": "the alt"}, []]] if path else []
    assert nodes == [["p", {}, expected or ["the alt"]]]


def test_a_blackout_and_a_message_reach_the_room(setting, course) -> None:
    lead, room, clock = setting
    clerk = other_controller(lead.store.path, course, clock, role="clerk", author="Ana")
    lead.blackout(True)
    clerk.room_message("  Back at 14:00 \x1b[31m\u202e ")
    room.reload()
    model = room_model(room, 300)
    assert (
        model.blackout and model.message == "Back at 14:00"
    )  # escapes and bidi overrides taken out
    lead.blackout(False)
    lead.room_message("")
    room.reload()
    model = room_model(room, 300)
    assert not model.blackout and model.message == ""
    cotrainer = other_controller(lead.store.path, course, clock, role="follower", author="Bo")
    cotrainer.room_message("Back at 14:15")
    room.reload()
    assert room_model(room, 300).message == "Back at 14:15"
    cotrainer.room_message("")
    room.reload()
    assert room_model(room, 300).message == ""
    terminal = other_controller(lead.store.path, course, clock, role="room")
    with pytest.raises(PermissionError):
        terminal.room_message("hello")
    with pytest.raises(PermissionError):
        cotrainer.blackout(True)
    clerk.reload()
    with pytest.raises(PermissionError):
        clerk.blackout(True)
    kinds = [e.kind for e in lead.store.read().events]
    assert kinds.count("blackout") == 2 and kinds.count("message") == 4


def test_a_slide_in_steps_is_revealed_one_press_at_a_time() -> None:
    from facilitator.course.modules import parse_module

    problems: list = []
    text = "# A\n\n- one\n<!-- pause -->\n- two\n```\n<!-- pause -->\n```\n---\n# B"
    first, second = parse_module(text, "m.md", problems)
    assert not problems and not second.steps
    assert first.body == "# A\n\n- one\n- two\n```\n<!-- pause -->\n```"  # fenced: kept
    assert first.steps == ("# A\n\n- one", first.body)
    assert (first.shown(0), first.shown(5), first.shown(None)) == (
        "# A\n\n- one",
        first.body,
        first.body,
    )


def test_the_slide_key_reveals_the_next_step_then_the_next_slide(
    tmp_path: Path, full_course
) -> None:
    from facilitator.course.model import Workshop
    from facilitator.store.db import WorkshopStore

    path = tmp_path / "steps.json"
    WorkshopStore.create(path, Workshop("steps", "Steps", "copes-3day", "2026-12-07"))
    clock = FakeClock(at("2026-12-07", "09:00", TZ))
    lead = other_controller(path, full_course, clock)
    room = open_controller(Options(path, role="follower"), full_course, clock, True)
    lead.toggle()
    opening = lead.current()
    lead.turn(opening, 1)  # slide 2 of the opening: the Fréjus case, in three steps
    seen = []
    for offset in (1, 1, 1, -1, -1):
        room.reload()
        model = room_model(room, 300)
        seen.append((model.caption, model.body.count("- "), model.whole.count("- ")))
        lead.turn(opening, offset)
    count = len(opening.module.slides)
    third = opening.module.slides[2].body.count("- ")
    # the whole slide rides along while a part is shown (the page sizes its type to it)
    assert seen == [
        (f"slide 2 of {count}", 2, 5),
        (f"slide 2 of {count}", 4, 5),
        (f"slide 2 of {count}", 5, 0),
        (f"slide 3 of {count}", third, 0),
        (f"slide 2 of {count}", 5, 0),  # back: the slide whole
    ]


def test_revealed_answers_show_each_groups_answer_and_nothing_restricted(setting) -> None:
    lead, room, _ = setting
    lead.goto("diagnostic-d1")
    session = lead.programme.session("diagnostic-d1")
    first, second = (g.name for g in lead.groups()[:2])
    question = session.questions[0].id
    for group, answer, restricted in ((first, "yes", False), (second, "no", True)):
        key = (session.id, question, group)
        lead.edit_answer(key, "answer", answer)
        lead.edit_answer(key, "maturity", 3)
        lead.edit_answer(key, "notes", f"NOTES OF {group}")
        lead.edit_answer(key, "evidence", "EVIDENCE CITED")
        lead.edit_answer(key, "restricted", restricted)
    lead.flush()
    room.reload()
    assert room_model(room, 300).answers == ()  # not until the lead reveals them
    lead.reveal(session, 0, True)
    room.reload()
    model = room_model(room, 300)
    assert model.answers == ((first, "Yes · maturity 3"),)
    text = orjson.dumps(model.to_dict()).decode()
    assert "NOTES OF" not in text and "EVIDENCE" not in text
    lead.show_question(session, 1)  # the next question: its own answers, not revealed
    room.reload()
    assert room_model(room, 300).answers == ()
    lead.reveal(session, 0, False)
    lead.show_question(session, 0)
    room.reload()
    assert room_model(room, 300).answers == ()


def test_a_schedule_given_is_the_one_the_model_is_built_on(setting) -> None:
    """The room terminal builds one schedule for its model and its timer."""
    lead, room, clock = setting
    lead.toggle()
    room.reload()
    schedule = room.schedule()
    clock.advance(20 * 60)  # the model is of the schedule's moment, not of the clock's
    assert room_model(room, 300, schedule=schedule) == room_model(room, 300, now=schedule.now)
    assert room_model(room, 300, schedule=schedule).timer.state == "ok"
    assert room_model(room, 300).timer.state == "over"


def test_the_trainers_status_line_says_while_the_room_is_blank_or_has_a_line(setting) -> None:
    """A toast says so for a few seconds, then nothing did: a lead who forgot left the
    projector black, or "Back at 14:00" on it all afternoon. The status line says it as
    long as it holds, on every trainer's screen (English and French)."""
    from facilitator.control.view import Seat, status_view

    lead, room, _ = setting
    status = lambda c: status_view(c, Seat(following=True), c.schedule()).status  # noqa: E731
    assert "room" not in status(lead)
    lead.blackout(True)
    lead.room_message("Back at 14:00 [/]")
    room.reload()
    said = status(room)
    assert "room's screen blank (B)" in said and "Back at 14:00 [/]" in said, said
    options = Options(room.store.path, role="follower", following=True, lang="fr")
    french = open_controller(options, room.catalog, room.clock, True)
    assert "écran de la salle noir (B)" in status(french)
    lead.blackout(False)
    lead.room_message("")
    room.reload()
    assert "room" not in status(room)
