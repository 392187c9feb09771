"""The words around the content: every language says the same things."""

from __future__ import annotations

import string
from datetime import date

import pytest

from facilitator.course.model import Kind
from facilitator.i18n import ACTIONS, WORDS, action_words, count, role, say, short_date
from facilitator.i18n.dates import full_date, written_date


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


def test_a_printed_french_date_writes_the_first_of_the_month_1er() -> None:
    assert full_date(date(2027, 3, 1), "fr") == "lundi 1er mars 2027"
    assert full_date(date(2027, 3, 2), "fr") == "mardi 2 mars 2027"
    assert written_date(date(2027, 3, 1), "fr") == "1er mars 2027"
    assert full_date(date(2027, 3, 1), "en") == "Monday 1 March 2027"
    assert written_date(date(2027, 3, 1), "en") == "1 March 2027"


def _registry_ids() -> set[str]:
    from facilitator.tui import actions

    every = (
        *actions.MAIN, *actions.FORM, *actions.NOTE, *actions.ATTENDANCE,
        *actions.CONFIRM, *actions.HELP, *actions.PLAN,
        *actions.SCORES, *actions.COMMENTS, *actions.RESULTS,
    )  # fmt: skip
    return {a.id for a in every}


@pytest.mark.parametrize("lang", sorted(ACTIONS))
def test_every_action_has_its_words_and_no_word_is_stale(lang: str) -> None:
    assert set(ACTIONS[lang]) == _registry_ids()
    for short, long in ACTIONS[lang].values():
        assert short and long


def test_screens_take_their_bindings_from_the_registry() -> None:
    from facilitator.tui import actions
    from facilitator.tui.screens.main import MainScreen

    french = MainScreen.speaking("fr")
    footer = {b.id: b.description for b in french.BINDINGS if b.show}
    assert footer["app.quit"] == "Quitter" and footer["timer.toggle"] == "Marche/Pause"
    assert {b.id for b in MainScreen.BINDINGS} == {a.id for a in actions.MAIN}


def test_counts_follow_each_language_s_plural() -> None:
    assert [count("en", "note", n) for n in (0, 1, 2)] == ["0 notes", "1 note", "2 notes"]
    assert [count("fr", "decision", n) for n in (0, 1, 2)] == [
        "0 décision",
        "1 décision",
        "2 décisions",
    ]


def test_action_words_fall_back_to_english() -> None:
    assert action_words("fr", "app.quit")[0] == "Quitter"
    assert action_words("es", "app.quit")[0] == "Quit"


def test_roles_are_named_in_the_language_and_unknown_ones_as_they_are() -> None:
    assert role("fr", "clerk") == "secrétaire"
    assert role("en", "clerk") == "clerk"
    assert role("fr", "auditor") == "auditor"


def test_no_two_actions_of_one_screen_share_a_key() -> None:
    """Features added side by side once both took `m` and `M`: the registry must refuse."""
    from collections import Counter

    from facilitator.tui import actions

    for group in (actions.MAIN, actions.FORM, actions.PLAN, actions.SCORES, actions.RESULTS):
        keys = Counter(
            (key, action.when, action.langs) for action in group for key in action.keys.split(",")
        )
        assert [k for k, n in keys.items() if n > 1] == [], group[0].id
