"""The coordinators' commands: ``bundle`` (a workshop's minutes, data and manifest,
perhaps committed into a git repository) and ``collect`` (many workshops into an SQLite
archive, and a report from it). They are added to the ``facilitator`` group when
:mod:`facilitator.cli` is imported."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import click

from facilitator import paths as locations
from facilitator.cli import (
    COURSE_OPTION,
    DATA_OPTION,
    LANG_OPTION,
    UserError,
    _date,
    cli,
    echo,
    load_catalog,
    say_error,
)
from facilitator.store import db as store_mod
from facilitator.store import workshops


def _dates(about: dict[str, str]) -> str:
    start, end = about["start_date"], about["end_date"]
    return start if start == end else f"{start} to {end}"


@cli.command()
@click.argument("workshop")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write the bundle into this folder (default: ./bundles/<workshop>/).",
)
@click.option(
    "--git",
    "repo",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Commit the bundle into this git repository, in a folder named after the "
    "workshop (the repository is created if needed).",
)
@LANG_OPTION
@COURSE_OPTION
@DATA_OPTION
def bundle(workshop, out, repo, lang, course, data) -> None:
    """Write WORKSHOP's bundle: minutes, report, results as CSV and JSON, manifest.toml."""
    from facilitator.archive import bundle as bundle_mod
    from facilitator.archive import gitrepo

    if out is not None and repo is not None:
        raise UserError("give --out or --git, not both")
    path = workshops.resolve(locations.data_dir(data), workshop)
    catalog = load_catalog(course, workshops.programme_of(path))
    snapshot = store_mod.WorkshopStore(path).read()
    programme = catalog.programme(snapshot.workshop.programme_id)  # load_catalog checked it
    wid = snapshot.workshop.id
    if repo is not None:
        folder = gitrepo.ensure_repository(repo) / wid
    else:
        folder = out or locations.bundles_dir(wid)
    try:
        made = bundle_mod.write(snapshot, programme, catalog, folder, lang)
    except OSError as exc:
        raise UserError(f"{folder}: cannot write ({exc.strerror})") from None
    echo(f"Wrote the bundle of {wid} to {folder}: {len(made.files)} files")
    if repo is not None:
        about = made.about
        message = (
            f"{about['workshop_name']} ({wid}), {_dates(about)}: minutes and results "
            f"bundled by facilitator"
        )
        commit = gitrepo.commit(repo, wid, message)
        echo(f"Committed {commit[:12]} in {repo}" if commit else f"Nothing changed in {repo}")


@cli.command()
@click.argument("folders", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--db",
    "archive",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Keep what is read in this SQLite archive, and report on all of it (files "
    "already in it are not read again). Default: a temporary archive.",
)
@click.option(
    "--rev",
    default=None,
    help="Read each folder (in a git repository) as it is at this revision, e.g. "
    "origin/HEAD, rather than the files on disk.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the report to this file, with CSV files and SVG charts beside it "
    "(default: print the report).",
)
@click.option(
    "--today",
    default=None,
    help="Count actions due before this date as overdue (default: today's date).",
)
def collect(folders, archive, rev, out, today) -> None:
    """Read the minutes and bundles under FOLDERS into an archive, and report on it."""
    as_of = _date(today, "--today")
    folders = [Path(os.path.abspath(f)) for f in folders]
    if archive is not None:
        _collect(folders, Path(os.path.abspath(archive)), rev, out, as_of)
        return
    with tempfile.TemporaryDirectory(prefix="facilitator-collect-") as tmp:
        _collect(folders, Path(tmp) / "archive.sqlite", rev, out, as_of)


def _collect(folders: list[Path], archive: Path, rev: str | None, out: Path | None, as_of: date):
    import sqlite3

    from facilitator.archive import ingest, outputs, report
    from facilitator.archive.db import open_archive
    from facilitator.archive.rows import REPLACED_BY

    base = Path(os.path.commonpath([str(f) for f in folders]))
    base = base if base.is_dir() else base.parent
    db = open_archive(archive)
    try:
        run = ingest.collect(db, folders, rev)
        for path, reason in db.execute(
            "SELECT path, reason FROM files WHERE run = ? AND status IN ('skipped', 'duplicate') "
            "ORDER BY path",
            (run.id,),
        ):
            say_error(f"skipped {path}: {reason}")
        for path, reason in db.execute(  # replaced by a file this run read
            "SELECT path, reason FROM files f WHERE status = 'replaced' AND EXISTS (SELECT 1 "
            "FROM files g WHERE g.path = substr(f.reason, ?) AND g.run = ?) ORDER BY path",
            (len(REPLACED_BY) + 1, run.id),
        ):
            say_error(f"{path}: {reason}")
        for folder, name, problem in db.execute(
            "SELECT b.folder, c.name, c.problem FROM checks c JOIN bundles b "
            "ON b.id = c.bundle_id WHERE b.run = ? ORDER BY b.folder, c.name",
            (run.id,),
        ):
            say_error(f"bundle {folder}: {name}: {problem}")
        workshops_n = db.execute("SELECT count(*) FROM workshops").fetchone()[0]
        summary = (
            f"{workshops_n} workshop(s), {run.skipped} file(s) skipped; "
            f"{run.read} file(s) read, {run.unchanged} unchanged"
        )
        if out is None:
            echo(report.render(db, as_of, base), nl=False)
            echo(summary, err=True)
            return
        try:
            written = outputs.write(db, Path(os.path.abspath(out)), as_of, base)
        except OSError as exc:
            raise UserError(f"{out}: cannot write ({exc.strerror})") from None
        echo(f"Wrote {out} and {len(written) - 1} file(s) beside it: {summary}", err=True)
    except sqlite3.DatabaseError as exc:  # damaged past the pages that opening it reads
        damaged = not isinstance(exc, sqlite3.OperationalError)  # not locked, not a full disk
        hint = "; it is a cache of the bundles: delete it and collect again into a new one"
        raise UserError(
            f"{archive}: cannot be used as an archive ({exc}){hint if damaged else ''}"
        ) from None
    finally:
        db.close()
