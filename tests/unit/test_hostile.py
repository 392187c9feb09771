"""Hostile text at every way in: cleaned where it enters, and clean again where it leaves."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator import clean as text
from facilitator.archive import ingest
from facilitator.archive import report as coordinators
from facilitator.archive.db import open_archive
from facilitator.course import catalog
from facilitator.minutes import collect, mdsafe
from facilitator.store import workshops
from facilitator.store.db import WorkshopStore, read_file
from facilitator.store.record import workshop_from_record
from tests.nasty import FORBIDDEN, HOSTILE, KEPT, MARKUP, PAYLOADS, assert_clean

# any text, with a good share of the characters and sequences that do harm
hostile_text = st.lists(
    st.one_of(
        st.text(max_size=8),
        st.sampled_from([*HOSTILE.values(), *MARKUP.values(), *KEPT.values()]),
        st.sampled_from(FORBIDDEN),
        st.sampled_from(["\x1b[", "\x1b]", "\x9b", "\x07", "\x1b\\", "\r\n", "\u2028"]),
    ),
    max_size=8,
).map("".join)
# what a file on disk can hold: UTF-8 has no lone surrogates
file_text = hostile_text.map(lambda s: s.encode("utf-8", "replace").decode("utf-8"))


@given(hostile_text)
def test_clean_text_leaves_nothing_a_terminal_acts_on(value: str) -> None:
    cleaned = text.clean_text(value)
    assert_clean(cleaned)
    assert text.clean_text(cleaned) == cleaned  # cleaning twice changes nothing
    assert "\n" not in text.clean_line(value)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=50))
def test_ordinary_text_of_any_script_is_kept_as_it_is(value: str) -> None:
    value = "".join(c for c in value if c not in FORBIDDEN and c not in "\u2028\u2029")
    assert text.clean_text(value) == value


@pytest.mark.parametrize("name", list(HOSTILE))
def test_each_named_sequence_is_taken_out(name: str) -> None:
    cleaned = text.clean_text(f"before {HOSTILE[name]} after")
    assert_clean(cleaned, name)
    assert cleaned.startswith("before ") and cleaned.endswith(" after")
    for payload in PAYLOADS:
        assert payload not in cleaned, name


@pytest.mark.parametrize("name", list(KEPT))
def test_real_writing_comes_through(name: str) -> None:
    assert text.clean_text(KEPT[name]) == KEPT[name]


def test_a_sequence_left_open_loses_only_its_introducer() -> None:
    """Typed text after a stray ESC ] is not swallowed: only the sequence's start goes."""
    assert text.clean_text("Seal 17 \x1b]0;and the rest of the note") == (
        "Seal 17 0;and the rest of the note"
    )


# -- the ways in -----------------------------------------------------------------


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(fields=st.lists(file_text, min_size=4, max_size=4))
def test_a_roster_file(tmp_path: Path, fields: list[str]) -> None:
    path = tmp_path / "roster.csv"
    import csv

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "country", "agency", "group"])
        writer.writerow(["x" + fields[0], *fields[1:]])
    for person in workshops.read_roster(path):
        for value in (person.name, person.country, person.agency, person.group):
            assert_clean(value, "roster") and "\n" not in value


@settings(max_examples=60)
@given(values=st.lists(hostile_text, min_size=6, max_size=6))
def test_a_workshop_file_edited_by_hand(values: list[str]) -> None:
    record = {
        "id": "w",
        "programme": "demo",
        "name": values[0],
        "venue": values[1],
        "country": values[2],
        "trainers": [values[3]],
        "roster": [{"name": values[4], "country": values[5], "agency": values[0]}],
        "groups": [{"name": "g" + values[1]}],
        "start_date": "2026-12-07",
    }
    w = workshop_from_record(record)
    for value in (w.name, w.venue, w.country, *w.trainers, w.roster[0].name, w.groups[0].name):
        assert_clean(value, "workshop") and "\n" not in value


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
@given(note=file_text)
def test_records_in_the_file_are_cleaned_when_read(tmp_path: Path, note: str) -> None:
    """The file is a way in too: another version, a hand edit, or someone up to no good."""
    path = tmp_path / "w.json"
    data = {
        "workshop": {"1": {"id": "w", "name": "W", "programme": "demo"}},
        "notes": {"1": {"session": "s", "kind": "note", "text": note, "uid": "1"}},
    }
    path.write_bytes(json.dumps(data).encode())
    snap = WorkshopStore(path).read()
    assert_clean(snap.notes[0]["text"], "notes")


def test_clean_files_are_read_without_the_cleaning_walk() -> None:
    raw = orjson.dumps({"workshop": {"1": {"programme": "demo", "name": "Lomé 👮 ok"}}})
    assert text._SUSPECT_JSON.search(raw) is None


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
@given(title=file_text, body=file_text)
def test_course_files(tmp_path: Path, title: str, body: str) -> None:
    import tomli_w

    from tests.unit.test_catalog import BANK, MODULE, PROGRAMME, make_root

    line = tomli_w.dumps({"title": "P" + title}).strip()
    programme = PROGRAMME.replace('title = "Programme"', line)
    module = MODULE.replace("Point 1", "Point 1 " + body.replace("---", "- - -"))
    folder = tmp_path / uuid.uuid4().hex
    folder.mkdir()
    loaded, _ = catalog.scan(make_root(folder, programme=programme, bank=BANK, module=module))
    prog = loaded.programmes["prog"]
    assert_clean(prog.title.en, "programme title")
    for slide in prog.session("intro").module.slides:
        assert_clean(slide.body + slide.notes, "module")


