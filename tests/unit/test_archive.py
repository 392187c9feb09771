"""Bundles and their manifests; the archive read from a bundle's data is the archive read
from its Markdown; CSV and charts are safe to open."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import sqlite3
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest

from facilitator.archive import bundle, charts, ingest, manifest, outputs
from facilitator.archive.db import open_archive
from facilitator.archive.report import render
from facilitator.archive.tables import cell, csv_bytes, csv_guarded, guarded
from facilitator.course import catalog
from facilitator.minutes import mdsafe
from facilitator.minutes.collect import MAX_BYTES, Found, read_bytes, walk_folders
from facilitator.store.db import WorkshopStore
from tests.minutes_scenario import play_demo_morning, sit_tests


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory, course: catalog.Catalog) -> Path:
    data = tmp_path_factory.mktemp("data")
    snapshot = WorkshopStore(play_demo_morning(data, course, "lome-2026")).read()
    folder = tmp_path_factory.mktemp("bundles") / "lome-2026"
    bundle.write(snapshot, course.programme("demo"), course, folder)
    return folder


def copy(folder: Path, target: Path, keep=lambda name: True) -> Path:
    target.mkdir(parents=True)
    for f in folder.iterdir():
        if keep(f.name):
            (target / f.name).write_bytes(f.read_bytes())
    return target


def collected(tmp_path: Path, *folders: Path) -> sqlite3.Connection:
    db = open_archive(tmp_path / "archive.sqlite")
    ingest.collect(db, list(folders))
    return db


def test_the_manifest_hashes_every_file_and_the_programme(
    bundled: Path, course: catalog.Catalog
) -> None:
    got = tomllib.loads((bundled / "manifest.toml").read_text())
    assert got["format"] == "facilitator-bundle/1" and got["programme"] == "demo"
    assert (got["workshop"], got["start_date"], got["end_date"]) == (
        "lome-2026",
        "2026-12-07",
        "2026-12-08",
    )
    names = sorted(p.name for p in bundled.iterdir() if p.name != "manifest.toml")
    assert sorted(got["files"]) == names
    assert "results.json" in names and "answers.csv" in names and "index.md" in names
    for name, digest in got["files"].items():
        assert hashlib.sha256((bundled / name).read_bytes()).hexdigest() == digest
    programme = course.programme("demo")
    assert sorted(got["course"]) == sorted(course.label(p) for p in programme.files())
    assert "sessions/demo.toml" in got["course"]
    lines = "".join(f"{n}\0{d}\n" for n, d in sorted(got["course"].items()))
    assert got["programme_sha256"] == hashlib.sha256(lines.encode()).hexdigest()


def test_the_bundle_data_says_what_the_minutes_say(bundled: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((bundled / "answers.csv").read_text("utf-8-sig"))))
    assert [(r["ID"], r["Group"], r["Answer"]) for r in rows] == [
        ("D-01", "Senegal", "Partly"),
        ("D-01", "Peru", "No"),
        ("D-02", "Senegal", "No"),
        ("D-03", "—", "not answered"),
    ]
    assert rows[0]["Weaknesses observed"] == "Hand-overs are agreed by phone and never logged"
    actions = (bundled / "actions.csv").read_text("utf-8-sig").splitlines()
    assert len(actions) == 3 and "Draft a national hand-over form" in actions[1]
    attendance = (bundled / "attendance.csv").read_text("utf-8-sig").splitlines()
    assert attendance[1] == "welcome,Welcome and objectives,2026-12-07,5,1,6"


def test_a_bundle_is_read_from_its_data_as_from_its_minutes(bundled: Path, tmp_path: Path) -> None:
    """The same workshop, once as a bundle (its results.json) and once as bare minutes
    (its Markdown parsed): the same rows in the archive."""
    fast = collected(tmp_path / "a", bundled)
    bare = copy(bundled, tmp_path / "bare" / "lome-2026", lambda n: n.endswith(".md"))
    slow = collected(tmp_path / "b", bare)
    queries = (
        "SELECT workshop, start_date, name, programme, country, venue, end_date, participants "
        "FROM workshops",
        "SELECT session, title, kind, day, position, date, status, planned_start, "
        "actual_start, start_delay_min, planned_min, actual_min, overrun_min, present, absent, "
        "roster, bank FROM sessions ORDER BY session",
        "SELECT bank, question, question_text, area, group_name, country, answer, maturity "
        "FROM answers ORDER BY id",
        "SELECT question, weakness FROM weaknesses ORDER BY rowid",
        "SELECT action, owner, due, due_date, status FROM actions ORDER BY id",
        "SELECT day, position, title, kind, start_delay_min, status FROM agenda ORDER BY rowid",
    )
    for query in queries:
        rows = fast.execute(query).fetchall()
        assert rows and rows == slow.execute(query).fetchall(), query
    checked = fast.execute("SELECT checked, count(*) FROM files GROUP BY checked").fetchall()
    listed = len([p for p in bundled.iterdir() if p.name != "manifest.toml"])
    assert checked == [(None, 1), ("verified", listed)]  # the manifest itself is not checked
    assert slow.execute("SELECT count(*) FROM files WHERE checked IS NOT NULL").fetchone() == (0,)


def test_collect_reports_edited_missing_and_unlisted_files(bundled: Path, tmp_path: Path) -> None:
    folder = copy(bundled, tmp_path / "b" / "lome-2026")
    diag = folder / "day1-04-diagnostic-d1.md"
    diag.write_text(
        diag.read_text().replace("| Partly | 2 (developing) |", "| Yes | 4 (embedded) |")
    )
    (folder / "day1-06-recap-d1.md").unlink()
    (folder / "extra.md").write_text("# notes\n")
    db = collected(tmp_path, folder)
    problems = db.execute("SELECT name, problem FROM checks ORDER BY name").fetchall()
    assert problems == [
        ("day1-04-diagnostic-d1.md", "edited since bundled"),
        ("day1-06-recap-d1.md", "missing"),
        ("extra.md", "not in the manifest"),
    ]
    # the edited file is still read, from what it says now
    answers = db.execute("SELECT answer FROM answers WHERE question = 'D-01' ORDER BY id")
    assert [a for (a,) in answers] == ["yes", "no"]
    # the missing file's session comes from the bundle's data
    assert db.execute("SELECT count(*) FROM sessions").fetchone() == (4,)
    text = render(db, date(2027, 1, 1), tmp_path)
    assert "| b/lome-2026 | day1-04-diagnostic-d1.md | edited since bundled |" in text
    assert "| edited files |" in text


def test_an_edit_to_a_bundle_already_collected_is_named_on_stderr(
    bundled: Path, tmp_path: Path
) -> None:
    """The bundle was collected as bundled; then one file is edited and another lost: the
    next collect into the same archive names both, as a first collect would."""
    folder = copy(bundled, tmp_path / "b" / "lome-2026")
    db = tmp_path / "archive.sqlite"
    collect = [sys.executable, "-m", "facilitator", "collect", str(folder.parent), "--db", str(db)]
    first = subprocess.run(collect, capture_output=True, text=True)
    assert first.returncode == 0 and "edited" not in first.stderr, first.stderr
    diag = folder / "day1-04-diagnostic-d1.md"
    diag.write_text(
        diag.read_text().replace("| Partly | 2 (developing) |", "| Yes | 4 (embedded) |")
    )
    (folder / "day1-06-recap-d1.md").unlink()
    again = subprocess.run(collect, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert "day1-04-diagnostic-d1.md: edited since bundled" in again.stderr
    assert "day1-06-recap-d1.md: missing" in again.stderr


def test_a_damaged_archive_is_named_without_a_traceback(bundled: Path, tmp_path: Path) -> None:
    """An archive whose first pages read but whose tables are damaged (a power cut during
    a first collect, a bad disk): one line naming the file, what to do, and no traceback."""
    db = tmp_path / "archive.sqlite"
    first = copy(bundled, tmp_path / "a" / "lome-2026")
    collect = [sys.executable, "-m", "facilitator", "collect", "--db", str(db)]
    done = subprocess.run([*collect, str(first.parent)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with db.open("r+b") as f:  # pages 4 to 6 of 4 KiB
        f.seek(3 * 4096)
        f.write(b"\xff" * 3 * 4096)
    other = copy(bundled, tmp_path / "b" / "lome-2026")
    again = subprocess.run([*collect, str(other.parent)], capture_output=True, text=True)
    assert again.returncode != 0 and "Traceback" not in again.stderr, again.stderr
    assert f"{db}: cannot be used as an archive" in again.stderr
    assert "delete it and collect again" in again.stderr


def test_an_area_is_one_row_whatever_the_language_of_the_minutes(
    course: catalog.Catalog, tmp_path: Path
) -> None:
    """Two workshops of one bank, one bundled in English, one in French (with D-02 answered
    only there): each area of the bank is one row of the maturity table, not one row
    per language, with every answer in it."""
    data = tmp_path / "data"
    data.mkdir()
    english = WorkshopStore(play_demo_morning(data, course, "lome-2026"))
    with english.transaction() as store:  # D-02 answered in French only
        store.table("answers").remove(lambda a: a["question"] == "D-02")
    programme = course.programme("demo")
    bundle.write(english.read(), programme, course, tmp_path / "b" / "en")
    other = WorkshopStore(play_demo_morning(data, course, "dakar-2026")).read()
    bundle.write(other, programme, course, tmp_path / "b" / "fr", lang="fr")
    db = collected(tmp_path, tmp_path / "b")
    names = db.execute("SELECT DISTINCT area FROM answers ORDER BY 1").fetchall()
    assert len(names) == 2  # the bank's one area, in each language
    text = render(db, date(2027, 1, 1), tmp_path)
    _, body, _ = mdsafe.split_front_matter(text)
    (_, rows) = mdsafe.tables(mdsafe.sections(body)["Maturity by area"][1])[0]
    assert len({r["Area"] for r in rows}) == 1
    senegal = next(r for r in rows if r["Country"] == "Senegal")
    assert senegal["Answers"] == "3"  # D-01 of each workshop, D-02 of the French one


def test_a_report_replaced_by_another_copy_is_named(bundled: Path, tmp_path: Path) -> None:
    """Two copies of one workshop whose index.md differ (an older copy on a USB stick, say):
    the one read later is kept, and the one it replaced is named, on stderr and in the
    report, rather than its figures going without a word."""
    first = copy(bundled, tmp_path / "a" / "lome-2026")
    second = copy(bundled, tmp_path / "b" / "lome-2026")
    index = second / "index.md"
    index.write_text(index.read_text().replace('venue = "', 'venue = "Old copy, ', 1))
    out = tmp_path / "r" / "report.md"
    done = subprocess.run(
        [sys.executable, "-m", "facilitator", "collect", str(first.parent), str(second.parent),
         "--db", str(tmp_path / "archive.sqlite"), "--out", str(out)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    said = f"{first / 'index.md'}: replaced by {index}"
    assert said in done.stderr
    _, body, _ = mdsafe.split_front_matter(out.read_text())
    (_, rows) = mdsafe.tables(mdsafe.sections(body)["Skipped files"][1])[0]
    assert ("a/lome-2026/index.md", f"replaced by {index}") in [
        (r["File"], r["Reason"]) for r in rows
    ]  # beside the other copy's duplicates


def _collect_counting(db: sqlite3.Connection, folder: Path) -> tuple[ingest.Run, list[str]]:
    """Collect ``folder`` again; what was done, and the names of the files opened."""
    opened: list[str] = []

    def read(found: Found) -> bytes:
        opened.append(Path(found.path).name)
        return read_bytes(found.path)

    run = ingest.Ingest(db, "[]").add(walk_folders([folder]), read)
    return run, opened


def test_an_unchanged_folder_is_passed_by_without_opening_a_file(
    bundled: Path, tmp_path: Path
) -> None:
    folder = copy(bundled, tmp_path / "b" / "lome-2026")
    db = collected(tmp_path, folder.parent)
    files = len(list(folder.iterdir()))
    run, opened = _collect_counting(db, folder.parent)
    assert (opened, run.unchanged, run.read) == ([], files, 0)
    assert db.execute("SELECT files FROM folders").fetchall() == [(files,)]


def test_an_edit_with_its_size_and_time_put_back_is_still_caught(
    bundled: Path, tmp_path: Path
) -> None:
    """Same size, same modification time, other bytes: the folder's signature holds the
    inode's change time too, which no program can put back, so every file of the folder
    is hashed, and the edit is found by its hash."""
    folder = copy(bundled, tmp_path / "b" / "lome-2026")
    db = collected(tmp_path, folder.parent)
    diag = folder / "day1-04-diagnostic-d1.md"
    before = diag.stat()
    text = diag.read_text()
    edited = text.replace("| Partly | 2 (developing) |", "| Yes    | 4 (embedded)   |")
    assert edited != text and len(edited.encode()) == len(text.encode())
    diag.write_text(edited)
    os.utime(diag, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert diag.stat().st_mtime_ns == before.st_mtime_ns
    run, opened = _collect_counting(db, folder.parent)
    assert sorted(opened) == sorted(p.name for p in folder.iterdir())  # each file hashed
    assert (run.read, run.unchanged) == (1, len(opened) - 1)
    assert db.execute("SELECT name, problem FROM checks").fetchall() == [
        ("day1-04-diagnostic-d1.md", "edited since bundled")
    ]
    answers = db.execute("SELECT answer FROM answers WHERE question = 'D-01' ORDER BY id")
    assert [a for (a,) in answers] == ["yes", "no"]
    again, opened = _collect_counting(db, folder.parent)  # its new signature, kept
    assert (opened, again.read) == ([], 0)
    assert db.execute("SELECT count(*) FROM checks").fetchone() == (1,)


def test_a_file_added_to_a_folder_is_read_and_the_rest_found_unchanged(
    bundled: Path, tmp_path: Path
) -> None:
    folder = copy(bundled, tmp_path / "b" / "lome-2026")
    db = collected(tmp_path, folder.parent)
    sessions = db.execute("SELECT count(*) FROM sessions").fetchone()
    (folder / "extra.md").write_text("# notes\n")
    run, opened = _collect_counting(db, folder.parent)
    assert "extra.md" in opened and run.read == 0  # not minutes: listed as skipped
    assert run.unchanged == len(opened) - 1
    assert db.execute("SELECT count(*) FROM sessions").fetchone() == sessions
    assert db.execute("SELECT name, problem FROM checks").fetchall() == [
        ("extra.md", "not in the manifest")
    ]


def test_a_folder_given_twice_to_a_fresh_archive_is_stored_once(
    bundled: Path, tmp_path: Path
) -> None:
    """A folder with a link in it has no signature: the second time it is read, its
    files are looked up in the archive (which a fresh archive does not do at first)."""
    folder = copy(bundled, tmp_path / "b" / "lome-2026")
    (folder / "elsewhere.md").symlink_to(folder / "index.md")
    once = open_archive(tmp_path / "once.sqlite")
    first = ingest.collect(once, [folder])
    twice = open_archive(tmp_path / "twice.sqlite")
    run = ingest.collect(twice, [folder, folder])
    files = len(list(folder.iterdir())) - 1  # the link is refused
    assert (run.read, run.unchanged, run.skipped) == (first.read, files, 2)
    for table in ("files", "sessions", "answers", "weaknesses", "actions", "answer_totals"):
        query = f"SELECT count(*) FROM {table}"
        assert twice.execute(query).fetchone() == once.execute(query).fetchone(), table


@pytest.mark.parametrize("stopped", [False, True])
def test_a_workshop_met_again_in_a_fresh_archive_is_totalled_whole(
    bundled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stopped: bool
) -> None:
    """A fresh archive counts each folder's workshops from the rows it added; a workshop
    whose minutes are split over two folders is met again, and its totals are those of
    all its minutes (as when they are in one folder), also when the first collect
    stopped halfway through the second folder, after a commit, and collect ran again."""
    minutes = [p.name for p in bundled.iterdir() if p.suffix == ".md"]
    first = {n for n in minutes if "diagnostic" not in n}
    a = copy(bundled, tmp_path / "split" / "a", lambda n: n in first)
    b = copy(bundled, tmp_path / "split" / "b", lambda n: n in minutes and n not in first)
    one = copy(bundled, tmp_path / "one" / "lome", minutes.__contains__)
    for folder in (a, one):  # the same round held again: the same questions answered
        diagnostic = next(b.glob("*diagnostic*.md")).read_text()
        again = diagnostic.replace('session = "diagnostic-d1"', 'session = "diagnostic-d9"')
        assert again != diagnostic
        (folder / "day1-09-diagnostic-d9.md").write_text(again)
    if stopped:  # a commit after each file; the collect stops at b's last file
        (b / "zz-last.md").write_text("not read\n")
        monkeypatch.setattr(ingest, "COMMIT_EVERY", 1)

        def read(found: Found) -> bytes:
            if found.path.endswith("zz-last.md"):
                raise KeyboardInterrupt
            return read_bytes(found.path)

        db = open_archive(tmp_path / "x" / "archive.sqlite")
        with pytest.raises(KeyboardInterrupt):
            ingest.Ingest(db, "[]").add(walk_folders([a, b]), read, ahead=True)
        assert db.execute("SELECT count(*) FROM answers").fetchone()[0] > 0  # committed
        (b / "zz-last.md").unlink()
        db.close()
    split = collected(tmp_path / "x", a, b)
    whole = collected(tmp_path / "y", one)
    for table in ("answer_totals", "weakness_totals", "action_totals"):
        query = f"SELECT * FROM {table} ORDER BY 1, 2, 3"
        rows = whole.execute(query).fetchall()
        assert rows and split.execute(query).fetchall() == rows, table


def test_a_session_found_again_elsewhere_replaces_the_first(bundled: Path, tmp_path: Path) -> None:
    """The same session's minutes in a second folder (not the same bytes): the later one
    read is kept, the first file is marked replaced, and the session is counted once."""
    minutes = [p.name for p in bundled.iterdir() if p.suffix == ".md"]
    a = copy(bundled, tmp_path / "in" / "a", minutes.__contains__)
    b = tmp_path / "in" / "b"
    b.mkdir()
    name = next(n for n in minutes if "diagnostic" in n)
    (b / name).write_bytes((a / name).read_bytes() + b"\n")
    db = collected(tmp_path, a, b)
    once = collected(tmp_path / "once", copy(bundled, tmp_path / "one" / "a", minutes.__contains__))
    status = "SELECT status, reason FROM files WHERE path = ?"
    assert db.execute(status, (str(a / name),)).fetchone() == (
        "replaced",
        f"replaced by {b / name}",
    )
    kept = "SELECT f.path FROM sessions s JOIN files f ON f.id = s.file_id WHERE f.path LIKE ?"
    assert db.execute(kept, (f"%{name}",)).fetchall() == [(str(b / name),)]
    for table in ("sessions", "answers", "weaknesses", "actions", "answer_totals"):
        query = f"SELECT count(*) FROM {table}"
        assert db.execute(query).fetchone() == once.execute(query).fetchone(), table


def test_an_edited_results_file_is_not_trusted(bundled: Path, tmp_path: Path) -> None:
    folder = copy(bundled, tmp_path / "b" / "lome-2026")
    results = folder / "results.json"
    results.write_text(results.read_text().replace('"Partly"', '"Yes"'))
    db = collected(tmp_path, folder)
    assert db.execute("SELECT name, problem FROM checks").fetchall() == [
        ("results.json", "edited since bundled")
    ]
    answers = db.execute("SELECT answer FROM answers WHERE question = 'D-01' ORDER BY id")
    assert [a for (a,) in answers] == ["partly", "no"]  # from the minutes, not the data


def test_bundling_again_leaves_only_what_the_manifest_lists(
    tmp_path: Path, course: catalog.Catalog
) -> None:
    snapshot = WorkshopStore(play_demo_morning(tmp_path / "data", course, "w")).read()
    folder = tmp_path / "w"
    first = bundle.write(snapshot, course.programme("demo"), course, folder)
    (folder / "day9-01-gone.md").write_text("left by an older bundle")
    second = bundle.write(snapshot, course.programme("demo"), course, folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in second.files)
    assert [p.read_bytes() for p in first.files] == [p.read_bytes() for p in second.files]


def test_csv_cells_never_run_as_formulas() -> None:
    text = csv_bytes(("a", "b"), [('=HYPERLINK("http://x")', 3), ("-2+3", "+1"), ("@SUM", "ok")])
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert rows == [
        ["a", "b"],
        ['\'=HYPERLINK("http://x")', "3"],
        ["'-2+3", "'+1"],
        ["'@SUM", "ok"],
    ]


def test_csv_cells_guarded_in_sql_as_in_python() -> None:
    values = ['=HYPERLINK("x")', "-2+3", "+1", "@SUM", "\tx", "\rx", "ok", "", "'=", "é=", None]
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, v TEXT)")
    db.executemany("INSERT INTO t (v) VALUES (?)", [(v,) for v in values])
    cursor = db.execute(f"SELECT {guarded('v')} FROM t ORDER BY n")
    text = b"".join(csv_guarded(("v",), cursor)).decode("utf-8-sig")
    from_python = csv_bytes(("v",), [(v,) for v in values]).decode("utf-8-sig")
    assert text == from_python
    assert [cell(v) for v in values][:4] == ['\'=HYPERLINK("x")', "'-2+3", "'+1", "'@SUM"]


def test_charts_are_svg_whatever_the_names() -> None:
    evil = "</text><script>alert(1)</script>&'\""
    svgs = [
        charts.maturity_grid(
            "T", [evil, "B"], [evil, "Togo"], {(evil, evil): 2.5, ("B", "Togo"): 0}
        ),
        charts.bars(evil, [(evil, 3), ("other", 1)], "times", "time"),
        charts.bars("empty", [], "actions"),
        charts.gains(evil, [(evil, evil, 0.5), ("b", "c", -0.2)], 90),
        charts.gains("empty", []),
    ]
    for svg in svgs:
        root = ElementTree.fromstring(svg)
        assert root.tag.endswith("svg")
        assert not any(e.tag.endswith("script") for e in root.iter())
    texts = [e.text for e in ElementTree.fromstring(svgs[1]).iter()]
    assert evil[:20] in texts[1] and texts[-1] == "1 time"  # shown, as text


def test_the_maturity_grid_shows_whole_country_names_inside_the_picture() -> None:
    """Country labels are rotated above their columns: two countries that differ only
    after 18 characters are told apart, and the last label ends inside the picture and
    the highest below the title (DejaVu Sans at 13 px: at most 8 px a character)."""
    import math

    countries = [
        "mixed groups (Niger)",
        "mixed groups (Nigeria)",
        "Democratic Republic of the Congo",
    ]
    svg = charts.maturity_grid("T", ["Area"], countries, {("Area", c): 2.0 for c in countries})
    root = ElementTree.fromstring(svg)
    width = float(root.get("width") or 0)
    labels = [e for e in root.iter() if e.get("transform", "").startswith("rotate(-35")]
    assert [e.text for e in labels] == countries
    for label in labels:
        extent = 8 * len(label.text or "")
        x, y = float(label.get("x") or 0), float(label.get("y") or 0)
        assert x + extent * math.cos(math.radians(35)) <= width
        assert y - extent * math.sin(math.radians(35)) >= 30  # the title's baseline is 24


def test_the_maturity_grid_s_area_labels_end_before_its_cells() -> None:
    """The longest area of the course (cpch, in French) is 42 characters: its label ends
    before the first column (at most 8 px a character)."""
    area = "Systèmes informatiques et bases de données"
    svg = charts.maturity_grid("T", [area], ["Togo"], {(area, "Togo"): 2.0})
    root = ElementTree.fromstring(svg)
    label = next(e for e in root.iter() if e.text == area)
    first = min(
        float(e.get("x") or 0) for e in root.iter() if e.tag.endswith("rect") and e.get("x")
    )
    assert float(label.get("x") or 0) + 8 * len(area) <= first


def test_a_bar_s_count_is_inside_the_picture_and_says_one_or_many() -> None:
    """300,000 open actions at 1,000 workshops: the count after the bar ends inside the
    picture (at most 8 px a character); one is "1 action", not "1 actions"."""
    svg = charts.bars("T", [("not due yet", 300_000), ("no date", 1)], "actions", "action")
    root = ElementTree.fromstring(svg)
    width = float(root.get("width") or 0)
    counts = [e for e in root.iter() if (e.text or "").endswith(("actions", "action"))]
    assert [e.text for e in counts] == ["300,000 actions", "1 action"]
    for count in counts:
        assert float(count.get("x") or 0) + 8 * len(count.text or "") <= width


def test_results_of_the_wrong_shape_fall_back_to_the_minutes(bundled: Path, tmp_path: Path) -> None:
    """A results.json that matches its manifest but holds a cell of the wrong type (made by
    hand, manifest and all): that file's rows come from its minutes."""
    import orjson

    from facilitator.archive import manifest

    folder = copy(bundled, tmp_path / "b" / "w")
    data = orjson.loads((folder / "results.json").read_bytes())
    diag = next(f for f in data["files"] if f["file"] == "day1-04-diagnostic-d1.md")
    diag["answers"][0]["Country"] = 7
    raw = orjson.dumps(data)
    (folder / "results.json").write_bytes(raw)
    text = (folder / "manifest.toml").read_text()
    old = hashlib.sha256((bundled / "results.json").read_bytes()).hexdigest()
    (folder / "manifest.toml").write_text(text.replace(old, manifest.sha256(raw)))
    db = collected(tmp_path, folder)
    assert db.execute("SELECT count(*) FROM checks").fetchone() == (0,)
    countries = db.execute("SELECT country FROM answers WHERE question = 'D-01' ORDER BY id")
    assert [c for (c,) in countries] == ["Senegal", "Peru"]
    assert db.execute("SELECT count(*) FROM sessions").fetchone() == (4,)


