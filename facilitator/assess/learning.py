"""Scores, the learning gain and the evaluation results of one workshop.

Per participant: the pre and post scores (percent) and the individual
normalised gain ``(post - pre) / (100 - pre)``. For the class: the means over
the complete pairs, Hake's ``<g> = (mean post - mean pre) / (100 - mean pre)``
and the mean of the individual gains beside it. Per item, area and module: the
share correct before and after. A blank answer scores nothing. A pre-test of
100% has no gain (there is nothing left to learn): it is shown as such.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from facilitator.assess.codes import codes
from facilitator.course.model import Assessment, EvaluationForm, Programme, TestItem
from facilitator.store import scores
from facilitator.store.db import Snapshot
from facilitator.store.scores import Paper

CEILING = 80.0
"""A pre-test mean at or above this (percent) leaves little room to measure a gain."""


def gain(pre: float, post: float) -> float | None:
    """The normalised gain from ``pre`` to ``post`` (percent); None when pre is 100."""
    return None if pre >= 100 else (post - pre) / (100 - pre)


def mean(values: Iterable[float]) -> float | None:
    found = list(values)
    return sum(found) / len(found) if found else None


def papers(snapshot: Snapshot) -> dict[tuple[str, str], Paper]:
    """Every paper on file, by (test, code)."""
    found = (scores.from_record(r) for r in snapshot.scores)
    return {(p.test, p.code): p for p in found}


def sat(paper: Paper | None) -> bool:
    """Did the participant sit it: is anything written on it?"""
    return paper is not None and any(c.value for c in paper.fields.values())


def percent(items: Iterable[TestItem], paper: Paper) -> float:
    """The share of ``items`` the paper answers correctly, in percent."""
    found = list(items)
    right = sum(1 for item in found if paper.value(item.id) == item.answer)
    return 100.0 * right / len(found) if found else 0.0


@dataclass(frozen=True, slots=True)
class Person:
    code: str
    name: str
    pre: float | None
    post: float | None
    blanks: int = 0

    @property
    def gain(self) -> float | None:
        if self.pre is None or self.post is None:
            return None
        return gain(self.pre, self.post)


@dataclass(frozen=True, slots=True)
class Share:
    """How a group of items (one item, an area, a module) went before and after."""

    key: str
    label: str
    items: int
    pre: float | None
    post: float | None

    @property
    def gain(self) -> float | None:
        if self.pre is None or self.post is None:
            return None
        return gain(self.pre, self.post)

    @property
    def not_learned(self) -> bool:
        """Most still wrong after, or no better after than before (unless all were right)."""
        if self.post is None:
            return False
        return self.post < 50 or (self.pre is not None and self.post <= self.pre < 100)


@dataclass(frozen=True, slots=True)
class Learning:
    """The learning results of a workshop (see the module's docstring)."""

    people: tuple[Person, ...]
    items: tuple[Share, ...]
    areas: tuple[Share, ...]
    modules: tuple[Share, ...]
    unknown: tuple[str, ...] = ()
    """Codes with a paper but not on the roster."""

    @property
    def pairs(self) -> tuple[Person, ...]:
        return tuple(p for p in self.people if p.pre is not None and p.post is not None)

    @property
    def mean_pre(self) -> float | None:
        return mean(p.pre for p in self.pairs if p.pre is not None)

    @property
    def mean_post(self) -> float | None:
        return mean(p.post for p in self.pairs if p.post is not None)

    @property
    def hake(self) -> float | None:
        """Hake's <g> on the class means of the complete pairs."""
        if self.mean_pre is None or self.mean_post is None:
            return None
        return gain(self.mean_pre, self.mean_post)

    @property
    def mean_gain(self) -> float | None:
        """The mean of the individual gains (pairs with a pre-test below 100%)."""
        return mean(p.gain for p in self.pairs if p.gain is not None)

    @property
    def only_one(self) -> tuple[Person, ...]:
        """Who sat one test only."""
        return tuple(p for p in self.people if (p.pre is None) != (p.post is None))

    @property
    def at_ceiling(self) -> bool:
        return self.mean_pre is not None and self.mean_pre >= CEILING


def _share(
    key: str, label: str, items: list[TestItem], pre: list[Paper], post: list[Paper]
) -> Share:
    def of(found: list[Paper]) -> float | None:
        return mean(percent(items, p) for p in found) if found else None

    return Share(key, label, len(items), of(pre), of(post))


def learning(snapshot: Snapshot, programme: Programme, lang: str = "en") -> Learning | None:
    """The learning results, or None when the programme has no test."""
    assessment = programme.assessment
    if assessment is None:
        return None
    on_file = papers(snapshot)
    roster = codes(snapshot.workshop)
    items = assessment.items

    def paper(test: str, code: str) -> Paper | None:
        found = on_file.get((test, code))
        return found if sat(found) else None

    people = []
    for code, participant in roster.items():
        pre, post = paper("pre", code), paper("post", code)
        if pre is None and post is None:
            continue
        blanks = sum(1 for p in (pre, post) if p for i in items if not p.value(i.id))
        people.append(
            Person(
                code,
                participant.name,
                percent(items, pre) if pre else None,
                percent(items, post) if post else None,
                blanks,
            )
        )
    bank = _bank_of(programme, lang)
    unknown = sorted(
        {code for (test, code), p in on_file.items() if test != "evaluation" and sat(p)}
        - set(roster)
    )

    def shares(key: str, labels: dict[str, str]) -> tuple[Share, ...]:
        keys = dict.fromkeys(getattr(i, key) for i in items)
        return tuple(
            _share(k, labels.get(k, k), [i for i in items if getattr(i, key) == k], pres, posts)
            for k in keys
        )

    pres = [p for p in (paper("pre", c) for c in roster) if p]
    posts = [p for p in (paper("post", c) for c in roster) if p]
    return Learning(
        tuple(people),
        shares("id", {i.id: i.text.get(lang) for i in items}),
        shares("area", bank),
        shares("module", _module_titles(programme)),
        tuple(unknown),
    )


def _bank_of(programme: Programme, lang: str) -> dict[str, str]:
    """The titles of the areas of the programme's own diagnostic bank."""
    for session in programme.sessions():
        if session.bank is not None and session.bank.id == programme.family:
            return {a.id: a.title.get(lang) for a in session.bank.areas}
    return {}


def _module_titles(programme: Programme) -> dict[str, str]:
    return {s.module.ref: s.module.title for s in programme.sessions() if s.module is not None}


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    text: str
    counts: tuple[int, ...]
    """How many gave each point of the scale, 1 first."""

    @property
    def answers(self) -> int:
        return sum(self.counts)

    @property
    def mean(self) -> float | None:
        total = sum((n + 1) * c for n, c in enumerate(self.counts))
        return total / self.answers if self.answers else None


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The course evaluation: per criterion the spread of ratings, and the comments."""

    form: EvaluationForm
    forms: int
    criteria: tuple[Criterion, ...]
    comments: tuple[tuple[str, str, tuple[str, ...]], ...]
    """(comment id, question, what was written)."""
    invalid: tuple[tuple[str, str, str], ...] = ()
    """(code, criterion, value) that is not a point of the scale."""


def evaluation(snapshot: Snapshot, assessment: Assessment, lang: str = "en") -> Evaluation | None:
    """The evaluation results, or None when there is no form."""
    form = assessment.form
    if form is None:
        return None
    found = [p for (test, _), p in sorted(papers(snapshot).items()) if test == "evaluation"]
    found = [p for p in found if sat(p)]
    points = len(form.scale.en)
    criteria, invalid = [], []
    for cid, text in form.criteria:
        counts = [0] * points
        for paper in found:
            value = paper.value(cid)
            if value.isdigit() and 1 <= int(value) <= points:
                counts[int(value) - 1] += 1
            elif value:
                invalid.append((paper.code, cid, value))
        criteria.append(Criterion(cid, text.get(lang), tuple(counts)))
    comments = tuple(
        (cid, text.get(lang), tuple(p.value(cid) for p in found if p.value(cid)))
        for cid, text in form.comments
    )
    return Evaluation(form, len(found), tuple(criteria), comments, tuple(invalid))


def score_line(items: tuple[TestItem, ...], values: dict[str, str]) -> tuple[int, int, int]:
    """(right, answered, items) of what has been typed so far on one paper."""
    right = sum(1 for i in items if values.get(i.id) == i.answer)
    answered = sum(1 for i in items if values.get(i.id))
    return right, answered, len(items)
