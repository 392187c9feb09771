"""Git as the way minutes travel: a bundle committed into a local repository, and the
files of a revision read back, with the git command line.

The git program is used rather than a library: trainers and coordinators already
have it, it is what they pull and push with, and a Python library (GitPython) only
calls it in turn. Nothing here pushes or pulls: people do that with plain git.
"""

from __future__ import annotations

import getpass
import os
import socket
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType

from facilitator.minutes.collect import MANIFEST, Found, Refused, check_size
from facilitator.minutes.mdsafe import NotMinutes
from facilitator.store.errors import StoreError
from facilitator.store.files import make_folder

_ENV = {"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}


def _git(
    folder: Path, *args: str, check: bool = True, data: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run git in ``folder``; a failure is one line naming the folder."""
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            input=data,
            capture_output=True,
            env={**os.environ, **_ENV},
            check=False,
        )
    except FileNotFoundError:
        raise StoreError("git is not installed (it carries the bundles)") from None
    if check and done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        after = zip(args, ("", *args[:-1]), strict=True)  # each argument, the one before it
        command = next(a for a, before in after if before != "-c" != a)
        raise StoreError(f"{folder}: git {command} failed ({detail[-1] if detail else '?'})")
    return done


def ensure_repository(repo: Path) -> Path:
    """``repo`` as a git repository of its own, created (``git init``) unless it is the top
    of one. A folder inside another repository (a home folder kept in git, say) gets its
    own: the minutes never go into the commits, nor the pushes, of that one."""
    make_folder(repo)
    inside = _git(repo, "rev-parse", "--show-toplevel", check=False)
    top = os.fsdecode(inside.stdout.strip()) if inside.returncode == 0 else None
    if top is None or not os.path.samefile(top, repo):
        _git(repo, "init", "-q")
    return repo


def _identity(repo: Path) -> list[str]:
    """``-c user.name=... -c user.email=...`` when git has no identity configured here."""
    if _git(repo, "config", "user.email", check=False).stdout.strip():
        return []
    try:
        user = os.getlogin()
    except OSError:  # no controlling terminal: USER, LOGNAME, else the account's name
        try:
            user = getpass.getuser()
        except (OSError, KeyError):  # a user id with no account (some containers)
            user = "facilitator"
    return ["-c", f"user.name={user}", "-c", f"user.email={user}@{socket.gethostname()}"]


def commit(repo: Path, folder: str, message: str) -> str | None:
    """Commit ``folder`` (a path inside ``repo``) as it is on disk, and only it; returns
    the new commit's id, or None when nothing changed since the last commit."""
    _git(repo, "add", "-A", "--", folder)
    if _git(repo, "diff", "--cached", "--quiet", "--", folder, check=False).returncode == 0:
        return None
    _git(repo, *_identity(repo), "commit", "-q", "-m", message, "--", folder)
    return _git(repo, "rev-parse", "HEAD").stdout.decode().strip()


def tree(folders: Sequence[Path], rev: str) -> Iterator[Found | Refused]:
    """Every file of revision ``rev`` under each of ``folders`` (each inside a git working
    tree), as :func:`facilitator.minutes.collect.walk` gives a working tree's: a
    folder's manifest first, its stamp the blob id."""
    for folder in folders:
        if not folder.is_dir():
            raise StoreError(f"{folder}: not a folder of a git repository")
        if _git(folder, "rev-parse", "--git-dir", check=False).returncode != 0:
            raise StoreError(f"{folder}: not in a git repository (--rev reads one)")
        if _git(folder, "rev-parse", "--verify", "-q", f"{rev}^{{commit}}", check=False).returncode:
            raise StoreError(f"{folder}: no revision {rev!r} in its git repository")
        listing = _git(folder, "ls-tree", "-r", "-l", "-z", rev).stdout
        entries = []
        for line in listing.split(b"\0"):
            if not line:
                continue
            meta, _, name = line.partition(b"\t")
            mode, kind, oid, size = meta.split()
            rel = name.decode("utf-8", "surrogateescape")
            entries.append((os.path.dirname(rel), os.path.basename(rel), mode, kind, oid, size))
        entries.sort(key=lambda e: (e[0], e[1] != MANIFEST, e[1]))
        for parent, name, mode, kind, oid, size in entries:
            path = folder / parent / name
            if any(part.startswith(".") for part in Path(parent, name).parts):
                continue
            if kind != b"blob":
                yield Refused(path, "a submodule; not read")
            elif mode == b"120000":
                yield Refused(path, "a symbolic link; not followed")
            else:
                yield Found(str(path), int(size), f"git:{oid.decode()}")


class Blobs:
    """Reads blobs by id through one ``git cat-file --batch`` process."""

    def __init__(self, folders: Sequence[Path]) -> None:
        self._folders = list(folders)
        self._procs: dict[Path, subprocess.Popen[bytes]] = {}

    def __enter__(self) -> Blobs:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for proc in self._procs.values():
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait()

    def _proc(self, path: Path) -> subprocess.Popen[bytes]:
        folder = next(f for f in self._folders if path.is_relative_to(f))
        if folder not in self._procs:
            self._procs[folder] = subprocess.Popen(
                ["git", "-C", str(folder), "cat-file", "--batch"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env={**os.environ, **_ENV},
            )
        return self._procs[folder]

    def read(self, found: Found) -> bytes:
        """The bytes of a file :func:`tree` found; raises :class:`NotMinutes` if too large."""
        check_size(found.size)
        proc = self._proc(Path(found.path))
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(found.stamp.removeprefix("git:").encode() + b"\n")
        proc.stdin.flush()
        header = proc.stdout.readline().split()
        if len(header) != 3:
            raise NotMinutes("not found in the repository")
        data = proc.stdout.read(int(header[2]))
        proc.stdout.read(1)  # the newline after the contents
        return data