def test_learning_and_evaluation_compared_across_workshops(
    tmp_path: Path, course: catalog.Catalog
) -> None:
    """Two bundled workshops with a pre-test, a post-test and evaluation forms: the archive
    and the report's Learning and Evaluation sections say what was typed, worked out here
    by hand (the demo key is B A B B)."""
    folders = []
    for wid, country, papers, forms in (
        # Lomé: P01 25% -> 75%, P02 50% -> 75% (one blank); P03 sat the pre-test only
        ("lome-2026", "Togo", {"P01": ("BCCA", "BABA"), "P02": ("BAAA", "BAB ")}, {"P01": "5", "P02": "4"}),
        # Cotonou: P01 50% -> 100%, P02 0% -> 50%
        ("cotonou-2026", "Benin", {"P01": ("BAAA", "BABB"), "P02": ("CCCC", "BACC")}, {"P01": "3"}),
    ):  # fmt: skip
        path = play_demo_morning(tmp_path / f"data-{wid}", course, wid)
        with WorkshopStore(path).transaction() as db:
            db.table("workshop").update({"country": country})
        sit_tests(path, papers, forms)
        if wid == "lome-2026":  # P03 sat the pre-test only: counted as sat, not paired
            WorkshopStore(path).merge_scores("pre", "P03", {"DT-01": ("B", 1.0)})
        folder = tmp_path / "bundles" / wid
        bundle.write(WorkshopStore(path).read(), course.programme("demo"), course, folder)
        folders.append(folder)
    db = collected(tmp_path, tmp_path / "bundles")
    got = db.execute(
        "SELECT w.workshop, l.sat, l.pairs, l.mean_pre, l.mean_post, l.gain, l.mean_gain "
        "FROM learning l JOIN workshops w ON w.id = l.workshop_id ORDER BY w.workshop"
    ).fetchall()
    lome_gain, cotonou_gain = (75 - 37.5) / (100 - 37.5), (75 - 25) / (100 - 25)
    assert got == [
        ("cotonou-2026", 2, 2, 25.0, 75.0, pytest.approx(cotonou_gain, abs=1e-4),
         pytest.approx((50 / 50 + 50 / 100) / 2, abs=1e-4)),
        ("lome-2026", 3, 2, 37.5, 75.0, pytest.approx(lome_gain, abs=1e-4),
         pytest.approx((50 / 75 + 25 / 50) / 2, abs=1e-4)),
    ]  # fmt: skip
    out = tmp_path / "report" / "report.md"
    written = outputs.write(db, out, date(2027, 1, 15), tmp_path)
    assert out.parent / "report-gain.svg" in written
    text = out.read_text()
    _, body, _ = mdsafe.split_front_matter(text)
    parts = mdsafe.sections(body)
    learning_text = parts["Learning"][1]
    assert "![Normalised gain by workshop](report-gain.svg)" in learning_text
    (_, by_country), (_, by_workshop) = mdsafe.tables(learning_text)
    assert [(r["Country"], r["Mean ⟨g⟩"]) for r in by_country] == [
        ("Benin", f"{cotonou_gain:.2f}"), ("Togo", f"{lome_gain:.2f}")]  # fmt: skip
    assert [(r["Country"], r["Pre (%)"], r["Post (%)"], r["⟨g⟩"]) for r in by_workshop] == [
        ("Benin", "25.0", "75.0", "0.67"), ("Togo", "37.5", "75.0", "0.60")]  # fmt: skip
    (_, rated), (_, rated_by_country) = mdsafe.tables(parts["Evaluation"][1])
    assert [(r["Country"], r["Mean over every criterion (1-5)"]) for r in rated_by_country] == [
        ("Benin", "3.00"), ("Togo", "4.50")]  # fmt: skip
    # E-01: Lomé 5 and 4 (mean 4.5, two forms), Cotonou 3 (one form): (4.5 * 2 + 3) / 3
    assert [(r["Criterion"], r["Workshops"], r["Forms"], r["Mean (1-5)"]) for r in rated] == [
        ("E-01", "2", "3", "4.00")]  # fmt: skip
    assert (rated[0]["Lowest workshop"], rated[0]["Highest"]) == ("3.00", "4.50")
    svg = (out.parent / "report-gain.svg").read_text()
    ElementTree.fromstring(svg)
    assert svg.index(">Benin<") < svg.index(">Togo<") and "0.67" in svg and "0.60" in svg
    lines = (out.parent / "report-learning.csv").read_text("utf-8-sig").splitlines()
    assert (
        lines[0] == "workshop,country,start_date,pairs,mean_pre,mean_post,gain,mean_individual_gain"
    )
    assert len(lines) == 3 and ",Benin," in lines[1]


