"""Every action of the app, once: its id, its keys, who may use it and when.

The screens' ``BINDINGS``, the footer and its words in each language, the help
screen, the command palette and the role checks are all built from here; the
words themselves are in :mod:`facilitator.i18n` (``ACTIONS``), by action id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from textual.binding import Binding
from textual.dom import DOMNode

from facilitator.i18n import action_words

LEAD = "lead"
"""Moves the agenda: the lead trainer only."""
RECORDER = "recorder"
"""Writes records: the lead and the clerk."""
ANYONE = "anyone"


@dataclass(frozen=True, slots=True)
class Action:
    """One thing a key does."""

    id: str
    keys: str
    action: str
    who: str = ANYONE
    footer: bool = False
    display: str | None = None
    priority: bool = False
    palette: bool = True
    help: bool = True
    when: str = ""
    """``following``: only where the terminal follows the lead."""
    langs: tuple[str, ...] = ()
    """Only in these languages (none: in all): French says yes with o, for oui."""
    early: bool = False
    """Taken by the screen as soon as the key is read, not after it has travelled up
    from the focused widget through each of its containers (a round of messages each,
    about 1.4 ms for a slide key from the agenda), unless the focused widget, or one
    between it and the screen, has a binding of its own for the key (see
    :func:`early_name`)."""

    @property
    def name(self) -> str:
        """The action method's name without arguments: ``extend`` for ``extend(5)``."""
        return self.action.split("(", 1)[0]

    def shown_key(self) -> str:
        return self.display or self.keys.split(",")[0].replace("_", " ")


MAIN: tuple[Action, ...] = (
    Action("timer.toggle", "space", "toggle", LEAD, footer=True),
    Action("agenda.next", "n", "next_session", LEAD, footer=True),
    Action("agenda.back", "b", "previous_session", LEAD),
    Action("timer.extend", "plus,equals_sign", "extend(5)", LEAD, display="+"),
    Action("timer.shorten", "minus", "extend(-5)", LEAD, display="-"),
    Action("agenda.end", "x", "end_session", LEAD),
    Action("agenda.skip", "k", "skip_next", LEAD),
    Action("slide.next", "right", "slide(1)", display="→", palette=False, early=True),
    Action("slide.prev", "left", "slide(-1)", display="←", palette=False, early=True),
    Action("slide.pagedown", "pagedown", "slide(1)", display="PgDn", priority=True, palette=False),
    Action("slide.pageup", "pageup", "slide(-1)", display="PgUp", priority=True, palette=False),
    Action("view.scroll_down", "shift+down", "scroll_stage(1)", display="shift+↓", palette=False),
    Action("view.scroll_up", "shift+up", "scroll_stage(-1)", display="shift+↑", palette=False),
    Action("view.notes", "s", "toggle_notes"),
    Action("view.presentation", "p", "toggle_presentation"),
    Action("agenda.prev_day", "less_than_sign", "day(-1)", display="<", palette=False),
    Action("agenda.next_day", "greater_than_sign", "day(1)", display=">", palette=False),
    Action("record.note", "o", "note('note')", RECORDER, footer=True),
    Action("record.decision", "d", "note('decision')", RECORDER),
    Action("record.action", "a", "action_item", RECORDER),
    Action("record.attendance", "t", "attendance", RECORDER),
    Action("diag.group", "g", "next_group"),
    Action("diag.groups", "G", "groups", RECORDER),
    Action("view.records", "r", "toggle_records", footer=True),
    Action("export.session", "e", "export_session"),
    Action("export.workshop", "E", "export_workshop"),
    Action("view.follow", "f", "toggle_follow", when="following"),
    Action("view.agenda", "escape", "focus_agenda", display="esc", palette=False),
    Action("app.help", "question_mark,f1", "help", footer=True, display="?"),
    Action("app.quit", "q", "quit", footer=True),
    Action("agenda.plan", "P", "plan", LEAD),
    Action("agenda.move", "m", "move_session", LEAD),
    Action("scores.enter", "S", "enter_scores", RECORDER),
    Action("scores.results", "R", "results"),
    Action("lead.give", "h", "hand_over", LEAD),
    Action("lead.take", "T", "take_lead", when="following"),
    Action("workshop.trainers", "W", "trainers", RECORDER),
    Action("room.blackout", "B", "blackout", LEAD),
    Action("room.message", "M", "room_message"),  # the team: see Controller.can_message
    Action("room.cue", "C", "cue"),
    Action("room.reveal", "v", "reveal", LEAD),
)
"""The workshop screen's actions, in the order the help lists them."""

FORM: tuple[Action, ...] = (
    Action("diag.restricted", "ctrl+r", "restricted", RECORDER, palette=False),
)
"""The diagnostic form's own."""

