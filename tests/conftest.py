"""Fixtures shared across the test packages: one real course index per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.course import load_course
from core.settings import Settings
from ingest.embedding import Embedder
from tests.support.courses import ml_data_dir, ml_index  # noqa: F401 - a second course, for every package
from tests.support.indexes import offline_index, private_copy
from tests.support.site import site  # noqa: F401 - the fixture article site, for every package


@pytest.fixture(scope="session", autouse=True)
def clean_environment() -> Iterator[None]:
    """Tests configure dlstudy explicitly: a developer's own DLSTUDY_* settings must not leak in.
    Session-wide (before the session index is built), and restored when the session ends."""
    with pytest.MonkeyPatch.context() as patch:
        for name in [n for n in os.environ if n.startswith("DLSTUDY_")]:
            patch.delenv(name)
        yield


@pytest.fixture(scope="session")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    """The real bundled MiniLM, loaded once per session (its ONNX graph lives in a temp dir)."""
    return Embedder(Settings(data_dir=tmp_path_factory.mktemp("embedder")))


@pytest.fixture(scope="session")
def course_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """A data dir holding the offline index of the whole course: the 173 checklist descriptions,
    built the way a user's first offline run builds it."""
    return offline_index(tmp_path_factory.mktemp("course-index"), load_course(), embedder, topics=173)


@pytest.fixture
def data_dir(course_index: Path, tmp_path: Path) -> Path:
    """A private copy of the prebuilt index with no progress, so tests never share state."""
    return private_copy(course_index, tmp_path / "data")
