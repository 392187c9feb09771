"""The re-planner: a plan that ends the day on time, least damage first."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from facilitator.course.model import Kind, Programme, Session
from facilitator.live.events import Event, fold
from facilitator.live.replan import Change, after, propose
from facilitator.live.schedule import build
from tests.helpers import at, programme, session

TZ = "Europe/Brussels"
START = date(2026, 12, 7)
D1 = "2026-12-07"


def give(s: Session, least: int = 0, optional: bool = False, movable: bool = False) -> Session:
    return replace(s, min_minutes=least, optional=optional, movable=movable)


def day_one() -> list[Session]:
    """09:00-17:00, ending exactly at the day's end."""
    return [
        give(session("opening", 90), 70),
        session("coffee-am", 15, Kind.BREAK),
        give(session("morning", 105), 80),
        session("lunch", 60, Kind.BREAK),
        give(session("afternoon", 105), 80),
        session("coffee-pm", 15, Kind.BREAK),
        session("closing", 90, Kind.CEREMONY),
    ]


def two_days(first: list[Session], second: list[Session] | None = None) -> Programme:
    return programme(first, second or [session("day2", 60)])


def plan_at(prog: Programme, hhmm: str, events: list[Event] = (), day: int = 1):
    now = at(D1, hhmm, TZ)
    schedule = build(prog, START, TZ, fold(events), now)
    return schedule, propose(prog, schedule, day)


def test_on_time_no_proposal() -> None:
    _, proposal = plan_at(two_days(day_one()), "09:00")
    assert proposal is None


def test_a_late_start_is_won_back_by_spreading_cuts() -> None:
    _, proposal = plan_at(two_days(day_one()), "09:20")
    assert proposal.over == 20 and proposal.on_time
    # 5 minutes at a time, from the most room to give for its length, the later on a tie
    assert proposal.changes == (
        Change("shorten", "opening", 5),
        Change("shorten", "morning", 5),
        Change("shorten", "afternoon", 10),
    )


def test_breaks_and_ceremonies_keep_their_length() -> None:
    _, proposal = plan_at(two_days(day_one()), "10:30")  # 90 over: 70 can be cut
    kinds = {c.session: c.kind for c in proposal.changes}
    assert "coffee-am" not in kinds and "lunch" not in kinds and "closing" not in kinds
    assert proposal.left_over == 20


def test_moving_comes_before_dropping() -> None:
    first = day_one()
    first[2] = give(first[2], 80, optional=True)  # morning could be dropped
    first[4] = give(first[4], 80, movable=True)  # afternoon could move
    _, proposal = plan_at(two_days(first), "10:40")  # 100 over, 70 from cuts
    assert proposal.on_time
    assert Change("move", "afternoon", 105, day=2) in proposal.changes
    assert all(c.kind != "drop" for c in proposal.changes)


def test_dropping_when_no_later_day_has_room() -> None:
    first = day_one()
    first[2] = give(first[2], 80, optional=True)
    first[4] = give(first[4], 80, movable=True)
    full = [session("all-day", 480)]  # day 2 ends at its end: no room
    _, proposal = plan_at(two_days(first, full), "10:40")
    assert proposal.on_time
    assert [c.kind for c in proposal.changes if c.kind != "shorten"] == ["drop"]
    assert Change("drop", "morning", 105) in proposal.changes
    # the dropped session's own cut is not counted twice: 100 = 105 dropped, no cut needed
    assert sum(c.minutes for c in proposal.changes) >= 100


def test_the_session_that_covers_the_gap_with_least_goes() -> None:
    first = [
        give(session("a", 120), 120, movable=True),
        give(session("b", 40), 40, movable=True),
        give(session("c", 60), 60, movable=True),
        session("rest", 260),
    ]
    _, proposal = plan_at(two_days(first), "09:30")  # 30 over, nothing can be cut
    assert proposal.changes == (Change("move", "b", 40, day=2),)


def test_no_way_to_end_on_time_says_by_how_much() -> None:
    _, proposal = plan_at(two_days(day_one()), "11:00")
    assert proposal.over == 120
    assert sum(c.minutes for c in proposal.changes) == 70
    assert proposal.left_over == 50 and not proposal.on_time


def test_the_current_session_keeps_what_it_has_run() -> None:
    first = day_one()
    first[2], first[4] = give(first[2], 105), give(first[4], 105)  # only the opening gives
    prog = two_days(first)
    events = [Event("start", at(D1, "09:40", TZ), "opening")]
    schedule, proposal = plan_at(prog, "10:55", events)  # 40 over; opening ran 75 of 90
    assert proposal.over == 40
    assert proposal.changes == (Change("shorten", "opening", 15),)  # not down to its 70
    assert proposal.left_over == 25
    live = after(fold(events), proposal.changes, schedule.now)
    again = build(prog, START, TZ, live, schedule.now)
    assert again.days[0].projected_end - again.days[0].deadline == 25 * 60


def test_accepting_ends_the_day_on_time_and_moves_to_day_two() -> None:
    first = day_one()
    first[4] = give(first[4], 80, movable=True)
    prog = two_days(first)
    schedule, proposal = plan_at(prog, "10:40")
    now = schedule.now
    events = proposal.events(now)
    assert {e.kind for e in events} <= {"shorten", "move"}
    after_plan = build(prog, START, TZ, fold(events), now)
    assert after_plan.days[0].projected_end <= after_plan.days[0].deadline
    assert "afternoon" in [s.session.id for s in after_plan.days[1].slots]
    assert after_plan.slot("afternoon").moved_from == 1
    assert after_plan.days[0].moved_out[0][0].id == "afternoon"
    assert propose(prog, after_plan, 1) is None


def test_a_moved_session_goes_before_the_days_closing() -> None:
    second = [session("d2", 60), session("recap", 15, Kind.EVALUATION)]
    prog = programme([give(session("x", 60), movable=True), session("y", 60)], second)
    live = fold([Event("move", at(D1, "09:00", TZ), "x", day=2)])
    schedule = build(prog, START, TZ, live, at(D1, "09:00", TZ))
    assert [s.session.id for s in schedule.days[1].slots] == ["d2", "x", "recap"]
    assert schedule.hhmm(schedule.slot("x").projected_start) == "10:00"


def test_plan_events_fold_and_survive_the_file() -> None:
    t = at(D1, "10:00", TZ)
    events = [
        Event("shorten", t, "opening", minutes=10, reason="plan"),
        Event("drop", t, "morning", reason="plan"),
        Event("move", t, "afternoon", day=2, reason="plan"),
    ]
    events = [Event.from_record(e.to_record()) for e in events]
    live = fold(events)
    assert live.run("opening").extra_seconds == -600
    assert live.run("opening").shortened_seconds == 600
    assert live.run("morning").skipped and live.run("morning").dropped
    assert live.run("afternoon").moved_to == 2
    assert live.run("afternoon").changes == (("move", t, 2),)
    reopened = fold([*events, Event("reopen", t + 1, "morning")])
    assert not reopened.run("morning").dropped


def test_a_session_held_is_not_moved() -> None:
    t = at(D1, "09:00", TZ)
    live = fold([Event("start", t, "opening"), Event("move", t + 60, "opening", day=2)])
    assert live.run("opening").moved_to is None and live.current == "opening"
