"""The ``facilitator`` command line.

Over 400 lines: every command is here, one function each, so that this file and
``facilitator --help`` list the same things. Each command only parses its
options into the program's own calls; the work is done in the packages below.
"""

from __future__ import annotations

import gc
import sys
from datetime import date
from pathlib import Path
from typing import ClassVar

import click

from facilitator import paths as locations
from facilitator.clean import clean_line, clean_text
from facilitator.course import catalog as catalog_mod
from facilitator.course.interpretation import MODES, overruns, programme_with
from facilitator.course.model import LANGUAGES, Programme
from facilitator.i18n import long_date
from facilitator.live.calendar import WORKING_WEEK, Calendar, CalendarError, working_days
from facilitator.store import db as store_mod
from facilitator.store import workshops
from facilitator.store.db import StoreError
from facilitator.store.files import make_folder
from facilitator.store.lead import LeadBusy, LeadLock

COURSE_OPTION = click.option(
    "--course",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="FACILITATOR_COURSE",
    default=None,
    help="Your own course folder (sessions/, content/), on top of the built-in course "
    "(env FACILITATOR_COURSE).",
)
DATA_OPTION = click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="FACILITATOR_DATA",
    default=None,
    help="Folder of workshop files (default: the user data folder; env FACILITATOR_DATA).",
)
LANG_OPTION = click.option(
    "--lang", type=click.Choice(LANGUAGES), default="en", show_default=True, help="Language."
)
PRINT_LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    help="Language (default: the programme's own, as its file says; English for a module).",
)


def print_language(lang: str | None, programme: Programme | None) -> str:
    """The language of a printed agenda or handout: ``--lang`` if given, else the
    programme's own (``language`` in its file), else English."""
    if lang:
        return lang
    return programme.language if programme is not None else "en"


def _clean(value: str) -> str:
    """An option's text as the program keeps it: one clean line, no surrounding spaces."""
    return clean_line(value).strip()


def echo(message: str, err: bool = False, nl: bool = True) -> None:
    """Print for the user: whatever came from files or options, no terminal escape in it."""
    click.echo(clean_text(message), err=err, nl=nl)


def say_error(message: str) -> None:
    """One line (or a few) on stderr, never with a terminal escape in it."""
    echo(f"facilitator: {message}", err=True)


class UserError(click.ClickException):
    """A mistake the user can fix: one line on stderr, exit 1, no traceback."""

    def show(self, file=None) -> None:  # type: ignore[override]
        say_error(self.format_message())


def load_catalog(course: Path | None, programme: str | None = None) -> catalog_mod.Catalog:
    """Load the built-in course and the trainer's own (for one programme), or stop with
    every problem listed. With ``programme``, only the files it uses are read (others'
    problems are for `facilitator check`)."""
    if course is not None and not (course / "sessions").is_dir():
        raise UserError(f"{course}: not a course folder (it has no sessions/ folder)")
    base = locations.course_roots(course)
    try:
        if programme is None:
            return catalog_mod.load(base)
        catalog, others = catalog_mod.load_one(base, programme)
    except KeyError as exc:
        raise UserError(exc.args[0]) from None
    except catalog_mod.CatalogError as exc:
        for problem in exc.problems:
            echo(str(problem), err=True)
        raise UserError(
            f"{len(exc.problems)} problem(s) in the course files under "
            f"{', '.join(str(b) for b in base)}; "
            "fix them (see `facilitator check`)"
        ) from None
    if others:
        echo(
            f"facilitator: warning: {len(others)} problem(s) in other course files "
            f"(not used by {programme}); see `facilitator check`",
            err=True,
        )
    return catalog


class Commands(click.Group):
    """The commands; those kept in modules of their own are imported when one is used
    (or help lists them), so that opening the app imports none of them."""

    ELSEWHERE: ClassVar[dict[str, str]] = {
        "bundle": "facilitator.cli_archive",
        "collect": "facilitator.cli_archive",
        "papers": "facilitator.cli_evaluation",
        "scores": "facilitator.cli_evaluation",
        "certificates": "facilitator.cli_evaluation",
        "room": "facilitator.cli_room",
        "handout": "facilitator.cli_handout",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | self.ELSEWHERE.keys())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.ELSEWHERE and cmd_name not in self.commands:
            import importlib

            importlib.import_module(self.ELSEWHERE[cmd_name])  # it adds its commands to cli
        return super().get_command(ctx, cmd_name)


