"""Handouts: a module, or a whole programme, as a document to print.

A participants' handout holds the slides, one section each, and the documents
``content/materials/handouts.toml`` lists for the module; never the speaker
notes and never a document for trainers. The trainers' edition (``notes``) adds
the speaker notes under each slide. A handout is built as parts (so that HTML
can style each: :mod:`facilitator.minutes.html`) and written out as Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from facilitator.course.catalog import Catalog
from facilitator.course.model import Module, Programme, Session
from facilitator.i18n import say
from facilitator.i18n.dates import full_date
from facilitator.live.calendar import Calendar
from facilitator.live.schedule import planned
from facilitator.minutes.mdsafe import escape_cell, escape_line

_HEADING = re.compile(r"^(#{1,6})(\s.*)?$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


class Kind(StrEnum):
    """What a part of a handout is, which is how HTML styles it."""

    HEADING = "heading"
    TEXT = "text"
    SLIDE = "slide"
    NOTES = "notes"
    DOCUMENT = "document"
    AGENDA = "agenda"
    NOTICE = "notice"


@dataclass(frozen=True, slots=True)
class Part:
    """One piece of a handout: its Markdown, and what it is."""

    kind: Kind
    markdown: str


@dataclass(frozen=True, slots=True)
class Handout:
    """A document to print: a title, its language, and its parts in order."""

    title: str
    lang: str
    parts: tuple[Part, ...]

    def markdown(self) -> str:
        """The whole handout as one Markdown document."""
        return "\n\n".join(p.markdown.strip() for p in self.parts if p.markdown.strip()) + "\n"


def _headings(markdown: str) -> Iterator[tuple[str, re.Match[str] | None]]:
    """Each line, with its heading match (None in a code fence or when not a heading)."""
    fenced = False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        yield line, None if fenced else _HEADING.match(line)


def shift_headings(markdown: str, top: int) -> str:
    """The same Markdown with its headings moved so that the highest is level ``top``
    (never below 6); lines in code fences are left alone."""
    levels = [len(m.group(1)) for _, m in _headings(markdown) if m]
    if not levels:
        return markdown
    by = top - min(levels)
    return "\n".join(
        "#" * max(1, min(6, len(m.group(1)) + by)) + (m.group(2) or "") if m else line
        for line, m in _headings(markdown)
    )


def _module_parts(catalog: Catalog, module: Module, lang: str, notes: bool, top: int) -> list[Part]:
    parts: list[Part] = []
    for slide in module.slides_in(lang):
        parts.append(Part(Kind.SLIDE, shift_headings(slide.body, top)))
        if notes and slide.notes:
            title = f"{'#' * min(6, top + 1)} {say(lang, 'handout_notes')}"
            parts.append(Part(Kind.NOTES, title + "\n\n" + shift_headings(slide.notes, top + 2)))
    names = catalog.materials.of_module(module.ref)
    if names:
        parts.append(Part(Kind.HEADING, f"{'#' * top} {say(lang, 'handout_documents')}"))
    for name in names:
        parts.append(Part(Kind.DOCUMENT, shift_headings(catalog.materials.text(name, lang), top)))
    return parts


def module_handout(catalog: Catalog, ref: str, lang: str = "en", notes: bool = False) -> Handout:
    """One module: its slides as sections (and notes for trainers), then its documents."""
    module = catalog.modules[ref]
    parts = _module_parts(catalog, module, lang, notes, 2)
    first = parts[0].markdown if parts else ""
    if first.startswith("## "):  # the first slide's title is the document's
        parts[0] = Part(Kind.SLIDE, first[1:])
    if notes:
        parts.insert(0, Part(Kind.NOTICE, f"*{say(lang, 'handout_trainers')}*"))
    title = module.slides_in(lang)[0].title if module.slides_in(lang) else ref
    return Handout(title, lang, tuple(parts))


def _session_line(session: Session, begin: str, end: str, lang: str) -> str:
    return f"| {begin}–{end} | {escape_cell(session.title.get(lang))} |"


def _agenda(
    programme: Programme, calendar: Calendar, tz: str, lang: str
) -> tuple[list[Part], dict[str, str]]:
    """One table per day with its date, in ``lang``; and when each session is."""
    schedule = planned(programme, calendar, tz)
    parts: list[Part] = []
    when: dict[str, str] = {}
    for plan in schedule.days:
        day = say(lang, "handout_day", n=plan.day.number, date=full_date(plan.date, lang))
        title_of_day = say(lang, "handout_day_title", day=day, title=plan.day.title.get(lang))
        rows = [f"## {escape_line(title_of_day)}", ""]
        header = f"| {say(lang, 'handout_time')} | {say(lang, 'handout_session')} |"
        rows += [header, "| --- | --- |"]
        for slot in plan.slots:
            begin, end = schedule.hhmm(slot.planned_start), schedule.hhmm(slot.planned_end)
            rows.append(_session_line(slot.session, begin, end, lang))
            when[slot.session.id] = f"{day}, {begin}–{end}"
        parts.append(Part(Kind.AGENDA, "\n".join(rows)))
    return parts, when


def agenda_handout(programme: Programme, calendar: Calendar, tz: str, lang: str = "en") -> Handout:
    """The agenda of a programme on its real dates, in ``lang``, to print."""
    title = programme.title.get(lang)
    parts = [
        Part(Kind.HEADING, f"# {escape_line(title)}"),
        *_agenda(programme, calendar, tz, lang)[0],
    ]
    return Handout(title, lang, tuple(parts))


def programme_handout(
    catalog: Catalog,
    programme: Programme,
    calendar: Calendar,
    tz: str,
    lang: str = "en",
    notes: bool = False,
) -> Handout:
    """A whole programme: the agenda with its dates, then each session that has slides
    (title, time, objectives, slides, documents), then the documents of every programme."""
    title = programme.title.get(lang)
    parts = [Part(Kind.HEADING, f"# {escape_line(title)}")]
    if notes:
        parts.append(Part(Kind.NOTICE, f"*{say(lang, 'handout_trainers')}*"))
    agenda, when = _agenda(programme, calendar, tz, lang)
    parts += agenda
    for session in programme.sessions():
        if session.module is None:
            continue
        heading = f"# {escape_line(session.title.get(lang))}"
        lines = [f"*{escape_line(when[session.id])}*"]
        objectives = session.objectives.get(lang)
        if objectives:
            lines += ["", f"**{say(lang, 'handout_objectives')}**", ""]
            lines += [f"- {escape_line(o)}" for o in objectives]
        parts += [Part(Kind.HEADING, heading), Part(Kind.TEXT, "\n".join(lines))]
        parts += _module_parts(catalog, session.module, lang, notes, 2)
    for name in catalog.materials.every_programme:
        parts.append(Part(Kind.DOCUMENT, shift_headings(catalog.materials.text(name, lang), 1)))
    return Handout(title, lang, tuple(parts))


def document_handout(catalog: Catalog, name: str, lang: str = "en") -> Handout:
    """One document of ``content/materials/`` on its own, as a trainer prints it."""
    text = catalog.materials.text(name, lang)
    first = next((ln.lstrip("#").strip() for ln in text.splitlines() if ln.strip()), name)
    return Handout(first, lang, (Part(Kind.DOCUMENT, shift_headings(text, 1)),))
