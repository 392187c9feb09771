"""Does every slide fit the room's view at a given terminal size?

What needs no Textual is here: the size of the slide area in presentation mode,
the slides to measure (every module, every translation) and what is reported.
The measuring is done by the Markdown widget the room sees, in
:mod:`facilitator.tui.fit`: a table's columns and a wrapped line are laid out
by Textual, and only Textual knows how many rows they take.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from facilitator.course.catalog import Catalog

ROWS_ABOVE_SLIDE = 7
"""Rows above the slide in presentation mode: the timer block (status bar, agenda,
notes and footer are hidden). The functional tests hold this to the real screen."""

_SIZE = re.compile(r"^\s*(\d{2,4})\s*[xX]\s*(\d{2,4})\s*$")


@dataclass(frozen=True, slots=True)
class RoomSize:
    """A terminal size, columns by rows, as the room sees it."""

    columns: int
    rows: int

    @classmethod
    def parse(cls, text: str) -> RoomSize:
        """``"80x24"``; ValueError with a message saying what is expected."""
        match = _SIZE.match(text)
        if match is None:
            raise ValueError(f"{text!r} is not a terminal size: give COLUMNSxROWS, e.g. 80x24")
        size = cls(int(match.group(1)), int(match.group(2)))
        if size.columns < 40 or size.slide_rows < 5:
            raise ValueError(f"{size} is too small to show a slide (at least 40x12)")
        return size

    @property
    def slide_rows(self) -> int:
        """Rows the slide has in presentation mode."""
        return self.rows - ROWS_ABOVE_SLIDE

    def __str__(self) -> str:
        return f"{self.columns}x{self.rows}"


@dataclass(frozen=True, slots=True)
class SlideToFit:
    """One slide in one language, named as a problem names it (file and line)."""

    file: str
    line: int
    number: int
    body: str


@dataclass(frozen=True, slots=True)
class Overflow:
    """A slide taller than the room's view: the room would have to scroll."""

    slide: SlideToFit
    needs: int
    size: RoomSize

    def __str__(self) -> str:
        return (
            f"{self.slide.file}:{self.slide.line}: slide {self.slide.number} needs "
            f"{self.needs} rows; {self.size.slide_rows} fit at {self.size} in presentation mode"
        )


def slides_to_fit(catalog: Catalog) -> tuple[SlideToFit, ...]:
    """Every slide of every module, in English and in each translation, in file order."""
    found: list[SlideToFit] = []
    for ref in sorted(catalog.modules):
        module = catalog.modules[ref]
        versions = [module.slides, *(slides for _, slides in module.translations)]
        for index, slides in enumerate(versions):
            path = module.files[index] if index < len(module.files) else None
            name = catalog.label(path) if path is not None else f"content/{ref}"
            for number, slide in enumerate(slides, start=1):
                found.append(SlideToFit(name, slide.line, number, slide.body))
    return tuple(found)


def overflows(
    slides: tuple[SlideToFit, ...], heights: list[int], size: RoomSize
) -> tuple[Overflow, ...]:
    """The slides whose measured height (rows, in the same order) is over the view."""
    if len(slides) != len(heights):
        raise ValueError(f"{len(heights)} heights for {len(slides)} slides")
    return tuple(
        Overflow(slide, height, size)
        for slide, height in zip(slides, heights, strict=True)
        if height > size.slide_rows
    )
