"""Charts for the report as SVG: horizontal bars, before and after, drawn by hand.

Written by hand rather than with a plotting library: a few rectangles and labels,
the same bytes at every export (the minutes are only rewritten when their bytes
change), and every label escaped with ``html.escape``.
"""

from __future__ import annotations

from collections.abc import Sequence

from facilitator.clean import clip
from facilitator.minutes.printing import e

PRE, POST = "#9db4cc", "#1f4e79"
ROW, LABEL, BAR = 22, 260, 300


def bars(
    title: str,
    rows: Sequence[tuple[str, float | None, float | None]],
    top: float = 100.0,
    legend: bool = True,
) -> str:
    """Two bars per row (before, after) from 0 to ``top``; a missing value draws none."""
    height = 46 + ROW * len(rows) + 26
    width = LABEL + BAR + 110
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Arial, sans-serif" '
        'font-size="11">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="8" y="18" font-size="13" font-weight="bold">{e(title)}</text>',
    ]
    if legend:
        out.append(
            f'<rect x="{LABEL}" y="26" width="10" height="8" fill="{PRE}"/>'
            f'<text x="{LABEL + 14}" y="34">before</text>'
            f'<rect x="{LABEL + 70}" y="26" width="10" height="8" fill="{POST}"/>'
            f'<text x="{LABEL + 84}" y="34">after</text>'
        )
    for index, (label, pre, post) in enumerate(rows):
        y = 46 + ROW * index
        short = clip(label, 42)
        out.append(f'<text x="{LABEL - 6}" y="{y + 13}" text-anchor="end">{e(short)}</text>')
        for offset, value, colour in ((0, pre, PRE), (9, post, POST)):
            if value is None:
                continue
            length = round(BAR * max(0.0, min(value, top)) / top, 1)
            out.append(
                f'<rect x="{LABEL}" y="{y + offset}" width="{length}" height="8" fill="{colour}"/>'
            )
        shown = " → ".join(_number(v, top) for v in (pre, post) if v is not None)
        out.append(f'<text x="{LABEL + BAR + 6}" y="{y + 13}">{e(shown)}</text>')
    axis = 46 + ROW * len(rows) + 4
    out.append(
        f'<line x1="{LABEL}" y1="{axis}" x2="{LABEL + BAR}" y2="{axis}" stroke="#777"/>'
        f'<text x="{LABEL}" y="{axis + 14}">0</text>'
        f'<text x="{LABEL + BAR}" y="{axis + 14}" text-anchor="end">{_number(top, top)}</text>'
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _number(value: float, top: float) -> str:
    return f"{value:.0f}%" if top == 100 else f"{value:.1f}"
