"""A coordinator's round trip with real git: two trainers bundle into their own
repositories, the coordinator clones both, collects into an archive, pulls a later
bundle, and reads an older revision."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from facilitator.archive import report
from facilitator.archive.db import open_archive
from facilitator.course import catalog
from facilitator.live.events import FakeClock
from facilitator.minutes import mdsafe
from facilitator.store.db import WorkshopStore
from tests.helpers import at, other_controller
from tests.minutes_scenario import play_demo_morning, sit_tests

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """No one's git configuration: the identity comes from the program's fallback."""
    home = tmp_path / "home"
    home.mkdir()
    return {**os.environ, "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C"}


def run(env: dict[str, str], *args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=cwd)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout + done.stderr


def facilitator(env: dict[str, str], *args: str) -> str:
    return run(env, sys.executable, "-m", "facilitator", *args)


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))


def trainer(
    tmp_path: Path,
    course: catalog.Catalog,
    wid: str,
    country: str,
    papers: dict[str, tuple[str, str]],
) -> Path:
    data = tmp_path / f"data-{wid}"
    data.mkdir()
    path = play_demo_morning(data, course, wid)
    with WorkshopStore(path).transaction() as db:
        db.table("workshop").update({"country": country})
    sit_tests(path, papers, {code: "4" for code in papers})
    return data


def test_two_trainers_bundle_into_git_and_the_coordinator_collects(
    tmp_path: Path, course: catalog.Catalog, env: dict[str, str]
) -> None:
    # the demo key is B A B B: Lomé 25% -> 75% and 50% -> 100%; Dakar 0% -> 50% twice
    lome = trainer(
        tmp_path, course, "lome-2026", "Togo", {"P01": ("BCCA", "BABA"), "P02": ("BAAA", "BABB")}
    )
    dakar = trainer(
        tmp_path,
        course,
        "dakar-2026",
        "Senegal",
        {"P01": ("CCCC", "BACC"), "P02": ("CCCC", "BACC")},
    )
    repo_a, repo_b = tmp_path / "alice-minutes", tmp_path / "bob-minutes"
    out = facilitator(env, "bundle", "lome-2026", "--git", str(repo_a), "--data", str(lome))
    assert "Committed" in out
    facilitator(env, "bundle", "dakar-2026", "--git", str(repo_b), "--data", str(dakar))
    log = run(env, "git", "-C", str(repo_a), "log", "--format=%s")
    assert log.startswith("COPES national workshop, Lomé (lome-2026), 2026-12-07 to 2026-12-08")
    again = facilitator(env, "bundle", "lome-2026", "--git", str(repo_a), "--data", str(lome))
    assert "Nothing changed" in again  # the same bundle: no empty commit

    # the coordinator: plain git clones, then collect into an archive
    coord = tmp_path / "coordinator"
    coord.mkdir()
    run(env, "git", "clone", "-q", str(repo_a), "alice", cwd=coord)
    run(env, "git", "clone", "-q", str(repo_b), "bob", cwd=coord)
    archive, out_md = tmp_path / "archive.sqlite", tmp_path / "report" / "report.md"
    collect = ("collect", str(coord), "--db", str(archive), "--out", str(out_md))
    said = facilitator(env, *collect, "--today", "2027-02-15")
    assert "2 workshop(s), 0 file(s) skipped" in said

    bundled_answers = rows(coord / "alice" / "lome-2026" / "answers.csv") + rows(
        coord / "bob" / "dakar-2026" / "answers.csv"
    )
    bundled_open = [
        a
        for name in ("alice/lome-2026", "bob/dakar-2026")
        for a in rows(coord / name / "actions.csv")
        if a["Status"] == "open"
    ]
    db = open_archive(archive)
    assert db.execute("SELECT count(*) FROM answers").fetchone()[0] == len(bundled_answers)
    text = out_md.read_text()
    _, body, _ = mdsafe.split_front_matter(text)
    parts = mdsafe.sections(body)
    (_, by_country), *_ = (t for t in mdsafe.tables(parts["Workshops covered"][1]))
    assert [(r["Country"], r["Workshops"]) for r in by_country] == [("Senegal", "1"), ("Togo", "1")]
    assert (
        parts["Open actions"][1]
        .strip()
        .startswith(f"{len(bundled_open)} open actions in 2 workshops; 2 overdue on 2027-02-15.")
    )
    assert "2 bundles with a manifest; 0 workshops from minutes without one. Every bundled " in text
    d01 = [a for a in bundled_answers if a["ID"] == "D-01" and a["Country"] == "Senegal"]
    answers = parts["Answers by question"][1]
    (_, d01_rows) = mdsafe.tables(answers[answers.index("D-01") : answers.index("D-02")])[0]
    senegal = next(r for r in d01_rows if r["Country"] == "Senegal")
    assert int(senegal["Partly"]) == sum(a["Answer"] == "Partly" for a in d01) == 2
    # learning: pre 37.5, post 87.5 in Lomé, g = 50 / 62.5; pre 0, post 50 in Dakar, g = 0.5
    (_, learned_by_country), (_, learned) = mdsafe.tables(parts["Learning"][1])
    assert [(r["Workshop"], r["Country"], r["Pre (%)"], r["Post (%)"], r["⟨g⟩"]) for r in learned] == [
        ("COPES national workshop, Lomé", "Togo", "37.5", "87.5", f"{50 / 62.5:.2f}"),
        ("COPES national workshop, Lomé", "Senegal", "0.0", "50.0", "0.50"),
    ]  # fmt: skip
    assert [r["Pairs"] for r in learned_by_country] == ["2", "2"]
    (_, rated), _ = mdsafe.tables(parts["Evaluation"][1])
    assert [(r["Criterion"], r["Forms"], r["Mean (1-5)"]) for r in rated] == [("E-01", "4", "4.00")]
    assert (out_md.parent / "report-gain.svg").is_file()

    # alice records one more action and bundles again; the coordinator pulls
    path = lome / "lome-2026.json"
    clerk = other_controller(path, course, FakeClock(at("2026-12-07", "11:20", "Africa/Lome")))
    clerk.add_action("recap-d1", "Send the custody form to every post", "Ama", "2027-04-01")
    facilitator(env, "bundle", "lome-2026", "--git", str(repo_a), "--data", str(lome))
    run(env, "git", "-C", str(coord / "alice"), "pull", "-q")
    said = facilitator(env, *collect, "--today", "2027-02-15")
    read = int(said.split(" file(s) read")[0].rsplit(" ", 1)[1])
    assert 1 <= read <= 3  # the session's minutes, the report (and nothing else is parsed)
    assert db.execute("SELECT count(*) FROM open_actions").fetchone()[0] == len(bundled_open) + 1
    db.close()

    # what alice has pushed, read with the revision docs/operations.md gives, whatever
    # her git names its first branch (master before git 3.0, main after, or her setting)
    docs = (Path(__file__).resolve().parents[2] / "docs" / "operations.md").read_text()
    pushed = docs.split("facilitator collect trainers/alice --rev ")[1].split()[0]
    run(env, "git", "-C", str(coord / "alice"), "fetch", "-q")
    facilitator(env, "collect", str(coord / "alice"), "--rev", pushed, "--db", str(tmp_path / "p"))

    # a given revision: alice's repository as it was before the second bundle
    older = tmp_path / "older.sqlite"
    facilitator(env, "collect", str(coord / "alice"), "--rev", "HEAD~1", "--db", str(older))
    db = open_archive(older)
    assert db.execute("SELECT count(*) FROM open_actions").fetchone()[0] == 2
    checked = db.execute("SELECT DISTINCT checked FROM files WHERE status != 'manifest'")
    assert checked.fetchall() == [("verified",)]
    front, _, _ = mdsafe.split_front_matter(report.render(db, date(2027, 2, 15)))
    assert (front["workshops"], front["countries"]) == (1, ["Togo"])
    db.close()


def test_a_revision_that_is_not_there_is_one_line(tmp_path: Path, env: dict[str, str]) -> None:
    repo = tmp_path / "r"
    run(env, "git", "init", "-q", str(repo))
    for folder, rev, said in (
        (repo, "nosuch", "no revision 'nosuch' in its git repository"),
        (tmp_path, "HEAD", "not in a git repository"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "facilitator", "collect", str(folder), "--rev", rev],
            capture_output=True, text=True, env=env,
        )  # fmt: skip
        assert done.returncode == 1 and said in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
