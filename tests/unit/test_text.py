from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from facilitator.clean import clean_text


def test_escape_sequences_and_controls_are_stripped() -> None:
    pasted = "\x1b[31mred\x1b[0m \x1b]0;title\x07ok\x00\x08\r\nnext\tline"
    assert clean_text(pasted) == "red ok\nnext\tline"
    assert clean_text("a\nb", single_line=True) == "a b"


def test_every_script_and_emoji_survive() -> None:
    text = "مصادرة البضائع — конфискация — 押収 👮‍♀️🚢"
    assert clean_text(text) == text


@given(st.text())
def test_result_has_no_control_characters(text: str) -> None:
    cleaned = clean_text(text)
    assert all(c in "\n\t" or ord(c) >= 32 for c in cleaned)
    assert "\x1b" not in cleaned and "\x7f" not in cleaned


INTRODUCERS = "\x1b\x90\x98\x9b\x9d\x9e\x9f"  # ESC and the C1 forms that open a sequence
BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF)}


@given(st.text(alphabet=st.characters(exclude_characters=INTRODUCERS)))
def test_controls_are_exactly_the_unicode_cc_and_cs_categories(text: str) -> None:
    """Without an escape sequence to take out, the filter drops exactly the Cc and Cs
    characters (but newline and tab), the bidi overrides and isolates and the BOM."""
    import unicodedata

    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = lines.replace("\u2028", "\n").replace("\u2029", "\n")
    expected = "".join(
        c
        for c in lines
        if c in "\n\t" or (unicodedata.category(c) not in ("Cc", "Cs") and c not in BIDI)
    )
    assert clean_text(text) == expected
