"""Put the footer in the workshop's language."""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from facilitator.i18n import KEYS, key_description


def localise_bindings(node: DOMNode, lang: str) -> None:
    """Rewrite ``node``'s binding descriptions in ``lang``, looked up by binding id.

    Textual has no public way to change a description per instance; the
    node's own copy of its bindings map is rewritten (the class's stays English).
    A test reads the footer, so a Textual change here cannot pass unseen.
    """
    if lang not in KEYS:
        return
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [
            replace(b, description=key_description(lang, b.id, b.description)) for b in bindings
        ]
