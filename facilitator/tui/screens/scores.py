"""Entering papers (the score grid) and the results of the tests, as modal screens."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Label, Static, TextArea

from facilitator.assess.learning import evaluation, learning
from facilitator.clean import clip
from facilitator.control.controller import Controller
from facilitator.control.recording import SCORES
from facilitator.minutes.learning_md import pct, ratio, summary_lines
from facilitator.tui import actions
from facilitator.tui.actions import bindings
from facilitator.tui.screens.dialogs import Modal
from facilitator.tui.text import plain
from facilitator.tui.widgets.scoregrid import ScoreGrid

TESTS = ("pre", "post", "evaluation")


class ScoresScreen(Modal):
    """One test's papers; ``tab`` goes to the next test. Everything typed is saved as it
    is typed (the answers' writer), so closing needs no save."""

    CSS_PATH = "scores.tcss"
    FIRST = ScoreGrid
    ACTIONS = actions.SCORES
    BINDINGS = bindings(ACTIONS, "en")

    def __init__(self, controller: Controller, test: str) -> None:
        super().__init__(controller.lang)
        self.controller = controller
        self.test = test

    def compose(self) -> ComposeResult:
        yield Label(id="scores-title")
        with VerticalScroll(id="scores-body"):
            yield ScoreGrid(self.controller, self.test)
        yield Label(id="scores-help")
        yield Footer()

    def on_mount(self) -> None:
        self.set_focus(self.query_one(ScoreGrid))
        self._caption()
        self.set_interval(1.0, self.query_one(ScoreGrid).refresh)

    def _caption(self) -> None:
        grid = self.query_one(ScoreGrid)
        a = self.controller.assessment
        names = {"pre": "paper_pre", "post": "paper_post", "evaluation": "paper_form"}
        session = {"pre": a.pre, "post": a.post, "evaluation": a.form_session} if a else {}
        self.query_one("#scores-title", Label).update(
            plain(
                self.say(
                    "scores_title",
                    test=self.say(names[grid.test]),
                    session=session.get(grid.test, ""),
                ),
                "bold",
            )
        )
        points = len(a.form.scale.en) if a and a.form else 5
        words = self.say(
            "scores_form_help" if grid.test == "evaluation" else "scores_help", n=points
        )
        self.query_one("#scores-help", Label).update(plain(words, "dim"))

    def action_next_test(self) -> None:
        grid = self.query_one(ScoreGrid)
        grid._save_row()
        grid.test = TESTS[(TESTS.index(grid.test) + 1) % len(TESTS)]
        grid.row = grid.col = 0
        self._caption()
        grid.refresh()

    async def action_comments(self) -> None:
        grid = self.query_one(ScoreGrid)
        if grid.test != "evaluation" or not grid.codes:
            return
        dialog = CommentsDialog.speaking(self.lang)(self.controller, grid.codes[grid.row])
        await self.app.push_screen(dialog, lambda _: grid.refresh())

    def action_close(self) -> None:
        self.query_one(ScoreGrid)._save_row()
        self.dismiss(None)


class CommentsDialog(Modal):
    """The comments of one evaluation form, one box per question; saved as typed."""

    CSS_PATH = "scores.tcss"
    ACTIONS = actions.COMMENTS
    BINDINGS = bindings(ACTIONS, "en")

    def __init__(self, controller: Controller, code: str) -> None:
        super().__init__(controller.lang)
        self.controller = controller
        self.code = code

    def compose(self) -> ComposeResult:
        a = self.controller.assessment
        questions = a.form.comments if a and a.form else ()
        values = self.controller.paper_values("evaluation", self.code)
        with Vertical(classes="dialog") as box:
            box.border_title = plain(self.code)
            for cid, text in questions:
                yield Label(plain(text.get(self.lang)))
                yield TextArea(values.get(cid, ""), id=f"comment-{cid}", soft_wrap=True)
        yield Footer()

    def on_mount(self) -> None:
        boxes = self.query(TextArea)
        if boxes:
            self.set_focus(boxes.first())

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        cid = (event.text_area.id or "").removeprefix("comment-")
        self.controller.edit_score("evaluation", self.code, cid, event.text_area.text)

    def action_close(self) -> None:
        self.controller.save_answer((SCORES, "evaluation", self.code))
        self.dismiss(None)


class ResultsScreen(Modal):
    """The learning gain and the evaluation, as text and bars."""

    CSS_PATH = "scores.tcss"
    ACTIONS = actions.RESULTS
    BINDINGS = bindings(ACTIONS, "en")

    def __init__(self, controller: Controller) -> None:
        super().__init__(controller.lang)
        self.controller = controller

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="results-body"):
            yield Static(self.body(), id="results-text")
        yield Footer()

    def body(self) -> Text:
        c = self.controller
        out = Text()
        out.append_text(plain(self.say("results_title", workshop=c.workshop.name), "bold"))
        out.append("\n\n")
        result = learning(c.snapshot, c.programme, c.lang)
        if result is None or not result.people:
            out.append_text(plain("No test papers entered yet."))
            return out
        for line in summary_lines(result):
            out.append_text(plain(line))
            out.append("\n")
        out.append("\n")
        for person in result.people:  # a line break and the indent in one span: both drawn
            for lead, value, style in ((f"{person.code:<6}pre  ", person.pre, "cyan"),
                                       (f"\n{'':<6}post ", person.post, "bold green")):  # fmt: skip
                out.append_text(plain(lead))
                out.append_text(plain("█" * round((value or 0) / 100 * 40), style))
                out.append_text(plain(f" {pct(value)}" if value is not None else "— not sat"))
            out.append_text(plain(f"   gain {ratio(person.gain)}", "dim"))
            out.append("\n")
        out.append_text(plain(f"\n{'By area':<37} {'pre':>7}   {'post':>7}\n", "bold"))
        for share in result.areas:
            out.append_text(
                plain(f"{share.label[:36]:<37} {pct(share.pre):>7} → {pct(share.post):>7}\n")
            )
        found = evaluation(c.snapshot, c.programme.assessment, c.lang) if c.assessment else None
        if found is not None and found.forms:
            top = len(found.form.scale.get(c.lang))
            head = f"\nEvaluation: mean rating of {found.forms} form(s), 1 to {top}\n"
            out.append_text(plain(head, "bold"))
            for criterion in found.criteria:
                width = round((criterion.mean or 0) * 8)
                out.append_text(plain(f"{criterion.id:<6}"))
                out.append_text(plain("█" * width, "magenta"))
                text = clip(criterion.text, 60)
                out.append_text(plain(f" {ratio(criterion.mean)}  {text}\n"))
        return out

    def action_close(self) -> None:
        self.dismiss(None)
