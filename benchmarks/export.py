"""Export and collect speed on a synthetic five-day workshop.

    python benchmarks/export.py [--runs 7]

The workshop: 5 days x 6 sessions (10 diagnostic rounds of 50 questions),
500 answers, 2,000 notes and decisions, 300 action items, 30 participants
marked at every session. Timed, median of --runs:

- export: read the workshop file, render, write 30 session files and index.md
  into an empty folder (fsync each); then the same export again into the
  folder (nothing changed, so nothing is rewritten);
- render only (no file written), as the floor of the export.

Collecting many workshops is measured by benchmarks/collect.py.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import time as clock_time
from pathlib import Path

from facilitator.course.model import (
    Area,
    Day,
    DiagnosticBank,
    Kind,
    Module,
    Participant,
    Programme,
    Question,
    Session,
    Slide,
    Text,
    TextList,
    Workshop,
)
from facilitator.live.schedule import planned
from facilitator.minutes import report, session
from facilitator.minutes.export import export as export_minutes
from facilitator.minutes.records import Minutes
from facilitator.store.db import WorkshopStore

SENTENCE = (
    "Officers at the border post sealed the consignment but the seal numbers were not "
    "written on the hand-over form, so the court could not follow the exhibit"
)


def synthetic_programme() -> Programme:
    areas = tuple(Area(f"a{i}", Text(f"Area {i}: seizure and evidence")) for i in range(10))
    questions = tuple(
        Question(
            f"Q-{i:02d}",
            f"a{i % 10}",
            Text(f"Question {i}: is every seizure recorded with time, place and witnesses?"),
            TextList(tuple(f"Weakness {i}.{w}: {SENTENCE[:60]}" for w in range(3))),
            TextList(tuple(f"Solution {i}.{s}: one national form" for s in range(2))),
        )
        for i in range(50)
    )
    bank = DiagnosticBank("bench", Text("Benchmark bank"), areas, questions)
    slides = tuple(Slide(f"# Slide {i}\n\n- {SENTENCE}\n- {SENTENCE}", "notes") for i in range(10))
    days = []
    for d in range(1, 6):
        sessions = []
        for s in range(6):
            diagnostic = s in (2, 5)
            sessions.append(
                Session(
                    f"d{d}-s{s + 1}",
                    Text(f"Day {d} session {s + 1}"),
                    Kind.DIAGNOSTIC if diagnostic else Kind.CONTENT,
                    75,
                    ("Trainer A", "Trainer B"),
                    TextList(("Know the rules of evidence",)),
                    None if diagnostic else Module(f"bench/{d}-{s}.md", slides),
                    bank if diagnostic else None,
                    tuple(q.id for q in questions) if diagnostic else (),
                )
            )
        days.append(
            Day(d, Text(f"Day {d}"), clock_time(8, 30), clock_time(17, 30), tuple(sessions))
        )
    return Programme("bench", "bench", Text("Benchmark programme"), "en", tuple(days))


def make_workshop(folder: Path, programme: Programme) -> Path:
    roster = tuple(
        Participant(
            f"Participant {i}", ("Togo", "Benin", "Ghana")[i % 3], ("Customs", "Police")[i % 2]
        )
        for i in range(30)
    )
    workshop = Workshop(
        "bench", "Benchmark workshop", "bench", "2026-12-07", "Africa/Lome", "Lomé",
        ("Trainer A", "Trainer B"), roster,
    )  # fmt: skip
    store = WorkshopStore.create(folder / "bench.json", workshop)
    plan = planned(programme, __import__("datetime").date(2026, 12, 7), "Africa/Lome")
    by = {"role": "clerk", "name": "Clerk"}
    events, notes, actions, answers, marks = [], [], [], [], []
    slots = plan.slots()
    for slot in slots:
        sid, start = slot.session.id, slot.planned_start + 120
        events.append({"kind": "start", "at": start, "session": sid})
        for i in range(1, 10 if slot.session.module else 1):
            events.append({"kind": "slide", "at": start + 300 * i, "session": sid, "index": i})
        events.append({"kind": "pause", "at": start + 1800})
        events.append({"kind": "resume", "at": start + 1900})
        events.append({"kind": "end", "at": start + 75 * 60 + 300})
        for p in roster:
            marks.append({"session": sid, "participant": p.name, "present": hash(p.name) % 7 != 0})
        if slot.session.question_ids:
            for q in slot.session.question_ids:
                answers.append(
                    {"session": sid, "question": q, "respondent": "room",
                     "answer": ("yes", "partly", "no")[len(answers) % 3],
                     "maturity": len(answers) % 5, "notes": SENTENCE[: 40 + len(answers) % 80],
                     "weaknesses": [len(answers) % 3], "solutions": [0]}
                )  # fmt: skip
    for i in range(2000):
        slot = slots[i % len(slots)]
        notes.append(
            {"session": slot.session.id, "kind": "decision" if i % 10 == 0 else "note",
             "text": f"{SENTENCE} | case {i}\nsecond line with `code` and <b>tags</b>"}
        )  # fmt: skip
    for i in range(300):
        slot = slots[i % len(slots)]
        actions.append(
            {"session": slot.session.id, "text": f"Action {i}: {SENTENCE[:70]}",
             "owner": f"Officer {i % 17}", "due": f"2027-{1 + i % 12:02d}-15", "status": "open"}
        )  # fmt: skip
    base = slots[0].planned_start
    for rows in (events, notes, actions, answers, marks):
        for i, row in enumerate(rows):
            row.setdefault("at", base + i)
            row["uid"] = f"{id(rows)}-{i}"
            row["by"] = by
    with store.transaction() as db:
        for table, rows in (
            ("events", events),
            ("notes", notes),
            ("actions", actions),
            ("answers", answers),
            ("attendance", marks),
        ):
            db.table(table).insert_multiple(rows)
    return store.path


def timed(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        fn()
        times.append((time.perf_counter() - begin) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    programme = synthetic_programme()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = make_workshop(folder, programme)
        snapshot = WorkshopStore(path).read()
        print(
            f"workshop: {len(programme.sessions())} sessions, {len(snapshot.answers)} answers, "
            f"{len(snapshot.notes)} notes, {len(snapshot.actions)} actions, "
            f"{len(snapshot.attendance)} attendance marks; file {path.stat().st_size / 1e6:.1f} MB"
        )

        counter = iter(range(10**6))

        def fresh() -> None:
            target = folder / f"fresh-{next(counter)}"
            export_minutes(WorkshopStore(path).read(), programme, target)

        def again() -> None:
            export_minutes(WorkshopStore(path).read(), programme, folder / "again")

        def render() -> None:
            m = Minutes(snapshot, programme)
            for slot in m.held():
                session.render(m, slot)
            report.render(m)

        again()
        size = sum(p.stat().st_size for p in (folder / "again").iterdir())
        files = len(list((folder / "again").iterdir()))
        results = {
            "export into an empty folder": timed(fresh, args.runs),
            "export again, unchanged": timed(again, args.runs),
            "render only (baseline)": timed(render, args.runs),
        }
        print(f"export: {files} files, {size / 1e6:.2f} MB; median of {args.runs} runs")
        base = statistics.median(results["render only (baseline)"])
        for name, values in results.items():
            med = statistics.median(values)
            print(
                f"  {name:30s} median {med:7.1f} ms  max {max(values):7.1f} ms  {med / base:4.2f}x"
            )


if __name__ == "__main__":
    main()
