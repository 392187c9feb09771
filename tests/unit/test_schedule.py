"""Planned and projected times, checked by hand against a real day."""

from __future__ import annotations

from datetime import date

from facilitator.control.view import status_line
from facilitator.live.events import Event, fold
from facilitator.live.schedule import Status, build, planned
from tests.helpers import at, programme, standard_day

TZ = "Europe/Brussels"
DAY = "2026-12-07"
START = date(2026, 12, 7)
PROG = programme(standard_day("-1"), standard_day("-2"))


def hhmm_list(schedule, attr):
    return [schedule.hhmm(getattr(s, attr)) for s in schedule.days[0].slots]


def test_planned_times_lay_sessions_end_to_end() -> None:
    s = planned(PROG, START, TZ)
    assert hhmm_list(s, "planned_start") == [
        "09:00",
        "10:30",
        "10:45",
        "12:30",
        "13:30",
        "15:15",
        "15:30",
    ]
    assert s.hhmm(s.days[0].planned_end) == "17:00"
    assert s.days[1].date == date(2026, 12, 8)
    assert status_line(s) == "day starts 09:00; day ends 17:00"


def test_a_day_not_begun_is_called_late_only_after_a_quarter_hour() -> None:
    assert status_line(build(PROG, START, TZ, fold([]), at(DAY, "09:14"))) == (
        "day starts 09:00; day ends 17:14"
    )
    assert status_line(build(PROG, START, TZ, fold([]), at(DAY, "09:20"))).startswith(
        "running 20 min late"
    )


def test_running_twelve_minutes_late() -> None:
    events = [
        Event("start", at(DAY, "09:00"), "opening-1"),
        Event("goto", at(DAY, "10:42"), "coffee-am-1", run=True),
    ]
    s = build(PROG, START, TZ, fold(events), at(DAY, "10:42"))
    assert status_line(s) == "running 12 min late; lunch now 12:42; day ends 17:12"
    lunch = s.days[0].slots[3].session.title.get("fr").lower()
    assert status_line(s, "fr") == (f"12 min de retard ; {lunch} à 12:42 ; fin de journée à 17:12")
    assert [x.status for x in s.days[0].slots[:3]] == [Status.DONE, Status.CURRENT, Status.NEXT]
    assert hhmm_list(s, "projected_start")[2:] == ["10:57", "12:42", "13:42", "15:27", "15:42"]
    assert s.days[0].delay == 12 * 60
    # the next day is not moved by today's delay
    assert s.hhmm(s.days[1].slots[0].projected_start) == "09:00"


def test_a_pause_pushes_the_day_to_the_second() -> None:
    events = [
        Event("start", at(DAY, "09:00"), "opening-1"),
        Event("goto", at(DAY, "10:42"), "coffee-am-1", run=True),
        Event("pause", at(DAY, "10:50")),
    ]
    now = at(DAY, "10:55", seconds=30)
    s = build(PROG, START, TZ, fold(events), now)
    coffee = s.slot("coffee-am-1")
    assert coffee.elapsed == 8 * 60
    assert coffee.projected_end == now + 7 * 60
    assert s.days[0].delay == 17 * 60 + 30
    assert status_line(s) == "running 18 min late; lunch now 12:47; day ends 17:17"


def test_extend_shorten_skip_and_overrun() -> None:
    events = [
        Event("start", at(DAY, "09:00"), "opening-1"),
        Event("extend", at(DAY, "09:10"), "morning-1", minutes=20),
        Event("extend", at(DAY, "09:11"), "afternoon-1", minutes=-15),
        Event("skip", at(DAY, "09:12"), "coffee-pm-1"),
    ]
    now = at(DAY, "10:40")
    s = build(PROG, START, TZ, fold(events), now)
    opening = s.slot("opening-1")
    assert opening.remaining == -600 and opening.overrun == 600
    assert opening.projected_end == now
    assert s.slot("coffee-pm-1").status is Status.SKIPPED
    # +10 late, +20 extended, -15 shortened, -15 skipped coffee = 0
    assert s.days[0].delay == 0
    assert status_line(s) == "on time; day ends 17:00"


