"""Modules: the slides of a session, from Markdown, with their speaker notes."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitator.clean import clean_text
from facilitator.course.model import Slide
from facilitator.course.reading import TOML_POS, Problem, relative
from facilitator.course.tomlpos import key_lines, line_of

PAUSE = "<!-- pause -->"
"""A line of its own in a slide: what follows shows at the next press of the slide key."""
NOTES_OPEN = "::: notes"
NOTES_CLOSE = ":::"
NOT_MODULES = ("materials",)
"""Folders under ``content/`` (and ``content/<lang>/``) that hold documents, not slides."""
FRONT_FENCE = "+++"
_MODULE_KEYS = {"minutes"}


@dataclass(frozen=True, slots=True)
class ModuleFront:
    """What a module's ``+++`` TOML front matter says about it."""

    planned: tuple[tuple[str, tuple[int, ...]], ...] = ()
    body_line: int = 1


def module_front(text: str, name: str, problems: list[Problem]) -> ModuleFront:
    """Read the optional front matter at the top of a module.

    ``minutes = 90`` says the module is written for 90 minutes in any
    programme; ``[minutes]`` with ``copes-3day = 45`` lines says it per programme.
    """
    lines = text.splitlines()
    if not lines or lines[0].strip() != FRONT_FENCE:
        return ModuleFront()
    try:
        close = next(i for i in range(1, len(lines)) if lines[i].strip() == FRONT_FENCE)
    except StopIteration:
        problems.append(Problem(name, 1, "the +++ front matter is never closed by a +++ line"))
        return ModuleFront(body_line=len(lines) + 1)
    raw = "\n".join(lines[1:close])
    positions = key_lines(raw)
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        match = TOML_POS.search(str(exc))
        line = int(match.group(1)) + 1 if match else 1
        problems.append(Problem(name, line, f"front matter is not valid TOML: {exc}"))
        return ModuleFront(body_line=close + 2)

    def line(*path: str) -> int:
        return line_of(positions, path) + 1

    for key in data:
        if key not in _MODULE_KEYS:
            known = ", ".join(sorted(_MODULE_KEYS))
            problems.append(Problem(name, line(key), f"unknown key {key!r} (known keys: {known})"))
    planned: list[tuple[str, tuple[int, ...]]] = []

    def minutes_of(value: Any) -> tuple[int, ...] | None:
        values = value if isinstance(value, list) else [value]
        if values and all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in values):
            return tuple(values)
        return None

    minutes = data.get("minutes")
    if isinstance(minutes, dict):
        for pid, value in minutes.items():
            if (found := minutes_of(value)) is not None:
                planned.append((pid, found))
            else:
                problems.append(
                    Problem(
                        name,
                        line("minutes", pid),
                        f"minutes.{pid} must be a whole number above zero, or a list of them "
                        "(one per session of that programme using the module)",
                    )
                )
    elif minutes is not None:
        if (found := minutes_of(minutes)) is not None:
            planned.append(("", found))
        else:
            problems.append(
                Problem(
                    name,
                    line("minutes"),
                    "minutes must be a whole number above zero, or a table of programme = minutes",
                )
            )
    return ModuleFront(tuple(planned), close + 2)


def parse_module(text: str, name: str, problems: list[Problem]) -> tuple[Slide, ...]:
    """Split Markdown into slides at ``---`` lines; pull out ``::: notes`` blocks; a
    ``<!-- pause -->`` line splits a slide into steps.

    Front matter (see :func:`module_front`) is not part of any slide.
    """
    slides: list[Slide] = []
    body: list[str] = []
    notes: list[str] = []
    pauses: list[list[str]] = []  # the slide's parts before each pause line
    skip = module_front(text, name, []).body_line - 1
    start = skip + 1
    in_notes_since: int | None = None
    fence: str | None = None

    def close(line_number: int) -> None:
        nonlocal body, notes, pauses, in_notes_since
        if in_notes_since is not None:
            problems.append(
                Problem(
                    name, in_notes_since, "'::: notes' is not closed by ':::' before the slide ends"
                )
            )
            in_notes_since = None
        # each step is the slide's own lines up to a pause (a list stays one list)
        lines_so_far: list[str] = []
        cumulative = []
        for part in [*pauses, body]:
            lines_so_far += part
            cumulative.append("\n".join(lines_so_far).strip())
        steps = tuple(dict.fromkeys(step for step in cumulative if step))
        visible = cumulative[-1]
        if not visible:
            problems.append(Problem(name, start, f"slide {len(slides) + 1} has no visible text"))
        slides.append(
            Slide(visible, "\n".join(notes).strip(), start, steps if len(steps) > 1 else ())
        )
        body, notes, pauses = [], [], []

    lines = text.splitlines()
    for number, raw in enumerate(lines, start=1):
        if number <= skip:
            continue
        line = raw.rstrip()
        stripped = line.strip()
        if fence is None and stripped[:3] in ("```", "~~~"):
            fence = stripped[:3]
        elif fence is not None and stripped.startswith(fence):
            fence = None
        elif fence is None and line == "---":
            close(number)
            start = number + 1
            continue
        elif fence is None and stripped == NOTES_OPEN:
            if in_notes_since is not None:
                problems.append(Problem(name, number, "'::: notes' inside another notes block"))
            in_notes_since = number
            continue
        elif fence is None and stripped == NOTES_CLOSE and in_notes_since is not None:
            in_notes_since = None
            continue
        elif fence is None and stripped == PAUSE and in_notes_since is None:
            pauses.append(body)
            body = []
            continue
        (notes if in_notes_since is not None else body).append(line)
    if fence is not None:
        problems.append(Problem(name, len(lines), f"code fence {fence} is never closed"))
    close(len(lines))
    return tuple(slides)


def load_module(
    root: Path, ref: str, problems: list[Problem]
) -> tuple[tuple[Slide, ...], ModuleFront] | None:
    path = root / "content" / ref
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(relative(path, root), 1, f"cannot read: {exc}"))
        return (), ModuleFront()
    name = relative(path, root)
    text = clean_text(text)  # what a module's author wrote, with nothing a terminal acts on
    return parse_module(text, name, problems), module_front(text, name, problems)


def check_translation(
    root: Path,
    ref: str,
    lang: str,
    original: tuple[Slide, ...],
    translated: tuple[Slide, ...],
    problems: list[Problem],
) -> None:
    """A translation keeps the slides one for one: the lead's slide N is every screen's N."""
    if not original or not translated or len(original) == len(translated):
        return
    name = relative(root / "content" / lang / ref, root)
    if len(translated) > len(original):
        line = translated[len(original)].line
        problems.append(
            Problem(
                name,
                line,
                f"slide {len(original) + 1} has no match: content/{ref} "
                f"has {len(original)} slides, this translation {len(translated)}",
            )
        )
    else:
        problems.append(
            Problem(
                name,
                translated[-1].line,
                f"content/{ref} has {len(original)} slides, "
                f"this translation only {len(translated)}",
            )
        )
