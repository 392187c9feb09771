"""Who earns a certificate: the programme's attendance rule (``attendance`` in its
``[assessment]`` table, a percentage of the sessions held) against the attendance
taken. Breaks do not count; a session held without attendance taken does not count
either way (it is neither attended nor missed)."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.course.model import Kind, Participant, Programme
from facilitator.i18n import say
from facilitator.live.events import fold
from facilitator.store.db import Snapshot


@dataclass(frozen=True, slots=True)
class Standing:
    """One participant against the rule."""

    participant: Participant
    attended: int
    counted: int
    """Sessions held at which attendance was taken."""
    needed: int
    """Percent."""

    @property
    def share(self) -> float:
        return 100.0 * self.attended / self.counted if self.counted else 0.0

    @property
    def qualifies(self) -> bool:
        return self.counted > 0 and self.share >= self.needed

    def reason(self, lang: str = "en") -> str:
        """Why (or why not), in a few words."""
        if not self.counted:
            return say(lang, "cert_no_attendance")
        verdict = (
            say(lang, "cert_qualifies")
            if self.qualifies
            else say(lang, "cert_below", needed=self.needed)
        )
        return say(
            lang,
            "cert_reason",
            attended=self.attended,
            counted=self.counted,
            share=f"{self.share:.0f}",
            verdict=verdict,
        )


@dataclass(frozen=True, slots=True)
class Certificates:
    standings: tuple[Standing, ...]
    held: int
    """Sessions held (breaks aside)."""
    minutes: int
    """Their planned minutes."""


def certificates(snapshot: Snapshot, programme: Programme) -> Certificates:
    """Every participant's standing; the rule is the programme's (80% by default)."""
    needed = programme.assessment.attendance if programme.assessment else 80
    live = fold(snapshot.events)
    held = [s for s in programme.sessions() if s.kind is not Kind.BREAK and live.run(s.id).started]
    marks: dict[str, dict[str, bool]] = {}
    for mark in snapshot.attendance:
        marks.setdefault(str(mark.get("session")), {})[str(mark.get("participant"))] = bool(
            mark.get("present")
        )
    taken = [s for s in held if s.id in marks]
    standings = tuple(
        Standing(p, sum(1 for s in taken if marks[s.id].get(p.name)), len(taken), needed)
        for p in snapshot.workshop.roster
    )
    return Certificates(standings, len(held), sum(s.minutes for s in held))
