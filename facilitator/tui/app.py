"""The one App: wires the controller, the screens, the clock and the store watcher."""

from __future__ import annotations

import gc
import os
import sys
from functools import partial
from pathlib import Path

from textual import events
from textual.driver import Driver
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.timer import Timer

from facilitator.clean import clean_line, clean_text
from facilitator.control.controller import Changes, Controller, open_controller
from facilitator.control.options import Options
from facilitator.control.priority import Priority
from facilitator.control.rota import TAKE_SECONDS, News, Rota, Watching
from facilitator.control.watch import Watcher
from facilitator.course.catalog import Catalog, CatalogError
from facilitator.i18n import say, signed
from facilitator.live.events import Clock, system_clock
from facilitator.store.lead import LeadBusy, LeadLock
from facilitator.tui.collector import Collector
from facilitator.tui.keys import KeysInOrder
from facilitator.tui.screens.main import MainScreen

HERE = Path(__file__).parent
HOUSEKEEPING_SECONDS = 0.25
"""How often failed writes are looked for and tried again."""
SWITCH_SECONDS = 0.0005
"""How long the drawing thread keeps the GIL when the writer or the watcher wants it
(Python's default, 5 ms, is paid again at every system call a write makes)."""


class FacilitatorApp(KeysInOrder):
    """Runs one workshop: lead, clerk or follower."""

    TITLE = "facilitator"
    CSS_PATH = [HERE / "app.tcss", *sorted((HERE / "widgets").glob("*.tcss"))]
    """The app's own, then each widget's, from the file beside the widget."""
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        controller: Controller,
        options: Options,
        lead_lock: LeadLock | None = None,
        tick: bool = True,
    ) -> None:
        screen_css = HERE / "screens" / ("room.tcss" if options.role == "room" else "main.tcss")
        # the screen's sheet read with the app's: installing the screen would parse every
        # sheet (each widget's defaults too) a second time, and style every widget again
        super().__init__(css_path=[*self.CSS_PATH, screen_css.resolve()])
        self.controller = controller
        self.options = options
        self.lead_lock = lead_lock
        self._tick = tick
        self.title = controller.workshop.name
        self.sub_title = controller.programme.title.get(controller.lang)
        self.rescued: Path | None = None
        """Where what could not be saved was written when the app was left, if anything."""
        self.watcher: Watcher | None = None
        self._watching: Watching | None = None
        self._housekeeper: Timer | None = None
        """Looks for failed writes while this terminal's writes are on their way (the
        tick wakes it when one is)."""
        self.rota: Rota | None = None
        """This terminal's part in passing the lead (when the watcher runs)."""
        self.collector = Collector()
        """Python's full collections at quiet moments (started with the program's own
        collector, see :mod:`facilitator.start`)."""
        self.priority = Priority()
        if lead_lock is not None and lead_lock.held:
            controller.epoch = lead_lock.epoch
        screen: type[MainScreen] = MainScreen
        if options.role == "room":  # the room's screen, imported only for it
            from facilitator.tui.screens.room import RoomScreen

            screen = RoomScreen  # type: ignore[assignment]
        self._main = screen.speaking(controller.lang)(
            controller, options.warn_minutes * 60, options.following
        )

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this terminal; on Linux and macOS one whose input thread
        sleeps until a key comes (:mod:`facilitator.tui.driver`). ``TEXTUAL_DRIVER``
        still chooses another."""
        chosen = super().get_driver_class()
        if os.name == "posix":  # the Linux driver runs on macOS too; not on Windows
            from textual.drivers.linux_driver import LinuxDriver

            from facilitator.tui.driver import QuietLinuxDriver

            if chosen is LinuxDriver:
                return QuietLinuxDriver
        return chosen

    def get_default_screen(self) -> MainScreen:
        """The workshop's screen is the app's first (no empty screen drawn before it)."""
        return self._main

    class Changed(Message):
        """The workshop file changed (read by the watcher's thread)."""

        def __init__(self, changes: Changes) -> None:
            super().__init__()
            self.changes = changes

    class CourseChanged(Message):
        """A course file changed: the course loaded again, or its problems."""

        def __init__(self, reloaded: Catalog | CatalogError) -> None:
            super().__init__()
            self.reloaded = reloaded

    class LeadNews(Message):
        """The lead changed, or a message came for this terminal (from the watcher)."""

        def __init__(self, news: News) -> None:
            super().__init__()
            self.news = news

    class SteppedDown(Message):
        def __init__(self, who: str, given: bool) -> None:
            super().__init__()
            self.who = who
            self.given = given

    class TookLead(Message):
        """This terminal holds the lead lock now (or could not take it: ``busy``, the
        workshop file's write lock held by a stopped lead)."""

        def __init__(
            self, how: str, ok: bool, changes: Changes | None = None, busy: bool = False
        ) -> None:
            super().__init__()
            self.how = how
            self.ok = ok
            self.changes = changes
            self.busy = busy

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast. Its text is never read as markup, whoever asks (widgets ask for markup
        by default): a note saying ``[/]`` or ``[link=...]`` is shown as typed."""
        super().notify(
            clean_text(str(message)),
            title=clean_line(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def say(self, key: str, /, **values: object) -> str:
        """The words for ``key`` in the workshop's language."""
        return say(self.controller.lang, key, **values)

    @property
    def main(self) -> MainScreen:
        """The screen the app runs: the workshop screen, or the room's (same calls)."""
        return self._main

    def on_mount(self) -> None:
        if self._tick:
            # the first frame is drawn without them: their threads would want the
            # interpreter (and the seat its disk) while it is drawn
            self.call_after_refresh(self._go_live)

    def _go_live(self) -> None:
        """The clock, the housekeeping, this terminal's seat and the watcher thread."""
        if not gc.isenabled():  # off while the program started (facilitator.start)
            gc.freeze()  # what start-up made stays: no collection goes through it again
            self.collector.start()  # the full ones where nobody waits for them
            gc.enable()
        if self.is_running:
            sys.setswitchinterval(SWITCH_SECONDS)
            self.set_interval(1.0, self.tick)
            self._housekeeper = self.set_interval(HOUSEKEEPING_SECONDS, self.housekeeping)
            c = self.controller
            if self.options.role != "room":  # the room's screen never leads: a seat that
                # only says it watches
                self.rota = Rota(c.store.path, c.store.author.name, c.role, c.clock, self.lead_lock)
                rota = self.rota
                c.watched = lambda: rota.others
            else:
                self._watching = Watching(c.store.path, c.clock)
            self.watcher = Watcher(
                c,
                lambda changes: self.post_message(self.Changed(changes)),
                lambda news: self.post_message(self.LeadNews(news)),
                self.rota or self._watching,
                on_course=lambda reloaded: self.post_message(self.CourseChanged(reloaded)),
            )
            self.watcher.start()
            self._prioritise()

    def _prioritise(self) -> None:
        """A terminal that follows gives way to the lead on the machine they share (once the
        app runs live, its watcher started after the first frame; a program of its own)."""
        if self.watcher is None or not self.options.give_way:
            return
        if self.controller.role == "lead":
            self.priority.lead()
        else:
            self.priority.follow()

    def tick(self) -> None:
        """Redraw the clock and timer (from the clock, never by counting ticks)."""
        if self.is_running:  # not while shutting down: the screen's widgets are going
            if self.rota is not None:
                self.rota.answered()  # the lead's beat says its screen answers
            self.main.tick()
            if self._housekeeper is not None and not self.controller.settled():
                self._housekeeper.resume()
            self.collector.tick()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste, events.MouseDown)):
            self.collector.busy()
        await super().on_event(event)

    def housekeeping(self) -> None:
        """Say what could not be saved; try it again when it is time."""
        if not self.is_running:
            return
        for failure in self.controller.take_failures():
            if failure.undone:
                message = self.say("undone_why", what=failure.what, error=failure.error)
            else:
                message = self.say("kept_why", what=failure.what, error=failure.error)
            self.notify(message, title=self.say("save_failed"), severity="error", timeout=30)
            self.main.refresh_view()
        self.main.report_unsaved(self.controller.retry_unsaved())
        if self._housekeeper is not None and self.controller.settled():
            self._housekeeper.pause()  # 4 wakes a second cost more than the clock: until a write

    def on_facilitator_app_changed(self, message: Changed) -> None:
        """Another terminal (or our own writer) changed the file: take it in, redraw."""
        if not self.is_running:
            return
        self.collector.busy()
        before = self.controller.snapshot
        self.controller.apply(message.changes)
        self.housekeeping()
        self._announce_new_records(before)
        self.main.refresh_view()

    TOASTS_AT_ONCE = 3
    """More new records than this in one re-read make one toast per author, not one each."""

    def _announce_new_records(self, before) -> None:
        """A toast for each note, decision or action another terminal added (not on a
        screen in presentation mode: the room sees it)."""
        if self.main.has_class("-presentation"):
            return
        me = self.controller.store.author
        lang = self.controller.lang
        found: list[tuple[str, dict]] = []
        for table, label in (("notes", None), ("actions", "action")):
            for record in _added(getattr(before, table), getattr(self.controller.snapshot, table)):
                by = record.get("by") or {}
                if (by.get("name"), by.get("role")) == (me.name, me.role):
                    continue
                kind = label or ("decision" if record.get("kind") == "decision" else "note")
                found.append((kind, record))
        if len(found) > self.TOASTS_AT_ONCE:
            per_author: dict[str, int] = {}
            for _, record in found:
                who = signed(lang, record.get("by"))
                per_author[who] = per_author.get(who, 0) + 1
            for who, n in per_author.items():
                self.notify(self.say("added_many", who=who, n=n))
            return
        for kind, record in found:
            text = str(record.get("text", ""))
            short = text if len(text) <= 60 else text[:57] + "..."
            if record.get("restricted"):
                short = f"({self.say('restricted')})"
            who = signed(lang, record.get("by"))
            self.notify(short, title=self.say(f"added_{kind}", who=who))

    async def on_facilitator_app_lead_news(self, message: LeadNews) -> None:
        """What the watcher found about the lead; see :mod:`facilitator.control.rota`."""
        news = message.news
        if not self.is_running or self.rota is None:
            return
        if news.kind == "lead" and news.view is not None:
            self.main.show_lead(news.view)
        elif news.kind == "forced":
            self.hand_over("", news.name)
        elif news.kind == "deposed":
            self.deposed(news.name)
        elif news.kind == "ask" and news.message is not None and self.rota.leading:
            await self.main.asked_for_lead(news.message)
        elif news.kind == "give" and news.message is not None and not self.rota.leading:
            self.take_lead("given", TAKE_SECONDS)
        elif news.kind == "decline" and news.message is not None:
            self.notify(self.say("lead_declined", name=news.message.name), title=self.say("lead"))

    def on_facilitator_app_course_changed(self, message: CourseChanged) -> None:
        """A module edited on disk: its new text at the same slide; a broken file keeps
        the last good version on screen and says what is wrong, and where."""
        if not self.is_running:
            return
        if isinstance(message.reloaded, CatalogError):
            if self.options.role == "room":  # the participants' screen: the trainers' say it
                return
            problems = "\n".join(str(p) for p in message.reloaded.problems[:5])
            self.notify(problems, title=self.say("course_broken"), severity="error", timeout=20)
            return
        self.controller.use_catalog(message.reloaded)
        self.main.refresh_view()
        self.notify(self.say("course_reloaded"), timeout=3)

    def hand_over(self, seat: str, who: str) -> None:
        """This terminal stops leading at once (no key moves the agenda from now on; a clerk
        who led records again), and
        lets go of the lead once its writes have landed: to ``seat``, or to whoever
        asked with ``facilitator run --take-over`` (``seat`` empty)."""
        self.controller.become("clerk" if self.options.role == "clerk" else "follower")
        self._prioritise()
        # the one given the lead is told first; this screen is redrawn meanwhile
        self.run_worker(partial(self._step_down, who, seat), thread=True, group="lead")
        self.main.start_following()
        self.main.refresh_bindings()  # the footer no longer shows the lead's keys

    def _step_down(self, who: str, seat: str) -> None:
        """In a worker thread: the one given the lead is told, every write of ours lands,
        then the lead is let go (the one told takes it as soon as it is free)."""
        if seat and self.rota is not None:
            self.rota.offer(seat)
        if self.controller.writer is not None:
            self.controller.writer.flush()
        if self.rota is not None:
            self.rota.let_go(seat)
        elif self.lead_lock is not None:
            self.lead_lock.release()
        self.post_message(self.SteppedDown(who, bool(seat)))

    def on_facilitator_app_stepped_down(self, message: SteppedDown) -> None:
        key = "lead_given" if message.given else "took_over"
        self.notify(self.say(key, who=message.who), title=self.say("lead"), timeout=8)

    def deposed(self, who: str) -> None:
        """The lead was taken from this terminal while it was not answering (stopped): it
        follows at once, and says so. The store refused every agenda key since."""
        self.controller.become("clerk" if self.options.role == "clerk" else "follower")
        self._prioritise()
        self.main.start_following()
        self.main.refresh_bindings()
        self.notify(
            self.say("lead_deposed", who=who or "?"),
            title=self.say("lead"),
            severity="warning",
            timeout=20,
        )

    def take_lead(self, how: str, wait: float = 0.0, steal: bool = False) -> None:
        """Lead from now on if the lead is free (or freed within ``wait`` seconds);
        ``steal``: also from a lead that stopped answering."""
        self.run_worker(partial(self._take, how, wait, steal), thread=True, group="lead")

    def _take(self, how: str, wait: float, steal: bool) -> None:
        """In a worker thread: take the lock, then read the file as it is now (so that the
        screen need not, and the new lead's first key starts from it)."""
        try:
            ok = self.rota is not None and self.rota.take(wait, steal)
        except LeadBusy:
            self.post_message(self.TookLead(how, False, busy=True))
            return
        changes = self.controller.read_changes() if ok else None
        self.post_message(self.TookLead(how, ok, changes))

    def on_facilitator_app_took_lead(self, message: TookLead) -> None:
        if not message.ok:
            key = "lead_busy" if message.busy else "lead_not_taken"
            self.notify(self.say(key), title=self.say("lead"), severity="warning")
            return
        assert self.rota is not None
        self.controller.become("lead", message.how, self.rota.lock.epoch, message.changes)
        self._prioritise()
        self.main.start_leading()
        # the footer shows the lead's keys, a frame after the screen says LEAD
        self.call_after_refresh(self.main.refresh_bindings)
        self.notify(self.say("lead_yours"), title=self.say("lead"))

    class Exported(Message):
        """Minutes written (by a worker thread)."""

        def __init__(self, written: list[Path]) -> None:
            super().__init__()
            self.written = written

    class ExportFailed(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def export(self, session_id: str | None) -> None:
        """Export the minutes of one session (or the whole workshop), off the event loop."""
        self.run_worker(partial(self._export, session_id), thread=True, group="export")

    def _export(self, session_id: str | None) -> None:
        """In a worker thread: what has been typed is written first, then the minutes."""
        from facilitator.minutes.export import export

        c = self.controller
        target = self.options.exports or Path.cwd() / "exports" / c.workshop.id
        try:
            snapshot = c.saved_snapshot()
            written = export(snapshot, c.programme, target, session_id, c.lang)
        except Exception as exc:  # shown to the user, the app goes on
            self.post_message(self.ExportFailed(str(exc)))
        else:
            self.post_message(self.Exported(written))

    def on_facilitator_app_exported(self, message: Exported) -> None:
        written = message.written
        if len(written) == 1:
            self.notify(self.say("exported_one", path=written[0]), title=self.say("export"))
        else:
            self.notify(
                self.say("exported_many", n=len(written), folder=written[0].parent),
                title=self.say("export"),
                timeout=8,
            )

    def on_facilitator_app_export_failed(self, message: ExportFailed) -> None:
        self.notify(message.error, title=self.say("export_failed"), severity="error", timeout=15)

    def on_unmount(self) -> None:
        self.priority.close()
        self.collector.stop()
        if self.watcher is not None:
            self.watcher.stop()
        self.controller.retry_unsaved(force=True)  # a last try for what could not be saved
        self.controller.close()
        self.controller.take_failures()
        self.rescued = self.controller.rescue()
        if self.lead_lock is not None:
            self.lead_lock.release()
        if self.rota is not None:
            self.rota.close()
        if self._watching is not None:
            self._watching.close()


def _added(old: tuple[dict, ...], new: tuple[dict, ...]) -> list[dict]:
    """The rows of ``new`` that ``old`` did not hold. Rows come in the order they were
    added: when the last old row is still where it was, only the rows after it are new
    (a week of notes is not gone through again at every change)."""
    n = len(old)
    if n and len(new) >= n and new[n - 1].get("uid") == old[-1].get("uid"):
        return list(new[n:])
    seen = {r.get("uid") for r in old}
    return [r for r in new if r.get("uid") not in seen]


def make_app(
    options: Options,
    catalog: Catalog,
    clock: Clock = system_clock,
    lead_lock: LeadLock | None = None,
    tick: bool = True,
) -> FacilitatorApp:
    """The app on a workshop, as the CLI and the tests build it.

    ``tick=False`` is for measurements only (no clock redraw, no watcher thread).
    """
    controller = open_controller(options, catalog, clock)
    return FacilitatorApp(controller, options, lead_lock, tick)
