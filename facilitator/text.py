"""Cleaning what people type or paste."""

from __future__ import annotations

import re

# CSI, OSC (ended by BEL or ST), and other two-character escapes
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[@-Z\\-_]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)


# Unicode categories Cc (C0 and C1 controls, DEL) and Cs (surrogates), but
# newline and tab, which people mean when they type them.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(text: str, single_line: bool = False) -> str:
    """Drop ANSI escape sequences and control characters; keep newlines and tabs.

    Letters of every script and emoji are kept as they are.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text or "\x9b" in text:
        text = _ANSI.sub("", text)
    text = _CONTROLS.sub("", text)
    if single_line:
        text = text.replace("\n", " ").replace("\t", " ")
    return text
