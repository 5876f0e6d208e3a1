"""A topic-level second look at retrieval's candidates: which topic is the question about?

Retrieval ranks passages; students who do not know the topic titles ask about ideas ("cutting
out unimportant weights"), and a passage that shares a word ("weights", "variances") can outrank
the topic that answers. The reranker scores each candidate topic by its retrieval rank together
with the MiniLM cosine of the question to the topic, then orders the passages by their topic's
score. A topic is seen whole (title and checklist description together) and in parts (its title
alone, each sentence of its description), because a student's description of an idea often
matches one sentence, or the name, better than the whole paragraph ("randomly switching off
neurons" is close to "Dropout", far from its paragraph on overfitting). And a topic is seen as
students put it without knowing its title (`assistant.phrasings`): the topics those ways match best
join the candidates, and their closest one weighs most. The vectors are computed
once per course and model and cached beside the index (like the intent model's weights), so a
question costs one small matrix product. The weights were chosen on the dev splits of the students' questions, the
Q&A set and the coverage set (`dlstudy eval --split dev`).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from assistant.intent_model import other_subjects
from assistant.phrasings import topic_phrasings
from assistant.retrieval import CourseRetriever, Hit, Retrieval
from assistant.terms import called_by_initials, specialist_stems
from assistant.topics import INITIALS_MAX_ZIPF
from core.course import Course
from core.embedding_models import ScoreProfile
from core.glossary import glossary
from core.text import split_sentences, zipf
from ingest.embedding import EmbedMany

_ACRONYM_TITLE = re.compile(r"^(?P<long>[A-Za-z][A-Za-z ]+?)\s*\((?P<acronym>[A-Z]{3,}s?)\)$")
_CONNECTIVES = frozenset("a an and for in of on the to vs with".split())  # no letter in an acronym
POOL = 30  # passages retrieval hands over for reranking
# A reciprocal-rank term (weighted per model: core.embedding_models.ScoreProfile): retrieval's
# order still counts...
RANK_K = 1
WHOLE_WEIGHT = 1.0  # ...beside the question's cosine to the topic's title and description...
PART_WEIGHT = 1.0  # ...and to the closest of its parts: the title, or one description sentence...
SAID_WEIGHT = 6.0  # ...and to the ways students put it (`assistant.phrasings`), set on the dev splits:
SAID_TOP = 3  # the closest way, and the mean of the closest few (one phrasing alone can happen to be near)
NAMED_BONUS = 0.05  # a topic the question names outright
COINED_BONUS = 1.0  # ...by a word English does not have ("XLNet", "adagrad")
PER_TOPIC = 2  # passages one topic may take among the first k (the rest follow)
DESCRIBED = 3  # topics students' phrasings match best, added to the pool if retrieval missed them


@dataclass(frozen=True)
class Said:
    """Per topic (course order), the question's cosine to the closest way students put it, and
    that averaged with the mean of the SAID_TOP closest (one phrasing alone can happen to be
    near); -1 for a topic without phrasings."""

    closest: np.ndarray
    agreed: np.ndarray


def topic_text(title: str, description: str) -> str:
    return f"{title}: {description}"


def topic_parts(title: str, description: str) -> list[str]:
    """The texts a topic is also matched by on their own: its title, its description's sentences."""
    return list(dict.fromkeys([title, *split_sentences(description)]))


