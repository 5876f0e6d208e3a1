"""Reading the embedded Chroma store without importing the chromadb package.

`import chromadb` is half of a cold `dlstudy ask` (0.6 s of 1.2 s on 2 cores: its API classes
check their overrides as they are defined, and it loads OpenTelemetry and gRPC), while the store
itself is Chroma's Rust core, which imports and opens in 0.05 s. A process that only reads a
local index talks to that core through the bindings chromadb ships, with the same calls as
chromadb's own local client (chromadb/api/rust.py). Writes, a Chroma server and a process that
has imported chromadb already go through the client (see `ingest.store.ChunkStore`).
"""

from __future__ import annotations

import json
import resource
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

TENANT, DATABASE = "default_tenant", "default_database"  # where chromadb's clients keep collections
# The versions whose bindings take the arguments below; another version reads through the client
# (slower to start, never wrong), and tests/ingest/test_chroma_local.py says so.
KNOWN_VERSIONS = ("1.5.",)
_SQLITE = "chroma.sqlite3"


class LocalCollection:
    """One collection of the embedded store, for reading: the calls `ChunkStore` reads with,
    taking and returning what chromadb's `Collection` does."""

    def __init__(self, bindings: Any, collection: Any) -> None:
        self._bindings = bindings
        self._id = str(collection.id)
        self.metadata: dict[str, Any] | None = collection.metadata

    def count(self) -> int:
        return int(self._bindings.count(self._id, TENANT, DATABASE))

    def get(self, ids: Sequence[str] | None = None, where: dict | None = None, limit: int | None = None,
            offset: int | None = None, include: Sequence[str] = ("metadatas", "documents")) -> dict[str, Any]:
        result = self._bindings.get(self._id, list(ids) if ids is not None else None, _json(where), limit,
                                    offset or 0, None, list(include), TENANT, DATABASE)
        return {"ids": result.ids, "documents": result.documents, "metadatas": result.metadatas,
                "embeddings": result.embeddings}

    def query(self, query_embeddings: Sequence[Sequence[float]], n_results: int, where: dict | None = None,
              include: Sequence[str] = ("metadatas", "documents", "distances")) -> dict[str, Any]:
        result = self._bindings.query(self._id, None, [list(e) for e in query_embeddings], n_results,
                                      _json(where), None, list(include), TENANT, DATABASE)
        return {"ids": result.ids, "documents": result.documents, "metadatas": result.metadatas,
                "distances": result.distances}


def open_local_collection(path: Path, name: str) -> LocalCollection | None:
    """The collection `name` of the store at `path`, or None where the chromadb client should open
    it: the store or the collection is missing (the client words that), or the bindings are of a
    version these calls were not written for."""
    if not (path / _SQLITE).is_file():
        return None
    if not version("chromadb").startswith(KNOWN_VERSIONS):  # (the bindings' own get_version imports chromadb)
        return None
    import chromadb_rust_bindings as rust

    config = rust.SqliteDBConfig(hash_type=rust.MigrationHash.MD5, migration_mode=rust.MigrationMode.Apply,
                                 url=str(path / _SQLITE))  # chromadb's defaults, as PersistentClient opens it
    # Each HNSW index holds 5 files open; chromadb sizes the cache the same way.
    cache = resource.getrlimit(resource.RLIMIT_NOFILE)[0] // 5
    bindings = rust.Bindings(allow_reset=False, sqlite_db_config=config, persist_path=str(path),
                             hnsw_cache_size=cache)
    found = [c for c in bindings.list_collections(None, None, TENANT, DATABASE) if c.name == name]
    return LocalCollection(bindings, found[0]) if found else None


def _json(where: dict | None) -> str | None:
    return json.dumps(where) if where else None
