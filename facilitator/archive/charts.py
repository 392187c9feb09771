"""Charts as SVG, drawn from a few numbers: a grid of mean maturity by area and country,
and horizontal bars (weaknesses by frequency, open actions by age).

Hand-written SVG: three simple charts need no plotting library. Every text is
escaped with html.escape; the colours read on paper and on a projector.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from facilitator.clean import clip

FONT = "font-family='DejaVu Sans, Arial, sans-serif'"
# 0 (none) to 4 (embedded): red to green, dark text on every one
SCALE = ("#d7301f", "#fc8d59", "#fee08b", "#91cf60", "#1a9850")
BAR = "#3a6ea5"
TEXT_CHARS = 42
COUNTRY_CHARS = 36
"""A country's label over its column (``mixed groups (Niger)`` and ``(Nigeria)`` apart)."""
CHAR_W = 8  # at most, a character of DejaVu Sans at 13 px
SIN_35, COS_35 = math.sin(math.radians(35)), math.cos(math.radians(35))


def _short(text: str, width: int = TEXT_CHARS) -> str:
    return clip(text, width)


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
        f"viewBox='0 0 {width} {height}' {FONT} font-size='13'>\n"
        f"<title>{escape(title)}</title>\n"
        f"<rect width='100%' height='100%' fill='white'/>\n"
        f"<text x='12' y='24' font-size='16' font-weight='bold'>{escape(title)}</text>\n"
        + "\n".join(body)
        + "\n</svg>\n"
    )


def _colour(level: float) -> str:
    return SCALE[max(0, min(4, round(level)))]


def maturity_grid(
    title: str, areas: Sequence[str], countries: Sequence[str], cells: dict[tuple[str, str], float]
) -> str:
    """Areas down, countries across; each cell coloured by its mean maturity (0-4)."""
    cell_w, cell_h = 76, 30
    rows = [_short(area) for area in areas]
    label_w = max(300, 24 + CHAR_W * max((len(row) for row in rows), default=0))
    names = [_short(country, COUNTRY_CHARS) for country in countries]
    # a rotated label rises and runs by its length: room above the grid and to the right
    extent = CHAR_W * max((len(name) for name in names), default=0)
    top = max(110, round(44 + extent * SIN_35))
    width = label_w + max(cell_w * len(countries), 56 * len(SCALE)) + 20
    if names:
        width = max(width, round(label_w + cell_w * (len(names) - 0.5) + extent * COS_35 + 12))
    height = top + cell_h * max(1, len(areas)) + 60
    body = []
    for j, name in enumerate(names):
        x = label_w + j * cell_w + cell_w / 2
        body.append(
            f"<text x='{x:.0f}' y='{top - 10}' transform='rotate(-35 {x:.0f} {top - 10})'>"
            f"{escape(name)}</text>"
        )
    for i, (area, row) in enumerate(zip(areas, rows, strict=True)):
        y = top + i * cell_h
        body.append(f"<text x='12' y='{y + 20}'>{escape(row)}</text>")
        for j, country in enumerate(countries):
            x = label_w + j * cell_w
            level = cells.get((area, country))
            if level is None:
                body.append(
                    f"<rect x='{x}' y='{y}' width='{cell_w - 2}' height='{cell_h - 2}' "
                    "fill='#eeeeee'/>"
                )
                continue
            body.append(
                f"<rect x='{x}' y='{y}' width='{cell_w - 2}' height='{cell_h - 2}' "
                f"fill='{_colour(level)}'/>"
                f"<text x='{x + cell_w / 2 - 1:.0f}' y='{y + 20}' text-anchor='middle'>"
                f"{level:.1f}</text>"
            )
    legend_y = top + cell_h * max(1, len(areas)) + 24
    for k, colour in enumerate(SCALE):
        x = label_w + k * 56
        body.append(
            f"<rect x='{x}' y='{legend_y - 13}' width='16' height='16' fill='{colour}'/>"
            f"<text x='{x + 20}' y='{legend_y}'>{k}</text>"
        )
    body.append(f"<text x='12' y='{legend_y}'>Maturity: 0 (none) to 4 (embedded)</text>")
    return _svg(width, height, title, body)