class TopicReranker:
    """Searches like `CourseRetriever.search`, with the topics of a larger pool reranked."""

    def __init__(self, retriever: CourseRetriever, course: Course, embed: EmbedMany, model_id: str,
                 cache_dir: Path | None = None, *, profile: ScoreProfile, shared_cache: Path | None = None) -> None:
        """The course's vectors are kept in `cache_dir` (beside the index); the phrasings', which
        depend only on dlstudy's data and the model, once per user in `shared_cache`, so that a
        new index does not embed them again."""
        self.retriever = retriever
        self._rank_weight = profile.rank_weight
        self._ids = [topic.id for topic in course.topics]
        self._row = {topic_id: row for row, topic_id in enumerate(self._ids)}
        self._weeks = [topic.week for topic in course.topics]
        whole = [topic_text(topic.title, topic.description) for topic in course.topics]
        parts = [topic_parts(topic.title, topic.description) for topic in course.topics]
        vectors = _cached_vectors([*whole, *(part for p in parts for part in p)], embed, model_id,
                                  cache_dir, "topic-vectors")
        self._vectors = vectors[:len(whole)]
        self._parts = vectors[len(whole):]
        self._part_owner = np.repeat(np.arange(len(whole)), [len(p) for p in parts])
        said = topic_phrasings(course)
        lines = [line for topic_lines in said for line in topic_lines]
        self._said = (_cached_vectors(lines, embed, model_id, shared_cache, "phrasing-vectors", keep_others=True)
                      if lines else np.zeros((0, vectors.shape[1]), dtype=np.float32))
        self._said_owner = np.repeat(np.arange(len(whole)), [len(topic_lines) for topic_lines in said])
        self._unsaid = np.array([not topic_lines for topic_lines in said])
        self._every_topic_said = bool(lines) and not self._unsaid.any()
        # Requests of other subjects, compared with the phrasings (see `ScopeSignals.nearer_elsewhere`).
        self._elsewhere = (_cached_vectors(other_subjects(), embed, model_id, shared_cache, "elsewhere-vectors",
                                           keep_others=True) if self._every_topic_said else None)
        self._acronyms = _acronyms(course)
        self._initials = _initials(course)
        self._recurring = _recurring_title_stems(course)

    def search(self, question: str, k: int = 5, weeks: Sequence[int] | None = None,
               vector: Sequence[float] | None = None, course_vote: float = 0.0) -> Retrieval:
        """The k best passages, as `CourseRetriever.search` finds them, ordered by topic."""
        expanded = self.expand(question)
        if vector is None or expanded != question:
            question, vector = self.retriever.embed(expanded)
        pool = self.retriever.search(question, k=max(k, POOL), weeks=weeks, vector=vector,
                                     course_vote=course_vote)
        if not len(self._said):
            return self.rerank(pool, vector, k)  # a course none of whose titles students' phrasings know
        said = self.said_cosines(vector)  # once per question: the pool, the scope and the scores use it
        if pool.signals is not None and self._elsewhere is not None:  # a signal only if it is every topic's
            elsewhere = float(np.max(self._elsewhere @ np.asarray(vector, dtype=np.float32)))
            pool = replace(pool, signals=replace(pool.signals, said=float(said.closest.max()), elsewhere=elsewhere,
                                                 concept=bool(glossary().find(question)),
                                                 title_word=self.names_a_title_word(question)))
        return self.rerank(self._with_described(pool, vector, said.closest), vector, k, said)

    def names_a_title_word(self, question: str) -> bool:
        """The question names a specialist word the course's titles come back to ("inference": a
        week and three topics), in the course's sense of it or another field's ("statistical
        inference")."""
        return bool(specialist_stems(question) & self._recurring)

    def said_cosines(self, vector: Sequence[float]) -> Said:
        """How close the question is to each topic's phrasings, from one product with them all."""
        cosines = self._said @ np.asarray(vector, dtype=np.float32)
        order = np.lexsort((-cosines, self._said_owner))  # by topic, closest first
        owners, ranked = self._said_owner[order], cosines[order]
        place = np.arange(len(owners)) - np.searchsorted(owners, owners)  # 0 for a topic's closest
        closest = np.full(len(self._ids), -1.0, dtype=np.float32)
        closest[owners[place == 0]] = ranked[place == 0]
        kept = place < SAID_TOP
        sums = np.zeros(len(self._ids), dtype=np.float32)
        counts = np.zeros(len(self._ids), dtype=np.float32)
        np.add.at(sums, owners[kept], ranked[kept])
        np.add.at(counts, owners[kept], 1.0)
        few = np.where(counts > 0, sums / np.maximum(counts, 1.0), -1.0)
        return Said(closest=closest, agreed=(closest + few) / 2)

    def _with_described(self, pool: Retrieval, vector: Sequence[float], said: np.ndarray) -> Retrieval:
        """`pool` with the checklist passages of the topics students' phrasings match best,
        when retrieval's words missed them: "randomly ignoring units" shares no word with the
        Dropout paragraph."""
        query = np.asarray(vector, dtype=np.float32)
        weeks = set(pool.weeks or [])
        lexical, present = self.retriever.lexical, set(pool.topic_ids)
        added = []
        for row in np.argsort(-said)[:DESCRIBED]:
            topic_id = self._ids[row]
            passage = lexical.checklist.get(topic_id)
            if topic_id in present or passage is None or (weeks and self._weeks[row] not in weeks):
                continue
            chunk_id = lexical.ids[passage]
            chunk = self.retriever.passage(chunk_id)
            topic = next((t for t in chunk.topics if t.topic_id == topic_id), chunk.topics[0])
            added.append(Hit(chunk_id=chunk_id, chunk=chunk, topic=topic,
                             similarity=float(self._vectors[row] @ query), fused=0.0))
        return replace(pool, hits=[*pool.hits, *added]) if added else pool

    def expand(self, question: str) -> str:
        """`question` with the course's acronym after a long form it spells out: "weak points of
        convolutional networks" finds "Disadvantages of CNN" only as "... networks (CNN)"; and
        with a title after the acronym its initials make: "BPE (Byte Pair Encoding)"."""
        for pattern, acronym in [*self._acronyms, *self._initials]:
            found = pattern.search(question) if acronym.lower() not in question.lower() else None
            if found:
                question = f"{question[:found.end()]} ({acronym}){question[found.end():]}"
        return question

    def scores(self, retrieval: Retrieval, vector: Sequence[float],
               said: Said | None = None) -> dict[str, float]:
        """Each candidate topic's score, higher first (`said`: `said_cosines`, if already known)."""
        cosines = self.cosines(vector, said)
        named, coined = set(retrieval.title_matches), set(retrieval.coined)
        scores = {}
        for rank, topic_id in enumerate(retrieval.topic_ids):
            row = self._row.get(topic_id)
            cosine = float(cosines[row]) if row is not None else 0.0
            scores[topic_id] = (self._rank_weight / (RANK_K + rank + 1) + cosine
                                + (NAMED_BONUS if topic_id in named else 0.0)
                                + (COINED_BONUS if topic_id in coined else 0.0))
        return scores

    def cosines(self, vector: Sequence[float], said: Said | None = None) -> np.ndarray:
        """Per topic (course order): the weighted cosines of the question to it whole, to its
        closest part and to the closest way students put it (its closest part, for a topic
        without phrasings)."""
        query = np.asarray(vector, dtype=np.float32)
        closest = np.full(len(self._ids), -1.0, dtype=np.float32)
        np.maximum.at(closest, self._part_owner, self._parts @ query)
        cosines = WHOLE_WEIGHT * (self._vectors @ query) + PART_WEIGHT * closest
        if not len(self._said):
            return cosines  # a course none of whose titles students' phrasings know
        if said is None:
            said = self.said_cosines(vector)
        return cosines + SAID_WEIGHT * np.where(self._unsaid, closest, said.agreed)

    def rerank(self, retrieval: Retrieval, vector: Sequence[float], k: int,
               said: Said | None = None) -> Retrieval:
        """`retrieval` with its passages ordered by their topic's score, cut to `k`."""
        if not retrieval.hits:
            return retrieval
        scores = self.scores(retrieval, vector, said)
        order = sorted(scores, key=lambda topic_id: -scores[topic_id])
        by_topic: dict[str, list[Hit]] = {topic_id: [] for topic_id in order}
        for hit in retrieval.hits:
            by_topic[hit.topic.topic_id].append(hit)
        # Each topic's best passages first, so one long article does not fill every place.
        first = [hit for topic_id in order for hit in by_topic[topic_id][:PER_TOPIC]]
        rest = [hit for topic_id in order for hit in by_topic[topic_id][PER_TOPIC:]]
        return replace(retrieval, hits=(first + rest)[:k])


