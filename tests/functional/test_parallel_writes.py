"""Lead and clerks writing at the same moment never lose one another's writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from facilitator.course.model import Workshop
from facilitator.store import answers
from facilitator.store.db import WorkshopStore

WRITER = """
import sys
from pathlib import Path
from facilitator.store.db import Author, WorkshopStore
from facilitator.live.events import Event
path, role, name = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
store = WorkshopStore(path, Author(role, name))
for i in range(300):
    if role == "lead":
        store.append_event(Event("slide", float(i), "s1", index=i))
    elif i % 2:
        store.add_record("notes", {"session": "s1", "kind": "note", "text": f"{name} {i}"})
    else:  # both clerks answer the same questions for the same group, in different fields
        field = "notes" if name == "ben" else "evidence"
        store.merge_answer("s1", f"Q-{i}", "g", {field: (f"{name} {i}", float(i))})
"""


def test_three_processes_times_300_writes_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    WorkshopStore.create(path, Workshop("w", "W", "demo", "2026-12-07"))
    writers = [("lead", "ama"), ("clerk", "ben"), ("clerk", "chen")]
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), role, name])
        for role, name in writers
    ]
    assert [p.wait(timeout=300) for p in procs] == [0, 0, 0]
    snap = WorkshopStore(path).read()
    assert len(snap.events) == 300
    assert sorted(e.index for e in snap.events) == list(range(300))
    for name in ("ben", "chen"):
        notes = [n for n in snap.notes if n["by"]["name"] == name]
        assert len(notes) == 150
        assert {n["by"]["role"] for n in notes} == {"clerk"}
    found = [answers.from_record(a) for a in snap.answers]
    assert len(found) == 150  # one per question: the two clerks' fields merged
    for answer in found:
        i = int(answer.question.removeprefix("Q-"))
        assert (answer.value("notes"), answer.value("evidence")) == (f"ben {i}", f"chen {i}")
    assert len(snap.events) + len(snap.notes) + len(found) == 750
