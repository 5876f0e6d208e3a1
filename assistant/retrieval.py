"""Hybrid retrieval over the course index: dense (Chroma) + lexical (BM25) + topic-title
matching, fused by reciprocal rank fusion, with week scoping that widens when it finds too little.

A process reads only what a question needs: BM25 and the row metadata are memory-mapped from the
lexical index saved at ingest (ingest/lexical), dense search runs in Chroma with the week as a
metadata filter, and the fused hits' passages and vectors are fetched by id. So the first answer
costs the same on a course of 173 chunks as on one of 17,000, and a Chroma server does the search.
"""

from __future__ import annotations

import json
import os
import re
from collections import OrderedDict, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import chain

import numpy as np
from rapidfuzz import fuzz, process

from assistant.scope import (
    CONCEPT_NEAR_MIN_SCORE,
    GOES_ON_MIN_SCORE,
    IN_SCOPE_MIN_SCORE,
    PARTIAL_MIN_SCORE,
    ScopeSignals,
    scope_score,
)
from assistant.terms import not_in_course, technical_terms
from assistant.topics import TopicMatch, TopicMatcher
from core.course import Course
from core.errors import UserError
from core.settings import Settings
from core.text import STOPWORDS, Stems, course_ngrams, slip_of, stem, words, zipf
from ingest.embedding import Embedder
from ingest.lexical import CANDIDATES, TERM_STEMS, WORD, open_lexical_index, passage_text
from ingest.models import Chunk, TopicRef
from ingest.store import ChunkStore

# Fusion constants, set on the dev split of the evaluation set (eval/README.md): a small k lets
# each list's first few results dominate, which is right for a corpus where one topic answers.
RRF_K = 3  # CANDIDATES per list, before fusion (ingest/lexical)
BM25_WEIGHT = 1.5  # exact course terms ("Winograd", "im2row") are strong evidence
TITLE_WEIGHT = 0.25  # a named topic nudges the ranking; mostly it decides scope (see in_scope)
QUERY_MEMO = 64  # question vectors remembered per process
WEAK_SCOPE_SIMILARITY = 0.45  # a scoped search whose best hit is weaker than this widens...
WEEK_AGREES_WITHIN = 3  # ...unless its best topic is among this many best of the whole course's
PASSAGE_MEMO = 256  # passages remembered per process (citations are looked up by id)
# A question comparing what it names, and what may stand between the topics of a list it names.
COMPARISON = re.compile(r"\b(?:compar\w*|vs|versus|differ\w*|relat\w*|similar\w*|between|same as|"
                         r"better than|worse than|unlike)\b", re.IGNORECASE)
_LISTED = re.compile(r"\W*(?:(?:and|or|&)\W*)?", re.IGNORECASE)
COINED_REST = 3  # words beside a coined name that still leave it the question's subject (`_coined`)
# Words that ask what a named thing is and nothing more: "explain quantization in simple words".
_ONLY_WHAT_IT_IS = frozenset("""explain define definition describe meaning mean means simple simply plain
words terms layman eli5 briefly brief basically exactly please pls tell concept overview intro introduction""".split())
# A question word the course never uses is compared with the course's own words: "epoc" ->
# "epoch", "wieghts" -> "weights". High enough that ordinary words are left alone.
SPELLING_MIN_SCORE = 82
# Only a word everyday English hardly uses (wordfreq's Zipf scale) can be a misspelling: a common
# word the course happens not to use ("unimportant", "really", "called") is left as written,
# where the corrector bent it into a course word ("important", "recall", "scaled").
SPELLING_MAX_ZIPF = 3.0


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
    # ...the one a short question is built around, named by a word English does not have
    coined: list[str] = field(default_factory=list)
    # The question asks about each topic it names: it compares them ("X vs Y") or lists them
    # ("X, Y and Z"), rather than naming one in passing ("check for X with Y").
    each_named: bool = False
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
        `near_course`), and not another field's sense of its words."""
        return self.scope_score >= IN_SCOPE_MIN_SCORE and not self._elsewhere

    @property
    def off_course(self) -> bool:
        """Another subject: the intent model is sure enough (`ScopeSignals.off_course`), or the
        question is nearer another subject's requests than the course's (`nearer_elsewhere`)."""
        return (self.signals is not None and self.signals.off_course) or self._elsewhere

    @property
    def _elsewhere(self) -> bool:
        return self.signals is not None and self.signals.nearer_elsewhere

    @property
    def near_course(self) -> bool:
        """Close to the course without being in it: worth a partial answer when the question
        names a technical term the course lacks ("how does a GRU cell work?"), unless the intent
        model reads it as another subject."""
        return not self.off_course and PARTIAL_MIN_SCORE <= self.scope_score < IN_SCOPE_MIN_SCORE


    @property
    def concept_near(self) -> bool:
        """Near enough to the course that a concept of the glossary it lacks makes a partial
        answer rather than a refusal (see `CONCEPT_NEAR_MIN_SCORE`)."""
        return not self.off_course and self.scope_score >= CONCEPT_NEAR_MIN_SCORE

    def goes_on_with(self, topic_ids: Collection[str], weeks: Collection[int]) -> bool:
        """Close enough to the course to go on with a conversation about `topic_ids` (of `weeks`):
        the best passage is on one of them or on a topic of their weeks (see `GOES_ON_MIN_SCORE`).
        The conversation settles the sense of the course's words ("how should they start out?"
        after He initialization is about weights, not a race), so only the intent model's reading can stop it."""
        if (self.signals is not None and self.signals.off_course) or not self.hits \
                or self.scope_score < GOES_ON_MIN_SCORE:
            return False
        best = self.hits[0].topic
        return best.topic_id in topic_ids or best.week in weeks


