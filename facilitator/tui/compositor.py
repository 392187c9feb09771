"""Textual's compositor, with two changes: a widget removed is always painted over, and
a partial update renders only the widgets it can show.

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

from collections.abc import Iterable
from typing import Any

from textual._compositor import Compositor, CompositorMap
from textual.geometry import Region
from textual.strip import Strip


class RepaintingCompositor(Compositor):
    """A compositor whose map built again marks the cells of what changed since as dirty,
    and whose partial updates leave out the widgets that cannot be seen in them."""

    def _get_renders(
        self, crop: Region | None = None
    ) -> Iterable[tuple[Region, Region, list[Strip]]]:
        """Textual renders, for a partial update, every widget whose container's region
        (its clip) meets the update: a slide key rendered the footer, the status bar and
        the agenda's column too, which it cannot change (0.4 ms of its frame). Here a
        widget is rendered only where it can be seen (its region within its clip) meets
        the update; what it would have drawn elsewhere was cut away after rendering."""
        if not crop:
            return super()._get_renders(crop)
        overlaps = crop.overlaps
        seen = {
            widget: (region, clip)
            for widget, (region, clip) in self.visible_widgets.items()
            if overlaps(region.intersection(clip))
        }
        return self._render_these(seen)

    def _render_these(
        self, widgets: dict[Any, tuple[Region, Region]]
    ) -> Iterable[tuple[Region, Region, list[Strip]]]:
        """The renders of ``widgets`` (region and clip each), as Textual makes them."""
        for widget, (region, clip) in widgets.items():
            if clip.contains_region(region):
                yield region, clip, widget.render_lines(Region(0, 0, region.width, region.height))
            else:
                x, y, width, height = region.intersection(clip)
                if width and height:
                    shown = Region(x - region.x, y - region.y, width, height)
                    yield region, clip, widget.render_lines(shown)

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
    """Mixed into a screen (before ``Screen``): its compositor paints over what was removed,
    and it can draw a few widgets' changes at once (:meth:`draw_now`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compositor = RepaintingCompositor()

    def draw_now(self: Any, widgets: Iterable[Any]) -> bool:
        """Send what ``widgets`` repainted to the terminal now, in this call: not after
        the rounds of messages Textual takes first (each widget's idle posts an update,
        the screen's idle wakes its update timer, the timer draws; about 1 ms). Only
        repaints of widgets already in place: while a layout or a scroll is due, or a
        widget must be laid out again, Textual's own way draws it. True if drawn."""
        if not self.is_current or self.app._batch_count:
            return False
        if self._layout_required or self._scroll_required or self._repaint_required:
            return False
        ready = [w for w in widgets if w._repaint_required]
        if not ready or any(w._layout_required or not w.display for w in ready):
            return False
        for widget in ready:
            widget._repaint_required = False  # its update is this frame: not posted again
        self._dirty_widgets.update(ready)
        self._compositor.update_widgets(self._dirty_widgets)
        self._compositor_refresh()
        return True
