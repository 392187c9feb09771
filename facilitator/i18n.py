"""The words the screen shows around the content, in each language.

Course content carries its own translations (``_fr`` fields, ``content/fr/``);
this is the frame around it: the status line, captions, the timer's state.
A word missing in a language falls back to English.
"""

from __future__ import annotations

from datetime import date
from typing import Any

HELP_EN = """\
# Keys

| key | does |
| --- | --- |
| space | start the next session, pause, resume |
| n / b | next / back: move to the next or previous session |
| + / - | add 5 minutes / take 5 minutes off the session |
| x / k | end the current session / skip the next one |
| → ← PgDn PgUp | next / previous slide or question |
| shift+↓ shift+↑ | scroll a slide taller than the screen |
| s | show or hide speaker notes |
| p | presentation mode: only the slide and the timer |
| < / > | show the previous / next day in the agenda |
| enter (agenda) | go to the highlighted session |
| o / d / a | add a note / a decision / an action item |
| ctrl+r (note, decision, answer) | restricted: for the trainers only, never in the minutes |
| t | take attendance for this session |
| g / G | diagnostic: answer for the next group / name the groups |
| r | show what has been recorded for this session |
| e / E | export this session's minutes / the whole workshop |
| f | follow the lead, or browse freely (follow mode) |
| ctrl+p | command palette: every session and every action |
| tab, esc | move between the form fields; esc returns to the agenda |
| q | quit (asks first while the timer runs) |

Everything is saved the moment it is entered: there is no save step.
"""

