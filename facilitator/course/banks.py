"""Diagnostic banks: areas and questions, with weaknesses, solutions and maturity anchors."""

from __future__ import annotations

import re
from pathlib import Path

from facilitator.course.model import ANSWER_LABELS, Area, DiagnosticBank, Question, TextList
from facilitator.course.reading import Problem, TomlFile

QID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def _anchors(f: TomlFile, table: dict, at: tuple, maturity_max: int) -> TextList:
    """One line per maturity level, 0 to ``maturity_max``, or none at all."""
    anchors = f.text_list(table, at, "anchors")
    if anchors.en and len(anchors.en) != maturity_max + 1:
        f.error(
            at + ("anchors",),
            f"'anchors' needs one line per maturity level, 0 to {maturity_max} "
            f"({maturity_max + 1} lines); it has {len(anchors.en)}",
        )
    return anchors


def load_bank(
    path: Path, root: Path, problems: list[Problem], missing: dict
) -> DiagnosticBank | None:
    f = TomlFile(path, root, problems)
    if not f.ok:
        return None
    d = f.data
    f.keys(d, (), {"id", "title", "answers", "maturity_max", "areas", "questions"}, {"title"})
    bid = f.require(d, (), "id", str) or path.stem
    if bid != path.stem:
        f.error(("id",), f"id {bid!r} must match the file name {path.stem!r}")
    title = f.text(d, (), "title")
    answers = f.optional(d, (), "answers", list, list(ANSWER_LABELS)) or list(ANSWER_LABELS)
    for answer in answers:
        if answer not in ANSWER_LABELS:
            f.error(("answers",), f"unknown answer {answer!r} (known: {', '.join(ANSWER_LABELS)})")
    maturity_max = f.optional(d, (), "maturity_max", int, 4) or 4
    if not 1 <= maturity_max <= 10:
        f.error(("maturity_max",), "maturity_max must be between 1 and 10")
    areas: list[Area] = []
    for at, table in f.tables(d, (), "areas"):
        f.keys(table, at, {"id", "title"}, {"title"})
        aid = f.require(table, at, "id", str) or ""
        if any(a.id == aid for a in areas):
            f.error(at + ("id",), f"duplicate area id {aid!r}")
        areas.append(Area(aid, f.text(table, at, "title")))
    questions: list[Question] = []
    area_ids = {a.id for a in areas}
    for at, table in f.tables(d, (), "questions"):
        f.keys(
            table,
            at,
            {"id", "area", "text", "weaknesses", "solutions", "anchors"},
            {"text", "weaknesses", "solutions", "anchors"},
        )
        qid = f.require(table, at, "id", str) or ""
        if qid and not QID.match(qid):
            f.error(at + ("id",), f"question id {qid!r} may hold only letters, digits, . _ -")
        if any(q.id == qid for q in questions):
            f.error(at + ("id",), f"duplicate question id {qid!r}")
        area = f.require(table, at, "area", str) or ""
        if area and area not in area_ids:
            f.error(at + ("area",), f"unknown area {area!r} (areas: {', '.join(sorted(area_ids))})")
        questions.append(
            Question(
                qid,
                area,
                f.text(table, at, "text"),
                f.text_list(table, at, "weaknesses", min_items=1),
                f.text_list(table, at, "solutions", min_items=1),
                _anchors(f, table, at, maturity_max),
            )
        )
    if not questions:
        f.error((), "a bank needs at least one [[questions]] entry")
    for lang, found in f.missing.items():
        missing.setdefault(lang, []).extend(found)
    return DiagnosticBank(
        bid, title, tuple(areas), tuple(questions), tuple(answers), maturity_max, path
    )
