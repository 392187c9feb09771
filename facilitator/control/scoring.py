"""Papers typed in by the clerk: a participant's letters (or ratings) field by field,
shown at once and written like diagnostic answers (coalesced, merged by field, kept
and tried again if the disk fails, rescued on quitting).

A mixin of :class:`~facilitator.control.controller.Controller`; the typing shares the
answers' queue under keys ``(SCORES, test, code)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from facilitator.assess.codes import codes, order
from facilitator.assess.learning import papers
from facilitator.control.recording import SCORES, _Edit
from facilitator.course.model import Assessment
from facilitator.store import scores

if TYPE_CHECKING:
    from facilitator.control.controller import Controller


class Scoring:
    """The papers of a controller (see the module's docstring)."""

    @property
    def assessment(self: Controller) -> Assessment | None:
        return self.programme.assessment

    def codes(self: Controller) -> list[str]:
        return list(codes(self.workshop))

    def test_for(self: Controller, sid: str) -> str:
        """The paper a session is for: ``pre``, ``post`` or ``evaluation`` (pre otherwise)."""
        a = self.assessment
        if a is not None and sid == a.post:
            return "post"
        if a is not None and sid == a.form_session:
            return "evaluation"
        return "pre"

    def has_papers(self: Controller, test: str) -> bool:
        """Any paper of ``test`` in the file, or typed here and not saved yet."""
        if any(t == test for t, _ in self.stored_papers()):
            return True
        with self._lock:
            return any(k[0] == SCORES and k[1] == test and e for k, e in self._edits.items())

    def finished_post_test(self: Controller, was: str | None) -> bool:
        """The post-test session was running (``was``) and now is ended or left for a later
        session, with post-test papers entered: time to show the results."""
        a = self.assessment
        now = self.live.current
        if a is None or was != a.post or now == a.post:
            return False
        order = [s.id for s in self.programme.sessions()]
        later = now is None or (now in order and order.index(now) > order.index(a.post))
        return later and self.has_papers("post")

    def fields(self: Controller, test: str) -> list[str]:
        """The columns of a paper, in the order it prints them."""
        a = self.assessment
        if a is None:
            return []
        if test == "evaluation":
            return [cid for cid, _ in a.form.criteria] if a.form else []
        return [item.id for item in order(a, test)]

    def edit_score(self: Controller, test: str, code: str, field: str, value: str) -> None:
        """One field of a paper typed on this screen; written when the typing pauses."""
        self._check_record()
        key = (SCORES, test, code)
        with self._lock:
            self._edits.setdefault(key, {})[field] = _Edit(
                scores.normalise(test, value), self.clock(), next(self._versions)
            )
        self._queue_answer(key)

    def stored_papers(self: Controller) -> dict[tuple[str, str], scores.Paper]:
        """Every paper in the file, by (test, code), read once per snapshot."""
        if self._papers_of is not self.snapshot:
            self._papers = papers(self.snapshot)
            self._papers_of = self.snapshot
        return self._papers

    def paper_values(self: Controller, test: str, code: str) -> dict[str, str]:
        """The paper as this terminal shows it: the file, our unsaved typing on top."""
        stored = self.stored_papers().get((test, code))
        values = stored.values() if stored else {}
        with self._lock:
            for name, edit in self._edits.get((SCORES, test, code), {}).items():
                values[name] = edit.value
        return values
