"""The one place that knows where files live."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "facilitator"
PACKAGE_DIR = Path(__file__).resolve().parent


def content_root(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding ``sessions/`` and ``content/``.

    Order: an explicit path, ``FACILITATOR_ROOT``, the current folder when it
    has ``sessions/``, then the source checkout the package was installed from.
    """
    for candidate in (explicit, os.environ.get("FACILITATOR_ROOT")):
        if candidate:
            return Path(candidate).expanduser().resolve()
    here = Path.cwd()
    if (here / "sessions").is_dir():
        return here
    return PACKAGE_DIR.parent


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The folder of workshop files: ``--data``, ``FACILITATOR_DATA`` or the user data dir."""
    for candidate in (explicit, os.environ.get("FACILITATOR_DATA")):
        if candidate:
            return Path(candidate).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME)) / "workshops"


def exports_dir(root: Path) -> Path:
    """Default target of exported minutes."""
    return root / "exports"
