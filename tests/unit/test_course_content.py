"""The shipped course: four programmes and two banks, in English and French."""

from __future__ import annotations

from datetime import time

import pytest

from facilitator.course.catalog import Catalog
from facilitator.course.model import Kind

PROGRAMMES = ["copes-3day", "copes-5day", "cpch-3day", "cpch-5day"]
LANGS = ["en", "fr"]


def minutes_of(t: time) -> int:
    return t.hour * 60 + t.minute


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("pid", PROGRAMMES)
def test_programme_is_runnable(full_course: Catalog, pid: str, lang: str) -> None:
    prog = full_course.programme(pid)
    assert len(prog.days) == int(pid.split("-")[1][0])
    for day in prog.days:
        end = minutes_of(day.start) + sum(s.minutes for s in day.sessions)
        assert end <= 18 * 60, f"{pid} day {day.number} ends at {end // 60}:{end % 60:02d}"
        assert minutes_of(day.start) <= 9 * 60 + 30
        kinds = [s.kind for s in day.sessions]
        assert Kind.BREAK in kinds, f"{pid} day {day.number} has no break"
        for session in day.sessions:
            assert session.title.get(lang).strip()
            if session.kind in (Kind.CONTENT, Kind.EXERCISE):
                assert session.module is not None, session.id
                slides = session.module.slides_in(lang)
                assert all(slide.body.strip() for slide in slides), session.id
                if session.kind is Kind.CONTENT:
                    assert len(slides) >= 5, f"{pid}:{session.id} has {len(slides)} slides"
            if session.kind is Kind.DIAGNOSTIC:
                assert session.bank is not None and session.question_ids, session.id
                for question in session.questions:
                    assert question.text.get(lang).strip()
                    assert question.weaknesses.get(lang) and question.solutions.get(lang)


@pytest.mark.parametrize("pid", PROGRAMMES)
def test_programme_titles_are_all_in_french(full_course: Catalog, pid: str) -> None:
    prog = full_course.programme(pid)
    assert prog.title.has("fr")
    for day in prog.days:
        assert day.title.has("fr"), (pid, day.number)
        for session in day.sessions:
            assert session.title.has("fr"), (pid, session.id)
            assert session.objectives.has("fr"), (pid, session.id)


def test_opening_and_closing(full_course: Catalog) -> None:
    for pid in PROGRAMMES:
        prog = full_course.programme(pid)
        first, last = prog.days[0].sessions[0], prog.days[-1].sessions
        assert first.kind is Kind.CEREMONY, pid
        assert {s.kind for s in last[-3:]} & {Kind.EVALUATION, Kind.CEREMONY}, pid


def test_every_cpch_day_has_a_diagnostic_round(full_course: Catalog) -> None:
    for pid in ("cpch-3day", "cpch-5day"):
        for day in full_course.programme(pid).days:
            assert any(s.kind is Kind.DIAGNOSTIC for s in day.sessions), (pid, day.number)


@pytest.mark.parametrize("bank_id", ["copes", "cpch"])
def test_banks_are_complete_in_both_languages(full_course: Catalog, bank_id: str) -> None:
    bank = full_course.banks[bank_id]
    assert len(bank.questions) >= 20
    assert bank.answers == ("yes", "partly", "no", "na") and bank.maturity_max == 4
    assert len({q.area for q in bank.questions}) >= 6
    for question in bank.questions:
        assert question.text.has("fr"), question.id
        assert question.weaknesses.en and question.solutions.en, question.id
        assert question.weaknesses.has("fr") and question.solutions.has("fr"), question.id
        assert len(question.weaknesses.get("fr")) == len(question.weaknesses.en)


def test_the_five_day_courses_add_depth(full_course: Catalog) -> None:
    for family in ("copes", "cpch"):
        short = full_course.programme(f"{family}-3day")
        long = full_course.programme(f"{family}-5day")
        short_modules = {s.module.ref for s in short.sessions() if s.module}
        long_modules = {s.module.ref for s in long.sessions() if s.module}
        assert len(long_modules - short_modules) >= 4, family


def test_no_slide_is_empty_anywhere(full_course: Catalog) -> None:
    for module in full_course.modules.values():
        for lang in LANGS:
            assert all(slide.body.strip() for slide in module.slides_in(lang)), module.ref


def test_every_module_is_in_french_slide_for_slide(full_course: Catalog) -> None:
    assert full_course.missing_translations("fr") == ()
    for module in full_course.modules.values():
        english, french = module.slides_in("en"), module.slides_in("fr")
        assert french is not english, f"{module.ref} has no French version"
        assert len(french) == len(english), module.ref
        for number, (en, fr) in enumerate(zip(english, french, strict=True), 1):
            assert bool(fr.notes) == bool(en.notes), f"{module.ref} slide {number}: notes"
            assert fr.body != en.body, f"{module.ref} slide {number} is not translated"
