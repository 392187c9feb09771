"""The coordinators' view of learning and the course evaluation: per workshop and per
country, from the ``[learning]`` and ``[evaluation]`` front matter of each report."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from facilitator.minutes.collect import Workshop
from facilitator.minutes.mdsafe import escape_cell, table


def _figure(table_: Any, key: str) -> float | None:
    """A number read back from another workshop's front matter, or None."""
    value = table_.get(key) if isinstance(table_, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _two(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def figures(w: Workshop) -> dict[str, float | None]:
    front = w.report.front if w.report else {}
    learned, rated = front.get("learning", {}), front.get("evaluation", {})
    return {
        "pairs": _figure(learned, "pairs"),
        "pre": _figure(learned, "mean_pre"),
        "post": _figure(learned, "mean_post"),
        "gain": _figure(learned, "gain"),
        "mean_gain": _figure(learned, "mean_gain"),
        "forms": _figure(rated, "forms"),
        "rating": _figure(rated, "mean"),
    }


def section(ordered: list[Workshop]) -> str:
    """``## Learning and evaluation``: one row per workshop, then per country (the gain
    of the pooled class means, weighted by complete pairs)."""
    rows, pooled = [], defaultdict(list)
    for w in ordered:
        f = figures(w)
        if f["pairs"] is None and f["forms"] is None:
            continue
        rows.append(
            (
                escape_cell(w.name),
                escape_cell(w.country),
                "—" if f["pairs"] is None else str(int(f["pairs"])),
                _pct(f["pre"]),
                _pct(f["post"]),
                _two(f["gain"]),
                _two(f["mean_gain"]),
                "—" if f["forms"] is None else str(int(f["forms"])),
                _two(f["rating"]),
            )
        )
        if f["pairs"] and f["pre"] is not None and f["post"] is not None:
            pooled[w.country].append((f["pairs"], f["pre"], f["post"]))
    if not rows:
        return "No learning or evaluation results in the reports found."
    header = ("Workshop", "Country", "Pairs", "Mean pre", "Mean post", "⟨g⟩",
              "Mean individual gain", "Evaluation forms", "Mean rating")  # fmt: skip
    by_country = []
    for country, found in sorted(pooled.items()):
        n = sum(p for p, _, _ in found)
        pre = sum(p * x for p, x, _ in found) / n
        post = sum(p * y for p, _, y in found) / n
        gain = None if pre >= 100 else (post - pre) / (100 - pre)
        by_country.append((escape_cell(country), str(len(found)), str(int(n)), _pct(pre),
                           _pct(post), _two(gain)))  # fmt: skip
    parts = [table(header, rows)]
    if by_country:
        parts.append(
            table(("Country", "Workshops", "Pairs", "Mean pre", "Mean post", "⟨g⟩"), by_country)
        )
    return "\n\n".join(parts)