HELP_FR = """\
# Touches

| touche | effet |
| --- | --- |
| espace | démarrer la séance suivante, mettre en pause, reprendre |
| n / b | séance suivante / précédente |
| + / - | ajouter 5 minutes à la séance / lui en retirer 5 |
| x / k | terminer la séance en cours / sauter la suivante |
| → ← PgDn PgUp | diapositive ou question suivante / précédente |
| maj+↓ maj+↑ | faire défiler une diapositive plus haute que l'écran |
| s | afficher ou masquer les notes de l'animateur |
| p | mode projection : seulement la diapositive et le chronomètre |
| < / > | afficher le jour précédent / suivant dans l'agenda |
| entrée (agenda) | aller à la séance en surbrillance |
| o / d / a | ajouter une note / une décision / une action |
| ctrl+r (note, décision, réponse) | confidentiel : formateurs seulement, hors compte rendu |
| t | prendre les présences de cette séance |
| g / G | diagnostic : répondre pour le groupe suivant / nommer les groupes |
| r | voir ce qui a été saisi pour cette séance |
| e / E | exporter le compte rendu de cette séance / de tout l'atelier |
| f | suivre l'animateur ou naviguer librement (mode suivi) |
| ctrl+p | palette de commandes : toutes les séances et toutes les actions |
| tab, échap | passer d'un champ à l'autre ; échap revient à l'agenda |
| q | quitter (demande confirmation si le chronomètre tourne) |

Tout est enregistré dès la saisie : il n'y a rien à sauvegarder.
"""

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
        "whole_room": "whole room",
        "restricted_box": "Restricted: trainers only, not in the minutes (ctrl+r)",
        "restricted": "restricted",
        "group": "Group",
        "groups_answered": "groups",
        "summary_group": "Answers of {group}",
        "recorded_by": "Recorded by {who}",
        "evidence": "Evidence cited · a law, a procedure, a register",
        "ended": "Ended {title}",
        "dialog_groups": "Diagnostic groups",
        "groups_hint": (
            "One group per line. Leave it empty for one group per country of the roster."
        ),
        "groups_kept": "These groups have answers and must stay: {names}",
        "saved_groups": "Groups saved: {names}",
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
        "mode_lead": "LEAD",
        "mode_clerk": "CLERK",
        "mode_follower": "FOLLOW",
        "role_lead": "lead",
        "role_clerk": "clerk",
        "role_follower": "follower",
        "only_lead": "Only the lead trainer can do that.",
        "agenda": "Agenda",
        "all_held": "Every session has been held.",
        "last_session": "This is the last session.",
        "first_session": "This is the first session.",
        "extended": "{minutes} min for {title}",
        "skipped": "Skipped {title}",
        "saved_note": "Note saved",
        "saved_decision": "Decision saved",
        "saved_action": "Action item saved",
        "saved_attendance": "Attendance saved: {n} of {m} present",
        "quit_running": "The timer is running. Quit anyway? (it keeps counting)",
        "save_failed": "Save failed",
        "undone_why": (
            "Could not save {what} ({error}). It was undone on screen, so the screen shows "
            "what the file holds; check the disk, then press the key again."
        ),
        "kept_why": (
            "Could not save the {what} ({error}). It is kept on this screen and tried again "
            "every 5 seconds; check the disk."
        ),
        "unsaved": "{n} record(s) not saved yet: trying again every 5 s (is the disk full?)",
        "quit_unsaved": (
            "{n} record(s) could not be saved yet. Quit anyway? They are written to {path}"
        ),
        "added_note": "{who} added a note",
        "added_decision": "{who} added a decision",
        "added_action": "{who} added an action item",
        "added_many": "{who} added {n} notes, decisions or action items",
        "lead": "Lead",
        "took_over": "{who} took over the lead; this terminal now follows.",
        "export": "Export",
        "export_failed": "Export failed",
        "exported_one": "Minutes written to {path}",
        "exported_many": "{n} files written to {folder}",
        "dialog_note": "Note · {title}",
        "dialog_decision": "Decision · {title}",
        "dialog_action": "Action item · {title}",
        "dialog_attendance": "Attendance · {title}",
        "button_save": "Save (ctrl+s)",
        "button_cancel": "Cancel",
        "button_yes": "Yes (y)",
        "button_no": "No (n)",
        "text_empty": "Nothing to save: the text is empty.",
        "action_what": "Action",
        "action_what_hint": "What will be done",
        "action_owner": "Owner",
        "action_owner_hint": "Who (agency or person)",
        "action_due": "Due date",
        "action_due_hint": "YYYY-MM-DD",
        "action_missing": "Say what the action is.",
        "action_due_bad": "Due date {due} is not a date written YYYY-MM-DD.",
        "no_roster": (
            "This workshop has no roster: give one with `facilitator new --roster FILE.csv`."
        ),
        "attendance_hint": "space ticks · a ticks everyone",
        "help_title": "Help · esc or q closes",
        "help": HELP_EN,
        "records_caption": "{title} · {counts} · present {present} of {roster} · r returns",
        "count_note": "{n} note",
        "count_notes": "{n} notes",
        "count_decision": "{n} decision",
        "count_decisions": "{n} decisions",
        "count_action": "{n} action",
        "count_actions": "{n} actions",
        "records_notes": "Notes and decisions",
        "records_actions": "Action items",
        "note_note": "note",
        "note_decision": "decision",
        "action_open": "open",
        "action_done": "done",
        "due_on": "due {date}",
        "no_due": "no due date",
        "no_owner": "no owner",
        "records_empty": (
            "Nothing recorded for this session yet: o adds a note, d a decision, "
            "a an action item, t takes attendance."
        ),
        "go_to": "Go to day {n} · {time} · {title}",
        "status_done": "done",
        "status_current": "current",
        "status_next": "next",
        "status_pending": "pending",
        "status_skipped": "skipped",
        "status_missed": "missed",
        "palette_action": "action",
        "cmd_toggle": "Start, pause or resume the timer",
        "cmd_next_session": "Next session",
        "cmd_previous_session": "Previous session",
        "cmd_extend_plus": "Add 5 minutes to this session",
        "cmd_extend_minus": "Take 5 minutes off this session",
        "cmd_end_session": "End the current session (end of the day)",
        "cmd_skip_next": "Skip the next session",
        "cmd_toggle_notes": "Show or hide speaker notes",
        "cmd_toggle_presentation": "Presentation mode",
        "cmd_note": "Add a note",
        "cmd_decision": "Add a decision",
        "cmd_action_item": "Add an action item",
        "cmd_attendance": "Take attendance",
        "cmd_toggle_records": "Show the record of this session",
        "cmd_export_session": "Export this session's minutes",
        "cmd_export_workshop": "Export the whole workshop",
        "cmd_toggle_follow": "Follow the lead / browse freely",
        "cmd_help": "Help: keys",
        "cmd_quit": "Quit",
    },
    "fr": {
        "late": "{n} min de retard",
        "ahead": "{n} min d'avance",
        "on_time": "à l'heure",
        "break_now": "{title} à {time}",
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
        "whole_room": "toute la salle",
        "restricted_box": "Confidentiel : hors compte rendu (ctrl+r)",
        "restricted": "confidentiel",
        "group": "Groupe",
        "groups_answered": "groupes",
        "summary_group": "Réponses de {group}",
        "recorded_by": "Saisi par {who}",
        "evidence": "Éléments cités · une loi, une procédure, un registre",
        "ended": "Séance terminée : {title}",
        "dialog_groups": "Groupes du diagnostic",
        "groups_hint": (
            "Un groupe par ligne. Laissez vide pour un groupe par pays "
            "de la liste des participants."
        ),
        "groups_kept": "Ces groupes ont des réponses et doivent rester : {names}",
        "saved_groups": "Groupes enregistrés : {names}",
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
        "mode_lead": "ANIMATEUR",
        "mode_clerk": "SECRÉTAIRE",
        "mode_follower": "SUIVI",
        "role_lead": "animateur",
        "role_clerk": "secrétaire",
        "role_follower": "co-formateur",
        "only_lead": "Seul le formateur principal peut le faire.",
        "agenda": "Agenda",
        "all_held": "Toutes les séances ont eu lieu.",
        "last_session": "C'est la dernière séance.",
        "first_session": "C'est la première séance.",
        "extended": "{minutes} min pour {title}",
        "skipped": "Séance sautée : {title}",
        "saved_note": "Note enregistrée",
        "saved_decision": "Décision enregistrée",
        "saved_action": "Action enregistrée",
        "saved_attendance": "Présences enregistrées : {n} présents sur {m}",
        "quit_running": "Le chronomètre tourne. Quitter quand même ? (il continue de compter)",
        "save_failed": "Échec de l'enregistrement",
        "undone_why": (
            "Impossible d'enregistrer {what} ({error}). L'action a été annulée à l'écran, qui "
            "montre ce que contient le fichier ; vérifiez le disque, puis appuyez de nouveau."
        ),
        "kept_why": (
            "Impossible d'enregistrer : {what} ({error}). La saisie est gardée à l'écran et "
            "un nouvel essai a lieu toutes les 5 secondes ; vérifiez le disque."
        ),
        "unsaved": (
            "{n} saisie(s) pas encore enregistrée(s) : nouvel essai toutes les 5 s (disque plein ?)"
        ),
        "quit_unsaved": (
            "{n} saisie(s) pas encore enregistrée(s). Quitter quand même ? "
            "Elles seront écrites dans {path}"
        ),
        "added_note": "{who} a ajouté une note",
        "added_decision": "{who} a ajouté une décision",
        "added_action": "{who} a ajouté une action",
        "added_many": "{who} a ajouté {n} notes, décisions ou actions",
        "lead": "Animation",
        "took_over": "{who} a pris la main ; ce terminal suit désormais.",
        "export": "Export",
        "export_failed": "Échec de l'export",
        "exported_one": "Compte rendu écrit dans {path}",
        "exported_many": "{n} fichiers écrits dans {folder}",
        "dialog_note": "Note · {title}",
        "dialog_decision": "Décision · {title}",
        "dialog_action": "Action · {title}",
        "dialog_attendance": "Présences · {title}",
        "button_save": "Enregistrer (ctrl+s)",
        "button_cancel": "Annuler",
        "button_yes": "Oui (o)",
        "button_no": "Non (n)",
        "text_empty": "Rien à enregistrer : le texte est vide.",
        "action_what": "Action",
        "action_what_hint": "Ce qui sera fait",
        "action_owner": "Responsable",
        "action_owner_hint": "Qui (service ou personne)",
        "action_due": "Échéance",
        "action_due_hint": "AAAA-MM-JJ",
        "action_missing": "Dites en quoi consiste l'action.",
        "action_due_bad": "L'échéance {due} n'est pas une date écrite AAAA-MM-JJ.",
        "no_roster": (
            "Cet atelier n'a pas de liste de participants : "
            "indiquez-en une avec `facilitator new --roster FICHIER.csv`."
        ),
        "attendance_hint": "espace coche · a coche tout le monde",
        "help_title": "Aide · échap ou q ferme",
        "help": HELP_FR,
        "records_caption": (
            "{title} · {counts} · présents {present} sur {roster} · r pour revenir"
        ),
        "count_note": "{n} note",
        "count_notes": "{n} notes",
        "count_decision": "{n} décision",
        "count_decisions": "{n} décisions",
        "count_action": "{n} action",
        "count_actions": "{n} actions",
        "records_notes": "Notes et décisions",
        "records_actions": "Actions",
        "note_note": "note",
        "note_decision": "décision",
        "action_open": "ouverte",
        "action_done": "faite",
        "due_on": "échéance {date}",
        "no_due": "sans échéance",
        "no_owner": "sans responsable",
        "records_empty": (
            "Rien n'est encore saisi pour cette séance : o ajoute une note, d une décision, "
            "a une action, t prend les présences."
        ),
        "go_to": "Aller au jour {n} · {time} · {title}",
        "status_done": "terminée",
        "status_current": "en cours",
        "status_next": "suivante",
        "status_pending": "à venir",
        "status_skipped": "sautée",
        "status_missed": "manquée",
        "palette_action": "action",
        "cmd_toggle": "Démarrer, mettre en pause ou reprendre le chronomètre",
        "cmd_next_session": "Séance suivante",
        "cmd_previous_session": "Séance précédente",
        "cmd_extend_plus": "Ajouter 5 minutes à cette séance",
        "cmd_extend_minus": "Retirer 5 minutes à cette séance",
        "cmd_end_session": "Terminer la séance en cours (fin de journée)",
        "cmd_skip_next": "Sauter la séance suivante",
        "cmd_toggle_notes": "Afficher ou masquer les notes de l'animateur",
        "cmd_toggle_presentation": "Mode projection",
        "cmd_note": "Ajouter une note",
        "cmd_decision": "Ajouter une décision",
        "cmd_action_item": "Ajouter une action",
        "cmd_attendance": "Prendre les présences",
        "cmd_toggle_records": "Voir ce qui a été saisi pour cette séance",
        "cmd_export_session": "Exporter le compte rendu de cette séance",
        "cmd_export_workshop": "Exporter tout l'atelier",
        "cmd_toggle_follow": "Suivre l'animateur / naviguer librement",
        "cmd_help": "Aide : les touches",
        "cmd_quit": "Quitter",
    },
}

