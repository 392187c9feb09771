"""The words the screen shows around the content, in each language.

Course content carries its own translations (``_fr`` fields, ``content/fr/``);
this is the frame around it: the status line, captions, the timer's state.
A word missing in a language falls back to English.
"""

from __future__ import annotations

from datetime import date

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "late": "running {n} min late",
        "ahead": "{n} min ahead",
        "on_time": "on time",
        "break_now": "{title} now {time}",
        "day_ends": "day ends {time}",
        "then": "; ",
        "day_of": "day {n} of {m}",
        "agenda_day": "Day {n} of {m} · {date}",
        "slide_of": "{title} · slide {n} of {m}",
        "notes_title": "Speaker notes · s hides",
        "no_notes": "*No notes for this slide.*",
        "question_of": "Question {n} of {m} · {area} · {id}",
        "read_only": "read only",
        "summary_of": "{title} · summary of {m} questions",
        "weaknesses": "Common weaknesses · tick those observed",
        "solutions": "Possible solutions · tick those agreed",
        "answer": "Answer",
        "maturity": "Maturity",
        "notes": "Notes",
        "question": "Question",
        "answered": "{a} of {m} answered · mean maturity {mean}",
        "ready": "ready",
        "ready_space": "ready: space starts",
        "running": "running",
        "paused": "paused",
        "over": "over time",
        "over_paused": "over time, paused",
        "next_at": "next: {title} at {time}",
        "browsing": "browsing: f to follow the lead again",
        "following": "following the lead · {role}",
        "over_by": "Over by {n} min: time to start again",
        "back_at": "Back at {time}",
        "planned": "{kind}, {minutes} min, planned {start}–{end}",
        "objectives": "Objectives",
        "trainers": "Trainers: {names}",
        "kind_content": "content",
        "kind_diagnostic": "diagnostic",
        "kind_exercise": "exercise",
        "kind_break": "break",
        "kind_evaluation": "evaluation",
        "kind_ceremony": "ceremony",
    },
    "fr": {
        "late": "{n} min de retard",
        "ahead": "{n} min d'avance",
        "on_time": "à l'heure",
        "break_now": "{title} désormais à {time}",
        "day_ends": "fin de journée à {time}",
        "then": " ; ",
        "day_of": "jour {n} sur {m}",
        "agenda_day": "Jour {n}/{m} · {date}",
        "slide_of": "{title} · diapo {n}/{m}",
        "notes_title": "Notes de l'animateur · s les masque",
        "no_notes": "*Pas de notes pour cette diapositive.*",
        "question_of": "Question {n} sur {m} · {area} · {id}",
        "read_only": "lecture seule",
        "summary_of": "{title} · synthèse des {m} questions",
        "weaknesses": "Faiblesses courantes · cochez celles observées",
        "solutions": "Solutions possibles · cochez celles retenues",
        "answer": "Réponse",
        "maturity": "Maturité",
        "notes": "Notes",
        "question": "Question",
        "answered": "{a} sur {m} avec réponse · maturité moyenne {mean}",
        "ready": "prêt",
        "ready_space": "prêt : espace pour démarrer",
        "running": "en cours",
        "paused": "en pause",
        "over": "temps dépassé",
        "over_paused": "temps dépassé, en pause",
        "next_at": "ensuite : {title} à {time}",
        "browsing": "navigation libre : f pour suivre à nouveau l'animateur",
        "following": "suit l'animateur · {role}",
        "over_by": "Dépassement de {n} min : il est temps de reprendre",
        "back_at": "Reprise à {time}",
        "planned": "{kind}, {minutes} min, prévu de {start} à {end}",
        "objectives": "Objectifs",
        "trainers": "Formateurs : {names}",
        "kind_content": "contenu",
        "kind_diagnostic": "diagnostic",
        "kind_exercise": "exercice",
        "kind_break": "pause",
        "kind_evaluation": "évaluation",
        "kind_ceremony": "cérémonie",
    },
}

_FR_DAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
_FR_MONTHS = (
    "janv.", "févr.", "mars", "avr.", "mai", "juin",
    "juil.", "août", "sept.", "oct.", "nov.", "déc.",
)  # fmt: skip


def say(lang: str, key: str, /, **values: object) -> str:
    """The words for ``key`` in ``lang`` (English when missing), filled with ``values``."""
    template = WORDS.get(lang, {}).get(key) or WORDS["en"][key]
    return template.format(**values)


def short_date(day: date, lang: str) -> str:
    """``Mon 07 Dec`` in English, ``lun. 07 déc.`` in French, whatever the OS locale."""
    if lang == "fr":
        return f"{_FR_DAYS[day.weekday()]} {day.day:02d} {_FR_MONTHS[day.month - 1]}"
    return day.strftime("%a %d %b")