def bars(title: str, items: Sequence[tuple[str, int]], unit: str, one: str = "") -> str:
    """One horizontal bar per item, longest first as given, the count at its end (``one``:
    the unit after a count of 1, when it is not ``unit``)."""
    label_w, bar_w, bar_h, top = 330, 380, 24, 44
    counts = [f"{n:,} {one if n == 1 and one else unit}" for _, n in items]
    room = max(110, CHAR_W * max((len(c) for c in counts), default=0) + 12)
    height = top + bar_h * max(1, len(items)) + 20
    most = max((n for _, n in items), default=0) or 1
    body = []
    for i, ((label, n), count) in enumerate(zip(items, counts, strict=True)):
        y = top + i * bar_h
        length = max(1.0, bar_w * n / most) if n else 0.0
        body.append(
            f"<text x='12' y='{y + 16}'>{escape(_short(label))}</text>"
            f"<rect x='{label_w}' y='{y + 3}' width='{length:.1f}' height='{bar_h - 6}' "
            f"fill='{BAR}'/>"
            f"<text x='{label_w + length + 6:.1f}' y='{y + 16}'>{escape(count)}</text>"
        )
    if not items:
        body.append(f"<text x='12' y='{top + 16}'>None.</text>")
    return _svg(label_w + bar_w + room, height, title, body)


GAIN_BARS = 40
"""Most workshops drawn in the gain chart: beyond, the highest and the lowest half each."""


def gains(title: str, items: Sequence[tuple[str, str, float]], total: int | None = None) -> str:
    """One horizontal bar per workshop's normalised gain (workshop, country, gain), as
    given (highest first), from a zero line (a gain below zero goes left, in red);
    ``total``: how many workshops there are when ``items`` holds only the highest and
    the lowest half each."""
    label_w, country_w, bar_w, bar_h, top = 330, 150, 380, 22, 80
    shown = list(items)
    rows: list[tuple[str, str, float] | None] = list(shown)
    if total is not None and total > len(shown):
        half = len(shown) // 2
        rows = [*shown[:half], None, *shown[half:]]
    span_low = min([0.0, *(g for _, _, g in shown)])
    span_high = max([1.0, *(g for _, _, g in shown)])
    scale = bar_w / (span_high - span_low)
    zero = label_w + country_w + (-span_low) * scale
    bottom = top + bar_h * max(1, len(rows))
    body = [
        f"<text x='12' y='{top - 36}' fill='#555555'>⟨g⟩ = (post − pre) / (100 − pre), on "
        "each workshop's class means</text>",
        f"<text x='12' y='{top - 8}' font-weight='bold'>Workshop</text>"
        f"<text x='{label_w}' y='{top - 8}' font-weight='bold'>Country</text>",
    ]
    for i, row in enumerate(rows):
        y = top + i * bar_h
        if row is None:
            between = (total or 0) - len(shown)
            body.append(
                f"<text x='12' y='{y + 15}' fill='#555555'>… {between:,} workshops between</text>"
            )
            continue
        label, country, g = row
        x, length = (zero, g * scale) if g >= 0 else (zero + g * scale, -g * scale)
        value_x = zero + max(g, 0.0) * scale + 6
        body.append(
            f"<text x='12' y='{y + 15}'>{escape(_short(label))}</text>"
            f"<text x='{label_w}' y='{y + 15}'>{escape(_short(country, 18))}</text>"
            f"<rect x='{x:.1f}' y='{y + 3}' width='{max(length, 1.0):.1f}' "
            f"height='{bar_h - 6}' fill='{BAR if g >= 0 else SCALE[0]}'/>"
            f"<text x='{value_x:.1f}' y='{y + 15}'>{g:.2f}</text>"
        )
    if not rows:
        body.append(f"<text x='12' y='{top + 16}'>None.</text>")
    body.append(
        f"<line x1='{zero:.1f}' y1='{top - 2}' x2='{zero:.1f}' y2='{bottom + 2}' stroke='#333333'/>"
    )
    for tick in (0.0, 0.5, 1.0):
        body.append(
            f"<text x='{zero + tick * scale:.1f}' y='{bottom + 18}' text-anchor='middle' "
            f"fill='#555555'>{tick:g}</text>"
        )
    return _svg(label_w + country_w + bar_w + 60, bottom + 30, title, body)