def test_open_actions_csv_grows_by_the_workshop_added(bundled: Path, tmp_path: Path) -> None:
    """Adding a workshop appends its rows to the CSV written before (the rest left as it
    was); the file is the one a fresh archive of both writes. A CSV edited by hand since
    is written whole again."""
    first = copy(bundled, tmp_path / "in" / "a-lome")
    db = collected(tmp_path, tmp_path / "in")
    out = tmp_path / "report" / "report.md"
    outputs.write(db, out, date(2027, 1, 15))
    csv_path = out.parent / "report-open-actions.csv"
    before = csv_path.read_bytes()
    second = copy(bundled, tmp_path / "in" / "b-dakar")
    (second / "manifest.toml").unlink()  # its files are read as minutes, not from results
    for f in second.glob("*.md"):
        f.write_text(f.read_text().replace('workshop = "lome-2026"', 'workshop = "dakar-2026"'))
    ingest.collect(db, [tmp_path / "in"])
    outputs.write(db, out, date(2027, 1, 15))
    grown = csv_path.read_bytes()
    assert grown.startswith(before) and len(grown) > len(before)
    fresh_db = open_archive(tmp_path / "fresh.sqlite")
    ingest.collect(fresh_db, [tmp_path / "in"])
    fresh_out = tmp_path / "fresh" / "report.md"
    outputs.write(fresh_db, fresh_out, date(2027, 1, 15))
    assert (fresh_out.parent / "report-open-actions.csv").read_bytes() == grown
    for table in ("answer_totals", "weakness_totals", "action_totals"):  # one workshop's
        # totals worked out through its sessions, or every workshop's in one pass
        query = f"SELECT * FROM {table} ORDER BY 1, 2, 3"
        assert db.execute(query).fetchall() == fresh_db.execute(query).fetchall(), table
    csv_path.write_bytes(grown.replace(b"open", b"OPEN").replace(b"\r\n", b"\n", 1))
    outputs.write(db, out, date(2027, 1, 15))
    assert csv_path.read_bytes() == grown
    assert first.is_dir()


