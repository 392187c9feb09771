"""What a trainer types is what the workshop file keeps: every field, at any speed,
while the clock runs, the app polls and another terminal writes to the same file.

Each test drives the app as `facilitator run` builds it (tick, poll, writer thread).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual import events

from facilitator.live.events import FakeClock
from facilitator.store import answers
from facilitator.store.db import WorkshopStore
from facilitator.tui.screens.main import MainScreen
from facilitator.tui.widgets.diagnostic import DiagnosticView
from tests.helpers import other_controller, screen_text, settle, stored_answers, until

SENTENCE = "Criminal route trigger unclear in Benin; seals 17-19 unlogged (art. 60)."
KEY = ("diagnostic-d1", "D-01", "Senegal")

OTHER_TERMINAL = """
import sys, time
from pathlib import Path
from facilitator.store.db import Author, WorkshopStore
path, stop = Path(sys.argv[1]), Path(sys.argv[2])
store = WorkshopStore(path, Author("clerk", "Ana"))
i = 0
while not stop.exists():
    i += 1
    if i % 10 == 1:
        store.add_record("notes", {"session": "welcome", "kind": "note", "text": f"Ana {i}"})
    else:  # the same answer the app is typing into, another field
        store.merge_answer("diagnostic-d1", "D-01", "Senegal", {"maturity": (i % 5, 0.0)})
        store.merge_answer("diagnostic-d1", "D-02", "Peru", {"notes": (f"Ana {i}", 0.0)})
    print("wrote", flush=True)
    time.sleep(0.05)
