"""Certificates of attendance, one A4 page each, in the workshop's language."""

from __future__ import annotations

from facilitator.assess.attendance import Certificates
from facilitator.course.model import Programme, Workshop
from facilitator.i18n import say
from facilitator.i18n.dates import written_date
from facilitator.live.calendar import Calendar
from facilitator.minutes.printing import e, page


def render(workshop: Workshop, programme: Programme, found: Certificates, lang: str) -> str:
    """One page per participant who qualifies (an empty document when nobody does)."""
    calendar = Calendar.of(workshop, programme)
    first = written_date(calendar.date_of(programme.days[0]), lang)
    last = written_date(calendar.date_of(programme.days[-1]), lang)
    venue = workshop.venue or workshop.host_country or workshop.name
    whole, rest = divmod(found.minutes, 60)
    hours = say(lang, "cert_duration" if rest else "cert_duration_whole", h=whole, m=rest)
    pages = [
        '<div class="certificate">'
        f"<h1>{e(say(lang, 'cert_title'))}</h1>"
        f"<p>{e(say(lang, 'cert_certifies'))}</p>"
        f'<p class="name">{e(s.participant.name)}</p>'
        + (
            f"<p>{e(s.participant.agency)}, {e(s.participant.country)}</p>"
            if s.participant.agency
            else ""
        )
        + f"<p>{e(say(lang, 'cert_attended'))}</p>"
        f"<p><b>{e(programme.title.get(lang))}</b></p>"
        f"<p>{e(say(lang, 'cert_held', venue=venue, start=first, end=last))}</p>"
        f"<p>{e(say(lang, 'cert_hours', hours=hours, held=found.held))}</p>"
        f'<div class="signature">{e(say(lang, "cert_signed"))}</div>'
        "</div>"
        for s in found.standings
        if s.qualifies
    ]
    return page(f"{workshop.name} · {say(lang, 'cert_title')}", lang, pages)