def test_a_manifest_as_written_is_read_without_tomllib_and_the_same() -> None:
    """The manifest render writes (quoted names, a non-ASCII title) is read by the fast
    path, to what tomllib reads; one edited by hand (a comment, an escape, a number, a
    key twice) goes to tomllib, and a broken one still says why."""
    files = {"day1-01-d1-s1.md": "a" * 64, "results.json": "b" * 64}
    about = {
        "workshop": "lome-2026",
        "workshop_name": "Atelier de Lomé",
        "start_date": "2026-03-02",
    }
    text = manifest.render(about, {"model.toml": "c" * 64}, files)
    fast = manifest._machine_written(text)
    assert fast is not None and fast == tomllib.loads(text)
    assert manifest.parse(text.encode()).files == files
    for edited in (
        "# checked\n" + text,
        text.replace("Lomé", 'Lom\\u00e9 \\"A\\"'),
        "n = 1\n" + text,
    ):
        assert manifest._machine_written(edited) is None
        assert manifest.parse(edited.encode()).files == files
    twice = text.replace("[files]\n", '[files]\n"results.json" = "' + "d" * 64 + '"\n')
    assert manifest._machine_written(twice) is None
    with pytest.raises(mdsafe.NotMinutes, match="not valid TOML"):
        manifest.parse(twice.encode())


