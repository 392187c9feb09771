"""Interpretation: sessions get their buffer, and a day that no longer fits is a problem."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from facilitator.control.controller import Controller
from facilitator.course import catalog
from facilitator.course.interpretation import buffer_minutes, interpreted, overruns, programme_with
from facilitator.course.model import Kind
from facilitator.live.events import FakeClock
from facilitator.live.schedule import planned
from facilitator.store.db import WorkshopStore
from tests.helpers import session
from tests.unit.test_cli import run

PROGRAMME = """id = "regional"
family = "demo"
title = "Regional"
language = "en"
{mode}
[[days]]
title = "One"
start = "09:00"
end = "{end}"
[[days.sessions]]
id = "talk"
title = "Talk"
kind = "ceremony"
minutes = 45
[[days.sessions]]
id = "coffee"
title = "Coffee"
kind = "break"
minutes = 15
[[days.sessions]]
id = "drill"
title = "Drill"
kind = "evaluation"
minutes = 60
"""


def load(tmp_path: Path, mode: str, end: str = "11:00") -> tuple[catalog.Catalog, list[str]]:
    (tmp_path / "sessions").mkdir(parents=True, exist_ok=True)
    (tmp_path / "content").mkdir(exist_ok=True)
    text = PROGRAMME.format(mode=f'interpretation = "{mode}"' if mode else "", end=end)
    (tmp_path / "sessions" / "regional.toml").write_text(text)
    found, problems = catalog.scan(tmp_path)
    return found, [str(p) for p in problems]


def test_buffers_simultaneous_five_minutes_consecutive_half_again_breaks_none() -> None:
    talk, coffee = session("talk", 45), session("coffee", 15, Kind.BREAK)
    assert [buffer_minutes(talk, m) for m in ("", "simultaneous", "consecutive")] == [0, 5, 25]
    assert buffer_minutes(session("long", 60), "consecutive") == 30
    assert buffer_minutes(coffee, "consecutive") == buffer_minutes(coffee, "simultaneous") == 0
    assert interpreted(talk, "simultaneous").minutes == 50
    assert interpreted(talk, "simultaneous").interpretation == 5
    assert interpreted(coffee, "consecutive") is coffee
    with pytest.raises(ValueError):
        buffer_minutes(talk, "whispered")


def test_a_programme_with_interpretation_plans_its_sessions_with_their_buffers(
    tmp_path: Path,
) -> None:
    found, problems = load(tmp_path, "simultaneous", end="11:15")
    assert problems == []
    programme = found.programme("regional")
    assert programme.interpretation == "simultaneous"
    assert [s.minutes for s in programme.sessions()] == [50, 15, 65]
    schedule = planned(programme, date(2027, 3, 1), "UTC")
    assert [schedule.hhmm(s.planned_start) for s in schedule.slots()] == ["09:00", "09:50", "10:05"]


def test_a_day_that_no_longer_fits_with_interpretation_is_a_problem(tmp_path: Path) -> None:
    _found, problems = load(tmp_path / "none", "", end="11:00")
    assert problems == []
    _found, problems = load(tmp_path / "cons", "consecutive", end="11:00")
    assert problems == [
        "sessions/regional.toml:20: day 1 runs past its end 11:00 with consecutive "
        "interpretation: session 'drill' ends at 11:55"
    ]
    _found, problems = load(tmp_path / "bad", "whispered")
    assert problems == [
        "sessions/regional.toml:5: interpretation 'whispered' is not one of "
        "simultaneous, consecutive"
    ]


def test_a_workshop_with_interpretation_runs_its_programme_with_the_buffers(
    root: Path, tmp_path: Path, course: catalog.Catalog
) -> None:
    made = run(
        "new", "-p", "demo", "-n", "Regional", "--start", "2027-03-01",
        "--interpretation", "consecutive", cwd=tmp_path, data=tmp_path / "data",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "warning: with consecutive interpretation, day 1 ends at" in made.stderr
    path = tmp_path / "data" / "regional.json"
    controller = Controller(WorkshopStore(path), course, FakeClock(), role="lead")
    base = course.programme("demo")
    assert controller.programme.interpretation == "consecutive"
    assert [s.minutes for s in controller.programme.sessions()] == [
        s.minutes + buffer_minutes(s, "consecutive") for s in base.sessions()
    ]
    assert programme_with(controller.programme, "simultaneous").sessions()[0].minutes == (
        base.sessions()[0].minutes + 5
    )
    assert programme_with(base, "") is base and overruns(base) == ()
