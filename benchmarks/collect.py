"""Collect at scale: N synthetic five-day workshops into the SQLite archive, against the
collect of an earlier revision (all in memory, one Markdown report) in the same run.

    python benchmarks/collect.py [--sizes 100,1000] [--baseline a8e3811] [--no-baseline]
        [--tree DIR]

One five-day workshop (benchmarks/export.py: 30 sessions, 500 answers, 2,000 notes,
300 actions) is bundled, then copied N times as N workshops (distinct ids, three
countries), each with its own manifest. For each N, every measure runs in a process
of its own, so its peak memory is its own: the high-water mark of the child's own
address space (``VmHWM`` in ``/proc/self/status``; elsewhere ``ru_maxrss`` from
``wait4``, which on Linux also counts the memory of this script at the fork, kept
across ``exec``: tens of MB once the tree of 1,000 workshops is built; the process a
fresh archive hashes its files in, about 20 MB, is its own and not counted). CPU
times are the child's with its own children's (the hasher's too):

- baseline: the earlier revision's ``collect`` and report (extracted with
  ``git archive``), reading the same folders;
- fresh archive: walking, reading, checking and storing every file into a new
  archive, then writing the report, its CSV files and charts;
- add one: one more workshop's bundle into that archive, and the report again;
- nothing new: the same folders again (every file unchanged).

``--tree DIR`` keeps the synthetic workshops in DIR and reuses them in the next run
(building 1,000 takes longer than collecting them).

Printed: wall time of each (and, for the archive, the time inside: ingest and
report), peak memory, and the report's size; then each figure the issue sets a target
for, with the target beside it (the fresh archive's target is 10 s per 1,000 workshops).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OWN_PEAK = """
def own_peak():
    try:  # the high-water mark of this process's own memory (Linux)
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def run_wait():
    try:  # time spent runnable but waiting for a CPU (Linux schedstat), in seconds
        with open("/proc/self/schedstat") as stat:
            return int(stat.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return None
"""
CHILD_NEW = (
    OWN_PEAK
    + """
import json, sys, time
from datetime import date
from pathlib import Path
from facilitator.archive import ingest, outputs
from facilitator.archive.db import open_archive
folders, db_path, out = [Path(sys.argv[1])], Path(sys.argv[2]), Path(sys.argv[3])
begin, cpu0 = time.perf_counter(), time.process_time()
db = open_archive(db_path)
run = ingest.collect(db, folders)
middle, cpu1 = time.perf_counter(), time.process_time()
written = outputs.write(db, out, date(2027, 6, 30), folders[0])
end, cpu2 = time.perf_counter(), time.process_time()
print(json.dumps({"ingest": middle - begin, "report": end - middle, "read": run.read,
    "hwm": own_peak(), "queued": run_wait(),
    "ingest_cpu": cpu1 - cpu0, "report_cpu": cpu2 - cpu1,
    "unchanged": run.unchanged, "skipped": run.skipped,
    "size": out.stat().st_size, "beside": sum(p.stat().st_size for p in written[1:])}))
"""
)
CHILD_BASE = (
    OWN_PEAK
    + """
import json, sys, time
from datetime import date
from pathlib import Path
from facilitator.minutes import collect, coordinators
begin = time.perf_counter()
found = collect.collect([Path(sys.argv[1])])
text = coordinators.render(found, Path(sys.argv[1]), date(2027, 6, 30))
Path(sys.argv[3]).write_text(text)
print(json.dumps({"size": len(text.encode()), "inside": time.perf_counter() - begin,
    "hwm": own_peak(),
    "workshops": len(found.workshops)}))
"""
)


def build_one(folder: Path) -> Path:
    """The bundle of one synthetic five-day workshop."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from export import make_workshop, synthetic_programme

    from facilitator.archive import bundle
    from facilitator.course.catalog import Catalog
    from facilitator.store.db import WorkshopStore

    programme = synthetic_programme()
    store = WorkshopStore(make_workshop(folder, programme)).read()
    target = folder / "one"
    bundle.write(store, programme, Catalog(folder, {}, {}, {}), target)
    return target


def learned(n: int) -> tuple[str, str]:
    """Workshop ``n``'s pre-test, post-test and evaluation figures, as its report's front
    matter (TOML) and its results.json (JSON) say them: gains from -0.05 to 0.84."""
    pre = 30.0 + (n * 7) % 40
    g = ((n * 37) % 90) / 100 - 0.05
    post = round(pre + (100 - pre) * g, 1)
    gain = round((post - pre) / (100 - pre), 4)
    means = {"E-01": 3 + (n % 20) / 10, "E-02": 2.5 + (n % 25) / 10}
    toml = (
        f"\n[learning]\npairs = 24\nsat = 26\nmean_pre = {pre}\nmean_post = {post}\n"
        f"gain = {gain}\nmean_gain = {gain}\n\n[evaluation]\nforms = 25\n\n"
        "[evaluation.criteria]\n" + "".join(f"{k} = {v}\n" for k, v in means.items())
    )
    figures = {"pairs": 24, "sat": 26, "mean_pre": pre, "mean_post": post}
    figures |= {"gain": gain, "mean_gain": gain}
    rated = {"forms": 25, "criteria": means}
    said = f'"learning": {json.dumps(figures)}, "evaluation": {json.dumps(rated)}, '
    return toml, said


def copy_as(source: Path, target: Path, n: int) -> None:
    """``source``'s bundle as workshop number ``n`` (with its own name, country and
    learning figures), with its own manifest."""
    import tomllib

    from facilitator.archive import manifest

    target.mkdir(parents=True)
    hashes = {}
    for f in sorted(source.iterdir()):
        if f.name == "manifest.toml":
            continue
        country = ("Togo", "Benin", "Ghana")[n % 3]
        data = f.read_bytes()
        front_toml, front_json = learned(n)
        for old, new in (
            ("restricted = 0\n+++", f"restricted = 0\n{front_toml}+++"),  # the report's
            (
                '"front": {\n        "format": "facilitator-minutes/2",\n        "kind": "report",',
                '"front": {' + front_json + '"format": "facilitator-minutes/2", "kind": "report",',
            ),
            ('"Benchmark workshop"', f'"Benchmark workshop {n:04d}"'),
            ('workshop = "bench"', f'workshop = "bench-{n:04d}"'),
            ('"workshop": "bench"', f'"workshop": "bench-{n:04d}"'),
            ('country = "International"', f'country = "{country}"'),
            ('"country": "International"', f'"country": "{country}"'),
            ("| International |", f"| {country} |"),  # the room's answers, in tables
            ('"Country": "International"', f'"Country": "{country}"'),
        ):
            data = data.replace(old.encode(), new.encode())
        (target / f.name).write_bytes(data)
        hashes[f.name] = manifest.sha256(data)
    about = tomllib.loads((source / "manifest.toml").read_text())
    about = {k: v for k, v in about.items() if k not in ("format", "tool", "version", "files")}
    about["workshop"] = f"bench-{n:04d}"
    course = about.pop("course", {})
    (target / "manifest.toml").write_text(manifest.render(about, course, hashes))


def measure(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict:
    """Run a child in ``cwd`` (first on its path: the code it runs); its wall time, peak
    memory (MB) and what it printed (JSON)."""
    begin = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, env=env, cwd=cwd)
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - begin
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args)}")
    cpu = usage.ru_utime + usage.ru_stime
    said = json.loads(output)
    peak = said.pop("hwm", None) or usage.ru_maxrss / 1024
    return {"wall": wall, "cpu": cpu, "rss": peak, "blocked": usage.ru_nvcsw, **said}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument(
        "--baseline",
        default="a8e3811",
        help="revision of the earlier collect (or a folder holding its facilitator/)",
    )
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument(
        "--tree",
        type=Path,
        default=None,
        help="keep the synthetic workshops in this folder, and reuse those already there",
    )
    parser.add_argument(
        "--build-only", action="store_true", help="build the workshops (for --tree), time nothing"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-collect-") as tmp:
        work = Path(tmp)
        kept = args.tree.resolve() if args.tree is not None else work
        kept.mkdir(parents=True, exist_ok=True)
        one = kept / "one"
        if not (one / "manifest.toml").exists():
            one = build_one(kept)
        if not args.no_baseline:
            base = work / "baseline"
            base.mkdir()
            if Path(args.baseline, "facilitator").is_dir():  # a copy of it, already out
                base = Path(args.baseline).resolve()
            else:
                archive = subprocess.run(
                    ["git", "archive", args.baseline, "facilitator"],
                    cwd=ROOT, capture_output=True, check=True,
                ).stdout  # fmt: skip
                subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
        files = len(list(one.iterdir()))
        size = sum(f.stat().st_size for f in one.iterdir()) / 1e6
        print(f"one workshop: {files} files, {size:.2f} MB (minutes, data, manifest)")
        earlier: Path | None = None
        results = {}
        for n in sizes:
            tree = kept / f"tree-{n}"  # a tree per size: the workshops of a smaller one linked
            for i in range(n):
                copy = tree / f"w{i:04d}"
                if (copy / "manifest.toml").exists():  # kept from an earlier run
                    continue
                shutil.rmtree(copy, ignore_errors=True)  # half made: made again
                if earlier is not None and (earlier / copy.name / "manifest.toml").exists():
                    shutil.copytree(earlier / copy.name, copy, copy_function=os.link)
                else:
                    copy_as(one, copy, i)
            earlier = tree
            if args.build_only:
                continue
            total = sum(f.stat().st_size for i in range(n) for f in (tree / f"w{i:04d}").iterdir())
            db, out = work / f"archive-{n}.sqlite", work / f"report-{n}" / "report.md"
            py = sys.executable
            row = {"files": n * files, "mb": total / 1e6}
            if not args.no_baseline:
                baseline_out = str(work / f"baseline-{n}.md")
                row["baseline"] = measure([py, "-c", CHILD_BASE, str(tree), "", baseline_out], base)
            row["fresh"] = measure([py, "-c", CHILD_NEW, str(tree), str(db), str(out)], ROOT)
            shutil.rmtree(tree / f"w{n:04d}x", ignore_errors=True)  # left by a run stopped
            copy_as(one, tree / f"w{n:04d}x", n + 10_000)
            row["add one"] = measure([py, "-c", CHILD_NEW, str(tree), str(db), str(out)], ROOT)
            row["nothing new"] = measure([py, "-c", CHILD_NEW, str(tree), str(db), str(out)], ROOT)
            shutil.rmtree(tree / f"w{n:04d}x")
            wal = db.with_name(db.name + "-wal")
            row["db"] = (db.stat().st_size + (wal.stat().st_size if wal.exists() else 0)) / 1e6
            results[n] = row
            db.unlink()
            print(
                f"\n{n:,} workshops: {row['files']:,} files, {row['mb']:.0f} MB; "
                f"archive {row['db']:.0f} MB"
            )
            if "baseline" in row:
                b = row["baseline"]
                print(
                    f"  {'baseline collect ' + args.baseline:20s} {b['wall']:6.2f} s "
                    f"(cpu {b['cpu']:6.2f} s)  peak {b['rss']:5.0f} MB  "
                    f"report {b['size'] / 1e6:6.2f} MB"
                )
            for name in ("fresh", "add one", "nothing new"):
                r = row[name]
                ratio = f"{r['wall'] / row['baseline']['wall']:5.2f}x" if "baseline" in row else ""
                print(
                    f"  {name:20s} {r['wall']:6.2f} s (cpu {r['cpu']:6.2f} s, waiting for a "
                    f"cpu {r['queued'] or 0:5.2f} s, {r['blocked']:,} blocking waits)  "
                    f"peak {r['rss']:5.0f} MB  report {r['size'] / 1e6:6.2f} MB "
                    f"(+{r['beside'] / 1e6:.1f} MB beside)  {ratio}\n"
                    f"  {'':20s} inside: ingest {r['ingest']:5.2f} s "
                    f"(cpu {r['ingest_cpu']:5.2f} s), "
                    f"report {r['report']:5.2f} s (cpu {r['report_cpu']:5.2f} s); "
                    f"{r['read']:,} files read, {r['unchanged']:,} unchanged"
                )
        if args.build_only:
            return
        print("\ntargets (issue 20), on a quiet machine:")
        for n, row in results.items():
            fresh, one = row["fresh"], row["add one"]
            print(
                f"  {n:>5,} workshops: fresh archive {fresh['wall']:6.2f} s "
                f"(cpu {fresh['cpu']:5.2f} s; target <= {10 * n / 1000:g} s)  "
                f"add one {one['wall']:5.2f} s (cpu {one['cpu']:5.2f} s; ingest "
                f"{one['ingest']:4.2f} s, report {one['report']:4.2f} s; target <= 0.5 s)  "
                f"peak {fresh['rss']:4.0f} MB (target <= 200 MB)  "
                f"report {fresh['size'] / 1e3:5.1f} kB + {fresh['beside'] / 1e6:4.1f} MB beside"
            )
        if len(sizes) > 1:
            low, high = results[sizes[0]]["fresh"]["rss"], results[sizes[-1]]["fresh"]["rss"]
            print(
                f"  peak memory, fresh archive: {high:.0f} MB at {sizes[-1]:,} against "
                f"{low:.0f} MB at {sizes[0]:,} ({(high / low - 1) * 100:+.1f}%; target <= +10%)"
            )


if __name__ == "__main__":
    main()
