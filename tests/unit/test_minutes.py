"""Minutes: pinned output, stable bytes, safe text, atomic files."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from facilitator.course import catalog
from facilitator.minutes import contract, mdsafe, report, session
from facilitator.minutes.export import export as export_minutes
from facilitator.minutes.records import Minutes
from facilitator.store import answers as answers_mod
from facilitator.store.db import WorkshopStore
from tests.minutes_scenario import play_demo_morning
from tests.unit.test_mdsafe import expected_cell, typed

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "lome-2026"
md = MarkdownIt("commonmark").enable(["table", "strikethrough"])


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory, course: catalog.Catalog) -> Path:
    return play_demo_morning(tmp_path_factory.mktemp("data"), course)


@pytest.fixture(scope="module")
def snapshot(workshop: Path):
    return WorkshopStore(workshop).read()


def test_minutes_match_the_golden_files(tmp_path: Path, snapshot, course: catalog.Catalog) -> None:
    """The minutes of a fixed morning, byte for byte (FACILITATOR_GOLDEN=update rewrites them)."""
    written = export_minutes(snapshot, course.programme("demo"), tmp_path)
    names = [p.name for p in written]
    assert names == [
        "day1-01-welcome.md",
        "day1-02-chain-of-custody.md",
        "day1-04-diagnostic-d1.md",
        "day1-06-recap-d1.md",
        "timeline.svg",
        "diagnostic-maturity.svg",
        "index.md",
    ]
    if os.environ.get("FACILITATOR_GOLDEN") == "update":
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for path in written:
            (GOLDEN / path.name).write_bytes(path.read_bytes())
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(names)
    for path in written:
        assert path.read_text(encoding="utf-8") == (GOLDEN / path.name).read_text(
            encoding="utf-8"
        ), path.name


def test_exporting_twice_gives_the_same_bytes_and_leaves_files_alone(
    tmp_path: Path, workshop: Path, course: catalog.Catalog
) -> None:
    programme = course.programme("demo")
    first = export_minutes(WorkshopStore(workshop).read(), programme, tmp_path)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino) for p in first}
    second = export_minutes(WorkshopStore(workshop).read(), programme, tmp_path)
    assert second == first
    for path in second:
        st = path.stat()
        assert (path.read_bytes(), st.st_mtime_ns, st.st_ino) == before[path]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in first)


def test_front_matter_says_what_happened(tmp_path: Path, snapshot, course) -> None:
    export_minutes(snapshot, course.programme("demo"), tmp_path)
    front, _, _ = mdsafe.split_front_matter((tmp_path / "day1-02-chain-of-custody.md").read_text())
    assert front["session"] == "chain-of-custody"
    assert (front["day"], front["order"]) == (1, 2)
    assert front["planned_start"].strftime("%H:%M") == "09:15"
    assert front["actual_start"].strftime("%H:%M:%S") == "09:18:00"
    assert front["actual_end"].strftime("%H:%M:%S") == "10:09:00"
    assert (front["planned_minutes"], front["allowed_minutes"], front["actual_minutes"]) == (
        45,
        50,
        47,
    )
    assert (front["pauses"], front["paused_minutes"], front["overrun_minutes"]) == (1, 4, 0)
    assert front["counts"]["slides_shown"] == 4
    assert front["counts"]["notes"] == front["counts"]["decisions"] == 1
    report, _, _ = mdsafe.split_front_matter((tmp_path / "index.md").read_text())
    assert report["counts"]["held"] == 5 and report["counts"]["skipped"] == 1
    assert report["country"] == "Togo"


def test_names_appear_only_when_the_workshop_allows(
    tmp_path: Path, snapshot, course: catalog.Catalog
) -> None:
    programme = course.programme("demo")
    export_minutes(snapshot, programme, tmp_path / "named")
    hidden = dataclasses.replace(
        snapshot, workshop=dataclasses.replace(snapshot.workshop, names_in_minutes=False)
    )
    export_minutes(hidden, programme, tmp_path / "counts")
    assert "Tevita Fifita" in (tmp_path / "named" / "day1-01-welcome.md").read_text()
    for path in (tmp_path / "counts").iterdir():
        text = path.read_text()
        assert "Tevita" not in text and "Amina" not in text, path.name
    assert "| Police | 1 | 1 |" in (tmp_path / "counts" / "day1-01-welcome.md").read_text()


def test_one_session_alone_and_the_errors(tmp_path: Path, snapshot, course) -> None:
    programme = course.programme("demo")
    written = export_minutes(snapshot, programme, tmp_path, "diagnostic-d1")
    assert [p.name for p in written] == ["day1-04-diagnostic-d1.md"]
    with pytest.raises(ValueError, match="has not been held"):
        export_minutes(snapshot, programme, tmp_path, "seizure-drill")
    with pytest.raises(ValueError, match="no session 'nope'"):
        export_minutes(snapshot, programme, tmp_path, "nope")


def test_french_minutes_use_french_titles_and_labels(tmp_path: Path, snapshot, course) -> None:
    export_minutes(snapshot, course.programme("demo"), tmp_path, lang="fr")
    text = (tmp_path / "day1-04-diagnostic-d1.md").read_text()
    assert "En partie" in text and "2 (en développement)" in text
    assert "Preuve et chaîne de possession" in (tmp_path / "index.md").read_text()


def _check_document(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """Parse like a reader would: no raw HTML, only our headings; return the tables."""
    _, body, _ = mdsafe.split_front_matter(text)
    tokens = md.parse(body)
    assert not any(t.type.startswith("html") for t in tokens)
    for t in tokens:
        if t.type == "inline":
            assert not any(c.type.startswith("html") for c in t.children or ())
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    found, header, rows, row = [], [], [], []
    for t in tokens:
        if t.type == "tr_open":
            row = []
        elif t.type in ("th_open", "td_open"):
            pass
        elif t.type == "inline" and row is not None and t.level >= 4:
            row.append("".join(c.content for c in t.children or ()))
        elif t.type == "tr_close":
            if not header:
                header = row
            else:
                rows.append(row)
        elif t.type == "table_close":
            found.append((header, rows))
            header, rows = [], []
    return found, headings


@given(notes=st.lists(typed, min_size=1, max_size=4), owner=typed, answer_note=typed)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_typed_text_comes_back_cell_for_cell(snapshot, course, notes, owner, answer_note) -> None:
    """Whatever was typed, every table row and cell reads back as the original text."""
    base_note = snapshot.notes[0]
    new_notes = tuple({**base_note, "uid": f"n{i}", "text": t} for i, t in enumerate(notes))
    actions = tuple(
        {**a, "text": notes[i % len(notes)], "owner": owner, "due": notes[0][:10]}
        for i, a in enumerate(snapshot.actions)
    )
    by = {"role": "clerk", "name": "Kofi"}
    answers = tuple(
        answers_mod.merge(
            a, (a["session"], a["question"], a["group"]), {"notes": (answer_note, 1e10)}, by
        )
        for a in snapshot.answers
    )
    changed = dataclasses.replace(snapshot, notes=new_notes, actions=actions, answers=answers)
    m = Minutes(changed, course.programme("demo"))
    for slot in m.held():
        text = session.render(m, slot)
        tables, headings = _check_document(text)
        assert headings[0].startswith("Day 1, session")
        assert all(h in _OURS for h in headings[1:]), headings
        by_header = {tuple(h): rows for h, rows in tables}
        action_rows = by_header.get(contract.ACTION_HEADER, [])
        mine = [a for a in actions if a["session"] == slot.session.id]
        assert [r[:3] for r in action_rows] == [
            [expected_cell(a["text"]), expected_cell(owner) or "—", expected_cell(a["due"]) or "—"]
            for a in mine
        ]
        diag = by_header.get(contract.DIAGNOSTIC_HEADER, [])
        answered = {a["question"] for a in answers if a["session"] == slot.session.id}
        for row in diag:
            assert len(row) == len(contract.DIAGNOSTIC_HEADER)
            if row[0] in answered:
                assert row[contract.DIAGNOSTIC_HEADER.index("Notes")] == expected_cell(answer_note)
    _check_document(report.render(m))


_OURS = {
    "Answers by group",
    "Time",
    "Attendance",
    "Content covered",
    "Diagnostic results",
    "Notes",
    "Decisions",
    "Action items",
    "Recorded by",
}


def test_a_killed_export_never_leaves_half_a_file(
    tmp_path: Path, workshop: Path, snapshot, course, root
) -> None:
    """SIGKILL an exporter that switches language at every run: each file is whole, old or new."""
    out = tmp_path / "out"
    whole: dict[str, set[str]] = {}
    for lang in ("en", "fr"):
        m = Minutes(snapshot, course.programme("demo"), lang)
        for slot in m.held():
            whole.setdefault(m.file_name(slot), set()).add(session.render(m, slot))
        whole.setdefault("index.md", set()).add(report.render(m))
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from facilitator.course import catalog\n"
        "from facilitator.minutes.export import export as export_minutes\n"
        "from facilitator.store.db import WorkshopStore\n"
        "course, _ = catalog.load_for(Path(sys.argv[1]), 'demo')\n"
        "snap = WorkshopStore(Path(sys.argv[2])).read()\n"
        "print('ready', flush=True)\n"
        "i = 0\n"
        "while True:\n"
        "    i += 1\n"
        "    lang = 'fr' if i % 2 else 'en'\n"
        "    export_minutes(snap, course.programme('demo'), Path(sys.argv[3]), lang=lang)\n"
        "    print(i, flush=True)\n"
    )
    for round_ in range(30):
        proc = subprocess.Popen(
            [sys.executable, "-c", script, str(root), str(workshop), str(out)],
            stdout=subprocess.PIPE,
            cwd=root,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"ready\n"
        for _ in range(round_ % 4):  # the kill lands somewhere in the next export
            proc.stdout.readline()
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for path in out.glob("*.md"):
            assert path.read_text(encoding="utf-8") in whole[path.name], (round_, path.name)
    assert sorted(p.name for p in out.glob("*.md")) == sorted(whole)


def test_export_command(tmp_path: Path, workshop: Path, root: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "facilitator", "export", *args, "--data", str(workshop.parent)],
            capture_output=True,
            text=True,
            cwd=root,
        )

    done = run("lome-2026", "--out", str(tmp_path / "all"))
    assert done.returncode == 0, done.stderr
    assert f"Wrote 7 file(s) to {tmp_path / 'all'}" in done.stdout
    for name in GOLDEN.iterdir():
        assert (tmp_path / "all" / name.name).read_bytes() == name.read_bytes()
    one = run("lome-2026", "--session", "welcome", "--out", str(tmp_path / "one"))
    assert one.returncode == 0 and [p.name for p in (tmp_path / "one").iterdir()] == [
        "day1-01-welcome.md"
    ]
    for args, message in (
        (("lome-2026", "--session", "seizure-drill"), "has not been held yet"),
        (("lome-2026", "--session", "coffee-d1"), "is a break"),
        (("nowhere",), "no workshop 'nowhere'"),
    ):
        failed = run(*args, "--out", str(tmp_path / "bad"))
        assert failed.returncode == 1 and message in failed.stderr, failed.stderr
        assert len(failed.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "bad").exists()
