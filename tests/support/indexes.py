"""Building a course's offline index once per session and handing each test a private copy."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from assistant.service import Assistant
from core.course import Course
from core.settings import Settings
from ingest.embedding import Embedder
from ingest.pipeline import run_ingest


def offline_index(data_dir: Path, course: Course, embedder: Embedder, topics: int) -> Path:
    """The index a user's first `dlstudy ingest --offline` builds: one checklist description per
    topic, `topics` of them, with what the first question needs prepared beside it."""
    summary = run_ingest(Settings(data_dir=data_dir), course, offline=True, embedder=embedder)
    assert summary.chunks.total == summary.topics == topics
    Assistant(Settings(data_dir=data_dir), course, provider="extractive").prepare()
    return data_dir


def private_copy(index: Path, target: Path) -> Path:
    """A copy of `index` without progress, so tests never share state.

    The query model (87 MB) is hard-linked rather than copied: dlstudy only ever replaces it
    whole (`os.replace`), so a link is as private as a copy, and a full run of the suite stays at
    megabytes of disk per test instead of gigabytes in all. A test that damages the file in place
    calls `unshare` first."""
    shutil.copytree(index, target, ignore=shutil.ignore_patterns("progress*"), copy_function=_link_models)
    return target


def unshare(path: Path) -> Path:
    """Give `path` its own bytes, so writing into it in place leaves every other copy alone."""
    private = path.with_name(path.name + ".private")
    shutil.copy2(path, private)
    os.replace(private, path)
    return path


def _link_models(source: str, target: str) -> str:
    if Path(source).parent.name == "models":
        os.link(source, target)
        return target
    return shutil.copy2(source, target)
