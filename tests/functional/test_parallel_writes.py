"""Lead and clerks writing at the same moment never lose one another's writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from facilitator.model import Workshop
from facilitator.store import WorkshopStore

WRITER = """
import sys
from pathlib import Path
from facilitator.store import Author, WorkshopStore
from facilitator.timer import Event
path, role, name = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
store = WorkshopStore(path, Author(role, name))
for i in range(300):
    if role == "lead":
        store.append_event(Event("slide", float(i), "s1", index=i))
    elif i % 2:
        store.add_record("notes", {"session": "s1", "kind": "note", "text": f"{name} {i}"})
    else:
        store.upsert_answer("s1", f"Q-{i}", "yes", 3, f"{name} {i}", respondent=name)
"""


def test_three_processes_times_300_writes_find_all_900(tmp_path: Path) -> None:
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
        answers = [a for a in snap.answers if a["by"]["name"] == name]
        assert len(notes) == 150 and len(answers) == 150
        assert {n["by"]["role"] for n in notes} == {"clerk"}
    assert len(snap.events) + len(snap.notes) + len(snap.answers) == 900
