"""Hybrid retrieval over the course index: dense (Chroma) + lexical (BM25) + topic-title
matching, fused by reciprocal rank fusion, with week scoping that widens when it finds too little.

Loaded once per process: BM25 and the chunk vectors live in memory (a few thousand chunks), so a
warm query costs one query embedding, one Chroma query and some arithmetic.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN
from bm25s.tokenization import Tokenizer
from rapidfuzz import fuzz, process

from assistant.scope import IN_SCOPE_MIN_SCORE, PARTIAL_MIN_SCORE, ScopeSignals, scope_score
from assistant.terms import course_ngrams, technical_terms
from assistant.topics import TopicMatcher
from core.course import Course
from core.errors import UserError
from core.settings import Settings
from ingest.embedding import Embedder
from ingest.models import Chunk, TopicRef
from ingest.store import ChunkStore, StoredChunk

# Fusion constants, set on the dev split of the evaluation set (eval/README.md): a small k lets
# each list's first few results dominate, which is right for a corpus where one topic answers.
RRF_K = 3
CANDIDATES = 30  # per list, before fusion
BM25_WEIGHT = 1.5  # exact course terms ("Winograd", "im2row") are strong evidence
TITLE_WEIGHT = 0.25  # a named topic nudges the ranking; mostly it decides scope (see in_scope)
QUERY_MEMO = 64  # question vectors remembered per process
WEAK_SCOPE_SIMILARITY = 0.45  # a scoped search whose best hit is weaker than this widens
# A question word the course never uses is compared with the course's own words: "epoc" ->
# "epoch", "wieghts" -> "weights". High enough that ordinary words are left alone.
SPELLING_MIN_SCORE = 82
_WORD = re.compile(r"[A-Za-z][A-Za-z-]{3,}")
# bm25s's English stop words lack the question words, so "what" (rare in the course's prose)
# outweighed the term asked about: "What is convolution?" ranked "We will go over what tensors are".
BM25_STOPWORDS = sorted(set(STOPWORDS_EN) | {"what", "which", "who", "whom", "whose", "why", "how", "when",
                                             "where", "does", "do", "did", "can", "could", "would"})


@dataclass(frozen=True)
class Hit:
    chunk_id: str
    chunk: Chunk
    topic: TopicRef  # the topic this passage is cited as
    similarity: float  # cosine similarity to the question
    fused: float  # the RRF score that ranked it


@dataclass(frozen=True)
class Retrieval:
    hits: list[Hit]
    weeks: list[int] | None  # the scope that produced the hits; None = all weeks
    widened: bool = False  # a week scope found too little and was widened to all weeks
    title_matches: list[str] = field(default_factory=list)  # topic ids named in the question
    signals: ScopeSignals | None = None

    @property
    def topic_ids(self) -> list[str]:
        """The hits' topics in retrieval order, each once."""
        return list(dict.fromkeys(hit.topic.topic_id for hit in self.hits))

    @property
    def best_similarity(self) -> float:
        return max((hit.similarity for hit in self.hits), default=0.0)

    @property
    def scope_score(self) -> float:
        """How surely the course covers the question, from several signals (see `scope`)."""
        return scope_score(self.signals) if self.signals else self.best_similarity

    @property
    def in_scope(self) -> bool:
        """Clearly about the course (the near band is judged with the question's terms, in
        `near_course`)."""
        return self.scope_score >= IN_SCOPE_MIN_SCORE

    @property
    def near_course(self) -> bool:
        """Close to the course without being in it: worth a partial answer when the question
        names a technical term the course lacks ("how does a GRU cell work?"), unless the intent
        model reads it as another subject."""
        off_course = self.signals is not None and self.signals.off_course_vote
        return not off_course and PARTIAL_MIN_SCORE <= self.scope_score < IN_SCOPE_MIN_SCORE


