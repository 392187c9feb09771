"""A coordinator's report from the exported minutes of many workshops.

Each file's TOML front matter is read with tomllib and its tables with
markdown-it-py (only the sections that hold them are parsed). Files that are
not minutes, or are damaged, are listed as skipped with the reason; they never
stop the collection.
"""

from __future__ import annotations

import gc
import os
import stat
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from facilitator.clean import clean_data, clean_text
from facilitator.course.model import ANSWER_LABELS
from facilitator.minutes.contract import (
    ACTION_HEADER,
    ADHERENCE_HEADER,
    DIAGNOSTIC_HEADER,
    DIAGNOSTIC_HEADER_1,
    FORMAT,
    LIST_MARK,
    NONE_RECORDED,
    READS,
)
from facilitator.minutes.mdsafe import (
    NotMinutes,
    escape_cell,
    escape_line,
    escape_plain,
    fast_table_split,
    front_matter,
    sections,
    split_front_matter,
    table,
    tables,
)
from facilitator.store.answers import mean_maturity

COLLECTION_FORMAT = "facilitator-collection/1"
PARALLEL_FROM = 64  # files; fewer are read in this process
_SESSION_KEYS = {"workshop": str, "session": str, "title": str, "day": int, "order": int}
_REPORT_KEYS = {"workshop": str, "workshop_name": str, "programme": str}
_ANSWER_KEPT = ("ID", "Question", "Group", "Country", "Answer", "Maturity", "Weaknesses observed")
# "Oui" -> "yes": answers are compared whatever the language of the minutes
_ANSWER_CODES = {
    label: code
    for code, text in ANSWER_LABELS.items()
    for label in (text.en, *(value for _, value in text.other))
}


@dataclass
class SessionFile:
    path: Path
    front: dict[str, Any]
    answers: list[dict[str, str]]
    actions: list[dict[str, str]]


@dataclass
class ReportFile:
    path: Path
    front: dict[str, Any]
    adherence: list[dict[str, str]]


@dataclass
class Workshop:
    """The minutes of one workshop found in the folders."""

    key: tuple[str, str]
    front: dict[str, Any] = field(default_factory=dict)
    report: ReportFile | None = None
    sessions: dict[str, SessionFile] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.front.get("workshop_name") or self.key[0])

    @property
    def country(self) -> str:
        return str(self.front.get("country") or "not given")


@dataclass
class Collection:
    workshops: dict[tuple[str, str], Workshop] = field(default_factory=dict)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    files: int = 0


def _check_keys(front: dict[str, Any], keys: dict[str, type]) -> None:
    for key, kind in keys.items():
        if key not in front:
            raise NotMinutes(f"the front matter has no {key!r}")
        if not isinstance(front[key], kind):
            raise NotMinutes(f"the front matter's {key!r} should be a {kind.__name__}")


def _section_table(
    parts: dict[str, tuple[int, str]], title: str, header: Sequence[str], body_line: int
) -> list[dict[str, str]]:
    """The rows of the table that a section must hold (or none when it says so)."""
    if title not in parts:
        return []
    offset, text = parts[title]
    found = tables(text)
    if not found:
        if text.strip() and text.strip() != NONE_RECORDED:
            raise NotMinutes(f"line {body_line + offset}: section {title!r} has no table")
        return []
    columns, rows = found[0]
    if list(columns) != list(header):
        raise NotMinutes(
            f"line {body_line + offset}: the table of {title!r} has columns "
            f"{' | '.join(columns)}; expected {' | '.join(header)}"
        )
    return rows


MAX_BYTES = 4 * 1024 * 1024
"""The largest file collect reads. The busiest synthetic five-day workshop (2,000
notes, 300 actions, 500 answers; benchmarks/export.py) has a 106 KB index.md, its
session minutes under 40 KB: 4 MiB is 40 times that, and bounds what one file can
cost in time (about 1 s of parsing) and memory."""
MAX_NESTING = 32
"""Deepest array or table nesting accepted in front matter (ours never goes past 2)."""


