"""A diagnostic round: one question at a time, then a summary."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Label, RadioButton, RadioSet, SelectionList, Static, TextArea

from facilitator.i18n import say
from facilitator.model import ANSWER_LABELS, MATURITY_LABELS, Question, Session


class DiagnosticView(VerticalScroll):
    """The question, its weaknesses and solutions as check lists, the answer, notes."""

    class Changed(Message):
        """The answer form changed; the screen saves it."""

        def __init__(self, session_id: str, question_id: str, values: dict[str, Any]) -> None:
            super().__init__()
            self.session_id = session_id
            self.question_id = question_id
            self.values = values

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session: Session | None = None
        self.question: Question | None = None
        self._key: tuple | None = None
        self.editable = True
        self.summary_text = ""

    def compose(self) -> ComposeResult:
        yield Label("", id="diag-caption")
        yield Static("", id="diag-question")
        yield Label(say("en", "weaknesses"), id="diag-weaknesses-heading", classes="diag-heading")
        yield SelectionList[int](id="diag-weaknesses")
        yield Label(say("en", "solutions"), id="diag-solutions-heading", classes="diag-heading")
        yield SelectionList[int](id="diag-solutions")
        with Horizontal(id="diag-scales"):
            with RadioSet(id="diag-answer") as answer:
                answer.border_title = say("en", "answer")
                for code in ANSWER_LABELS:
                    yield RadioButton(ANSWER_LABELS[code].en, id=f"answer-{code}")
            with RadioSet(id="diag-maturity") as maturity:
                maturity.border_title = say("en", "maturity")
                for level, label in enumerate(MATURITY_LABELS):
                    yield RadioButton(f"{level} {label.en}", id=f"maturity-{level}")
        yield Label(say("en", "notes"), id="diag-notes-heading", classes="diag-heading")
        yield TextArea(id="diag-notes", soft_wrap=True, show_line_numbers=False)
        yield Static("", id="diag-summary")

    # -- showing ------------------------------------------------------------------

    def show(
        self,
        session: Session,
        index: int,
        answers: dict[str, dict[str, Any]],
        lang: str,
        editable: bool,
        force: bool = False,
    ) -> None:
        """Question ``index`` of the round, or the summary after the last one."""
        questions = session.questions
        key = (session.id, index, lang, editable)
        if key == self._key and not force:
            return
        self._key = key
        self._label(lang)
        self.session = session
        self.editable = editable
        summary = index >= len(questions)
        self.set_class(summary, "-summary")
        caption = self.query_one("#diag-caption", Label)
        if summary:
            self.question = None
            title = session.title.get(lang)
            caption.update(say(lang, "summary_of", title=title, m=len(questions)))
            self.query_one("#diag-summary", Static).update(self._summary(session, answers, lang))
            return
        question = questions[index]
        self.question = question
        bank = session.bank
        area = bank.area_title(question.area, lang) if bank else question.area
        caption.update(
            say(lang, "question_of", n=index + 1, m=len(questions), area=area, id=question.id)
            + ("" if editable else f" · {say(lang, 'read_only')}")
        )
        self.query_one("#diag-question", Static).update(Text(question.text.get(lang), style="bold"))
        saved = answers.get(question.id, {})
        with self.prevent(SelectionList.SelectedChanged, RadioSet.Changed, TextArea.Changed):
            self._fill(question, saved, lang)
        for widget in self.query("SelectionList, RadioSet, TextArea"):
            widget.disabled = not editable
        self.scroll_home(animate=False)

    def _label(self, lang: str) -> None:
        """The form's own headings in ``lang``."""
        for name in ("weaknesses", "solutions", "notes"):
            self.query_one(f"#diag-{name}-heading", Label).update(say(lang, name))
        self.query_one("#diag-answer").border_title = say(lang, "answer")
        self.query_one("#diag-maturity").border_title = say(lang, "maturity")

    def _fill(self, question: Question, saved: dict[str, Any], lang: str) -> None:
        weaknesses = self.query_one("#diag-weaknesses", SelectionList)
        weaknesses.clear_options()
        observed = set(saved.get("weaknesses", []))
        weaknesses.add_options(
            (text, i, i in observed) for i, text in enumerate(question.weaknesses.get(lang))
        )
        solutions = self.query_one("#diag-solutions", SelectionList)
        solutions.clear_options()
        agreed = set(saved.get("solutions", []))
        solutions.add_options(
            (text, i, i in agreed) for i, text in enumerate(question.solutions.get(lang))
        )
        for code, label in ANSWER_LABELS.items():
            button = self.query_one(f"#answer-{code}", RadioButton)
            button.label = label.get(lang)
            button.value = saved.get("answer") == code
        for level, label in enumerate(MATURITY_LABELS):
            button = self.query_one(f"#maturity-{level}", RadioButton)
            button.label = f"{level} {label.get(lang)}"
            button.value = saved.get("maturity") == level
        self.query_one("#diag-notes", TextArea).load_text(saved.get("notes", ""))

    def _summary(self, session: Session, answers: dict[str, dict[str, Any]], lang: str) -> Table:
        table = Table(expand=True, show_edge=False, pad_edge=False)
        table.add_column("#", no_wrap=True)
        table.add_column(say(lang, "question"), ratio=1)
        table.add_column(say(lang, "answer"), no_wrap=True)
        table.add_column(say(lang, "maturity"), justify="right", no_wrap=True)
        scores: list[int] = []
        for question in session.questions:
            saved = answers.get(question.id, {})
            code = saved.get("answer")
            maturity = saved.get("maturity")
            if isinstance(maturity, int):
                scores.append(maturity)
            table.add_row(
                question.id,
                question.text.get(lang),
                ANSWER_LABELS[code].get(lang) if code in ANSWER_LABELS else "—",
                str(maturity) if maturity is not None else "—",
            )
        answered = sum(1 for q in session.questions if answers.get(q.id, {}).get("answer"))
        mean = f"{sum(scores) / len(scores):.1f}" if scores else "—"
        table.caption = say(lang, "answered", a=answered, m=len(session.questions), mean=mean)
        self.summary_text = table.caption
        return table

    # -- reading the form ------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        answer = self.query_one("#diag-answer", RadioSet).pressed_button
        maturity = self.query_one("#diag-maturity", RadioSet).pressed_button
        return {
            "answer": answer.id.removeprefix("answer-") if answer and answer.id else None,
            "maturity": int(maturity.id.removeprefix("maturity-"))
            if maturity and maturity.id
            else None,
            "notes": self.query_one("#diag-notes", TextArea).text,
            "weaknesses": sorted(self.query_one("#diag-weaknesses", SelectionList).selected),
            "solutions": sorted(self.query_one("#diag-solutions", SelectionList).selected),
        }

    def _changed(self) -> None:
        if self.session is not None and self.question is not None and self.editable:
            self.post_message(self.Changed(self.session.id, self.question.id, self.values()))

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        self._changed()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self._changed()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._changed()
