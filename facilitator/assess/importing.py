"""Papers typed in a spreadsheet: a CSV with a header ``code,test,<field ids>``.

``test`` is ``pre``, ``post`` or ``evaluation``; a test's fields are item ids
(one letter each, blank for an item left blank), the evaluation's are criterion
ids (1 to the scale's size) and comment ids (free text). Every problem names the
file and line; nothing is imported while there is one.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from facilitator.clean import clean_text
from facilitator.course.model import LETTERS, Assessment
from facilitator.store.scores import TESTS


@dataclass(frozen=True, slots=True)
class Row:
    test: str
    code: str
    values: dict[str, str]


def parse(text: str, name: str, a: Assessment, codes: set[str]) -> tuple[list[Row], list[str]]:
    """The rows of the file, and its problems as ``name:line: message``."""
    problems: list[str] = []
    reader = csv.reader(io.StringIO(clean_text(text)))
    header = [h.strip() for h in next(reader, [])]
    if header[:2] != ["code", "test"]:
        return [], [f"{name}:1: the first columns must be 'code,test' (then item ids)"]
    letters = {i.id: LETTERS[: len(i.choices.en)] for i in a.items}
    form = a.form
    points = len(form.scale.en) if form else 0
    criteria = {c for c, _ in form.criteria} if form else set()
    comments = {c for c, _ in form.comments} if form else set()
    fields = header[2:]
    for column in fields:
        if column not in letters and column not in criteria | comments:
            problems.append(
                f"{name}:1: unknown column {column!r} (not an item, criterion or comment)"
            )
    rows: list[Row] = []
    seen: dict[tuple[str, str], int] = {}
    for line, raw in enumerate(reader, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        cells = [c.strip() for c in raw] + [""] * (len(header) - len(raw))
        code, test = cells[0].upper(), cells[1].lower()
        if code not in codes:
            problems.append(f"{name}:{line}: unknown participant code {cells[0]!r}")
        if test not in TESTS:
            problems.append(f"{name}:{line}: test {cells[1]!r} must be pre, post or evaluation")
            continue
        if (test, code) in seen:
            first = seen[(test, code)]
            problems.append(f"{name}:{line}: {code} {test} is already on line {first}")
        seen.setdefault((test, code), line)
        values = {}
        for column, value in zip(fields, cells[2:], strict=False):
            if not value:
                continue
            if test == "evaluation":
                if column in criteria and not (value.isdigit() and 1 <= int(value) <= points):
                    problems.append(f"{name}:{line}: {column} must be 1 to {points}, got {value!r}")
                elif column in letters:
                    problems.append(f"{name}:{line}: {column} is a test item, not on the form")
            elif column in letters and value.upper() not in letters[column]:
                problems.append(
                    f"{name}:{line}: {column} must be one of {letters[column]}, got {value!r}"
                )
            elif column not in letters:
                problems.append(f"{name}:{line}: {column} is on the evaluation form, not a test")
            values[column] = value
        rows.append(Row(test, code, values))
    return rows, problems
