"""Cleaning what people type or paste."""

from __future__ import annotations

import re
import unicodedata

# CSI, OSC (ended by BEL or ST), and other two-character escapes
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[@-Z\\-_]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)


def clean_text(text: str, single_line: bool = False) -> str:
    """Drop ANSI escape sequences and control characters; keep newlines and tabs.

    Letters of every script and emoji are kept as they are.
    """
    text = _ANSI.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    kept = []
    for char in text:
        if char in "\n\t":
            kept.append(" " if single_line else char)
        elif unicodedata.category(char) in ("Cc", "Cs") or char == "\x1b":
            continue
        else:
            kept.append(char)
    return "".join(kept)