"""


@pytest.fixture()
def other_terminal(demo_path: Path, tmp_path: Path):
    """A clerk's terminal in another process, writing to the workshop every 50 ms."""
    stop = tmp_path / "stop"
    proc = subprocess.Popen(
        [sys.executable, "-c", OTHER_TERMINAL, str(demo_path), str(stop)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "wrote"
    yield proc
    stop.touch()
    assert proc.wait(timeout=20) == 0


NAMES = {
    " ": "space",
    ";": "semicolon",
    "-": "minus",
    "(": "left_parenthesis",
    ")": "right_parenthesis",
    "\n": "enter",
}


def key_events(text: str) -> list[events.Key]:
    return [events.Key(NAMES.get(ch, ch), ch) for ch in text]


async def type_at_human_speed(pilot, clock: FakeClock, text: str) -> None:
    """One key at a time, as a terminal sends them; between two keys the clock moves
    and the app re-reads the file the other terminal keeps writing."""
    controller = pilot.app.controller
    for event in key_events(text):
        seen = controller.snapshot
        pilot.app.post_message(event)
        await pilot.pause()  # the key handled, as a terminal's next key comes after it
        clock.advance(0.3)
        pilot.app.tick()
        await until(pilot, lambda seen=seen: controller.snapshot is not seen, what="a re-read")


async def type_in_one_burst(pilot, clock: FakeClock, text: str) -> None:
    """Every key at once, as a terminal delivers a paste-speed burst or a laggy SSH link."""
    clock.advance(5)
    for event in key_events(text):
        pilot.app.post_message(event)
    for _ in range(len(text) // 4 + 20):
        await pilot.pause()


# -- how to reach each text field of the app, and where its text is kept ------------------


async def to_diagnostic(pilot) -> None:
    await pilot.press("space", "n", "n", "n")
    assert pilot.app.controller.live.current == "diagnostic-d1"


def diagnostic_field(name: str) -> tuple[Callable[..., Awaitable[None]], Callable[..., str]]:
    async def reach(pilot) -> None:
        await to_diagnostic(pilot)
        pilot.app.screen.query_one(f"#diag-{name}").focus()
        await pilot.pause()

    def stored(path: Path) -> str:
        return stored_answers(path)[KEY].value(name)

    return reach, stored


def dialog_field(key: str, tabs: int, finish: list[str], kind: str, column: str):
    async def reach(pilot) -> None:
        await pilot.press(key, *["tab"] * tabs)

    async def save(pilot) -> None:
        await pilot.press(*finish)

    def stored(path: Path) -> str:
        snap = WorkshopStore(path).read()
        rows = snap.actions if kind == "action" else [n for n in snap.notes if n["kind"] == kind]
        mine = [r for r in rows if r["by"]["name"] == "Trainer"]
        assert len(mine) == 1, mine
        return mine[0][column]

    return reach, stored, save


FIELDS = {
    "diagnostic notes": (*diagnostic_field("notes"), None),
    "diagnostic evidence": (*diagnostic_field("evidence"), None),
    "note": dialog_field("o", 0, ["ctrl+s"], "note", "text"),
    "decision": dialog_field("d", 0, ["ctrl+s"], "decision", "text"),
    # an action needs its text: the owner and due-date tests type the text first
    "action text": dialog_field("a", 0, ["enter"], "action", "text"),
}


@pytest.mark.parametrize("speed", ["human speed", "one burst"])
@pytest.mark.parametrize("field", list(FIELDS))
async def test_what_is_typed_is_what_is_stored(
    app_factory, demo_path, fake_clock, other_terminal, field, speed
) -> None:
    reach, stored, save = FIELDS[field]
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await reach(pilot)
        typing = type_at_human_speed if speed == "human speed" else type_in_one_burst
        await typing(pilot, fake_clock, SENTENCE)
        if save is not None:
            await save(pilot)
        await settle(pilot)
    assert stored(demo_path) == SENTENCE


@pytest.mark.parametrize("speed", ["human speed", "one burst"])
@pytest.mark.parametrize(
    ("column", "text"), [("owner", "Customs HQ (legal unit)"), ("due", "2027-01-31")]
)
async def test_action_owner_and_due_date_keep_every_character(
    app_factory, demo_path, fake_clock, other_terminal, column, text, speed
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", *"Print forms", "tab")
        if column == "due":
            await pilot.press("tab")
        typing = type_at_human_speed if speed == "human speed" else type_in_one_burst
        await typing(pilot, fake_clock, text)
        await pilot.press("enter")
        await settle(pilot)
    [action] = [a for a in WorkshopStore(demo_path).read().actions if a["by"]["name"] == "Trainer"]
    assert action[column] == text


@pytest.mark.parametrize("speed", ["human speed", "one burst"])
async def test_group_names_keep_every_character(
    app_factory, demo_path, fake_clock, other_terminal, speed
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("G")
        typing = type_at_human_speed if speed == "human speed" else type_in_one_burst
        # the other terminal has answers for Senegal and Peru: those groups must stay
        await typing(pilot, fake_clock, "Senegal\nPeru\nPorts and borders; airports (2)")
        await pilot.press("ctrl+s")
        await settle(pilot)
    groups = WorkshopStore(demo_path).read().workshop.groups
    assert [g.name for g in groups] == ["Senegal", "Peru", "Ports and borders; airports (2)"]


async def test_a_group_with_answers_cannot_be_removed(
    app_factory, demo_path, other_terminal
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.controller.stored_answers(), what="the clerk's answers")
        await pilot.press("G", *"Only me", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert WorkshopStore(demo_path).read().workshop.groups == ()


async def test_typed_notes_survive_every_redraw_the_poll_makes(
    app_factory, demo_path, fake_clock, other_terminal
) -> None:
    """The bug as found: each poll reloaded the form and put the cursor back at the start,
    so `abc def` was stored as `fed cba`."""
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await to_diagnostic(pilot)
        notes = app.screen.query_one("#diag-notes")
        notes.focus()
        await type_at_human_speed(pilot, fake_clock, "abc def")
        assert notes.text == "abc def" and notes.cursor_location == (0, 7)
        await settle(pilot)
    assert stored_answers(demo_path)[KEY].value("notes") == "abc def"


async def test_ticking_the_same_box_twice_unticks_it(app_factory, demo_path) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await to_diagnostic(pilot)
        weaknesses = app.screen.query_one("#diag-weaknesses")
        weaknesses.focus()
        await pilot.press("space")
        await settle(pilot)
        assert stored_answers(demo_path)[KEY].value("weaknesses") == (0,)
        await pilot.press("space")
        await settle(pilot)
        assert weaknesses.selected == []
        assert stored_answers(demo_path)[KEY].value("weaknesses") == ()
        await pilot.press("space")
        await settle(pilot)
    assert stored_answers(demo_path)[KEY].value("weaknesses") == (0,)


async def test_the_next_question_gets_its_own_answer_not_the_last_ones(
    app_factory, demo_path
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await to_diagnostic(pilot)
        view = app.screen.query_one(DiagnosticView)
        view.query_one("#diag-answer").focus()
        await pilot.press("down", "space", "tab", "2")  # Partly, maturity 2
        await pilot.press("pagedown")
        assert view.query_one("#diag-answer").value is None
        assert view.query_one("#diag-maturity").value is None
        view.query_one("#diag-notes").focus()
        await pilot.press("x")
        await pilot.press("pageup")  # and back: question 1 as it was left
        assert view.query_one("#diag-answer").value == "partly"
        assert view.query_one("#diag-maturity").value == 2
        await settle(pilot)
    found = stored_answers(demo_path)
    assert found[KEY].values()["answer"] == "partly"
    assert found[("diagnostic-d1", "D-02", "Senegal")].values() == {
        **{f: answers.blank(f) for f in answers.FIELDS},
        "notes": "x",
    }


async def test_an_answer_can_be_taken_back(app_factory, demo_path) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await to_diagnostic(pilot)
        app.screen.query_one("#diag-answer").focus()
        await pilot.press("space")
        await settle(pilot)
        assert stored_answers(demo_path)[KEY].value("answer") == "yes"
        await pilot.press("space")  # picking it again clears it
        await settle(pilot)
    assert stored_answers(demo_path)[KEY].value("answer") is None


async def test_tab_goes_into_the_form_and_space_there_never_pauses_the_timer(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await to_diagnostic(pilot)
        assert app.controller.live.running
        for _ in range(7):  # every stop of the form: groups, lists, scales, texts
            await pilot.press("tab", "space")
            focused = app.focused
            assert focused is not None and focused.id and focused.id.startswith("diag-")
            assert app.controller.live.running, focused.id
        await pilot.press("escape")
        assert app.focused is not None and app.focused.id == "agenda"


async def test_a_slide_has_nothing_to_tab_into(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "tab")
        assert app.focused is not None and app.focused.id == "agenda"


async def test_lead_and_clerk_on_one_answer_keep_each_others_changes(
    app_factory, demo_path, course, fake_clock
) -> None:
    """The lead types the notes while the clerk, in another terminal, ticks and rates the same
    answer and then rewrites the notes: each field keeps its latest change, nothing is lost."""
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await to_diagnostic(pilot)
        clerk = other_controller(demo_path, course, fake_clock, role="clerk", author="Ana")
        app.screen.query_one("#diag-notes").focus()
        await pilot.press(*"Lead: forms exist")
        clerk.edit_answer(KEY, "weaknesses", [0])
        clerk.edit_answer(KEY, "maturity", 3)
        await pilot.press(*" but unused")
        await settle(pilot)
        view = app.screen.query_one(DiagnosticView)
        assert view.query_one("#diag-notes").text == "Lead: forms exist but unused"
        assert view.query_one("#diag-weaknesses").selected == [0]
        assert view.query_one("#diag-maturity").value == 3
        fake_clock.advance(30)
        clerk.edit_answer(KEY, "notes", "Ana: forms exist, never used at the port")
        await until(pilot, lambda: "Ana" in view.query_one("#diag-notes").text)
        assert "Ana (clerk)" in str(view.query_one("#diag-recorded").render())
    answer = stored_answers(demo_path)[KEY]
    assert answer.value("notes") == "Ana: forms exist, never used at the port"
    assert [h.value for h in answer.history] == ["Lead: forms exist but unused"]
    assert (answer.value("weaknesses"), answer.value("maturity")) == ((0,), 3)
    assert {by["name"] for by in answer.authors()} == {"Trainer", "Ana"}


async def test_groups_answer_separately_and_the_form_says_who_has(app_factory, demo_path) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await to_diagnostic(pilot)
        view = app.screen.query_one(DiagnosticView)
        view.query_one("#diag-answer").focus()
        await pilot.press("space")  # Senegal: Yes
        await pilot.press("escape", "g")  # the next group: Côte d'Ivoire
        assert view.form.key == ("diagnostic-d1", "D-01", "Côte d'Ivoire")
        assert view.query_one("#diag-answer").value is None
        view.query_one("#diag-answer").focus()
        await pilot.press("down", "down", "space")  # No
        await settle(pilot)
        marks = {name: done for name, _, done in view.form.groups}
        assert marks["Senegal"] and marks["Côte d'Ivoire"] and not marks["Peru"]
    found = stored_answers(demo_path)
    assert found[KEY].value("answer") == "yes"
    assert found[("diagnostic-d1", "D-01", "Côte d'Ivoire")].value("answer") == "no"


async def test_typing_is_written_in_a_few_writes_not_one_per_key(
    app_factory, demo_path, fake_clock, monkeypatch
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        writes = []
        merge = app.controller.store.merge_answer
        monkeypatch.setattr(
            app.controller.store, "merge_answer", lambda *a: (writes.append(a), merge(*a))
        )
        await to_diagnostic(pilot)
        app.screen.query_one("#diag-notes").focus()
        await type_in_one_burst(pilot, fake_clock, SENTENCE)
        await settle(pilot)
    assert stored_answers(demo_path)[KEY].value("notes") == SENTENCE
    assert 1 <= len(writes) < len(SENTENCE) // 4, len(writes)


# -- the room never sees the trainers' side ------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_presentation_mode_shows_the_question_and_nothing_for_trainers(
    app_factory, course, size
) -> None:
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        await to_diagnostic(pilot)
        session = app.controller.current()
        question = session.questions[0]
        before = " ".join(screen_text(app).split())
        assert question.weaknesses.get("en")[0][:25] in before  # the trainer sees them
        await pilot.press("p")
        shown = " ".join(screen_text(app).split())
        assert question.text.get("en")[:30] in shown
        for secret in (*question.weaknesses.get("en"), *question.solutions.get("en")):
            assert secret[:20] not in shown
        for heading in ("Evidence cited", "Common weaknesses", "Possible solutions", "Notes"):
            assert heading not in shown
        await pilot.press(*"typed")  # nothing hidden has the focus to take it
        await settle(pilot)
        assert KEY not in stored_answers(app.controller.store.path)


async def test_presentation_mode_hides_speaker_notes(app_factory, course) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "n", "right")
        slide = app.controller.current().module.slides[1]
        assert slide.notes[:30] in " ".join(screen_text(app).split())
        await pilot.press("p")
        assert slide.notes[:30] not in " ".join(screen_text(app).split())


# -- skipped and ended are recorded, with their time -----------------------------------------


async def test_skip_and_end_have_keys_and_the_minutes_say_when(
    app_factory, demo_path, fake_clock, course
) -> None:
    from facilitator.minutes import report
    from facilitator.minutes.records import Minutes

    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")  # the welcome runs
        fake_clock.advance(600)
        await pilot.press("k")  # skip the next session: chain of custody
        await pilot.press("n")  # so the coffee break comes next
        assert app.controller.live.current == "coffee-d1"
        fake_clock.advance(600)
        await pilot.press("x")  # end it
        assert app.controller.live.current is None
        await settle(pilot)
    snap = WorkshopStore(demo_path).read()
    index = report.render(Minutes(snap, course.programme("demo")))
    row = next(line for line in index.splitlines() if "Evidence and chain of custody" in line)
    assert "skipped at 09:08" in row


async def test_a_session_passed_over_with_n_is_skipped_not_missing(
    app_factory, demo_path, fake_clock, course
) -> None:
    from facilitator.minutes import report
    from facilitator.minutes.records import Minutes

    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")  # the welcome is on screen, not started
        fake_clock.advance(120)
        await pilot.press("n")  # on to the next one: the welcome was never held
        await pilot.press("space")
        assert app.controller.live.current == "chain-of-custody"
        await settle(pilot)
    snap = WorkshopStore(demo_path).read()
    index = report.render(Minutes(snap, course.programme("demo")))
    row = next(line for line in index.splitlines() if "Welcome and objectives" in line)
    assert "skipped at 09:00" in row and "not held" not in row
