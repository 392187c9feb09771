"""Collect: many workshops' minutes into the archive, a coordinator's report out of it; junk is
listed, not fatal."""

from __future__ import annotations

import dataclasses
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from facilitator.archive import ingest, report
from facilitator.archive.db import open_archive
from facilitator.course import catalog
from facilitator.minutes import mdsafe
from facilitator.minutes.export import export as export_minutes
from facilitator.store import answers as answers_mod
from facilitator.store.db import WorkshopStore
from tests.minutes_scenario import play_demo_morning


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory, course: catalog.Catalog) -> Path:
    """Two workshops in two countries, the second with other answers and no index.md."""
    data = tmp_path_factory.mktemp("data")
    out = tmp_path_factory.mktemp("exports")
    programme = course.programme("demo")
    lome = WorkshopStore(play_demo_morning(data, course, "lome-2026")).read()
    export_minutes(lome, programme, out / "lome-2026")
    dakar = WorkshopStore(play_demo_morning(data, course, "dakar-2026")).read()
    by = {"role": "clerk", "name": "Awa"}
    later = 2e9  # after everything in the file: these changes win
    changes = {"answer": ("yes", later), "maturity": (3, later), "weaknesses": ([0], later)}
    answers = tuple(
        answers_mod.merge(a, (a["session"], a["question"], a["group"]), changes, by)
        for a in dakar.answers
    )
    workshop = dataclasses.replace(
        dakar.workshop, name="COPES national workshop, Dakar", country="Senegal"
    )
    dakar = dataclasses.replace(dakar, workshop=workshop, answers=answers)
    export_minutes(dakar, programme, out / "dakar-2026")
    (out / "dakar-2026" / "index.md").unlink()
    return out


def _junk(folder: Path) -> dict[str, str]:
    """Foreign and damaged files, and the reason each must be skipped for."""
    folder.mkdir()
    good = Path(__file__).parent.parent / "golden" / "lome-2026" / "day1-04-diagnostic-d1.md"
    text = good.read_text()
    files = {
        "photo.jpg": (b"\xff\xd8\xff\xe0", "not a Markdown file"),
        "README.md": (b"# Someone's notes\n", "no +++ front matter"),
        "latin1.md": ("+++\nformat = 'é'\n+++\n".encode("latin-1"), "not UTF-8"),
        "broken-toml.md": (b'+++\nformat = "facilitator-minutes/2\n+++\n', "at line 2"),
        "hugo-post.md": (b'+++\ntitle = "A blog post"\n+++\nHello\n', "not minutes"),
        "newer.md": (
            text.replace("facilitator-minutes/2", "facilitator-minutes/3").encode(),
            "format 'facilitator-minutes/3'",
        ),
        "edited-table.md": (
            text.replace("| Solutions agreed |", "| Remedies |").encode(),
            "expected ID | Area",
        ),
        "no-session.md": (text.replace('session = "diagnostic-d1"\n', "").encode(), "'session'"),
        "unclosed.md": (b'+++\nformat = "facilitator-minutes/2"\n', "never closed"),
    }
    for name, (payload, _) in files.items():
        (folder / name).write_bytes(payload)
    return {name: reason for name, (_, reason) in files.items()}


def archive(tmp_path: Path, *folders: Path) -> sqlite3.Connection:
    """A fresh archive in ``tmp_path`` with ``folders`` collected into it."""
    db = open_archive(tmp_path / "archive.sqlite")
    ingest.collect(db, list(folders))
    return db


def skipped(db: sqlite3.Connection) -> dict[str, str]:
    return {
        Path(path).name: reason
        for path, reason in db.execute(
            "SELECT path, reason FROM files WHERE status IN ('skipped', 'duplicate')"
        )
    }


def test_collect_reads_every_workshop_and_lists_the_junk(exports: Path, tmp_path: Path) -> None:
    reasons = _junk(tmp_path / "junk")
    db = archive(tmp_path, exports, tmp_path / "junk")
    assert [w for (w,) in db.execute("SELECT workshop FROM workshops ORDER BY 1")] == [
        "dakar-2026",
        "lome-2026",
    ]
    lome, country, planned = db.execute(
        "SELECT id, country, (SELECT count(*) FROM agenda a WHERE a.workshop_id = w.id) "
        "FROM workshops w WHERE workshop = 'lome-2026' AND start_date = '2026-12-07'"
    ).fetchone()
    assert country == "Togo" and planned == 9
    sessions = db.execute("SELECT session FROM sessions WHERE workshop_id = ? ORDER BY 1", (lome,))
    assert [s for (s,) in sessions] == ["chain-of-custody", "diagnostic-d1", "recap-d1", "welcome"]
    found = skipped(db)
    assert sorted(found) == sorted(reasons)
    for name, reason in reasons.items():
        assert reason in found[name], (name, found[name])


