"""Keys handed over one at a time, so that a burst of them lands where it was meant.

Textual hands each key to whatever has focus the moment the key is read. When
keys arrive in one burst (fast typing, a paste, a laggy SSH link), the ones
behind a key that opens or closes a dialog were all handed to the screen that
was about to go away, and were lost; Textual's own account of the same
behaviour is https://github.com/Textualize/textual/issues/4704 ("Key events
should not be sent to an inactive screen"). So keys wait here, in order: the
next one is handed over only when the last has been dealt with. A marker posted
to the focused widget right behind a key reaches the app after the key has;
the messages the key set off (an Input's Submitted, a dismiss) are behind it,
so the marker goes round again, :data:`MARKER_ROUNDS` times.
"""

from __future__ import annotations

from collections import deque
from functools import partial
from typing import Any

from textual import events
from textual.app import App
from textual.message import Message

from facilitator.clean import clean_text, is_clean

KEY_TIMEOUT = 0.5
"""Seconds after which a lost marker no longer holds the keys back."""
MARKER_ROUNDS = 3


class KeyDone(Message):
    """Sent behind a key; back at the app, the key and what it set off are done."""

    def __init__(self, token: object, rounds: int) -> None:
        super().__init__()
        self.token = token
        self.rounds = rounds


class KeysInOrder(App):
    """An App that hands keys and pastes over one at a time (see the module)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._waiting: deque[events.Key | events.Paste] = deque()
        self._in_flight: object | None = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if isinstance(event, events.Paste) and not is_clean(event.text):
                event = events.Paste(clean_text(event.text))  # pasted text enters here
            self._waiting.append(event)
            if self._in_flight is None:
                await self._hand_over()
            return
        await super().on_event(event)

    async def _hand_over(self) -> None:
        """Give the next waiting key to the focused widget, then send the marker round."""
        while self._waiting:
            event = self._waiting.popleft()
            self._in_flight = token = object()
            await super().on_event(event)
            if self._send_marker(token, MARKER_ROUNDS):
                self.set_timer(KEY_TIMEOUT, partial(self._expire, token))
                return
        self._in_flight = None

    def _send_marker(self, token: object, rounds: int) -> bool:
        target = self.focused or self.screen
        return target.post_message(KeyDone(token, rounds))

    async def on_key_done(self, message: KeyDone) -> None:
        message.stop()
        if message.token is not self._in_flight:
            return
        if message.rounds > 1 and self._send_marker(message.token, message.rounds - 1):
            return
        await self._hand_over()

    async def _expire(self, token: object) -> None:
        """A marker lost with a widget removed under it must not hold the keys back."""
        if token is self._in_flight:
            await self._hand_over()
