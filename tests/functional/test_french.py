"""`--lang fr`: the slides, the round and the frame around them are in French."""

from __future__ import annotations

from textual.widgets import Label, Markdown

from facilitator.tui.widgets.agenda import AgendaView
from facilitator.tui.widgets.statusbar import StatusBar
from facilitator.tui.widgets.timer import TimerView


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Label).render())


async def test_a_french_workshop_is_french_on_screen(app_factory) -> None:
    app = app_factory(lang="fr")
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.screen.query_one(TimerView).border_title == "prêt"
        status = app.screen.query_one(StatusBar).text
        assert "jour 1 sur 2" in status and "fin de journée à" in status
        assert app.screen.query_one(AgendaView).border_title.startswith("Jour 1/2 · ")
        await pilot.press("space", "n")
        await pilot.pause()
        assert app.screen.query_one(TimerView).border_title == "en cours"
        assert text_of(app, "#slide-caption") == ("Preuve et chaîne de possession · diapo 1/5")
        body = app.screen.query_one("#slide-body", Markdown).source
        assert body.startswith("# Les preuves et la chaîne de possession")
        notes = app.screen.query_one("#slide-notes")
        assert notes.border_title == "Notes de l'animateur · s les masque"
        await pilot.press("n", "n")
        await pilot.pause()
        assert text_of(app, "#diag-caption").startswith("Question 1 sur 3 · ")
        assert text_of(app, "#diag-weaknesses-heading").startswith("Faiblesses courantes")
        assert app.screen.query_one("#diag-answer").border_title == "Réponse"
