"""papers, scores --import and certificates, run as the user runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.live.events import Event
from facilitator.store.db import WorkshopStore
from tests.unit.test_cli import run

ROSTER = "name,country,agency\nAmina Diallo,Togo,Customs\nJean <b>K</b>,Togo,Police\nNadia H,Togo,Customs\n"


@pytest.fixture()
def workshop(tmp_path: Path, root: Path) -> Path:
    (tmp_path / "roster.csv").write_text(ROSTER)
    made = run("new", "--programme", "demo", "--name", "Demo Lomé", "--start", "2026-12-07",
               "--venue", "Lomé", "--roster", "roster.csv", cwd=tmp_path, data=tmp_path / "data")  # fmt: skip
    assert made.returncode == 0, made.stderr
    return tmp_path / "data" / "demo-lome.json"


@pytest.mark.parametrize("command", ["papers", "scores", "certificates"])
def test_help(command: str, root: Path) -> None:
    result = run(command, "--help", cwd=root)
    assert result.returncode == 0 and f"Usage: facilitator {command}" in result.stdout


def test_papers_in_both_orders_with_key_and_form(workshop: Path, tmp_path: Path) -> None:
    result = run("papers", "demo-lome", "--lang", "fr", cwd=tmp_path, data=workshop.parent)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "printouts" / "demo-lome"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["answer-key.html", "answer-key.md", "evaluation-form.html",
                     "evaluation-form.md", "papers.html", "post-test.md", "pre-test.md"]  # fmt: skip
    html = (folder / "papers.html").read_text()
    assert html.count("<section>") == 2 and "Code du participant" in html
    assert "size: A4" in html
    pre, post = (folder / "pre-test.md").read_text(), (folder / "post-test.md").read_text()
    assert pre.index("Un scellé passe") < pre.index("Le scellé d'un sac")
    assert pre != post and post.startswith("# Test final")
    key = (folder / "answer-key.html").read_text()
    assert "Jean &lt;b&gt;K&lt;/b&gt;" in key and "<b>K</b>" not in key
    assert "| P02 | Jean \\<b\\>K\\</b\\> |" in (folder / "answer-key.md").read_text()


def test_import_names_every_bad_line_and_imports_nothing(workshop: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "code,test,DT-01,DT-02,E-01\nP01,pre,B,A,\nP07,pre,Z,A,\nP01,pre,B,,\nP02,evaluation,,,6\n"
    )
    result = run("scores", "demo-lome", "--import", str(bad), cwd=tmp_path, data=workshop.parent)
    assert result.returncode == 1
    assert f"{bad}:3: unknown participant code 'P07'" in result.stderr
    assert f"{bad}:3: DT-01 must be one of ABC, got 'Z'" in result.stderr
    assert f"{bad}:4: P01 pre is already on line 2" in result.stderr
    assert f"{bad}:5: E-01 must be 1 to 5, got '6'" in result.stderr
    assert "nothing was imported" in result.stderr and "Traceback" not in result.stderr
    assert WorkshopStore(workshop).read().scores == ()


def test_import_then_the_gain(workshop: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(
        "code,test,DT-01,DT-02,DT-03,DT-04\nP01,pre,B,C,C,A\nP01,post,b,a,b,a\nP02,pre,B,A,B,B\nP02,post,B,A,B,B\n"
    )
    result = run("scores", "demo-lome", "--import", str(good), cwd=tmp_path, data=workshop.parent)
    assert result.returncode == 0, result.stderr
    # P01 25 -> 75, P02 100 -> 100: means 62.5 -> 87.5, <g> = 25 / 37.5 = 0.67
    assert "Mean pre-test 62.5%, mean post-test 87.5%" in result.stdout
    assert "⟨g⟩ = 0.67" in result.stdout and "(mean of individual gains 0.67)" in result.stdout
    assert "100% on the pre-test (no gain to measure): P02." in result.stdout


def test_certificates_follow_the_attendance_rule(workshop: Path, tmp_path: Path) -> None:
    store = WorkshopStore(workshop)
    held = ["welcome", "chain-of-custody", "diagnostic-d1", "seizure-drill", "recap-d1"]
    at = 1_800_000_000.0
    for n, sid in enumerate(held):
        store.append_events([Event("start" if n == 0 else "goto", at + n * 60, sid, run=True)])
    for n, sid in enumerate(held):
        store.set_attendance(sid, "Amina Diallo", True)
        store.set_attendance(sid, "Jean <b>K</b>", n < 4)  # 4 of 5: 80%
        store.set_attendance(sid, "Nadia H", n < 3)  # 3 of 5: 60%
    result = run("certificates", "demo-lome", "--lang", "fr", cwd=tmp_path, data=workshop.parent)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "✓ Amina Diallo: a suivi 5 séance(s) sur 5 (100 %) : attestation délivrée" in out
    assert "✓ Jean <b>K</b>: a suivi 4 séance(s) sur 5 (80 %) : attestation délivrée" in out
    assert "✗ Nadia H: a suivi 3 séance(s) sur 5 (60 %) : sous les 80 % requis" in out
    html = (tmp_path / "printouts" / "demo-lome" / "certificates.html").read_text()
    assert html.count('<div class="certificate">') == 2
    assert "Attestation de participation" in html and "Jean &lt;b&gt;K&lt;/b&gt;" in html
    assert "du 7 décembre 2026 au 8 décembre 2026" in html and "Nadia" not in html
    # the five sessions planned 15 + 45 + 30 + 45 + 15 minutes: hours and minutes, not 2.5
    assert "2 heures 30 de formation, 5 séances" in html
    english = run("certificates", "demo-lome", cwd=tmp_path, data=workshop.parent).stdout
    assert "✗ Nadia H: attended 3 of 5 sessions (60%): below the 80% needed" in english
    html = (tmp_path / "printouts" / "demo-lome" / "certificates.html").read_text()
    assert "2 hours 30 minutes of training, 5 sessions" in html
