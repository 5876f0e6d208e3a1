"""Building a course's offline index once per session and handing each test a private copy."""

from __future__ import annotations

import shutil
from pathlib import Path

from core.course import Course
from core.settings import Settings
from ingest.embedding import Embedder
from ingest.pipeline import run_ingest


def offline_index(data_dir: Path, course: Course, embedder: Embedder, topics: int) -> Path:
    """The index a user's first `dlstudy ingest --offline` builds: one checklist description per
    topic, `topics` of them."""
    summary = run_ingest(Settings(data_dir=data_dir), course, offline=True, embedder=embedder)
    assert summary.chunks.total == summary.topics == topics
    return data_dir


def private_copy(index: Path, target: Path) -> Path:
    """A copy of `index` without progress, so tests never share state."""
    shutil.copytree(index, target, ignore=shutil.ignore_patterns("progress*"))
    return target
