"""The workshop report (``index.md``): adherence, scorecard, groups, actions, decisions,
attendance."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from facilitator.course.model import DiagnosticBank, Participant
from facilitator.i18n import long_date, short_date
from facilitator.live.schedule import Status
from facilitator.minutes import drift
from facilitator.minutes.charts import bars
from facilitator.minutes.contract import (
    ACTION_HEADER,
    ADHERENCE_HEADER,
    NONE_RECORDED,
    restricted_line,
)
from facilitator.minutes.learning_md import (
    CHARTS,
    evaluation_section,
    learning_section,
    report_front,
    results,
)
from facilitator.minutes.mdsafe import escape_cell, escape_line, front_matter, table
from facilitator.minutes.records import Minutes, by_line, ordered, whole_minutes
from facilitator.store.answers import Answer, mean_maturity


def render(m: Minutes) -> str:
    """``index.md``: adherence, scorecard by area, action plan, decisions, attendance,
    learning and evaluation."""
    w = m.workshop
    slots = m.schedule.slots()
    held = [s for s in slots if m.live.run(s.session.id).started]
    skipped = [s for s in slots if s.status is Status.SKIPPED]
    actions = [a for r in m.records.values() for a in r.actions]
    decisions = [d for r in m.records.values() for d in r.decisions]
    given = [a for r in m.records.values() for a in r.answers]
    days = m.schedule.days
    front = m.base_front("report")
    front.update(
        {
            "start_date": days[0].date,
            "end_date": days[-1].date,
            "trainers": list(w.trainers),
            "counts": {
                "days": len(days),
                "sessions": len(slots),
                "held": len(held),
                "skipped": len(skipped),
                "participants": len(w.roster),
                "answers": len(given),
                "notes": sum(len(r.notes) for r in m.records.values()),
                "decisions": len(decisions),
                "actions": len(actions),
                "open_actions": sum(1 for a in actions if a.get("status", "open") == "open"),
                "restricted": sum(m.restricted.values()),
            },
        }
    )
    found = results(m.snapshot, m.programme, m.lang)
    front.update(report_front(found))
    intro = [
        f"**{escape_line(m.programme.title.get(m.lang))}**",
        ", ".join(escape_line(x) for x in (w.venue, w.host_country) if x),
        f"{long_date(days[0].date)} to {long_date(days[-1].date)}",
    ]
    if w.trainers:
        intro.append("trainers: " + ", ".join(escape_line(t) for t in w.trainers))
    parts = [
        front_matter(front),
        f"# Workshop report: {escape_line(w.name)}",
        " · ".join(b for b in intro if b),
    ]
    if m.restricted:
        parts.append(restricted_line(sum(m.restricted.values())))
    parts += [
        "## Agenda adherence",
        _adherence(m),
        drift.render(m),
        "## Trainers",
        _trainers(m),
        "## Diagnostic scorecard",
        _scorecard(m)
        + (f"\n\n![Mean maturity by area]({CHARTS['maturity']})" if maturity_chart(m) else ""),
        "## Answers by group",
        _by_group(m),
        "## Action plan",
        _action_plan(m, actions),
        "## Decisions",
        _decisions(m, decisions),
        "## Attendance",
        _attendance_report(m),
        "## Learning",
        learning_section(found),
        "## Evaluation",
        evaluation_section(found),
    ]
    return "\n\n".join(parts) + "\n"


def _trainers(m: Minutes) -> str:
    """Who was planned to train each session held, and who actually led it."""
    rows = [
        (
            str(slot.day.number),
            str(slot.index + 1),
            escape_cell(m.title(slot.session)),
            escape_cell(", ".join(m.workshop.trainers_for(slot.session))) or "—",
            escape_cell(m.led_by_text(slot.session)) or "—",
        )
        for slot in m.held()
    ]
    if not rows:
        return "No session held yet."
    return table(("Day", "#", "Session", "Planned", "Led by"), rows)


def _adherence(m: Minutes) -> str:
    rows = []
    held_files = {s.session.id: m.file_name(s) for s in m.held()}
    late = over = held = 0
    for slot in m.schedule.slots():
        run = m.live.run(slot.session.id)
        title = escape_cell(m.title(slot.session))
        if slot.session.id in held_files:
            title = f"[{title}]({held_files[slot.session.id]})"
        if run.started:
            held += 1
            delay = whole_minutes(run.actual_start - slot.planned_start)  # type: ignore[operator]
            moved = slot.moved_from is not None  # planned on another day: no start delay
            late += delay > 5 and not moved
            over += whole_minutes(slot.overrun)
            shown = "—" if moved else str(delay)
            actual = (m.schedule.hhmm(run.actual_start), shown)  # type: ignore[arg-type]
            status = "in progress" if run.running else "held"
            actual_min = str(whole_minutes(slot.elapsed))
        else:
            actual, actual_min = ("—", "—"), "—"
            status = "not held"
            if slot.status is Status.SKIPPED:
                when = run.skipped_at
                status = f"skipped at {m.schedule.hhmm(when)}" if when else "skipped"
                if run.dropped:
                    status += ", dropped by a re-plan"
            elif slot.moved_from is not None:
                status = f"not held, moved from day {slot.moved_from}"
        planned_day = m.calendar.dates[slot.day.number - 1]
        rows.append(
            (
                f"{slot.day.number} · {short_date(planned_day, 'en')}",
                str(slot.index + 1),
                title,
                slot.session.kind.value,
                m.schedule.hhmm(slot.planned_start),
                *actual,
                str(slot.session.minutes),
                actual_min,
                status,
            )
        )
    summary = (
        f"{held} of {len(rows)} sessions held; {late} started more than 5 min late; "
        f"{over} min of overrun in all."
    )
    return summary + "\n\n" + table(ADHERENCE_HEADER, rows)


@dataclass
class Scorecard:
    """Per (bank, area): the answers given, the maturity levels, the questions asked."""

    banks: dict[str, DiagnosticBank] = field(default_factory=dict)
    answers: dict[tuple[str, str], Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    maturity: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    asked: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))

    def areas(self, lang: str) -> list[tuple[str, str, tuple[str, str]]]:
        """(bank id, area title, key) of every area asked about, in bank order."""
        return [
            (bank_id, area.title.get(lang), (bank_id, area.id))
            for bank_id, bank in sorted(self.banks.items())
            for area in bank.areas
            if (bank_id, area.id) in self.asked
        ]


def scorecard(m: Minutes) -> Scorecard:
    """The diagnostic rounds held, gathered per bank and area."""
    card = Scorecard()
    for slot in m.held():
        bank = slot.session.bank
        if bank is None:
            continue
        card.banks[bank.id] = bank
        for question in slot.session.questions:
            card.asked[(bank.id, question.area)].add(question.id)
        for record in m.records[slot.session.id].answers:
            try:
                area = bank.question(record.question).area
            except KeyError:
                continue
            key = (bank.id, area)
            if record.answered:
                card.answers[key][str(record.value("answer"))] += 1
            if isinstance(record.value("maturity"), int):
                card.maturity[key].append(record.value("maturity"))
    return card


def maturity_chart(m: Minutes) -> str | None:
    """The mean maturity per area as an SVG bar chart (None when nothing was rated)."""
    card = scorecard(m)
    rows = [
        (title, None, sum(levels) / len(levels))
        for _, title, key in card.areas(m.lang)
        if (levels := card.maturity[key])
    ]
    top = float(max((b.maturity_max for b in card.banks.values()), default=4))
    return bars("Mean maturity by area", rows, top, legend=False) if rows else None


def _scorecard(m: Minutes) -> str:
    card = scorecard(m)
    per_area, maturity, asked, banks = card.answers, card.maturity, card.asked, card.banks
    if not asked:
        return "No diagnostic round was held."
    out = []
    for bank_id, bank in sorted(banks.items()):
        rows = []
        for area in bank.areas:
            key = (bank_id, area.id)
            if key not in asked:
                continue
            c = per_area[key]
            levels = maturity[key]
            mean = mean_maturity(levels)
            rows.append(
                (
                    escape_cell(area.title.get(m.lang)),
                    str(len(asked[key])),
                    str(sum(c.values())),
                    *(str(c[a]) for a in ("yes", "partly", "no", "na")),
                    mean,
                )
            )
        header = ("Area", "Questions", "Answers", "Yes", "Partly", "No", "N/A", "Mean maturity")
        out.append(f"### {escape_line(bank.title.get(m.lang))}\n\n" + table(header, rows))
    return "\n\n".join(out)


def _by_group(m: Minutes) -> str:
    """For each group: how many questions it answered and its mean maturity, per bank."""
    per: dict[tuple[str, str], list[Answer]] = defaultdict(list)
    asked: Counter[str] = Counter()
    for slot in m.held():
        bank = slot.session.bank
        if bank is None:
            continue
        asked[bank.id] += len(slot.session.question_ids)
        for record in m.records[slot.session.id].answers:
            per[(bank.id, record.group)].append(record)
    if not per:
        return "No group answered a diagnostic question."
    rows = []
    for (bank_id, group), found in per.items():
        levels = [a.value("maturity") for a in found if isinstance(a.value("maturity"), int)]
        rows.append(
            (
                escape_cell(bank_id),
                escape_cell(group),
                escape_cell(m.country_of(group)),
                f"{sum(a.answered for a in found)} of {asked[bank_id]}",
                mean_maturity(levels),
            )
        )
    header = ("Bank", "Group", "Country", "Questions answered", "Mean maturity")
    return table(header, rows)


def _action_plan(m: Minutes, actions: list[dict[str, Any]]) -> str:
    if not actions:
        return NONE_RECORDED
    ordered = sorted(
        actions,
        key=lambda a: (str(a.get("due") or "9999"), float(a.get("at", 0)), str(a.get("uid"))),
    )
    rows = [
        (*row, escape_cell(m.session_title(str(a.get("session", "")))))
        for a, row in zip(ordered, m.action_rows(ordered), strict=True)
    ]
    return table((*ACTION_HEADER, "Session"), rows)


def _decisions(m: Minutes, decisions: list[dict[str, Any]]) -> str:
    in_order = ordered(decisions)
    if not in_order:
        return NONE_RECORDED
    return "\n".join(
        f"- {escape_line(str(d.get('text', '')), '  ')} "
        f"({escape_line(m.session_title(str(d.get('session', ''))))}) "
        f"— {by_line(d, m.schedule)}"
        for d in in_order
    )


def _attendance_report(m: Minutes) -> str:
    held = m.held()
    rows = []
    attended: Counter[str] = Counter()
    marked = 0
    for slot in held:
        marks = m.records[slot.session.id].attendance
        if not marks:
            continue
        marked += 1
        present = sum(1 for v in marks.values() if v)
        for name, value in marks.items():
            attended[name] += value
        rows.append(
            (
                escape_cell(m.title(slot.session)),
                str(present),
                str(len(marks) - present),
                str(len(m.workshop.roster) - len(marks)),
            )
        )
    if not rows:
        return f"{len(m.workshop.roster)} participants; attendance was not recorded."
    out = [
        f"{len(m.workshop.roster)} participants; attendance recorded at "
        f"{marked} of the {len(held)} sessions held (breaks not counted).",
        table(("Session", "Present", "Absent", "Not recorded"), rows),
    ]
    groups: dict[tuple[str, str], list[Participant]] = defaultdict(list)
    for person in m.workshop.roster:
        groups[(person.country or "not given", person.agency or "not given")].append(person)
    group_rows = []
    for (country, agency), people in sorted(groups.items()):
        rate = sum(attended[p.name] for p in people) / (len(people) * marked)
        group_rows.append(
            (escape_cell(country), escape_cell(agency), str(len(people)), f"{rate:.0%}")
        )
    out.append(table(("Country", "Agency", "Participants", "Attendance"), group_rows))
    if m.workshop.names_in_minutes:
        out.append(
            table(
                ("Participant", "Country", "Agency", "Sessions attended"),
                [
                    (
                        escape_cell(p.name),
                        escape_cell(p.country),
                        escape_cell(p.agency),
                        f"{attended[p.name]} of {marked}",
                    )
                    for p in m.workshop.roster
                ],
            )
        )
    return "\n\n".join(out)
