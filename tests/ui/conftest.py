"""Fixtures for the UI tests. The course index and a private copy of it per test (`data_dir`)
come from tests/conftest.py; here only the app's environment."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.fixture
def app_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """A clean `DLSTUDY_*` environment with the extractive provider (no language model needed)."""
    for name in [n for n in os.environ if n.startswith("DLSTUDY_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("DLSTUDY_PROVIDER", "extractive")
    yield monkeypatch
