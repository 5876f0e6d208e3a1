"""A second course for tests: the two-week machine-learning checklist in tests/fixtures/, indexed
offline once per session the way `dlstudy ingest --checklist ... --offline` indexes it.

Import the fixtures into a test module or conftest to use them:
`from tests.support.courses import ml_data_dir, ml_index  # noqa: F401`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.course import Course, load_course
from ingest.embedding import Embedder
from tests.support.indexes import offline_index, private_copy

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ML_CHECKLIST = FIXTURES / "ml-two-weeks.md"
ML_QA_SET = FIXTURES / "ml-two-weeks-qa.jsonl"


def ml_course() -> Course:
    return load_course(ML_CHECKLIST)


@pytest.fixture(scope="session")
def ml_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """A data dir holding the offline index of the two-week course (its 6 checklist descriptions)."""
    return offline_index(tmp_path_factory.mktemp("ml-index"), ml_course(), embedder, topics=6)


@pytest.fixture
def ml_data_dir(ml_index: Path, tmp_path: Path) -> Path:
    """A private copy of the two-week course's index with no progress."""
    return private_copy(ml_index, tmp_path / "ml-data")
