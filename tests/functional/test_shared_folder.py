"""Two OS users share a workshop in a group folder; nobody else can read it.

Runs as root only: children fork from this process and drop to other user
ids (which need no passwd entry) before touching the files.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator.course.model import Workshop
from facilitator.live.events import Event
from facilitator.store.db import Author, WorkshopStore, lock_path

GROUP = 54_321
ALICE, BOB, EVE = 54_001, 54_002, 54_003

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="switching user ids needs root")


def as_user(uid: int, groups: list[int], job: Callable[[], None]) -> int:
    """Run ``job`` in a child process as ``uid``; return its exit code."""
    pid = os.fork()
    if pid == 0:  # child
        code = 1
        try:
            os.setgroups(groups)
            os.setgid(groups[0] if groups else 65_534)
            os.setuid(uid)
            os.umask(0o022)  # a common default: the store must still keep the group able to write
            job()
            code = 0
        except PermissionError:
            code = 13
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def test_two_users_in_a_group_folder(tmp_path: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="facilitator-shared-", dir="/tmp"))
    os.chown(folder, 0, GROUP)
    os.chmod(folder, 0o2770)  # setgid: new files take the folder's group
    path = folder / "shared.json"

    def alice_creates() -> None:
        store = WorkshopStore.create(
            path, Workshop("shared", "Shared", "demo", "2026-12-07"), Author("lead", "alice")
        )
        store.append_event(Event("start", 1.0, "welcome"))

    def bob_writes() -> None:
        store = WorkshopStore(path, Author("clerk", "bob"))
        store.add_record("notes", {"session": "welcome", "kind": "note", "text": "bob was here"})
        store.append_event(Event("pause", 2.0))

    def alice_again() -> None:
        WorkshopStore(path, Author("lead", "alice")).append_event(Event("resume", 3.0))

    def eve_reads() -> None:
        WorkshopStore(path).read()

    assert as_user(ALICE, [GROUP], alice_creates) == 0
    assert as_user(BOB, [GROUP], bob_writes) == 0
    assert as_user(ALICE, [GROUP], alice_again) == 0
    assert as_user(EVE, [], eve_reads) == 13  # not in the group: permission denied

    snap = WorkshopStore(path).read()
    assert [e.kind for e in snap.events] == ["start", "pause", "resume"]
    assert snap.notes[0]["by"] == {"role": "clerk", "name": "bob"}
    for p in (path, lock_path(path), path.with_name(path.name + ".bak")):
        st = os.stat(p)
        assert stat.S_IMODE(st.st_mode) == 0o660, p
        assert st.st_gid == GROUP, p
