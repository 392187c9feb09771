"""Typed text in minutes: whatever it holds, markdown-it reads back exactly that text."""

from __future__ import annotations

import re
import tomllib
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from facilitator.clean import clean_data, clean_text
from facilitator.minutes import mdsafe

# The parser a reader would use: CommonMark with GitHub tables and strikethrough.
md = MarkdownIt("commonmark").enable(["table", "strikethrough"])

NASTY = [
    "a | b",
    "<script>alert(1)</script>",
    "# heading",
    "```\ncode\n```",
    "`tick`",
    "*bold* _it_ ~~gone~~",
    "[link](http://x) ![img](y)",
    "- item\n1. item\n> quote",
    "line\n===",
    "line\n---",
    "&amp; &#x41; &copy;",
    "back\\slash \\| \\",
    "    indented code",
    "1) one\n2023. year",
    "+ plus\n= equals",
    "مرحبا | Привет | 👮‍♀️",
    "\x1b[31mred\x1b[0m and \x07bell",
    "$x^2$ and <br> and <!-- c -->",
    "| --- | --- |",
    "trailing two spaces  \nnext",
]

# Text of every script, with the characters Markdown cares about made common.
typed = st.lists(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(list("|\\`*_[]<>#!&~$-+=.)():\n\t ") + ["\r\n", "```", "<b>", "&lt;"]),
    ),
    max_size=40,
).map("".join)


def expected_cell(text: str) -> str:
    """The rule, stated on its own: cleaned as typed text always is (ANSI and
    control characters gone, see test_text), whitespace runs one space, blank
    lines dropped, line breaks shown as ' ↵ '."""
    text = clean_text(text)
    assert not any(
        unicodedata.category(c) == "Cc" for c in text.replace("\n", "").replace("\t", "")
    )
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.split("\n")]
    return " ↵ ".join(line for line in lines if line)


def inline_plain(token) -> tuple[str, set[str]]:
    """Text of an inline token, and the kinds of child tokens it has."""
    kinds = {child.type for child in token.children or ()}
    parts = []
    for child in token.children or ():
        parts.append("\n" if child.type in ("softbreak", "hardbreak") else child.content)
    return "".join(parts), kinds


def table_cells(tokens) -> list[list[tuple[str, set[str]]]]:
    rows, row = [], None
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(inline_plain(token))
        elif token.type == "tr_close":
            rows.append(row)
            row = None
    return rows


def check_table(cells: list[str]) -> None:
    source = mdsafe.table(["A", "B", "C"], [[mdsafe.escape_cell(c) for c in cells]])
    tokens = md.parse(source)
    assert [t.type for t in tokens if t.type.endswith("_open")][:1] == ["table_open"]
    assert not any(t.type.startswith("html") for t in tokens)
    rows = table_cells(tokens)
    assert len(rows) == 2, source
    assert [text for text, _ in rows[0]] == ["A", "B", "C"]
    assert [text for text, _ in rows[1]] == [expected_cell(c) for c in cells], source
    for _, kinds in rows[1]:
        assert kinds <= {"text"}, (kinds, source)


@pytest.mark.parametrize("text", NASTY)
def test_nasty_text_stays_in_its_cell(text: str) -> None:
    check_table([text, "middle", text])


@given(st.lists(typed, min_size=3, max_size=3))
@settings(max_examples=400, deadline=None)
def test_any_typed_text_round_trips_through_a_table(cells: list[str]) -> None:
    check_table(cells)


@given(typed)
@settings(max_examples=300, deadline=None)
def test_any_typed_text_stays_one_list_item(text: str) -> None:
    body = mdsafe.escape_line(text, "  ")
    source = f"## Notes\n\n- {body} — Clerk, 10:42\n- second\n\n## After\n"
    tokens = md.parse(source)
    assert [t.type for t in tokens if t.type == "heading_open"] == ["heading_open"] * 2
    assert sum(t.type == "list_item_open" for t in tokens) == 2, source
    assert not any(t.type.startswith(("html", "code", "fence", "table", "hr")) for t in tokens)
    inline = next(t for t in tokens if t.type == "inline" and t.content.endswith("10:42"))
    text_back, kinds = inline_plain(inline)
    assert kinds <= {"text", "hardbreak"}, source
    lines = [line for line in expected_cell(text).split(" ↵ ") if line]
    assert text_back == "\n".join(lines) + (" " if lines else "") + "— Clerk, 10:42"


@given(typed)
@settings(max_examples=200, deadline=None)
def test_collect_reads_cells_as_markdown_it_does(text: str) -> None:
    source = mdsafe.table(["Only"], [[mdsafe.escape_cell(text)]])
    (header, rows) = mdsafe.tables(source)[0]
    assert header == ["Only"]
    assert rows == [{"Only": expected_cell(text)}]


