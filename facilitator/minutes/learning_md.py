"""The Learning and Evaluation sections of the workshop report, their charts, and the
same results as plain text (``facilitator scores``). Participants appear by code;
names only for workshops created with ``--names-in-minutes``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from facilitator.assess.learning import Evaluation, Learning, Share, evaluation, learning
from facilitator.course.model import Programme
from facilitator.minutes import charts
from facilitator.minutes.mdsafe import escape_cell, escape_line, table
from facilitator.store.db import Snapshot

NONE = "None recorded."
CHARTS = {
    "scores": "learning-scores.svg",
    "areas": "learning-areas.svg",
    "evaluation": "evaluation.svg",
    "maturity": "diagnostic-maturity.svg",
}
"""The chart files written beside index.md."""


@dataclass(frozen=True, slots=True)
class Results:
    """A workshop's learning and evaluation results, worked out once per rendering."""

    learning: Learning | None
    evaluation: Evaluation | None
    names: bool = False
    """Show names beside codes (a workshop made with ``--names-in-minutes``)."""


def results(snapshot: Snapshot, programme: Programme, lang: str = "en") -> Results:
    rated = evaluation(snapshot, programme.assessment, lang) if programme.assessment else None
    return Results(learning(snapshot, programme, lang), rated, snapshot.workshop.names_in_minutes)


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def summary_lines(result: Learning) -> list[str]:
    """The class figures and the warnings, one line each."""
    lines = [
        f"Complete pairs: {len(result.pairs)} of {len(result.people)} who sat a test. "
        f"Mean pre-test {pct(result.mean_pre)}, mean post-test {pct(result.mean_post)}; "
        f"normalised gain ⟨g⟩ = {ratio(result.hake)} on the class means "
        f"(mean of individual gains {ratio(result.mean_gain)})."
    ]
    if result.at_ceiling:
        lines.append(
            f"Warning: the pre-test mean is {pct(result.mean_pre)}, near the ceiling; "
            "the gain says little."
        )
    if result.only_one:
        lines.append("Sat one test only: " + ", ".join(p.code for p in result.only_one) + ".")
    hundred = [p.code for p in result.pairs if p.pre == 100]
    if hundred:
        lines.append("100% on the pre-test (no gain to measure): " + ", ".join(hundred) + ".")
    if result.unknown:
        lines.append("Papers with codes not on the roster: " + ", ".join(result.unknown) + ".")
    stuck = [s.key for s in result.items if s.not_learned]
    if stuck:
        lines.append(
            "Items not learned (under half right after, or no better than before): "
            + ", ".join(stuck)
            + "."
        )
    return lines


def report_front(found_results: Results) -> dict[str, dict[str, Any]]:
    """``[learning]`` and ``[evaluation]`` for the report's front matter (what ``collect``
    compares across workshops); a figure that cannot be worked out is left out."""
    out: dict[str, dict[str, Any]] = {}
    result, found = found_results.learning, found_results.evaluation
    if result is not None and result.people:
        figures = {
            "pairs": len(result.pairs),
            "sat": len(result.people),
            "mean_pre": result.mean_pre,
            "mean_post": result.mean_post,
            "gain": result.hake,
            "mean_gain": result.mean_gain,
        }
        out["learning"] = {k: _rounded(v) for k, v in figures.items() if v is not None}
    if found is not None and found.forms:
        means = {c.id: _rounded(c.mean) for c in found.criteria if c.mean is not None}
        overall = [m for m in means.values() if m is not None]
        out["evaluation"] = {"forms": found.forms, "criteria": means}
        if overall:
            out["evaluation"]["mean"] = _rounded(sum(overall) / len(overall))
    return out


def _rounded(value: float | int | None) -> float | int | None:
    return round(value, 4) if isinstance(value, float) else value


