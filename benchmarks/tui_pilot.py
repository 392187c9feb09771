"""Secondary figures, headless under Pilot: key -> screen and start-up against a bare app.

    python benchmarks/tui_pilot.py [--presses 200] [--starts 15]

The figures of record are in tui.py (a real terminal, tmux); these measure the
Pilot harness as much as the app (its pause() waits in 20 ms steps).

Both apps run headless under Pilot in this process, the same way: the
workshop app on the demo workshop (a fake clock, real store and writer
thread), and a bare App whose key handler updates one Static. A press is
timed from `pilot.press` until the screen has been updated and rendered
(`pilot.pause()` returns once the message queues are idle). The last part
counts what one timer tick redraws.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import Static  # noqa: E402

from facilitator.control.options import Options  # noqa: E402
from facilitator.course import catalog  # noqa: E402
from facilitator.live.events import FakeClock  # noqa: E402
from facilitator.store import workshops  # noqa: E402
from facilitator.tui.app import make_app  # noqa: E402


class Bare(App):
    def compose(self) -> ComposeResult:
        yield Static("0", id="n")

    def on_key(self, event) -> None:
        self.query_one(Static).update(event.key)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def time_presses(app: App, keys: list[str], presses: int) -> list[float]:
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for i in range(presses):
            begin = time.perf_counter()
            await pilot.press(keys[i % len(keys)])
            await pilot.pause()
            times.append((time.perf_counter() - begin) * 1000)
    return times


async def time_start(make) -> float:
    begin = time.perf_counter()
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        elapsed = (time.perf_counter() - begin) * 1000
    return elapsed


async def redraws_per_tick(make) -> dict[str, int]:
    """How many times each big widget renders during 10 ticks of a running session."""
    from facilitator.tui.widgets.agenda import AgendaView
    from facilitator.tui.widgets.slides import SlideView
    from facilitator.tui.widgets.statusbar import StatusBar
    from facilitator.tui.widgets.timer import TimerView

    counts: dict[str, int] = {}
    patched = []
    for cls in (AgendaView, SlideView, StatusBar, TimerView):
        original = cls.refresh

        def spy(self, *args, _name=cls.__name__, _original=original, **kwargs):
            counts[_name] = counts.get(_name, 0) + 1
            return _original(self, *args, **kwargs)

        cls.refresh = spy
        patched.append((cls, original))
    try:
        app = make()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("space", "n")
            await pilot.pause()
            counts.clear()
            for _ in range(10):
                app.controller.clock.advance(1)
                app.tick()
                await pilot.pause()
    finally:
        for cls, original in patched:
            cls.refresh = original
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--starts", type=int, default=15)
    args = parser.parse_args()
    course = catalog.load(ROOT)
    tmp = Path(tempfile.mkdtemp())

    def workshop_app():
        data = Path(tempfile.mkdtemp(dir=tmp))
        path = workshops.create_demo(data, course, date(2026, 12, 7), "UTC")
        return make_app(Options(path), course, FakeClock(1_796_637_600.0), tick=False)

    async def run() -> None:
        app = workshop_app()
        ours = await time_presses(app, ["right", "left"], args.presses)
        app.controller.close()
        bare = await time_presses(Bare(), ["right", "left"], args.presses)
        print(f"key press -> updated screen, {args.presses} presses (slide forward/back)")
        for name, values in (("workshop app", ours), ("bare app", bare)):
            median, p95 = statistics.median(values), pct(values, 0.95)
            print(f"  {name + ':':<13} median {median:6.2f} ms   p95 {p95:6.2f} ms")
        print(f"  ratio (median): {statistics.median(ours) / statistics.median(bare):.2f}x")
        starts_ours, starts_bare = [], []
        for _ in range(args.starts):
            starts_ours.append(await time_start(workshop_app))
            starts_bare.append(await time_start(Bare))
        print(f"start-up to first frame, {args.starts} starts each, interleaved")
        print(f"  workshop app: median {statistics.median(starts_ours):6.1f} ms")
        print(f"  bare app:     median {statistics.median(starts_bare):6.1f} ms")
        ratio = statistics.median(starts_ours) / statistics.median(starts_bare)
        print(f"  ratio (median): {ratio:.2f}x")
        counts = await redraws_per_tick(workshop_app)
        print("refresh() calls during 10 one-second ticks of a running session:")
        for name in ("TimerView", "StatusBar", "AgendaView", "SlideView"):
            print(f"  {name:<11} {counts.get(name, 0)}")

    asyncio.run(run())


if __name__ == "__main__":
    main()
