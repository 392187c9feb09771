"""A Markdown document that keeps the last texts it showed: showing one again mounts nothing.

Textual's ``Markdown.update`` parses the text and mounts a widget per block
(restyled and laid out): the most expensive thing a slide change does, on
the lead and on every follower. Here each text is one inner ``Markdown``, made
once; going back and forth between slides only hides one and shows another.
"""

from __future__ import annotations

from collections import OrderedDict

from textual.events import Mount
from textual.geometry import Size
from textual.widgets import Markdown


class Pages(Markdown):
    """Shows one Markdown text at a time; ``source`` is the one shown."""

    DEFAULT_CSS = """
    Pages { padding: 0; }
    """
    KEEP = 12
    """Texts kept (hidden) besides the one shown."""

    def __init__(self, markdown: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._pages: OrderedDict[str, Markdown] = OrderedDict()
        self._wanted = markdown

    async def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # not Markdown's: it would mount the blocks itself
        self._show(self._wanted)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        """Take the size the screen's layout just gave, without asking for a second layout.

        A page of another height changes this widget's size; Textual then sets its
        virtual size as a layout reactive, which lays the whole screen out again although
        nothing moved: the second of two layouts per slide change, on every terminal."""
        return super()._size_updated(size, virtual_size, container_size, layout=False)

    def update(self, markdown: str) -> None:  # type: ignore[override]
        """Show ``markdown``: the page made for it before, or a new one."""
        self._markdown = self._wanted = markdown
        if self.is_mounted:
            self._show(markdown)

    def _show(self, markdown: str) -> None:
        self._markdown = markdown
        page = self._pages.get(markdown)
        if page is None:
            page = Markdown(markdown)
            self._pages[markdown] = page
            self.mount(page)
        self._pages.move_to_end(markdown)
        for text, other in self._pages.items():
            other.display = text == markdown
        while len(self._pages) > self.KEEP + 1:
            _, oldest = self._pages.popitem(last=False)
            oldest.remove()
