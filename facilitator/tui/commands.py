"""Command palette: every session to jump to and every action."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from facilitator.tui.screens.main import MainScreen

ACTIONS = (
    ("Start, pause or resume the timer", "toggle"),
    ("Next session", "next_session"),
    ("Previous session", "previous_session"),
    ("Add 5 minutes to this session", "extend(5)"),
    ("Take 5 minutes off this session", "extend(-5)"),
    ("End the current session (end of the day)", "end_session"),
    ("Skip the next session", "skip_next"),
    ("Show or hide speaker notes", "toggle_notes"),
    ("Presentation mode", "toggle_presentation"),
    ("Add a note", "note('note')"),
    ("Add a decision", "note('decision')"),
    ("Add an action item", "action_item"),
    ("Take attendance", "attendance"),
    ("Show the record of this session", "toggle_records"),
    ("Export this session's minutes", "export_session"),
    ("Export the whole workshop", "export_workshop"),
    ("Follow the lead / browse freely", "toggle_follow"),
    ("Help: keys", "help"),
    ("Quit", "quit"),
)


class WorkshopCommands(Provider):
    """Go to any session of any day, or run any action of the main screen."""

    def _targets(self) -> list[tuple[str, str, object]]:
        screen: MainScreen = self.screen  # type: ignore[assignment]
        controller = screen.controller
        lang = controller.lang
        schedule = controller.schedule()
        items: list[tuple[str, str, object]] = []
        for slot in schedule.slots():
            label = (
                f"Go to day {slot.day.number} · {schedule.hhmm(slot.planned_start)} · "
                f"{slot.session.title.get(lang)}"
            )
            items.append(
                (
                    label,
                    f"{slot.session.kind.value}, {slot.status.value}",
                    partial(screen.jump_to, slot.session.id),
                )
            )
        for label, action in ACTIONS:
            items.append((label, "action", partial(screen.run_action, action)))
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
