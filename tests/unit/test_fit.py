"""check --fit: which slides the room would have to scroll at a terminal size."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.course import catalog
from facilitator.course.fit import ROWS_ABOVE_SLIDE, RoomSize, SlideToFit, overflows, slides_to_fit
from facilitator.tui.fit import overflowing, slide_heights
from tests.unit.test_cli import run

PROGRAMME = """id = "tiny"
family = "tiny"
title = "Tiny"
language = "en"
[[days]]
title = "One"
start = "09:00"
end = "10:00"
[[days.sessions]]
id = "talk"
title = "Talk"
kind = "content"
minutes = 60
module = "tiny/talk.md"
"""


def tiny_course(folder: Path, rows_of_table: int) -> catalog.Catalog:
    """A course of one module: a short slide, then a slide with a table, in two languages."""
    (folder / "sessions").mkdir(parents=True)
    (folder / "sessions" / "tiny.toml").write_text(PROGRAMME)
    table = "| step | who |\n| --- | --- |\n" + "".join(
        f"| step {n} | officer {n} |\n" for n in range(rows_of_table)
    )
    for sub in ("tiny", "fr/tiny"):
        (folder / "content" / sub).mkdir(parents=True)
    (folder / "content" / "tiny" / "talk.md").write_text(
        f"# Short\n\n- one point\n\n---\n\n## Table\n\n{table}"
    )
    (folder / "content" / "fr" / "tiny" / "talk.md").write_text("# Court\n\n---\n\n## Tableau\n")
    loaded, _problems = catalog.scan(folder)  # a content session wants more slides
    return loaded


def test_room_size_is_read_from_colsxrows_and_refuses_the_rest() -> None:
    size = RoomSize.parse(" 80x24 ")
    assert (size.columns, size.rows, str(size)) == (80, 24, "80x24")
    assert size.slide_rows == 24 - ROWS_ABOVE_SLIDE
    for bad in ("80", "80x", "x24", "eighty by 24", "80x24x2"):
        with pytest.raises(ValueError, match="COLUMNSxROWS"):
            RoomSize.parse(bad)
    with pytest.raises(ValueError, match="too small"):
        RoomSize.parse("30x24")


def test_every_slide_in_every_language_is_named_by_its_file_and_line(tmp_path: Path) -> None:
    found = slides_to_fit(tiny_course(tmp_path, 3))
    assert [(s.file, s.line, s.number) for s in found] == [
        ("content/tiny/talk.md", 1, 1),
        ("content/tiny/talk.md", 6, 2),
        ("content/fr/tiny/talk.md", 1, 1),
        ("content/fr/tiny/talk.md", 4, 2),
    ]


def test_only_slides_taller_than_the_view_are_reported() -> None:
    size = RoomSize.parse("80x24")
    slides = tuple(SlideToFit("content/x.md", n * 10, n, "x") for n in (1, 2, 3))
    found = overflows(slides, [17, 18, 3], size)
    assert [o.slide.number for o in found] == [2]
    assert str(found[0]) == (
        "content/x.md:20: slide 2 needs 18 rows; 17 fit at 80x24 in presentation mode"
    )
    with pytest.raises(ValueError):
        overflows(slides, [1], size)


def test_heights_are_textuals_a_table_takes_a_row_per_line_and_wraps_when_narrow() -> None:
    table = "| a | b |\n| --- | --- |\n" + "| x | y |\n" * 10
    words = "word " * 60
    short, tall, wrapped_wide, wrapped_narrow = (
        slide_heights(["# Title", table, words, words], 80)[:2]
        + slide_heights([words], 120)
        + slide_heights([words], 50)
    )
    assert short < 5
    assert tall >= 10 + 1  # ten rows and a header at least
    assert wrapped_narrow > wrapped_wide >= 3


def test_a_long_table_does_not_fit_80x24_and_a_short_one_does(tmp_path: Path) -> None:
    size = RoomSize.parse("80x24")
    assert overflowing(tiny_course(tmp_path / "short", 3), size) == ()
    found = overflowing(tiny_course(tmp_path / "long", 20), size)
    assert [(o.slide.file, o.slide.number) for o in found] == [("content/tiny/talk.md", 2)]
    assert found[0].needs > size.slide_rows


def test_check_refuses_a_size_it_cannot_read_in_one_line(root: Path) -> None:
    result = run("check", "--fit", "big", cwd=root)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "facilitator: --fit: 'big' is not a terminal size: give COLUMNSxROWS, e.g. 80x24"
    ]
