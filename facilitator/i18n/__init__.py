"""The words the screen shows around the content, in each language.

Course content carries its own translations (``_fr`` fields, ``content/fr/``);
this is the frame around it: the status line, captions, the timer's state, the
names of the keys. The words themselves are data, one module per language
(:mod:`.en`, :mod:`.fr`). A word missing in a language falls back to English.
"""

from __future__ import annotations

from typing import Any

from facilitator.i18n import en, fr
from facilitator.i18n.dates import hhmm, long_date, minutes_of_day, short_date

WORDS: dict[str, dict[str, str]] = {"en": en.WORDS, "fr": fr.WORDS}
ACTIONS: dict[str, dict[str, tuple[str, str]]] = {"en": en.ACTIONS, "fr": fr.ACTIONS}

__all__ = [
    "ACTIONS",
    "WORDS",
    "action_words",
    "count",
    "hhmm",
    "long_date",
    "minutes_of_day",
    "role",
    "say",
    "short_date",
    "signed",
]


def say(lang: str, key: str, /, **values: object) -> str:
    """The words for ``key`` in ``lang`` (English when missing), filled with ``values``."""
    template = WORDS.get(lang, {}).get(key) or WORDS["en"][key]
    return template.format(**values)


def action_words(lang: str, action_id: str) -> tuple[str, str]:
    """(the footer's short word, the help's and the palette's longer words) for an action."""
    return ACTIONS.get(lang, {}).get(action_id) or ACTIONS["en"][action_id]


def count(lang: str, word: str, n: int) -> str:
    """``1 note``, ``2 notes``; French keeps 0 and 1 singular."""
    one = n < 2 if lang == "fr" else n == 1
    return say(lang, f"count_{word}" if one else f"count_{word}s", n=n)


def role(lang: str, name: object) -> str:
    """A role as the screen says it; a role this version does not know is shown as is."""
    key = f"role_{name}"
    return say(lang, key) if key in WORDS["en"] else str(name)


def signed(lang: str, by: dict[str, Any] | None) -> str:
    """Who wrote a record, from its ``by`` field: ``Ana (secrétaire)``."""
    by = by or {}
    return f"{by.get('name', '?')} ({role(lang, by.get('role', '?'))})"
