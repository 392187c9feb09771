"""The one cleaning rule for text that comes from outside the program.

Typed and pasted text, command-line options, roster files, course files,
workshop files and other workshops' minutes all go through :func:`clean_text`
where they enter. What it takes out can never mean anything to a terminal or
a reader: escape sequences (CSI, OSC, DCS, and the rest), C0 and C1 control
characters but newline and tab, the bidirectional overrides and isolates that
make text read in another order than it is stored (U+202A-U+202E,
U+2066-U+2069), lone surrogates and the byte-order mark. Letters of every
script, emoji and the ordinary right-to-left marks stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import orjson

# Escape sequences: CSI (ESC [ or U+009B), OSC, DCS, SOS, PM, APC (ESC ] P X ^ _ or
# their C1 forms) up to BEL or ST, and the two-character ESC sequences.
# A sequence left open has only its introducer taken out (as a control character):
# what follows it stays, as plain text, so nothing typed after it is lost.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]"
)
# C0 and C1 controls and DEL (but newline and tab), lone surrogates, bidi overrides and
# isolates, the byte-order mark (and the zero-width no-break space it is)
_BAD = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufeff"
_UNWANTED = re.compile(f"[{_BAD}]")
# ... and the line and paragraph separators, which become newlines
_SUSPECT = re.compile(f"[{_BAD}\u2028\u2029]")


def clean_text(text: str, single_line: bool = False) -> str:
    """``text`` with nothing a terminal or a reader could act on; newlines and tabs kept
    (or made spaces with ``single_line``)."""
    if _SUSPECT.search(text) is None:
        if single_line and ("\n" in text or "\t" in text):
            return text.replace("\n", " ").replace("\t", " ")
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    if "\x1b" in text or any(c in text for c in "\x90\x98\x9b\x9d\x9e\x9f"):
        text = _ESCAPES.sub("", text)
    text = _UNWANTED.sub("", text)
    if single_line:
        text = text.replace("\n", " ").replace("\t", " ")
    return text


def clean_line(text: str) -> str:
    """One line of clean text: a name, a title, a venue."""
    return clean_text(text, single_line=True)


def clip(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters: cut, the last one an ellipsis."""
    return text if len(text) <= width else text[: width - 1] + "…"


def is_clean(text: str) -> bool:
    """True when :func:`clean_text` would leave ``text`` as it is."""
    return _SUSPECT.search(text) is None


def clean_data(value: Any) -> Any:
    """Every string inside ``value`` (dicts, lists, tuples) cleaned, keys included."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, Mapping):
        return {clean_data(k): clean_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_data(v) for v in value]
    if isinstance(value, tuple):
        return tuple(clean_data(v) for v in value)
    return value


# In the JSON text: a control character (written \b, \f, \r or \u00XX), DEL, a C1
# control (raw UTF-8), a bidi override or isolate, a line separator, a lone surrogate
# or a byte-order mark. (An escaped backslash before b, f or r also matches: harmless.)
_SUSPECT_JSON = re.compile(
    rb"\\[bfr]|\\u00[01][0-9a-fA-F]|\\u007[fF]|\\u00[89][0-9a-fA-F]|\xc2[\x80-\x9f]|\x7f"
    rb"|\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]|\xef\xbb\xbf"
    rb"|\\u20(?:2[89a-eA-E]|6[6-9])|\\u[dD][89a-fA-F]|\\u[fF][eE][fF][fF]"
)


_SLICE = 1 << 16
"""Bytes scanned for :data:`_SUSPECT_JSON` at a time: between two slices another thread
(the one drawing the screen) may run; one scan of a whole 1 MB file holds the GIL ~4 ms."""


_SUSPECT_AFTER = {
    0xC2: re.compile(rb"\xc2[\x80-\x9f]"),
    0xE2: re.compile(rb"\xe2(?:\x80[\xa8-\xae]|\x81[\xa6-\xa9])"),
    0xEF: re.compile(rb"\xef\xbb\xbf"),
}
"""The alternatives of :data:`_SUSPECT_JSON` that start with a byte other than a
backslash, by that byte."""


def _suspect(raw: bytes) -> bool:
    """Whether the JSON text holds anything :data:`_SUSPECT_JSON` matches.

    Each leading byte is looked for alone first (``in`` with one byte runs at memory
    speed, some fifty times faster than the whole pattern), and a match tried only
    where that byte is; the whole pattern runs only where there is a backslash."""
    if b"\x7f" in raw:
        return True
    for lead, pattern in _SUSPECT_AFTER.items():
        at = raw.find(lead)
        while at >= 0:
            if pattern.match(raw, at):
                return True
            at = raw.find(lead, at + 1)
    if b"\\" not in raw:
        return False
    # a match is at most 6 bytes long: slices overlapping by 8 miss none
    return any(
        _SUSPECT_JSON.search(raw, start, start + _SLICE + 8) for start in range(0, len(raw), _SLICE)
    )


def clean_json(raw: bytes) -> Any:
    """JSON from outside, parsed (raises ``orjson.JSONDecodeError``), with every string
    cleaned; the raw bytes are looked at first, so clean JSON costs one search."""
    data = orjson.loads(raw)
    return clean_data(data) if _suspect(raw) else data


def suspect_json(raw: bytes) -> bool:
    """Whether JSON text holds anything that cleaning would change (see :func:`clean_json`)."""
    return _suspect(raw)
