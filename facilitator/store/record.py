"""The workshop record: one run of a programme as the file keeps it, and back."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from facilitator.clean import clean_line
from facilitator.course.interpretation import MODES
from facilitator.course.model import Group, Participant, Workshop

FORMAT = 1
"""The workshop file's format."""


def workshop_from_record(record: dict[str, Any]) -> Workshop:
    """The workshop as kept in the file; its names are one clean line each."""

    def line(key: str, source: dict[str, Any] = record, default: str = "") -> str:
        return clean_line(str(source.get(key, default)))

    roster = tuple(
        Participant(line("name", p), line("country", p), line("agency", p), line("group", p))
        for p in record.get("roster", [])
        if isinstance(p, dict)
    )
    groups = tuple(
        Group(line("name", g), line("country", g))
        for g in record.get("groups", [])
        if isinstance(g, dict) and g.get("name")
    )
    return Workshop(
        id=line("id"),
        name=line("name"),
        programme_id=str(record["programme"]),
        start_date=line("start_date"),
        timezone=line("timezone", default="UTC"),
        venue=line("venue"),
        trainers=tuple(clean_line(str(t)) for t in record.get("trainers", [])),
        roster=roster,
        names_in_minutes=bool(record.get("names_in_minutes", False)),
        country=line("country"),
        groups=groups,
        days=tuple(str(d) for d in record.get("days", []) if isinstance(d, str)),
        day_starts=tuple(
            (int(n), str(t)) for n, t in record.get("day_starts", []) if str(n).isdigit()
        ),
        interpretation=line("interpretation") if line("interpretation") in MODES else "",
        assignments=_assignments(record.get("assignments", [])),
    )


def _assignments(raw: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(role or session id, names) pairs as kept in the file, each a clean line."""
    found: list[tuple[str, tuple[str, ...]]] = []
    for pair in raw if isinstance(raw, list) else []:
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[1], list)):
            continue
        names = tuple(n for n in (clean_line(str(v)).strip() for v in pair[1]) if n)
        if names:
            found.append((clean_line(str(pair[0])), names))
    return tuple(found)


def workshop_to_record(workshop: Workshop) -> dict[str, Any]:
    record = asdict(workshop)
    record["programme"] = record.pop("programme_id")
    record["roster"] = [asdict(p) for p in workshop.roster]
    record["groups"] = [asdict(g) for g in workshop.groups]
    record["days"] = list(workshop.days)
    record["day_starts"] = [list(pair) for pair in workshop.day_starts]
    record["trainers"] = list(workshop.trainers)
    record["assignments"] = [[key, list(names)] for key, names in workshop.assignments]
    record["format"] = FORMAT
    return record