def test_late_start_moves_the_first_session() -> None:
    now = at(DAY, "09:20")
    s = build(PROG, START, TZ, fold([]), now)
    assert s.slot("opening-1").status is Status.NEXT
    assert s.slot("opening-1").projected_start == now
    assert status_line(s).startswith("running 20 min late")


def test_jumping_ahead_marks_skipped_over_sessions_missed() -> None:
    events = [
        Event("start", at(DAY, "09:00"), "opening-1"),
        Event("goto", at(DAY, "09:30"), "morning-1", run=True),
    ]
    s = build(PROG, START, TZ, fold(events), at(DAY, "09:31"))
    assert s.slot("coffee-am-1").status is Status.MISSED
    assert s.slot("lunch-1").status is Status.NEXT


def test_idle_between_days_projects_tomorrow_as_planned() -> None:
    day1 = planned(PROG, START, TZ).days[0].slots
    events = [Event("goto", slot.planned_start, slot.session.id, run=True) for slot in day1]
    events.append(Event("end", at(DAY, "17:00")))
    now = at("2026-12-08", "08:00")
    s = build(PROG, START, TZ, fold(events), now)
    assert s.today().day.number == 2
    assert s.slot("opening-2").status is Status.NEXT
    assert status_line(s) == "day starts 09:00; day ends 17:00"


def _steady_cases():
    """(events, now) of a day standing still and of a day moving with the clock."""
    day1 = planned(PROG, START, TZ).days[0].slots
    whole_day = [Event("goto", s.planned_start, s.session.id, run=True) for s in day1]
    return {
        "days before": ([], at("2026-12-05", "15:00")),
        "the morning before": ([], at(DAY, "08:30", seconds=17)),
        "ended early: the next starts now": (
            [
                Event("start", at(DAY, "09:00"), "opening-1"),
                Event("end", at(DAY, "10:20", seconds=43)),
            ],
            at(DAY, "10:21", seconds=5),
        ),
        "the evening after": ([*whole_day, Event("end", at(DAY, "17:00"))], at(DAY, "19:00")),
        "late, nothing started": ([], at(DAY, "09:20")),
        "running": ([Event("start", at(DAY, "09:00"), "opening-1")], at(DAY, "09:10")),
        "paused": (
            [Event("start", at(DAY, "09:00"), "opening-1"), Event("pause", at(DAY, "09:10"))],
            at(DAY, "09:12", seconds=9),
        ),
    }


def test_a_schedule_says_how_long_the_clock_alone_leaves_it_as_it_is() -> None:
    from facilitator.control.view import steady_until

    moving = {"late, nothing started", "running", "paused", "ended early: the next starts now"}
    for name, (events, now) in _steady_cases().items():
        live = fold(events)
        s = build(PROG, START, TZ, live, now)
        if name in moving:
            assert s.steady_until == now, name
            assert steady_until(s) == now, name
            continue
        assert s.steady_until > now + 60, name
        for t in range(int(now), int(min(s.steady_until, now + 6 * 3600)), 7):
            assert build(PROG, START, TZ, live, t).days == s.days, (name, t)
        # what the screen adds: the clock's minute, the grace before a day is called late
        view_until = steady_until(s)
        assert now < view_until <= now + 60, name
        for t in range(int(now), int(view_until)):
            later = build(PROG, START, TZ, live, t)
            assert status_line(later) == status_line(s), (name, t)
            assert later.hhmm(t) == s.hhmm(now), (name, t)
        assert s.hhmm(view_until) != s.hhmm(now) or s.steady_until == view_until, name


def test_a_steady_schedule_ends_when_the_clock_reaches_a_planned_start() -> None:
    s = build(PROG, START, TZ, fold([]), at(DAY, "08:30", seconds=17))
    assert s.steady_until == at(DAY, "09:00")
    evening = build(PROG, START, TZ, fold([]), at("2026-12-05", "15:00"))
    assert evening.steady_until == at("2026-12-06", "00:00")  # today is no longer today
