"""The words around the content: every language says the same things."""

from __future__ import annotations

import string
from datetime import date

import pytest

from facilitator.i18n import KEYS, WORDS, count, key_description, role, say, short_date
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


def _binding_ids() -> dict[str, bool]:
    """Every binding id of the app's screens, and whether the footer shows it."""
    from facilitator.tui.screens import dialogs
    from facilitator.tui.screens.main import MainScreen
    from facilitator.tui.widgets.diagnostic import DiagnosticView

    screens = (
        MainScreen,
        DiagnosticView,
        dialogs.GroupsDialog,
        dialogs.NoteDialog,
        dialogs.ActionDialog,
        dialogs.AttendanceDialog,
        dialogs.ConfirmDialog,
        dialogs.HelpScreen,
    )
    ids: dict[str, bool] = {}
    for screen in screens:
        for binding in screen.BINDINGS:
            if binding.id:
                ids[binding.id] = binding.show
    return ids


@pytest.mark.parametrize("lang", sorted(KEYS))
def test_every_footer_key_has_a_word_and_no_word_is_stale(lang: str) -> None:
    ids = _binding_ids()
    shown = {i for i, show in ids.items() if show}
    assert shown - {"confirm.oui"} <= set(KEYS[lang]), shown - set(KEYS[lang])
    assert set(KEYS[lang]) <= set(ids), set(KEYS[lang]) - set(ids)


def test_counts_follow_each_language_s_plural() -> None:
    assert [count("en", "note", n) for n in (0, 1, 2)] == ["0 notes", "1 note", "2 notes"]
    assert [count("fr", "decision", n) for n in (0, 1, 2)] == [
        "0 décision",
        "1 décision",
        "2 décisions",
    ]


def test_key_description_falls_back_to_the_binding_s_own_words() -> None:
    assert key_description("fr", "app.quit", "Quit") == "Quitter"
    assert key_description("fr", None, "Quit") == "Quit"
    assert key_description("es", "app.quit", "Quit") == "Quit"


def test_roles_are_named_in_the_language_and_unknown_ones_as_they_are() -> None:
    assert role("fr", "clerk") == "secrétaire"
    assert role("en", "clerk") == "clerk"
    assert role("fr", "auditor") == "auditor"
