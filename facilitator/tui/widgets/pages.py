"""Slides drawn from pictures: a Markdown text is laid out and painted by Textual once,
then only its lines are shown again.

Textual's ``Markdown`` mounts a widget per block; showing a text that way costs a
layout of the whole screen and a render of every block, on the lead and on every
follower, at each slide key. Here a text is given to the :class:`Darkroom`, off
the screen's edge, where Textual's own ``Markdown`` lays it out at the width it
will be shown; the lines it paints there are taken (:func:`photograph`) and kept,
by text, width and theme (:data:`KEEP` of them). :class:`Pages` shows a picture
through the Line API: a slide shown again mounts nothing, lays nothing out and
repaints only the rows that differ from the slide before. The slides a key leads
to next are developed while the screen is idle.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Iterable
from weakref import WeakKeyDictionary

from markdown_it import MarkdownIt
from rich.style import Style as RichStyle
from textual.app import App
from textual.color import Color
from textual.containers import Vertical
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarCorner
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Markdown

Key = tuple[str, int, str, bool, str]
"""A picture's text, width, theme, ANSI colours or not, and background."""
Picture = tuple[Strip, ...]

KEEP = 64
"""Pictures kept per app (the least recently shown go first)."""
_pictures: WeakKeyDictionary[App[object], OrderedDict[Key, Picture]] = WeakKeyDictionary()
"""By app: a picture is of the styles of the app it was developed in (another app, as in
a test run, may style the same text otherwise)."""
AT_ONCE = 4
"""Texts developed side by side in one layout (for the slides a key may lead to)."""
RETRY = 0.25
"""Seconds before developing again when the screen could not lay a text out (another
screen over it)."""


def slide_parser() -> MarkdownIt:
    """Textual's own parser with raw HTML off, as the room's web page has it: a slide's
    ``<seal number>`` or ``<b>`` is text to show, not a tag to drop."""
    return MarkdownIt("gfm-like", {"html": False})


def picture(app: App[object], key: Key) -> Picture | None:
    """The picture ``app`` developed for ``key``, if any (it is then the most recent)."""
    kept = _pictures.get(app)
    found = kept.get(key) if kept is not None else None
    if found is not None and kept is not None:
        kept.move_to_end(key)
    return found


def keep(app: App[object], key: Key, lines: Picture) -> None:
    """Keep ``app``'s picture of ``key`` (the least recently shown beyond KEEP go)."""
    kept = _pictures.setdefault(app, OrderedDict())
    kept[key] = lines
    kept.move_to_end(key)
    while len(kept) > KEEP:
        kept.popitem(last=False)


def photograph(doc: Widget) -> Picture:
    """The lines ``doc`` and the widgets in it paint, from the screen's last layout, as
    the compositor would put them together (``doc`` may lie outside the screen)."""
    full = doc.screen._compositor.full_map
    top = full[doc].region
    width = top.width
    lines = [Strip.blank(width)] * top.height
    placed = [
        (geometry.order, isinstance(widget, (ScrollBar, ScrollBarCorner)), widget, geometry.region)
        for widget, geometry in full.items()
        if widget is doc or doc in widget.ancestors
    ]
    placed.sort(key=lambda item: (item[0], item[1]))  # back to front; a scroll bar last
    clips: dict[Widget, Region] = {}
    for _, chrome, widget, region in placed:
        parent = widget.parent
        if widget is doc or not isinstance(parent, Widget) or parent not in full:
            clip = top
        else:  # within its parent's content (a scroll bar: within its parent)
            outer = full[parent].region
            inner = outer if chrome else outer.shrink(parent.styles.gutter)
            clip = clips.get(parent, top).intersection(inner)
        clip = clip.intersection(region)
        clips[widget] = clip
        if not clip:
            continue
        strips = widget.render_lines(clip.translate((-region.x, -region.y)))
        x = clip.x - top.x
        for row, strip in enumerate(strips, clip.y - top.y):
            line = lines[row]
            lines[row] = Strip.join([line.crop(0, x), strip, line.crop(x + clip.width, width)])
    return tuple(lines)


