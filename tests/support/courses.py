"""A second course for tests: the two-week machine-learning checklist in tests/fixtures/, indexed
offline once per session the way `dlstudy ingest --checklist ... --offline` indexes it.

Import the fixtures into a test module or conftest to use them:
`from tests.support.courses import ml_data_dir, ml_index  # noqa: F401`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.course import Course, load_course
from core.settings import Settings
from ingest.embedding import Embedder
from ingest.pipeline import run_ingest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ML_CHECKLIST = FIXTURES / "ml-two-weeks.md"
ML_QA_SET = FIXTURES / "ml-two-weeks-qa.jsonl"


def ml_course() -> Course:
    return load_course(ML_CHECKLIST)


@pytest.fixture(scope="session")
def ml_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """A data dir holding the offline index of the two-week course (its 6 checklist descriptions)."""
    data_dir = tmp_path_factory.mktemp("ml-index")
    summary = run_ingest(Settings(data_dir=data_dir), ml_course(), offline=True, embedder=embedder)
    assert summary.chunks.total == summary.topics == 6
    return data_dir


@pytest.fixture
def ml_data_dir(ml_index: Path, tmp_path: Path) -> Path:
    """A private copy of the two-week course's index with no progress."""
    target = tmp_path / "ml-data"
    shutil.copytree(ml_index, target, ignore=shutil.ignore_patterns("progress*"))
    return target
