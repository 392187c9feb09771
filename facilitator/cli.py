"""The ``facilitator`` command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from facilitator import catalog as catalog_mod
from facilitator import locations
from facilitator.model import LANGUAGES

ROOT_OPTION = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder holding sessions/ and content/ (default: here, or the source checkout).",
)
LANG_OPTION = click.option(
    "--lang", type=click.Choice(LANGUAGES), default="en", show_default=True, help="Language."
)


class UserError(click.ClickException):
    """A mistake the user can fix: one line on stderr, exit 1, no traceback."""

    def show(self, file=None) -> None:  # type: ignore[override]
        click.echo(f"facilitator: {self.format_message()}", err=True)


def load_catalog(root: Path | None) -> catalog_mod.Catalog:
    """Load the catalog or stop with every problem listed."""
    base = locations.content_root(root)
    try:
        return catalog_mod.load(base)
    except catalog_mod.CatalogError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise UserError(
            f"{len(exc.problems)} problem(s) in the course files under {base}; "
            "fix them (see `facilitator check`)"
        ) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="facilitator")
def cli() -> None:
    """Run COPES and CPCH training workshops: agenda, content, diagnostics, minutes."""


@cli.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--lang", type=click.Choice(LANGUAGES), default=None, help="Also list missing translations."
)
def check(path: Path | None, lang: str | None) -> None:
    """Check every programme, module and bank; list each problem with file and line.

    PATH is the folder holding sessions/ and content/, or one programme file.
    """
    only = None
    if path is not None and path.is_file():
        only = path.resolve()
        root = only.parent.parent
    else:
        root = locations.content_root(path)
    if path is not None and not path.exists():
        raise UserError(f"{path}: no such file or folder")
    catalog, problems = catalog_mod.scan(root, only)
    for problem in sorted(problems):
        click.echo(str(problem))
    missing = catalog.missing_translations(lang) if lang and lang != "en" else ()
    for problem in missing:
        click.echo(f"{problem} (missing translation)")
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(1)
    sessions = sum(len(p.sessions()) for p in catalog.programmes.values())
    questions = sum(len(b.questions) for b in catalog.banks.values())
    summary = (
        f"OK: {len(catalog.programmes)} programme(s), {sessions} sessions, "
        f"{len(catalog.modules)} modules, {len(catalog.banks)} banks with {questions} questions"
    )
    if lang and lang != "en":
        summary += f"; {len(missing)} missing {lang} translation(s)"
    click.echo(summary + ".")


def main() -> None:
    """Console entry point."""
    cli(prog_name="facilitator")


if __name__ == "__main__":
    main()
