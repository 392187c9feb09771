"""Handouts and agendas as one standalone HTML page, laid out for A4 printing.

Course Markdown is rendered by markdown-it with raw HTML turned off (any ``<tag>``
in a course file shows as text) and its unsafe links refused; titles are
escaped with :func:`html.escape`. The page needs nothing from outside: its
style is inside it, so it prints the same from a browser or headless chromium.
"""

from __future__ import annotations

import re
from html import escape

from markdown_it import MarkdownIt

from facilitator.minutes.handout import Handout, Kind, Part

_MD = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")

STYLE = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt;
       line-height: 1.4; color: #111; }
body { margin: 0 auto; max-width: 180mm; }
h1 { font-size: 17pt; border-bottom: 2px solid #1d4e89; padding-bottom: 2mm; color: #1d4e89; }
h2 { font-size: 13.5pt; color: #1d4e89; margin-top: 6mm; }
h3 { font-size: 11.5pt; margin-top: 4mm; }
h4, h5, h6 { font-size: 10.5pt; }
h1, h2, h3, h4 { break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; break-inside: auto; }
tr { break-inside: avoid; }
th, td { border: 1px solid #888; padding: 1mm 2mm; vertical-align: top; text-align: left; }
th { background: #e8eef6; }
td:empty { height: 7mm; }
code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 9.5pt; }
pre { white-space: pre-wrap; border: 1px solid #ccc; padding: 2mm; }
blockquote { border-left: 3px solid #999; margin-left: 0; padding-left: 4mm; color: #333; }
section.agenda td:first-child { white-space: nowrap; }
section.agenda th:first-child { width: 30mm; }
section.slide:first-child { border-top: none; }
section.slide { border-top: 1px solid #c8d3e0; padding-top: 1mm; break-inside: avoid-page; }
section.notes { background: #fff6dc; border: 1px solid #d9b84a; padding: 0 4mm;
                margin: 2mm 0 5mm; font-size: 9.5pt; }
section.document { break-before: page; }
section.heading.top { break-before: page; }
section.heading.top:first-child { break-before: auto; }
.notice { color: #8a5a00; }
@media screen { body { padding: 10mm; } section.document { border-top: 3px double #888;
  margin-top: 10mm; } }
"""


def render_markdown(markdown: str) -> str:
    """Course Markdown as HTML: tables, lists, emphasis; raw HTML shown as text."""
    return _MD.render(markdown)


def _section(part: Part) -> str:
    classes = part.kind.value
    if part.kind is Kind.HEADING and part.markdown.startswith("# "):
        classes += " top"
    return f'<section class="{classes}">\n{render_markdown(part.markdown)}</section>'


def page(title: str, lang: str, body: str) -> str:
    """A whole HTML document around ``body`` (already HTML)."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


_FR_BEFORE = re.compile(r"[ \t\n]+(?=[:;?!»])")
_FR_AFTER = re.compile(r"«[ \t\n]+")


def french_spacing(html: str) -> str:
    """French printing: the space before ``: ; ? ! »`` and after ``«`` does not break
    (a line never starts with ``»`` or ``?``). For a body of text, not a tag's inside."""
    return _FR_AFTER.sub("«\u00a0", _FR_BEFORE.sub("\u00a0", html))


def handout_html(handout: Handout) -> str:
    """A handout as one HTML page: each slide, notes box and document its own section."""
    body = "\n".join(_section(p) for p in handout.parts if p.markdown.strip())
    if handout.lang == "fr":
        body = french_spacing(body)
    return page(handout.title, handout.lang, body)
