"""Collect: many workshops' minutes in, one coordinator's report out; junk is listed, not fatal."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from facilitator.course import catalog
from facilitator.minutes import collect, coordinators, mdsafe
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


def test_collect_reads_every_workshop_and_lists_the_junk(exports: Path, tmp_path: Path) -> None:
    reasons = _junk(tmp_path / "junk")
    found = collect.collect([exports, tmp_path / "junk"])
    assert sorted(k[0] for k in found.workshops) == ["dakar-2026", "lome-2026"]
    lome = found.workshops[("lome-2026", "2026-12-07")]
    assert lome.report is not None and lome.country == "Togo"
    assert sorted(lome.sessions) == ["chain-of-custody", "diagnostic-d1", "recap-d1", "welcome"]
    skipped = {path.name: reason for path, reason in found.skipped}
    assert sorted(skipped) == sorted(reasons)
    for name, reason in reasons.items():
        assert reason in skipped[name], (name, skipped[name])


def test_the_report_compares_answers_ranks_weaknesses_and_orders_actions(exports: Path) -> None:
    found = collect.collect([exports])
    report = coordinators.render(found, exports, today=date(2027, 2, 15))
    front, body, _ = mdsafe.split_front_matter(report)
    assert front["as_of"] == date(2027, 2, 15)
    assert front["workshops"] == 2 and front["countries"] == ["Senegal", "Togo"]
    parts = mdsafe.sections(body)
    assert list(parts)[1:] == [
        "Workshops covered",
        "Answers by question",
        "Weaknesses most often observed",
        "Open actions by due date",
        "Agenda adherence",
        "Learning and evaluation",
        "Skipped files",
    ]
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
    (_, actions) = mdsafe.tables(parts["Open actions by due date"][1])[0]
    assert [a["Due"] for a in actions] == ["2027-01-31"] * 2 + ["2027-03-01"] * 2
    assert [a["Days overdue"] for a in actions] == ["15", "15", "—", "—"]
    assert "4 open actions, earliest due first; 2 overdue on 2027-02-15." in body
    assert actions[2]["Owner"] == "`Head of enforcement`"
    (_, adherence) = mdsafe.tables(parts["Agenda adherence"][1])[0]
    by_country = {r["Country"]: r for r in adherence}
    assert by_country["Togo"]["Sessions planned"] == "9"
    assert (by_country["Togo"]["Held"], by_country["Togo"]["Skipped"]) == ("5", "1")
    assert by_country["Senegal"]["Sessions planned"] == "—"  # its index.md is missing
    assert by_country["Senegal"]["Held"] == "4"
    assert parts["Skipped files"][1].strip() == "No file was skipped."


def test_a_duplicate_export_is_skipped_not_counted_twice(exports: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    copy.mkdir()
    src = exports / "lome-2026" / "day1-02-chain-of-custody.md"
    (copy / src.name).write_bytes(src.read_bytes())
    found = collect.collect([exports, copy])
    assert [(p.name, r.split(" of ")[0]) for p, r in found.skipped] == [(src.name, "duplicate")]
    report = coordinators.render(found)
    assert report.count("| Draft a national hand-over form with seal numbers |") == 2


def test_collect_in_parallel_gives_the_same_report(
    exports: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = coordinators.render(collect.collect([exports], workers=1), exports)
    monkeypatch.setattr(collect, "PARALLEL_FROM", 1)
    spawned = []
    real = collect.ProcessPoolExecutor

    def counting(*args, **kwargs):
        spawned.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(collect, "ProcessPoolExecutor", counting)
    assert coordinators.render(collect.collect([exports], workers=2), exports) == serial
    assert spawned == [(2,)]


def test_collect_command_writes_the_report_and_names_skipped_files(
    exports: Path, tmp_path: Path, root: Path
) -> None:
    _junk(tmp_path / "junk")
    out = tmp_path / "report.md"
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "collect", str(exports), str(tmp_path / "junk"),
         "--out", str(out), "--today", "2027-03-02"],
        capture_output=True, text=True, cwd=root,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "skipped" in result.stderr and "photo.jpg: not a Markdown file" in result.stderr
    assert "2 workshop(s), 9 file(s) skipped" in result.stderr
    text = out.read_text()
    assert text.startswith('+++\nformat = "facilitator-collection/1"')
    _, body, _ = mdsafe.split_front_matter(text)
    (_, rows) = mdsafe.tables(mdsafe.sections(body)["Skipped files"][1])[0]
    readme = [r for r in rows if r["File"].endswith("junk/README.md")]
    assert [r["Reason"] for r in readme] == ["no +++ front matter on the first line"]
    assert not rows[0]["File"].startswith("/")  # shown relative to the folders given
    assert "4 open actions, earliest due first; 4 overdue on 2027-03-02." in body
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
    found = collect.collect([folder])
    assert found.skipped == []
    [workshop] = found.workshops.values()
    [session] = workshop.sessions.values()
    assert [(r["ID"], r["Answer"], r["Group"]) for r in session.answers][:2] == [
        ("D-01", "Partly", ""),
        ("D-02", "No", ""),
    ]
    body = mdsafe.sections(mdsafe.split_front_matter(coordinators.render(found))[1])
    d01 = body["Answers by question"][1]
    (_, rows) = mdsafe.tables(d01[d01.index("D-01") : d01.index("D-02")])[0]
    assert [(r["Country"], r["Partly"]) for r in rows] == [("Togo", "1")]
