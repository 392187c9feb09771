"""Records a terminal writes: notes, decisions, actions, attendance, groups, and the
answers of a diagnostic round (typed field by field, written when the typing pauses).

A mixin of :class:`~facilitator.control.controller.Controller`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from facilitator.clean import clean_text
from facilitator.course.model import Group
from facilitator.store import answers
from facilitator.store.answers import Answer

if TYPE_CHECKING:
    from facilitator.control.controller import Controller

AnswerKey = tuple[str, str, str]
"""(session, question, group), or (:data:`SCORES`, test, participant code) for a paper"""
SCORES = "#scores"


@dataclass(frozen=True, slots=True)
class _Edit:
    value: Any
    at: float
    version: int


class Recording:
    """The records of a controller (see the module's docstring)."""

    def _check_record(self: Controller) -> None:
        if not self.can_record:
            raise PermissionError("followers cannot record; start with --role clerk")

    def add_note(
        self: Controller, sid: str, text: str, kind: str = "note", restricted: bool = False
    ) -> bool:
        """A note or decision; ``restricted`` ones are for trainers: never in the minutes."""
        text = clean_text(text)
        if not text.strip():
            return False
        self._check_record()
        record: dict[str, Any] = {"session": sid, "kind": kind, "text": text}
        if restricted:
            record["restricted"] = True
        at = self.clock()
        self._write(kind, lambda: self.store.add_record("notes", record, at), record=record)
        return True

    def add_action(self: Controller, sid: str, text: str, owner: str, due: str) -> bool:
        text = clean_text(text)
        if not text.strip():
            return False
        self._check_record()
        record = {
            "session": sid,
            "text": text,
            "owner": clean_text(owner, single_line=True),
            "due": clean_text(due, single_line=True).strip(),
            "status": "open",
        }
        at = self.clock()
        self._write("action", lambda: self.store.add_record("actions", record, at), record=record)
        return True

    def edit_answer(self: Controller, key: AnswerKey, field: str, value: Any) -> None:
        """One field of a group's answer changed on this screen.

        Shown at once; written to the file after a short quiet period (typing
        is not one write per key), or at once by :meth:`save_answer`.
        """
        self._check_record()
        value = answers.normalise(field, value)
        with self._lock:
            self._edits.setdefault(key, {})[field] = _Edit(
                value, self.clock(), next(self._versions)
            )
        self._queue_answer(key)

    def _queue_answer(self: Controller, key: AnswerKey) -> None:
        token = uuid.uuid4().hex
        with self._lock:
            self._answer_tokens[token] = key
        if self.synchronous:
            self._run_now(token, self._answer_job(key))
        else:
            assert self.writer is not None
            self.writer.submit_later(("answer", key), token, self._answer_job(key))

    def save_answer(self: Controller, key: AnswerKey) -> None:
        """Write the answer's unsaved changes now (the user left the field or the question)."""
        if self.writer is not None:
            self.writer.due(("answer", key))

    def _answer_job(self: Controller, key: AnswerKey) -> Callable[[], None]:
        def job() -> None:
            with self._lock:
                edits = dict(self._edits.get(key, {}))
                if not edits:  # nothing left to write: nothing waits either
                    self._answers_retrying.discard(key)
            if not edits:
                return
            session, question, group = key
            changes = {n: (e.value, e.at) for n, e in edits.items()}
            if session == SCORES:
                self.store.merge_scores(question, group, changes)
            else:
                self.store.merge_answer(session, question, group, changes)
            with self._lock:
                self._landed_edits.append((key, {n: e.version for n, e in edits.items()}))
                self._answers_retrying.discard(key)
                for token in [t for t, k in self._answer_tokens.items() if k == key]:
                    del self._answer_tokens[token]

        return job

    def set_groups(self: Controller, names: list[str]) -> None:
        """Name the workshop's diagnostic groups (none: one per country of the roster).

        Raises ValueError naming the groups that have answers and would be lost.
        """
        self._check_record()
        cleaned = [clean_text(n, single_line=True).strip() for n in names]
        chosen = list(dict.fromkeys(n for n in cleaned if n))
        groups = tuple(Group(n) for n in chosen)
        kept = {g.name for g in (replace(self.workshop, groups=groups).answer_groups())}
        lost = sorted({g for (_, _, g) in self.stored_answers()} - kept)
        if lost:
            raise ValueError(", ".join(lost))
        names = {"groups": [g.name for g in groups]}
        self._write("groups", lambda: self.store.update_workshop(groups=groups), record=names)

    def set_trainers(self: Controller, given: dict[str, tuple[str, ...]]) -> None:
        """Who trains each role (or session, by its id): the workshop's trainers are
        everyone named, with those named before and no longer given a role."""
        self._check_record()
        assignments = tuple(
            (clean_text(k, single_line=True), tuple(clean_text(n, single_line=True) for n in v))
            for k, v in given.items()
            if v
        )
        named = [n for _, names in assignments for n in names]
        people = tuple(dict.fromkeys([*self.workshop.trainers, *named]))
        record = {"assignments": [[k, list(v)] for k, v in assignments]}
        self._write(
            "trainers",
            lambda: self.store.update_workshop(assignments=assignments, trainers=people),
            record=record,
        )

    def set_attendance(self: Controller, sid: str, present: dict[str, bool]) -> None:
        self._check_record()
        before = self.attendance_for(sid)
        changed = {name: value for name, value in present.items() if before.get(name) != value}
        at = self.clock()

        def job() -> None:
            for name, value in changed.items():
                self.store.set_attendance(sid, name, value, at)

        if changed:
            self._write("attendance", job, record={"session": sid, "present": changed})

    def stored_answers(self: Controller) -> dict[AnswerKey, Answer]:
        """Every answer in the file, by (session, question, group)."""
        if self._answers_of is not self.snapshot:
            found = (answers.from_record(r) for r in self.snapshot.answers)
            self._answers = {(a.session, a.question, a.group): a for a in found}
            self._answers_of = self.snapshot
        return self._answers

    def groups(self: Controller) -> tuple[Group, ...]:
        """The workshop's groups, and any other group that has answers on file."""
        groups = list(self.workshop.answer_groups())
        names = {g.name for g in groups}
        for _, _, group in self.stored_answers():
            if group not in names:
                names.add(group)
                groups.append(Group(group))
        return tuple(groups)

    def answer_values(self: Controller, key: AnswerKey) -> dict[str, Any]:
        """The answer as this terminal shows it: the file, with our unsaved typing on top."""
        stored = self.stored_answers().get(key)
        values = stored.values() if stored else {f: answers.blank(f) for f in answers.FIELDS}
        with self._lock:
            for name, edit in self._edits.get(key, {}).items():
                values[name] = edit.value
        return values

    def answer_of(self: Controller, key: AnswerKey) -> Answer | None:
        return self.stored_answers().get(key)

    def answered_groups(self: Controller, sid: str, qid: str) -> set[str]:
        """The groups with an answer to ``qid`` (our unsaved ones included)."""
        found = {
            g
            for (s, q, g), a in self.stored_answers().items()
            if (s, q) == (sid, qid) and a.answered
        }
        with self._lock:
            for (s, q, g), edits in self._edits.items():
                if (s, q) == (sid, qid) and "answer" in edits:
                    (found.add if edits["answer"].value is not None else found.discard)(g)
        return found
