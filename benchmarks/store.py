"""Write latency of the workshop store against plain TinyDB, in the same run.

    python benchmarks/store.py [--writes 200]

For 100, 1,000 and 5,000 records already in the file, time appending one
event (lock, read, change, write temp, fsync, replace, fsync folder) and the
same append through stock TinyDB JSONStorage (which writes in place, with
fsync, and no lock). Prints median and p99 in ms, and the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from tinydb import TinyDB

from facilitator.course.model import Workshop
from facilitator.live.events import Event
from facilitator.store.db import WorkshopStore


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def record(i: int) -> dict:
    return Event("slide", 1_800_000_000.0 + i, f"session-{i % 30}", index=i % 12).to_record() | {
        "uid": f"{i:032x}",
        "by": {"role": "lead", "name": "bench"},
    }


def bench_store(folder: Path, size: int, writes: int) -> list[float]:
    store = WorkshopStore.create(
        folder / f"store-{size}.json", Workshop("b", "Bench", "demo", "2026-12-07")
    )
    with store.transaction() as db:
        db.table("events").insert_multiple(record(i) for i in range(size))
    times = []
    for i in range(writes):
        begin = time.perf_counter()
        store.append_event(Event("slide", 1_900_000_000.0 + i, "x", index=i))
        times.append((time.perf_counter() - begin) * 1000)
    return times


def bench_tinydb(folder: Path, size: int, writes: int) -> list[float]:
    db = TinyDB(folder / f"plain-{size}.json")
    events = db.table("events")
    events.insert_multiple(record(i) for i in range(size))
    times = []
    for i in range(writes):
        begin = time.perf_counter()
        events.insert(Event("slide", 1_900_000_000.0 + i, "x", index=i).to_record())
        times.append((time.perf_counter() - begin) * 1000)
    db.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=200)
    args = parser.parse_args()
    header = ("records", "store p50", "p99", "tinydb p50", "p99", "ratio p50")
    print("{:>8} | {:>9} {:>7} | {:>10} {:>7} | {:>9}".format(*header))
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        folder = Path(tmp)
        for size in (100, 1_000, 5_000):
            ours = bench_store(folder, size, args.writes)
            plain = bench_tinydb(folder, size, args.writes)
            p50, q50 = statistics.median(ours), statistics.median(plain)
            print(
                f"{size:>8} | {p50:>9.2f} {percentile(ours, 0.99):>7.2f} | "
                f"{q50:>10.2f} {percentile(plain, 0.99):>7.2f} | {p50 / q50:>8.2f}x"
            )
    print("ms per write, with fsync; ratio = store median / stock TinyDB median")


if __name__ == "__main__":
    main()
