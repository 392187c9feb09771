"""The ``facilitator`` console script: the command line, started with Python's cycle
collector off.

Opening the app makes some hundred thousand objects (modules, classes, styles,
widgets) and next to no garbage; the collector went through them some 200 times
on the way to the first frame (about a tenth of the CPU it took). So it is off
until the program has started, and on again before any work is done: at once
for a command (:func:`facilitator.cli.cli`), and once the first frame is drawn
for the full-screen app (``FacilitatorApp._go_live``),
which also freezes what start-up made (never looked at again by a collection, so
an idle terminal's collections are smaller too). Whoever turns it on again asks
``gc.isenabled()`` first: code that did not come through here (the tests) keeps
the collector as it was.
"""

from __future__ import annotations

import gc


def main() -> None:
    """Run the command line with the collector off while it starts."""
    gc.disable()
    from facilitator.cli import main as command_line

    command_line()
