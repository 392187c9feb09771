"""The lead runs a day that overruns, accepts the plan, and the day ends on time."""

from __future__ import annotations

import os
from pathlib import Path

from facilitator.live.schedule import Status
from facilitator.minutes.export import export
from facilitator.store.db import WorkshopStore
from facilitator.tui.screens.replan import PlanDialog
from tests.helpers import advance, at, other_controller, screen_text, settle

TZ = "Europe/Brussels"
DAY = "2026-12-07"
SHOTS = os.environ.get("FACILITATOR_SHOTS")
"""A folder to save SVG screenshots of the plan in (for looking at them)."""


def shot(app, name: str) -> None:
    if SHOTS:
        app.save_screenshot(filename=f"{name}.svg", path=SHOTS)


async def run_rest_of_day(pilot, clock) -> None:
    """Hold every session left today for exactly its time, then end the day."""
    c = pilot.app.controller
    day = c.schedule().today().day.number
    while True:
        slot = c.schedule().slot(c.live.current)
        await advance(pilot, clock, slot.remaining)
        nxt = [s for s in c.schedule().day(day).slots if s.status is Status.NEXT]
        if not nxt:
            await pilot.press("x")
            break
        await pilot.press("n")
    await settle(pilot)


async def test_a_late_day_accepts_the_plan_and_ends_on_time(
    app_factory, fake_clock, demo_path: Path, course, tmp_path: Path
) -> None:
    fake_clock.set(at(DAY, "09:40", TZ))  # 40 minutes late: the day would end 12:25
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        c = app.controller
        await pilot.press("space")  # the welcome starts at 09:40
        await advance(pilot, fake_clock, 60)
        assert c.schedule().days[0].over == 25 * 60
        status = app.screen.status.status
        assert status.startswith("running 40 min late; P: a plan to end on time")
        await pilot.press("P")
        assert isinstance(app.screen, PlanDialog)
        text = screen_text(app)
        assert "Now: ends 12:25, 25 min past 12:00" in text
        assert "With the plan: ends 12:00: on time" in text
        shot(app, "plan-120x40")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, PlanDialog)
        stored = [e for e in WorkshopStore(demo_path).read().events if e.reason == "plan"]
        assert sorted((e.kind, e.session, e.minutes) for e in stored) == [
            ("shorten", "chain-of-custody", 5),
            ("shorten", "diagnostic-d1", 5),
            ("shorten", "recap-d1", 5),
            ("shorten", "seizure-drill", 10),
        ]
        assert "P:" not in app.screen.status.status
        # a follower and a restart read the same plan from the file
        follower = other_controller(demo_path, course, fake_clock, role="co-trainer")
        assert follower.schedule().slot("chain-of-custody").allotted == 40 * 60
        await run_rest_of_day(pilot, fake_clock)
        day = c.schedule().days[0]
        assert day.slots[-1].actual_end == at(DAY, "12:00", TZ)
        assert day.projected_end <= day.deadline
    # a restart reads the plan back from the file
    again = app_factory()
    async with again.run_test(size=(80, 24)):
        assert again.controller.schedule().slot("seizure-drill").allotted == 35 * 60
        assert again.controller.schedule().days[0].slots[-1].actual_end == at(DAY, "12:00", TZ)
    # the minutes say what the plan did, and when it was decided
    written = export(WorkshopStore(demo_path).read(), course.programme("demo"), tmp_path)
    held = (tmp_path / "day1-02-chain-of-custody.md").read_text()
    assert "shortened by 5 min to fit the day (decided 2026-12-07 09:41)" in held
    index = (tmp_path / "index.md").read_text()
    assert "| 2026-12-07 09:41 | 1 | Exercise: a seizure at the scene | shortened by 10 min |" in (
        index
    )
    assert "| 1 | 2026-12-07 | 09:00–11:45 | 09:40–12:00 | +15 |" in index
    assert (tmp_path / "timeline.svg") in written


async def test_the_plan_can_be_edited_before_it_is_accepted(app_factory, fake_clock) -> None:
    fake_clock.set(at(DAY, "10:30", TZ))  # 90 late: 75 over; cuts alone give 30
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        c = app.controller
        await pilot.press("space")
        await advance(pilot, fake_clock, 60)
        await pilot.press("P")
        dialog = app.screen
        assert isinstance(dialog, PlanDialog)
        kinds = sorted((ch.kind, ch.session) for ch in c.proposal().changes)
        assert ("move", "diagnostic-d1") in kinds and ("drop", "seizure-drill") in kinds
        shot(app, "plan-80x24")
        text = screen_text(app)
        assert "→ day 2" in text and "dropped" in text
        assert "With the plan: ends 12:00: on time" in text
        # the first change is highlighted: leave it out; the right column follows
        first = dialog.rows[dialog.query_one("#plan-rows").highlighted]
        assert first.session_id == "diagnostic-d1"
        await pilot.press("space")
        text = screen_text(app)
        assert "✗ → day 2" in text
        assert "With the plan: ends 12:30: still 30 min over" in text
        await pilot.press("enter")
        await settle(pilot)
        taken = {(e.kind, e.session) for e in c.snapshot.events if e.reason == "plan"}
        assert taken == {("drop", "seizure-drill")}
        assert c.schedule().slot("diagnostic-d1").day.number == 1
        assert c.schedule().slot("seizure-drill").status is Status.SKIPPED