def test_the_report_compares_answers_ranks_weaknesses_and_orders_actions(
    exports: Path, tmp_path: Path
) -> None:
    text = report.render(archive(tmp_path, exports), date(2027, 2, 15), exports)
    front, body, _ = mdsafe.split_front_matter(text)
    assert front["as_of"] == date(2027, 2, 15)
    assert front["workshops"] == 2 and front["countries"] == ["Senegal", "Togo"]
    parts = mdsafe.sections(body)
    assert list(parts)[1:] == [
        "Workshops covered",
        "Bundles",
        "Maturity by area",
        "Answers by question",
        "Weaknesses most often observed",
        "Open actions",
        "Agenda adherence",
        "Learning",
        "Evaluation",
        "Skipped files",
    ]
    assert parts["Learning"][1].strip() == "No pre-test and post-test results in these minutes."
    # D-01 was answered in both workshops by a Senegal group and a Peru group: in Lomé
    # Partly/2 and No/1, in Dakar Yes/3 twice. Each counts for its own country.
    answers = parts["Answers by question"][1]
    d01 = answers[answers.index("D-01") : answers.index("D-02")]
    (_, rows) = mdsafe.tables(d01)[0]
    assert [
        (r["Country"], r["Workshops"], r["Yes"], r["Partly"], r["No"], r["Mean maturity"])
        for r in rows
    ] == [("Peru", "2", "1", "0", "1", "2.0"), ("Senegal", "2", "1", "1", "0", "2.5")]
    d03 = answers[answers.index("D-03") :]
    (_, rows) = mdsafe.tables(d03)[0]
    assert [(r["Country"], r["Not answered"], r["Mean maturity"]) for r in rows] == [
        ("Senegal", "1", "—"),
        ("Togo", "1", "—"),
    ]
    (_, weak) = mdsafe.tables(parts["Weaknesses most often observed"][1])[0]
    assert weak[0]["Weakness"] == "Hand-overs are agreed by phone and never logged"
    assert (weak[0]["Times observed"], weak[0]["Workshops"]) == ("3", "2")
    assert [w["Rank"] for w in weak] == [str(i) for i in range(1, len(weak) + 1)]
    counts = [int(w["Times observed"]) for w in weak]
    assert counts == sorted(counts, reverse=True)
    actions = parts["Open actions"][1].strip()
    assert actions.startswith("4 open actions in 2 workshops; 2 overdue on 2027-02-15.")
    by_country, by_workshop, oldest = (rows for _, rows in mdsafe.tables(actions))
    assert [(r["Country"], r["Open"], r["Overdue"]) for r in by_country] == [
        ("Senegal", "2", "1"),
        ("Togo", "2", "1"),
    ]
    assert [r["Open"] for r in by_workshop] == ["2", "2"]
    assert [(a["Due"], a["Days overdue"]) for a in oldest] == [("2027-01-31", "15")] * 2
    (_, adherence) = mdsafe.tables(parts["Agenda adherence"][1])[0]
    by_country = {r["Country"]: r for r in adherence}
    assert by_country["Togo"]["Sessions planned"] == "9"
    assert (by_country["Togo"]["Held"], by_country["Togo"]["Skipped"]) == ("5", "1")
    assert by_country["Senegal"]["Sessions planned"] == "—"  # its index.md is missing
    assert by_country["Senegal"]["Held"] == "4"
    assert parts["Skipped files"][1].strip() == "No file was skipped."
    assert "2 workshops from minutes without one" in parts["Bundles"][1]


