"""The vector of every sentence of the index's passages, made at ingest (SQLite, one file per model).

An extractive answer weighs each candidate sentence of the passages it retrieved by meaning, and
embedding a few dozen sentences was two thirds of an answer's time. Ingest embeds each chunk's
sentences once, beside the chunk; an answer then reads their vectors instead of computing them.

The file follows the index: ingest adds the sentences of new chunks, forgets those of chunks it
removed, and fills in any chunk it finds without them (an index made before this file existed, or
a run killed between writing Chroma and writing here). Each change is one transaction, so a kill
leaves the file as it was or as it should be; a reader that finds no vector for a sentence simply
embeds it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np

from core.text import split_sentences
from ingest.embedding import EmbedMany
from ingest.models import Chunk, Reporter
from ingest.store import ChunkStore

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sentences (
    text TEXT PRIMARY KEY,          -- the sentence as `split_sentences` cuts it from a passage
    vector BLOB NOT NULL            -- float32, unit length
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS chunk_sentences (
    chunk_id TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (chunk_id, text)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS chunk_sentences_text ON chunk_sentences(text);
"""
_PARAMETERS = 500  # bound parameters per query, under SQLite's limit


def passage_sentences(text: str) -> list[str]:
    """The sentences of a passage that an answer may quote: the same cut answers make."""
    return list(dict.fromkeys(split_sentences(text)))


class SentenceVectors:
    """Sentence -> vector for the passages of one index and one embedding model."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    @classmethod
    def open_existing(cls, path: Path) -> SentenceVectors | None:
        """The file at `path` for reading, or None when ingest has not written one."""
        return cls(path) if path.is_file() else None

    def close(self) -> None:
        self._db.close()

    def chunk_ids(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT DISTINCT chunk_id FROM chunk_sentences")}

    def missing(self, texts: Iterable[str]) -> list[str]:
        """The texts among `texts` with no vector yet, each once, in order."""
        wanted = list(dict.fromkeys(texts))
        known = {text for (text,) in self._rows("text", wanted)}
        return [t for t in wanted if t not in known]

    def get(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        return {text: np.frombuffer(blob, dtype=np.float32) for text, blob in self._rows("text, vector", texts)}

    def _rows(self, columns: str, texts: Sequence[str]) -> Iterator[tuple]:
        wanted = list(dict.fromkeys(texts))
        for start in range(0, len(wanted), _PARAMETERS):
            part = wanted[start:start + _PARAMETERS]
            yield from self._db.execute(
                f"SELECT {columns} FROM sentences WHERE text IN ({','.join('?' * len(part))})", part)

    def put(self, sentences_by_chunk: Mapping[str, Sequence[str]],
            vectors: Mapping[str, Sequence[float]]) -> None:
        """Record each chunk's sentences and every new sentence's vector, in one transaction."""
        with self._db:
            self._db.executemany("INSERT OR IGNORE INTO sentences(text, vector) VALUES (?, ?)",
                                 ((t, np.asarray(v, dtype=np.float32).tobytes()) for t, v in vectors.items()))
            self._db.executemany("INSERT OR IGNORE INTO chunk_sentences(chunk_id, text) VALUES (?, ?)",
                                 ((c, t) for c, texts in sentences_by_chunk.items() for t in texts))

    def forget_chunks(self, chunk_ids: Iterable[str]) -> None:
        """Drop these chunks, and the vectors of sentences no remaining chunk has."""
        ids = list(chunk_ids)
        if not ids:
            return
        with self._db:
            self._db.executemany("DELETE FROM chunk_sentences WHERE chunk_id = ?", ((i,) for i in ids))
            self._db.execute("DELETE FROM sentences WHERE text NOT IN (SELECT text FROM chunk_sentences)")


def refresh_sentence_vectors(sentences: SentenceVectors, store: ChunkStore, embed: EmbedMany,
                             known: Mapping[str, Chunk], wanted: set[str], reporter: Reporter,
                             step: int = 256) -> int:
    """Bring `sentences` in line with the index's chunk ids `wanted` (texts of new chunks are in
    `known`; any other is read back from the store) and return how many sentences were embedded."""
    have = sentences.chunk_ids()
    sentences.forget_chunks(have - wanted)
    need = wanted - have
    texts = {i: known[i].text for i in need if i in known}
    texts.update((i, chunk.text) for i, (chunk, _) in store.get(sorted(need - texts.keys())).items())
    by_chunk = {i: passage_sentences(text) for i, text in texts.items()}
    new = sentences.missing(t for chunk_sentences in by_chunk.values() for t in chunk_sentences)
    reporter.start("sentences", len(new))
    vectors: dict[str, Sequence[float]] = {}
    for start in range(0, len(new), step):
        part = new[start:start + step]
        vectors.update(zip(part, embed(part), strict=True))
        reporter.advance("sentences", len(part))
    sentences.put(by_chunk, vectors)
    return len(new)
