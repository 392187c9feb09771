"""Data made into something to draw."""

from __future__ import annotations

from rich.text import Text

from facilitator.clean import clean_text


def plain(text: object, style: str = "", overflow: str | None = None) -> Text:
    """Clean text, never read as markup: a note saying ``[/]`` shows ``[/]``."""
    return Text(clean_text(str(text)), style=style, overflow=overflow)  # type: ignore[arg-type]