def read_text(path: Path) -> str:
    """A regular file's text, read without following a link and without waiting on a
    FIFO or a device; raises :class:`NotMinutes` with the reason it was refused."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise NotMinutes(f"cannot read ({exc.strerror})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotMinutes("not a regular file")
        if st.st_size > MAX_BYTES:
            raise NotMinutes(f"{st.st_size:,} bytes: larger than the {MAX_BYTES:,} bytes read")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_BYTES + 1)
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        raise NotMinutes(f"larger than the {MAX_BYTES:,} bytes read")
    try:
        return clean_text(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise NotMinutes("not UTF-8 text") from None


def read_minutes(path: Path) -> SessionFile | ReportFile:
    """One exported file, checked; raises :class:`NotMinutes` with the reason."""
    text = read_text(path)
    front, body, body_line = split_front_matter(text, MAX_NESTING)
    front = clean_data(front)
    fmt = front.get("format")
    if not isinstance(fmt, str) or not fmt.startswith("facilitator-minutes/"):
        raise NotMinutes("not minutes written by facilitator (no format in the front matter)")
    if fmt not in READS:
        raise NotMinutes(f"minutes format {fmt!r}; this version reads up to {FORMAT!r}")
    parts = sections(body)
    kind = front.get("kind")
    if kind == "session":
        _check_keys(front, _SESSION_KEYS)
        header = DIAGNOSTIC_HEADER if fmt == FORMAT else DIAGNOSTIC_HEADER_1
        answers = [
            {k: row.get(k, "") for k in _ANSWER_KEPT}
            for row in _section_table(parts, "Diagnostic results", header, body_line)
        ]
        actions = _section_table(parts, "Action items", ACTION_HEADER, body_line)
        return SessionFile(path, front, answers, actions)
    if kind == "report":
        _check_keys(front, _REPORT_KEYS)
        if "Agenda adherence" not in parts:
            raise NotMinutes("the report has no 'Agenda adherence' section")
        adherence = _section_table(parts, "Agenda adherence", ADHERENCE_HEADER, body_line)
        return ReportFile(path, front, adherence)
    raise NotMinutes(f"unknown kind {kind!r} in the front matter")


def _read(path: Path) -> SessionFile | ReportFile | str:
    try:
        return read_minutes(path)
    except NotMinutes as exc:
        return str(exc)


def _read_all(paths: list[Path]) -> list[SessionFile | ReportFile | str]:
    """Read files with the cyclic garbage collector paused: parsing makes millions of
    short-lived tokens without cycles, and collecting them over and over costs a third
    of the time in a process that already holds much (measured in benchmarks/export.py)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        with fast_table_split():
            return [_read(p) for p in paths]
    finally:
        if enabled:
            gc.enable()