SAVE: tuple[Action, ...] = (
    Action("dialog.save", "ctrl+s", "save", footer=True, palette=False),
    Action("dialog.cancel", "escape", "cancel", footer=True, display="esc", palette=False),
)
NOTE = (*SAVE, Action("dialog.restricted", "ctrl+r", "restricted", footer=True, palette=False))
ATTENDANCE = (*SAVE, Action("dialog.all", "a", "all", footer=True, palette=False))
CONFIRM: tuple[Action, ...] = (
    Action("confirm.yes", "y", "yes", footer=True, palette=False, langs=("en",)),
    Action("confirm.oui", "o", "oui", footer=True, palette=False, langs=("fr",)),
    Action("confirm.no", "n,escape", "answer(False)", footer=True, palette=False),
)
PLAN: tuple[Action, ...] = (
    Action("plan.accept", "enter", "accept", footer=True, palette=False),
    Action("plan.toggle", "space", "toggle_item", footer=True, palette=False),
    Action("plan.more", "plus,equals_sign", "cut(5)", footer=True, display="+", palette=False),
    Action("plan.less", "minus", "cut(-5)", footer=True, display="-", palette=False),
    Action("plan.later", "right", "day(1)", footer=True, display="→", palette=False),
    Action("plan.earlier", "left", "day(-1)", footer=True, display="←", palette=False),
    Action("plan.ignore", "n,escape", "ignore", footer=True, display="n", palette=False),
)
"""The re-plan dialog's."""
HELP: tuple[Action, ...] = (
    Action("help.close", "escape,q,question_mark,f1", "close", footer=True, palette=False),
)
SCORES: tuple[Action, ...] = (
    Action("scores.next_test", "tab", "next_test", footer=True, palette=False),
    Action("scores.comments", "c", "comments", footer=True, palette=False),
    Action("scores.close", "escape,ctrl+s", "close", footer=True, display="esc", palette=False),
)
"""The score grid's own."""
COMMENTS: tuple[Action, ...] = (
    Action("comments.close", "escape,ctrl+s", "close", footer=True, display="esc", palette=False),
)
RESULTS: tuple[Action, ...] = (
    Action("results.close", "escape,q", "close", footer=True, display="esc", palette=False),
)
DIALOGS = (*NOTE, *ATTENDANCE[len(SAVE) :], *CONFIRM)
"""What the help lists under "In dialogs"."""

BY_NAME: dict[str, Action] = {a.name: a for a in (*MAIN, *FORM)}

EARLY = "_early"


def early_name(action: str) -> str:
    """The action an early binding runs: ``slide_early(1)`` for ``slide(1)``; the screen
    runs it as the action itself, when the focus has no binding for the key."""
    name, paren, args = action.partition("(")
    return f"{name}{EARLY}{paren}{args}"


def _early_keys(actions: Iterable[Action]) -> dict[str, frozenset[str]]:
    found: dict[str, frozenset[str]] = {}
    for a in actions:
        if a.early:
            name = early_name(a.name)
            found[name] = found.get(name, frozenset()) | set(a.keys.split(","))
    return found


EARLY_KEYS = _early_keys((*MAIN, *FORM))
"""Each early action's name (``slide_early``), and the keys bound to it."""


@cache
def bindings(actions: tuple[Action, ...], lang: str) -> list[Binding]:
    """``actions`` as Textual bindings, their footer words in ``lang``; an early action
    has a priority binding too, shown nowhere."""
    out = []
    for a in actions:
        words = action_words(lang, a.id)[0]
        out.append(
            Binding(a.keys, a.action, words, show=a.footer, key_display=a.display,
                    priority=a.priority, id=a.id)
        )  # fmt: skip
        if a.early:
            early = early_name(a.action)  # the same id: a keymap moves both
            out.append(Binding(a.keys, early, words, show=False, priority=True, id=a.id))
    return out


N = TypeVar("N", bound=type[DOMNode])


@cache
def speaking(cls: N, actions: tuple[Action, ...], lang: str) -> N:
    """``cls`` with its key words in ``lang``: a subclass whose bindings override the
    English ones key for key (Textual merges a class's BINDINGS over its bases')."""
    if lang == "en":
        return cls
    body = {"BINDINGS": bindings(actions, lang), "__module__": cls.__module__}
    return type(cls.__name__, (cls,), body)  # type: ignore[return-value]


def allowed(action: Action, can_lead: bool, can_record: bool, following: bool) -> bool:
    """May this terminal (its role, whether it follows) use ``action`` now?"""
    if action.who == LEAD and not can_lead:
        return False
    if action.who == RECORDER and not can_record:
        return False
    return not (action.when == "following" and not following)


def speaks(action: Action, lang: str) -> bool:
    """Is ``action`` there at all in ``lang``?"""
    return not action.langs or lang in action.langs


def help_table(lang: str, actions: Iterable[Action]) -> list[tuple[str, str]]:
    """(keys, what they do) for the help screen, keys named in ``lang``."""

    def named(key: str) -> str:
        return KEY_NAMES.get(lang, {}).get(key, key)

    return [
        (named(a.shown_key()), action_words(lang, a.id)[1])
        for a in actions
        if a.help and speaks(a, lang)
    ]


KEY_NAMES = {"fr": {"space": "espace", "esc": "échap", "enter": "entrée", "shift+↓": "maj+↓",
                    "shift+↑": "maj+↑", "tab": "tab"}}  # fmt: skip
"""Keys whose name the help says in the workshop's language."""


def palette(lang: str) -> list[tuple[str, str]]:
    """(words, action) for the command palette: every action a menu would hold."""
    return [(action_words(lang, a.id)[1], a.action) for a in MAIN if a.palette]


ROOM: tuple[Action, ...] = tuple(a for a in MAIN if a.id == "app.quit")
"""The room's terminal (`follow --role room`): it only follows; q quits."""
