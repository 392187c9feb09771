"""Trainers rotate, in the app on a fake clock: the trainers given in the app show in the
agenda and cue the hand-over; a follower says plainly when nobody leads and takes over."""

from __future__ import annotations

from facilitator.control.view import Seat, cue
from facilitator.store.db import WorkshopStore
from facilitator.tui.widgets.agenda import AgendaView
from tests.helpers import advance, other_controller, screen_text, settle, until


def banner(app) -> str:
    return str(app.screen.query_one("#banner").render())


async def test_a_follower_says_there_is_no_lead_then_takes_over_with_one_key(
    app_factory, demo_path, lead_elsewhere, fake_clock
) -> None:
    app = app_factory(role="follower", follow=True, author="Ben")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.seat.lead is not None)
        assert app.screen.status.mode == "FOLLOW · lead: Alice"
        await pilot.press("space")  # not Ben's to do
        assert app.controller.live.current is None
        fake_clock.advance(90)
        lead_elsewhere.release()  # Alice's terminal is gone (09:00 by the clock)
        await until(pilot, lambda: "No lead since" in banner(app))
        assert banner(app).startswith("No lead since 08:59 (Alice left) — take over with T")
        assert "this screen is not moving" in banner(app)
        assert app.screen.status.mode == "FOLLOW · NO LEAD"
        await pilot.press("T")
        await until(pilot, lambda: app.controller.can_lead and not app.main.following)
        assert app.rota is not None and app.rota.leading
        await pilot.press("space")
        await settle(pilot)
        assert app.controller.live.current == "welcome"
        assert banner(app) == "" or "No lead" not in banner(app)
        assert app.screen.status.mode == "LEAD · Ben"
    events = WorkshopStore(demo_path).read().events
    assert [(e.kind, e.reason, e.by) for e in events] == [
        ("lead", "taken", "Ben"),
        ("start", "", "Ben"),
    ]


async def test_trainers_given_in_the_app_show_in_the_agenda_and_cue_the_next_one(
    app_factory, demo_path, fake_clock
) -> None:
    app = app_factory(author="Awa")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("W", *"Awa", "tab", *"Ben", "ctrl+s")
        await settle(pilot)
        stored = WorkshopStore(demo_path).read().workshop
        assert dict(stored.assignments) == {"Lead trainer": ("Awa",), "Co-trainer": ("Ben",)}
        assert stored.trainers == ("Lead trainer", "Co-trainer", "Awa", "Ben")
        rows = {r.session_id: r.trainers for r in app.screen.query_one(AgendaView).model.rows}
        assert rows["welcome"] == "Awa" and rows["diagnostic-d1"] == "Ben"
        assert rows["coffee-d1"] == ""
        await pilot.press("space", "n", "n")  # the coffee break; next, Ben's diagnostic round
        assert app.controller.live.current == "coffee-d1"
        assert "led by" not in banner(app)
        await advance(pilot, fake_clock, 11 * 60)  # 4 minutes left
        assert banner(app) == (
            "next: Diagnostic round: evidence handling, led by Ben — hand over with h"
        )
        assert "Ben" in screen_text(app)


def test_the_next_sessions_trainer_gets_the_cue_on_their_follower(
    demo_path, course, fake_clock
) -> None:
    lead = other_controller(demo_path, course, fake_clock, "lead", "Awa")
    lead.set_trainers({"Lead trainer": ("Awa",), "Co-trainer": ("Ben",)})
    lead.toggle()
    lead.step(1)
    lead.step(1)  # the coffee break; next, Ben's diagnostic round
    fake_clock.advance(11 * 60)
    ben = other_controller(demo_path, course, fake_clock, "follower", "Ben")
    cleo = other_controller(demo_path, course, fake_clock, "follower", "Cleo")
    following = Seat(following=True)
    assert cue(ben, following, ben.schedule(), 300) == (
        "next: Diagnostic round: evidence handling, led by you — ask for the lead with T"
    )
    assert cue(cleo, following, cleo.schedule(), 300) == ""
    assert cue(ben, following, ben.schedule(), 200) == ""  # not yet: 4 minutes left
