"""Fixtures for the UI tests: one real course index per session, and a fresh copy per test.

The index is built the way a user's first offline run builds it: `run_ingest(..., offline=True)`
with an empty page cache indexes the 173 checklist descriptions with the real MiniLM model. Each
test gets its own copy of that data dir, so the progress one test records (ticks, quiz answers)
never leaks into another.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.course import load_course
from ingest.pipeline import run_ingest
from ingest.settings import Settings

@pytest.fixture(scope="session")
def course_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir holding the checklist-only index (built once per test session)."""
    data_dir = tmp_path_factory.mktemp("ui-index")
    summary = run_ingest(Settings(data_dir=data_dir), load_course(), offline=True)
    assert summary.chunks.total >= summary.topics  # every topic is searchable from its description
    return data_dir


@pytest.fixture
def data_dir(course_index: Path, tmp_path: Path) -> Path:
    """A private copy of the prebuilt index, with an empty progress database."""
    target = tmp_path / "data"
    shutil.copytree(course_index, target, ignore=shutil.ignore_patterns("progress.sqlite3*"))
    return target


@pytest.fixture
def app_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """A clean `DLSTUDY_*` environment with the extractive provider (no language model needed)."""
    import os

    for name in [n for n in os.environ if n.startswith("DLSTUDY_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("DLSTUDY_PROVIDER", "extractive")
    yield monkeypatch
