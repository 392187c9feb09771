"""Shared fixtures: the repository's course files, a fake clock, a data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from facilitator.course import catalog
from facilitator.live.events import FakeClock

ROOT = Path(__file__).resolve().parent.parent

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def course() -> catalog.Catalog:
    """The shipped course files; the demo programme must load cleanly."""
    loaded, _others = catalog.load_for(ROOT, "demo")
    return loaded


@pytest.fixture(scope="session")
def full_course() -> catalog.Catalog:
    """Every shipped programme, module and bank, with no problem anywhere."""
    return catalog.load(ROOT)


@pytest.fixture()
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("FACILITATOR_DATA", str(folder))
    return folder