def _recurring_title_stems(course: Course) -> set[str]:
    """The specialist words (by stem) of more than one of the course's week and topic titles."""
    titles = [*(week.title for week in course.weeks), *(topic.title for topic in course.topics)]
    counts = Counter(word for title in titles for word in specialist_stems(title))
    return {word for word, count in counts.items() if count > 1}


def _acronyms(course: Course) -> list[tuple[re.Pattern[str], str]]:
    """A pattern for each long form a topic title spells out with its acronym ("Convolution
    Neural Networks (CNN)"): the first and last words by their stems, at most one word between."""
    found = []
    for topic in course.topics:
        title = _ACRONYM_TITLE.match(topic.title)
        if title is None:
            continue
        words = title.group("long").lower().split()
        if len(words) < 2:
            continue
        first, last = (re.escape(word[:max(4, len(word) - 3)]) for word in (words[0], words[-1]))
        found.append((re.compile(rf"\b{first}\w*(?:\s+\w+)?\s+{last}\w*", re.IGNORECASE), title.group("acronym")))
    return found


def _initials(course: Course) -> list[tuple[re.Pattern[str], str]]:
    """A pattern for the acronym a title's initials make ("BPE" for "Byte Pair Encoding"), written
    in capitals, with the title to add. Only acronyms of three letters or more that one title
    makes: two letters are too often something else ("LR", "CV"); and of titles without a name in
    them (`terms.called_by_initials`)."""
    by_initials: dict[str, list[str]] = {}
    for topic in course.topics:
        if _ACRONYM_TITLE.match(topic.title):
            continue  # the title says its acronym itself (see `_acronyms`)
        words = [w for w in re.split(r"[\s/-]+", topic.title) if w]
        if not 3 <= len(words) <= 5 or not all(w.isalpha() and not w.isupper() for w in words):
            continue  # a title with an acronym in it ("Super Resolution GAN") is not called by its initials
        if not called_by_initials(words):
            continue  # nor one with a name in it: "KNN" is not "Kohonen Neural Network"
        initials = "".join(w[0] for w in words if w.lower() not in _CONNECTIVES).upper()
        if len(initials) >= 3:
            by_initials.setdefault(initials, []).append(topic.title)
    # ...in lower case too when English has no such word ("bpe", not "mid"): MiniLM knows neither
    found = [(re.compile(rf"\b{initials}s?\b", re.IGNORECASE if zipf(initials.lower()) < INITIALS_MAX_ZIPF else 0),
              titles[0]) for initials, titles in by_initials.items() if len(titles) == 1]
    return found + _subject_initials(course)


