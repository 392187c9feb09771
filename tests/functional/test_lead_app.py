"""Drive a short workshop day through the lead app with a fake clock."""

from __future__ import annotations

from textual.widgets import Digits, Label, Markdown, TextArea

from facilitator.store import answers
from facilitator.store.db import WorkshopStore
from facilitator.tui.screens.dialogs import ConfirmDialog
from facilitator.tui.screens.main import MainScreen
from facilitator.tui.widgets.agenda import AgendaView
from facilitator.tui.widgets.diagnostic import DiagnosticView
from facilitator.tui.widgets.slides import Caption
from facilitator.tui.widgets.timer import TimerView
from tests.helpers import advance, settle


def digits(app) -> str:
    return str(app.screen.query_one(TimerView).query_one(Digits).value)


def caption(app) -> str:
    return app.screen.query_one("#slide-caption", Caption).text


async def test_a_short_day_end_to_end_then_resume_after_a_crash(
    app_factory, fake_clock, demo_path
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        c = app.controller
        assert digits(app) == "--:--"
        await pilot.press("space")  # start the welcome at 08:58
        assert c.live.current == "welcome" and c.live.running
        await advance(pilot, fake_clock, 61)
        assert digits(app) == "13:59"
        await pilot.press("space")  # pause for two minutes
        await advance(pilot, fake_clock, 120)
        assert digits(app) == "13:59" and not c.live.running
        await pilot.press("space")
        await advance(pilot, fake_clock, 14 * 60)
        assert digits(app) == "+00:01"  # counting up, in red
        assert app.screen.query_one(TimerView).has_class("-over")
        await pilot.press("n")  # chain of custody starts running
        assert c.live.current == "chain-of-custody" and c.live.running
        await pilot.press("right", "right")
        assert caption(app) == "Evidence and chain of custody · slide 3 of 5"
        await pilot.press("plus")
        await advance(pilot, fake_clock, 10 * 60)
        assert digits(app) == "40:00"  # 45 + 5 - 10
        status = app.screen.status
        # the welcome ended at 09:15:01 and this session got 5 more minutes
        assert "running 5 min late" in status.status and status.clock == "09:25"
        # a note, a decision, an action item and attendance
        await pilot.press("o")
        await pilot.press(*"Seal numbers missing on two forms")
        await pilot.press("ctrl+s")
        await pilot.press("d")
        await pilot.press(*"Use one custody form")
        await pilot.press("ctrl+s")
        await pilot.press("a")
        await pilot.press(
            *"Print custody forms", "tab", *"Customs HQ", "tab", *"2027-01-31", "enter"
        )
        await pilot.press("t", "a", "ctrl+s")
        await settle(pilot)
        snap = WorkshopStore(demo_path).read()
        assert [(n["kind"], n["text"]) for n in snap.notes] == [
            ("note", "Seal numbers missing on two forms"),
            ("decision", "Use one custody form"),
        ]
        assert [(a["text"], a["owner"], a["due"]) for a in snap.actions] == [
            ("Print custody forms", "Customs HQ", "2027-01-31")
        ]
        assert sum(a["present"] for a in snap.attendance) == 6
        assert {a["by"]["role"] for a in snap.notes} == {"lead"}
        # the diagnostic round
        await pilot.press("n", "n")
        assert c.live.current == "diagnostic-d1"
        view = app.screen.query_one(DiagnosticView)
        assert str(view.query_one("#diag-caption", Label).render()).startswith("Question 1 of 3")
        view.query_one("#diag-answer").focus()
        await pilot.press("down", "space")  # Partly
        await pilot.press("tab", "2")  # maturity 2
        view.query_one("#diag-weaknesses").focus()
        await pilot.press("space")
        view.query_one("#diag-notes", TextArea).focus()
        await pilot.press(*"Only at the airport")
        await pilot.press("escape", "pagedown")
        assert str(view.query_one("#diag-caption", Label).render()).startswith("Question 2 of 3")
        view.query_one("#diag-answer").focus()
        await pilot.press("down", "down", "space")  # No
        await pilot.press("pagedown", "pagedown")
        assert view.has_class("-summary")
        assert view.form.footer == "2 of 3 answered · mean maturity 2.0"
        await settle(pilot)
        found = [answers.from_record(a) for a in WorkshopStore(demo_path).read().answers]
        by_question = {a.question: a for a in found}
        assert by_question["D-01"].value("answer") == "partly"
        assert by_question["D-01"].value("maturity") == 2
        assert by_question["D-01"].value("notes") == "Only at the airport"
        assert by_question["D-01"].value("weaknesses") == (0,)
        assert by_question["D-02"].values() == {
            "answer": "no",
            "maturity": None,
            "weaknesses": (),
            "solutions": (),
            "evidence": "",
            "notes": "",
            "restricted": False,
        }
        await advance(pilot, fake_clock, 95)
        remaining_before = digits(app)
    # the process dies here; eleven seconds later the trainer reopens the workshop
    fake_clock.advance(11)
    again = app_factory()
    async with again.run_test(size=(120, 40)) as pilot:
        await advance(pilot, fake_clock, 0)
        assert again.controller.live.current == "diagnostic-d1"
        assert again.screen.query_one(DiagnosticView).has_class("-summary")
        minutes, seconds = map(int, remaining_before.split(":"))
        expected = minutes * 60 + seconds - 11
        assert digits(again) == f"{expected // 60:02d}:{expected % 60:02d}"
        await pilot.press("b", "b")
        assert again.controller.live.current == "chain-of-custody"
        assert caption(again) == "Evidence and chain of custody · slide 3 of 5"


async def test_quit_asks_first_while_the_timer_runs(app_factory) -> None:
    app = app_factory()
    async with app.run_test() as pilot:
        await pilot.press("space", "q")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("q", "y")
        await pilot.pause()
    assert app.return_code == 0


async def test_quit_without_asking_when_nothing_runs(app_factory) -> None:
    app = app_factory()
    async with app.run_test() as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_presentation_mode_hides_notes_and_agenda(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        notes = app.screen.query_one("#slide-notes")
        assert notes.display
        await pilot.press("p")
        assert not notes.display and not app.screen.query_one(AgendaView).display
        assert app.screen.query_one(TimerView).display
        await pilot.press("s", "p")
        assert not notes.display  # notes were hidden with s meanwhile
        await pilot.press("s")
        assert notes.display


async def test_command_palette_jumps_to_a_session(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"customs and police")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.controller.live.current == "working-with-police"
        assert app.screen.agenda.day == 2


async def test_other_days_are_reachable_in_the_agenda(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        agenda = app.screen.query_one(AgendaView)
        await pilot.press("greater_than_sign")
        assert agenda.model.day == 2 and "Day 2 of 2" in str(agenda.border_title)
        await pilot.press("down", "enter")
        assert app.controller.live.current == "diagnostic-d2"


async def test_help_screen_lists_the_keys(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        text = app.screen.query_one(Markdown).source
        assert "presentation mode" in text.lower() and "command palette" in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_threaded_writer_lands_every_write(app_factory, fake_clock, demo_path) -> None:
    app = app_factory()
    async with app.run_test() as pilot:
        for _ in range(20):
            await pilot.press("right")
        await pilot.press("space", "n")
        await settle(pilot)
        kinds = [e.kind for e in WorkshopStore(demo_path).read().events]
        assert kinds.count("slide") == 1  # only one slide move: the welcome has two slides
        assert kinds[-2:] == ["start", "goto"]
        assert not app.controller.pending


async def test_a_slide_key_is_taken_at_once_unless_the_focus_uses_it(
    app_factory, monkeypatch
) -> None:
    """From the agenda (which has no use for → and ←) the screen takes the slide key as
    soon as it is read, without its trip up the containers; in a text field the arrows
    move the cursor, and the slide stays."""
    early: list[int] = []
    slide = MainScreen.action_slide_early

    def counted(self, offset: int) -> None:
        early.append(offset)
        slide(self, offset)

    monkeypatch.setattr(MainScreen, "action_slide_early", counted)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.focused, AgendaView)
        await pilot.press("right")
        assert early == [1] and caption(app).endswith("slide 2 of 2")
        await pilot.press("left")
        assert early == [1, -1] and caption(app).endswith("slide 1 of 2")
        for _ in range(6):
            if app.controller.live.current == "diagnostic-d1":
                break
            await pilot.press("n")
        assert app.controller.live.current == "diagnostic-d1"
        notes = app.screen.query_one(DiagnosticView).query_one("#diag-notes", TextArea)
        notes.focus()
        await pilot.press(*"seal", "left", "left", "X")
        assert notes.text == "seXal" and early == [1, -1]
        assert app.controller.question_index(app.controller.current()) == 0
