"""Writing the minutes: every file atomically, and not at all when its bytes are there."""

from __future__ import annotations

from pathlib import Path

from facilitator.course.model import Kind, Programme
from facilitator.minutes import report, session, timeline
from facilitator.minutes.contract import TIMELINE
from facilitator.minutes.learning_md import CHARTS, chart_files, results
from facilitator.minutes.records import Minutes
from facilitator.store.db import Snapshot
from facilitator.store.files import make_folder, write_atomic


def _write(path: Path, text: str) -> Path:
    """Write atomically, and not at all when the bytes are already there."""
    payload = text.encode("utf-8")
    try:
        if path.read_bytes() == payload:
            return path
    except OSError:
        pass
    write_atomic(path, payload)
    return path


def export(
    snapshot: Snapshot,
    programme: Programme,
    out_dir: Path,
    session_id: str | None = None,
    lang: str = "en",
) -> list[Path]:
    """Write the minutes of every session held and ``index.md`` (or one session's file).

    Returns the files written, in agenda order, the report's charts, ``index.md`` last.
    """
    minutes = Minutes(snapshot, programme, lang)
    if session_id is not None:
        try:
            slot = minutes.schedule.slot(session_id)
        except KeyError:
            raise ValueError(f"no session {session_id!r} in programme {programme.id}") from None
        if slot.session.kind is Kind.BREAK:
            raise ValueError(f"{session_id!r} is a break; breaks have no minutes")
        if not minutes.live.run(session_id).started:
            raise ValueError(f"session {session_id!r} has not been held yet; nothing to export")
        make_folder(out_dir)
        return [_write(out_dir / minutes.file_name(slot), session.render(minutes, slot))]
    make_folder(out_dir)
    written = [
        _write(out_dir / minutes.file_name(slot), session.render(minutes, slot))
        for slot in minutes.held()
    ]
    charts = {TIMELINE: timeline.render(minutes)}
    charts.update(chart_files(results(snapshot, programme, lang)))
    maturity = report.maturity_chart(minutes)
    if maturity is not None:
        charts[CHARTS["maturity"]] = maturity
    for name, svg in charts.items():
        written.append(_write(out_dir / name, svg))
    written.append(_write(out_dir / "index.md", report.render(minutes)))
    return written
