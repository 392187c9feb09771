"""Typing into a diagnostic answer: how many file writes, how long each, how much at risk.

    python benchmarks/keystrokes.py [--chars 120]

A workshop file with 5,000 records (a busy five-day course) is opened by the
controller the app uses, with its writer thread. A sentence is "typed" into
one answer's notes, once at a typist's pace (a key every 150 ms, about 80
words a minute) and once in a burst (every key at once, a paste or a laggy
SSH link). Printed for each: keystrokes per write; write latency (ms, p50 and
p99); and the longest time a typed character waited before it was in the
file, which is what a kill -9 could lose. The baseline, in the same run, is
the same file written once per keystroke, as the form did before coalescing.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

from facilitator.control.controller import Controller
from facilitator.course.catalog import load_for
from facilitator.course.model import Workshop
from facilitator.store import answers
from facilitator.store.db import Author, WorkshopStore

ROOT = Path(__file__).resolve().parent.parent
KEY = ("diagnostic-d1", "D-01", "room")
SENTENCE = "Seals 17 to 19 were not logged at the port; the form exists but nobody uses it. "


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def workshop_file(folder: Path, records: int) -> Path:
    path = folder / "busy.json"
    store = WorkshopStore.create(path, Workshop("busy", "Busy", "demo", "2026-12-07"))
    with store.transaction() as db:
        db.table("notes").insert_multiple(
            {"uid": f"{i:032x}", "session": "welcome", "kind": "note", "text": f"note {i} " * 8,
             "at": 1_800_000_000.0 + i, "by": {"role": "clerk", "name": "bench"}}
            for i in range(records)
        )  # fmt: skip
    return path


class Timed:
    """Wraps the store's answer write: when each write started and how long it took."""

    def __init__(self, store: WorkshopStore) -> None:
        self.store = store
        self.inner = store.merge_answer
        self.writes: list[tuple[float, float, str]] = []  # (landed at, ms, text written)
        self.lock = threading.Lock()
        store.merge_answer = self  # type: ignore[method-assign]

    def __call__(self, session, question, group, changes) -> None:
        begin = time.perf_counter()
        self.inner(session, question, group, changes)
        end = time.perf_counter()
        with self.lock:
            self.writes.append((end, (end - begin) * 1000, changes.get("notes", ("",))[0]))


def type_into(controller: Controller, text: str, gap: float) -> list[tuple[float, str]]:
    """Type ``text`` one key at a time; returns (when, text so far) for every key."""
    keys = []
    for i in range(1, len(text) + 1):
        controller.edit_answer(KEY, "notes", text[:i])
        keys.append((time.perf_counter(), text[:i]))
        if gap:
            time.sleep(gap)
    controller.flush()
    return keys


def at_risk(keys: list[tuple[float, str]], writes: list[tuple[float, float, str]]) -> float:
    """The longest a typed character waited before a write carrying it had landed (s)."""
    worst = 0.0
    for typed_at, so_far in keys:
        landed = min(at for at, _, text in writes if text.startswith(so_far) and at >= typed_at)
        worst = max(worst, landed - typed_at)
    return worst


def run(path: Path, text: str, gap: float) -> tuple[int, Timed, float]:
    course, _ = load_for(ROOT, "demo")
    controller = Controller(WorkshopStore(path, Author("clerk", "bench")), course, role="clerk")
    timed = Timed(controller.store)
    keys = type_into(controller, text, gap)
    controller.close()
    return len(keys), timed, at_risk(keys, timed.writes)


def per_key_baseline(path: Path, text: str) -> list[float]:
    """One whole-file write per keystroke: what typing cost before it was coalesced."""
    store = WorkshopStore(path, Author("clerk", "baseline"))
    times = []
    for i in range(1, len(text) + 1):
        begin = time.perf_counter()
        store.merge_answer(*KEY, {"notes": (text[:i], time.time())})
        times.append((time.perf_counter() - begin) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=120)
    parser.add_argument("--records", type=int, default=5_000)
    args = parser.parse_args()
    text = (SENTENCE * (args.chars // len(SENTENCE) + 1))[: args.chars]
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        path = workshop_file(Path(tmp), args.records)
        size = path.stat().st_size / 1e6
        print(f"workshop file: {args.records:,} records, {size:.1f} MB; {len(text)} keys typed")
        print(f"{'typing':<22} | {'writes':>6} | {'keys/write':>10} | {'p50 ms':>7} | "
              f"{'p99 ms':>7} | {'at risk (s)':>11}")  # fmt: skip
        for label, gap in (("a key every 150 ms", 0.15), ("one burst", 0.0)):
            keys, timed, risk = run(path, text, gap)
            ms = [w[1] for w in timed.writes]
            print(
                f"{label:<22} | {len(ms):>6} | {keys / len(ms):>10.1f} | "
                f"{statistics.median(ms):>7.1f} | {percentile(ms, 0.99):>7.1f} | {risk:>11.2f}"
            )
        base = per_key_baseline(path, text)
        print(
            f"{'baseline: every key':<22} | {len(base):>6} | {1.0:>10.1f} | "
            f"{statistics.median(base):>7.1f} | {percentile(base, 0.99):>7.1f} | {'—':>11}"
        )
        stored = answers.from_record(WorkshopStore(path).read().answers[0]).value("notes")
        assert stored == text, "the typed text was not kept"
    print("at risk: the longest a typed key waited for its write (what kill -9 could lose)")


if __name__ == "__main__":
    main()
