"""The minutes' format: what collect reads back, shared by the writer and the reader.

A session's minutes: ``+++`` TOML front matter ``+++``, a title, then the
sections Time, Attendance, Content covered, Diagnostic results, Notes,
Decisions, Action items, Recorded by. Their headings and these tables' columns
are fixed: collect finds them by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from facilitator.course.labels import ANSWER_LABELS, MATURITY_LABELS
from facilitator.minutes.mdsafe import escape_cell

FORMAT = "facilitator-minutes/2"
READS = ("facilitator-minutes/1", FORMAT)
"""Minutes formats collect reads; /1 had no groups and no evidence."""
DIAGNOSTIC_HEADER = (
    "ID",
    "Area",
    "Question",
    "Group",
    "Country",
    "Answer",
    "Maturity",
    "Weaknesses observed",
    "Solutions agreed",
    "Evidence",
    "Notes",
    "Recorded by",
)
DIAGNOSTIC_HEADER_1 = tuple(
    h for h in DIAGNOSTIC_HEADER if h not in ("Group", "Country", "Evidence")
)
ACTION_HEADER = ("Action", "Owner", "Due", "Status", "Recorded by")
ADHERENCE_HEADER = (
    "Day",
    "#",
    "Session",
    "Kind",
    "Planned start",
    "Actual start",
    "Start delay (min)",
    "Planned (min)",
    "Actual (min)",
    "Status",
)
LIST_MARK = "• "
TIMELINE = "timeline.svg"
"""The report's chart, written beside ``index.md`` and linked from it; collect passes it by."""
NONE_RECORDED = "None recorded."


def split_items(cell: str) -> list[str]:
    """The items of a ``• a • b`` cell, as :func:`bullet_cell` wrote them."""
    mark = LIST_MARK.strip()
    return [item.strip() for item in cell.split(mark) if item.strip()]


def restricted_line(n: int) -> str:
    """What the minutes say in place of the records kept for the trainers."""
    records = "record was" if n == 1 else "records were"
    return f"{n} restricted {records} left out (for the trainers only)."


def pick(items: Sequence[str], chosen: Any) -> list[str]:
    if not isinstance(chosen, (list, tuple)):
        return []
    return [items[i] for i in chosen if isinstance(i, int) and 0 <= i < len(items)]


def bullet_cell(items: Sequence[str]) -> str:
    """Several items in one cell, each after a ``•`` (items lose any ``•`` of their own)."""
    return " ".join(LIST_MARK + escape_cell(item.replace("•", "·")) for item in items)


def answer_label(value: Any, lang: str = "en") -> str:
    if value is None:
        return "not answered"
    label = ANSWER_LABELS.get(str(value))
    return label.get(lang) if label else escape_cell(str(value))


def maturity_label(value: Any, lang: str = "en") -> str:
    if not isinstance(value, int) or not 0 <= value < len(MATURITY_LABELS):
        return "—"
    return f"{value} ({MATURITY_LABELS[value].get(lang)})"
