"""Textual's compositor, with one repair: a widget removed is always painted over.

Textual (8.2.8) builds the map of where every widget is lazily: after a scroll or
a widget mounted out of sight, the first question about a widget's place
(``widget.region``, ``widget.size``: any widget refreshed asks it) builds the map
again from the widgets as they are now. The next layout compares its new map with
that one to find what to paint. A widget removed between the last layout and that
question is in neither map, so the cells it covered are never painted again: on a
real terminal a toast that has gone stays on screen, over the status line and the
slide, until something else happens to redraw there (a trainer handing over the lead
saw ten of them for half a minute). Here the map built again marks what moved as to
be painted, as a layout does.
"""

from __future__ import annotations

from typing import Any

from textual._compositor import Compositor, CompositorMap


class RepaintingCompositor(Compositor):
    """A compositor whose map built again marks the cells of what changed since as dirty."""

    @property
    def full_map(self) -> CompositorMap:
        if self.root is None or not self._full_map_invalidated:
            return super().full_map
        old = self._full_map
        new = super().full_map
        self._cuts = None  # drawn from the map just replaced
        self._layers = None
        self._layers_visible = None
        if self.size.region not in self._dirty_regions:
            moved = new.items() ^ old.items()
            changed = (geometry.clip.intersection(geometry.region) for _, geometry in moved)
            self._dirty_regions.update(region for region in changed if region)
        return new


class Repaints:
    """Mixed into a screen (before ``Screen``): its compositor paints over what was removed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compositor = RepaintingCompositor()
