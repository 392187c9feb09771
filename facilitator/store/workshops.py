"""Finding, naming and creating workshop files in the data folder."""

from __future__ import annotations

import contextlib
import csv
import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from facilitator.clean import clean_line, clean_text
from facilitator.course.catalog import Catalog
from facilitator.course.model import Group, Participant, Programme, Workshop
from facilitator.live.calendar import WORKING_WEEK, CalendarError, explicit_days, working_days
from facilitator.store.db import StoreError, WorkshopStore, read_file
from facilitator.store.files import backup_path
from facilitator.store.record import workshop_from_record

DEMO_ID = "demo"

DEMO_ROSTER = (
    Participant("Amina Diallo", "Senegal", "Customs"),
    Participant("Jean-Marc Kouassi", "Côte d'Ivoire", "Police"),
    Participant("Nadia Haddad", "Lebanon", "Customs"),
    Participant("Oleksandr Petrenko", "Ukraine", "Customs"),
    Participant("María Fernández", "Peru", "Prosecution"),
    Participant("Tevita Fifita", "Tonga", "Police"),
)


MAX_ID = 64
"""Longest workshop id: a file name that every file system takes, with room for the
``.json.bak``, ``.lock`` and ``.lead`` files beside it."""


def slugify(text: str) -> str:
    """``"COPES Lomé 2026"`` -> ``"copes-lome-2026"`` (at most :data:`MAX_ID` characters,
    cut at a hyphen where it can be)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_ID:
        cut = slug[:MAX_ID]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[MAX_ID // 2 :] else cut
    return slug.strip("-") or "workshop"


def path_for(data: Path, wid: str) -> Path:
    return data / f"{wid}.json"


def resolve(data: Path, ref: str) -> Path:
    """A workshop file from an id in the data folder or a path to a ``.json`` file."""
    candidate = Path(ref).expanduser()
    if candidate.suffix == ".json" and candidate.exists():
        return candidate.resolve()
    path = path_for(data, slugify(ref) if not (data / f"{ref}.json").exists() else ref)
    if path.exists():
        return path
    known = ", ".join(w for w, _ in list_workshops(data)) or "none yet"
    raise StoreError(
        f"no workshop {ref!r} in {data} (known: {known}; create one with `facilitator new`)"
    )


def programme_of(path: Path) -> str:
    """The programme id a workshop file was created for."""
    return str(read_file(path)["workshop"]["1"]["programme"])


def list_workshops(data: Path) -> list[tuple[str, Workshop | str]]:
    """Every workshop file in ``data``: (id, workshop) or (id, error text)."""
    found: list[tuple[str, Workshop | str]] = []
    if not data.is_dir():
        return found
    for path in sorted(data.glob("*.json")):
        try:
            found.append((path.stem, workshop_from_record(read_file(path)["workshop"]["1"])))
        except StoreError as exc:
            found.append((path.stem, str(exc)))
    return found


def check_timezone(tz: str) -> str:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise StoreError(
            f"unknown time zone {tz!r} (use a name such as Europe/Brussels or UTC)"
        ) from None
    return tz


def read_roster(path: Path) -> tuple[Participant, ...]:
    """A CSV file with a header row: name, country, agency, and optionally group."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the roster ({exc.strerror})") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise StoreError(f"{path}: not a UTF-8 CSV file ({exc})") from None
    people = []
    for line, row in enumerate(rows, start=2):
        lowered = {
            clean_line(k or "").strip().lower(): clean_line(v or "").strip()
            for k, v in row.items()
            if not isinstance(v, list)  # cells beyond the header's columns
        }
        if "name" not in lowered:
            raise StoreError(f"{path}:1: the header needs a 'name' column (and country, agency)")
        if not lowered["name"]:
            raise StoreError(f"{path}:{line}: empty name")
        people.append(
            Participant(
                lowered["name"],
                lowered.get("country", ""),
                lowered.get("agency", ""),
                lowered.get("group", ""),
            )
        )
    return tuple(people)


Assignments = tuple[tuple[str, tuple[str, ...]], ...]


