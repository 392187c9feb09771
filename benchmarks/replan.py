"""What re-planning adds to the once-a-second tick, against the schedule it already builds.

    python benchmarks/replan.py [--runs 300]

On the real copes-5day programme, on day 3 at 12:30: the day started an hour late,
its first session has run two and a half hours, and one session not held on day 2
was carried into it: the median time of ``schedule.build`` (the
baseline: the tick builds it anyway), of ``propose`` on that schedule (what the
status line adds every tick), and of the whole proposal preview the dialog works
out after each edit (``after`` + a second ``build``). Ratios are against the
baseline, in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from facilitator.course import catalog  # noqa: E402
from facilitator.live.events import Event, fold  # noqa: E402
from facilitator.live.replan import after, propose  # noqa: E402
from facilitator.live.schedule import build  # noqa: E402

TZ = "Africa/Lome"
START = date(2026, 12, 7)


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300)
    runs = parser.parse_args().runs
    prog = catalog.load(ROOT).programme("copes-5day")
    base = build(prog, START, TZ, fold([]), 0).days
    events = []
    for plan in base[:2]:  # days 1 and 2 held as planned, to the second, but one session
        for slot in plan.slots:
            if slot.session.id != "storage-and-disposal":
                events.append(Event("goto", slot.planned_start, slot.session.id, run=True))
        events.append(Event("end", plan.planned_end))
    events.append(Event("move", base[1].planned_end, "storage-and-disposal", day=3))
    day3 = base[2]
    late = 60 * 60
    first = day3.slots[0]
    events.append(Event("start", first.planned_start + late, first.session.id))
    now = day3.planned_start + late + 2.5 * 3600
    live = fold(events)
    schedule = build(prog, START, TZ, live, now)
    proposal = propose(prog, schedule, 3)
    assert proposal is not None, "the day should run over"

    t_build = median_ms(lambda: build(prog, START, TZ, live, now), runs)
    t_propose = median_ms(lambda: propose(prog, schedule, 3), runs)
    t_preview = median_ms(
        lambda: build(prog, START, TZ, after(live, proposal.changes, now), now), runs
    )
    print(
        f"copes-5day, day 3 at {schedule.hhmm(now)}, {proposal.over} min over, "
        f"{len(proposal.changes)} changes, median of {runs} runs"
    )
    print(f"schedule build (baseline)   {t_build:7.3f} ms")
    print(f"propose                     {t_propose:7.3f} ms   {t_propose / t_build:5.2f}x baseline")
    print(f"preview after an edit       {t_preview:7.3f} ms   {t_preview / t_build:5.2f}x baseline")


if __name__ == "__main__":
    main()
