"""The chunk index in Chroma: embedded (PersistentClient under the data dir) or a Chroma server.

This module owns how a Chunk is encoded as Chroma metadata and decoded again, so the ingester
that writes and the assistant that reads agree by construction. Vectors are always computed by
our Embedder; Chroma's own default embedding function (which downloads a model) is never used.
"""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from core.errors import UserError
from core.settings import Settings
from ingest.chroma_local import LocalCollection, open_local_collection
from ingest.models import Chunk, TopicRef

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

COLLECTION_PREFIX = "dlstudy"
REVISION = "dlstudy_revision"  # collection metadata: changes on every write (see ingest/lexical)
_BATCH = 512


@dataclass(frozen=True)
class StoredChunk:
    id: str
    chunk: Chunk


@dataclass(frozen=True)
class ScoredChunk:
    id: str
    chunk: Chunk
    similarity: float  # cosine similarity, 1.0 = identical direction


def collection_name(model_id: str) -> str:
    """One collection per embedding model, so vectors of two models never mix."""
    return f"{COLLECTION_PREFIX}-{model_id}"


def encode_metadata(chunk: Chunk) -> dict[str, str | int | bool]:
    metadata: dict[str, str | int | bool] = {
        "source": chunk.source,
        "url": chunk.url,
        "heading": chunk.heading,
        "chunk_index": chunk.chunk_index,
        "hash": chunk.text_hash,
        "week": chunk.weeks[0],
        "topic_ids": ",".join(chunk.topic_ids),
        "topics": json.dumps([[t.topic_id, t.week, t.title] for t in chunk.topics]),
    }
    for week in chunk.weeks:  # flat flags, because Chroma filters on scalars
        metadata[f"w{week}"] = True
    return metadata


def decode_chunk(text: str, metadata: dict) -> Chunk:
    topics = tuple(TopicRef(topic_id=i, week=w, title=t) for i, w, t in json.loads(metadata["topics"]))
    return Chunk(text=text, source=metadata["source"], url=metadata["url"], topics=topics,
                 heading=metadata["heading"], chunk_index=int(metadata["chunk_index"]),
                 text_hash=metadata["hash"])


def week_filter(weeks: Sequence[int] | None) -> dict | None:
    if not weeks:
        return None
    flags = [{f"w{week}": True} for week in weeks]
    return flags[0] if len(flags) == 1 else {"$or": flags}