def test_a_duplicate_export_is_skipped_not_counted_twice(exports: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    copy.mkdir()
    src = exports / "lome-2026" / "day1-02-chain-of-custody.md"
    (copy / src.name).write_bytes(src.read_bytes())
    db = archive(tmp_path, exports, copy)
    assert {n: r.split(" of ")[0] for n, r in skipped(db).items()} == {src.name: "duplicate"}
    action = "Draft a national hand-over form with seal numbers"
    assert db.execute("SELECT count(*) FROM actions WHERE action = ?", (action,)).fetchone()[0] == 2


def test_a_second_collect_reads_only_what_changed(exports: Path, tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    folder.mkdir()
    for f in (exports / "lome-2026").iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    db = archive(tmp_path, folder)
    answers = db.execute("SELECT count(*) FROM answers").fetchone()[0]
    again = ingest.collect(db, [folder])
    assert (again.read, again.unchanged) == (0, 7)
    diag = folder / "day1-04-diagnostic-d1.md"
    diag.write_text(
        diag.read_text().replace("| Partly | 2 (developing) |", "| Yes | 4 (embedded) |")
    )
    third = ingest.collect(db, [folder])
    assert (third.read, third.unchanged) == (1, 6)
    assert db.execute("SELECT count(*) FROM answers").fetchone()[0] == answers  # replaced
    assert db.execute("SELECT count(*) FROM answers WHERE answer = 'yes'").fetchone()[0] == 1


def test_collect_command_writes_the_report_and_names_skipped_files(
    exports: Path, tmp_path: Path, root: Path
) -> None:
    _junk(tmp_path / "junk")
    out = tmp_path / "report" / "report.md"
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "collect", str(exports), str(tmp_path / "junk"),
         "--out", str(out), "--today", "2027-03-02", "--db", str(tmp_path / "a.sqlite")],
        capture_output=True, text=True, cwd=root,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "skipped" in result.stderr and "photo.jpg: not a Markdown file" in result.stderr
    assert "2 workshop(s), 9 file(s) skipped" in result.stderr
    text = out.read_text()
    assert text.startswith('+++\nformat = "facilitator-collection/2"')
    _, body, _ = mdsafe.split_front_matter(text)
    (_, rows) = mdsafe.tables(mdsafe.sections(body)["Skipped files"][1])[0]
    readme = [r for r in rows if r["File"].endswith("junk/README.md")]
    assert [r["Reason"] for r in readme] == ["no +++ front matter on the first line"]
    assert not rows[0]["File"].startswith("/")  # shown relative to the folders given
    assert "4 open actions in 2 workshops; 4 overdue on 2027-03-02." in body
    beside = sorted(p.name for p in out.parent.iterdir() if p != out)
    assert beside == [
        "report-actions-age.svg",
        "report-answers.csv",
        "report-maturity.svg",
        "report-open-actions.csv",
        "report-weaknesses.csv",
        "report-weaknesses.svg",
        "report-workshops.csv",
    ]
    for name in beside:
        assert f"]({name})" in text  # linked from the report
    lines = (out.parent / "report-open-actions.csv").read_text("utf-8-sig").splitlines()
    assert lines[0] == "due,due_date,action,owner,country,workshop,start_date,session"
    assert len(lines) == 5 and sorted(lines[1:])[0].startswith("2027-01-31,2027-01-31,")
    bad_date = subprocess.run(
        [sys.executable, "-m", "facilitator", "collect", str(exports), "--today", "2/3/27"],
        capture_output=True, text=True, cwd=root,
    )  # fmt: skip
    assert (
        bad_date.returncode != 0 and "--today must be a date written YYYY-MM-DD" in bad_date.stderr
    )
    missing = subprocess.run(
        [sys.executable, "-m", "facilitator", "collect", str(tmp_path / "nowhere")],
        capture_output=True, text=True, cwd=root,
    )  # fmt: skip
    assert missing.returncode != 0 and "Traceback" not in missing.stderr


def test_minutes_of_the_first_format_are_still_read(tmp_path: Path) -> None:
    """Minutes exported before groups existed (facilitator-minutes/1) count for their workshop's
    country."""
    old = Path(__file__).parent.parent / "golden" / "minutes-v1" / "day1-04-diagnostic-d1.md"
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / old.name).write_bytes(old.read_bytes())
    db = archive(tmp_path, folder)
    assert skipped(db) == {}
    rows = db.execute("SELECT question, answer, group_name FROM answers ORDER BY id LIMIT 2")
    assert rows.fetchall() == [("D-01", "partly", None), ("D-02", "no", None)]
    body = mdsafe.sections(mdsafe.split_front_matter(report.render(db, date(2027, 1, 1)))[1])
    d01 = body["Answers by question"][1]
    (_, rows) = mdsafe.tables(d01[d01.index("D-01") : d01.index("D-02")])[0]
    assert [(r["Country"], r["Partly"]) for r in rows] == [("Togo", "1")]