class CourseRetriever:
    def __init__(self, settings: Settings, course: Course, embedder: Embedder | None = None,
                 matcher: TopicMatcher | None = None) -> None:
        self.course = course
        self.hybrid = settings.retrieval == "hybrid"
        self.embedder = embedder or Embedder(settings)
        self.matcher = matcher or TopicMatcher(course)
        self.store = ChunkStore(settings, self.embedder.model_id, create=False)
        stored, vectors = self.store.all_chunks()
        if not stored:
            raise UserError(f"the index at {self.store.location} is empty; run `dlstudy ingest` first")
        self._chunks: list[StoredChunk] = stored
        self._row = {item.id: row for row, item in enumerate(stored)}
        self._vectors = np.asarray(vectors, dtype=np.float32)
        self._checklist_row = {item.chunk.topic_ids[0]: row for row, item in enumerate(stored)
                               if item.chunk.source == "checklist"}
        self._week_rows: dict[int, np.ndarray] = {}
        for row, item in enumerate(stored):
            for week in item.chunk.weeks:
                self._week_rows.setdefault(week, np.zeros(len(stored), dtype=bool))[row] = True
        self._tokenizer = Tokenizer(stopwords=BM25_STOPWORDS, stemmer=Stemmer.Stemmer("english").stemWord)
        corpus = [f"{item.chunk.heading}\n{item.chunk.text}" for item in stored]
        self._vocabulary = sorted({w.lower() for text in corpus for w in _WORD.findall(text)})
        self._known = set(self._vocabulary)
        self._query_vectors: dict[str, list[float]] = {}
        self._ngrams = course_ngrams(corpus + [t.title for t in course.topics])
        self._bm25 = bm25s.BM25()
        self._bm25.index(self._tokenizer.tokenize(corpus, return_as="ids", show_progress=False),
                         show_progress=False)

    @property
    def size(self) -> int:
        return len(self._chunks)

    def correct_spelling(self, text: str) -> str:
        """Replace words the course never uses with the closest word it does, if one is close."""
        def fix(match: re.Match[str]) -> str:
            word = match.group(0)
            if word.lower() in self._known:
                return word
            best = process.extractOne(word.lower(), self._vocabulary, scorer=fuzz.ratio,
                                      score_cutoff=SPELLING_MIN_SCORE)
            return best[0] if best else word

        return _WORD.sub(fix, text)

    def missing_terms(self, question: str) -> list[str]:
        """Technical terms of the question that the course's text never uses (see coverage)."""
        return [term for term, stems in technical_terms(question) if stems not in self._ngrams]

    def passage(self, chunk_id: str) -> Chunk:
        return self._chunks[self._row[chunk_id]].chunk

    def embed(self, question: str) -> tuple[str, list[float]]:
        """The question as searched (spelling corrected against the course) and its vector: one
        embedding serves routing and retrieval alike. Remembered for the last few questions, as
        one request may be searched twice (to judge a follow-up, then to answer it)."""
        corrected = self.correct_spelling(question)
        if corrected not in self._query_vectors:
            self._query_vectors[corrected] = self.embedder.embed_query(corrected)
            while len(self._query_vectors) > QUERY_MEMO:
                self._query_vectors.pop(next(iter(self._query_vectors)))
        return corrected, self._query_vectors[corrected]

    def search(self, question: str, k: int = 5, weeks: Sequence[int] | None = None,
               vector: Sequence[float] | None = None, off_course_vote: bool = False) -> Retrieval:
        """The k best passages; a weak week-scoped search is widened to the whole course.

        `vector` is the question's embedding from `embed` (the question then is already
        corrected); `off_course_vote` says the intent model reads it as another subject.
        """
        matches = self.matcher.named(question, limit=3)
        if vector is None:
            question, vector = self.embed(question)
        query_vector = np.asarray(vector, dtype=np.float32)
        scoped = list(weeks) if weeks else None
        result = self._search(question, query_vector, matches, k, scoped, off_course_vote)
        if scoped and result.best_similarity < WEAK_SCOPE_SIMILARITY and not result.title_matches:
            wide = self._search(question, query_vector, matches, k, None, off_course_vote)
            if wide.best_similarity > result.best_similarity:
                return replace(wide, widened=True)
        return result

    def _search(self, question: str, query_vector: np.ndarray, matches: list, k: int,
                weeks: list[int] | None, off_course_vote: bool = False) -> Retrieval:
        mask = self._mask(weeks)
        dense = [self._row[s.id] for s in self.store.query(query_vector.tolist(), CANDIDATES, weeks)]
        if not self.hybrid:
            matches = []
        lexical, lexical_top = self._bm25_rows(question, mask) if self.hybrid else ([], 0.0)
        titled = [self._checklist_row[m.topic_id] for m in matches
                  if m.topic_id in self._checklist_row and (mask is None or mask[self._checklist_row[m.topic_id]])]
        fused: dict[int, float] = defaultdict(float)
        for weight, rows in ((1.0, dense), (BM25_WEIGHT, lexical), (TITLE_WEIGHT, titled)):
            for rank, row in enumerate(rows):
                fused[row] += weight / (RRF_K + rank + 1)
        similarities = self._vectors @ query_vector if fused else np.zeros(0)
        named = {m.topic_id for m in matches}
        ranked = sorted(fused, key=lambda row: (-fused[row], row))
        hits = [Hit(chunk_id=self._chunks[row].id, chunk=self._chunks[row].chunk,
                    topic=_cited_topic(self._chunks[row].chunk, named, question),
                    similarity=float(similarities[row]), fused=fused[row]) for row in ranked[:k]]
        # One topic per phrase of the question: "convolution" names several titles, but one thing.
        distinct: list = []
        for match in matches:
            if not any(match.start < other.end and other.start < match.end for other in distinct):
                distinct.append(match)
        title_matches = [m.topic_id for m in distinct
                         if mask is None or any(m.topic_id == h.topic.topic_id for h in hits)]
        signals = ScopeSignals(
            dense=float(similarities[dense[0]]) if dense else 0.0, lexical=lexical_top,
            named=bool(title_matches),
            agree=bool(dense and lexical and self._chunks[dense[0]].chunk.topic_ids[0]
                       == self._chunks[lexical[0]].chunk.topic_ids[0]),
            off_course_vote=off_course_vote)
        return Retrieval(hits, weeks, title_matches=title_matches, signals=signals)

    def _mask(self, weeks: list[int] | None) -> np.ndarray | None:
        if not weeks:
            return None
        mask = np.zeros(len(self._chunks), dtype=bool)
        for week in weeks:
            if week in self._week_rows:
                mask |= self._week_rows[week]
        return mask

    def _bm25_rows(self, question: str, mask: np.ndarray | None) -> tuple[list[int], float]:
        """Rows by BM25, and the best score per query term (comparable across questions)."""
        tokens = self._tokenizer.tokenize([question], return_as="ids", update_vocab=False,
                                          show_progress=False)
        unknown = self._tokenizer.get_vocab_dict().get("")  # bm25s maps unseen words to ""
        tokens = [[t for t in tokens[0] if t != unknown]] if tokens else []
        if not tokens or not tokens[0]:
            return [], 0.0
        k = min(CANDIDATES, len(self._chunks))
        rows, scores = self._bm25.retrieve(tokens, k=k, show_progress=False, n_threads=1,
                                           weight_mask=None if mask is None else mask.astype(np.float32))
        found = [int(row) for row, score in zip(rows[0], scores[0], strict=True) if score > 0]
        return found, (float(scores[0][0]) / len(tokens[0]) if found else 0.0)


def _cited_topic(chunk: Chunk, named: set[str], question: str) -> TopicRef:
    """An article shared by several topics is cited as the one the question is about."""
    if len(chunk.topics) == 1:
        return chunk.topics[0]
    for topic in chunk.topics:
        if topic.topic_id in named:
            return topic
    words = set(re.findall(r"\w+", question.lower()))
    return max(chunk.topics, key=lambda t: len(words & set(re.findall(r"\w+", t.title.lower()))))
