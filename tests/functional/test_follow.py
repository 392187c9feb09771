"""Follow mode: the follower moves with the lead, may browse, and the clerk records."""

from __future__ import annotations

from textual.widgets import Label

from facilitator.store.db import WorkshopStore
from facilitator.tui.widgets.diagnostic import DiagnosticView
from facilitator.tui.widgets.slides import Caption
from tests.helpers import other_controller, screen_text, settle, until


def caption(app) -> str:
    return app.screen.query_one("#slide-caption", Caption).text


async def test_follower_moves_with_the_lead_and_browses_freely(
    app_factory, demo_path, course, fake_clock, lead_elsewhere
) -> None:
    lead = other_controller(demo_path, course, fake_clock)
    app = app_factory(role="follower", follow=True)
    async with app.run_test(size=(120, 40)) as pilot:
        banner = app.screen.query_one("#banner", Label)
        assert "following the lead" in str(banner.render())
        lead.toggle()
        lead.step(1)
        lead.show_slide(lead.current(), 2)
        await until(pilot, lambda: caption(app) == "Evidence and chain of custody · slide 3 of 5")
        await pilot.press("left")  # browsing: the lead is not moved
        assert "browsing: f to follow" in str(banner.render())
        assert caption(app) == "Evidence and chain of custody · slide 2 of 5"
        lead.show_slide(lead.current(), 3)
        await until(pilot, lambda: app.controller.live.run("chain-of-custody").slide == 3)
        await pilot.pause()
        assert caption(app) == "Evidence and chain of custody · slide 2 of 5"
        await pilot.press("f")
        assert caption(app) == "Evidence and chain of custody · slide 4 of 5"
        assert "following" in str(banner.render())
    assert lead.live.run("chain-of-custody").slide == 3


async def test_clerk_records_and_the_lead_sees_it(
    app_factory, demo_path, course, fake_clock
) -> None:
    lead = other_controller(demo_path, course, fake_clock)
    lead.toggle()
    for _ in range(3):
        lead.step(1)
    assert lead.live.current == "diagnostic-d1"
    clerk = app_factory(role="clerk", follow=True, author="Clerk Ana")
    async with clerk.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # the screen worked out
        view = clerk.screen.query_one(DiagnosticView)
        assert view.form.editable
        view.query_one("#diag-answer").focus()
        await pilot.press("space")  # Yes
        await pilot.press("o", *"Clerk's note", "ctrl+s")
        await pilot.pause()
        await pilot.press("escape", "space", "n")  # not the clerk's to do
        await settle(pilot)
    assert lead.reload()
    assert lead.live.current == "diagnostic-d1"
    assert lead.answer_values(("diagnostic-d1", "D-01", "Senegal"))["answer"] == "yes"
    note = WorkshopStore(demo_path).read().notes[0]
    assert note["text"] == "Clerk's note"
    assert note["by"] == {"role": "clerk", "name": "Clerk Ana"}


async def test_lead_screen_shows_the_clerks_answer(
    app_factory, demo_path, course, fake_clock
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "n", "n", "n")
        clerk = other_controller(demo_path, course, fake_clock, role="clerk")
        key = ("diagnostic-d1", "D-01", "Senegal")
        clerk.edit_answer(key, "answer", "no")
        clerk.edit_answer(key, "maturity", 1)
        clerk.edit_answer(key, "notes", "seen by clerk")
        clerk.edit_answer(key, "weaknesses", [1])
        view = app.screen.query_one(DiagnosticView)
        await until(pilot, lambda: view.query_one("#diag-notes").text == "seen by clerk")
        assert view.query_one("#diag-answer").value == "no"
        assert view.query_one("#diag-maturity").value == 1
        assert view.query_one("#diag-weaknesses").selected == [1]


async def test_taking_over_turns_the_lead_into_a_follower(app_factory, demo_path, tmp_path) -> None:
    from facilitator.store.lead import LeadLock

    lock = LeadLock(demo_path, "alice")
    assert lock.try_acquire()
    app = app_factory(lead_lock=lock)
    async with app.run_test(size=(120, 40)) as pilot:
        LeadLock(demo_path, "bob").request_takeover()
        await until(pilot, lambda: not lock.held)
        assert app.controller.role == "follower" and app.main.following
        await pilot.press("space")
        assert app.controller.live.current is None
    assert LeadLock(demo_path, "bob").try_acquire()


async def test_clerks_records_show_on_the_leads_screen(app_factory, clerk_writes) -> None:
    from facilitator.tui.widgets.records import RecordsView

    app = app_factory()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("space")
        clerk_writes("| pipes | and <b>tags</b> stay text", "Send the roster")
        await until(pilot, lambda: len(app.controller.snapshot.actions) == 1)
        await pilot.pause()
        shown = screen_text(app)
        assert "Ana (clerk) added a decision" in shown
        assert "Ana (clerk) added an action item" in shown
        await pilot.press("r")
        view = app.screen.query_one(RecordsView)
        assert view.model.counts == (0, 1, 1)
        caption = str(view.query_one("#records-caption").render())
        assert "0 notes, 1 decision, 1 action · present 0 of 6" in caption