@given(st.dictionaries(st.text(max_size=10), typed, max_size=5))
@settings(max_examples=200, deadline=None)
def test_front_matter_round_trips(data: dict[str, str]) -> None:
    text = mdsafe.front_matter({"format": "x", "values": data}) + "\n\n# Title\n"
    front, body, line = mdsafe.split_front_matter(text)
    assert front == {"format": "x", "values": clean_data(data)}  # no control reaches a file
    assert body == "\n# Title\n"
    lines = text.split("\n")
    assert lines[line - 1] == "" and lines[line] == "# Title"


def test_front_matter_errors_name_the_file_line() -> None:
    with pytest.raises(mdsafe.NotMinutes, match="no \\+\\+\\+ front matter"):
        mdsafe.split_front_matter("# just a heading\n")
    with pytest.raises(mdsafe.NotMinutes, match="never closed"):
        mdsafe.split_front_matter("+++\nformat = 1\n")
    with pytest.raises(mdsafe.NotMinutes, match="at line 3"):
        mdsafe.split_front_matter('+++\nformat = "x"\nbroken =\n+++\n')


def test_bullet_cells_split_back_into_their_items() -> None:
    from facilitator.minutes.contract import bullet_cell, split_items

    items = ["No receipt • none", "Seal | broken", "`late` form"]
    (_, rows) = mdsafe.tables(mdsafe.table(["W"], [[bullet_cell(items)]]))[0]
    assert split_items(rows[0]["W"]) == ["No receipt · none", "Seal | broken", "`late` form"]


def test_tomllib_reads_datetimes_with_offsets() -> None:
    from datetime import datetime, timedelta, timezone

    when = datetime(2026, 12, 7, 9, 15, tzinfo=timezone(timedelta(hours=1)))
    front, _, _ = mdsafe.split_front_matter(mdsafe.front_matter({"at": when}) + "\n")
    assert front["at"] == when
    assert tomllib.loads("a = 2026-12-07T09:15:00+01:00")["a"] == when


@given(st.text(alphabet="ab|\\ `"))
@settings(max_examples=500)
def test_the_fast_row_split_is_markdown_its_own(row: str) -> None:
    import importlib

    rule = importlib.import_module("markdown_it.rules_block.table")
    assert rule.escapedSplit is mdsafe._slow_split  # markdown-it is left as it is
    assert mdsafe._escaped_split(row) == mdsafe._slow_split(row)


_LINES = st.sampled_from(
    [
        "",
        "Some text before.",
        "| A | B |",
        "| --- | --- |",
        "| :-: | -: |",
        "| --- |",
        "|---|---|",
        "| x | y |",
        "| x \\| z | y |",
        "| only |",
        "| a | b | c |",
        "x | y",
        "  | x | y |",
        "    | x | y |",
        "```",
        "~~~",
        "> | x | y |",
        "- | x | y |",
        "| `a|b` | y |",
        "|",
        "| |",
        "None recorded.",
    ]
)


@given(st.lists(_LINES, max_size=10), st.lists(st.lists(typed, min_size=2, max_size=2)))
@settings(max_examples=600, deadline=None)
@example(lines=["| A | B |", "| --- | --- |", "", "Some text before."], cells=[])
def test_collect_reads_the_first_table_as_markdown_it_does(lines, cells) -> None:
    """The first table, read without markdown-it's tokens, is what markdown-it reads: on
    minutes' own tables and on any mix of table-like lines around them."""
    rows = [[mdsafe.escape_cell(a), mdsafe.escape_cell(b)] for a, b in cells]
    ours = "\n".join(lines) + "\n\n" + mdsafe.table(["A", "B"], rows) + "\n"
    for source in (ours, "\n".join(lines), "\n".join(lines) + "\n" + ours):
        found = mdsafe.tables(source)
        assert mdsafe.first_table(source) == (found[0] if found else None), source


@given(st.dictionaries(st.sampled_from(["name", "venue", "title"]), typed), st.lists(typed))
@settings(max_examples=300, deadline=None)
def test_front_matter_is_inert_in_a_viewer_that_does_not_know_it(data, names) -> None:
    """GitHub shows +++ front matter as a paragraph: nothing typed may act in it."""
    text = mdsafe.front_matter({"format": "x", **data, "trainers": names, "counts": {"n": 1}})
    tokens = md.parse(text + "\n\n# Title\n")
    kinds = {t.type for t in tokens}
    assert kinds <= {"paragraph_open", "paragraph_close", "inline", "heading_open", "heading_close"}
    for token in tokens:
        for child in token.children or ():
            assert child.type in ("text", "softbreak", "text_special"), (child.type, text)
    assert tokens[-2].content == "Title"
    front, _, _ = mdsafe.split_front_matter(text + "\n")
    clean = clean_data(data)
    assert {k: front[k] for k in clean} == clean and front["trainers"] == clean_data(names)
