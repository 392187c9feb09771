"""Dates and times as people read them, the same whatever the machine's locale."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

_EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_FR_DAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
_FR_MONTHS = (
    "janv.", "févr.", "mars", "avr.", "mai", "juin",
    "juil.", "août", "sept.", "oct.", "nov.", "déc.",
)  # fmt: skip


def hhmm(epoch: float, tz: ZoneInfo | str | None) -> str:
    """``09:15``: the time of an instant (UTC epoch seconds) in ``tz`` (None: this machine's)."""
    if tz is None:  # the machine's zone may change under us (TZ): never kept
        return datetime.fromtimestamp(epoch).strftime("%H:%M")
    return _hhmm(epoch, tz)


@lru_cache(maxsize=1024)
def _hhmm(epoch: float, tz: ZoneInfo | str) -> str:
    """Kept: an agenda asks for the same planned times every second."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    return datetime.fromtimestamp(epoch, zone).strftime("%H:%M")


def minutes_of_day(total: int) -> str:
    """``09:15`` for 555 minutes after midnight (past 24:00 it goes round)."""
    hours, minutes = divmod(total % (24 * 60), 60)
    return f"{hours:02d}:{minutes:02d}"


def short_date(day: date, lang: str) -> str:
    """``Mon 07 Dec`` in English, ``lun. 07 déc.`` in French."""
    if lang == "fr":
        return f"{_FR_DAYS[day.weekday()]} {day.day:02d} {_FR_MONTHS[day.month - 1]}"
    return f"{_EN_DAYS[day.weekday()][:3]} {day.day:02d} {_EN_MONTHS[day.month - 1][:3]}"


def long_date(day: date) -> str:
    """``Monday 7 December 2026`` (the minutes are written in English)."""
    return f"{_EN_DAYS[day.weekday()]} {day.day} {_EN_MONTHS[day.month - 1]} {day.year}"


_FR_FULL_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_FR_FULL_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def _fr_day(day: date) -> str:
    """The day of the month as French writes it: ``1er``, then ``2``, ``3`` ..."""
    return "1er" if day.day == 1 else str(day.day)


def full_date(day: date, lang: str) -> str:
    """``Monday 7 December 2026``, ``lundi 7 décembre 2026`` (``lundi 1er mars``): a
    printed document's date."""
    if lang == "fr":
        return (
            f"{_FR_FULL_DAYS[day.weekday()]} {_fr_day(day)} "
            f"{_FR_FULL_MONTHS[day.month - 1]} {day.year}"
        )
    return long_date(day)


def written_date(day: date, lang: str) -> str:
    """``7 December 2026``, ``7 décembre 2026`` (``1er mars``): a date as a certificate
    writes it."""
    if lang == "fr":
        return f"{_fr_day(day)} {_FR_FULL_MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"
