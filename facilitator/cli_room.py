"""``facilitator room``: the room view of a workshop as a web page, for the projector.

A command of its own module, registered on the ``facilitator`` group by
:mod:`facilitator.cli` (one import at its end); it uses the helpers above it there.
"""

from __future__ import annotations

from pathlib import Path

import click

from facilitator import paths as locations
from facilitator.cli import (
    COURSE_OPTION,
    DATA_OPTION,
    LANG_OPTION,
    WARN_OPTION,
    UserError,
    cli,
    echo,
    load_catalog,
)
from facilitator.store import workshops

DEFAULT_PORT = 8765


@cli.command()
@click.argument("workshop")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to serve on. Anything but this machine's own (e.g. 0.0.0.0 for the "
    "projector's own computer on the room's network) requires the random token in the URL.",
)
@click.option(
    "--port",
    default=DEFAULT_PORT,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port (0: any free one).",
)
@LANG_OPTION
@WARN_OPTION
@COURSE_OPTION
@DATA_OPTION
def room(
    workshop: str,
    host: str,
    port: int,
    lang: str,
    warn: int,
    course: Path | None,
    data: Path | None,
) -> None:
    """Show WORKSHOP to the room: a web page for the projector that follows the lead live.

    It shows the slide (never the speaker notes), the question of a diagnostic
    round (never the weaknesses, solutions or answers), the timer and what comes
    next; /clock is a full-screen clock and timer, /agenda today's agenda. It only
    reads the workshop file; any number of browsers may open it. Ctrl+C stops.
    """
    from facilitator.control.controller import open_controller
    from facilitator.control.options import Options
    from facilitator.room.serve import RoomServer

    path = workshops.resolve(locations.data_dir(data), workshop)
    catalog = load_catalog(course, workshops.programme_of(path))
    options = Options(path=path, role="follower", lang=lang, warn_minutes=warn, following=True)
    controller = open_controller(options, catalog, synchronous=True)
    try:
        server = RoomServer(
            controller, warn * 60, host, port, lambda problem: echo(problem, err=True)
        )
    except OSError as exc:
        raise UserError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
    echo(f"The room view of {controller.workshop.name}: open {server.url}")
    if server.token:
        echo("in a browser on the projector's screen (F11: full screen); the clock and the agenda:")
        echo(f"  {server.link('/clock')}")
        echo(f"  {server.link('/agenda')}")
        echo("Every page needs the token in its URL. Ctrl+C stops.")
    else:
        echo("in a browser on the projector's screen (F11: full screen); /clock and /agenda too.")
        echo("Only this machine can open it (--host for another). Ctrl+C stops.")
    server.run()
