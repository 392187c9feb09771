"""``facilitator handout``: a module, a programme or one document, ready to print.

Markdown and HTML are written by the program; PDF is the HTML printed by
headless chromium (the browser lays out tables and page breaks best, and the
CI machine has it already for the screenshots), then written like every other
file, atomically.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import click

from facilitator.cli import (
    COURSE_OPTION,
    PRINT_LANG_OPTION,
    SKIP_OPTION,
    WEEKDAYS_OPTION,
    UserError,
    _date,
    _dates,
    cli,
    echo,
    load_catalog,
    print_language,
)
from facilitator.course.catalog import Catalog
from facilitator.live.calendar import Calendar, CalendarError, working_days
from facilitator.minutes import handout as handout_mod
from facilitator.minutes.html import handout_html
from facilitator.store import workshops
from facilitator.store.files import make_folder, write_atomic

FORMATS = ("md", "html", "pdf")
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER_ENV = "FACILITATOR_CHROMIUM"
MATERIALS = "materials/"


def find_browser() -> str:
    """The headless browser that prints PDF: $FACILITATOR_CHROMIUM, else the first found."""
    for name in (os.environ.get(BROWSER_ENV), *BROWSERS):
        if name and (found := shutil.which(name)):
            return found
    raise UserError(
        "PDF needs chromium (apt-get install chromium, or set FACILITATOR_CHROMIUM); "
        "or write --format html and print it from a browser"
    )


def print_pdf(html: str, timeout: float = 120) -> bytes:
    """The PDF headless chromium prints from ``html``: A4, as the page's style says."""
    browser = find_browser()
    with tempfile.TemporaryDirectory(prefix="facilitator-pdf-") as tmp:
        source, target = Path(tmp) / "handout.html", Path(tmp) / "handout.pdf"
        source.write_text(html, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise UserError(f"{browser}: did not print the PDF in {timeout:.0f} s") from None
        if not target.is_file() or target.stat().st_size == 0:
            raise UserError(f"{browser}: printed no PDF (try --format html)")
        return target.read_bytes()


def write_output(out: Path, text: str, fmt: str) -> None:
    """``text`` (Markdown or HTML; HTML printed to PDF for ``pdf``) into ``out``."""
    payload = print_pdf(text) if fmt == "pdf" else text.encode("utf-8")
    make_folder(out.parent)
    write_atomic(out, payload)
    echo(f"Wrote {out}")


def _build(
    catalog: Catalog, what: str, lang: str, notes: bool, dates: tuple[str, str, str, str]
) -> handout_mod.Handout:
    if what.startswith(MATERIALS):
        name = what.removeprefix(MATERIALS)
        if name not in catalog.materials.files:
            raise UserError(f"no document content/materials/{name}")
        return handout_mod.document_handout(catalog, name, lang)
    if what in catalog.modules:
        return handout_mod.module_handout(catalog, what, lang, notes)
    if what in catalog.programmes:
        programme = catalog.programmes[what]
        start, weekdays, skip, tz = dates
        try:
            workshops.check_timezone(tz)
            days = working_days(_date(start), len(programme.days), weekdays, _dates(skip, "--skip"))
        except CalendarError as exc:
            raise UserError(str(exc)) from None
        return handout_mod.programme_handout(catalog, programme, Calendar(days), tz, lang, notes)
    raise UserError(
        f"{what}: not a module (e.g. copes/16-mock-hearing.md), a programme "
        f"({', '.join(sorted(catalog.programmes))}) or materials/<document>"
    )


@cli.command()
@click.argument("what")
@click.option("--notes", is_flag=True, help="The trainers' edition: with the speaker notes.")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="html", show_default=True,
    help="Markdown, HTML for A4 printing, or PDF (printed by headless chromium).",
)  # fmt: skip
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="The file to write (default: handouts/<name>.<lang>.<format> here).",
)  # fmt: skip
@click.option("--start", default=None, help="A programme's first day, YYYY-MM-DD (default: today).")
@WEEKDAYS_OPTION
@SKIP_OPTION
@click.option("--tz", default="UTC", show_default=True, help="Time zone of the venue.")
@PRINT_LANG_OPTION
@COURSE_OPTION
def handout(what, notes, fmt, out, start, weekdays, skip, tz, lang, course) -> None:
    """Write a handout to print: WHAT is a module (copes/16-mock-hearing.md), a programme
    (copes-5day: the agenda with its dates, then every session), or one document
    (materials/copes/16-05-photograph-sheet.md).

    A participants' handout has the slides and the documents every participant gets;
    never the speaker notes (unless --notes) and never a document for trainers."""
    catalog = load_catalog(course, what if "/" not in what else None)
    lang = print_language(lang, catalog.programmes.get(what))
    made = _build(catalog, what, lang, notes, (start, weekdays, skip, tz))
    text = made.markdown() if fmt == "md" else handout_html(made)
    if out is None:
        stem = what.removeprefix(MATERIALS).removesuffix(".md").replace("/", "-")
        out = Path.cwd() / "handouts" / f"{stem}{'-notes' if notes else ''}.{lang}.{fmt}"
    write_output(out, text, fmt)