def test_a_fresh_archive_is_hashed_ahead_and_the_same(bundled: Path, tmp_path: Path) -> None:
    """Filling a fresh archive, files are read and hashed in another process ahead of the
    folder being stored; the collect itself reads only the files whose bytes it needs
    (each manifest, and the results.json it stores a bundle from: the copies' minutes
    are duplicates), the archive holds what it holds when nothing is hashed ahead, and
    it is left in its usual modes (write-ahead log, NORMAL), not those it was filled in."""
    for name in ("a-lome", "b-lome", "c-lome"):
        copy(bundled, tmp_path / "in" / name)
    (tmp_path / "in" / "c-lome" / "notes.txt").write_text("not minutes\n")
    (tmp_path / "in" / "c-lome" / "huge.md").write_bytes(b"#" * (MAX_BYTES + 1))  # not read
    opened: list[str] = []

    def read(found: Found) -> bytes:
        opened.append(str(Path(found.path).relative_to(tmp_path / "in")))
        return read_bytes(found.path)

    ahead = open_archive(tmp_path / "ahead.sqlite")
    run = ingest.Ingest(ahead, "[]").add(walk_folders([tmp_path / "in"]), read, ahead=True)
    assert sorted(opened) == [
        "a-lome/manifest.toml",
        "a-lome/results.json",
        "b-lome/manifest.toml",
        "c-lome/manifest.toml",
    ]
    plain = open_archive(tmp_path / "plain.sqlite")
    again = ingest.Ingest(plain, "[]").add(walk_folders([tmp_path / "in"]), read)
    assert (run.read, run.skipped, run.unchanged) == (again.read, again.skipped, 0)
    assert run.skipped == 2 * run.read + 2 > 2  # the copies' minutes, notes.txt, huge.md
    huge = "SELECT reason FROM files WHERE path LIKE '%huge.md'"
    assert "larger than" in ahead.execute(huge).fetchone()[0]
    for table in ("files", "sessions", "answers", "weaknesses", "actions", "answer_totals"):
        query = f"SELECT * FROM {table} ORDER BY 1, 2, 3"
        if table == "files":
            query = "SELECT path, sha256, size, status, reason, checked FROM files ORDER BY path"
        assert ahead.execute(query).fetchall() == plain.execute(query).fetchall(), table
    modes = "SELECT * FROM pragma_journal_mode, pragma_synchronous, pragma_foreign_keys"
    assert ahead.execute(modes).fetchone() == ("wal", 1, 1)


