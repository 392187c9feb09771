"""What participants wrote on their papers: one record per paper (test, participant code).

``test`` is ``pre``, ``post`` or ``evaluation``. Each field (an item id, a
criterion id, a comment id) carries its own value, time and author, and is
merged like a diagnostic answer (:func:`facilitator.store.answers.merge_changes`):
two clerks typing the same paper lose nothing. Records hold participant codes,
never names. Pure functions over plain dicts; the store applies :func:`merge`
inside its locked read-modify-write.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from facilitator.clean import clean_text
from facilitator.store.answers import Change, merge_changes, stored

TESTS = ("pre", "post", "evaluation")
"""The papers a participant fills in."""


def normalise(test: str, value: Any) -> str:
    """A field's value as stored: a test answer is one capital letter or nothing (``""``);
    an evaluation field is the text as written, cleaned."""
    if test not in TESTS:
        raise ValueError(f"unknown test {test!r}")
    text = clean_text("" if value is None else str(value))
    return text.strip().upper() if test != "evaluation" else text.strip()


def _blank(_field: str) -> str:
    return ""


@dataclass(frozen=True, slots=True)
class Paper:
    """One participant's paper, as stored."""

    test: str
    code: str
    fields: Mapping[str, Change]
    history: tuple[Change, ...] = ()

    def value(self, field: str) -> str:
        change = self.fields.get(field)
        return "" if change is None else str(change.value)

    def values(self) -> dict[str, str]:
        return {name: str(change.value) for name, change in self.fields.items()}

    def authors(self) -> list[Mapping[str, str]]:
        """Everyone who typed on it, earliest first."""
        seen: list[Mapping[str, str]] = []
        for change in sorted(self.fields.values(), key=lambda c: c.at):
            if change.by not in seen:
                seen.append(change.by)
        return seen


def _change(test: str, field: str, record: Mapping[str, Any]) -> Change:
    # read back: the file's text was cleaned on its way in (the store cleans what it
    # writes, and a file with anything suspect in it is cleaned when read)
    raw = record.get("value")
    value = "" if raw is None else str(raw).strip()
    return Change(
        field,
        value if test == "evaluation" else value.upper(),
        float(record.get("at", 0)),
        dict(record.get("by") or {}),
    )


def from_record(record: Mapping[str, Any]) -> Paper:
    test = str(record.get("test", ""))
    test = test if test in TESTS else "evaluation"
    stored = record.get("fields")
    fields = {
        str(name): _change(test, str(name), value)
        for name, value in (stored.items() if isinstance(stored, Mapping) else ())
        if isinstance(value, Mapping)
    }
    history = tuple(
        _change(test, str(h.get("field")), h)
        for h in record.get("history", ())
        if isinstance(h, Mapping) and h.get("field")
    )
    return Paper(test, str(record.get("code", "")), fields, history)


def merge(
    record: Mapping[str, Any] | None,
    key: tuple[str, str],
    changes: Mapping[str, tuple[Any, float]],
    by: Mapping[str, str],
) -> dict[str, Any]:
    """The paper's record after ``changes`` (field: (value, when typed)) by ``by``."""
    test, code = key
    current = from_record(record) if record is not None else Paper(test, code, {})
    fields = dict(current.fields)
    incoming = [Change(f, normalise(test, v), at, dict(by)) for f, (v, at) in changes.items()]
    history = merge_changes(fields, list(current.history), incoming, _blank)
    return stored(dict(record or {}), {"test": test, "code": code}, fields, history, changes, by)
