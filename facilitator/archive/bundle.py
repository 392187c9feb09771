"""A workshop's bundle: what a coordinator needs from it, in one folder.

The minutes and the report (as ``export`` writes them), the results as data read back
from those very files (so the data and the minutes cannot disagree): ``answers.csv``,
``actions.csv``, ``attendance.csv`` and all of it in ``results.json``; and
``manifest.toml``, with the tool's version, the programme, a SHA-256 of each course
file it ran and of every file of the bundle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from facilitator.archive import manifest
from facilitator.archive.tables import csv_bytes
from facilitator.clean import clean_json
from facilitator.minutes.collect import (
    ANSWER_KEPT,
    MANIFEST,
    REPORT_KEYS,
    SESSION_KEYS,
    ReportFile,
    SessionFile,
    check_keys,
    parse,
    read_bytes,
)
from facilitator.minutes.contract import split_items
from facilitator.minutes.mdsafe import NotMinutes
from facilitator.store.files import write_atomic

if TYPE_CHECKING:  # collect reads bundles without loading what writes them
    from facilitator.course.catalog import Catalog
    from facilitator.course.model import Programme
    from facilitator.store.db import Snapshot

ACTION_COLUMNS = ("Action", "Owner", "Due", "Status")
LISTS = ("Weaknesses observed", "Solutions agreed")
"""Cells of several items: one a line in CSV, a list in JSON."""
ATTENDANCE_COLUMNS = ("session", "title", "date", "present", "absent", "roster")
RESULTS = "results.json"
"""Every file's front matter and tables as collect reads them: what collect stores from a
bundle whose files are all as bundled, without parsing Markdown."""
RESULTS_FORMAT = "facilitator-results/1"
REPORT = "index.md"


@dataclass(frozen=True)
class Bundle:
    """A bundle written: its folder, its files (manifest last) and what it is of."""

    folder: Path
    files: tuple[Path, ...]
    about: dict[str, Any]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _answer(row: dict[str, str]) -> dict[str, str | list[str]]:
    return {c: split_items(row[c]) if c in LISTS else row[c] for c in ANSWER_KEPT}


def _data(minutes: list[tuple[str, SessionFile]], report: ReportFile | None) -> dict[str, bytes]:
    """The data files, from the minutes as collect reads them (file name, contents)."""
    answers, actions, attendance, files = [], [], [], []
    for name, item in minutes:
        f = item.front
        sid = str(f["session"])
        counts = f.get("counts", {})
        rows = [_answer(row) for row in item.answers]
        answers += [
            (sid, *("\n".join(v) if isinstance(v, list) else v for v in row.values()))
            for row in rows
        ]
        actions += [(sid, *(row[c] for c in ACTION_COLUMNS)) for row in item.actions]
        attendance.append(
            (
                sid,
                f.get("title"),
                _plain(f.get("date")),
                *(counts.get(k) for k in ("present", "absent", "roster")),
            )
        )
        files.append(
            {
                "file": name,
                "kind": "session",
                "front": f,
                "answers": rows,
                "actions": [{c: row[c] for c in ACTION_COLUMNS} for row in item.actions],
            }
        )
    if report is not None:
        files.append(
            {"file": REPORT, "kind": "report", "front": report.front, "adherence": report.adherence}
        )
    results = {"format": RESULTS_FORMAT, "files": files}
    return {
        "answers.csv": csv_bytes(("session", *ANSWER_KEPT), answers),
        "actions.csv": csv_bytes(("session", *ACTION_COLUMNS), actions),
        "attendance.csv": csv_bytes(ATTENDANCE_COLUMNS, attendance),
        RESULTS: orjson.dumps(results, option=orjson.OPT_INDENT_2) + b"\n",
    }


def write(
    snapshot: Snapshot, programme: Programme, catalog: Catalog, folder: Path, lang: str = "en"
) -> Bundle:
    """Write (or bring up to date) the bundle of ``snapshot`` in ``folder``.

    Files a previous bundle left in the folder that this one does not write (a session
    no longer held) are removed, so the folder holds exactly what its manifest lists.
    """
    from facilitator.minutes.export import export as export_minutes

    written = export_minutes(snapshot, programme, folder, lang=lang)
    minutes: list[tuple[str, SessionFile]] = []
    report: ReportFile | None = None
    for path in written:
        if path.suffix != ".md":
            continue  # the report's charts: listed in the manifest, nothing to read
        item = parse(read_bytes(path))
        if isinstance(item, ReportFile):
            report = item
        else:
            minutes.append((path.name, item))
    for name, payload in _data(minutes, report).items():
        write_atomic(folder / name, payload)
        written.append(folder / name)
    if (folder / MANIFEST).is_file():
        names = {p.name for p in written}
        for stale in folder.iterdir():
            if stale.is_file() and stale.name not in names and stale.name != MANIFEST:
                stale.unlink()
    course = manifest.course_hashes(programme.files(), catalog.label)
    front = report.front if report is not None else {}
    w = snapshot.workshop
    about = {
        "workshop": w.id,
        "workshop_name": w.name,
        "start_date": w.start_date,
        "end_date": _plain(front.get("end_date")) or w.start_date,
        "country": w.host_country,
        "programme": programme.id,
        "programme_sha256": manifest.programme_hash(course),
        "language": lang,
    }
    files = {p.name: manifest.sha256(p.read_bytes()) for p in written}
    write_atomic(folder / MANIFEST, manifest.render(about, course, files).encode("utf-8"))
    return Bundle(folder, (*written, folder / MANIFEST), about)


def read_results(raw: bytes) -> list[tuple[str, SessionFile | ReportFile]]:
    """A bundle's results.json as the files it was made from would be read; raises
    :class:`NotMinutes` when it is not one this version reads."""
    try:
        data = clean_json(raw)
    except orjson.JSONDecodeError:
        raise NotMinutes("results.json is not JSON") from None
    if not isinstance(data, dict) or data.get("format") != RESULTS_FORMAT:
        raise NotMinutes(f"results.json is not {RESULTS_FORMAT}")
    found: list[tuple[str, SessionFile | ReportFile]] = []
    try:
        for entry in data["files"]:
            front = entry["front"]
            check_keys(front, REPORT_KEYS if entry["kind"] == "report" else SESSION_KEYS)
            for key in ("planned_start", "actual_start"):
                if isinstance(front.get(key), str):
                    front[key] = datetime.fromisoformat(front[key])
            if entry["kind"] == "report":
                item: SessionFile | ReportFile = ReportFile(front, _table(entry["adherence"]))
            else:
                item = SessionFile(front, _table(entry["answers"]), _table(entry["actions"]))
            found.append((str(entry["file"]), item))
    except (KeyError, TypeError, ValueError) as exc:
        raise NotMinutes(f"results.json is damaged ({exc})") from None
    return found


def _table(rows: Any) -> list[dict[str, Any]]:
    """Rows of a results.json table, as they are (a cell of the wrong type stops the
    file's rows from being stored, and its minutes are parsed instead)."""
    if type(rows) is not list or not all(type(row) is dict for row in rows):
        raise TypeError("a table that is not a list of rows")
    return rows
