"""The keyboard grid the clerk types papers into: one row per participant code, one
column per item in the paper's order; letters typed straight across."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.widget import Widget

from facilitator.assess.learning import score_line
from facilitator.control.controller import Controller
from facilitator.course.model import LETTERS
from facilitator.tui.text import plain

BLANK_KEYS = ("space", "minus", "full_stop")
CODE = 6
"""Width of the participant code column."""
GROUP = 5
"""Items per group on a row."""


class ScoreGrid(Widget, can_focus=True):
    """Rows of papers for one test; the cursor is at (row, column)."""

    DEFAULT_CSS = """
    ScoreGrid { height: auto; min-height: 3; padding: 0 1; }
    """
    row: reactive[int] = reactive(0)
    col: reactive[int] = reactive(0)
    test: reactive[str] = reactive("pre")
    version: reactive[int] = reactive(0)
    """Bumped when the file changed under us: redraw."""

    def __init__(self, controller: Controller, test: str) -> None:
        super().__init__()
        self.controller = controller
        self.codes = controller.codes()
        self.set_reactive(ScoreGrid.test, test)

    @property
    def fields(self) -> list[str]:
        return self.controller.fields(self.test)

    def allowed(self) -> str:
        """The characters a cell takes: the item's letters, or the scale's digits."""
        a = self.controller.assessment
        if a is None:
            return ""
        if self.test == "evaluation":
            return "".join(str(n) for n in range(1, len(a.form.scale.en) + 1)) if a.form else ""
        return LETTERS[: max(len(i.choices.en) for i in a.items)]

    def render(self) -> Text:
        """One letter per item, in groups of five (the paper's numbers above each group),
        so a 32-item paper fits an 80-column terminal."""
        fields = self.fields
        out = Text()
        out.append_text(plain(" " * CODE))
        for n in range(0, len(fields), GROUP):
            out.append_text(plain(f"{n + 1:<{GROUP + 1}}", "dim"))
        out.append("\n")
        items = self.controller.assessment.items if self.controller.assessment else ()
        for r, code in enumerate(self.codes):
            values = self.controller.paper_values(self.test, code)
            out.append_text(plain(f"{code:<{CODE}}", "bold" if r == self.row else ""))
            for c, field in enumerate(fields):
                if c and not c % GROUP:
                    out.append(" ")
                here = (r, c) == (self.row, self.col) and self.has_focus
                out.append_text(
                    plain((values.get(field, "") or "·")[:1], "reverse" if here else "")
                )
            if self.test != "evaluation":
                right, answered, total = score_line(items, values)
                out.append_text(plain(f"  {right}/{total} · {answered} answered", "dim"))
            out.append("\n")
        return out

    def _move(self, row: int, col: int) -> None:
        width = max(len(self.fields), 1)
        if col >= width:
            row, col = row + 1, 0
        elif col < 0:
            row, col = row - 1, width - 1
        if row != self.row:
            self._save_row()
        self.row = max(0, min(row, len(self.codes) - 1))
        self.col = max(0, min(col, width - 1))

    def _save_row(self) -> None:
        if self.codes:
            from facilitator.control.recording import SCORES

            self.controller.save_answer((SCORES, self.test, self.codes[self.row]))

    def _set(self, value: str) -> None:
        fields = self.fields
        if not self.codes or not fields:
            return
        self.controller.edit_score(self.test, self.codes[self.row], fields[self.col], value)
        self.version += 1

    def on_key(self, event: events.Key) -> None:
        character = (event.character or "").upper()
        handled = True
        if character and character in self.allowed():
            self._set(character)
            self._move(self.row, self.col + 1)
        elif event.key in BLANK_KEYS:
            self._set("")
            self._move(self.row, self.col + 1)
        elif event.key == "backspace":
            self._move(self.row, self.col - 1)
            self._set("")
        elif event.key == "right":
            self._move(self.row, self.col + 1)
        elif event.key == "left":
            self._move(self.row, self.col - 1)
        elif event.key in ("down", "enter"):
            self._move(self.row + 1, 0 if event.key == "enter" else self.col)
        elif event.key == "up":
            self._move(self.row - 1, self.col)
        else:
            handled = False
        if handled:
            event.stop()
            event.prevent_default()
            self.refresh()