def _files(folders: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Every file under ``folders``, and what was refused: links are not followed (a link
    out of the folders would read what was not given; one inside is read where it
    points), and only regular files are read."""
    found: list[Path] = []
    refused: list[tuple[Path, str]] = []
    for folder in folders:
        if folder.is_symlink():
            refused.append((folder, "a symbolic link; give the folder it points to"))
            continue
        if folder.is_file():
            found.append(folder)
            continue
        for dirpath, dirnames, filenames in os.walk(folder):
            here = Path(dirpath)
            for name in sorted(dirnames):
                if (here / name).is_symlink():
                    refused.append((here / name, "a symbolic link to a folder; not followed"))
            dirnames[:] = sorted(
                d for d in dirnames if not d.startswith(".") and not (here / d).is_symlink()
            )
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                path = here / name
                mode = path.lstat().st_mode
                if stat.S_ISLNK(mode):
                    refused.append((path, "a symbolic link; not followed"))
                elif not stat.S_ISREG(mode):
                    refused.append((path, "not a regular file (a FIFO, a socket or a device)"))
                else:
                    found.append(path)
    return found, refused


def collect(folders: Sequence[Path], workers: int | None = None) -> Collection:
    """Read every file under ``folders``; minutes go in, the rest is listed as skipped."""
    for folder in folders:
        if not folder.exists():
            raise FileNotFoundError(f"{folder}: no such folder")
    result = Collection()
    paths, refused = _files(folders)
    result.skipped.extend(refused)
    markdown = [p for p in paths if p.suffix.lower() == ".md"]
    for path in paths:
        if path.suffix.lower() != ".md":
            result.skipped.append((path, "not a Markdown file"))
    workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    if workers > 1 and len(markdown) >= PARALLEL_FROM:
        with ProcessPoolExecutor(workers) as pool:
            chunks = [markdown[i : i + 32] for i in range(0, len(markdown), 32)]
            parsed = [item for part in pool.map(_read_all, chunks) for item in part]
    else:
        parsed = _read_all(markdown)
    result.files = len(paths) + len(refused)
    for path, item in zip(markdown, parsed, strict=True):
        if isinstance(item, str):
            result.skipped.append((path, item))
            continue
        key = (str(item.front["workshop"]), str(item.front.get("start_date", "")))
        workshop = result.workshops.setdefault(key, Workshop(key))
        if isinstance(item, ReportFile):
            if workshop.report is not None:
                kept = workshop.report.path
                result.skipped.append((path, f"a second report for {key[0]}; kept {kept}"))
                continue
            workshop.report = item
            workshop.front = item.front
        else:
            sid = str(item.front["session"])
            if sid in workshop.sessions:
                first = workshop.sessions[sid].path
                result.skipped.append((path, f"duplicate of {first}"))
                continue
            workshop.sessions[sid] = item
            workshop.front = workshop.front or item.front
    result.skipped.sort(key=lambda s: str(s[0]))
    return result


# -- the report -------------------------------------------------------------------


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _cell(value: Any) -> str:
    """A value read back from minutes (already one clean line), escaped again."""
    return escape_plain(str(value)) if value not in (None, "") else "—"


def _ordered(collection: Collection) -> list[Workshop]:
    return sorted(collection.workshops.values(), key=lambda w: (w.key[1], w.country, w.key[0]))


def _dates(w: Workshop) -> str:
    start, end = w.front.get("start_date"), w.front.get("end_date")
    if start and end and start != end:
        return f"{start} to {end}"
    return str(start or "")


def _covered(collection: Collection) -> str:
    rows = []
    for w in _ordered(collection):
        counts = w.report.front.get("counts", {}) if w.report else {}
        rows.append(
            (
                _cell(w.name),
                _cell(w.front.get("programme")),
                _cell(w.country),
                _cell(w.front.get("venue")),
                _cell(_dates(w)),
                str(len(w.sessions)),
                _cell(counts.get("participants")),
                "yes" if w.report else "no",
            )
        )
    header = (
        "Workshop",
        "Programme",
        "Country",
        "Venue",
        "Dates",
        "Session minutes",
        "Participants",
        "Report",
    )
    return table(header, rows)


def _maturity(cell: str) -> int | None:
    head = cell.split(" ", 1)[0]
    return int(head) if head.isdigit() else None


_ANSWER_COLUMNS = (
    ("yes", "Yes"),
    ("partly", "Partly"),
    ("no", "No"),
    ("na", "N/A"),
    ("not answered", "Not answered"),
)


def _answers(collection: Collection) -> str:
    """For each question, one row per country: how it was answered, and the mean maturity."""
    counts: dict[tuple[str, str], dict[str, Counter[str]]] = defaultdict(
        lambda: defaultdict(Counter)
    )
    levels: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    workshops: dict[tuple[str, str], dict[str, set[tuple[str, str]]]] = defaultdict(
        lambda: defaultdict(set)
    )
    texts: dict[tuple[str, str], str] = {}
    for w in _ordered(collection):
        for sid in sorted(w.sessions):
            s = w.sessions[sid]
            bank = str(s.front.get("bank", ""))
            for row in s.answers:
                key = (bank, row["ID"])
                texts.setdefault(key, row["Question"])
                country = answer_country(row, w)
                counts[key][country][_ANSWER_CODES.get(row["Answer"], "not answered")] += 1
                workshops[key][country].add(w.key)
                if (level := _maturity(row["Maturity"])) is not None:
                    levels[key][country].append(level)
    if not counts:
        return "No diagnostic results in these minutes."
    out = [
        "One row per country (a group's own country, or the workshop's): how many times "
        "each answer was given (a question asked in several rounds, or answered by several "
        "groups of one country, counts each time), and the mean maturity from 0 (none) to "
        "4 (embedded)."
    ]
    header = ("Country", "Workshops", *(label for _, label in _ANSWER_COLUMNS), "Mean maturity")
    for key in sorted(counts):
        rows = []
        for country in sorted(counts[key]):
            c, got = counts[key][country], levels[key][country]
            rows.append(
                (
                    _cell(country),
                    str(len(workshops[key][country])),
                    *(str(c[code]) for code, _ in _ANSWER_COLUMNS),
                    mean_maturity(got),
                )
            )
        bank = f"{key[0]} " if key[0] else ""
        out.append(
            f"### {escape_line(bank + key[1])}: {escape_line(texts[key])}\n\n" + table(header, rows)
        )
    return "\n\n".join(out)


def answer_country(row: dict[str, str], w: Workshop) -> str:
    """The country a row of answers speaks for: its group's, else the workshop's.

    A regional workshop's groups each answer for their own country; a mixed
    group (several countries) answers for the workshop as a whole.
    """
    country = row.get("Country", "").strip()
    if country and country not in ("—", "mixed"):
        return country
    if country == "mixed":
        return f"mixed groups ({w.country})"
    return w.country


def split_items(cell: str) -> list[str]:
    """The items of a ``• a • b`` cell."""
    mark = LIST_MARK.strip()
    return [item.strip() for item in cell.split(mark) if item.strip()]


def _weaknesses(collection: Collection) -> str:
    seen: Counter[str] = Counter()
    where: dict[str, set[tuple[str, str]]] = defaultdict(set)
    questions: dict[str, set[str]] = defaultdict(set)
    for w in collection.workshops.values():
        for s in w.sessions.values():
            for row in s.answers:
                for item in split_items(row["Weaknesses observed"]):
                    seen[item] += 1
                    where[item].add(w.key)
                    questions[item].add(row["ID"])
    if not seen:
        return "No weaknesses were recorded as observed."
    ranked = sorted(seen, key=lambda item: (-seen[item], -len(where[item]), item))
    rows = [
        (
            str(rank),
            _cell(item),
            _cell(", ".join(sorted(questions[item]))),
            str(seen[item]),
            str(len(where[item])),
        )
        for rank, item in enumerate(ranked, 1)
    ]
    return table(("Rank", "Weakness", "Questions", "Times observed", "Workshops"), rows)


def _due_key(due: str) -> tuple[int, str]:
    try:
        return (0, date.fromisoformat(due).isoformat())
    except ValueError:
        return (1, due)


def _days_overdue(due: str, today: date | None) -> int | None:
    """Whole days past ``due`` on ``today``; None when not overdue or not a date."""
    if today is None:
        return None
    try:
        late = (today - date.fromisoformat(due.strip())).days
    except ValueError:
        return None
    return late if late > 0 else None


def _open_actions(collection: Collection, today: date | None) -> str:
    found = []
    for w in collection.workshops.values():
        for s in w.sessions.values():
            for row in s.actions:
                if row["Status"].strip().lower() == "open":
                    found.append((w, s, row))
    if not found:
        return "No open actions."
    found.sort(key=lambda f: (_due_key(f[2]["Due"]), f[0].country, f[0].name, f[2]["Action"]))
    late = [_days_overdue(r["Due"], today) for _, _, r in found]
    rows = [
        (
            _cell(r["Due"]),
            "—" if days is None else str(days),
            _cell(r["Action"]),
            _cell(r["Owner"]),
            _cell(w.country),
            _cell(w.name),
            _cell(s.front.get("title")),
        )
        for (w, s, r), days in zip(found, late, strict=True)
    ]
    summary = f"{len(rows)} open actions, earliest due first"
    if today is not None:
        overdue = sum(days is not None for days in late)
        summary += f"; {overdue} overdue on {today.isoformat()}"
    return (
        summary
        + ".\n\n"
        + table(("Due", "Days overdue", "Action", "Owner", "Country", "Workshop", "Session"), rows)
    )


def _number(cell: str) -> int | None:
    try:
        return int(cell)
    except ValueError:
        return None


def adherence_figures(w: Workshop) -> dict[str, Any]:
    """Sessions planned, held, skipped, started late, mean start delay, minutes over plan."""
    if w.report is not None:
        rows = w.report.adherence
        held = [r for r in rows if r["Status"] in ("held", "in progress")]
        delays = [d for r in held if (d := _number(r["Start delay (min)"])) is not None]
        over = 0
        for r in held:
            planned, actual = _number(r["Planned (min)"]), _number(r["Actual (min)"])
            if planned is not None and actual is not None:
                over += max(0, actual - planned)
        return {
            "planned": len(rows),
            "held": len(held),
            "skipped": sum(1 for r in rows if r["Status"].startswith("skipped")),
            "late": sum(1 for d in delays if d > 5),
            "delay": sum(delays) / len(delays) if delays else None,
            "over": over,
        }
    delays = []
    for s in w.sessions.values():
        planned, actual = s.front.get("planned_start"), s.front.get("actual_start")
        if planned is not None and actual is not None:
            delays.append(round((actual - planned).total_seconds() / 60))
    return {
        "planned": None,
        "held": len(w.sessions),
        "skipped": None,
        "late": sum(1 for d in delays if d > 5),
        "delay": sum(delays) / len(delays) if delays else None,
        "over": sum(int(s.front.get("overrun_minutes", 0)) for s in w.sessions.values()),
    }


def _adherence(collection: Collection) -> str:
    rows = []
    for w in _ordered(collection):
        f = adherence_figures(w)
        rows.append(
            (
                _cell(w.name),
                _cell(w.country),
                _cell(f["planned"]),
                str(f["held"]),
                _cell(f["skipped"]),
                str(f["late"]),
                "—" if f["delay"] is None else f"{f['delay']:.1f}",
                str(f["over"]),
            )
        )
    header = (
        "Workshop",
        "Country",
        "Sessions planned",
        "Held",
        "Skipped",
        "Started > 5 min late",
        "Mean start delay (min)",
        "Minutes over plan",
    )
    note = (
        "Breaks count as sessions here. A workshop without its index.md shows only "
        "the sessions whose minutes were found."
    )
    return note + "\n\n" + table(header, rows)


def _skipped(collection: Collection, base: Path | None) -> str:
    if not collection.skipped:
        return "No file was skipped."

    def shown(path: Path) -> str:
        if base is not None:
            try:
                return str(path.relative_to(base))
            except ValueError:
                pass
        return str(path)

    return table(
        ("File", "Reason"),
        ((escape_cell(shown(p)), escape_cell(reason)) for p, reason in collection.skipped),
    )


def render(collection: Collection, base: Path | None = None, today: date | None = None) -> str:
    """The coordinator's report as Markdown; open actions due before ``today`` count as overdue."""
    workshops = _ordered(collection)
    countries = sorted({w.country for w in workshops})
    front = {
        "format": COLLECTION_FORMAT,
        "workshops": len(workshops),
        "countries": countries,
        "files": collection.files,
        "skipped": len(collection.skipped),
    }
    if today is not None:
        front["as_of"] = today
    intro = (
        f"{_count(len(workshops), 'workshop')} in "
        f"{_count(len(countries), 'country', 'countries')}, read from "
        f"{_count(collection.files, 'file')} ({len(collection.skipped)} skipped)."
    )
    parts = [
        front_matter(front),
        "# Coordinators' report",
        escape_line(intro),
        "## Workshops covered",
        _covered(collection) if workshops else "No minutes found.",
        "## Answers by question",
        _answers(collection),
        "## Weaknesses most often observed",
        _weaknesses(collection),
        "## Open actions by due date",
        _open_actions(collection, today),
        "## Agenda adherence",
        _adherence(collection) if workshops else "No minutes found.",
        "## Skipped files",
        _skipped(collection, base),
    ]
    return "\n\n".join(parts) + "\n"
