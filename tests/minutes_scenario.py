"""A fixed morning of the demo programme, played on a fake clock, for the minutes tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from facilitator.course import catalog
from facilitator.live.events import FakeClock
from facilitator.store import workshops
from facilitator.store.db import Author, WorkshopStore
from tests.helpers import at, other_controller

TZ = "Africa/Lome"
DAY = "2026-12-07"


def answer(controller, key, **fields) -> None:
    """A group's answer typed field by field, as the form sends it."""
    for name, value in fields.items():
        controller.edit_answer(key, name, value)


def play_demo_morning(data: Path, course: catalog.Catalog, wid: str = "lome-2026") -> Path:
    """Create a workshop and run the first day's morning with notes, answers and actions."""
    path = workshops.create(
        data,
        course,
        "demo",
        "COPES national workshop, Lomé",
        date(2026, 12, 7),
        venue="Customs training school",
        tz=TZ,
        roster=workshops.DEMO_ROSTER,
        trainers=("Lead trainer", "Co-trainer"),
        wid=wid,
        country="Togo",
        names_in_minutes=True,
    )
    clock = FakeClock(at(DAY, "09:02", TZ))
    lead = other_controller(path, course, clock, "lead", "Awa Mensah")
    clerk = other_controller(path, course, clock, "clerk", "Kofi Agbeko")
    programme = lead.programme

    lead.toggle()  # welcome starts two minutes late
    names = [p.name for p in workshops.DEMO_ROSTER]
    clerk.set_attendance("welcome", {n: n != "Tevita Fifita" for n in names})
    clock.advance(16 * 60)
    lead.step(+1)  # chain of custody
    session = programme.session("chain-of-custody")
    for index in range(1, 4):
        clock.advance(6 * 60)
        lead.show_slide(session, index)
    clock.advance(60)
    lead.toggle()  # a pause for a fire drill
    clock.advance(4 * 60)
    lead.toggle()
    clerk.add_note(
        "chain-of-custody",
        "Seal numbers were not written on the hand-over form | twice\n# not a heading",
    )
    clerk.add_note(
        "chain-of-custody", "Every exhibit gets a receipt signed by both officers", "decision"
    )
    lead.extend(5)
    clock.advance(28 * 60)
    clerk.add_action(
        "chain-of-custody",
        "Draft a national hand-over form with seal numbers",
        "Nadia Haddad",
        "2027-01-31",
    )
    lead.step(+1)  # coffee
    clock.advance(15 * 60)
    lead.step(+1)  # diagnostic round, answered by two of the country groups
    answer(
        clerk,
        ("diagnostic-d1", "D-01", "Senegal"),
        answer="partly",
        maturity=2,
        notes="Forms exist; <b>not</b> used",
        weaknesses=[0],
        solutions=[0],
        evidence="Instruction 2019/04 on seized goods",
    )
    answer(lead, ("diagnostic-d1", "D-01", "Peru"), answer="no", maturity=1)
    clock.advance(8 * 60)
    answer(
        clerk,
        ("diagnostic-d1", "D-02", "Senegal"),
        answer="no",
        maturity=1,
        weaknesses=[0, 1],
        solutions=[1],
    )
    clock.advance(60)
    answer(lead, ("diagnostic-d1", "D-02", "Senegal"), evidence="Custody register, port of Dakar")
    clock.advance(7 * 60)
    clerk.add_action(
        "diagnostic-d1", "Audit the seized-goods store", "`Head of enforcement`", "2027-03-01"
    )
    clock.advance(16 * 60)
    lead.skip("seizure-drill")
    lead.step(+1)  # recap
    clock.advance(12 * 60)
    lead.end()
    lead.close()
    clerk.close()
    return path


DEMO_ITEMS = ("DT-01", "DT-02", "DT-03", "DT-04")
"""The demo test bank's items; its key is B A B B."""


def sit_tests(path: Path, papers: dict[str, tuple[str, str]], forms: dict[str, str]) -> None:
    """Participants' pre-test and post-test letters (code -> (pre, post), the demo's four
    items) and their evaluation of criterion E-01 (code -> "1".."5"), as the clerk types."""
    store = WorkshopStore(path, Author("clerk", "Ana"))
    for code, (pre, post) in papers.items():
        for test, letters in (("pre", pre), ("post", post)):
            values = {i: (v, 1.0) for i, v in zip(DEMO_ITEMS, letters, strict=True)}
            store.merge_scores(test, code, values)
    for code, mark in forms.items():
        store.merge_scores("evaluation", code, {"E-01": (mark, 1.0)})
