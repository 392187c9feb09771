"""The coordinators' report: many workshops' minutes, compared, as Markdown."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from facilitator.minutes import learning_collect
from facilitator.minutes.collect import COLLECTION_FORMAT, Collection, Workshop, answer_codes
from facilitator.minutes.contract import LIST_MARK
from facilitator.minutes.mdsafe import escape_cell, escape_line, escape_plain, front_matter, table
from facilitator.store.answers import mean_maturity


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
                counts[key][country][answer_codes.get(row["Answer"], "not answered")] += 1
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
        "## Learning and evaluation",
        learning_collect.section(workshops),
        "## Skipped files",
        _skipped(collection, base),
    ]
    return "\n\n".join(parts) + "\n"
