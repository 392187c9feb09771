"""Command palette: every session to jump to and every action."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from facilitator.i18n import say
from facilitator.tui.actions import palette

if TYPE_CHECKING:
    from facilitator.tui.screens.main import MainScreen


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
        for words, action in palette(lang):
            items.append((words, action_word, partial(screen.run_action, action)))
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
