"""Handouts: what participants get (slides, their documents), never what trainers keep."""

from __future__ import annotations

import re
import stat
from datetime import date
from pathlib import Path

import pytest

from facilitator.course import catalog
from facilitator.live.calendar import Calendar
from facilitator.minutes.handout import (
    document_handout,
    module_handout,
    programme_handout,
    shift_headings,
)
from facilitator.minutes.html import handout_html
from tests.unit.test_cli import run

HEARING = "copes/16-mock-hearing.md"
TRAINERS_ONLY = ("trainer only", "trainers only", "formateurs seulement", "réservé aux formateurs")


def test_participants_get_the_slides_and_their_documents_never_the_notes(full_course) -> None:
    module = full_course.modules[HEARING]
    text = module_handout(full_course, HEARING).markdown()
    for slide in module.slides:
        assert slide.body.splitlines()[-1] in text
        for line in slide.notes.splitlines():
            if len(line) > 30:  # a line of speaker notes long enough to be only there
                assert line not in text
    assert "Republic of Veldra: extract of the law" in text  # 16-01, for every witness
    assert "observer checklist" in text
    assert "What really happened" not in text  # the trainer's key (16-00)
    assert text.startswith(f"# {module.title}\n")


def test_the_trainers_edition_has_the_notes_under_each_slide(full_course) -> None:
    text = module_handout(full_course, HEARING, notes=True).markdown()
    first = full_course.modules[HEARING].slides[0]
    assert "Trainers' edition" in text
    assert first.notes.splitlines()[0] in text
    assert text.index(first.notes.splitlines()[0]) > text.index(first.body.splitlines()[-1])


def test_no_handout_list_names_a_document_for_trainers_or_one_player(full_course) -> None:
    materials = full_course.materials
    listed = [*materials.every_programme, *(n for v in materials.for_modules.values() for n in v)]
    assert len(listed) > 15
    for name in listed:
        for lang in ("en", "fr"):
            head = materials.text(name, lang).lower()[:600]
            assert not any(mark in head for mark in TRAINERS_ONLY), (name, lang)
    assert (
        "copes/16-00-trainer-key.md" not in listed and "copes/16-12-ruiz-notebook.md" not in listed
    )


def test_a_french_handout_is_in_french_slides_documents_and_words(full_course) -> None:
    text = module_handout(full_course, HEARING, "fr", notes=True).markdown()
    assert full_course.modules[HEARING].slides_in("fr")[1].body.splitlines()[0][3:] in text
    assert "République de Veldra" in text and "Notes de l'intervenant" in text
    assert "Republic of Veldra: extract" not in text


def test_a_programme_handout_has_the_agenda_with_its_dates_then_each_session(full_course) -> None:
    programme = full_course.programme("cpch-5day")
    days = Calendar.consecutive(date(2027, 3, 1), len(programme.days))
    text = programme_handout(full_course, programme, days, "Africa/Lome", "fr").markdown()
    assert "## Jour 1, lundi 1er mars 2027 : " in text
    assert "## Jour 5, vendredi 5 mars 2027 : " in text
    assert "| 09:00–09:45 | Ouverture" in text
    positions = [text.index(f"# {s.title.get('fr')}\n") for s in programme.sessions() if s.module]
    assert positions == sorted(positions) and positions[0] > text.index("## Jour 5")
    assert "Glossaire" in text[positions[-1] :]


def test_shift_headings_moves_every_heading_but_not_inside_a_code_fence() -> None:
    source = "## Title\n\ntext\n\n### Sub\n\n```\n# not a heading\n```\n"
    assert shift_headings(source, 1) == "# Title\n\ntext\n\n## Sub\n\n```\n# not a heading\n```"
    assert shift_headings("no heading", 3) == "no heading"
    assert shift_headings("# a\n###### b", 2).splitlines() == ["## a", "###### b"]


def tiny_course(folder: Path) -> catalog.Catalog:
    (folder / "sessions").mkdir(parents=True)
    (folder / "content" / "t").mkdir(parents=True)
    (folder / "content" / "t" / "m.md").write_text(
        "# Title <script>alert(1)</script>\n\n[link](javascript:alert(1))\n\n| a | b |\n"
        "| --- | --- |\n| 1 | 2 |\n"
    )
    found, _problems = catalog.scan(folder)
    return found


def test_html_is_one_a4_page_that_shows_html_in_a_course_file_as_text(tmp_path: Path) -> None:
    course = tiny_course(tmp_path)
    html = handout_html(module_handout(course, "t/m.md"))
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    assert "@page { size: A4;" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert "<table>" in html and "<td>2</td>" in html
    assert "<title>Title &lt;script&gt;alert(1)&lt;/script&gt;</title>" in html


def test_one_document_prints_on_its_own(full_course) -> None:
    made = document_handout(full_course, "copes/16-00-trainer-key.md")
    assert made.title.startswith("Mock hearing") and "What really happened" in made.markdown()


