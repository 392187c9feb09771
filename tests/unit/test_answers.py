"""Answers merge field by field: nobody's change resets another's, and nothing typed is dropped."""

from __future__ import annotations

from facilitator.course.model import Workshop
from facilitator.store import answers
from facilitator.store.db import Author, WorkshopStore

KEY = ("round", "Q-1", "Senegal")
ANA = {"role": "clerk", "name": "Ana"}
LEAD = {"role": "lead", "name": "Kofi"}


def test_a_change_to_notes_keeps_someone_elses_ticks() -> None:
    record = answers.merge(
        None, KEY, {"weaknesses": ([2, 0], 10.0), "answer": ("partly", 10.0)}, LEAD
    )
    record = answers.merge(record, KEY, {"notes": ("Only at the airport", 11.0)}, ANA)
    answer = answers.from_record(record)
    assert answer.values() == {
        "answer": "partly",
        "maturity": None,
        "weaknesses": (0, 2),
        "solutions": (),
        "evidence": "",
        "notes": "Only at the airport",
        "restricted": False,
    }
    assert answer.authors() == [LEAD, ANA]


def test_the_same_field_later_change_wins_and_the_other_is_kept() -> None:
    record = answers.merge(None, KEY, {"notes": ("Lead's words", 10.0)}, LEAD)
    record = answers.merge(record, KEY, {"notes": ("Ana's words", 12.0)}, ANA)
    # the lead's slower terminal sends an edit it made at 11.0: it loses, but stays
    record = answers.merge(record, KEY, {"notes": ("Lead's second words", 11.0)}, LEAD)
    answer = answers.from_record(record)
    assert answer.value("notes") == "Ana's words"
    assert sorted(h.value for h in answer.history) == ["Lead's second words"]
    assert answer.authors() == [LEAD, ANA]


def test_history_keeps_one_superseded_value_per_field_and_author() -> None:
    record = None
    for i in range(10):
        record = answers.merge(record, KEY, {"notes": (f"lead {i}", 2.0 * i)}, LEAD)
        record = answers.merge(record, KEY, {"notes": (f"ana {i}", 2.0 * i + 1)}, ANA)
    answer = answers.from_record(record)
    assert answer.value("notes") == "ana 9"
    assert sorted(h.value for h in answer.history) == ["lead 9"]


def test_old_flat_records_read_as_fields() -> None:
    old = {
        "session": "round",
        "question": "Q-1",
        "respondent": "room",
        "answer": "no",
        "maturity": 1,
        "notes": "x",
        "weaknesses": [1],
        "solutions": [],
        "at": 5.0,
        "by": LEAD,
    }
    answer = answers.from_record(old)
    assert (answer.group, answer.value("answer"), answer.value("maturity")) == ("room", "no", 1)
    merged = answers.from_record(
        answers.merge(old, ("round", "Q-1", "room"), {"notes": ("y", 6)}, ANA)
    )
    assert merged.values()["weaknesses"] == (1,) and merged.value("notes") == "y"


def test_values_are_cleaned_where_they_enter() -> None:
    record = answers.merge(
        None, KEY, {"notes": ("a\x1b]52;c;AAAA\x07b\x07c", 1), "maturity": (True, 1)}, ANA
    )
    answer = answers.from_record(record)
    assert answer.value("notes") == "abc" and answer.value("maturity") is None


def test_the_store_merges_two_terminals_edits(tmp_path) -> None:
    path = tmp_path / "w.json"
    WorkshopStore.create(path, Workshop("w", "W", "demo", "2026-12-07"))
    lead = WorkshopStore(path, Author("lead", "Kofi"))
    clerk = WorkshopStore(path, Author("clerk", "Ana"))
    lead.merge_answer("round", "Q-1", "Senegal", {"answer": ("yes", 1.0), "maturity": (3, 1.0)})
    clerk.merge_answer("round", "Q-1", "Senegal", {"notes": ("cited the 2019 decree", 2.0)})
    lead.merge_answer("round", "Q-1", "Peru", {"answer": ("no", 3.0)})
    found = {(a["group"]): answers.from_record(a) for a in lead.read().answers}
    assert found["Senegal"].values()["answer"] == "yes"
    assert found["Senegal"].value("notes") == "cited the 2019 decree"
    assert found["Peru"].value("answer") == "no"
    assert len(found) == 2


def test_an_older_read_arriving_late_never_takes_back_what_was_typed(
    tmp_path, course, clock
) -> None:
    """The watcher thread's read and the screen's own re-read can cross: a snapshot read
    before the last typing landed must not replace a newer one (seen under load: `abc def`
    shown, then set back to `abc d`)."""
    from datetime import date

    from facilitator.control.controller import open_controller
    from facilitator.control.options import Options
    from facilitator.store import workshops

    path = workshops.create_demo(tmp_path, course, date(2026, 12, 7))
    controller = open_controller(Options(path=path, author="Kofi"), course, clock)
    try:
        key = ("diagnostic-d1", "D-01", "Senegal")
        controller.edit_answer(key, "notes", "abc d")
        controller.writer.flush()
        older = controller.read_changes()  # the watcher's read, slow to reach the screen
        controller.edit_answer(key, "notes", "abc de")
        controller.writer.flush()
        newer = controller.read_changes()  # the screen's own re-read
        controller.apply(newer)
        controller.apply(older)
        assert controller.snapshot is newer.snapshot
        assert controller.answer_values(key)["notes"] == "abc de"
    finally:
        controller.close()
