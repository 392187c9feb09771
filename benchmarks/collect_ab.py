"""A fresh archive of the same synthetic workshops filled by an earlier revision and by
this one, in turn, so that both meet the same load on a shared machine.

    python benchmarks/collect.py --tree DIR --build-only --sizes 1000   # once
    python benchmarks/collect_ab.py --before /work/main --tree DIR [--rounds 2]

``--before`` is a folder holding the earlier revision's ``facilitator/`` (a worktree).
Each line: the load average, wall time, CPU time (with the child's own children's),
the time spent waiting for a CPU, the wall time less that wait, and the child's peak
memory; the report files of the two are compared byte for byte at the end.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import sys
from pathlib import Path

from collect import CHILD_NEW, ROOT, measure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--tree", type=Path, required=True, help="the --tree of collect.py")
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path("/tmp"))
    args = parser.parse_args()
    tree = args.tree.resolve() / f"tree-{args.size}"
    sides = (("before", args.before.resolve()), ("after", ROOT))
    for _ in range(args.rounds):
        for name, code in sides:
            db = args.work / f"collect-ab-{name}.sqlite"
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            out = args.work / f"collect-ab-{name}" / "report.md"
            load = os.getloadavg()[0]
            r = measure([sys.executable, "-c", CHILD_NEW, str(tree), str(db), str(out)], code)
            queued = r["queued"] or 0.0
            print(
                f"{name:6s} load {load:4.1f}: wall {r['wall']:6.2f} s, cpu {r['cpu']:6.2f} s, "
                f"waiting for a cpu {queued:5.2f} s, wall less the wait "
                f"{r['wall'] - queued:6.2f} s; ingest {r['ingest']:5.2f} s (cpu "
                f"{r['ingest_cpu']:5.2f} s), report {r['report']:5.2f} s (cpu "
                f"{r['report_cpu']:5.2f} s); peak {r['rss']:.0f} MB",
                flush=True,
            )
    folders = [args.work / f"collect-ab-{name}" for name, _ in sides]
    names = sorted(p.name for p in folders[0].iterdir())
    _, differ, missing = filecmp.cmpfiles(*folders, names, shallow=False)
    print("report files: " + ("the same bytes" if not differ + missing else f"differ: {differ}"))


if __name__ == "__main__":
    main()
