"""The lexical side of the index, saved beside it: BM25 (memory-mapped), the course's vocabulary
for spelling correction, and per row the chunk id, its topic and its weeks.

Built at ingest from what Chroma holds, in a folder named after the collection's revision (which
every write to the collection changes), so a reader either finds the folder that matches the
index or knows it is stale. A cold process then reads a few small files instead of downloading
every chunk and vector and re-indexing them, and its start does not grow with the course.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN
from bm25s.tokenization import Tokenizer

from core.settings import Settings
from core.text import course_ngrams
from ingest.store import ChunkStore, StoredChunk

CANDIDATES = 30  # rows per lexical search, before fusion
FORMAT = 1  # bump when the saved layout changes: older folders are then rebuilt
# A word of the course's vocabulary (spelling correction compares question words with these).
WORD = re.compile(r"[A-Za-z][A-Za-z-]{3,}")
# bm25s's English stop words lack the question words, so "what" (rare in the course's prose)
# outweighed the term asked about: "What is convolution?" ranked "We will go over what tensors are".
BM25_STOPWORDS = sorted(set(STOPWORDS_EN) | {"what", "which", "who", "whom", "whose", "why", "how", "when",
                                             "where", "does", "do", "did", "can", "could", "would"})
_ROWS = "rows.json"
_WEEKS = "weeks.npy"
TERM_STEMS = "ngrams.json"  # every stem and stem pair of the passages (core.text.course_ngrams)


def _tokenizer() -> Tokenizer:
    return Tokenizer(stopwords=BM25_STOPWORDS, stemmer=Stemmer.Stemmer("english").stemWord)


def passage_text(chunk: StoredChunk) -> str:
    """What BM25 and the vocabulary see of a chunk: its heading and its text."""
    return f"{chunk.chunk.heading}\n{chunk.chunk.text}"


@dataclass(frozen=True)
class LexicalIndex:
    directory: Path
    ids: list[str]  # chunk id per row
    topics: list[str]  # the first topic id per row
    checklist: dict[str, int]  # topic id -> the row of its checklist description
    vocabulary: list[str]  # lowercased course words, sorted
    weeks: np.ndarray  # bool, rows x weeks: row r belongs to week w
    bm25: bm25s.BM25
    tokenizer: Tokenizer

    @cached_property
    def row(self) -> dict[str, int]:
        return {chunk_id: row for row, chunk_id in enumerate(self.ids)}

    @cached_property
    def known(self) -> frozenset[str]:
        return frozenset(self.vocabulary)

    def week_mask(self, weeks: Sequence[int] | None) -> np.ndarray | None:
        """Rows in any of `weeks`; None means every row."""
        if not weeks:
            return None
        columns = [w for w in weeks if 0 <= w < self.weeks.shape[1]]
        if not columns:
            return np.zeros(len(self.ids), dtype=bool)
        return np.asarray(self.weeks[:, columns]).any(axis=1)

    def search(self, question: str, mask: np.ndarray | None) -> tuple[list[int], float]:
        """Rows by BM25, and the best score per query term (comparable across questions)."""
        tokens = self.tokenizer.tokenize([question], return_as="ids", update_vocab=False,
                                         show_progress=False)
        unknown = self.tokenizer.get_vocab_dict().get("")  # bm25s maps unseen words to ""
        tokens = [[t for t in tokens[0] if t != unknown]] if tokens else []
        if not tokens or not tokens[0]:
            return [], 0.0
        k = min(CANDIDATES, len(self.ids))
        rows, scores = self.bm25.retrieve(tokens, k=k, show_progress=False, n_threads=1,
                                          weight_mask=None if mask is None else mask.astype(np.float32))
        found = [int(row) for row, score in zip(rows[0], scores[0], strict=True) if score > 0]
        return found, (float(scores[0][0]) / len(tokens[0]) if found else 0.0)


def lexical_dir(settings: Settings, store: ChunkStore) -> Path:
    """The folder for the collection's current revision (one per collection and revision)."""
    return settings.paths.lexical / store.name / f"{store.revision}-v{FORMAT}"


def save_lexical_index(chunks: Sequence[StoredChunk], directory: Path) -> None:
    """Index `chunks` and write the folder atomically: a reader sees all of it or none."""
    tokenizer = _tokenizer()
    corpus = [passage_text(c) for c in chunks]
    bm25 = bm25s.BM25()
    bm25.index(tokenizer.tokenize(corpus, return_as="tuple", show_progress=False), show_progress=False)
    all_weeks = [week for c in chunks for week in c.chunk.weeks]
    weeks = np.zeros((len(chunks), max(all_weeks, default=0) + 1), dtype=bool)
    for row, item in enumerate(chunks):
        weeks[row, list(item.chunk.weeks)] = True
    rows = {"ids": [c.id for c in chunks], "topics": [c.chunk.topic_ids[0] for c in chunks],
            "checklist": {c.chunk.topic_ids[0]: row for row, c in enumerate(chunks) if c.chunk.source == "checklist"},
            "vocabulary": sorted({w.lower() for text in corpus for w in WORD.findall(text)})}
    directory.parent.mkdir(parents=True, exist_ok=True)
    partial = directory.with_name(f".{directory.name}.{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    bm25.save(str(partial), show_progress=False)
    tokenizer.save_vocab(str(partial))
    np.save(partial / _WEEKS, weeks)
    (partial / _ROWS).write_text(json.dumps(rows), encoding="utf-8")
    (partial / TERM_STEMS).write_text(json.dumps(sorted(course_ngrams(corpus))), encoding="utf-8")
    try:
        partial.rename(directory)
    except OSError:  # another process saved the same revision first: theirs is as good
        shutil.rmtree(partial, ignore_errors=True)


def load_lexical_index(directory: Path) -> LexicalIndex | None:
    """The saved index, memory-mapped, or None if there is none."""
    if not (directory / _ROWS).is_file():
        return None
    rows = json.loads((directory / _ROWS).read_text(encoding="utf-8"))
    tokenizer = _tokenizer()
    tokenizer.load_vocab(str(directory))
    return LexicalIndex(directory=directory, ids=rows["ids"], topics=rows["topics"],
                        checklist=rows["checklist"], vocabulary=rows["vocabulary"],
                        weeks=np.load(directory / _WEEKS, mmap_mode="r"),
                        bm25=bm25s.BM25.load(str(directory), mmap=True, show_progress=False),
                        tokenizer=tokenizer)


def refresh_lexical_index(settings: Settings, store: ChunkStore, *, prune: bool = True) -> Path:
    """Make the folder for the collection as it is now, unless it exists, and (`prune`) drop
    older ones. Ingest calls this after writing; a reader calls it when it finds none (an index
    from before this), without pruning, as another reader may be about to open its own."""
    if not store.revision:
        store.touch()  # an index from before revisions: give it one
    directory = lexical_dir(settings, store)
    if not (directory / _ROWS).is_file() and store.count():
        save_lexical_index(store.chunks(), directory)
    if prune and directory.parent.is_dir():
        for other in directory.parent.iterdir():
            if other != directory and not other.name.startswith("."):
                shutil.rmtree(other, ignore_errors=True)  # readers that mapped it keep their view
    return directory


def open_lexical_index(settings: Settings, store: ChunkStore) -> LexicalIndex:
    """The lexical index matching the collection, built (with a one-line notice) if missing."""
    index = load_lexical_index(lexical_dir(settings, store)) if store.revision else None
    if index is None:
        sys.stderr.write(f"dlstudy: building the lexical index for {store.location}, once\n")
        index = load_lexical_index(refresh_lexical_index(settings, store, prune=False))
    assert index is not None
    return index