class Darkroom(Vertical):
    """Off the screen's edge, where Markdown texts are laid out by Textual at the width
    asked, photographed, and taken away again."""

    DEFAULT_CSS = """
    Darkroom {
        position: absolute;
        offset: 0 -10000;
        height: 0;
        overflow: hidden hidden;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._wanted: OrderedDict[Key, list[Callable[[], None]]] = OrderedDict()
        self._urgent: set[Key] = set()
        self._busy = False
        self.developed = 0
        """Pictures developed here so far."""

    @property
    def idle(self) -> bool:
        """Nothing to develop, nothing being developed."""
        return not self._busy and not self._wanted

    @staticmethod
    def of(widget: Widget) -> Darkroom:
        """The darkroom of ``widget``'s screen (made on first use)."""
        screen = widget.screen
        room = getattr(screen, "_darkroom", None)
        if room is None:
            room = Darkroom()
            screen._darkroom = room  # type: ignore[attr-defined]
            screen.mount(room)
        return room

    def develop(
        self, key: Key, then: Callable[[], None] | None = None, urgent: bool = True
    ) -> None:
        """Develop ``key`` (unless it is kept already); ``then`` is called once it is."""
        if picture(self.app, key) is not None:
            if then is not None:
                then()
            return
        waiting = self._wanted.setdefault(key, [])
        if then is not None:
            waiting.append(then)
        if urgent:
            self._urgent.add(key)
            self._wanted.move_to_end(key, last=False)
        if not self._busy:
            self._busy = True
            # a task of its own: this widget's messages (the refresh awaited) go on
            self.run_worker(self._work(), group="darkroom")

    async def _work(self) -> None:
        try:
            while self._wanted:
                if not self.is_attached:  # the screen or the app going: nothing to show
                    return
                if not self.screen.is_current:  # another screen on top: nothing laid out
                    await asyncio.sleep(RETRY)
                    continue
                urgent = [k for k in self._wanted if k in self._urgent]
                batch = urgent or list(self._wanted)[:AT_ONCE]
                docs = [Markdown(parser_factory=slide_parser) for _ in batch]
                for doc, key in zip(docs, batch, strict=True):
                    doc.styles.width = key[1]
                    doc.styles.background = key[4]
                self.styles.width = max(key[1] for key in batch)  # its height takes no row
                await self.mount_all(docs)
                texts = [key[0] for key in batch]
                await asyncio.gather(*(d.update(t) for d, t in zip(docs, texts, strict=True)))
                for _ in range(5):  # laid out after the next refresh (mostly the first)
                    laid_out = asyncio.get_running_loop().create_future()
                    self.call_after_refresh(laid_out.set_result, None)
                    await laid_out
                    full = self.screen._compositor.full_map
                    if all(doc in full for doc in docs):
                        break
                done: list[Callable[[], None]] = []
                full = self.screen._compositor.full_map
                for doc, key in zip(docs, batch, strict=True):
                    if doc in full:
                        keep(self.app, key, photograph(doc))
                        self.developed += 1
                        done += self._wanted.pop(key, [])
                        self._urgent.discard(key)
                await self.remove_children()
                for then in done:
                    then()
                if not done and all(doc not in full for doc in docs):
                    await asyncio.sleep(RETRY)  # not laid out (the screen going?): later
        finally:
            self._busy = False


