"""Test banks, papers on file and the learning gain, computed by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from facilitator.assess import codes as codes_mod
from facilitator.assess.learning import evaluation, gain, learning
from facilitator.course import catalog
from facilitator.course.model import Participant
from facilitator.store import workshops
from facilitator.store.db import Author, WorkshopStore
from tests.conftest import ROOT


def test_every_programme_has_its_tests(full_course: catalog.Catalog) -> None:
    counts = {pid: len(p.assessment.items) for pid, p in full_course.programmes.items()}
    # the short forms: 15 items for COPES, 12 for CPCH (``items`` in [assessment])
    assert counts == {"copes-3day": 15, "copes-5day": 15, "cpch-3day": 12, "cpch-5day": 12,
                      "demo": 4}  # fmt: skip
    three = full_course.programme("copes-3day")
    taught = {s.module.ref for s in three.sessions() if s.module}
    assert all(i.module in taught for i in three.assessment.items)
    assert len(full_course.form.criteria) == 12


def test_a_short_form_is_spread_over_the_course_and_fits_its_sessions(
    full_course: catalog.Catalog,
) -> None:
    five = full_course.programme("copes-5day").assessment
    modules = sorted({i.module[:8] for i in five.items})
    assert len(modules) == 15  # one item per module, spread from the first to the last
    assert modules[0] == "copes/03" and modules[-1] == "copes/25"
    assert list(five.items) == [i for i in five.test.items if i in five.items]  # bank order
    pre, post = codes_mod.order(five, "pre"), codes_mod.order(five, "post")
    assert pre != post and set(pre) == set(post) == set(five.items)
    # 25 minutes for 32 items: 15 items take 12 minutes, 12 items 10
    minutes = {pid: p.assessment.minutes for pid, p in full_course.programmes.items()}
    assert minutes == {"copes-3day": 12, "copes-5day": 12, "cpch-3day": 10, "cpch-5day": 10,
                       "demo": 5}  # fmt: skip


def test_a_test_session_shorter_than_the_test_names_the_session_line(tmp_path: Path) -> None:
    root = _course_copy(tmp_path)
    prog = root / "sessions" / "cpch-3day.toml"
    text = (
        prog.read_text()
        .replace("items = 12\n", "")
        .replace("post_minutes = 15", "post_minutes = 31")
    )
    prog.write_text(text)
    lines = text.splitlines()
    _, problems = catalog.scan(root)
    found = {str(p) for p in problems if "cpch-3day" in p.path}
    opening = next(n for n, raw in enumerate(lines, 1) if raw == 'id = "opening"') + 4
    assert lines[opening - 1] == "minutes = 45"  # the opening session's minutes
    pre = next(n for n, raw in enumerate(lines, 1) if raw == "pre_minutes = 11")
    post = next(n for n, raw in enumerate(lines, 1) if raw == "post_minutes = 31")
    assert found == {
        f"sessions/cpch-3day.toml:{opening}: session 'opening' gives the pre-test 11 minutes "
        f"(pre_minutes, line {pre}), but 25 items of test 'cpch' take 20 (25 minutes for 32 "
        "items): give the test more time, or sit at most 14 items ([assessment] items = 14)",
        f"sessions/cpch-3day.toml:{post}: post_minutes must be from 1 to 30 (the minutes of "
        "session 'post-test-and-evaluation')",
    }


def test_check_counts_the_tests_and_names_the_line_of_a_broken_bank(tmp_path: Path) -> None:
    from tests.unit.test_cli import run

    ok = run("check", cwd=ROOT)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.strip().endswith(
        "3 banks with 64 questions, 3 tests with 68 items, 1 evaluation form."
    )
    root = _course_copy(tmp_path)
    bank = root / "content" / "tests" / "cpch.toml"
    text = (
        bank.read_text()
        .replace('answer = "A"', 'answer = "Z"', 1)
        .replace("minutes = 25", "minutes = 0")
    )
    bank.write_text(text)
    lines = text.splitlines()
    bad = run("check", "course", cwd=tmp_path)
    assert bad.returncode == 1
    answer = next(n for n, raw in enumerate(lines, 1) if raw == 'answer = "Z"')
    minutes = next(n for n, raw in enumerate(lines, 1) if raw == "minutes = 0")
    assert f"course/content/tests/cpch.toml:{answer}: answer 'Z' must be one letter of ABCD" in (
        bad.stdout.splitlines()
    )
    assert f"course/content/tests/cpch.toml:{minutes}: minutes must be above zero" in (
        bad.stdout.splitlines()
    )


def test_post_test_is_another_order_of_the_same_items(full_course: catalog.Catalog) -> None:
    a = full_course.programme("copes-5day").assessment
    pre, post = codes_mod.order(a, "pre"), codes_mod.order(a, "post")
    assert pre != post and sorted(i.id for i in pre) == sorted(i.id for i in post)
    assert post == codes_mod.order(a, "post")  # the same on every print


def _course_copy(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(ROOT / "sessions", root / "sessions")
    shutil.copytree(ROOT / "content", root / "content")
    return root


def test_bad_test_bank_names_file_and_line(tmp_path: Path) -> None:
    root = _course_copy(tmp_path)
    bank = root / "content" / "tests" / "demo.toml"
    text = bank.read_text()
    text = text.replace('answer = "A"', 'answer = "E"', 1)
    text = text.replace('area = "cooperation"', 'area = "nowhere"', 1)
    text = text.replace('module = "demo/03-seizure-drill.md"', 'module = "demo/99.md"', 1)
    bank.write_text(text)
    lines = text.splitlines()
    _, problems = catalog.scan(root)
    found = {str(p) for p in problems}
    line = next(n for n, raw in enumerate(lines, 1) if raw == 'answer = "E"')
    assert f"content/tests/demo.toml:{line}: answer 'E' must be one letter of ABC" in found
    line = next(n for n, raw in enumerate(lines, 1) if raw == 'area = "nowhere"')
    assert any(
        p.startswith(f"content/tests/demo.toml:{line}: unknown area 'nowhere'") for p in found
    )
    line = next(n for n, raw in enumerate(lines, 1) if "demo/99.md" in raw)
    assert f"content/tests/demo.toml:{line}: module file content/demo/99.md does not exist" in found


def test_bad_assessment_table_names_file_and_line(tmp_path: Path) -> None:
    root = _course_copy(tmp_path)
    prog = root / "sessions" / "demo.toml"
    text = (
        prog.read_text()
        .replace('post = "closing"', 'post = "nope"')
        .replace("attendance = 80", "attendance = 120")
    )
    prog.write_text(text)
    lines = text.splitlines()
    _, problems = catalog.scan(root)
    found = {str(p) for p in problems}
    post = next(n for n, raw in enumerate(lines, 1) if raw == 'post = "nope"')
    share = next(n for n, raw in enumerate(lines, 1) if raw == "attendance = 120")
    assert f"sessions/demo.toml:{post}: post session 'nope' is not in this programme" in found
    assert f"sessions/demo.toml:{share}: attendance must be a percentage from 1 to 100" in found


def test_codes_are_short_and_follow_the_roster(demo_store: WorkshopStore) -> None:
    workshop = demo_store.read().workshop
    found = codes_mod.codes(workshop)
    assert list(found)[:3] == ["P01", "P02", "P03"]
    assert list(found.values()) == list(workshop.roster)
    assert codes_mod.code_of(workshop, workshop.roster[1].name) == "P02"


@pytest.fixture()
def demo_store(tmp_path: Path, course: catalog.Catalog) -> WorkshopStore:
    from datetime import date

    path = workshops.create_demo(tmp_path / "data", course, date(2026, 12, 7))
    return WorkshopStore(path, Author("clerk", "Ana"))


def _type(store: WorkshopStore, test: str, code: str, letters: str, at: float = 1.0) -> None:
    ids = ["DT-01", "DT-02", "DT-03", "DT-04"]  # the demo key: B A B B
    store.merge_scores(test, code, {i: (v, at) for i, v in zip(ids, letters, strict=True)})


def test_gain_computed_by_hand(demo_store: WorkshopStore, course: catalog.Catalog) -> None:
    _type(demo_store, "pre", "P01", "BCCA")  # 1 of 4: 25%
    _type(demo_store, "post", "P01", "BABA")  # 3 of 4: 75%
    _type(demo_store, "pre", "P02", "BAAA")  # 2 of 4: 50%
    _type(demo_store, "post", "P02", "BAB ")  # 3 of 4 (one blank): 75%
    _type(demo_store, "pre", "P03", "BABB")  # 100%, then no post-test
    result = learning(demo_store.read(), course.programme("demo"))
    assert result is not None
    assert [(p.code, p.pre, p.post) for p in result.people] == [
        ("P01", 25.0, 75.0), ("P02", 50.0, 75.0), ("P03", 100.0, None)]  # fmt: skip
    assert [p.code for p in result.pairs] == ["P01", "P02"]
    assert result.mean_pre == 37.5 and result.mean_post == 75.0
    assert result.hake == pytest.approx((75 - 37.5) / (100 - 37.5))  # 0.6
    assert result.mean_gain == pytest.approx(((75 - 25) / 75 + (75 - 50) / 50) / 2)  # 0.583
    assert [p.code for p in result.only_one] == ["P03"]
    assert result.people[1].blanks == 1
    by_item = {s.key: (s.pre, s.post) for s in result.items}
    assert by_item["DT-04"] == (pytest.approx(100 / 3), 0.0)  # pre: P03 only; post: nobody
    assert next(s for s in result.items if s.key == "DT-04").not_learned
    assert gain(100, 100) is None


def test_later_typing_wins_and_other_clerk_kept(demo_store: WorkshopStore) -> None:
    demo_store.merge_scores("pre", "P01", {"DT-01": ("a", 1.0)})
    other = WorkshopStore(demo_store.path, Author("lead", "Lee"))
    other.merge_scores("pre", "P01", {"DT-01": ("c", 2.0), "DT-02": ("B", 2.0)})
    demo_store.merge_scores("pre", "P01", {"DT-03": ("d", 3.0)})
    (record,) = demo_store.read().scores
    assert {k: v["value"] for k, v in record["fields"].items()} == {
        "DT-01": "C", "DT-02": "B", "DT-03": "D"}  # fmt: skip
    assert record["history"][0]["value"] == "A" and record["history"][0]["by"]["name"] == "Ana"


def test_evaluation_counts_and_comments(demo_store: WorkshopStore, course: catalog.Catalog) -> None:
    demo_store.merge_scores("evaluation", "P01", {"E-01": ("5", 1.0), "C-01": ("More cases", 1.0)})
    demo_store.merge_scores("evaluation", "P02", {"E-01": ("4", 1.0), "E-02": ("9", 1.0)})
    result = evaluation(demo_store.read(), course.programme("demo").assessment)
    assert result is not None and result.forms == 2
    first = result.criteria[0]
    assert first.counts == (0, 0, 0, 1, 1) and first.mean == 4.5
    assert result.invalid == (("P02", "E-02", "9"),)
    assert result.comments[0][2] == ("More cases",)


def test_codes_widen_for_a_big_roster() -> None:
    from facilitator.course.model import Workshop

    people = tuple(Participant(f"N{i}") for i in range(120))
    found = codes_mod.codes(Workshop("w", "W", "demo", "2026-12-07", roster=people))
    assert next(iter(found)) == "P001" and len(found) == 120