def _subject_initials(course: Course) -> list[tuple[re.Pattern[str], str]]:
    """The course's own subject by its initials, in any case: a topic title the course's title
    names ("Deep Learning" in "Deep Learning Checklist") is what "dl" means to its students, two
    letters or not ("can dl help with traffic control?")."""
    found = []
    for topic in course.topics:
        words = topic.title.split()
        if len(words) >= 2 and all(w.isalpha() for w in words) and re.search(
                rf"\b{re.escape(topic.title)}\b", course.title, re.IGNORECASE):
            initials = "".join(w[0] for w in words)
            found.append((re.compile(rf"\b{initials}\b", re.IGNORECASE), topic.title))
    return found


def _cached_vectors(texts: list[str], embed: EmbedMany, model_id: str, directory: Path | None, name: str,
                    keep_others: bool = False) -> np.ndarray:
    """The texts' vectors, from `directory` if they were embedded before by the same model. A
    cache of other texts is removed unless `keep_others` (a shared directory serves several
    courses)."""
    digest = hashlib.sha256("\n".join([model_id, *texts]).encode()).hexdigest()[:16]
    path = directory / f"{name}-{digest}.npy" if directory else None
    vectors = _load(path)
    if vectors is None or vectors.shape[0] != len(texts):
        vectors = np.asarray(embed(texts), dtype=np.float32)
        if path is not None:
            _save(path, vectors, name, keep_others)
    return vectors


def _load(path: Path | None) -> np.ndarray | None:
    if path is None or not path.exists():
        return None
    try:
        return np.load(path)
    except (OSError, ValueError):
        return None  # a damaged cache is rebuilt


def _save(path: Path, vectors: np.ndarray, name: str, keep_others: bool) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.npy")  # one per process: two may save at once
        np.save(partial, vectors)
        partial.replace(path)  # atomic: a killed process never leaves half a cache
    except OSError:
        return  # a cache that cannot be written is rebuilt next time
    if not keep_others:
        for stale in path.parent.glob(f"{name}-*.npy"):
            if stale != path:
                stale.unlink(missing_ok=True)  # vectors of texts or a model the index no longer has
