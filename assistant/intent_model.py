"""What a request wants, by meaning: a nearest-example vote over MiniLM embeddings.

The examples (`assistant/data/intent_examples.jsonl`, several hundred phrasings in many voices,
labelled quiz, syllabus, progress, review, answer or out_of_scope) are embedded once and cached
beside the index; a request is labelled by its K nearest examples, each voting with its cosine
similarity. The rules in `assistant.intents` stay for what rules do best (weeks, counts, topics,
injections); this model catches the phrasings no rule lists ("I'd like a quick quiz about week
12 please", "can you test me on dropout").
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

import numpy as np

TRAINING_STEPS = 400
LEARNING_RATE = 8.0
L2 = 1e-4
EXAMPLES = "intent_examples.jsonl"

EmbedMany = Callable[[list[str]], Sequence[Sequence[float]]]


@dataclass(frozen=True)
class IntentVote:
    label: str  # the winning label
    confidence: float  # its share of the vote, 0..1
    nearest: float  # cosine similarity of the closest example


@dataclass(frozen=True)
class Example:
    text: str
    intent: str


def load_examples() -> list[Example]:
    text = resources.files("assistant").joinpath("data", EXAMPLES).read_text(encoding="utf-8")
    return [Example(**json.loads(line)) for line in text.splitlines() if line.strip()]


class IntentModel:
    """K-nearest-example voting over normalised sentence embeddings."""

    def __init__(self, embed: EmbedMany, model_id: str, cache_dir: Path | None = None,
                 examples: Sequence[Example] | None = None,
                 mask: Callable[[str], str] = lambda text: text) -> None:
        """`mask` rewrites a text before it is embedded, the same way for examples and requests
        (the router replaces topics and weeks with placeholders, so that the vote is about what
        the request wants, not what it is about)."""
        self.examples = list(examples) if examples is not None else load_examples()
        self.labels = [e.intent for e in self.examples]
        self._texts = [mask(e.text) for e in self.examples]
        self._vectors = self._embedded(embed, model_id, cache_dir)

    def _embedded(self, embed: EmbedMany, model_id: str, cache_dir: Path | None) -> np.ndarray:
        """The examples' vectors, from a cache keyed by the examples and the model when possible."""
        digest = hashlib.sha256((model_id + "\n" + "\n".join(
            f"{label}\t{text}" for label, text in zip(self.labels, self._texts, strict=True))
        ).encode()).hexdigest()[:16]
        cached = cache_dir / f"intent-examples-{digest}.npy" if cache_dir else None
        if cached is not None and cached.exists():
            try:
                return np.load(cached)
            except (OSError, ValueError):
                pass  # a damaged cache is rebuilt
        vectors = np.asarray(embed(self._texts), dtype=np.float32)
        if cached is not None and cached.parent.is_dir():
            partial = cached.with_suffix(".tmp.npy")
            np.save(partial, vectors)
            partial.replace(cached)  # atomic: a killed process never leaves half a cache
        return vectors

    @cached_property
    def _weights(self) -> tuple[np.ndarray, np.ndarray]:
        """A softmax regression over the example vectors: unlike raw nearest neighbours, it
        learns which directions of the embedding say *what is wanted* rather than *what about*."""
        classes = sorted(set(self.labels))
        self.classes = classes
        x = self._vectors
        y = np.zeros((len(self.labels), len(classes)), dtype=np.float32)
        y[np.arange(len(self.labels)), [classes.index(label) for label in self.labels]] = 1.0
        w = np.zeros((x.shape[1], len(classes)), dtype=np.float32)
        b = np.zeros(len(classes), dtype=np.float32)
        for _ in range(TRAINING_STEPS):  # full-batch gradient descent: deterministic, < 1 s
            p = _softmax(x @ w + b)
            w -= LEARNING_RATE * (x.T @ (p - y) / len(x) + L2 * w)
            b -= LEARNING_RATE * (p - y).mean(axis=0)
        return w, b

    def vote(self, vector: Sequence[float]) -> IntentVote:
        query = np.asarray(vector, dtype=np.float32)
        w, b = self._weights
        p = _softmax(query[None, :] @ w + b)[0]
        best = int(np.argmax(p))
        nearest = float(np.max(self._vectors @ query))
        return IntentVote(label=self.classes[best], confidence=float(p[best]), nearest=nearest)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
