"""The one App: wires the controller, the screens, the clock and the store watcher."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from facilitator.catalog import Catalog
from facilitator.controller import Controller, open_controller
from facilitator.i18n import say
from facilitator.lead import LeadLock
from facilitator.timer import Clock, system_clock
from facilitator.tui.screens.main import MainScreen

HERE = Path(__file__).parent
POLL_SECONDS = 0.025


class FacilitatorApp(App):
    """Runs one workshop: lead, clerk or follower."""

    TITLE = "facilitator"
    CSS_PATH = [
        HERE / "app.tcss",
        HERE / "widgets" / "timer.tcss",
        HERE / "widgets" / "agenda.tcss",
        HERE / "widgets" / "slides.tcss",
        HERE / "widgets" / "diagnostic.tcss",
        HERE / "widgets" / "statusbar.tcss",
        HERE / "widgets" / "records.tcss",
    ]
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        controller: Controller,
        warn_minutes: int = 5,
        follow: bool = False,
        exports: Path | None = None,
        tick: bool = True,
        lead_lock: LeadLock | None = None,
    ) -> None:
        super().__init__()
        self.controller = controller
        self.lead_lock = lead_lock
        self.warn_minutes = warn_minutes
        self.follow = follow
        self.exports = exports
        self._tick = tick
        self.title = controller.workshop.name
        self.sub_title = controller.programme.title.get(controller.lang)

    def say(self, key: str, /, **values: object) -> str:
        """The words for ``key`` in the workshop's language."""
        return say(self.controller.lang, key, **values)

    @property
    def main(self) -> MainScreen:
        return self.get_screen("main")  # type: ignore[return-value]

    def on_mount(self) -> None:
        self.install_screen(
            MainScreen(self.controller, self.warn_minutes * 60, self.follow), "main"
        )
        self.push_screen("main")
        if self._tick:
            self.set_interval(1.0, self.tick)
            self.set_interval(POLL_SECONDS, self.poll)

    def tick(self) -> None:
        """Redraw the clock and timer (from the clock, never by counting ticks)."""
        self.main.tick()

    def poll(self) -> bool:
        """Re-read the workshop file when its stamp changed; report failed writes."""
        self._check_takeover()
        for failure in self.controller.take_failures():
            self.notify(
                self.say("save_failed_why", error=failure.error),
                title=self.say("save_failed"),
                severity="error",
                timeout=30,
            )
        before = self.controller.snapshot
        if self.controller.reload():
            self._announce_new_records(before)
            if self.controller.writer is None or not self.controller.pending:
                self.main.local_answers.clear()
            self.main.refresh_all(force_form=True)
            return True
        return False

    def _announce_new_records(self, before) -> None:
        """A toast for each note, decision or action another terminal added."""
        me = self.controller.store.author
        for table, label in (("notes", None), ("actions", "action")):
            old = {r.get("uid") for r in getattr(before, table)}
            for record in getattr(self.controller.snapshot, table):
                by = record.get("by") or {}
                if record.get("uid") in old or (by.get("name"), by.get("role")) == (
                    me.name,
                    me.role,
                ):
                    continue
                kind = label or ("decision" if record.get("kind") == "decision" else "note")
                text = str(record.get("text", ""))
                short = text if len(text) <= 60 else text[:57] + "..."
                who = f"{by.get('name', '?')} ({by.get('role', '?')})"
                self.notify(short, title=self.say(f"added_{kind}", who=who))

    def _check_takeover(self) -> None:
        """Step down to follow mode when another terminal asks for the lead."""
        lock = self.lead_lock
        if lock is None or not lock.held:
            return
        who = lock.takeover_requested()
        if who is None:
            return
        self.controller.flush()
        lock.release()
        self.controller.role = "follower"
        self.main.follow_mode = True
        self.main.refresh_all()
        self.notify(self.say("took_over", who=who), title=self.say("lead"), timeout=20)

    def export(self, session_id: str | None) -> None:
        """Export minutes of one session (or the whole workshop) from the app."""
        from facilitator import minutes

        try:
            written = minutes.export_from_controller(self.controller, self.exports, session_id)
        except Exception as exc:  # shown to the user, the app goes on
            self.notify(str(exc), title=self.say("export_failed"), severity="error", timeout=15)
            return
        if len(written) == 1:
            self.notify(self.say("exported_one", path=written[0]), title=self.say("export"))
        else:
            self.notify(
                self.say("exported_many", n=len(written), folder=written[0].parent),
                title=self.say("export"),
                timeout=8,
            )

    def on_unmount(self) -> None:
        self.controller.close()
        if self.lead_lock is not None:
            self.lead_lock.release()


def make_app(
    path: Path,
    catalog: Catalog,
    clock: Clock = system_clock,
    role: str = "lead",
    author: str | None = None,
    lang: str = "en",
    warn_minutes: int = 5,
    follow: bool = False,
    exports: Path | None = None,
    synchronous: bool = False,
    tick: bool = True,
    lead_lock: LeadLock | None = None,
) -> FacilitatorApp:
    """The app on a workshop file; used by the CLI and the tests alike."""
    controller = open_controller(path, catalog, clock, role, author, lang, synchronous)
    return FacilitatorApp(controller, warn_minutes, follow, exports, tick, lead_lock)
