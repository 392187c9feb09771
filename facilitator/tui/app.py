"""The one App: wires the controller, the screens, the clock and the store watcher."""

from __future__ import annotations

from collections import deque
from functools import partial
from pathlib import Path

from textual import events
from textual.app import App
from textual.message import Message
from textual.notifications import SeverityLevel

from facilitator.clean import clean_line, clean_text, is_clean
from facilitator.control.controller import Controller, open_controller
from facilitator.course.catalog import Catalog
from facilitator.i18n import say, signed
from facilitator.live.events import Clock, system_clock
from facilitator.store.lead import LeadLock
from facilitator.tui.screens.main import MainScreen

HERE = Path(__file__).parent
POLL_SECONDS = 0.025
KEY_TIMEOUT = 0.5
MARKER_ROUNDS = 3


class KeyDone(Message):
    """Sent behind a key; back at the app, the key and what it set off are done."""

    def __init__(self, token: object, rounds: int) -> None:
        super().__init__()
        self.token = token
        self.rounds = rounds


class FacilitatorApp(App):
    """Runs one workshop: lead, clerk or follower."""

    TITLE = "facilitator"
    CSS_PATH = [HERE / "app.tcss", *sorted((HERE / "widgets").glob("*.tcss"))]
    """The app's own, then each widget's, from the file beside the widget."""
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
        self._waiting: deque[events.Key | events.Paste] = deque()
        self.rescued: Path | None = None
        """Where what could not be saved was written when the app was left, if anything."""
        self._in_flight: object | None = None

    # -- one key at a time -----------------------------------------------------------
    #
    # Textual hands each key to whatever has focus the moment the key is read.
    # When keys arrive in one burst (fast typing, a laggy SSH link), the ones
    # behind a key that opens or closes a dialog were all handed to the screen
    # that was about to go away, and were lost. So keys wait here, in order: the
    # next one is handed over only when the last has been dealt with. A marker
    # posted to the focused widget right behind a key reaches the app after the
    # key has; the messages the key set off (an Input's Submitted, a dismiss)
    # are behind it, so the marker goes round again, MARKER_ROUNDS times.

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
        return self.get_screen("main")  # type: ignore[return-value]

    def on_mount(self) -> None:
        self.install_screen(
            MainScreen.speaking(self.controller.lang)(
                self.controller, self.warn_minutes * 60, self.follow
            ),
            "main",
        )
        self.push_screen("main")
        if self._tick:
            self.set_interval(1.0, self.tick)
            self.set_interval(POLL_SECONDS, self.poll)

    def tick(self) -> None:
        """Redraw the clock and timer (from the clock, never by counting ticks)."""
        if self.is_running:  # not while shutting down: the screen's widgets are going
            self.main.tick()

    def poll(self) -> bool:
        """Re-read the workshop file when its stamp changed; report failed writes."""
        if not self.is_running:
            return False
        self._check_takeover()
        for failure in self.controller.take_failures():
            if failure.undone:
                message = self.say("undone_why", what=failure.what, error=failure.error)
            else:
                message = self.say("kept_why", what=failure.what, error=failure.error)
            self.notify(message, title=self.say("save_failed"), severity="error", timeout=30)
        self.main.report_unsaved(self.controller.retry_unsaved())
        before = self.controller.snapshot
        if self.controller.reload():
            self._announce_new_records(before)
            self.main.refresh_view()
            return True
        return False

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
            old = {r.get("uid") for r in getattr(before, table)}
            for record in getattr(self.controller.snapshot, table):
                by = record.get("by") or {}
                if record.get("uid") in old or (by.get("name"), by.get("role")) == (
                    me.name,
                    me.role,
                ):
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
        self.main.start_following()
        self.notify(self.say("took_over", who=who), title=self.say("lead"), timeout=20)

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
        target = self.exports or Path.cwd() / "exports" / c.workshop.id
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
        self.controller.retry_unsaved(force=True)  # a last try for what could not be saved
        self.controller.close()
        self.controller.take_failures()
        self.rescued = self.controller.rescue()
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
