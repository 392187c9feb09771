"""Diagnostic answers: one record per session, question and group, merged field by field.

Two terminals may edit the same answer at once (the clerk types the notes
while the lead ticks the weaknesses). Each field carries its own time and
author, so a change to one field never resets another, and for one field the
later change wins, judged by its time. The value it replaces, when someone
else wrote it, is kept in the record's history: nothing typed is dropped.

Pure functions over plain dicts; the store applies :func:`merge` inside its
locked read-modify-write.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from facilitator.clean import clean_text

FIELDS = ("answer", "maturity", "weaknesses", "solutions", "evidence", "notes", "restricted")
TEXT_FIELDS = ("evidence", "notes")
ROOM = "room"
"""The group of answers given by the whole room (and of answers from before groups)."""


def mean_maturity(levels: list[int]) -> str:
    """``2.3``: the mean of maturity levels to one decimal, ``—`` when there are none."""
    return f"{sum(levels) / len(levels):.1f}" if levels else "—"


def blank(field: str) -> Any:
    """The value of a field nobody has filled in."""
    if field == "restricted":
        return False
    if field in ("weaknesses", "solutions"):
        return ()
    if field in TEXT_FIELDS:
        return ""
    return None


def normalise(field: str, value: Any) -> Any:
    """A field's value in the one form it is stored and compared in."""
    if field not in FIELDS:
        raise ValueError(f"unknown answer field {field!r}")
    if value is None:
        return blank(field)
    if field == "restricted":
        return value is True
    if field in ("weaknesses", "solutions"):
        return tuple(sorted({int(i) for i in value if isinstance(i, int) and i >= 0}))
    if field in TEXT_FIELDS:
        return clean_text(str(value))
    if field == "maturity":
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    return str(value) if value else None


@dataclass(frozen=True, slots=True)
class Change:
    """One field's value, when it was set and by whom."""

    field: str
    value: Any
    at: float
    by: Mapping[str, str]

    def to_record(self) -> dict[str, Any]:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {"value": value, "at": self.at, "by": dict(self.by)}

    @classmethod
    def from_record(cls, field: str, record: Mapping[str, Any]) -> Change:
        return cls(
            field,
            normalise(field, record.get("value")),
            float(record.get("at", 0)),
            dict(record.get("by") or {}),
        )


@dataclass(frozen=True, slots=True)
class Answer:
    """A group's answer to one question, as stored."""

    session: str
    question: str
    group: str
    fields: Mapping[str, Change]
    history: tuple[Change, ...] = ()
    uid: str = ""

    def value(self, field: str) -> Any:
        change = self.fields.get(field)
        return blank(field) if change is None else change.value

    def values(self) -> dict[str, Any]:
        return {name: self.value(name) for name in FIELDS}

    @property
    def answered(self) -> bool:
        return self.value("answer") is not None

    @property
    def at(self) -> float:
        """When it was last changed."""
        return max((c.at for c in self.fields.values()), default=0.0)

    def authors(self) -> list[Mapping[str, str]]:
        """Everyone who wrote a field of it, its history included, earliest first."""
        seen: list[Mapping[str, str]] = []
        for change in sorted((*self.fields.values(), *self.history), key=lambda c: c.at):
            if change.by not in seen:
                seen.append(change.by)
        return seen


def group_of(record: Mapping[str, Any]) -> str:
    return str(record.get("group") or record.get("respondent") or ROOM)


def from_record(record: Mapping[str, Any]) -> Answer:
    """An answer from its stored record, in either layout.

    Records written before answers were merged by field hold the values flat
    (``answer``, ``maturity``, ...) with one ``at`` and ``by`` for them all.
    """
    fields: dict[str, Change] = {}
    stored = record.get("fields")
    if isinstance(stored, Mapping):
        for name in FIELDS:
            if isinstance(stored.get(name), Mapping):
                fields[name] = Change.from_record(name, stored[name])
    else:
        at = float(record.get("at", 0))
        by = dict(record.get("by") or {})
        for name in FIELDS:
            if name in record and normalise(name, record[name]) != blank(name):
                fields[name] = Change(name, normalise(name, record[name]), at, by)
    history = tuple(
        Change.from_record(str(h.get("field")), h)
        for h in record.get("history", ())
        if isinstance(h, Mapping) and h.get("field") in FIELDS
    )
    return Answer(
        str(record.get("session", "")),
        str(record.get("question", "")),
        group_of(record),
        fields,
        history,
        str(record.get("uid", "")),
    )


def merge_changes(
    fields: dict[str, Change],
    history: list[Change],
    incoming: list[Change],
    blank_of: Callable[[str], Any],
) -> list[Change]:
    """Apply ``incoming`` to ``fields`` (changed in place); return the history after.

    A change older than what is stored for its field does not win; it goes
    into the history. A change that replaces another author's value keeps
    that value in the history. The history holds the latest superseded value
    of each field per author.
    """

    def keep(change: Change) -> None:
        history[:] = [h for h in history if not (h.field == change.field and h.by == change.by)] + [
            change
        ]

    for change in incoming:
        name = change.field
        stored = fields.get(name)
        if stored is None:
            if change.value != blank_of(name):
                fields[name] = change
            continue
        if stored.value == change.value:
            continue
        if change.at < stored.at:
            if change.by != stored.by:
                keep(change)
            continue
        if stored.by != change.by:
            keep(stored)
        # the author's own newest value is now the current one
        history = [h for h in history if not (h.field == name and h.by == change.by)]
        fields[name] = change
    return history


def merge(
    record: Mapping[str, Any] | None,
    key: tuple[str, str, str],
    changes: Mapping[str, tuple[Any, float]],
    by: Mapping[str, str],
) -> dict[str, Any]:
    """The record after ``changes`` (field: (value, when it was made)) by ``by``, merged
    by :func:`merge_changes`."""
    session, question, group = key
    current = from_record(record) if record is not None else Answer(session, question, group, {})
    fields = dict(current.fields)
    incoming = [
        Change(name, normalise(name, raw), at, dict(by)) for name, (raw, at) in changes.items()
    ]
    history = merge_changes(fields, list(current.history), incoming, blank)
    out: dict[str, Any] = dict(record or {})
    for flat in (*FIELDS, "respondent"):
        out.pop(flat, None)
    keys = {"session": session, "question": question, "group": group}
    return stored(out, keys, fields, history, changes, by)


def stored(
    out: dict[str, Any],
    keys: Mapping[str, str],
    fields: Mapping[str, Change],
    history: list[Change],
    changes: Mapping[str, tuple[Any, float]],
    by: Mapping[str, str],
) -> dict[str, Any]:
    """``out`` with its keys, fields and history as the file keeps them; when and by whom
    it was first written, if that is new."""
    out.update(keys)
    out["fields"] = {name: change.to_record() for name, change in fields.items()}
    out["history"] = [{"field": h.field, **h.to_record()} for h in history]
    out.setdefault("at", min(at for _, at in changes.values()) if changes else 0.0)
    out.setdefault("by", dict(by))
    return out