async def test_ignoring_changes_nothing(app_factory, fake_clock, demo_path: Path) -> None:
    fake_clock.set(at(DAY, "09:40", TZ))
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await pilot.press("P", "n")
        await settle(pilot)
        assert not isinstance(app.screen, PlanDialog)
        kinds = {e.kind for e in WorkshopStore(demo_path).read().events}
        assert kinds == {"start"}


async def test_a_session_not_held_is_carried_to_a_later_day(
    app_factory, fake_clock, demo_path: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        c = app.controller
        await pilot.press("space")  # welcome
        await pilot.press("k")  # skip chain of custody
        await settle(pilot)
        assert c.schedule().slot("chain-of-custody").status is Status.SKIPPED
        agenda = app.screen.query_one("#agenda")
        ids = [agenda.get_option_at_index(i).id for i in range(agenda.option_count)]
        agenda.highlighted = ids.index("chain-of-custody")
        await pilot.press("m")
        await settle(pilot)
        slot = c.schedule().slot("chain-of-custody")
        assert slot.day.number == 2 and slot.moved_from == 1
        assert slot.status is Status.PENDING
        rows = {row.title: row.status for row in app.screen.agenda.rows}
        assert rows["→ day 2 · Evidence and chain of custody"] == "moved"
        shot(app, "carried-day1-120x40")
        await pilot.press("greater_than_sign")
        shot(app, "carried-day2-120x40")
        rows = {row.title: row.status for row in app.screen.agenda.rows}
        assert rows["from day 1 · Evidence and chain of custody"] == "pending"
        # day 2 now runs 09:00-11:15, past its 11:00 end: it has a proposal of its own
        assert c.schedule().days[1].over == 15 * 60
        assert c.proposal(2) is not None


async def test_the_plan_in_french(app_factory, fake_clock) -> None:
    fake_clock.set(at(DAY, "09:40", TZ))
    app = app_factory(lang="fr")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await advance(pilot, fake_clock, 60)
        assert "P : un plan pour finir à l'heure" in app.screen.status.status
        await pilot.press("P")
        shot(app, "plan-fr-80x24")
        text = screen_text(app)
        assert "Maintenant : fin à 12:25, 25 min après 12:00" in text
        assert "Avec le plan : fin à 12:00 : à l'heure" in text


async def test_a_moved_session_goes_to_the_day_the_lead_picks(tmp_path: Path, fake_clock) -> None:
    """In a three-day course, → and ← carry a moved session a day further or back, never
    to the day being planned or past the last one; enter records the day picked."""
    from datetime import date

    from facilitator.control.options import Options
    from facilitator.course import catalog
    from facilitator.live.replan import Change
    from facilitator.store import workshops
    from facilitator.tui.app import make_app
    from tests.conftest import ROOT

    course, _ = catalog.load_for(ROOT, "copes-3day")
    path = workshops.create(
        tmp_path / "data", course, "copes-3day", "Three days", date(2026, 12, 7), tz=TZ
    )
    fake_clock.set(at(DAY, "09:40", TZ))
    app = make_app(Options(path=path, author="Trainer"), course, fake_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        c = app.controller
        await pilot.press("space")
        await settle(pilot)
        move = Change("move", "exercise-document-detection", minutes=45, day=2)
        await app.screen.open(PlanDialog(c, 1, (move,)), lambda changes: c.accept(changes))
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PlanDialog)
        assert "→ day 2" in screen_text(app)
        await pilot.press("right")
        assert "→ day 3" in screen_text(app)
        await pilot.press("right")  # there is no day 4
        assert dialog.items[0][0].day == 3
        await pilot.press("left", "left", "left")  # never back to day 1, the day planned
        assert dialog.items[0][0].day == 2
        await pilot.press("right", "enter")
        await settle(pilot)
        moved = [e for e in WorkshopStore(path).read().events if e.kind == "move"]
        assert [(e.session, e.day) for e in moved] == [("exercise-document-detection", 3)]
        assert c.schedule().slot("exercise-document-detection").day.number == 3