@given(value=hostile_text)
def test_front_matter_of_minutes_leaves_and_comes_back_clean(value: str) -> None:
    written = mdsafe.front_matter({"format": "x", "workshop_name": value, "list": [value]})
    assert_clean(written, "front matter")
    front, _, _ = mdsafe.split_front_matter(written + "\n\n# T\n")
    assert_clean(front["workshop_name"]) and assert_clean(front["list"][0])


def collected(tmp_path: Path, folder: Path) -> sqlite3.Connection:
    db = open_archive(tmp_path / "archive.sqlite")
    ingest.collect(db, [folder])
    return db


def test_front_matter_written_by_someone_else_is_cleaned_by_collect(tmp_path: Path) -> None:
    golden = Path(__file__).parent.parent / "golden" / "lome-2026" / "day1-04-diagnostic-d1.md"
    evil = golden.read_text().replace(
        'workshop_name = "', 'workshop_name = "\\u001b]0;PWNED-TITLE\\u0007\\u202e', 1
    )
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / "day1-04.md").write_text(evil)
    db = collected(tmp_path, tmp_path / "w")
    assert db.execute("SELECT count(*) FROM files WHERE status = 'minutes'").fetchone() == (1,)
    report = coordinators.render(db, date(2027, 1, 1))
    assert_clean(report, "report")
    assert "PWNED" not in report


# -- collect on any folder ---------------------------------------------------------------


def test_collect_refuses_what_is_not_a_regular_file_inside_the_folders(tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    folder.mkdir()
    golden = Path(__file__).parent.parent / "golden" / "lome-2026" / "day1-04-diagnostic-d1.md"
    (folder / "good.md").write_bytes(golden.read_bytes())
    os.mkfifo(folder / "x.md")  # reading it would wait for ever
    (folder / "zero.md").symlink_to("/dev/zero")  # reading it would never end
    (tmp_path / "outside.md").write_bytes(golden.read_bytes())
    (folder / "out.md").symlink_to(tmp_path / "outside.md")
    (folder / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    (folder / "huge.md").write_bytes(b"+++\n" + b"x" * (collect.MAX_BYTES + 10))
    deep = "+++\n" + 'format = "facilitator-minutes/2"\nx = ' + "[" * 5000 + "]" * 5000 + "\n+++\n"
    (folder / "deep.md").write_text(deep)
    (folder / "line\nbreak\x1b[2J.md").write_text("hello")
    db = collected(tmp_path, folder)
    reasons = {
        Path(p).name: r
        for p, r in db.execute("SELECT path, reason FROM files WHERE status = 'skipped'")
    }
    assert "not a regular file" in reasons["x.md"]
    assert "symbolic link" in reasons["zero.md"] and "symbolic link" in reasons["out.md"]
    assert "symbolic link" in reasons["elsewhere"]
    assert "larger than" in reasons["huge.md"]
    assert "nests 5000 deep" in reasons["deep.md"]
    assert db.execute("SELECT count(*) FROM workshops").fetchone() == (1,)
    report = coordinators.render(db, date(2027, 1, 1), tmp_path)
    assert_clean(report)
    rows = mdsafe.tables(mdsafe.sections(mdsafe.split_front_matter(report)[1])["Skipped files"][1])
    names = [r["File"] for r in rows[0][1]]
    assert any("line ↵ break" in n for n in names)  # one row, the break made visible


def test_collect_command_prints_file_names_clean(tmp_path: Path, root: Path) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "evil\x1b]0;PWNED-TITLE\x07.md").write_text("not minutes")
    bin_ = Path(sys.executable).with_name("facilitator")
    done = subprocess.run([bin_, "collect", str(folder)], capture_output=True, text=True)
    assert done.returncode == 0
    assert_clean(done.stderr) and assert_clean(done.stdout)
    assert "PWNED" not in done.stderr + done.stdout


# -- the program's own folders and files ------------------------------------------------


def test_folders_and_files_the_program_creates_are_private(tmp_path: Path) -> None:
    from facilitator.course.model import Workshop

    old = os.umask(0o022)
    try:
        path = tmp_path / "deep" / "data" / "w.json"
        WorkshopStore.create(path, Workshop("w", "W", "demo", "2026-12-07"))
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE((tmp_path / "deep").stat().st_mode) == 0o700
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        shared = tmp_path / "team"
        shared.mkdir()
        os.chmod(shared, 0o2770)
        inner = shared / "data" / "w.json"
        WorkshopStore.create(inner, Workshop("w", "W", "demo", "2026-12-07"))
        assert stat.S_IMODE(inner.parent.stat().st_mode) == 0o2770
        assert stat.S_IMODE(inner.stat().st_mode) == 0o660
        from facilitator.store.lead import LeadLock, lead_path, takeover_path

        lock = LeadLock(inner, "me")
        assert lock.try_acquire()
        LeadLock(inner, "you").request_takeover()
        assert stat.S_IMODE(lead_path(inner).stat().st_mode) == 0o660
        assert stat.S_IMODE(takeover_path(inner).stat().st_mode) == 0o660
        lock.release()
        read_file(inner)
    finally:
        os.umask(old)


def test_a_long_workshop_name_makes_an_id_every_file_system_takes() -> None:
    wid = workshops.slugify("COPES national workshop " * 20)
    assert len(wid) <= workshops.MAX_ID and not wid.endswith("-")
    assert workshops.slugify("x" * 300) == "x" * workshops.MAX_ID
