"""Files written so that a crash or a reader never sees half of one, with the modes a
shared folder needs."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

Stamp = tuple[int, int, int]


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def staging_folder(path: Path) -> Path:
    """Where the next version of ``path`` is written before it replaces it: a hidden folder
    beside it (the same file system), which nobody watches, so that the terminals watching
    ``path``'s folder wake for the replace alone, not for each step of writing it."""
    return path.parent / ".facilitator-staging"


def staging_for(path: Path) -> Path:
    """:func:`staging_folder` of ``path``, made if needed; ``path``'s own folder where it
    cannot be made (a folder of someone else's)."""
    try:
        return make_folder(staging_folder(path))
    except OSError:
        return path.parent


def stamp(path: Path) -> Stamp | None:
    """A cheap fingerprint of the file; changes at every write."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def file_mode(folder: Path) -> int:
    """0660 in a group-shared folder (setgid bit set), else 0600."""
    try:
        shared = bool(os.stat(folder).st_mode & stat.S_ISGID)
    except FileNotFoundError:
        shared = False
    return 0o660 if shared else 0o600


def _shared_by_group(folder: Path) -> bool:
    """True when ``folder``, or the nearest folder above it that exists, has the setgid bit."""
    for candidate in (folder, *folder.parents):
        try:
            return bool(os.stat(candidate).st_mode & stat.S_ISGID)
        except FileNotFoundError:
            continue
    return False


def make_folder(folder: Path) -> Path:
    """Create ``folder`` (and its parents) for the program's files: 0700, or 2770 inside a
    folder shared by group, whatever the umask. An existing folder is left as it is."""
    folder = Path(folder)
    if folder.is_dir():
        return folder
    mode = 0o2770 if _shared_by_group(folder) else 0o700
    missing = [folder, *(p for p in folder.parents if not p.exists())]
    for part in reversed(missing):
        try:
            part.mkdir()
        except FileExistsError:
            if not part.is_dir():
                raise
            continue
        os.chmod(part, mode)
    return folder


def open_shared(path: Path, flags: int) -> int:
    """Open (creating if needed) one of the workshop's side files: the lead lock, a take-over
    request. Its mode is the workshop's (0600, or 0660 in a group-shared folder), whatever
    the umask, so the other trainers of the group can use it."""
    mode = file_mode(path.parent)
    fd = os.open(path, flags | os.O_CREAT, mode)
    try:
        if os.fstat(fd).st_uid == os.getuid() and stat.S_IMODE(os.fstat(fd).st_mode) != mode:
            os.fchmod(fd, mode)
    except OSError:
        os.close(fd)
        raise
    return fd


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(
    path: Path,
    payload: bytes | Iterable[bytes],
    mode: int | None = None,
    durable: bool = True,
    staged: bool = False,
) -> None:
    """Write ``payload`` to ``path`` so a reader or a crash never sees half of it.

    ``payload`` may be given in parts (a large CSV, row by row): only one part is held
    at a time. ``durable=False`` skips the fsync, for files that only matter while the
    program runs (a seat's heartbeat, a message between seats). ``staged`` writes it in
    :func:`staging_folder` first, for files in a folder other terminals watch."""
    folder = path.parent
    mode = file_mode(folder) if mode is None else mode
    scratch = staging_for(path) if staged else folder
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=scratch)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(payload, bytes | bytearray):
                handle.write(payload)
            else:
                for part in payload:
                    handle.write(part)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    if durable:
        _fsync_dir(folder)
