"""Printable HTML (A4): one page per section, everything from outside escaped."""

from __future__ import annotations

import html
from collections.abc import Iterable

STYLE = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #111; }
section { page-break-after: always; break-after: page; }
section:last-child { page-break-after: auto; break-after: auto; }
h1 { font-size: 16pt; margin: 0 0 4mm; }
h2 { font-size: 12pt; margin: 0 0 3mm; color: #333; }
.code { float: right; border: 1.5pt solid #111; width: 38mm; height: 13mm;
        font-size: 8pt; padding: 1mm 2mm; box-sizing: border-box; }
.note { font-style: italic; margin: 2mm 0 5mm; }
ol.items > li { margin: 0 0 3.5mm; page-break-inside: avoid; break-inside: avoid; }
ol.choices { list-style: upper-alpha; margin: 1mm 0 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.6pt solid #777; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
.n { text-align: center; width: 9mm; }
.lines { border-bottom: 0.6pt solid #777; height: 9mm; }
.certificate { text-align: center; border: 3pt double #1f4e79; padding: 22mm 14mm;
               margin-top: 12mm; }
.certificate h1 { font-size: 26pt; color: #1f4e79; }
.certificate .name { font-size: 22pt; font-weight: bold; margin: 8mm 0; }
.certificate p { font-size: 13pt; margin: 3mm 0; }
.signature { margin-top: 24mm; display: inline-block; border-top: 0.8pt solid #111;
             padding-top: 2mm; width: 70mm; }
"""


def e(text: object) -> str:
    """Text from outside, safe in HTML."""
    return html.escape(str(text), quote=True)


def page(title: str, lang: str, sections: Iterable[str]) -> str:
    """A whole HTML document: each section printed on its own pages."""
    body = "\n".join(f"<section>\n{s}\n</section>" for s in sections)
    return (
        f'<!DOCTYPE html>\n<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n"
        "</body>\n</html>\n"
    )
