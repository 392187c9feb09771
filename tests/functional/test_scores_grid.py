"""The clerk types a pre-test and a post-test through the grid (tick and writer on);
the report shows the gain worked out by hand."""

from __future__ import annotations

from facilitator.assess.codes import order
from facilitator.minutes.export import export
from facilitator.store.db import WorkshopStore
from facilitator.tui.screens.scores import CommentsDialog, ResultsScreen, ScoresScreen
from facilitator.tui.widgets.scoregrid import ScoreGrid
from tests.functional.test_hostile_app import disk  # noqa: F401  (a fixture)
from tests.helpers import other_controller, settle, until

KEY = {"DT-01": "B", "DT-02": "A", "DT-03": "B", "DT-04": "B"}


def letters(programme, test: str, wrong: dict[str, str]) -> list[str]:
    """The keys to press for one paper: right answers, except ``wrong``, in paper order."""
    items = order(programme.assessment, test)
    return [{"": "space"}.get(wrong.get(i.id, KEY[i.id]), wrong.get(i.id, KEY[i.id]).lower())
            for i in items]  # fmt: skip


async def test_pre_and_post_test_through_the_grid(
    app_factory, demo_path, course, fake_clock, tmp_path
) -> None:
    app = app_factory(role="lead")
    programme = course.programme("demo")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")  # the welcome: the pre-test
        await pilot.press("S")
        assert isinstance(app.screen, ScoresScreen)
        grid = app.screen.query_one(ScoreGrid)
        assert grid.test == "pre" and grid.codes[:2] == ["P01", "P02"]
        # the pre-test is in the bank's order: DT-01..DT-04; P01 gets 1 of 4, P02 2, P03 4
        await pilot.press("b", "c", "c", "a")
        assert grid.row == 1 and grid.col == 0  # straight on to the next participant
        await pilot.press("b", "a", "a", "a", "b", "a", "b", "b")
        # another terminal types P04's paper at the same time
        other = other_controller(demo_path, course, fake_clock, role="clerk", author="Ana")
        other.edit_score("pre", "P04", "DT-01", "A")
        assert "1/4 · 4 answered" in str(grid.render()).splitlines()[1]
        await pilot.press("escape")
        for _ in range(8):  # on to the closing session: the post-test and the form
            await pilot.press("n")
        assert app.controller.live.current == "closing"
        await pilot.press("S")
        grid = app.screen.query_one(ScoreGrid)
        assert grid.test == "post"
        await pilot.press(*letters(programme, "post", {"DT-04": "A"}))  # P01: 3 of 4
        await pilot.press(*letters(programme, "post", {"DT-04": ""}))  # P02: 3, one blank
        await pilot.press("tab")
        assert grid.test == "evaluation" and grid.row == 0
        await pilot.press("5", "4", "enter", "4", "x")  # x is not on the scale: ignored
        await pilot.press("c")  # P02's comments, saved as they are typed
        assert isinstance(app.screen, CommentsDialog)
        await pilot.press(*"More [b]cases[/b] | <i>")
        await pilot.press("escape")
        assert isinstance(app.screen, ScoresScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("x")  # the lead ends the post-test: the results open by themselves
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen), what="the results")
        assert app.controller.live.current is None
        shown = str(app.screen.body())
        assert "⟨g⟩ = 0.60" in shown and "P03" in shown
        assert "      post ██████████████████████████████ 75.0%   gain 0.67" in shown  # P01
        assert shown.count("post — not sat") == 2  # P03 and P04 sat the pre-test only
        await pilot.press("escape")
    snapshot = WorkshopStore(demo_path).read()
    papers = {(r["test"], r["code"]): r for r in snapshot.scores}
    assert papers[("pre", "P04")]["fields"]["DT-01"]["by"]["name"] == "Ana"
    assert papers[("pre", "P01")]["fields"]["DT-02"]["value"] == "C"
    assert papers[("pre", "P01")]["by"]["name"] == "Trainer"
    out = tmp_path / "report"
    export(snapshot, programme, out)
    report = (out / "index.md").read_text()
    learning = report[report.index("## Learning") : report.index("## Evaluation")]
    # by hand: pairs P01 (25 -> 75) and P02 (50 -> 75); means 37.5 -> 75;
    # <g> = (75 - 37.5) / (100 - 37.5) = 0.60; individual gains 0.667 and 0.5: mean 0.58
    assert "Complete pairs: 2 of 4 who sat a test" in learning
    assert "Mean pre-test 37.5%, mean post-test 75.0%" in learning
    assert "⟨g⟩ = 0.60" in learning and "(mean of individual gains 0.58)" in learning
    assert "| P01 | 25.0% | 75.0% | 0.67 |" in learning
    assert "| P03 | 100.0% | — | — |" in learning
    assert "Sat one test only: P03, P04." in learning
    assert "![Pre-test and post-test scores](learning-scores.svg)" in learning
    assert (out / "learning-scores.svg").read_text().startswith("<svg")
    evaluation = report[report.index("## Evaluation") :]
    assert "Forms returned: 2." in evaluation
    assert "| E-01 |" in evaluation and "| 2 | 4.50 | 0 | 0 | 0 | 1 | 1 |" in evaluation
    assert "Amina" not in learning  # codes, not names
    assert "- More \\[b\\]cases\\[/b\\] \\| \\<i\\>" in evaluation


