"""`--lang fr`: the slides, the round and the frame around them are in French."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import Label, Markdown, Static

from facilitator.tui.screens.dialogs import ConfirmDialog
from facilitator.tui.screens.main import MainScreen
from facilitator.tui.widgets.agenda import AgendaView
from facilitator.tui.widgets.pages import Pages
from facilitator.tui.widgets.slides import Caption
from facilitator.tui.widgets.timer import TimerView
from tests.helpers import screen_text, until


def text_of(app, selector: str) -> str:
    found = app.screen.query_one(selector)
    return found.text if isinstance(found, Caption) else str(found.render())


async def test_a_french_workshop_is_french_on_screen(app_factory) -> None:
    app = app_factory(lang="fr")
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.screen.query_one(TimerView).border_title == "prêt"
        status = f"{app.screen.status.title} {app.screen.status.status}"
        assert "jour 1 sur 2" in status and "fin de journée à" in status
        assert app.screen.query_one(AgendaView).border_title.startswith("Jour 1/2 · ")
        await pilot.press("space", "n")
        await pilot.pause()
        assert app.screen.query_one(TimerView).border_title == "en cours"
        assert text_of(app, "#slide-caption") == ("Preuve et chaîne de possession · diapo 1/5")
        body = app.screen.query_one("#slide-scroll", Pages)
        title = "# Les preuves et la chaîne de possession"
        await until(pilot, lambda: body.shown is not None and body.shown[0].startswith(title))
        notes = app.screen.query_one("#slide-notes")
        assert notes.border_title == "Notes de l'animateur · s les masque"
        await pilot.press("n", "n")
        await pilot.pause()
        assert text_of(app, "#diag-caption").startswith("Question 1 sur 3 · ")
        assert text_of(app, "#diag-weaknesses-heading").startswith("Faiblesses courantes")
        assert app.screen.query_one("#diag-answer").border_title == "Réponse"


def footer_words(app) -> set[str]:
    """The descriptions the footer shows now."""
    return {a.binding.description for a in app.screen.active_bindings.values() if a.binding.show}


async def test_the_footer_dialogs_and_notifications_are_french(app_factory) -> None:
    app = app_factory(lang="fr")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        assert {"Marche/Pause", "Suite", "Note", "Aide", "Quitter"} <= footer_words(app)
        assert "Quit" not in footer_words(app)
        await pilot.press("o")
        assert app.screen.query_one(".dialog").border_title == "Note · Accueil et objectifs"
        assert {"Enregistrer", "Annuler"} <= footer_words(app)
        await pilot.press("ctrl+s")
        assert str(app.screen.query_one("#dialog-error", Label).render()).startswith(
            "Rien à enregistrer"
        )
        await pilot.press(*"vu", "ctrl+s")
        await pilot.pause()
        assert "Note enregistrée" in screen_text(app)
        await pilot.press("a", *"x", "tab", "tab")
        await pilot.press(*"demain", "ctrl+s")
        error = str(app.screen.query_one("#dialog-error", Label).render())
        assert error == "L'échéance 'demain' n'est pas une date écrite AAAA-MM-JJ."
        await pilot.press("escape", "r")
        await pilot.pause()
        caption = text_of(app, "#records-caption")
        assert "1 note, 0 décision, 0 action · présents 0 sur" in caption
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query_one(".dialog").border_title == "Aide · échap ou q ferme"
        assert "| espace |" in app.screen.query_one(Markdown).source


async def test_a_french_trainer_confirms_with_o_for_oui(app_factory) -> None:
    app = app_factory(lang="fr")
    async with app.run_test() as pilot:
        await pilot.press("space", "q")
        assert isinstance(app.screen, ConfirmDialog)
        assert {"Oui", "Non"} <= footer_words(app)
        await pilot.press("y")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("o")
        await pilot.pause()
    assert app.return_code == 0


async def test_o_does_not_mean_yes_in_english(app_factory) -> None:
    app = app_factory()
    async with app.run_test() as pilot:
        await pilot.press("space", "q", "o")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Oui" not in footer_words(app)
        await pilot.press("n")
        assert isinstance(app.screen, MainScreen)


async def test_the_command_palette_speaks_french(app_factory) -> None:
    from facilitator.tui.commands import WorkshopCommands

    app = app_factory(lang="fr")
    async with app.run_test():
        provider = WorkshopCommands(app.screen)
        hits = [hit async for hit in provider.discover()]
        labels = [str(hit.display) for hit in hits]
        assert labels[0] == "Aller au jour 1 · 09:00 · Accueil et objectifs"
        assert hits[0].help == "cérémonie, suivante"
        assert "Exporter tout l'atelier" in labels


async def test_a_clerk_s_records_are_announced_in_french(app_factory, clerk_writes) -> None:
    app = app_factory(lang="fr")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("space")
        clerk_writes("Liste signée", "Envoyer la liste")
        await until(pilot, lambda: "a ajouté une action" in screen_text(app))
        shown = screen_text(app)
        assert "Ana (secrétaire) a ajouté une décision" in shown
        assert "Ana (secrétaire) a ajouté une action" in shown
        await pilot.press("r")
        await pilot.pause()
        console = Console(width=120, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#records-body", Static).content)
        table = console.export_text()
        assert "Notes et décisions" in table and "Ana (secrétaire)" in table
        assert "ouverte" in table and "échéance" in table


async def test_the_follow_banner_names_the_role_in_french(app_factory, lead_elsewhere) -> None:
    app = app_factory(lang="fr", role="clerk", follow=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.seat.lead is not None)
        await pilot.pause()
        assert text_of(app, "#banner") == "suit l'animateur · secrétaire"
        assert app.screen.status.mode == "SECRÉTAIRE · animation : Alice"
        await pilot.press("f")
        assert text_of(app, "#banner").startswith("navigation libre")
