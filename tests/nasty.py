"""Named nasty strings: what an attacker or a careless paste puts into a name or a note.

``HOSTILE`` must never reach a terminal or a file as it is; ``KEPT`` must come through
untouched (it is what real trainers type).
"""

from __future__ import annotations

HOSTILE = {
    "OSC 52 sets the clipboard": "\x1b]52;c;UFdORUQ=\x07",
    "OSC 0 sets the window title": "\x1b]0;PWNED-TITLE\x07",
    "OSC 8 makes a link": "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\",
    "CSI 2J clears the screen": "\x1b[2J\x1b[H",
    "CSI leaves the alternate screen": "\x1b[?1049l",
    "C1 CSI (U+009B)": "\x9b2J",
    "C1 OSC (U+009D)": "\x9d0;PWNED-C1\x9c",
    "DCS (sixel)": "\x1bPq#0;2;0;0;0\x1b\\",
    "bidi override (U+202E)": "invoice\u202efdp.exe",
    "bidi isolates (U+2066, U+2069)": "\u2066hidden\u2069",
    "NUL, BEL, BS, DEL": "a\x00b\x07c\x08d\x7f",
    "carriage return overwrite": "safe\rEVIL",
    "byte-order mark": "\ufeffname",
    "lone surrogate": "x\ud800y",
    "line separator": "one\u2028two",
}

MARKUP = {
    "markup close tag": "[/]",
    "markup link": "[link=https://evil.example/]click[/link]",
    "markup style": "[bold red]loud[/]",
    "markup escape": "\\[not markup]",
}

KEPT = {
    "Arabic": "مصادرة البضائع في الميناء",
    "Cyrillic": "конфискация груза",
    "Japanese": "押収品の保管",
    "emoji with joiners": "👮‍♀️ 🚢 👩‍👩‍👧",
    "right-to-left mark": "a\u200fb",
    "accents": "Côte d'Ivoire, Lomé, São Tomé",
}

FORBIDDEN = (
    "\x1b",
    *(chr(c) for c in range(0x80, 0xA0)),
    *(chr(c) for c in range(0x00, 0x20) if chr(c) not in "\n\t"),
    "\x7f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\ufeff",
)
"""Characters nothing from outside may carry to a terminal or a file."""

PAYLOADS = ("UFdORUQ", "PWNED-TITLE", "PWNED-C1", "evil.example", "#0;2;0;0;0")
"""What the hostile sequences carry: once the sequence is gone, so is this
(the link text ``click me`` stays, as plain text)."""


def assert_clean(text: str, where: str = "") -> None:
    bad = sorted({f"U+{ord(c):04X}" for c in text if c in FORBIDDEN})
    assert not bad, f"{where}: {bad} in {text!r}"
