"""Participant codes (``P01``, ``P02``...): on the papers instead of names, so a
person's pre-test and post-test pair up without a name on either."""

from __future__ import annotations

import random

from facilitator.course.model import Assessment, Participant, TestItem, Workshop


def codes(workshop: Workshop) -> dict[str, Participant]:
    """Each participant's code, in roster order: ``P`` and a number, as wide as the
    roster needs (``P01``...``P24``; ``P001`` from 100 people)."""
    width = max(2, len(str(len(workshop.roster))))
    return {f"P{n:0{width}d}": p for n, p in enumerate(workshop.roster, start=1)}


def code_of(workshop: Workshop, name: str) -> str:
    """The code of the participant called ``name`` (``""``: not on the roster)."""
    return next((c for c, p in codes(workshop).items() if p.name == name), "")


def order(assessment: Assessment, test: str) -> tuple[TestItem, ...]:
    """The items in the order ``test`` (pre or post) prints them: the pre-test in the
    bank's order, the post-test shuffled the same way every time (seeded by the
    test's id), never in the pre-test's order."""
    items = list(assessment.items)
    if test != "post" or len(items) < 2:
        return tuple(items)
    shuffled = items[:]
    random.Random(f"{assessment.test.id}:post").shuffle(shuffled)
    if shuffled == items:
        shuffled = shuffled[1:] + shuffled[:1]
    return tuple(shuffled)
