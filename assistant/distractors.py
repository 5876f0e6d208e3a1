"""Distractors: plausible and wrong.

A wrong option teaches something only when it is close to the answer: the nearest topics of the
course by embedding (the MiniLM vectors of the index), the same week first, the same kind of
thing (an optimizer for an optimizer, an architecture for an architecture). It must never be a
synonym or a variant of the answer ("Residual Connection" for "Residual Connections", "CNN vs
DCNN" for "CNN"), nor a duplicate of another option.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from assistant.quiz_text import GENERIC_WORDS, find_form, initials, is_acronym, title_forms
from core.course import Course, Topic
from core.text import ENGLISH_STOPWORDS, stem, written_words

SAME_WEEK_BONUS = 0.2  # the same week first: a sibling there beats a nearer topic elsewhere
SAME_KIND_BONUS = 0.15
SYNONYM_SIMILARITY = 0.92  # descriptions this close say the same thing (duplicated topics)
SHORTLIST = 2  # extra nearest topics a seed may pick from, so quizzes vary
# The kind of thing a topic is, read from its title and definition; first match wins.
_KIND_PATTERNS = [
    ("comparison", r"vs\b|differences|relation to"),
    ("activation", r"activation|relu|sigmoid|tanh|elu\b|gelu|selu|swish"),
    ("optimizer", r"optimi[sz]er|gradient descent|adagrad|adadelta|adaptive gradient|learning rate|"
                  r"backpropagation|delta rule|gradient accumulation"),
    ("metric", r"metric|measure|auc\b|roc\b|precision|recall|throughput|latency|flops|f test|variance|"
               r"error rate|quality"),
    ("format", r"format\b|onnx|\bpb\b|serializ"),
    ("framework", r"tensorflow|pytorch|keras|torch\b|tvm\b|compiler"),
    ("operation", r"\bops?\b|operation|pooling|padding|flatten|squeeze|reshape|matmul|dot product|"
                  r"convolution|normali[sz]ation|bias\b|dropout|layer\b"),
    ("architecture", r"architecture|\w*nets?\b|network|autoencoder|gan\b|gans\b|transformer|bert\b|"
                     r"yolo|lstm|rnn\b|model\b|llm"),
    ("application", r"project|application|diagnosis|detection|recognition|prediction|game\b|health|media"),
]
KINDS = [(kind, re.compile(rf"\b(?:{pattern})", re.IGNORECASE)) for kind, pattern in _KIND_PATTERNS]


def kind_of(topic: Topic, definition: str = "") -> str:
    """The title decides when it can ('Adadelta' is an optimizer whatever its definition says)."""
    for text in (topic.title, f"{topic.title}. {definition or topic.description[:160]}"):
        if kind := next((kind for kind, pattern in KINDS if pattern.search(text)), None):
            return kind
    return "concept"


def _distinctive(title: str) -> set[str]:
    return {stem(w.casefold()) for w in written_words(title)
            if w.casefold() not in ENGLISH_STOPWORDS and w.casefold() not in GENERIC_WORDS}


def variant(a: Topic, b: Topic) -> bool:
    """True when b names the same thing as a, a part or a kind of it: same distinctive title
    words, one title inside the other ('CNN' in 'Flattened CNN'), one's acronym the other's
    initials, or one's description naming the other ('SpineNet is a ... CNN'): either would make
    a second right answer."""
    wa, wb = _distinctive(a.title), _distinctive(b.title)
    if not wa or not wb or wa <= wb or wb <= wa:
        return True
    return (_abbreviates(a.title, b.title) or _abbreviates(b.title, a.title)
            or find_form(b.description, title_forms(a.title)) is not None
            or find_form(a.description, title_forms(b.title)) is not None)


def _abbreviates(short: str, long: str) -> bool:
    acronyms = {f.upper().rstrip("S") for f in title_forms(short) if is_acronym(f)}
    return any(initials(f) and initials(f).rstrip("S") in acronyms for f in title_forms(long))


class TopicSpace:
    """How close two topics are: cosine of their index vectors, else of TF-IDF vectors of their
    titles and descriptions (when the index lacks a vector for any topic)."""

    def __init__(self, course: Course, vectors: Mapping[str, Sequence[float]] | None = None) -> None:
        topics = course.topics
        self.row = {t.id: i for i, t in enumerate(topics)}
        given = vectors or {}
        if given and all(t.id in given for t in topics):
            dense = np.asarray([given[t.id] for t in topics], dtype=np.float32)
            dense /= np.linalg.norm(dense, axis=1, keepdims=True) + 1e-9
            self.similarities = dense @ dense.T
            self.source = "embedding"
        else:
            lexical = _tfidf([f"{t.title}. {t.title}. {t.description}" for t in topics])
            self.similarities = lexical @ lexical.T
            self.source = "tfidf"
        self._neighbours: dict[str, list[Topic]] = {}

    def similarity(self, a: Topic, b: Topic) -> float:
        return float(self.similarities[self.row[a.id], self.row[b.id]])

    def neighbours(self, topic: Topic, pool: Sequence[Topic], kinds: Mapping[str, str]) -> list[Topic]:
        """The pool ranked as distractors for `topic`, nearest first; synonyms, variants and
        duplicated topics left out. Depends on nothing random, so it is computed once per topic."""
        if topic.id not in self._neighbours:
            def rank(other: Topic) -> float:
                return (self.similarity(topic, other) + SAME_WEEK_BONUS * (other.week == topic.week)
                        + SAME_KIND_BONUS * (kinds.get(other.id) == kinds.get(topic.id)))

            seen = {_squash(topic.title)}
            ranked = []
            for other in sorted(pool, key=lambda o: (-rank(o), o.id)):
                if (other.id == topic.id or _squash(other.title) in seen or variant(topic, other)
                        or self.similarity(topic, other) >= SYNONYM_SIMILARITY
                        or other.description == topic.description):
                    continue
                seen.add(_squash(other.title))
                ranked.append(other)
            self._neighbours[topic.id] = ranked
        return self._neighbours[topic.id]

    def pick(self, topic: Topic, pool: Sequence[Topic], k: int, rng: random.Random, *,
             kinds: Mapping[str, str], fair: Callable[[Topic], bool] = lambda _: True,
             same_kind: bool = False) -> list[Topic]:
        """k distractors for `topic`: a seeded choice among the nearest fair ones of its kind
        (other kinds make up the number unless `same_kind`), never a synonym, a variant or a
        duplicate title; [] when there are too few."""
        alike: list[Topic] = []
        unlike: list[Topic] = []
        for other in self.neighbours(topic, pool, kinds):
            group = alike if kinds.get(other.id) == kinds.get(topic.id) else unlike
            if len(group) < k + SHORTLIST and fair(other):
                group.append(other)
            if len(alike) == k + SHORTLIST:
                break
        chosen = alike if same_kind or len(alike) >= k else alike + unlike[:k - len(alike)]
        if len(chosen) < k:
            return []
        return sorted(rng.sample(chosen, k), key=chosen.index)


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def _tfidf(texts: Sequence[str]) -> np.ndarray:
    docs = [[stem(w.casefold()) for w in written_words(t) if w.casefold() not in ENGLISH_STOPWORDS] for t in texts]
    df = Counter(term for doc in docs for term in set(doc))
    vocabulary = {term: i for i, term in enumerate(sorted(df))}
    matrix = np.zeros((len(docs), len(vocabulary)), dtype=np.float32)
    for row, doc in enumerate(docs):
        for term, count in Counter(doc).items():
            matrix[row, vocabulary[term]] = (1 + math.log(count)) * math.log(1 + len(docs) / df[term])
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-9
    return matrix
