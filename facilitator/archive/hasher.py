"""The process that hashes a fresh archive's files ahead of the collect that stores them
(see :class:`facilitator.archive.ingest.HashAhead`): it reads a folder's paths, one JSON
list a line, and answers each line with one list: ``[sha256, size]`` for each file, or
``[null, reason]`` for one that cannot be read (as collect reads files)."""

from __future__ import annotations

import hashlib
import json
import sys

from facilitator.minutes.collect import read_bytes
from facilitator.minutes.mdsafe import NotMinutes


def answer(paths: list[str]) -> list[list[object]]:
    """Each file's SHA-256 and size, or ``None`` and why it was not read."""
    answers: list[list[object]] = []
    for path in paths:
        try:
            raw = read_bytes(path)
        except NotMinutes as exc:
            answers.append([None, str(exc)])
        else:
            answers.append([hashlib.sha256(raw).hexdigest(), len(raw)])
    return answers


def main() -> None:
    for line in sys.stdin:
        sys.stdout.write(json.dumps(answer(json.loads(line))) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