class Pages(ScrollView, can_focus=False):
    """Shows one Markdown text at a time, from its picture; ``source`` is the text."""

    DEFAULT_CSS = """
    Pages { overflow-x: hidden; overflow-y: auto; height: 1fr; }
    """

    def __init__(self, markdown: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._wanted = markdown
        self._nearby: tuple[str, ...] = ()
        self.lines: Picture = ()
        """The picture on screen."""
        self.shown: Key | None = None
        """What the picture on screen is of."""
        self._blank: RichStyle | None = None
        """The style of a row below the picture (one painted before the first picture
        stays as it was: it has the same style)."""
        self._background = ("", Color(0, 0, 0), "")
        """The theme, and the background this widget has in it (and its hex)."""

    @property
    def source(self) -> str:
        """The text shown (or, until its picture is developed, about to be)."""
        return self._wanted

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _: self._show())

    def on_resize(self) -> None:
        self._show()

    def update(self, markdown: str, nearby: Iterable[str] = ()) -> None:
        """Show ``markdown`` (as soon as its picture is developed); develop ``nearby``
        afterwards, while the screen is idle."""
        self._wanted = markdown
        self._nearby = tuple(nearby)
        self._show()

    def ready(self, markdown: str, then: Callable[[], None]) -> bool:
        """``markdown`` can be shown at once; if not, it is developed and ``then`` called."""
        key = self._picture_key(markdown)
        if key is None:
            return True
        if picture(self.app, key) is None:
            Darkroom.of(self).develop(key, then)
            return False
        if self._overflows(picture(self.app, key) or ()):
            narrow = self._picture_key(markdown, narrow=True)
            if narrow is not None and picture(self.app, narrow) is None:
                Darkroom.of(self).develop(narrow, then)
                return False
        return True

    # -- what a picture is of -------------------------------------------------------------

    def _picture_key(self, markdown: str, narrow: bool = False) -> Key | None:
        """The picture of ``markdown`` at this widget's width (None until it has one)."""
        width = self._inner().width
        if narrow:
            width -= self.styles.scrollbar_size_vertical
        if width <= 0:
            return None
        theme = self.app.theme
        if self._background[0] != theme:  # worked out from every ancestor: once a theme
            color = self.background_colors[1]
            self._background = (theme, color, color.hex)
        return (markdown, width, theme, self.app.ansi_color, self._background[2])

    def _inner(self) -> Size:
        """The size within the padding and border (a scroll bar's place included)."""
        if not self.is_mounted:
            return Size(0, 0)
        width, height = self.outer_size - self.styles.gutter.totals
        return Size(max(0, width), max(0, height))

    def _viewport(self) -> int:
        return self._inner().height

    def _fixed(self) -> bool:
        return not self.styles.height or not self.styles.height.is_auto

    def _overflows(self, lines: Picture) -> bool:
        return self._fixed() and len(lines) > self._viewport()

    # -- showing ------------------------------------------------------------------------

    def _show(self) -> None:
        if not self.is_attached:  # removed (the app quitting) while its picture developed
            return
        if not self.ready(self._wanted, self._show):
            return
        key = self._picture_key(self._wanted)
        if key is None:
            return
        lines = picture(self.app, key) or ()
        if self._overflows(lines):
            narrow = self._picture_key(self._wanted, narrow=True)
            lines = (picture(self.app, narrow) if narrow else None) or lines
            key = narrow or key
        if key != self.shown:
            self.shown = key
            self._blank = RichStyle(bgcolor=self._background[1].rich_color)
            self._paint(lines)
        room = Darkroom.of(self)
        for text in self._nearby:
            near = self._picture_key(text)
            if near is not None:
                room.develop(near, urgent=False)

    def _paint(self, lines: Picture) -> None:
        """Show ``lines``: only the rows that changed are repainted, and the screen is
        laid out again only when this widget's height or scroll bar must change."""
        old, self.lines = self.lines, lines
        width = self._inner().width
        if not self._fixed() or self._overflows(old) != self._overflows(lines):
            self.virtual_size = Size(width, len(lines))
            self.scroll_to(0, 0, animate=False, immediate=True)
            self.refresh()
            return
        self.set_reactive(Widget.virtual_size, Size(width, len(lines)))
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.window_virtual_size = len(lines)
        if self.scroll_offset.y:
            self.scroll_to(0, 0, animate=False, immediate=True)
            self.refresh()
            return
        rows = self._viewport()
        changed = [y for y in range(rows) if _row(old, y) != _row(lines, y)]
        for start, end in _runs(changed):
            self.refresh(Region(0, start, width, end - start))

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        if 0 <= index < len(self.lines):
            return self.lines[index]
        style = self._blank or RichStyle(bgcolor=self.background_colors[1].rich_color)
        return Strip.blank(self.scrollable_content_region.width, style)


def _row(lines: Picture, y: int) -> Strip | None:
    return lines[y] if y < len(lines) else None


def _runs(rows: list[int]) -> Iterable[tuple[int, int]]:
    """Runs of consecutive rows, as (first, after the last)."""
    start = end = None
    for y in rows:
        if start is None or end is None:
            start, end = y, y + 1
        elif y == end:
            end += 1
        else:
            yield start, end
            start, end = y, y + 1
    if start is not None and end is not None:
        yield start, end
