"""The re-plan dialog: the day as projected now beside the day with the plan.

Enter accepts (the changes taken in are recorded, like any other event); space
leaves the highlighted change out or takes it in again; + and - cut a shortened
session by 5 minutes more or less; n (or esc) ignores the plan. The right column
is worked out again after every edit (:func:`facilitator.control.replanning.plan_view`).
"""

from __future__ import annotations

from dataclasses import replace

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from facilitator.control.controller import Controller
from facilitator.control.replanning import Item, PlanModel, PlanRow, plan_view
from facilitator.live.replan import Change
from facilitator.tui import actions
from facilitator.tui.actions import bindings
from facilitator.tui.screens.dialogs import Modal
from facilitator.tui.text import plain

COLUMN = 13


def _grid(*cells: Text) -> Table:
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    for _ in cells[1:]:
        grid.add_column(width=COLUMN, no_wrap=True, overflow="ellipsis")
    grid.add_row(*cells)
    return grid


class PlanDialog(Modal):
    """A proposal to end the day on time; it returns the changes accepted, or None."""

    CSS_PATH = ["dialogs.tcss", "replan.tcss"]
    FIRST = "#plan-rows"
    ACTIONS = actions.PLAN
    BINDINGS = bindings(ACTIONS, "en")

    def __init__(
        self, controller: Controller, day: int, changes: tuple[Change, ...], lang: str = "en"
    ) -> None:
        super().__init__(lang)
        self.controller = controller
        self.day = day
        self.items: list[Item] = [(c, True) for c in changes]

    def model(self) -> PlanModel:
        return plan_view(self.controller, self.day, self.items)

    def compose(self) -> ComposeResult:
        model = self.model()
        with Vertical(classes="dialog dialog-plan") as box:
            box.border_title = plain(model.title)
            yield Static(self._ends(model), id="plan-ends")
            yield Static(self._header(), id="plan-header")
            yield OptionList(id="plan-rows")
            yield Label(plain(self.say("plan_hint")), id="plan-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.say("button_accept"), variant="primary", id="accept")
                yield Button(self.say("button_ignore"), id="ignore")

    def on_mount(self) -> None:
        super().on_mount()
        self._draw(self.model())

    def _ends(self, model: PlanModel) -> Text:
        then_style = "bold green" if model.on_time else "bold red"
        now = self.say("plan_line", label=self.say("plan_now"), text=model.now_end)
        then = self.say("plan_line", label=self.say("plan_then"), text=model.then_end)
        out = plain(now + "\n", "bold")
        out.append_text(plain(then, then_style))
        return out

    def _header(self) -> Table:
        words = ("plan_session", "plan_now", "plan_then", "plan_change")
        return _grid(*(plain(self.say(w), "bold underline") for w in words))

    def _row(self, row: PlanRow) -> Table:
        if row.item is None:
            change = plain("")
        elif row.on:
            change = plain(row.change, "bold yellow")
        else:
            change = plain(f"✗ {row.change}", "dim strike")
        then_style = "yellow" if row.item is not None and row.on else ""
        return _grid(plain(row.title), plain(row.now), plain(row.then, then_style), change)

    def _draw(self, model: PlanModel) -> None:
        rows = self.query_one("#plan-rows", OptionList)
        highlighted = rows.highlighted
        rows.clear_options()
        rows.add_options(Option(self._row(r), id=r.session_id) for r in model.rows)
        first_change = next((i for i, r in enumerate(model.rows) if r.item is not None), 0)
        rows.highlighted = first_change if highlighted is None else highlighted
        self.query_one("#plan-ends", Static).update(self._ends(model))
        self.rows = model.rows

    def _picked(self) -> PlanRow | None:
        index = self.query_one("#plan-rows", OptionList).highlighted
        if index is None or not 0 <= index < len(self.rows):
            return None
        return self.rows[index]

    def action_toggle_item(self) -> None:
        row = self._picked()
        if row is None or row.item is None:
            return
        change, on = self.items[row.item]
        self.items[row.item] = (change, not on)
        self._draw(self.model())

    def action_cut(self, minutes: int) -> None:
        row = self._picked()
        if row is None or row.item is None:
            return
        change = self.items[row.item][0]
        if change.kind != "shorten":
            return
        cut = max(1, min(change.minutes + minutes, row.limit))
        self.items[row.item] = (replace(change, minutes=cut), True)
        self._draw(self.model())

    def action_day(self, step: int) -> None:
        """Carry a moved session a day further, or back (never to this day or before)."""
        row = self._picked()
        if row is None or row.item is None:
            return
        change = self.items[row.item][0]
        if change.kind != "move":
            return
        last = len(self.controller.programme.days)
        day = max(self.day + 1, min(change.day + step, last))
        self.items[row.item] = (replace(change, day=day), True)
        self._draw(self.model())

    def action_accept(self) -> None:
        self.dismiss(tuple(change for change, on in self.items if on))

    def action_ignore(self) -> None:
        self.dismiss(None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_accept()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "accept":
            self.action_accept()
        else:
            self.action_ignore()