class CourseRetriever:
    def __init__(self, settings: Settings, course: Course, embedder: Embedder | None = None,
                 matcher: TopicMatcher | None = None) -> None:
        self.course = course
        self.hybrid = settings.retrieval == "hybrid"
        self.embedder = embedder or Embedder(settings)
        self.matcher = matcher or TopicMatcher(course)
        self.store = ChunkStore(settings, self.embedder.model_id, create=False)
        if self.store.count() == 0:
            raise UserError(f"the index at {self.store.location} is empty; run `dlstudy ingest` first")
        self.lexical = open_lexical_index(settings, self.store)
        self._query_vectors: dict[str, list[float]] = {}
        self._passages: OrderedDict[str, Chunk] = OrderedDict()

    @property
    def size(self) -> int:
        return len(self.lexical.ids)

    def correct_spelling(self, text: str) -> str:
        """Replace words the course never uses, and everyday English hardly does, with the
        closest word the course uses, if one is close."""
        known, vocabulary = self.lexical.known, self.lexical.vocabulary

        def fix(match: re.Match[str]) -> str:
            word = match.group(0)
            if word.lower() in known or zipf(word.lower()) >= SPELLING_MAX_ZIPF:
                return word
            best = process.extractOne(word.lower(), vocabulary, scorer=fuzz.ratio,
                                      score_cutoff=SPELLING_MIN_SCORE)
            return best[0] if best else slip_of(word, vocabulary) or word  # "bakcprop": backpropagation

        return WORD.sub(fix, text)

    def missing_terms(self, question: str) -> list[str]:
        """Technical terms of the question that the course's text never uses (see coverage)."""
        terms = technical_terms(question)
        return not_in_course(terms, self._ngrams, self._words) if terms else []

    def uses(self, word: str) -> bool:
        """Whether the course's text has the word, in any of its forms."""
        return (stem(word.lower()),) in self._ngrams

    @cached_property
    def _words(self) -> list[str]:
        """The course's single stems, sorted: a shortened word is looked up among them."""
        return sorted(gram[0] for gram in self._ngrams if len(gram) == 1)

    @cached_property
    def _ngrams(self) -> set[Stems]:
        """The course's term stems: saved by ingest beside the lexical index, plus the topic
        titles'. An index saved before ingest wrote them gets them here once (reading it a page
        at a time), kept in the same place."""
        path = self.lexical.directory / TERM_STEMS
        if path.is_file():
            saved = {tuple(gram) for gram in json.loads(path.read_text(encoding="utf-8"))}
            return saved | course_ngrams(t.title for t in self.course.topics)
        texts = chain((passage_text(c) for c in self.store.iter_chunks()), (t.title for t in self.course.topics))
        grams = course_ngrams(texts)
        partial = path.with_name(f".{TERM_STEMS}.{os.getpid()}")
        partial.write_text(json.dumps(sorted(grams)), encoding="utf-8")
        partial.replace(path)
        return grams

    def passage(self, chunk_id: str) -> Chunk:
        if chunk_id not in self._passages:
            found = self.store.get([chunk_id])
            if chunk_id not in found:
                raise KeyError(chunk_id)
            self._remember(chunk_id, found[chunk_id][0])
        return self._passages[chunk_id]

    def _remember(self, chunk_id: str, chunk: Chunk) -> None:
        self._passages[chunk_id] = chunk
        self._passages.move_to_end(chunk_id)
        while len(self._passages) > PASSAGE_MEMO:
            self._passages.popitem(last=False)

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
               vector: Sequence[float] | None = None, course_vote: float = 0.0) -> Retrieval:
        """The k best passages; a weak week-scoped search is widened to the whole course.

        `vector` is the question's embedding from `embed` (the question then is already
        corrected); `course_vote` is the intent model's reading (`scope.course_vote`).
        """
        matches = self.matcher.named(question, limit=3)
        if vector is None:
            question, vector = self.embed(question)
        query_vector = np.asarray(vector, dtype=np.float32)
        scoped = list(weeks) if weeks else None
        result = self._search(question, query_vector, matches, k, scoped, course_vote)
        if scoped and result.best_similarity < WEAK_SCOPE_SIMILARITY and not result.title_matches:
            wide = self._search(question, query_vector, matches, k, None, course_vote)
            # The week's best topic among the whole course's first few: the week holds the answer,
            # and other weeks only share words with the question ("does week 8 have
            # anything against overfitting?" finds Overfitting itself in week 4).
            agrees = bool(result.hits) and result.hits[0].topic.topic_id in wide.topic_ids[:WEEK_AGREES_WITHIN]
            if wide.best_similarity > result.best_similarity:
                # How surely the course covers a question does not depend on the week searched.
                return replace(result, signals=wide.signals) if agrees else replace(wide, widened=True)
        return result

    def _search(self, question: str, query_vector: np.ndarray, matches: list, k: int,
                weeks: list[int] | None, course_vote: float = 0.0) -> Retrieval:
        lexical_index = self.lexical
        mask = lexical_index.week_mask(weeks)
        found = {s.id: s for s in self.store.query(query_vector.tolist(), CANDIDATES, weeks)
                 if s.id in lexical_index.row}
        dense = [lexical_index.row[chunk_id] for chunk_id in found]
        if not self.hybrid:
            matches = []
        lexical, lexical_top = lexical_index.search(question, mask) if self.hybrid else ([], 0.0)
        checklist = lexical_index.checklist
        titled = [checklist[m.topic_id] for m in matches
                  if m.topic_id in checklist and (mask is None or mask[checklist[m.topic_id]])]
        fused: dict[int, float] = defaultdict(float)
        for weight, rows in ((1.0, dense), (BM25_WEIGHT, lexical), (TITLE_WEIGHT, titled)):
            for rank, row in enumerate(rows):
                fused[row] += weight / (RRF_K + rank + 1)
        named = {m.topic_id for m in matches}
        ranked = [lexical_index.ids[row] for row in sorted(fused, key=lambda row: (-fused[row], row))[:k]]
        passages = {i: (s.chunk, s.similarity) for i, s in found.items()}
        fetched = self.store.get([i for i in ranked if i not in passages])  # hits only BM25 or a title found
        passages |= {i: (chunk, float(np.dot(vector, query_vector))) for i, (chunk, vector) in fetched.items()}
        hits = [Hit(chunk_id=i, chunk=passages[i][0], topic=_cited_topic(passages[i][0], named, question),
                    similarity=passages[i][1], fused=fused[lexical_index.row[i]])
                for i in ranked if i in passages]
        for hit in hits:
            self._remember(hit.chunk_id, hit.chunk)
        # One topic per phrase of the question: "convolution" names several titles, but one thing.
        distinct: list = []
        for match in matches:
            if not any(match.start < other.end and other.start < match.end for other in distinct):
                distinct.append(match)
        title_matches = [m.topic_id for m in distinct
                         if mask is None or any(m.topic_id == h.topic.topic_id for h in hits)]
        coined = _coined(question, [m for m in distinct if m.topic_id in title_matches])
        first = next(iter(found.values()), None)
        signals = ScopeSignals(
            dense=first.similarity if first else 0.0, lexical=lexical_top,
            named=bool(title_matches),
            agree=bool(dense and lexical and lexical_index.topics[dense[0]] == lexical_index.topics[lexical[0]]),
            course_vote=course_vote)
        kept = sorted((m for m in distinct if m.topic_id in title_matches), key=lambda m: m.start)
        each = bool(COMPARISON.search(question)) or (len(kept) > 1 and all(
            _LISTED.fullmatch(question[a.end:b.start]) for a, b in zip(kept, kept[1:], strict=False)))
        return Retrieval(hits, weeks, title_matches=title_matches, coined=coined, each_named=each, signals=signals)


