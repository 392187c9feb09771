"""The commands of the tests and the evaluation: ``papers``, ``scores``, ``certificates``.

Registered on the ``facilitator`` group by one import at the end of :mod:`facilitator.cli`.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from facilitator import paths as locations
from facilitator.assess import attendance, importing
from facilitator.assess.codes import codes
from facilitator.cli import (
    COURSE_OPTION,
    DATA_OPTION,
    LANG_OPTION,
    UserError,
    cli,
    echo,
    load_catalog,
)
from facilitator.course.model import Programme
from facilitator.i18n import say
from facilitator.minutes import certificates as certificates_mod
from facilitator.minutes import papers as papers_mod
from facilitator.minutes.learning_md import results, results_text
from facilitator.store import workshops
from facilitator.store.db import Author, Snapshot, WorkshopStore
from facilitator.store.files import make_folder, write_atomic

OUT_OPTION = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write to (default: printouts/<workshop>/ in the current folder).",
)


def _open(
    workshop: str, course: Path | None, data: Path | None
) -> tuple[Path, Snapshot, Programme]:
    path = workshops.resolve(locations.data_dir(data), workshop)
    catalog = load_catalog(course, workshops.programme_of(path))
    snapshot = WorkshopStore(path).read()
    programme = catalog.programme(snapshot.workshop.programme_id)
    if programme.assessment is None:
        raise UserError(f"{programme.file}: programme {programme.id} has no [assessment] table")
    return path, snapshot, programme


def _write(folder: Path, files: dict[str, str]) -> None:
    try:
        make_folder(folder)
        for name, text in files.items():
            write_atomic(folder / name, text.encode("utf-8"))
    except OSError as exc:
        raise UserError(f"{folder}: cannot write ({exc.strerror})") from None


@cli.command()
@click.argument("workshop")
@OUT_OPTION
@LANG_OPTION
@COURSE_OPTION
@DATA_OPTION
def papers(workshop, out, lang, course, data) -> None:
    """Write WORKSHOP's test papers (pre-test, post-test), the answer key with the
    participant codes, and the evaluation form: Markdown and A4 HTML."""
    path, snapshot, programme = _open(workshop, course, data)
    found = papers_mod.render(snapshot.workshop, programme, lang)
    folder = out or locations.printouts_dir(path.stem)
    _write(folder, found.files)
    echo(f"Wrote {len(found.files)} file(s) to {folder}")


@cli.command()
@click.argument("workshop")
@click.option(
    "--import",
    "source",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="A CSV of papers: header code,test,<item or criterion ids>; one row per paper.",
)
@click.option("--author", default=None, help="Your name, recorded with what is imported.")
@LANG_OPTION
@COURSE_OPTION
@DATA_OPTION
def scores(workshop, source, author, lang, course, data) -> None:
    """Show WORKSHOP's scores and learning gain; with --import, first add papers typed in
    a spreadsheet (nothing is imported if a line is wrong: each problem names its line)."""
    path, snapshot, programme = _open(workshop, course, data)
    if source is not None:
        try:
            text = source.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"{source}: cannot read ({exc})") from None
        known = set(codes(snapshot.workshop))
        rows, problems = importing.parse(text, str(source), programme.assessment, known)
        if problems:
            for problem in problems:
                echo(problem, err=True)
            raise UserError(f"{source}: {len(problems)} problem(s); nothing was imported")
        store = WorkshopStore(path, Author("clerk", author) if author else Author("clerk"))
        at = time.time()
        store.merge_papers(
            [(row.test, row.code, {k: (v, at) for k, v in row.values.items()}) for row in rows]
        )
        echo(f"Imported {len(rows)} paper(s) from {source}")
        snapshot = store.read()
    echo(results_text(results(snapshot, programme, lang)), nl=False)


@cli.command()
@click.argument("workshop")
@OUT_OPTION
@LANG_OPTION
@COURSE_OPTION
@DATA_OPTION
def certificates(workshop, out, lang, course, data) -> None:
    """List who qualifies for a certificate and why the others do not (the attendance rule
    is `attendance` in the programme's [assessment] table); write certificates.html."""
    path, snapshot, programme = _open(workshop, course, data)
    found = attendance.certificates(snapshot, programme)
    rule = programme.assessment.attendance if programme.assessment else 80
    echo(say(lang, "cert_rule", rule=rule, held=found.held, file=programme.file))
    for standing in found.standings:
        mark = "✓" if standing.qualifies else "✗"
        echo(f"{mark} {standing.participant.name}: {standing.reason(lang)}")
    folder = out or locations.printouts_dir(path.stem)
    html = certificates_mod.render(snapshot.workshop, programme, found, lang)
    _write(folder, {"certificates.html": html})
    count = sum(1 for s in found.standings if s.qualifies)
    echo(say(lang, "cert_wrote", n=count, path=folder / "certificates.html"))
