"""How a session may give way when the day runs late: min_minutes, optional, movable."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.course import catalog
from facilitator.course.model import Kind
from facilitator.course.programmes import default_min_minutes
from tests.unit.test_catalog import PROGRAMME, line_of, make_root, problems


def test_defaults_a_trainer_expects(tmp_path: Path) -> None:
    prog = catalog.load(make_root(tmp_path)).programme("prog")
    intro, round_ = prog.session("intro"), prog.session("round")
    assert (intro.min_minutes, intro.optional, intro.movable) == (35, False, False)
    assert round_.min_minutes == 25
    assert default_min_minutes(Kind.BREAK, 60) == 60  # a break keeps its length
    assert default_min_minutes(Kind.EVALUATION, 30) == 30  # so does a test
    assert default_min_minutes(Kind.CEREMONY, 45) == 45
    assert default_min_minutes(Kind.CONTENT, 15) == 15  # too short to cut
    assert default_min_minutes(Kind.CONTENT, 90) == 70


def test_values_given_are_kept(tmp_path: Path) -> None:
    text = PROGRAMME.replace(
        "minutes = 45\n", "minutes = 45\nmin_minutes = 30\noptional = true\nmovable = true\n"
    )
    prog = catalog.load(make_root(tmp_path, programme=text)).programme("prog")
    intro = prog.session("intro")
    assert (intro.min_minutes, intro.optional, intro.movable) == (30, True, True)


@pytest.mark.parametrize("value", [0, 46, -1])
def test_min_minutes_out_of_range(tmp_path: Path, value: int) -> None:
    text = PROGRAMME.replace("minutes = 45\n", f"minutes = 45\nmin_minutes = {value}\n")
    assert problems(tmp_path, programme=text) == [
        f"sessions/prog.toml:{line_of(text, 'min_minutes')}: min_minutes of 'intro' must be "
        f"between 1 and its minutes (45), got {value}"
    ]


def test_a_diagnostic_round_is_never_optional(tmp_path: Path) -> None:
    text = PROGRAMME.replace("minutes = 30\n", "minutes = 30\noptional = true\n")
    assert problems(tmp_path, programme=text) == [
        f"sessions/prog.toml:{line_of(text, 'optional')}: diagnostic session 'round' cannot "
        "be optional: it is never dropped (make it movable instead)"
    ]


def test_flags_are_booleans(tmp_path: Path) -> None:
    text = PROGRAMME.replace("minutes = 45\n", 'minutes = 45\nmovable = "yes"\n')
    found = problems(tmp_path, programme=text)
    assert len(found) == 1
    assert found[0].startswith(f"sessions/prog.toml:{line_of(text, 'movable')}: ")
    assert "movable" in found[0]


def test_the_real_programmes_say_how_they_give_way() -> None:
    course = catalog.load(Path(__file__).parents[2])
    for pid in ("copes-3day", "copes-5day", "cpch-3day", "cpch-5day"):
        sessions = course.programme(pid).sessions()
        assert any(s.movable for s in sessions), pid
        assert any(s.optional for s in sessions), pid
        for s in sessions:
            assert 0 < s.min_minutes <= s.minutes
            if s.kind in (Kind.DIAGNOSTIC, Kind.EVALUATION, Kind.BREAK):
                assert not s.optional, (pid, s.id)
            if s.kind is Kind.BREAK:
                assert s.min_minutes == s.minutes and not s.movable
