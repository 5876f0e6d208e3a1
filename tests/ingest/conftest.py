"""Fixtures for the ingest tests. The fixture site lives in `tests.support.site` so other test
packages can import the same `site` fixture into their own conftest."""

from tests.support.site import site  # noqa: F401 - re-exported pytest fixture
