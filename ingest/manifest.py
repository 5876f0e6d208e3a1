"""The ingest manifest (SQLite): per-URL status, content hash and chunk ids from the last run.

It lets an unchanged page skip extraction and chunking entirely. It is written only after the
chunks it names are in the index, so a run killed at any point leaves it describing the index
correctly or describing an older state that the next run repairs.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    status TEXT NOT NULL,          -- ok | cached | unchanged | failed
    reason TEXT,                   -- why it failed, for humans
    final_url TEXT,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    chunk_ids TEXT NOT NULL DEFAULT '[]',
    updated_at REAL NOT NULL
);
"""


@dataclass(frozen=True)
class PageRecord:
    url: str
    status: str
    reason: str | None = None
    final_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    chunk_ids: tuple[str, ...] = ()


class Manifest:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    def get(self, url: str) -> PageRecord | None:
        row = self._db.execute(
            "SELECT url, status, reason, final_url, etag, last_modified, content_hash, chunk_ids "
            "FROM pages WHERE url = ?", (url,)).fetchone()
        if row is None:
            return None
        return PageRecord(*row[:7], chunk_ids=tuple(json.loads(row[7])))

    def put_many(self, records: list[PageRecord]) -> None:
        """All in one transaction: the manifest moves from one consistent state to the next."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(r.url, r.status, r.reason, r.final_url, r.etag, r.last_modified, r.content_hash,
                  json.dumps(list(r.chunk_ids)), time.time()) for r in records])

    def forget_except(self, urls: set[str]) -> None:
        """Drop pages the checklist no longer links to."""
        known = {row[0] for row in self._db.execute("SELECT url FROM pages")}
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("DELETE FROM pages WHERE url = ?", [(u,) for u in known - urls])

    def close(self) -> None:
        self._db.close()
