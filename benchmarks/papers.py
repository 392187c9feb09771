"""Speed of the tests' papers on a five-day COPES workshop of 30 participants.

    python benchmarks/papers.py [--runs 7]

Timed, median of --runs:

- import: parse a CSV of 60 papers (pre and post, 32 items each) and merge them
  into the workshop file in one locked write, as ``facilitator scores --import`` does;
- results: scores, gains, per item, area and module (``assess.learning``);
- the report (``index.md``) with its Learning and Evaluation sections, beside the
  same report of the same workshop without papers (the baseline, same run);
- the grid's data for one redraw: 30 rows of 32 cells (``paper_values``).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from facilitator import paths
from facilitator.assess import importing
from facilitator.assess.codes import codes, order
from facilitator.assess.learning import learning
from facilitator.control.controller import open_controller
from facilitator.control.options import Options
from facilitator.course import catalog
from facilitator.course.model import Participant
from facilitator.minutes import report
from facilitator.minutes.records import Minutes
from facilitator.store import workshops
from facilitator.store.db import WorkshopStore


def median_ms(job: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    course, _ = catalog.load_for(paths.course_roots(None), "copes-5day")
    programme = course.programme("copes-5day")
    a = programme.assessment
    rng = random.Random(7)
    roster = tuple(Participant(f"Officer {n}", "Togo", "Customs") for n in range(30))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        def fresh(name: str) -> Path:
            return workshops.create(folder / name, course, "copes-5day", "Bench", date(2026, 12, 7),
                                    roster=roster, wid="bench")  # fmt: skip

        empty = fresh("empty")
        who = codes(WorkshopStore(empty).read().workshop)
        header = "code,test," + ",".join(i.id for i in a.items)
        lines = [header]
        for code in who:
            for test, right in (("pre", 0.45), ("post", 0.75)):
                picks = [i.answer if rng.random() < right else "A" for i in a.items]
                lines.append(f"{code},{test}," + ",".join(picks))
        text = "\n".join(lines) + "\n"
        count = iter(range(10_000))

        def import_papers() -> Path:
            path = fresh(f"w{next(count)}")
            rows, problems = importing.parse(text, "bench.csv", a, set(who))
            assert not problems
            store = WorkshopStore(path)
            store.merge_papers(
                [(r.test, r.code, {k: (v, 1.0) for k, v in r.values.items()}) for r in rows]
            )
            return path

        imported = import_papers()
        snapshot = WorkshopStore(imported).read()
        bare = WorkshopStore(empty).read()
        controller = open_controller(Options(path=imported), course, synchronous=True)
        fields = [i.id for i in order(a, "post")]
        figures = {
            "import 60 papers (ms)": median_ms(import_papers, runs),
            "results (ms)": median_ms(lambda: learning(snapshot, programme), runs),
            "report with papers (ms)": median_ms(
                lambda: report.render(Minutes(snapshot, programme)), runs
            ),
            "report without papers, baseline (ms)": median_ms(
                lambda: report.render(Minutes(bare, programme)), runs
            ),
            "grid data, 30 x 32 cells (ms)": median_ms(
                lambda: [controller.paper_values("post", c).get(f) for c in who for f in fields],
                runs,
            ),
        }
        controller.close()
    for name, value in figures.items():
        print(f"{name:40} {value:8.2f}")
    ratio = figures["report with papers (ms)"] / figures["report without papers, baseline (ms)"]
    print(f"{'report: with papers / without':40} {ratio:8.2f}")


if __name__ == "__main__":
    main()