def test_a_handout_list_naming_what_does_not_exist_is_a_problem_with_its_line(
    tmp_path: Path,
) -> None:
    tiny_course(tmp_path)
    (tmp_path / "content" / "materials").mkdir()
    (tmp_path / "content" / "materials" / "sheet.md").write_text("# Sheet\n")
    (tmp_path / "content" / "materials" / "handouts.toml").write_text(
        'every_programme = ["sheet.md"]\n[modules]\n"t/m.md" = ["sheet.md", "gone.md"]\n'
        '"t/none.md" = []\n'
    )
    found, problems = catalog.scan(tmp_path)
    messages = [str(p) for p in problems if "handouts.toml" in p.path]
    assert "content/materials/handouts.toml:3: no document content/materials/gone.md" in messages
    assert "content/materials/handouts.toml:4: no module content/t/none.md" in messages
    assert found.materials.of_module("t/m.md") == ("sheet.md",)


def test_handout_command_writes_a_private_file_here_and_refuses_an_unknown_name(
    root: Path, tmp_path: Path
) -> None:
    made = run("handout", HEARING, "--format", "md", "--lang", "fr", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    out = tmp_path / "handouts" / "copes-16-mock-hearing.fr.md"
    assert out.read_text().startswith("# Exercice : audience simulée")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    bad = run("handout", "copes/99-nothing.md", cwd=tmp_path)
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1
    assert "copes/99-nothing.md: not a module" in bad.stderr


@pytest.mark.parametrize(
    "command", [["handout", HEARING], ["agenda", "demo", "--start", "2027-03-01"]]
)
def test_pdf_is_printed_a4_by_headless_chromium(command: list[str], tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    made = run(*command, "--format", "pdf", "--out", str(out), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    payload = out.read_bytes()
    assert (
        payload.startswith(b"%PDF-") and b"/MediaBox [0 0 594.9" in payload
    )  # A4: 210 x 297 mm in points


def test_agenda_as_html_is_in_the_workshops_language_with_its_dates(tmp_path: Path) -> None:
    made = run("agenda", "demo", "--start", "2027-03-01", "--format", "html", "--lang", "fr",
               cwd=tmp_path)  # fmt: skip
    assert made.returncode == 0, made.stderr
    html = (tmp_path / "handouts" / "agenda-demo.fr.html").read_text()
    assert '<html lang="fr">' in html and "Jour 1, lundi 1er mars 2027\u00a0: " in html
    assert "<th>Heure</th>" in html and "Preuve et chaîne de possession" in html


def test_an_agenda_or_handout_without_lang_is_in_the_programmes_own_language(
    root: Path, tmp_path: Path
) -> None:
    course = tmp_path / "course"
    (course / "sessions").mkdir(parents=True)
    french = (
        (root / "sessions" / "demo.toml").read_text().replace('language = "en"', 'language = "fr"')
    )
    (course / "sessions" / "demo.toml").write_text(french)
    common = ("--start", "2027-03-01", "--format", "html", "--course", str(course))
    for command in (("agenda", "demo"), ("handout", "demo")):
        made = run(*command, *common, cwd=tmp_path)
        assert made.returncode == 0, made.stderr
    agenda = (tmp_path / "handouts" / "agenda-demo.fr.html").read_text()
    assert '<html lang="fr">' in agenda and "Jour 1, lundi 1er mars 2027\u00a0: " in agenda
    handout = (tmp_path / "handouts" / "demo.fr.html").read_text()
    assert '<html lang="fr">' in handout and "Preuve et chaîne de possession" in handout
    # --lang still wins, and the built-in programme (language "en") stays English
    made = run("agenda", "demo", *common, "--lang", "en", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert '<html lang="en">' in (tmp_path / "handouts" / "agenda-demo.en.html").read_text()
    made = run("handout", "demo", "--start", "2027-03-01", "--format", "md", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "handouts" / "demo.en.md").is_file()


def test_a_forms_blank_rows_print_tall_enough_to_write_in(full_course) -> None:
    html = handout_html(document_handout(full_course, "copes/09-01-custody-record.md"))
    assert "<tr>\n" + "<td></td>\n" * 4 + "</tr>" in html  # a blank line to write on
    assert "td:empty { height: 7mm; }" in html  # a row of empty cells would print 2 mm tall


def test_a_french_handout_never_breaks_a_line_before_a_colon_question_mark_or_guillemet(
    full_course,
) -> None:
    html = handout_html(document_handout(full_course, "copes/11-02-observer-checklist.md", "fr"))
    body = html.split("<body>", 1)[1]
    assert "«\u00a0Jeu\nde rôle\u00a0: le passager\u00a0»" in body  # across a line of the source
    assert "vu\u00a0?" in body
    assert re.search(r"[ \n][:;?!»]|«[ \n]", body) is None
    english = handout_html(document_handout(full_course, "copes/11-02-observer-checklist.md"))
    assert "\u00a0" not in english
