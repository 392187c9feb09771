"""The test papers (pre-test and post-test, the same items in two orders), the answer
key with the participant codes, and the evaluation form: Markdown and A4 HTML."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.assess.codes import codes, order
from facilitator.course.model import LETTERS, Assessment, EvaluationForm, Programme, Workshop
from facilitator.i18n import say
from facilitator.minutes.mdsafe import escape_line, escaped_table
from facilitator.minutes.printing import e, page

CODE_BOX = "[ ____________ ]"


@dataclass(frozen=True, slots=True)
class Papers:
    """What ``facilitator papers`` writes: file name -> text."""

    files: dict[str, str]


def _title(workshop: Workshop, programme: Programme, lang: str) -> str:
    return f"{workshop.name} · {programme.title.get(lang)}"


def _heading(a: Assessment, what: str, lang: str) -> str:
    """``Pre-test: COPES knowledge test`` (``Test initial : ...`` in French)."""
    return say(lang, "paper_title", what=say(lang, what), title=a.test.title.get(lang))


def _test_md(a: Assessment, test: str, head: str, lang: str) -> str:
    lines = [
        f"# {escape_line(_heading(a, f'paper_{test}', lang))}",
        escape_line(head),
        f"**{escape_line(say(lang, 'paper_code_label'))}** {escape_line(CODE_BOX)}",
        f"*{escape_line(say(lang, 'paper_test_note', n=a.minutes))}*",
    ]
    for number, item in enumerate(order(a, test), start=1):
        choices = "\n".join(
            f"   - **{LETTERS[i]}** {escape_line(c)}" for i, c in enumerate(item.choices.get(lang))
        )
        lines.append(f"{number}\\. {escape_line(item.text.get(lang))}\n\n{choices}")
    return "\n\n".join(lines) + "\n"


def _test_html(a: Assessment, test: str, head: str, lang: str) -> str:
    items = []
    for item in order(a, test):
        choices = "".join(f"<li>{e(c)}</li>" for c in item.choices.get(lang))
        items.append(f'<li>{e(item.text.get(lang))}<ol class="choices">{choices}</ol></li>')
    return (
        f'<div class="code">{e(say(lang, "paper_code"))}</div>\n'
        f"<h1>{e(_heading(a, f'paper_{test}', lang))}</h1>\n"
        f"<h2>{e(head)}</h2>\n"
        f'<p class="note">{e(say(lang, "paper_test_note", n=a.minutes))}</p>\n'
        f'<ol class="items">{"".join(items)}</ol>'
    )


def _key_rows(a: Assessment, lang: str) -> list[tuple[str, ...]]:
    post = {item.id: n for n, item in enumerate(order(a, "post"), start=1)}
    return [
        (str(n), str(post[item.id]), item.id, item.answer, item.why.get(lang))
        for n, item in enumerate(order(a, "pre"), start=1)
    ]


def _key_header(lang: str) -> list[str]:
    return [
        say(lang, "paper_number", test=say(lang, "paper_pre")),
        say(lang, "paper_number", test=say(lang, "paper_post")),
        say(lang, "paper_item"),
        say(lang, "paper_answer"),
        say(lang, "paper_why"),
    ]


def _scale(form: EvaluationForm, lang: str) -> str:
    return ", ".join(f"{n} = {s}" for n, s in enumerate(form.scale.get(lang), start=1))


def _form_md(form: EvaluationForm, head: str, lang: str) -> str:
    points = len(form.scale.en)
    rows = [(t.get(lang), *("☐" for _ in range(points))) for _, t in form.criteria]
    parts = [
        f"# {escape_line(form.title.get(lang))}",
        escape_line(head),
        f"**{escape_line(say(lang, 'paper_code_label'))}** {escape_line(CODE_BOX)}",
        f"*{escape_line(say(lang, 'paper_form_note', scale=_scale(form, lang)))}*",
        escaped_table(["", *(str(n) for n in range(1, points + 1))], rows),
    ]
    parts += [f"**{escape_line(t.get(lang))}**\n\n\\_\\_\\_" for _, t in form.comments]
    return "\n\n".join(parts) + "\n"


def _form_html(form: EvaluationForm, head: str, lang: str) -> str:
    points = len(form.scale.en)
    numbers = "".join(f'<th class="n">{n}</th>' for n in range(1, points + 1))
    rows = "".join(
        f"<tr><td>{e(t.get(lang))}</td>"
        + "".join(f'<td class="n">{n}</td>' for n in range(1, points + 1))
        + "</tr>"
        for _, t in form.criteria
    )
    comments = "".join(
        f"<p><b>{e(t.get(lang))}</b></p>" + '<div class="lines"></div>' * 3
        for _, t in form.comments
    )
    return (
        f'<div class="code">{e(say(lang, "paper_code"))}</div>\n'
        f"<h1>{e(form.title.get(lang))}</h1>\n<h2>{e(head)}</h2>\n"
        f'<p class="note">{e(say(lang, "paper_form_note", scale=_scale(form, lang)))}</p>\n'
        f"<table><tr><th></th>{numbers}</tr>{rows}</table>\n{comments}"
    )


def render(workshop: Workshop, programme: Programme, lang: str) -> Papers:
    """Every paper of the workshop's programme, in ``lang``."""
    a = programme.assessment
    if a is None:
        raise ValueError(f"programme {programme.id} has no tests ([assessment] in its file)")
    head = _title(workshop, programme, lang)
    roster = [(code, p.name) for code, p in codes(workshop).items()]
    key_md = "\n\n".join(
        [
            f"# {escape_line(_heading(a, 'paper_key', lang))}",
            escape_line(head),
            escaped_table(_key_header(lang), _key_rows(a, lang)),
            f"## {escape_line(say(lang, 'paper_codes'))}",
            escaped_table([say(lang, "paper_code"), say(lang, "paper_name")], roster),
        ]
    )
    files = {
        "pre-test.md": _test_md(a, "pre", head, lang),
        "post-test.md": _test_md(a, "post", head, lang),
        "answer-key.md": key_md + "\n",
    }
    sections = [_test_html(a, "pre", head, lang), _test_html(a, "post", head, lang)]
    key_rows = "".join(
        "<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in _key_rows(a, lang)
    )
    code_rows = "".join(f"<tr><td>{e(c)}</td><td>{e(n)}</td></tr>" for c, n in roster)
    key_html = (
        f"<h1>{e(_heading(a, 'paper_key', lang))}</h1><h2>{e(head)}</h2>"
        "<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in _key_header(lang)) + "</tr>"
        f"{key_rows}</table><h2>{e(say(lang, 'paper_codes'))}</h2>"
        f"<table><tr><th>{e(say(lang, 'paper_code'))}</th><th>{e(say(lang, 'paper_name'))}"
        f"</th></tr>{code_rows}</table>"
    )
    files["papers.html"] = page(head, lang, sections)
    files["answer-key.html"] = page(head, lang, [key_html])
    if a.form is not None:
        files["evaluation-form.md"] = _form_md(a.form, head, lang)
        files["evaluation-form.html"] = page(head, lang, [_form_html(a.form, head, lang)])
    return Papers(files)
