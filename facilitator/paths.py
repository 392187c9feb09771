"""The one place that knows where files live.

The built-in course (the programmes and modules that ship with the tool) is
package data: inside an installed wheel it is ``facilitator/builtin/``, copied
there from the checkout's ``sessions/`` and ``content/`` when the wheel is built
(see setup.py); from a checkout (an editable install) it is the checkout's own
folders. A trainer's own course (``--course`` or ``FACILITATOR_COURSE``) is laid
out the same way and comes on top: its programmes, modules and banks add to
the built-in ones, or replace those with the same id.
"""

from __future__ import annotations

import contextlib
import os
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

APP_NAME = "facilitator"
PACKAGE_DIR = Path(__file__).resolve().parent
COURSE_ENV = "FACILITATOR_COURSE"
DATA_ENV = "FACILITATOR_DATA"


def builtin_course() -> Path:
    """The folder of the course that ships with the tool (it holds ``sessions/``)."""
    packaged = Path(str(resources.files("facilitator") / "builtin"))
    if (packaged / "sessions").is_dir():
        return packaged
    return PACKAGE_DIR.parent  # a checkout: the folders people edit


def own_course(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The trainer's own course folder: ``--course``, else ``FACILITATOR_COURSE``, else none."""
    for candidate in (explicit, os.environ.get(COURSE_ENV)):
        if candidate:
            return Path(candidate).expanduser().resolve()
    return None


def course_roots(explicit: str | os.PathLike[str] | None = None) -> list[Path]:
    """The course folders to load, the built-in first: a later one wins for the same id."""
    roots = [builtin_course()]
    own = own_course(explicit)
    if own is not None and own != roots[0]:
        roots.append(own)
    return roots


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The folder of workshop files: ``--data``, ``FACILITATOR_DATA`` or the user data dir."""
    for candidate in (explicit, os.environ.get(DATA_ENV)):
        if candidate:
            return Path(candidate).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME)) / "workshops"


def exports_dir(workshop_id: str) -> Path:
    """Where the minutes of a workshop go by default: ``./exports/<workshop>/``, in the
    folder the command was run from (never inside the installed tool)."""
    return Path.cwd() / "exports" / workshop_id


def local_timezone() -> str:
    """This machine's time zone as an IANA name (``Europe/Brussels``), ``UTC`` if unknown."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    target = os.path.realpath("/etc/localtime")
    if "zoneinfo/" in target:
        candidates.append(target.split("zoneinfo/", 1)[1])
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text().strip())
    for name in candidates:
        if not name:
            continue
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        return name
    return "UTC"


def bundles_dir(workshop_id: str) -> Path:
    """Where a workshop's bundle goes by default: ``./bundles/<workshop>/``, in the folder
    the command was run from."""
    return Path.cwd() / "bundles" / workshop_id


def printouts_dir(workshop_id: str) -> Path:
    """Where a workshop's papers and certificates go by default: ``./printouts/<workshop>/``,
    apart from the minutes: the answer key and the certificates carry names, and the
    minutes folder is what coordinators collect."""
    return Path.cwd() / "printouts" / workshop_id
