"""What the diagnostic form shows, as plain values: built from the controller, drawn by the TUI.

No Textual here. The screen builds a :class:`QuestionForm` or a
:class:`SummaryForm` at each redraw; the widget compares it with what it
shows and changes only what differs, never a field the user is typing in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from facilitator.control.controller import AnswerKey, Controller
from facilitator.course.model import ANSWER_LABELS, Session
from facilitator.i18n import say, signed
from facilitator.store import answers
from facilitator.store.answers import mean_maturity


@dataclass(frozen=True, slots=True)
class QuestionForm:
    """One question of a round, for one group."""

    key: AnswerKey
    lang: str
    caption: str
    question: str
    weaknesses: tuple[str, ...]
    solutions: tuple[str, ...]
    anchors: tuple[str, ...]
    groups: tuple[tuple[str, str, bool], ...]
    """(name, label, answered) of every group."""
    values: tuple[tuple[str, Any], ...]
    editable: bool
    recorded_by: str

    def value(self, field: str) -> Any:
        return dict(self.values)[field]


@dataclass(frozen=True, slots=True)
class SummaryForm:
    """After the last question: the group's answers, and how many groups answered each."""

    session_id: str
    lang: str
    caption: str
    group_label: str
    rows: tuple[tuple[str, str, str, str, str], ...]
    """(id, question, answer, maturity, groups answered)"""
    footer: str


def group_label(lang: str, name: str) -> str:
    return say(lang, "whole_room") if name == answers.ROOM else name


def question_form(
    controller: Controller, session: Session, index: int, group: str
) -> QuestionForm | SummaryForm:
    """The form for question ``index`` of ``session`` (the summary past the last one)."""
    lang = controller.lang
    questions = session.questions
    groups = controller.groups()
    if index >= len(questions):
        return _summary(controller, session, group)
    question = questions[index]
    key = (session.id, question.id, group)
    answered = controller.answered_groups(session.id, question.id)
    bank = session.bank
    area = bank.area_title(question.area, lang) if bank else question.area
    caption = say(lang, "question_of", n=index + 1, m=len(questions), area=area, id=question.id)
    if not controller.can_record:
        caption += f" · {say(lang, 'read_only')}"
    stored = controller.answer_of(key)
    authors = ", ".join(signed(lang, by) for by in stored.authors()) if stored else ""
    return QuestionForm(
        key=key,
        lang=lang,
        caption=caption,
        question=question.text.get(lang),
        weaknesses=question.weaknesses.get(lang),
        solutions=question.solutions.get(lang),
        anchors=question.anchors.get(lang),
        groups=tuple((g.name, group_label(lang, g.name), g.name in answered) for g in groups),
        values=tuple(controller.answer_values(key).items()),
        editable=controller.can_record,
        recorded_by=say(lang, "recorded_by", who=authors) if authors else "",
    )


def _summary(controller: Controller, session: Session, group: str) -> SummaryForm:
    lang = controller.lang
    groups = controller.groups()
    rows = []
    levels: list[int] = []
    answered_here = 0
    for question in session.questions:
        values = controller.answer_values((session.id, question.id, group))
        code, maturity = values["answer"], values["maturity"]
        if code is not None:
            answered_here += 1
        if isinstance(maturity, int):
            levels.append(maturity)
        rows.append(
            (
                question.id,
                question.text.get(lang),
                ANSWER_LABELS[code].get(lang) if code in ANSWER_LABELS else "—",
                str(maturity) if isinstance(maturity, int) else "—",
                f"{len(controller.answered_groups(session.id, question.id))}/{len(groups)}",
            )
        )
    mean = mean_maturity(levels)
    return SummaryForm(
        session_id=session.id,
        lang=lang,
        caption=say(lang, "summary_of", title=session.title.get(lang), m=len(session.questions)),
        group_label=group_label(lang, group),
        rows=tuple(rows),
        footer=say(lang, "answered", a=answered_here, m=len(session.questions), mean=mean),
    )