async def test_papers_typed_on_a_full_disk_are_kept_then_saved_or_rescued(
    app_factory,
    demo_path,
    disk,  # noqa: F811  (the fixture imported above)
) -> None:
    import json

    from facilitator.tui.screens.dialogs import ConfirmDialog
    from tests.helpers import until

    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        app.controller.retry_seconds = 0
        await pilot.press("S")
        disk.full = True
        await pilot.press("b", "a")
        app.controller.flush()
        await until(pilot, lambda: app.main.unsaved >= 1, what="the failed write")
        assert app.screen.query_one(ScoreGrid).controller.paper_values("pre", "P01") == {
            "DT-01": "B",
            "DT-02": "A",
        }  # fmt: skip  (still on screen)
        disk.full = False
        await until(pilot, lambda: app.main.unsaved == 0, what="the retry")  # landed
        app.controller.retry_seconds = 3600  # no retry now: the quit finds it unsaved
        disk.full = True
        await pilot.press("b")
        app.controller.flush()
        await until(pilot, lambda: app.main.unsaved >= 1, what="the second failed write")
        await pilot.press("escape", "q")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
    (record,) = WorkshopStore(demo_path).read().scores
    assert {k: v["value"] for k, v in record["fields"].items()} == {"DT-01": "B", "DT-02": "A"}
    kept = json.loads(app.rescued.read_text())
    assert kept == [
        {"what": "paper", "test": "pre", "code": "P01", "DT-03": "B"}
    ]  # only what failed


async def test_a_paper_sent_again_counts_as_unsaved_until_it_has_landed(
    app_factory, demo_path, monkeypatch
) -> None:
    """A write fails (disk full), then is sent again and held in flight: the counter and
    the banner say 1 all the while, and 0 only once the paper is in the file."""
    import errno
    import threading

    from facilitator.store import db as store
    from tests.helpers import screen_text, until

    real = store.write_atomic
    state = {"full": True}
    entered, release = threading.Event(), threading.Event()

    def write(path, payload, mode=None, **options):
        if state["full"]:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        entered.set()
        release.wait(10)  # the retry is in flight until the test lets it land
        return real(path, payload, mode, **options)

    monkeypatch.setattr(store, "write_atomic", write)
    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        app.controller.retry_seconds = 0  # tried again at every housekeeping
        await pilot.press("S", "b")
        await until(pilot, lambda: app.main.unsaved == 1, timeout=20, what="the failed write")
        state["full"] = False  # the next housekeeping sends it again, and it is held
        await until(pilot, entered.is_set, what="the retry in flight")
        await pilot.press("escape")  # back to the agenda, where the banner is
        for _ in range(5):  # housekeeping runs while the write is held: still 1
            app.housekeeping()
            await pilot.pause(0.05)
            assert app.main.unsaved == 1
        assert "1 record(s) not saved yet" in screen_text(app)
        release.set()
        await until(pilot, lambda: app.main.unsaved == 0, what="the landed retry")
        assert "not saved yet" not in screen_text(app)
    (record,) = WorkshopStore(demo_path).read().scores
    assert record["fields"]["DT-01"]["value"] == "B"


async def test_ending_the_post_test_with_no_paper_entered_opens_no_results(
    app_factory, demo_path, course, fake_clock
) -> None:
    """No paper typed: ending the post-test only ends it; once a clerk elsewhere has typed
    one, the lead leaving the post-test (here: ending it) is shown the results."""
    app = app_factory(role="lead")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", *["n"] * 8)
        assert app.controller.live.current == "closing"
        await pilot.press("x")
        await settle(pilot)
        assert app.controller.live.current is None and app.screen is app.main
        app.main.jump_to("closing")  # picked in the agenda: the post-test runs again
        await pilot.pause()
        assert app.controller.live.current == "closing"
        other = other_controller(demo_path, course, fake_clock, role="clerk", author="Ana")
        other.edit_score("post", "P01", "DT-01", "B")
        await until(pilot, lambda: app.controller.has_papers("post"), what="the clerk's paper")
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen), what="the results")
