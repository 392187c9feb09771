"""Small form widgets whose value the app sets without them answering back.

Textual's RadioSet cannot be cleared once a button is pressed (a button
turned off turns itself on again), and its pressed button can go stale when
values are set from code. These keep their value in one place: the user's
change posts ``Changed``; ``set_value`` from code posts nothing.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class ChoiceList(Widget, can_focus=True):
    """One choice of a few, one per line; space picks, picking it again clears it."""

    DEFAULT_CSS = """
    ChoiceList {
        height: auto;
        border: round $panel;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    ChoiceList:focus { border: round $accent; }
    """
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("space,enter", "pick", "Pick", show=False),
        Binding("backspace,delete", "clear", "Clear", show=False),
    ]

    cursor: reactive[int] = reactive(0)

    class Changed(Message):
        """The user picked (or cleared) a choice."""

        def __init__(self, choice_list: ChoiceList, value: Hashable | None) -> None:
            super().__init__()
            self.choice_list = choice_list
            self.value = value

        @property
        def control(self) -> ChoiceList:
            return self.choice_list

    def __init__(
        self,
        choices: Sequence[tuple[Hashable, str]] = (),
        shortcuts: dict[str, Hashable] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.choices = list(choices)
        self.shortcuts = shortcuts or {}
        self.value: Hashable | None = None

    def set_choices(self, choices: Sequence[tuple[Hashable, str]]) -> None:
        """New labels (another language); the value stays."""
        self.choices = list(choices)
        self.refresh(layout=True)

    def set_value(self, value: Hashable | None) -> None:
        """Set from code: no ``Changed`` is posted."""
        if value != self.value:
            self.value = value
            self.refresh()

    def load(self, value: Hashable | None) -> None:
        """A new question: its value, and the cursor on it (or on the first choice)."""
        self.set_value(value)
        values = [v for v, _ in self.choices]
        self.cursor = values.index(value) if value in values else 0

    def render(self) -> Text:
        out = Text(no_wrap=True, overflow="ellipsis")
        for i, (value, label) in enumerate(self.choices):
            mark = "(●)" if value == self.value and self.value is not None else "( )"
            style = "reverse" if self.has_focus and i == self.cursor else ""
            out.append(f"{mark} {label}", style)
            if i < len(self.choices) - 1:
                out.append("\n")
        return out

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(len(self.choices), 1)

    def watch_cursor(self) -> None:
        self.refresh()

    def _pick(self, index: int) -> None:
        if not 0 <= index < len(self.choices):
            return
        chosen = self.choices[index][0]
        new = None if chosen == self.value else chosen
        self.value = new
        self.refresh()
        self.post_message(self.Changed(self, new))

    def action_move(self, offset: int) -> None:
        if self.choices:
            self.cursor = (self.cursor + offset) % len(self.choices)

    def action_pick(self) -> None:
        self._pick(self.cursor)

    def action_clear(self) -> None:
        if self.value is not None:
            self.value = None
            self.refresh()
            self.post_message(self.Changed(self, None))

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character in self.shortcuts:
            value = self.shortcuts[event.character]
            index = next(i for i, (v, _) in enumerate(self.choices) if v == value)
            self.cursor = index
            if value != self.value:
                self._pick(index)
            event.stop()
            event.prevent_default()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None:
            self.cursor = offset.y
            self._pick(offset.y)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class GroupBar(Widget, can_focus=True):
    """The groups of a diagnostic round on one line; ✓ marks those that have answered."""

    DEFAULT_CSS = """
    GroupBar { height: auto; padding: 0 1; }
    GroupBar:focus { background: $boost; }
    """
    BINDINGS = [
        Binding("left", "move(-1)", "Previous group", show=False),
        Binding("right,space", "move(1)", "Next group", show=False),
    ]

    class Chosen(Message):
        def __init__(self, group: str) -> None:
            super().__init__()
            self.group = group

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.groups: list[tuple[str, str, bool]] = []  # (name, label, answered)
        self.group = ""
        self.label = ""

    def show(self, label: str, groups: Sequence[tuple[str, str, bool]], group: str) -> None:
        """``groups``: (name, label, answered); ``group`` is the one being answered."""
        shown = (label, tuple(groups), group)
        if shown == (self.label, tuple(self.groups), self.group):
            return
        self.label, self.groups, self.group = label, list(groups), group
        self.refresh(layout=True)

    def render(self) -> Text:
        out = Text(overflow="fold")
        out.append(self.label, "bold")
        for name, label, answered in self.groups:
            out.append("  ")
            style = "bold reverse" if name == self.group else ""
            out.append(f"{'✓' if answered else '·'} {label}", style)
        return out

    def action_move(self, offset: int) -> None:
        names = [name for name, _, _ in self.groups]
        if not names:
            return
        here = names.index(self.group) if self.group in names else 0
        self.post_message(self.Chosen(names[(here + offset) % len(names)]))
