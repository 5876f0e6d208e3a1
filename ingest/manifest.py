"""The ingest manifest (SQLite): per-URL status, content hash and chunk ids from the last run,
and the hash of each model file stored with the index (the ONNX query model).

It lets an unchanged page skip extraction and chunking entirely. It is written only after the
chunks it names are in the index, so a run killed at any point leaves it describing the index
correctly or describing an older state that the next run repairs.
"""

from __future__ import annotations

import hashlib
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
CREATE TABLE IF NOT EXISTS model_files (
    name TEXT PRIMARY KEY,         -- e.g. all-MiniLM-L6-v2.onnx, under the data dir's models/
    sha256 TEXT NOT NULL,          -- of the file as written
    size INTEGER NOT NULL,         -- size and mtime: an unchanged file is trusted without rehashing
    mtime_ns INTEGER NOT NULL,
    source_sha256 TEXT NOT NULL,   -- of the weights it was made from
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


@dataclass(frozen=True)
class ModelFileRecord:
    """A model file made at ingest, and what it was made from."""

    name: str
    sha256: str
    size: int
    mtime_ns: int
    source_sha256: str


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
        url, status, reason, final_url, etag, last_modified, content_hash, chunk_ids = row
        return PageRecord(url=url, status=status, reason=reason, final_url=final_url, etag=etag,
                          last_modified=last_modified, content_hash=content_hash,
                          chunk_ids=tuple(json.loads(chunk_ids)))

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

    def model_file(self, name: str) -> ModelFileRecord | None:
        row = self._db.execute(
            "SELECT name, sha256, size, mtime_ns, source_sha256 FROM model_files WHERE name = ?",
            (name,)).fetchone()
        return ModelFileRecord(*row) if row else None

    def put_model_file(self, record: ModelFileRecord) -> None:
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("INSERT OR REPLACE INTO model_files VALUES (?, ?, ?, ?, ?, ?)",
                             (record.name, record.sha256, record.size, record.mtime_ns,
                              record.source_sha256, time.time()))

    def close(self) -> None:
        self._db.close()
