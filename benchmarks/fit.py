"""check --fit speed: laying slides out in batches against one at a time.

    python benchmarks/fit.py [--runs 3] [--slides 80] [--size 80x24]

Times facilitator.tui.fit.slide_heights over the first --slides slides of the
shipped course (English and French), median of --runs, beside the baseline in
the same run: the same slides laid out one at a time (a batch of one), which
is what the prototype did. Both must give the same heights; the script says so.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from facilitator.course import catalog
from facilitator.course.fit import RoomSize, slides_to_fit
from facilitator.tui import fit

ROOT = Path(__file__).resolve().parent.parent


def timed(bodies: list[str], columns: int, batch: int, runs: int) -> tuple[float, list[int]]:
    fit._AT_ONCE, kept = batch, fit._AT_ONCE
    try:
        times, heights = [], []
        for _ in range(runs):
            start = time.perf_counter()
            heights = fit.slide_heights(bodies, columns)
            times.append(time.perf_counter() - start)
        return statistics.median(times), heights
    finally:
        fit._AT_ONCE = kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--slides", type=int, default=80)
    parser.add_argument("--size", default="80x24")
    args = parser.parse_args()
    size = RoomSize.parse(args.size)
    bodies = [s.body for s in slides_to_fit(catalog.load(ROOT))][: args.slides]
    batched, heights = timed(bodies, size.columns, fit._AT_ONCE, args.runs)
    single, baseline = timed(bodies, size.columns, 1, args.runs)
    print(f"{len(bodies)} slides at {size}, median of {args.runs} runs")
    per = 1000 / len(bodies)
    print(f"  batches of {fit._AT_ONCE}: {batched:6.2f} s  ({batched * per:.0f} ms a slide)")
    print(f"  one at a time: {single:6.2f} s  ({single * per:.0f} ms a slide)")
    print(f"  ratio: {single / batched:.2f}x; same heights: {heights == baseline}")


if __name__ == "__main__":
    main()
