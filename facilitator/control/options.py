"""How a terminal opens a workshop: one value, built by the CLI, read by the app and the
controller alike."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Options:
    """One terminal on one workshop."""

    path: Path
    """The workshop file."""
    role: str = "lead"
    """``lead``, ``clerk``, ``follower`` or ``room`` (the participants' screen)."""
    author: str | None = None
    """The name in the records (default: the user's login name)."""
    lang: str = "en"
    warn_minutes: int = 5
    """Minutes left when the timer turns amber."""
    following: bool = False
    """The screen moves with the lead's (a co-trainer, the clerk)."""
    exports: Path | None = None
    """Where the minutes go (default: ``./exports/<workshop>/``)."""
    give_way: bool = False
    """While it does not lead, this process gives way to the lead's (:mod:`.priority`): the
    program on its own terminal does; an app run inside another program (a test, which
    holds the lead and its followers in one process) does not."""