KEYS: dict[str, dict[str, str]] = {
    "fr": {
        "timer.toggle": "Marche/Pause",
        "timer.extend": "+5 min",
        "timer.shorten": "-5 min",
        "agenda.end": "Terminer",
        "view.scroll_down": "Défiler vers le bas",
        "view.scroll_up": "Défiler vers le haut",
        "agenda.skip": "Sauter la suivante",
        "diag.group": "Groupe suivant",
        "diag.groups": "Groupes",
        "diag.restricted": "Confidentiel",
        "agenda.next": "Suivante",
        "agenda.back": "Retour",
        "agenda.prev_day": "Jour précédent",
        "agenda.next_day": "Jour suivant",
        "slide.next": "Diapo suivante",
        "slide.prev": "Diapo précédente",
        "slide.pagedown": "Suivante",
        "slide.pageup": "Précédente",
        "view.notes": "Notes",
        "view.presentation": "Projeter",
        "view.records": "Saisies",
        "view.follow": "Suivre",
        "view.agenda": "Agenda",
        "record.note": "Note",
        "record.decision": "Décision",
        "record.action": "Action",
        "record.attendance": "Présences",
        "export.session": "Exporter",
        "export.workshop": "Tout exporter",
        "app.help": "Aide",
        "app.quit": "Quitter",
        "dialog.save": "Enregistrer",
        "dialog.cancel": "Annuler",
        "dialog.all": "Tous présents",
        "dialog.restricted": "Confidentiel",
        "confirm.yes": "Oui",
        "confirm.no": "Non",
        "help.close": "Fermer",
    },
}
"""Footer descriptions by binding id; English is what the ``BINDINGS`` say."""


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


def key_description(lang: str, binding_id: str | None, english: str) -> str:
    """The footer's word for a binding: ``english`` unless ``lang`` has its own."""
    if binding_id is None:
        return english
    return KEYS.get(lang, {}).get(binding_id, english)


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