APP_COMMANDS = frozenset({"run", "follow", "demo"})
"""The commands that open the full-screen app: it turns the cycle collector on again
once its first frame is drawn (see :mod:`facilitator.start`); every other command
before it does anything."""


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="facilitator")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Run COPES and CPCH training workshops: agenda, content, diagnostics, minutes."""
    if ctx.invoked_subcommand not in APP_COMMANDS and not gc.isenabled():
        gc.enable()  # off while the program started (facilitator.start)


@cli.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--lang", type=click.Choice(LANGUAGES), default=None, help="Also list missing translations."
)
@click.option(
    "--fit",
    "fit_size",
    metavar="COLSxROWS",
    default=None,
    help="Also list the slides taller than the room's view at this terminal size "
    "in presentation mode, e.g. 80x24.",
)
@COURSE_OPTION
def check(path: Path | None, lang: str | None, fit_size: str | None, course: Path | None) -> None:
    """Check every programme, module and bank; list each problem with file and line.

    Checks the built-in course and your own (--course). PATH is a course folder to
    check (as --course), or one programme file. Missing translations (--lang) and
    slides that do not fit (--fit) are listed as warnings: they do not fail the check.
    """
    from facilitator.course.fit import RoomSize

    try:
        size = RoomSize.parse(fit_size) if fit_size is not None else None
    except ValueError as exc:
        raise UserError(f"--fit: {exc}") from None
    if path is not None and not path.exists():
        raise UserError(f"{path}: no such file or folder")
    only = None
    if path is not None and path.is_file():
        only = path.resolve()
        course = only.parent.parent
    elif path is not None:
        course = path
    roots = locations.course_roots(course)
    catalog, problems = catalog_mod.scan(roots, only)
    for problem in sorted(problems):
        echo(str(problem))
    missing = catalog.missing_translations(lang) if lang and lang != "en" else ()
    for problem in missing:
        echo(f"{problem} (missing translation)")
    too_tall = ()
    if size is not None:
        from facilitator.tui.fit import overflowing

        too_tall = overflowing(catalog, size)
    for overflow in too_tall:
        echo(f"{overflow} (does not fit)")
    if problems:
        echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(1)
    sessions = sum(len(p.sessions()) for p in catalog.programmes.values())
    questions = sum(len(b.questions) for b in catalog.banks.values())
    items = sum(len(t.items) for t in catalog.tests.values())
    summary = (
        f"OK: {len(catalog.programmes)} programme(s), {sessions} sessions, "
        f"{len(catalog.modules)} modules, {len(catalog.banks)} banks with {questions} questions, "
        f"{len(catalog.tests)} tests with {items} items, "
        f"{1 if catalog.form is not None else 0} evaluation form"
    )
    if lang and lang != "en":
        summary += f"; {len(missing)} missing {lang} translation(s)"
    if size is not None:
        summary += f"; {len(too_tall)} slide(s) do not fit at {size}"
    echo(summary + ".")


@cli.group()
def course() -> None:
    """Your own course: programmes and modules of your own, on top of the built-in ones."""


@course.command(name="init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def course_init(folder: Path) -> None:
    """Copy the built-in course into FOLDER, to start your own from it."""
    import shutil

    if (folder / "sessions").exists() or (folder / "content").exists():
        raise UserError(f"{folder}: it has a course already (sessions/ or content/)")
    builtin = locations.builtin_course()
    make_folder(folder)
    for name in ("sessions", "content"):
        shutil.copytree(builtin / name, folder / name)
    echo(f"Copied the built-in course into {folder}.")
    echo(f"Edit it, then check it with: facilitator check --course {folder}")


WEEKDAYS_OPTION = click.option(
    "--weekdays",
    default=WORKING_WEEK,
    show_default=True,
    help="The days of the week the course runs on, e.g. mon-fri, sun-thu, mon-sat.",
)
SKIP_OPTION = click.option(
    "--skip",
    default="",
    help="Dates the course does not run on (public holidays), comma-separated YYYY-MM-DD.",
)


def _dates(value: str, name: str) -> list[date]:
    return [_date(v.strip(), name) for v in value.split(",") if v.strip()]


def _date(value: str | None, name: str = "--start") -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{name} must be a date written YYYY-MM-DD, got {value!r}") from None


@cli.command()
@click.option("--programme", "-p", required=True, help="Programme id, e.g. copes-5day.")
@click.option(
    "--name",
    "-n",
    required=True,
    callback=lambda ctx, param, value: _clean(value),
    help="Workshop name, e.g. 'COPES Lomé 2026'.",
)
@click.option("--start", default=None, help="First day, YYYY-MM-DD (or give --days).")
@click.option(
    "--days",
    "days",
    default=None,
    help="The date of every day, comma-separated: 2026-12-07,2026-12-08,... (instead of --start).",
)
@WEEKDAYS_OPTION
@SKIP_OPTION
@click.option(
    "--venue",
    default="",
    callback=lambda ctx, param, value: _clean(value),
    help="Where it takes place.",
)
@click.option("--tz", default="UTC", show_default=True, help="Time zone, e.g. Africa/Lome.")
@click.option(
    "--roster",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="CSV file of participants: columns name, country, agency (and group, optional).",
)
@click.option(
    "--trainer",
    "trainers",
    multiple=True,
    callback=lambda ctx, param, value: tuple(_clean(v) for v in value),
    help="A trainer: 'ROLE=NAME' (a role the programme names, or a session id), or a name "
    "(repeatable; 'ROLE=NAME, NAME' gives a role two).",
)
@click.option(
    "--groups",
    default="",
    callback=lambda ctx, param, value: _clean(value),
    help="Diagnostic groups, comma-separated, e.g. 'A,B,C' (default: one per roster country).",
)
@click.option(
    "--country",
    default="",
    callback=lambda ctx, param, value: _clean(value),
    help="Host country (default: the roster's, if only one).",
)
@click.option(
    "--names-in-minutes",
    is_flag=True,
    help="Print participants' names in the minutes (default: counts only).",
)
@COURSE_OPTION
@DATA_OPTION
@click.option(
    "--interpretation",
    type=click.Choice(MODES),
    default=None,
    help="The room works through interpreters: each session gets time for it "
    "(simultaneous: 5 min; consecutive: half as long again).",
)
def new(
    programme,
    name,
    start,
    days,
    weekdays,
    skip,
    venue,
    tz,
    roster,
    trainers,
    groups,
    country,
    names_in_minutes,
    interpretation,
    course,
    data,
) -> None:
    """Create a workshop: one run of a programme, with its days, venue and roster.

    The days fall on working days from --start (Monday to Friday; --weekdays for
    another week, --skip for public holidays), or on the dates --days gives.
    """
    if start is None and days is None:
        raise UserError("give the first day with --start YYYY-MM-DD, or every day with --days")
    catalog = load_catalog(course, programme)
    people = workshops.read_roster(roster) if roster else ()
    given = [_date(d.strip(), "--days") for d in days.split(",") if d.strip()] if days else None
    path = workshops.create(
        locations.data_dir(data),
        catalog,
        programme,
        name,
        given[0] if given else _date(start),
        venue,
        tz,
        people,
        tuple(trainers),
        country=country,
        names_in_minutes=names_in_minutes,
        groups=tuple(g.strip() for g in groups.split(",") if g.strip()),
        days=given,
        weekdays=weekdays,
        skip=_dates(skip, "--skip"),
        interpretation=interpretation or "",
    )
    workshop = store_mod.WorkshopStore(path).read().workshop
    for overrun in overruns(programme_with(catalog.programme(programme), workshop.interpretation)):
        echo(
            f"facilitator: warning: with {workshop.interpretation} interpretation, {overrun}",
            err=True,
        )
    echo(f"Created {path.stem} ({programme}, {len(people)} participants) in {path}")
    echo("Days: " + ", ".join(long_date(date.fromisoformat(d)) for d in workshop.days))
    echo(f"Run it with: facilitator run {path.stem}")


@cli.command(name="list")
@DATA_OPTION
def list_cmd(data) -> None:
    """List the workshops in the data folder."""
    folder = locations.data_dir(data)
    found = workshops.list_workshops(folder)
    if not found:
        echo(f"No workshops in {folder}. Create one with `facilitator new`.")
        return
    for wid, item in found:
        if isinstance(item, str):
            echo(f"{wid:<24} DAMAGED: {item}")
        else:
            echo(
                f"{wid:<24} {item.programme_id:<12} {item.start_date}  {item.name}"
                + (f", {item.venue}" if item.venue else "")
            )


@cli.command()
@click.argument("programme")
@click.option("--start", default=None, help="First day, YYYY-MM-DD (default: today).")
@WEEKDAYS_OPTION
@SKIP_OPTION
@click.option("--tz", default="UTC", show_default=True, help="Time zone of the venue.")
@click.option("--markdown", is_flag=True, help="Print Markdown tables instead of text.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "md", "html", "pdf")),
    default=None,
    help="Print text or Markdown; or write an A4 page as HTML or PDF (see --out).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The HTML or PDF file (default: handouts/agenda-<programme>.<lang>.<format> here).",
)
@PRINT_LANG_OPTION
@COURSE_OPTION
def agenda(programme, start, weekdays, skip, tz, markdown, fmt, out, lang, course) -> None:
    """Print the planned agenda of PROGRAMME, day by day, on working days from --start."""
    catalog = load_catalog(course, programme)
    try:
        prog = catalog.programme(programme)
        workshops.check_timezone(tz)
        dates = working_days(_date(start), len(prog.days), weekdays, _dates(skip, "--skip"))
    except KeyError as exc:
        raise UserError(exc.args[0]) from None
    except CalendarError as exc:
        raise UserError(str(exc)) from None
    fmt = fmt or ("md" if markdown else "text")
    lang = print_language(lang, prog)
    if fmt in ("text", "md"):
        from facilitator.minutes import agenda as agenda_mod

        render = agenda_mod.render_text if fmt == "text" else agenda_mod.render_markdown
        echo(render(prog, Calendar(dates), tz, lang), nl=False)
        return
    from facilitator.cli_handout import write_output
    from facilitator.minutes.handout import agenda_handout
    from facilitator.minutes.html import handout_html

    out = out or Path.cwd() / "handouts" / f"agenda-{prog.id}.{lang}.{fmt}"
    write_output(out, handout_html(agenda_handout(prog, Calendar(dates), tz, lang)), fmt)


def _claim_lead(path: Path, name: str, take_over: bool, yes: bool) -> LeadLock:
    """Take the lead, or say who holds it and offer to follow or take over."""
    try:
        return _claim(LeadLock(path, name), path, take_over, yes)
    except LeadBusy as busy:
        raise UserError(
            f"{busy}: held by a terminal stopped in the middle of a write; resume it (fg) "
            "or end it, then try again"
        ) from None


def _claim(lock: LeadLock, path: Path, take_over: bool, yes: bool) -> LeadLock:
    if lock.try_acquire():
        return lock
    holder = lock.holder()
    who = holder.describe() if holder else "another terminal"
    if not take_over:
        if not sys.stdin.isatty():
            raise UserError(
                f"{path.stem} is led by {who}. Follow it with `facilitator follow {path.stem}`, "
                f"or take over with `facilitator run {path.stem} --take-over`."
            )
        choice = click.prompt(
            f"{path.stem} is led by {who}.\n[f]ollow, [t]ake over the lead, or [q]uit?",
            type=click.Choice(["f", "t", "q"]),
            default="f",
        )
        if choice == "q":
            raise click.exceptions.Abort()
        if choice == "f":
            raise _FollowInstead()
    if not yes and not click.confirm(
        f"Take over the lead from {who}? Their terminal will switch to follow mode.", default=False
    ):
        raise click.exceptions.Abort()
    state = lock.state()
    silent = state.held and not state.live  # stopped, or its screen hangs: it cannot step down
    if silent and lock.try_acquire(steal=True):
        return lock
    if not lock.acquire_after_takeover():
        raise UserError(
            f"the lead ({who}) did not hand over within 15 s; ask them to quit, "
            f"or stop process {holder.pid if holder else '?'}"
        )
    return lock


class _FollowInstead(Exception):
    """The user chose to follow rather than lead."""


def _open_app(
    workshop: str,
    course,
    data,
    lang: str,
    role: str,
    author: str | None,
    following: bool,
    warn: int,
    take_over: bool = False,
    yes: bool = False,
    catalog: catalog_mod.Catalog | None = None,
) -> None:
    """Open the full-screen app on ``workshop``: claim the lead (or follow), then run."""
    path = workshops.resolve(locations.data_dir(data), workshop)
    catalog = catalog or load_catalog(course, workshops.programme_of(path))
    from facilitator.control.options import Options
    from facilitator.tui.app import make_app

    lock = None
    if not following:
        try:
            lock = _claim_lead(path, author or store_mod.Author().name, take_over, yes)
        except _FollowInstead:
            role, following = "follower", True
    options = Options(
        path=path,
        role=role,
        author=author,
        lang=lang,
        warn_minutes=warn,
        following=following,
        exports=locations.exports_dir(path.stem),
        give_way=True,
    )
    try:
        app = make_app(options, catalog, lead_lock=lock)
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            app.controller.close()
            raise UserError(
                "the app needs a terminal (a terminal window, an SSH session or a tmux pane); "
                "stdin or stdout is not one here"
            )
        app.run()
    finally:
        if lock is not None:
            lock.release()
    if app.rescued is not None:
        say_error(
            f"some records could not be saved in {path}; what was typed is kept in {app.rescued}"
        )


WARN_OPTION = click.option(
    "--warn",
    default=5,
    show_default=True,
    type=click.IntRange(0, 120),
    help="Minutes left when the timer turns amber.",
)
AS_OPTION = click.option(
    "--as",
    "author",
    default=None,
    callback=lambda ctx, param, value: _clean(value) if value is not None else None,
    help="Your name in the records (default: OS user).",
)


@cli.command()
@click.argument("workshop")
@click.option("--take-over", is_flag=True, help="Take the lead from the terminal that holds it.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation (with --take-over).")
@LANG_OPTION
@WARN_OPTION
@AS_OPTION
@COURSE_OPTION
@DATA_OPTION
def run(workshop, take_over, yes, lang, warn, author, course, data) -> None:
    """Lead WORKSHOP in the full-screen app (an id from `facilitator list`, or a .json path).

    Only one terminal leads a workshop at a time; a second `run` says who leads
    and offers to follow or to take over.
    """
    _open_app(workshop, course, data, lang, "lead", author, False, warn, take_over, yes)


@cli.command()
@click.argument("workshop")
@click.option(
    "--role",
    type=click.Choice(["follower", "clerk", "room"]),
    default="follower",
    show_default=True,
    help="clerk may record notes, decisions, actions, attendance and answers; room is what "
    "the participants see, for a projector on this terminal (no notes, no agenda).",
)
@LANG_OPTION
@WARN_OPTION
@AS_OPTION
@COURSE_OPTION
@DATA_OPTION
def follow(workshop, role, lang, warn, author, course, data) -> None:
    """Follow WORKSHOP live from another terminal, as a co-trainer or the clerk."""
    _open_app(workshop, course, data, lang, role, author, True, warn)


@cli.command()
@LANG_OPTION
@click.option(
    "--tz", default=None, help="Time zone of the demo (default: this machine's, as it says)."
)
@click.option("--reset", is_flag=True, help="Start the demo again, from now.")
@COURSE_OPTION
@DATA_OPTION
def demo(lang, tz, reset, course, data) -> None:
    """Open the built-in demo workshop; it starts now (at the last quarter hour)."""
    from datetime import UTC, datetime

    catalog = load_catalog(course, "demo")
    folder = locations.data_dir(data)
    zone = workshops.check_timezone(tz or locations.local_timezone())
    path = workshops.ensure_demo(folder, catalog, datetime.now(UTC), zone, reset=reset)
    _open_app(str(path), course, data, lang, "lead", None, False, 5, catalog=catalog)


@cli.command()
@click.argument("workshop")
@DATA_OPTION
def recover(workshop, data) -> None:
    """Replace a damaged workshop file by its last good copy (the damaged one is kept)."""
    folder = locations.data_dir(data)
    path = Path(workshop) if workshop.endswith(".json") else workshops.path_for(folder, workshop)
    aside = store_mod.recover(path)
    echo(f"Recovered {path} from its last good copy; the damaged file is now {aside}")


@cli.command()
@click.argument("workshop")
@click.option("--session", "session_id", default=None, help="Export only this session (its id).")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write to (default: exports/<workshop>/ in the current folder).",
)
@LANG_OPTION
@COURSE_OPTION
@DATA_OPTION
def export(workshop, session_id, out, lang, course, data) -> None:
    """Write WORKSHOP's minutes: one Markdown file per session held, and index.md."""
    from facilitator.minutes.export import export as export_minutes

    path = workshops.resolve(locations.data_dir(data), workshop)
    catalog = load_catalog(course, workshops.programme_of(path))
    snapshot = store_mod.WorkshopStore(path).read()
    programme = programme_with(  # load_catalog checked it
        catalog.programme(snapshot.workshop.programme_id), snapshot.workshop.interpretation
    )
    target = out or locations.exports_dir(path.stem)
    try:
        written = export_minutes(snapshot, programme, target, session_id, lang)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"{target}: cannot write ({exc.strerror})") from None
    echo(f"Wrote {len(written)} file(s) to {target}")


def main() -> None:
    """Console entry point: user errors become one line on stderr."""
    try:
        cli(prog_name="facilitator", standalone_mode=False)
    except click.exceptions.Abort:
        echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        if isinstance(exc, UserError):
            exc.show()
        else:
            say_error(exc.format_message())
            if isinstance(exc, click.UsageError) and exc.ctx is not None:
                echo(f"Try '{exc.ctx.command_path} --help'.", err=True)
        sys.exit(exc.exit_code)
    except StoreError as exc:
        say_error(str(exc))
        sys.exit(1)
    except OSError as exc:  # a path the user gave (or the data folder) that cannot be used
        where = exc.filename if exc.filename is not None else ""
        say_error(f"{where}: {exc.strerror or exc}" if where else str(exc.strerror or exc))
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
