"""The words around the content: every language says the same things."""

from __future__ import annotations

import string
from datetime import date

import pytest

from facilitator.i18n import WORDS, say, short_date
from facilitator.model import Kind


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("lang", sorted(set(WORDS) - {"en"}))
def test_every_word_is_translated_with_the_same_blanks(lang: str) -> None:
    assert set(WORDS[lang]) == set(WORDS["en"])
    for key, english in WORDS["en"].items():
        assert _fields(WORDS[lang][key]) == _fields(english), key


def test_every_session_kind_has_a_name() -> None:
    for kind in Kind:
        for lang in WORDS:
            assert say(lang, f"kind_{kind.value}")


def test_missing_language_falls_back_to_english() -> None:
    assert say("es", "slide_of", title="T", n=2, m=5) == "T · slide 2 of 5"
    assert say("fr", "slide_of", title="T", n=2, m=5) == "T · diapo 2/5"


def test_short_date_does_not_depend_on_the_locale() -> None:
    assert short_date(date(2026, 12, 7), "fr") == "lun. 07 déc."
    assert short_date(date(2027, 8, 1), "fr") == "dim. 01 août"
    assert short_date(date(2026, 12, 7), "en") == "Mon 07 Dec"