def _coined(question: str, named: list[TopicMatch]) -> list[str]:
    """The topic a short question is built around, named by a word English does not have:
    "and squeezenet, who designed it", "adagrad, what year". In a longer question such a name is as
    often the setting ("why does MobileNet use 1x1 convs so much?"). A question that asks only
    what a named topic is ("what is quantization?") is built around it too, whatever its name:
    a neighbour whose title qualifies the name ("Challenges of Quantization") is not what it asks."""
    if len(named) != 1 or not named[0].exact:  # "convnets" is not ConvNeXT misspelt
        return []
    name = named[0]
    said = words(question[name.start:name.end])
    rest = [w for w in words(question[:name.start] + " " + question[name.end:]) if w not in STOPWORDS]
    if said and all(w in _ONLY_WHAT_IT_IS for w in rest):
        return [name.topic_id]
    return [name.topic_id] if said and all(zipf(w) == 0 for w in said) and len(rest) <= COINED_REST else []


def _cited_topic(chunk: Chunk, named: set[str], question: str) -> TopicRef:
    """An article shared by several topics is cited as the one the question is about."""
    if len(chunk.topics) == 1:
        return chunk.topics[0]
    for topic in chunk.topics:
        if topic.topic_id in named:
            return topic
    words = set(re.findall(r"\w+", question.lower()))
    return max(chunk.topics, key=lambda t: len(words & set(re.findall(r"\w+", t.title.lower()))))
