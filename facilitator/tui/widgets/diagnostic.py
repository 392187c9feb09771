"""A diagnostic round: one question at a time for one group, then a summary.

The form is drawn from a :class:`~facilitator.control.forms.QuestionForm`. A new
question or group loads every field; any other redraw (a tick, another
terminal's write) changes only the fields whose value differs from what the
form shows, and never a field holding typing the app has not yet heard of:
the text, the cursor and the ticks stay where the user left them.
"""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Checkbox, Label, SelectionList, Static, TextArea

from facilitator.control.controller import AnswerKey
from facilitator.control.forms import QuestionForm, SummaryForm
from facilitator.course.model import ANSWER_LABELS, MATURITY_LABELS
from facilitator.i18n import say
from facilitator.store.answers import FIELDS
from facilitator.tui import actions
from facilitator.tui.actions import bindings
from facilitator.tui.text import plain
from facilitator.tui.widgets.choices import ChoiceList, GroupBar

LISTS = ("weaknesses", "solutions")
TEXTS = ("evidence", "notes")


class DiagnosticView(Vertical):
    """Question, group, weaknesses and solutions to tick, answer, maturity, evidence, notes."""

    BINDINGS = bindings(actions.FORM, "en")

    class Edited(Message):
        """The user changed one field of the answer on screen."""

        def __init__(self, key: AnswerKey, field: str, value: Any) -> None:
            super().__init__()
            self.key = key
            self.field = field
            self.value = value

    class Left(Message):
        """The user left a field: what it holds should be written now."""

        def __init__(self, key: AnswerKey) -> None:
            super().__init__()
            self.key = key

    model: reactive[QuestionForm | SummaryForm | None] = reactive(None)

    def watch_model(self, model: QuestionForm | SummaryForm | None) -> None:
        if model is not None:
            self.show(model)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.form: QuestionForm | SummaryForm | None = None
        self._loaded: tuple | None = None
        # each field's value as the form (the controller) last gave it ...
        self._baseline: dict[str, Any] = {}
        # ... and as this widget last reported it
        self._reported: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        yield Label("", id="diag-caption")
        with VerticalScroll(id="diag-form", can_focus=False):
            yield Static("", id="diag-question")
            yield GroupBar(id="diag-groups")
            yield Label("", id="diag-weaknesses-heading", classes="diag-heading trainer-only")
            yield SelectionList[int](id="diag-weaknesses", classes="trainer-only")
            yield Label("", id="diag-solutions-heading", classes="diag-heading trainer-only")
            yield SelectionList[int](id="diag-solutions", classes="trainer-only")
            with Horizontal(id="diag-scales", classes="trainer-only"):
                yield ChoiceList(id="diag-answer")
                yield ChoiceList(
                    shortcuts={str(level): level for level in range(len(MATURITY_LABELS))},
                    id="diag-maturity",
                )
            yield Static("", id="diag-anchors", classes="trainer-only")
            yield Label("", id="diag-evidence-heading", classes="diag-heading trainer-only")
            yield TextArea(id="diag-evidence", soft_wrap=True, classes="trainer-only")
            yield Label("", id="diag-notes-heading", classes="diag-heading trainer-only")
            yield TextArea(id="diag-notes", soft_wrap=True, classes="trainer-only")
            yield Checkbox("", id="diag-restricted", classes="trainer-only")
            yield Label("", id="diag-recorded", classes="trainer-only")
        yield Static("", id="diag-summary")

    # -- drawing ----------------------------------------------------------------------

    def show(self, form: QuestionForm | SummaryForm) -> None:
        """Draw ``form``; only what changed is touched."""
        if isinstance(form, SummaryForm):
            self._show_summary(form)
            return
        self.set_class(False, "-summary")
        identity = (form.key, form.lang, form.editable)
        if identity != self._loaded:
            self._load(form)
        else:
            self._sync(form)
        self.form = form
        self.query_one(GroupBar).show(say(form.lang, "group"), form.groups, form.key[2])
        self.query_one("#diag-caption", Label).update(plain(form.caption))
        self.query_one("#diag-recorded", Label).update(plain(form.recorded_by))

    def _show_summary(self, form: SummaryForm) -> None:
        self.set_class(True, "-summary")
        if form == self.form:
            return
        self.form = form
        self._loaded = None
        self.query_one("#diag-caption", Label).update(plain(form.caption))
        lang = form.lang
        table = Table(expand=True, show_edge=False, pad_edge=False)
        table.add_column("#", no_wrap=True)
        table.add_column(say(lang, "question"), ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column(say(lang, "answer"), no_wrap=True)
        table.add_column(say(lang, "maturity"), justify="right", no_wrap=True)
        table.add_column(say(lang, "groups_answered"), justify="right", no_wrap=True)
        for row in form.rows:
            table.add_row(*(Text(cell) for cell in row))
        table.title = Text(say(lang, "summary_group", group=form.group_label), style="bold")
        table.caption = Text(form.footer)
        self.query_one("#diag-summary", Static).update(table)

    def _load(self, form: QuestionForm) -> None:
        """A new question, group or language: every field from the form."""
        lang = form.lang
        for name in ("weaknesses", "solutions", "evidence", "notes"):
            self.query_one(f"#diag-{name}-heading", Label).update(say(lang, name))
        self.query_one("#diag-restricted", Checkbox).label = say(lang, "restricted_box")
        self.query_one("#diag-question", Static).update(Text(form.question, style="bold"))
        self.query_one("#diag-answer", ChoiceList).set_choices(
            [(code, label.get(lang)) for code, label in ANSWER_LABELS.items()]
        )
        self.query_one("#diag-answer", ChoiceList).border_title = say(lang, "answer")
        self.query_one("#diag-maturity", ChoiceList).set_choices(
            [(level, f"{level} {label.get(lang)}") for level, label in enumerate(MATURITY_LABELS)]
        )
        self.query_one("#diag-maturity", ChoiceList).border_title = say(lang, "maturity")
        anchors = Text()
        for level, line in enumerate(form.anchors):
            anchors.append(f"{level} ", "bold")
            anchors.append(line + ("\n" if level < len(form.anchors) - 1 else ""))
        self.query_one("#diag-anchors", Static).update(anchors)
        self.query_one("#diag-anchors").display = bool(form.anchors)
        with self.prevent(SelectionList.SelectedChanged, TextArea.Changed, Checkbox.Changed):
            self.query_one("#diag-restricted", Checkbox).value = form.value("restricted")
            for name, texts in (("weaknesses", form.weaknesses), ("solutions", form.solutions)):
                chosen = set(form.value(name))
                widget = self.query_one(f"#diag-{name}", SelectionList)
                widget.clear_options()
                widget.add_options((text, i, i in chosen) for i, text in enumerate(texts))
                widget.highlighted = 0 if texts else None
            for name in TEXTS:
                self.query_one(f"#diag-{name}", TextArea).load_text(form.value(name))
            for name in ("answer", "maturity"):
                self.query_one(f"#diag-{name}", ChoiceList).load(form.value(name))
        self._baseline = {name: form.value(name) for name in FIELDS}
        self._reported = dict(self._baseline)
        for widget in self.query("SelectionList, ChoiceList, TextArea, Checkbox"):
            widget.disabled = not form.editable
        self._loaded = (form.key, form.lang, form.editable)
        self.query_one("#diag-form", VerticalScroll).scroll_home(animate=False)

    def _shown(self, field: str) -> Any:
        """What the form's widget for ``field`` holds right now."""
        if field in LISTS:
            return tuple(sorted(self.query_one(f"#diag-{field}", SelectionList).selected))
        if field in TEXTS:
            return self.query_one(f"#diag-{field}", TextArea).text
        if field == "restricted":
            return self.query_one("#diag-restricted", Checkbox).value
        return self.query_one(f"#diag-{field}", ChoiceList).value

    def _sync(self, form: QuestionForm) -> None:
        """Same question and group: take in others' changes, keep the user's own.

        A field the user changed since the form last gave it is left alone until
        the form shows that change back (the controller has it); only then can
        a later change from elsewhere replace it.
        """
        for name in FIELDS:
            new = form.value(name)
            shown = self._shown(name)
            if shown != self._baseline.get(name):
                if new == shown:
                    self._baseline[name] = new
                continue
            if shown != new:
                self._set(name, new)
                self._reported[name] = new
            self._baseline[name] = new

    def _set(self, field: str, value: Any) -> None:
        with self.prevent(SelectionList.SelectedChanged, TextArea.Changed, Checkbox.Changed):
            if field == "restricted":
                self.query_one("#diag-restricted", Checkbox).value = value
            elif field in LISTS:
                widget = self.query_one(f"#diag-{field}", SelectionList)
                for index in range(widget.option_count):
                    if (index in value) != (index in widget.selected):
                        widget.toggle(index)
            elif field in TEXTS:
                area = self.query_one(f"#diag-{field}", TextArea)
                row, column = area.cursor_location
                area.load_text(value)
                last = area.document.line_count - 1
                row = min(row, last)
                area.cursor_location = (row, min(column, len(area.document.get_line(row))))
            else:
                self.query_one(f"#diag-{field}", ChoiceList).set_value(value)

    # -- the user's changes ---------------------------------------------------------------

    def _edited(self, field: str) -> None:
        form = self.form
        if not isinstance(form, QuestionForm) or not form.editable:
            return
        value = self._shown(field)
        if value == self._reported.get(field):
            return
        self._reported[field] = value
        self.post_message(self.Edited(form.key, field, value))

    @on(SelectionList.SelectedChanged)
    def _ticked(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        if event.selection_list.id:
            self._edited(event.selection_list.id.removeprefix("diag-"))

    @on(ChoiceList.Changed)
    def _chosen(self, event: ChoiceList.Changed) -> None:
        event.stop()
        if event.choice_list.id:
            self._edited(event.choice_list.id.removeprefix("diag-"))

    @on(Checkbox.Changed)
    def _restricted(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._edited("restricted")

    def action_restricted(self) -> None:
        """ctrl+r: this group's answer is for the trainers only (never in the minutes)."""
        if isinstance(self.form, QuestionForm) and self.form.editable:
            self.query_one("#diag-restricted", Checkbox).toggle()

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        event.stop()
        if event.text_area.id:
            self._edited(event.text_area.id.removeprefix("diag-"))

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(self.form, QuestionForm) and self.form.editable:
            self.post_message(self.Left(self.form.key))