class ChunkStore:
    def __init__(self, settings: Settings, model_id: str, *, create: bool = True) -> None:
        self.location = settings.chroma_url or str(settings.paths.chroma)
        self.name = collection_name(model_id)
        self._model_id = model_id
        self._settings = settings
        # An existing local index is opened through Chroma's core alone (see chroma_local): the
        # chromadb client loads at the first write, or at once if the process imported chromadb
        # (one core per store, the client's, then sees every write) or the index has no revision yet.
        if not create and not settings.chroma_url and "chromadb" not in sys.modules:
            try:
                local = open_local_collection(settings.paths.chroma, self.name)
            except Exception:  # the client opens it instead, and words any failure
                local = None
            if local is not None and (local.metadata or {}).get(REVISION):
                self._collection: Collection | LocalCollection = local
                return
        self._collection = self._open(create)

    def _open(self, create: bool) -> Collection:
        """The collection through the chromadb client."""
        try:
            client = self._client(self._settings, create)
        except UserError:
            raise
        except Exception as error:  # chromadb raises several unrelated types for "cannot connect"
            raise UserError(f"cannot open the Chroma index at {self.location} "
                            f"({type(error).__name__}); start the server with `chroma run` "
                            "or drop --chroma-url to use the embedded store") from None
        if not create and self.name not in {c.name for c in client.list_collections()}:
            raise UserError(f"no index for {self._model_id} at {self.location}; run `dlstudy ingest` first")
        return client.get_or_create_collection(
            self.name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}})

    @staticmethod
    def _client(settings: Settings, create: bool) -> ClientAPI:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            if url.scheme not in ("http", "https") or not url.hostname:
                raise UserError(f"--chroma-url {settings.chroma_url!r} is not an http(s) URL; "
                                "pass one like http://127.0.0.1:8000")
            client = chromadb.HttpClient(
                host=url.hostname, port=url.port or (443 if url.scheme == "https" else 80),
                ssl=url.scheme == "https", settings=chroma_settings)
            client.heartbeat()
            return client
        if not create and not settings.paths.chroma.exists():
            raise UserError(f"no index at {settings.paths.chroma}; run `dlstudy ingest` first")
        settings.paths.chroma.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.paths.chroma), settings=chroma_settings)

    def _writable(self) -> Collection:
        """The collection for a write: a store opened through Chroma's core switches to the client."""
        if isinstance(self._collection, LocalCollection):
            self._collection = self._open(create=False)
        return self._collection

    def count(self) -> int:
        return self._collection.count()

    @property
    def revision(self) -> str:
        """Which state of the collection this is; "" for an index written before revisions."""
        return str((self._collection.metadata or {}).get(REVISION, ""))

    def touch(self) -> None:
        """Give the collection a new revision, so saved derivatives of the old one are stale."""
        metadata = {**(self._collection.metadata or {}), REVISION: uuid.uuid4().hex}
        self._writable().modify(metadata=metadata)

    def metadata_by_id(self) -> dict[str, dict]:
        result = self._collection.get(include=["metadatas"])
        return dict(zip(result["ids"], result["metadatas"], strict=True))

    def all_chunks(self) -> tuple[list[StoredChunk], list[list[float]]]:
        """Every chunk with its vector: what a reader needs for lexical search and rescoring."""
        result = self._collection.get(include=["documents", "metadatas", "embeddings"])
        chunks = [StoredChunk(id=i, chunk=decode_chunk(d, m))
                  for i, d, m in zip(result["ids"], result["documents"], result["metadatas"], strict=True)]
        embeddings = result["embeddings"]
        return chunks, [list(v) for v in embeddings] if embeddings is not None else []

    def add(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]) -> None:
        for start in range(0, len(chunks), _BATCH):
            batch = chunks[start:start + _BATCH]
            self._writable().upsert(
                ids=[c.id for c in batch],
                documents=[c.text for c in batch],
                metadatas=[encode_metadata(c) for c in batch],
                embeddings=[list(e) for e in embeddings[start:start + _BATCH]],
            )
        if chunks:
            self.touch()

    def delete(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        for start in range(0, len(ids), _BATCH):
            self._writable().delete(ids=ids[start:start + _BATCH])
        if ids:
            self.touch()

    def query(self, embedding: Sequence[float], k: int, weeks: Sequence[int] | None = None) -> list[ScoredChunk]:
        if self.count() == 0:
            return []
        result = self._collection.query(
            query_embeddings=[list(embedding)], n_results=k, where=week_filter(weeks),
            include=["documents", "metadatas", "distances"])
        return [ScoredChunk(id=i, chunk=decode_chunk(d, m), similarity=1.0 - float(dist))
                for i, d, m, dist in zip(result["ids"][0], result["documents"][0],
                                         result["metadatas"][0], result["distances"][0], strict=True)]

    def get(self, ids: Sequence[str]) -> dict[str, tuple[Chunk, list[float]]]:
        """Some chunks with their vectors, by id (Chroma returns them in its own order)."""
        if not ids:
            return {}
        result = self._collection.get(ids=list(ids), include=["documents", "metadatas", "embeddings"])
        return {i: (decode_chunk(d, m), list(v)) for i, d, m, v in zip(
            result["ids"], result["documents"], result["metadatas"], result["embeddings"], strict=True)}

    def iter_chunks(self, page: int = 2000) -> Iterator[StoredChunk]:
        """Every chunk, a page at a time: for a reader that needs each once, in bounded memory."""
        for offset in range(0, self.count(), page):
            result = self._collection.get(include=["documents", "metadatas"], limit=page, offset=offset)
            yield from (StoredChunk(id=i, chunk=decode_chunk(d, m)) for i, d, m in
                        zip(result["ids"], result["documents"], result["metadatas"], strict=True))

    def chunks(self, source: str | None = None) -> list[StoredChunk]:
        """Every chunk (or those of one source) without vectors: for readers that need only text."""
        result = self._collection.get(where={"source": source} if source else None,
                                      include=["documents", "metadatas"])
        return [StoredChunk(id=i, chunk=decode_chunk(d, m))
                for i, d, m in zip(result["ids"], result["documents"], result["metadatas"], strict=True)]
