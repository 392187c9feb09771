"""A whole five-day course, thousands of events, checked to the second.

A seeded driver plays a realistic week (late starts, overruns, pauses,
extensions, skipped sessions, slide changes) on a fake clock. An independent
oracle counts every second the timer runs, one second at a time; the folded
event log and the schedule must agree with it exactly.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from facilitator.live.events import Event, fold
from facilitator.live.schedule import Status, build
from tests.helpers import at, programme, standard_day

TZ = "Europe/Brussels"
START = date(2026, 12, 7)
PROG = programme(*(standard_day(f"-{d}") for d in range(1, 6)))


def play_week(seed: int) -> tuple[list[Event], list[tuple[int, dict]], dict]:
    """Return the event log, checkpoints (event count, oracle snapshot), the final oracle."""
    rng = random.Random(seed)
    events: list[Event] = []
    checkpoints: list[tuple[int, dict]] = []
    # oracle state, advanced one second at a time
    oracle = {
        "t": None,
        "current": None,
        "running": False,
        "elapsed": {},
        "first": {},
        "last": {},
        "extra": {},
        "skipped": set(),
    }

    def tick_to(t: int) -> None:
        if oracle["t"] is not None:
            for _ in range(oracle["t"], t):
                if oracle["running"]:
                    cur = oracle["current"]
                    oracle["elapsed"][cur] = oracle["elapsed"].get(cur, 0) + 1
        oracle["t"] = t

    def emit(event: Event) -> None:
        t = int(event.at)
        tick_to(t)
        cur = oracle["current"]
        if event.kind in ("start", "goto"):
            if cur is not None and oracle["running"]:
                oracle["last"][cur] = t
            oracle["current"] = event.session
            oracle["running"] = event.kind == "start" or event.run
            if oracle["running"]:
                oracle["first"].setdefault(event.session, t)
        elif event.kind == "pause":
            oracle["running"] = False
            oracle["last"][cur] = t
        elif event.kind == "resume":
            oracle["running"] = True
        elif event.kind == "end":
            if oracle["running"]:
                oracle["last"][cur] = t
            oracle["current"], oracle["running"] = None, False
        elif event.kind == "extend":
            oracle["extra"][event.session] = (
                oracle["extra"].get(event.session, 0) + event.minutes * 60
            )
        elif event.kind == "skip":
            oracle["skipped"].add(event.session)
        events.append(event)
        if rng.random() < 0.08:
            checkpoints.append((len(events), _copy(oracle)))

    for day in PROG.days:
        d = (START + timedelta(days=day.number - 1)).isoformat()
        t = int(at(d, "08:50", TZ)) + rng.randint(0, 1500)
        sessions = list(day.sessions)
        skipped = rng.choice(sessions[1:]) if rng.random() < 0.5 else None
        if skipped is not None:
            emit(Event("skip", float(t - 60), skipped.id))
        first = True
        for s in sessions:
            if s is skipped:
                continue
            emit(Event("start" if first else "goto", float(t), s.id, run=True))
            first = False
            target = int(s.seconds * rng.uniform(0.8, 1.25))
            ran, slide = 0, 0
            while ran < target:
                step = rng.randint(20, 120)
                t += step
                ran += step
                slide += 1
                emit(Event("slide", float(t), s.id, index=slide))
                if rng.random() < 0.04:
                    emit(Event("pause", float(t)))
                    t += rng.randint(5, 400)
                    emit(Event("resume", float(t)))
                if rng.random() < 0.02:
                    emit(Event("extend", float(t), s.id, minutes=rng.randint(-5, 10)))
        emit(Event("end", float(t)))
        t += 3600
        tick_to(t)
    return events, checkpoints, oracle


def _copy(oracle: dict) -> dict:
    return {
        k: (dict(v) if isinstance(v, dict) else set(v) if isinstance(v, set) else v)
        for k, v in oracle.items()
    }


def expected_day_end(oracle: dict, now: int) -> int | None:
    """Projected end of the current day, computed the simple way."""
    cur = oracle["current"]
    if cur is None or not oracle["running"]:
        return None
    day = PROG.day_of(cur)
    ids = [s.id for s in day.sessions]
    session = PROG.session(cur)
    allotted = session.seconds + oracle["extra"].get(cur, 0)
    end = now + max(allotted - oracle["elapsed"].get(cur, 0), 0)
    for s in day.sessions[ids.index(cur) + 1 :]:
        if s.id not in oracle["skipped"]:
            end += s.seconds + oracle["extra"].get(s.id, 0)
    return end


def test_a_five_day_week_to_the_second() -> None:
    for seed in (1, 2, 3):
        events, checkpoints, final_oracle = play_week(seed)
        assert len(events) > 2000, len(events)
        assert len(checkpoints) > 100
        for count, oracle in checkpoints:
            now = oracle["t"]
            live = fold(events[:count])
            assert live.current == oracle["current"]
            assert live.running == oracle["running"]
            for sid, seconds in oracle["elapsed"].items():
                assert live.elapsed(sid, now) == seconds, (seed, count, sid)
            for sid, first in oracle["first"].items():
                assert live.run(sid).actual_start == first
            schedule = build(PROG, START, TZ, live, now)
            expected = expected_day_end(oracle, now)
            if expected is not None:
                plan = schedule.today()
                assert plan.projected_end == expected, (seed, count)
                current = schedule.slot(oracle["current"])
                assert current.status is Status.CURRENT
                allotted = current.session.seconds + oracle["extra"].get(oracle["current"], 0)
                assert current.remaining == allotted - oracle["elapsed"].get(oracle["current"], 0)
        # the whole week: every session held or skipped, every actual end as the oracle saw it
        final = fold(events)
        schedule = build(PROG, START, TZ, final, int(events[-1].at))
        assert {slot.status for slot in schedule.slots()} <= {Status.DONE, Status.SKIPPED}
        assert final_oracle["last"]
        for sid, last_end in final_oracle["last"].items():
            assert final.run(sid).actual_end == last_end
            assert final.elapsed(sid, 0) == final_oracle["elapsed"][sid]
