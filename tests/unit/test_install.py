"""Installed like a tool: the course found from any folder, your own course on top,
exports where you are, real working days, a demo that opens on time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from facilitator import paths
from facilitator.course import catalog
from facilitator.live.calendar import CalendarError, parse_weekdays, working_days
from facilitator.store.db import WorkshopStore
from facilitator.store.workshops import ensure_demo
from tests.unit.test_cli import run


def test_the_course_is_found_from_an_empty_folder(tmp_path: Path) -> None:
    result = run("agenda", "copes-5day", "--start", "2026-12-08", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Day 5, Mon 14 Dec 2026" in result.stdout  # Tuesday start: the weekend skipped


def test_your_own_course_starts_from_a_copy_and_overrides_by_id(tmp_path: Path) -> None:
    mine = tmp_path / "my-course"
    made = run("course", "init", str(mine), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (mine / "sessions" / "demo.toml").is_file()
    assert run("course", "init", str(mine), cwd=tmp_path).returncode == 1  # never overwrites
    demo = mine / "sessions" / "demo.toml"
    demo.write_text(
        demo.read_text(encoding="utf-8").replace('title = "', 'title = "Lomé edition: ', 1),
        encoding="utf-8",
    )
    ok = run("check", "--course", str(mine), cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    agenda = run("agenda", "demo", "--course", str(mine), cwd=tmp_path)
    assert "Lomé edition: " in agenda.stdout
    assert "Lomé edition: " not in run("agenda", "demo", cwd=tmp_path).stdout
    demo.write_text(demo.read_text(encoding="utf-8") + "\nnonsense = 1\n", encoding="utf-8")
    bad = run("check", "--course", str(mine), cwd=tmp_path)
    assert bad.returncode == 1
    assert "my-course/sessions/demo.toml:" in bad.stdout and "nonsense" in bad.stdout


def test_a_programme_of_your_own_adds_to_the_built_in_ones(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    (mine / "sessions").mkdir(parents=True)
    builtin = paths.builtin_course() / "sessions" / "demo.toml"
    text = builtin.read_text(encoding="utf-8").replace('id = "demo"', 'id = "short"', 1)
    (mine / "sessions" / "short.toml").write_text(text, encoding="utf-8")
    loaded = catalog.load(paths.course_roots(mine))
    assert {"demo", "short", "copes-5day"} <= set(loaded.programmes)
    assert loaded.label(loaded.programme("short").file) == "mine/sessions/short.toml"


def test_exports_go_to_the_folder_the_command_runs_in(tmp_path: Path) -> None:
    data, here = tmp_path / "data", tmp_path / "here"
    here.mkdir()
    assert run("new", "-p", "demo", "-n", "Ex", "--start", "2026-12-08", cwd=here, data=data)
    done = run("export", "ex", cwd=here, data=data)
    assert done.returncode == 0, done.stderr
    assert (here / "exports" / "ex" / "index.md").is_file()
    assert "| 1 · Tue 08 Dec |" in (here / "exports" / "ex" / "index.md").read_text()


def test_new_prints_the_working_days_it_chose(tmp_path: Path) -> None:
    data = tmp_path / "data"
    made = run(
        "new", "-p", "copes-5day", "-n", "W", "--start", "2026-12-08", "--skip", "2026-12-10",
        cwd=tmp_path, data=data,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert (
        "Days: Tuesday 8 December 2026, Wednesday 9 December 2026, Friday 11 December 2026, "
        "Monday 14 December 2026, Tuesday 15 December 2026" in made.stdout
    )
    given = run(
        "new", "-p", "demo", "-n", "G", "--days", "2026-12-08,2026-12-12", cwd=tmp_path, data=data
    )
    assert given.returncode == 0, given.stderr
    snap = WorkshopStore(data / "g.json").read()
    assert snap.workshop.days == ("2026-12-08", "2026-12-12")
    wrong = run("new", "-p", "demo", "-n", "H", "--days", "2026-12-08", cwd=tmp_path, data=data)
    assert wrong.returncode == 1
    assert "--days gives 1 date(s); the programme has 2 days" in wrong.stderr


@pytest.mark.parametrize(
    ("rule", "expected"),
    [("mon-fri", {0, 1, 2, 3, 4}), ("sun-thu", {6, 0, 1, 2, 3}), ("mon,wed,fri", {0, 2, 4})],
)
def test_weekday_rules(rule: str, expected: set[int]) -> None:
    assert parse_weekdays(rule) == expected


def test_working_days_skip_weekends_and_holidays() -> None:
    friday = date(2026, 12, 4)
    assert working_days(friday, 3) == (date(2026, 12, 4), date(2026, 12, 7), date(2026, 12, 8))
    assert working_days(friday, 2, skip=[date(2026, 12, 7)]) == (
        date(2026, 12, 4),
        date(2026, 12, 8),
    )
    assert working_days(date(2026, 12, 6), 1, weekdays="sun-thu") == (date(2026, 12, 6),)
    with pytest.raises(CalendarError, match="weekdays 'funday'"):
        parse_weekdays("funday")


def test_the_demo_starts_at_the_current_quarter_hour_and_resets(tmp_path: Path) -> None:
    course = catalog.load(paths.course_roots())
    evening = datetime(2026, 12, 2, 19, 52, tzinfo=UTC)
    path = ensure_demo(tmp_path, course, evening, "Europe/Brussels")  # 20:52 there
    made = WorkshopStore(path).read().workshop
    assert made.start_date == "2026-12-02" and made.timezone == "Europe/Brussels"
    assert made.day_starts == ((1, "20:45"),)
    later = datetime(2026, 12, 2, 21, 10, tzinfo=UTC)
    assert WorkshopStore(ensure_demo(tmp_path, course, later)).read().workshop == made
    reset = WorkshopStore(ensure_demo(tmp_path, course, later, "UTC", reset=True)).read()
    assert reset.workshop.day_starts == ((1, "21:00"),)
    next_day = datetime(2026, 12, 3, 8, 1, tzinfo=UTC)
    fresh = WorkshopStore(ensure_demo(tmp_path, course, next_day)).read().workshop
    assert fresh.start_date == "2026-12-03" and fresh.day_starts == ((1, "08:00"),)
