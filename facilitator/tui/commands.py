"""Command palette: every session to jump to and every action."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from facilitator.i18n import say

if TYPE_CHECKING:
    from facilitator.tui.screens.main import MainScreen

ACTIONS = (
    ("cmd_toggle", "toggle"),
    ("cmd_next_session", "next_session"),
    ("cmd_previous_session", "previous_session"),
    ("cmd_extend_plus", "extend(5)"),
    ("cmd_extend_minus", "extend(-5)"),
    ("cmd_end_session", "end_session"),
    ("cmd_skip_next", "skip_next"),
    ("cmd_toggle_notes", "toggle_notes"),
    ("cmd_toggle_presentation", "toggle_presentation"),
    ("cmd_note", "note('note')"),
    ("cmd_decision", "note('decision')"),
    ("cmd_action_item", "action_item"),
    ("cmd_attendance", "attendance"),
    ("cmd_toggle_records", "toggle_records"),
    ("cmd_export_session", "export_session"),
    ("cmd_export_workshop", "export_workshop"),
    ("cmd_toggle_follow", "toggle_follow"),
    ("cmd_help", "help"),
    ("cmd_quit", "quit"),
)
"""Palette entries: the key of their words in ``i18n.WORDS``, and the action."""


class WorkshopCommands(Provider):
    """Go to any session of any day, or run any action of the main screen."""

    def _targets(self) -> list[tuple[str, str, object]]:
        screen: MainScreen = self.screen  # type: ignore[assignment]
        controller = screen.controller
        lang = controller.lang
        schedule = controller.schedule()
        items: list[tuple[str, str, object]] = []
        for slot in schedule.slots():
            label = say(
                lang,
                "go_to",
                n=slot.day.number,
                time=schedule.hhmm(slot.planned_start),
                title=slot.session.title.get(lang),
            )
            kind = say(lang, f"kind_{slot.session.kind.value}")
            status = say(lang, f"status_{slot.status.value}")
            items.append((label, f"{kind}, {status}", partial(screen.jump_to, slot.session.id)))
        action_word = say(lang, "palette_action")
        for words, action in ACTIONS:
            items.append((say(lang, words), action_word, partial(screen.run_action, action)))
        return items

    async def discover(self) -> Hits:
        for label, help_text, callback in self._targets():
            yield DiscoveryHit(label, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, help_text, callback in self._targets():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), callback, help=help_text)
