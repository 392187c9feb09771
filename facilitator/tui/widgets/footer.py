"""The footer of keys, built again only when the keys it shows changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen

Shown = tuple[tuple[str, str, str, bool, str], ...]


class KeysFooter(Footer):
    """Textual's footer, which is built again (every key removed and mounted) each time
    the screen says its bindings may have changed: focus moving, a screen resumed, a
    key's check. At start that was three times before the first frame, each the whole
    style sheet applied to every key; now only when a key shown, its words or whether
    it is enabled changed."""

    _shown: Shown | None = None

    def _keys(self, screen: Screen) -> Shown:
        """What the footer would show: each key, its display, words, enabled, tooltip."""
        app = screen.app
        return tuple(
            (key, app.get_key_display(binding), binding.description, enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == app.COMMAND_PALETTE_BINDING
        )

    def compose(self) -> ComposeResult:
        """The keys from the start: Textual's footer waits for the screen to say its
        bindings changed, and the keys came three frames after the rest of the screen."""
        self.set_reactive(Footer._bindings_ready, True)
        self._shown = self._keys(self.screen)
        for widget in super().compose():
            if isinstance(widget, FooterKey):  # styled once, as it will be: Textual's key
                # starts compact, and the footer's setting reaches it once it is mounted
                # (each key was styled three times); the palette's key stays compact
                if not widget.has_class("-command-palette"):
                    widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(widget.compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            shown = self._keys(screen)
            if shown == self._shown:
                return
            self._shown = shown
        super().bindings_changed(screen)