def test_a_hashing_process_that_stops_stops_the_collect(
    bundled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy(bundled, tmp_path / "in" / "a-lome")
    monkeypatch.setattr(ingest, "HASHER", [sys.executable, "-c", "pass"])
    db = open_archive(tmp_path / "archive.sqlite")
    with pytest.raises(OSError, match="hashing files ahead stopped"):
        ingest.collect(db, [tmp_path / "in"])
    assert db.execute("SELECT count(*) FROM files").fetchone() == (0,)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    monkeypatch.undo()
    assert ingest.collect(db, [tmp_path / "in"]).read > 0


AWKWARD = [
    "a, b",
    'say "hi"',
    '"',
    "line\nbreak",
    "cr\rinside",
    "ends\r\n",
    "=1+2",
    "+x",
    "-x",
    "@x",
    "\tx",
    "\rx",
    "tab\tinside",
    "'=",
    "é, ü",
    "",
    "plain",
]


@pytest.mark.parametrize("block", [1, 3, 1000])
def test_open_actions_csv_is_what_the_csv_module_writes(
    bundled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    """The open actions CSV's lines are made by SQLite, quoted nowhere, and a thousand
    rows that need quoting go through the ``csv`` module: the file is the bytes the
    ``csv`` module writes of the guarded cells, whatever the cells hold (commas, quotes,
    line breaks, a leading = + - @, tab or CR, nothing) and wherever they fall."""
    monkeypatch.setattr(outputs, "OPEN_BLOCK", block)
    db = collected(tmp_path, copy(bundled, tmp_path / "in" / "a-lome"))
    for _ in range(5):  # 64 actions or more: every awkward cell in every column
        db.execute(
            "INSERT INTO actions (session_id, workshop_id, action, owner, due, due_date, "
            "status) SELECT session_id, workshop_id, action, owner, due, due_date, status "
            "FROM actions"
        )
    ids = [i for (i,) in db.execute("SELECT id FROM actions ORDER BY id")]
    assert len(ids) >= 64
    for n, i in enumerate(ids[1:-1]):  # the first and the last left as they were
        cells = ["2027-02-01", "plain", "owner"]  # one awkward cell a row, or none
        if n % 4:
            cells[n % 3] = AWKWARD[n % len(AWKWARD)]
        db.execute(
            "UPDATE actions SET due = ?, action = ?, owner = ?, status = 'open' WHERE id = ?",
            (*cells, i),
        )
    db.execute("UPDATE actions SET owner = NULL WHERE id = ?", (ids[-2],))
    db.execute("UPDATE workshops SET name = '@Lomé' WHERE id = 1")  # guarded, not quoted
    out = tmp_path / "report" / "report.md"
    outputs.write(db, out, date(2027, 1, 15))
    raw = db.execute(
        "SELECT a.due, a.due_date, a.action, a.owner, w.country, w.name, w.start_date, s.title "
        "FROM actions a JOIN sessions s ON s.id = a.session_id "
        "JOIN workshops w ON w.id = a.workshop_id WHERE a.status = 'open' ORDER BY a.id"
    ).fetchall()
    guarded_cells = [[v if k in (1, 6) else cell(v) for k, v in enumerate(row)] for row in raw]
    text = io.StringIO()
    text.write("\ufeff")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(outputs.OPEN_HEAD)
    writer.writerows(guarded_cells)
    expected = text.getvalue().encode("utf-8")
    written = (out.parent / "report-open-actions.csv").read_bytes()
    assert written == expected
    assert len(raw) == len(ids) and b'"say ""hi"""' in written and b",'=1+2," in written


def test_the_report_after_adding_a_workshop_is_the_fresh_archive_s(
    bundled: Path, tmp_path: Path
) -> None:
    """Every report file written after a workshop is added and collected (in the same
    connection, whose temporary tables of figures are worked out again) is the one a
    fresh archive of both workshops writes; the second workshop has no index.md, so its
    adherence comes from its session files."""
    copy(bundled, tmp_path / "in" / "a-lome")
    db = collected(tmp_path, tmp_path / "in")
    out = tmp_path / "report" / "report.md"
    first = {p.name: p.read_bytes() for p in outputs.write(db, out, date(2027, 1, 15))}
    second = copy(bundled, tmp_path / "in" / "b-dakar", keep=lambda n: n != "index.md")
    (second / "manifest.toml").unlink()
    for f in second.glob("*.md"):
        text = f.read_text().replace('workshop = "lome-2026"', 'workshop = "dakar-2026"')
        f.write_text(text.replace('country = "', 'country = "Senegal" # was "', 1))
    ingest.collect(db, [tmp_path / "in"])
    grown = {p.name: p.read_bytes() for p in outputs.write(db, out, date(2027, 1, 15))}
    fresh_db = open_archive(tmp_path / "fresh.sqlite")
    ingest.collect(fresh_db, [tmp_path / "in"])
    fresh_out = tmp_path / "fresh" / "report.md"
    fresh = {p.name: p.read_bytes() for p in outputs.write(fresh_db, fresh_out, date(2027, 1, 15))}
    assert grown == fresh
    assert (
        sorted(grown) == sorted(first)
        and grown["report-workshops.csv"] != first["report-workshops.csv"]
    )
    text = grown["report.md"].decode()
    adherence = mdsafe.sections(mdsafe.split_front_matter(text)[1])["Agenda adherence"][1]
    countries = [r["Country"] for r in mdsafe.tables(adherence)[0][1]]
    assert len(countries) == 2 and "Senegal" in countries
    assert render(db, date(2027, 1, 15)) == render(fresh_db, date(2027, 1, 15))


def test_the_bulk_indexes_are_built_with_half_the_page_cache(bundled: Path, tmp_path: Path) -> None:
    """SQLite's sorter holds as much as the page cache: an index built with the whole
    cache held twice what filling the archive holds (peak memory grew with the archive)."""
    from facilitator.archive import db as db_mod

    db = open_archive(tmp_path / "archive.sqlite")
    said: list[str] = []
    db.set_trace_callback(said.append)
    ingest.collect(db, [copy(bundled, tmp_path / "b" / "lome-2026").parent])
    db.set_trace_callback(None)
    made = [i for i, s in enumerate(said) if s.startswith("CREATE INDEX IF NOT EXISTS")]
    assert len(made) == len(db_mod.BULK_INDEXES)
    pragmas = [(i, s) for i, s in enumerate(said) if s.startswith("PRAGMA cache_size")]
    during = [s for i, s in pragmas if i < made[0]][-1]
    after = next(s for i, s in pragmas if i > made[-1])
    assert during == f"PRAGMA cache_size = -{db_mod.CACHE_KB // 2}"
    assert after == f"PRAGMA cache_size = -{db_mod.CACHE_KB}"
    assert db.execute("PRAGMA cache_size").fetchone()[0] == -db_mod.CACHE_KB


def test_a_fresh_archive_is_on_the_disk_when_collect_ends(
    bundled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh archive is filled without waiting for the disk; its end waits, once, for
    the whole file (else the next collect's first checkpoint waited for it)."""
    from facilitator.archive import db as db_mod

    synced: list[tuple[int, int]] = []
    real = os.fsync
    monkeypatch.setattr(
        db_mod.os, "fsync", lambda fd: (synced.append(os.fstat(fd)[1:3]), real(fd))[1]
    )
    path = tmp_path / "archive.sqlite"
    db = open_archive(path)
    ingest.collect(db, [copy(bundled, tmp_path / "b" / "lome-2026").parent])
    st = path.stat()
    assert (st.st_ino, st.st_dev) in synced
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    synced.clear()
    ingest.collect(db, [tmp_path / "b"])  # not fresh: its commits wait, as always
    assert synced == []


def _tied_actions(db: sqlite3.Connection, workshops: int, seed: int, most: int = 6) -> None:
    """Workshops whose open actions share their due dates, texts and codes (ties on every
    key the report sorts by), with their totals as collect counts them."""
    import random

    pick = random.Random(seed)
    for w in range(1, workshops + 1):
        code = f"w-{pick.randrange(workshops // 2 + 1)}"  # the same code, other dates
        country = pick.choice(("Benin", "Ghana", "Togo"))
        db.execute(
            "INSERT INTO workshops (id, workshop, start_date, country) VALUES (?, ?, ?, ?)",
            (w, code, f"2026-01-01 #{w}", country),
        )
        db.execute("INSERT INTO files (id, path, folder, stamp, sha256, size, status, run) "
                   "VALUES (?, ?, '', '', '', 0, 'minutes', 1)", (w, f"f{w}"))  # fmt: skip
        for n in range(3):
            db.execute(
                "INSERT INTO sessions (workshop_id, file_id, session, title) VALUES (?, ?, ?, ?)",
                (w, w, f"S{n}", f"Session {pick.randrange(2)}"),
            )
            sid = db.execute("SELECT max(id) FROM sessions").fetchone()[0]
            for _ in range(pick.randrange(most)):
                due = pick.choice(("2027-01-15", "2027-02-15", "2027-09-01", None))
                status = pick.choice(("open", "open", "open", "done"))
                db.execute(
                    "INSERT INTO actions (session_id, workshop_id, action, owner, due, due_date, "
                    "status) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (sid, w, f"Action {pick.randrange(3)}", "o", due, due, status),
                )
    db.execute(
        "INSERT INTO action_totals SELECT workshop_id, due_date, count(*) FROM actions "
        "WHERE status = 'open' GROUP BY workshop_id, due_date"
    )


EVERY_OVERDUE = (
    "SELECT a.due, CAST(julianday(:day) - julianday(a.due_date) AS INTEGER), a.action, "
    "a.owner, w.country, w.workshop, s.title FROM actions a "
    "JOIN workshops w ON w.id = a.workshop_id JOIN sessions s ON s.id = a.session_id "
    "WHERE a.status = 'open' AND a.due_date < :day "
    "ORDER BY a.due_date, w.country, w.workshop, a.action, a.id LIMIT :shown"
)


def test_the_longest_overdue_are_read_from_the_workshops_that_hold_them(tmp_path: Path) -> None:
    """The oldest overdue actions, as a query over every overdue action finds them (ties
    in the order collected), from the few workshops that can hold them."""
    from facilitator.archive import report

    for seed in range(6):
        db = open_archive(tmp_path / f"archive-{seed}.sqlite")
        db.execute("INSERT INTO runs (id, sources) VALUES (1, '[]')")
        _tied_actions(db, 40 + 60 * seed, seed)
        for day in ("2027-01-15", "2027-01-16", "2027-03-01", "2028-01-01"):
            for shown in (1, 5, 20, 200):
                every = db.execute(EVERY_OVERDUE, {"day": day, "shown": shown}).fetchall()
                got = db.execute(report.OLDEST, {"day": day, "shown": shown}).fetchall()
                assert got == every, (seed, day, shown)
        db.close()
    db = open_archive(tmp_path / "archive-many.sqlite")
    db.execute("INSERT INTO runs (id, sources) VALUES (1, '[]')")
    _tied_actions(db, 200, 7, 40)  # about 6,000 overdue actions, sharing two due dates
    steps = []
    for query in (EVERY_OVERDUE, report.OLDEST):
        steps.append(0)
        db.set_progress_handler(lambda: steps.__setitem__(-1, steps[-1] + 1) or 0, 10)
        db.execute(query, {"day": "2027-06-30", "shown": 20}).fetchall()
    db.set_progress_handler(None, 10)
    assert steps[1] * 3 < steps[0], steps  # a few workshops' actions, not every one tied


def test_collecting_into_an_archive_loads_neither_the_course_model_nor_subprocess() -> None:
    """What collect does not use is not imported: the course model's twenty dataclasses
    (12 ms; reading minutes needs only the answers' labels) and subprocess (4 ms; only a
    fresh archive starts the hasher, and imports it then)."""
    import subprocess

    code = (
        "import sys; from facilitator.archive import ingest, outputs; "
        "print(sorted({'facilitator.course.model', 'subprocess', 'markdown_it'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_documented_schema_is_the_archives(tmp_path: Path, root: Path) -> None:
    """docs/minutes.md's table of the archive: every table, and its columns in order."""
    import re

    text = (root / "docs" / "minutes.md").read_text()
    section = text.split("### The archive's schema")[1].split("An archive of another")[0]
    documented = {}
    for line in section.splitlines():
        row = re.match(r"\| `(\w+)` \| [^|]* \| (.*) \|$", line)
        if row:
            columns = row[2].split(": ")[0]  # answer_totals: what its counts are, after
            while re.search(r"\([^()]*\)", columns):  # what a column holds, in brackets
                columns = re.sub(r"\([^()]*\)", "", columns)
            documented[row[1]] = re.findall(r"`(\w+)`", columns)
    db = open_archive(tmp_path / "archive.sqlite")
    tables = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    real = {n: [c[1] for c in db.execute(f"PRAGMA table_info({n})")] for n in tables}
    assert documented == real


def test_without_a_git_identity_the_commit_is_signed_by_the_os_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No terminal to ask the login name of (cron, a service) and no USER: the account's
    own name, as docs/operations.md says (``user <user@host>``), not a made-up one."""
    import pwd

    from facilitator.archive import gitrepo

    def no_terminal() -> str:
        raise OSError("no controlling terminal")

    monkeypatch.setattr(os, "getlogin", no_terminal)
    monkeypatch.delenv("USER", raising=False)
    monkeypatch.delenv("LOGNAME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    repo = gitrepo.ensure_repository(tmp_path / "repo")
    user = pwd.getpwuid(os.getuid()).pw_name
    assert gitrepo._identity(repo)[1] == f"user.name={user}"


def test_a_commit_git_refuses_is_named_as_the_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hook that refuses the commit (or a signing key that is not there): the message
    says which git command failed, and why."""
    from facilitator.archive import gitrepo
    from facilitator.store.errors import StoreError

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    repo = gitrepo.ensure_repository(tmp_path / "repo")
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'hook says no' >&2\nexit 1\n")
    hook.chmod(0o755)
    (repo / "w").mkdir()
    (repo / "w" / "index.md").write_text("x\n")
    with pytest.raises(StoreError, match=r"git commit failed \(hook says no\)"):
        gitrepo.commit(repo, "w", "a bundle")


def test_a_repository_folder_inside_another_repository_gets_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``bundle --git ~/copes-minutes`` where the home folder is itself kept in git: the
    bundle is committed in a repository of its own, and the home's has no new commit."""
    import subprocess

    from facilitator.archive import gitrepo

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    home = gitrepo.ensure_repository(tmp_path / "home")
    (home / "notes.txt").write_text("mine\n")
    assert gitrepo.commit(home, "notes.txt", "my own file")
    before = gitrepo._git(home, "rev-parse", "HEAD").stdout
    repo = gitrepo.ensure_repository(home / "copes-minutes")
    assert (repo / ".git").is_dir()
    (repo / "w").mkdir()
    (repo / "w" / "index.md").write_text("x\n")
    assert gitrepo.commit(repo, "w", "a bundle")
    assert gitrepo._git(home, "rev-parse", "HEAD").stdout == before
    files = subprocess.run(["git", "-C", str(repo), "ls-files"], capture_output=True, text=True)
    assert files.stdout.split() == ["w/index.md"]
    assert gitrepo.ensure_repository(repo) == repo  # the top of one already: left as it is
    assert gitrepo.commit(repo, "w", "again") is None
