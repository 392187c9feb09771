"""The command line: help for every command, clear one-line errors, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.store.db import WorkshopStore

BIN = Path(sys.executable).with_name("facilitator")
COMMANDS = [
    "new",
    "list",
    "check",
    "agenda",
    "demo",
    "run",
    "follow",
    "recover",
    "export",
    "collect",
    "bundle",
    "handout",
]


def run(
    *args: str, cwd: Path, data: Path | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess:
    env = {**os.environ}
    if data is not None:
        env["FACILITATOR_DATA"] = str(data)
    return subprocess.run(
        [str(BIN), *args], cwd=cwd, env=env, capture_output=True, text=True, input=stdin
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, root: Path) -> None:
    result = run(command, "--help", cwd=root)
    assert result.returncode == 0
    assert f"Usage: facilitator {command}" in result.stdout


def test_python_dash_m_works(root: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "--help"], cwd=root, capture_output=True, text=True
    )
    assert result.returncode == 0 and "check" in result.stdout


def test_check_passes_on_shipped_content_and_fails_with_file_and_line(
    root: Path, tmp_path: Path
) -> None:
    ok = run("check", cwd=root)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith("OK: ")
    (tmp_path / "sessions").mkdir()
    (tmp_path / "content").mkdir()
    (tmp_path / "sessions" / "bad.toml").write_text(
        'id = "bad"\nfamily = "x"\ntitle = "Bad"\nstart = 9\n'
    )
    bad = run("check", str(tmp_path), cwd=root)
    assert bad.returncode == 1
    assert "sessions/bad.toml:4: unknown key 'start'" in bad.stdout
    assert "sessions/bad.toml:1: a programme needs at least one [[days]] entry" in bad.stdout


def test_new_list_agenda(root: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    roster = tmp_path / "roster.csv"
    roster.write_text("name,country,agency\nAma Mensah,Ghana,Customs\nKofi Boateng,Ghana,Police\n")
    made = run(
        "new",
        "-p",
        "demo",
        "-n",
        "COPES Accra 2027",
        "--start",
        "2027-03-01",
        "--tz",
        "Africa/Accra",
        "--roster",
        str(roster),
        cwd=root,
        data=data,
    )
    assert made.returncode == 0, made.stderr
    assert "copes-accra-2027 (demo, 2 participants)" in made.stdout
    listed = run("list", cwd=root, data=data)
    assert "copes-accra-2027" in listed.stdout and "2027-03-01" in listed.stdout
    agenda = run("agenda", "demo", "--start", "2027-03-01", cwd=root)
    assert "Day 1, Mon 01 Mar 2027" in agenda.stdout and "09:15-10:00" in agenda.stdout
    markdown = run(
        "agenda", "demo", "--start", "2027-03-01", "--markdown", "--lang", "fr", cwd=root
    )
    assert "| 09:15–10:00 | 45 | content | Preuve et chaîne de possession |" in markdown.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "-p", "nope", "-n", "X", "--start", "2027-01-01"], "unknown programme 'nope'"),
        (
            ["new", "-p", "demo", "-n", "X", "--start", "01/02/2027"],
            "--start must be a date written YYYY-MM-DD",
        ),
        (
            ["new", "-p", "demo", "-n", "X", "--start", "2027-01-01", "--tz", "Mars/Olympus"],
            "unknown time zone",
        ),
        (["run", "nowhere"], "no workshop 'nowhere'"),
        (["agenda", "nope"], "unknown programme 'nope'"),
        (["recover", "nowhere"], "no backup copy"),
        (["frobnicate"], "No such command 'frobnicate'"),
    ],
)
def test_user_errors_are_one_clear_line(
    args: list[str], message: str, root: Path, tmp_path: Path
) -> None:
    result = run(*args, cwd=root, data=tmp_path / "data")
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("facilitator: ")


def test_bad_roster_names_the_file_and_line(root: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("name,country,agency\nAma,Ghana,Customs\n,Ghana,Police\n")
    result = run(
        "new",
        "-p",
        "demo",
        "-n",
        "X",
        "--start",
        "2027-01-01",
        "--roster",
        str(roster),
        cwd=root,
        data=tmp_path / "data",
    )
    assert result.returncode == 1
    assert f"{roster}:3: empty name" in result.stderr


def test_damaged_workshop_is_reported_and_recovered(root: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert (
        run(
            "new", "-p", "demo", "-n", "Lomé", "--start", "2027-01-01", cwd=root, data=data
        ).returncode
        == 0
    )
    from facilitator.live.events import Event
    from facilitator.store.db import WorkshopStore

    WorkshopStore(data / "lome.json").append_event(Event("start", 1.0, "welcome"))
    (data / "lome.json").write_text('{"workshop": ')
    result = run("run", "lome", cwd=root, data=data)
    assert result.returncode == 1
    assert "lome.json: cannot read this workshop file" in result.stderr
    assert "facilitator recover lome" in result.stderr
    recovered = run("recover", "lome", cwd=root, data=data)
    assert recovered.returncode == 0, recovered.stderr
    assert WorkshopStore(data / "lome.json").read().workshop.name == "Lomé"


def test_new_with_named_groups_and_a_roster_that_assigns_them(root: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,country,agency,group\n"
        "Ama Mensah,Ghana,Customs,A\nKofi Boateng,Ghana,Police,A\n"
        "Awa Diop,Senegal,Customs,B\nJean Kouassi,Côte d'Ivoire,Police,B\n"
    )
    made = run(
        "new", "-p", "demo", "-n", "CPCH regional", "--start", "2027-03-01",
        "--roster", str(roster), "--groups", "A, B,C", cwd=root, data=data,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    workshop = WorkshopStore(data / "cpch-regional.json").read().workshop
    assert [(g.name, g.country) for g in workshop.answer_groups()] == [
        ("A", "Ghana"),  # both members from Ghana
        ("B", ""),  # mixed
        ("C", ""),  # nobody assigned yet
    ]


def test_without_groups_each_country_of_the_roster_is_one(root: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    roster = tmp_path / "roster.csv"
    roster.write_text("name,country,agency\nA,Togo,Customs\nB,Benin,Police\nC,Togo,Police\n")
    run("new", "-p", "demo", "-n", "R", "--start", "2027-03-01", "--roster", str(roster),
        cwd=root, data=data)  # fmt: skip
    workshop = WorkshopStore(data / "r.json").read().workshop
    assert [g.name for g in workshop.answer_groups()] == ["Togo", "Benin"]


def test_recover_refuses_a_file_that_is_not_damaged(root: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    run("new", "-p", "demo", "-n", "Lomé", "--start", "2027-01-01", cwd=root, data=data)
    store = WorkshopStore(data / "lome.json")
    from facilitator.live.events import Event

    store.append_event(Event("start", 1.0, "welcome"))  # the .bak now holds an older state
    refused = run("recover", "lome", cwd=root, data=data)
    assert refused.returncode == 1
    assert "reads well; nothing to recover" in refused.stderr
    assert [e.kind for e in store.read().events] == ["start"]  # the last write is still there


def test_recover_refuses_a_file_it_only_cannot_open(tmp_path: Path, monkeypatch) -> None:
    """Unreadable for its permissions is not damaged: the .bak must not replace it."""
    from facilitator.course.model import Workshop
    from facilitator.live.events import Event
    from facilitator.store import db as store_mod

    path = tmp_path / "w.json"
    s = WorkshopStore.create(path, Workshop("w", "W", "demo", "2026-12-07"))
    s.append_event(Event("start", 1.0, "welcome"))
    real = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(store_mod.StoreError, match="not damaged"):
        store_mod.recover(path)
    monkeypatch.setattr(Path, "read_bytes", real)
    assert [e.kind for e in WorkshopStore(path).read().events] == ["start"]


@pytest.mark.parametrize("command", ["run demo", "follow demo", "demo"])
def test_the_app_without_a_terminal_stops_at_once_with_one_line(
    command: str, root: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    run("demo", cwd=root, data=data)  # creates the demo workshop (and says it needs a terminal)
    started = subprocess.run(
        [str(BIN), *command.split()],
        cwd=root,
        env={**os.environ, "FACILITATOR_DATA": str(data)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert started.returncode == 1
    assert started.stderr.count("\n") == 1 and "needs a terminal" in started.stderr


@pytest.mark.parametrize(
    ("data", "says"),
    [("{tmp}/a-file/data", "Not a directory"), ("/proc/facilitator-data", "No such file")],
)
def test_a_data_folder_that_cannot_be_made_is_one_line(
    data: str, says: str, root: Path, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("")
    folder = data.format(tmp=tmp_path)
    result = run(
        "new", "-p", "demo", "-n", "X", "--start", "2027-01-01", cwd=root, data=Path(folder)
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and says in result.stderr
    assert "Traceback" not in result.stderr


def test_hostile_options_are_cleaned_as_they_enter(root: Path, tmp_path: Path) -> None:
    from tests.nasty import HOSTILE, assert_clean

    data = tmp_path / "data"
    # argv is bytes, NUL-terminated: it carries neither lone surrogates nor NUL
    evil = "".join(HOSTILE[k] for k in HOSTILE if "surrogate" not in k).replace("\x00", "")
    made = run(
        "new", "-p", "demo", "-n", "Lomé" + evil, "--start", "2027-01-01", "--venue", evil,
        "--trainer", "Awa" + evil, "--country", "Togo" + evil, "--groups", "A" + evil + ",B",
        cwd=root, data=data,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert_clean(made.stdout)
    [path] = data.glob("*.json")
    w = WorkshopStore(path).read().workshop
    for value in (w.name, w.venue, w.country, *w.trainers, *(g.name for g in w.groups)):
        assert_clean(value)
        assert "PWNED" not in value and "UFdORUQ" not in value
    assert w.name.startswith("Lomé") and w.trainers[0].startswith("Awa")
    listed = run("list", cwd=root, data=data)
    assert_clean(listed.stdout)


def test_the_commands_kept_elsewhere_are_imported_only_when_used() -> None:
    """Opening the app imports none of the coordinators' or the printers' commands;
    each is still listed and runs."""
    code = (
        "import sys, facilitator.cli as c; "
        "print(sorted(m for m in sys.modules if m.startswith('facilitator.cli_'))); "
        "print(' '.join(c.cli.list_commands(None)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    imported, listed = out.stdout.splitlines()
    assert imported == "[]"
    assert {"bundle", "collect", "papers", "scores", "certificates", "room", "handout"} <= set(
        listed.split()
    )
    for name in ("scores", "handout", "collect"):
        shown = subprocess.run([BIN, name, "--help"], capture_output=True, text=True)
        assert shown.returncode == 0 and f"Usage: facilitator {name}" in shown.stdout