def assign_trainers(
    programme: Programme, given: Sequence[str]
) -> tuple[tuple[str, ...], Assignments]:
    """The workshop's trainers and who they are in the programme, from ``--trainer`` values.

    ``Lead trainer=A. Mensah`` gives a role the sessions name to a trainer (a role
    may have several: give it again, or ``Co-trainer=B. Diallo, C. Ouédraogo``);
    ``evidence=A. Mensah`` gives one session (by its id) to its own trainers; a
    plain name is a trainer of the workshop not yet given a role.
    Raises StoreError naming the roles when a role or session is unknown.
    """
    roles = {r.casefold(): r for r in programme.roles()}
    ids = {s.id for s in programme.sessions()}
    people: list[str] = []
    assigned: dict[str, list[str]] = {}
    for value in given:
        key, sep, names = value.partition("=")
        if not sep:
            key, names = "", key
        split = [clean_line(n).strip() for n in names.split(",")]
        split = [n for n in split if n]
        people.extend(split)
        key = key.strip()
        if not key:
            continue
        if key in ids:
            target = key
        elif key.casefold() in roles:
            target = roles[key.casefold()]
        else:
            known = ", ".join(programme.roles())
            raise StoreError(
                f"--trainer {value!r}: {programme.id} has no role or session {key!r} "
                f"(its roles: {known}; or give a session id)"
            )
        assigned.setdefault(target, []).extend(
            n for n in split if n not in assigned.get(target, [])
        )
    people = list(dict.fromkeys(people))
    return tuple(people), tuple((k, tuple(v)) for k, v in assigned.items() if v)


def create(
    data: Path,
    catalog: Catalog,
    programme: str,
    name: str,
    start: date,
    venue: str = "",
    tz: str = "UTC",
    roster: tuple[Participant, ...] = (),
    trainers: tuple[str, ...] = (),
    wid: str | None = None,
    country: str = "",
    names_in_minutes: bool = False,
    groups: tuple[str, ...] = (),
    days: Sequence[date] | None = None,
    weekdays: str = WORKING_WEEK,
    skip: Sequence[date] = (),
    day_starts: tuple[tuple[int, str], ...] = (),
    interpretation: str = "",
) -> Path:
    """Create a workshop file and return its path.

    Its days are ``days`` when given (one date per day of the programme), else
    the working days from ``start`` on (``weekdays``, Monday to Friday by
    default), leaving out the dates in ``skip`` (public holidays).
    """
    if programme not in catalog.programmes:
        known = ", ".join(sorted(catalog.programmes))
        raise StoreError(f"unknown programme {programme!r} (known: {known})")
    check_timezone(tz)
    count = len(catalog.programmes[programme].days)
    try:
        dates = explicit_days([d.isoformat() for d in days], count) if days else None
        dates = dates or working_days(start, count, weekdays, skip)
    except CalendarError as exc:
        raise StoreError(str(exc)) from None
    people, assignments = assign_trainers(catalog.programmes[programme], trainers)
    wid = wid or slugify(name)
    path = path_for(data, wid)
    workshop = Workshop(
        id=wid,
        name=name,
        programme_id=programme,
        start_date=dates[0].isoformat(),
        timezone=tz,
        venue=venue,
        trainers=people,
        roster=roster,
        country=country,
        names_in_minutes=names_in_minutes,
        groups=tuple(Group(clean_text(g, single_line=True)) for g in dict.fromkeys(groups)),
        days=tuple(d.isoformat() for d in dates),
        day_starts=day_starts,
        interpretation=interpretation,
        assignments=assignments,
    )
    WorkshopStore.create(path, workshop)
    return path


def ensure_demo(
    data: Path, catalog: Catalog, now: datetime, tz: str = "UTC", reset: bool = False
) -> Path:
    """The built-in demo workshop, starting ``now`` (rounded down to the quarter hour).

    Made on first use, and made again when asked (``reset``) or when it was never
    started and its first day is not today: the demo opens on time.
    """
    path = path_for(data, DEMO_ID)
    local = now.astimezone(ZoneInfo(tz))
    if path.exists() and not reset:
        try:
            snap = WorkshopStore(path).read()
        except StoreError:
            return path  # the app says what is wrong with it, and how to recover
        if snap.events or snap.workshop.start_date == local.date().isoformat():
            return path
        reset = True
    if reset:
        for leftover in (path, backup_path(path)):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    quarter = local.replace(minute=local.minute - local.minute % 15, second=0, microsecond=0)
    return create_demo(data, catalog, quarter.date(), tz, quarter.strftime("%H:%M"))


def create_demo(
    data: Path, catalog: Catalog, first: date, tz: str = "UTC", starts_at: str | None = None
) -> Path:
    """The demo workshop from ``first`` on, one day after the other; its first day starts
    at ``starts_at`` (HH:MM), or as the programme says."""
    count = len(catalog.programme("demo").days)
    return create(
        data,
        catalog,
        "demo",
        "Demo workshop",
        first,
        venue="Training room",
        tz=tz,
        roster=DEMO_ROSTER,
        trainers=("Lead trainer", "Co-trainer"),
        wid=DEMO_ID,
        days=[first + timedelta(days=i) for i in range(count)],
        day_starts=((1, starts_at),) if starts_at else (),
    )
