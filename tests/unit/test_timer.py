"""The event log folds into the live state."""

from __future__ import annotations

from facilitator.live.events import Event, FakeClock, fold, format_clock


def test_start_pause_resume_counts_only_running_time() -> None:
    live = fold(
        [
            Event("start", 100.0, "a"),
            Event("pause", 160.0),
            Event("resume", 200.0),
        ]
    )
    assert live.current == "a"
    assert live.running
    assert live.elapsed("a", 230.0) == 90.0
    assert live.run("a").paused_seconds(230.0) == 40.0


def test_goto_ends_the_previous_session_and_carries_run_state() -> None:
    live = fold(
        [
            Event("start", 0.0, "a"),
            Event("goto", 600.0, "b", run=True),
            Event("goto", 900.0, "c", run=False),
        ]
    )
    assert live.run("a").segments == ((0.0, 600.0),)
    assert live.run("b").segments == ((600.0, 900.0),)
    assert live.current == "c" and not live.running
    assert not live.run("c").started


def test_extend_skip_reopen_slide_question() -> None:
    live = fold(
        [
            Event("extend", 0.0, "a", minutes=5),
            Event("extend", 1.0, "a", minutes=-2),
            Event("skip", 2.0, "b"),
            Event("skip", 3.0, "c"),
            Event("reopen", 4.0, "c"),
            Event("slide", 5.0, "a", index=3),
            Event("question", 6.0, "d", index=2),
        ]
    )
    assert live.run("a").extra_seconds == 180
    assert live.run("b").skipped and not live.run("c").skipped
    assert live.run("a").slide == 3 and live.run("d").question == 2
    assert live.current is None


def test_skipping_the_current_session_ends_it() -> None:
    live = fold([Event("start", 0.0, "a"), Event("skip", 50.0, "a")])
    assert live.current is None
    assert live.run("a").segments == ((0.0, 50.0),)


def test_unknown_sessions_and_kinds_are_ignored() -> None:
    live = fold(
        [Event("start", 0.0, "gone"), Event("dance", 1.0, "a"), Event("start", 2.0, "a")],
        known=lambda sid: sid != "gone",
    )
    assert live.current == "a" and "gone" not in live.runs
    assert live.events == 3


def test_records_round_trip() -> None:
    for event in (
        Event("goto", 1.5, "a", run=True),
        Event("slide", 2.0, "a", index=4),
        Event("pause", 3.0),
    ):
        assert Event.from_record(event.to_record()) == event


def test_format_clock() -> None:
    assert format_clock(300) == "05:00"
    assert format_clock(59.9) == "00:59"
    assert format_clock(-75) == "+01:15"
    assert format_clock(3725) == "1:02:05"


def test_fake_clock_moves_only_when_told() -> None:
    clock = FakeClock(10.0)
    assert clock() == 10.0
    clock.advance(5)
    assert clock() == 15.0