def learning_section(found: Results) -> str:
    """``## Learning``'s body: the figures, a chart, per participant, area and item."""
    result, names = found.learning, found.names
    if result is None or not result.people:
        return NONE
    people = [
        (p.code, *((escape_cell(p.name),) if names else ()), pct(p.pre), pct(p.post), ratio(p.gain))
        for p in result.people
    ]
    parts = [escape_line(line) for line in summary_lines(result)]
    parts.append(f"![Pre-test and post-test scores]({CHARTS['scores']})")
    parts.append(table(["Code", *(["Name"] if names else []), "Pre", "Post", "Gain"], people))
    parts.append("### By area")
    parts.append(
        "Per area, module and item: the share correct among those who sat each test "
        "(a blank counts as wrong)."
    )
    parts.append(f"![Share correct by area]({CHARTS['areas']})")
    parts.append(_shares("Area", result.areas))
    parts.append("### By module")
    parts.append(_shares("Module", result.modules))
    parts.append("### By item")
    parts.append(
        table(
            ["Item", "Question", "Correct before", "Correct after", "Not learned"],
            [
                (
                    escape_cell(s.key),
                    escape_cell(s.label),
                    pct(s.pre),
                    pct(s.post),
                    "yes" if s.not_learned else "",
                )
                for s in result.items
            ],
        )
    )
    return "\n\n".join(parts)


def _shares(what: str, shares: tuple[Share, ...]) -> str:
    rows = [
        (escape_cell(s.label), str(s.items), pct(s.pre), pct(s.post), ratio(s.gain)) for s in shares
    ]
    return table([what, "Items", "Pre", "Post", "Gain"], rows)


def evaluation_section(found_results: Results) -> str:
    """``## Evaluation``'s body: per criterion the mean and the spread; the comments."""
    found = found_results.evaluation
    if found is None or not found.forms:
        return NONE
    points = len(found.form.scale.en)
    parts = [
        f"Forms returned: {found.forms}.",
        f"![Evaluation by criterion]({CHARTS['evaluation']})",
    ]
    parts.append(
        table(
            ["ID", "Criterion", "Answers", "Mean", *(str(n) for n in range(1, points + 1))],
            [
                (
                    escape_cell(c.id),
                    escape_cell(c.text),
                    str(c.answers),
                    ratio(c.mean),
                    *(str(n) for n in c.counts),
                )
                for c in found.criteria
            ],
        )
    )
    for cid, question, written in found.comments:
        parts.append(f"**{escape_line(cid)}: {escape_line(question)}**")
        parts.append("\n".join(f"- {escape_line(w)}" for w in written) if written else NONE)
    if found.invalid:
        parts.append(
            escape_line(
                "Not on the scale (left out): "
                + ", ".join(f"{code} {cid} {value!r}" for code, cid, value in found.invalid)
            )
        )
    return "\n\n".join(parts)


def chart_files(found_results: Results) -> dict[str, str]:
    """The SVG charts the sections link to (none when there is nothing to draw)."""
    files: dict[str, str] = {}
    result, found = found_results.learning, found_results.evaluation
    if result is not None and result.people:
        files[CHARTS["scores"]] = charts.bars(
            "Score per participant (%)", [(p.code, p.pre, p.post) for p in result.people]
        )
        files[CHARTS["areas"]] = charts.bars(
            "Share correct by area (%)", [(s.label, s.pre, s.post) for s in result.areas]
        )
    if found is not None and found.forms:
        top = float(len(found.form.scale.en))
        files[CHARTS["evaluation"]] = charts.bars(
            "Mean rating per criterion", [(c.id, None, c.mean) for c in found.criteria], top, False
        )
    return files


def results_text(found: Results) -> str:
    """The results as plain lines for the terminal."""
    result = found.learning
    if result is None or not result.people:
        return "No test papers entered yet.\n"
    lines = summary_lines(result)
    lines.append("")
    lines.append(f"{'code':<6} {'pre':>7} {'post':>7} {'gain':>6}")
    for p in result.people:
        lines.append(f"{p.code:<6} {pct(p.pre):>7} {pct(p.post):>7} {ratio(p.gain):>6}")
    return "\n".join(lines) + "\n"
