"""Evaluation metrics: pure functions over what the assistant returned for each question.

Definitions follow Ragas and the usual IR ones, adapted to what this product can observe:
- Retrieval is judged by topic id. A ranked list may name one topic several times (several
  chunks of one topic); it is deduplicated keeping each topic's first rank, so a topic counts
  once and a run of chunks from one wrong topic pushes the right one down.
- Faithfulness (Ragas): the share of the answer's sentences supported by the cited passages,
  as judged by the grounding guard.
- Answer similarity (Ragas): cosine similarity of the answer's and the reference's embeddings.
- Token F1 (SQuAD): overlap of normalised answer and reference tokens.

A metric with nothing to measure (no sentences, no citations, no items of a kind) is `None`,
never a made-up 0 or 1; the summary shows it as JSON null.
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from assistant import IntentKind
from eval.dataset import QAItem, QAType

RETRIEVAL_KS = (1, 3, 5)
NDCG_K = 5


# --- retrieval -----------------------------------------------------------------------------

def unique_ranked(ranked: Sequence[str]) -> list[str]:
    """Topics in order of their first appearance: [a, a, b, a, c] -> [a, b, c]."""
    return list(dict.fromkeys(ranked))


def hit_at_k(ranked: Sequence[str], expected: Collection[str], k: int) -> float:
    """1.0 if any expected topic is among the first k distinct topics, else 0.0."""
    top = unique_ranked(ranked)[:_check_k(k)]
    return 1.0 if _relevant(expected).intersection(top) else 0.0


def reciprocal_rank(ranked: Sequence[str], expected: Collection[str]) -> float:
    """1 / rank of the first expected topic among the distinct topics; 0.0 if none is found."""
    relevant = _relevant(expected)
    for rank, topic in enumerate(unique_ranked(ranked), start=1):
        if topic in relevant:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked: Sequence[str], expected: Collection[str], k: int) -> float:
    """Normalised discounted cumulative gain with binary relevance over the first k distinct
    topics: DCG = sum of 1/log2(rank + 1) over expected topics found, divided by the DCG of an
    ideal ranking that puts min(|expected|, k) expected topics first."""
    relevant = _relevant(expected)
    top = unique_ranked(ranked)[:_check_k(k)]
    dcg = sum(1.0 / math.log2(rank + 1) for rank, topic in enumerate(top, start=1) if topic in relevant)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(relevant), k) + 1))
    return dcg / ideal


def _relevant(expected: Collection[str]) -> set[str]:
    if not expected:
        raise ValueError("retrieval metrics need at least one expected topic; skip items without any")
    return set(expected)


def _check_k(k: int) -> int:
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    return k


# --- answers -------------------------------------------------------------------------------

def faithfulness(supported: Sequence[bool]) -> float | None:
    """Share of answer sentences the cited passages support (one flag per sentence, e.g.
    `[s.supported for s in guard_verdict.sentences]`); None for an answer with no sentences."""
    return sum(supported) / len(supported) if supported else None


_CITATION_MARK = re.compile(r"\[\d+(?:\s*,\s*\d+)*\]")
_ARTICLES = re.compile(r"\b(?:a|an|the)\b")
_PUNCTUATION = str.maketrans("", "", string.punctuation)


def normalize_answer(text: str) -> str:
    """SQuAD normalisation (lower case, no punctuation, no articles, single spaces), after
    dropping citation marks like "[1]" or "[1, 2]" that the reference never has."""
    text = _CITATION_MARK.sub(" ", text).lower().translate(_PUNCTUATION)
    return " ".join(_ARTICLES.sub(" ", text).split())


def token_f1(prediction: str, reference: str) -> float:
    """SQuAD token F1: harmonic mean of the precision and recall of the shared tokens (counted
    with multiplicity). Two empty texts agree (1.0); one empty text scores 0.0."""
    predicted, expected = normalize_answer(prediction).split(), normalize_answer(reference).split()
    if not predicted or not expected:
        return float(predicted == expected)
    common = sum((Counter(predicted) & Counter(expected)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(predicted), common / len(expected)
    return 2 * precision * recall / (precision + recall)


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    """Cosine similarity of two embeddings; 0.0 if either is all zeros (no direction)."""
    left, right = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if left.shape != right.shape or left.ndim != 1:
        raise ValueError(f"cosine needs two vectors of one length, got shapes {left.shape} and {right.shape}")
    norms = float(np.linalg.norm(left) * np.linalg.norm(right))
    return float(left @ right) / norms if norms else 0.0


def citation_precision(cited_topics: Sequence[str], expected_topics: Collection[str]) -> float | None:
    """Share of the distinct cited topics that are expected; None when nothing was cited."""
    cited = unique_ranked(cited_topics)
    if not cited:
        return None
    expected = set(expected_topics)
    return sum(topic in expected for topic in cited) / len(cited)


# --- routing and refusal -------------------------------------------------------------------

class RefusalScores(BaseModel):
    recall: float | None = None  # share of out-of-scope questions refused
    false_rate: float | None = None  # share of in-scope questions wrongly refused


def refusal_scores(pairs: Iterable[tuple[bool, bool]]) -> RefusalScores:
    """From (out_of_scope_expected, refused) pairs: refusal recall over the out-of-scope ones
    and the false-refusal rate over the in-scope ones."""
    refused_by_kind: dict[bool, list[bool]] = {True: [], False: []}
    for out_of_scope, refused in pairs:
        refused_by_kind[out_of_scope].append(refused)
    return RefusalScores(recall=mean_of(refused_by_kind[True]), false_rate=mean_of(refused_by_kind[False]))


def intent_accuracy(pairs: Iterable[tuple[str, str]]) -> float | None:
    """Share of (expected, predicted) intent pairs that agree."""
    return mean_of(expected == predicted for expected, predicted in pairs)


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100), interpolating linearly between the nearest ranks."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be between 0 and 100, got {p}")
    return float(np.percentile(np.asarray(values, dtype=float), p))


def mean_of(values: Iterable[float | bool | None]) -> float | None:
    present = [float(v) for v in values if v is not None]
    return sum(present) / len(present) if present else None


# --- per-item results and the summary ------------------------------------------------------

class ItemResult(BaseModel):
    """What the runner observed for one question, next to what the question set expects."""

    model_config = ConfigDict(frozen=True)

    id: str
    type: QAType
    week: int | None  # the course week the item is about (grouping for `by_week`)
    expected_intent: IntentKind
    expected_topics: list[str]
    expected_scope_week: int | None
    intent: IntentKind  # what the assistant routed the request to
    scope_week: int | None  # the week the assistant scoped the request to
    refused: bool  # the assistant said the course does not cover it
    retrieved_topics: list[str] = Field(default_factory=list)  # topic id per retrieved passage, best first
    cited_topics: list[str] = Field(default_factory=list)  # topic id per citation, in order
    supported: list[bool] = Field(default_factory=list)  # per answer sentence: grounded in the citations?
    answer_similarity: float | None = None  # cosine(embedding(answer), embedding(reference))
    answer_f1: float | None = None  # token_f1(answer, reference)
    latency_ms: float = Field(ge=0)

    @classmethod
    def for_item(cls, item: QAItem, **observed: object) -> ItemResult:
        """A result for `item`: its expectations copied over, the observed fields as given."""
        return cls.model_validate({
            "id": item.id, "type": item.type, "week": item.week, "expected_intent": item.intent,
            "expected_topics": item.expected_topics, "expected_scope_week": item.scope_week,
            **observed,
        })

    @property
    def answerable(self) -> bool:
        """An in-scope question the course answers: the items retrieval is judged on."""
        return self.expected_intent == "answer" and bool(self.expected_topics)


ALIASED = ConfigDict(validate_by_name=True, validate_by_alias=True, serialize_by_alias=True)


class RetrievalScores(BaseModel):
    model_config = ALIASED

    hit_at_1: float | None = Field(None, alias="hit@1")
    hit_at_3: float | None = Field(None, alias="hit@3")
    hit_at_5: float | None = Field(None, alias="hit@5")
    mrr: float | None = None
    ndcg_at_5: float | None = Field(None, alias="ndcg@5")


class LatencyScores(BaseModel):
    p50: float | None = None
    p95: float | None = None


class GroupScores(BaseModel):
    """Retrieval and routing for one week or one item type."""

    model_config = ALIASED

    n: int
    hit_at_5: float | None = Field(None, alias="hit@5")
    mrr: float | None = None
    intent_accuracy: float | None = None


class Summary(BaseModel):
    """The `dlstudy eval --json` summary (cli-contract.md); `model_dump()` gives its JSON shape."""

    model_config = ALIASED

    n: int
    retrieval: RetrievalScores
    refusal: RefusalScores
    intent_accuracy: float | None
    scope_accuracy: float | None  # the reported request week matches the week the text names
    faithfulness: float | None
    answer_similarity: float | None
    answer_f1: float | None
    citation_precision: float | None
    latency_ms: LatencyScores
    by_week: dict[str, GroupScores]
    by_type: dict[str, GroupScores]


def summarize(results: Sequence[ItemResult]) -> Summary:
    """Aggregate per-item results into the summary.

    Retrieval, answer similarity and citation precision count in-scope answer items only;
    refusal counts answer and out-of-scope items; intent accuracy and latency count every item;
    scope accuracy counts every item but out-of-scope ones; faithfulness counts every answer
    given (not refused) that has sentences.
    """
    answerable = [r for r in results if r.answerable]
    answered = [r for r in answerable if not r.refused]
    by_week: dict[int, list[ItemResult]] = defaultdict(list)
    for result in answerable:
        if result.week is not None:
            by_week[result.week].append(result)
    by_type: dict[str, list[ItemResult]] = defaultdict(list)
    for result in results:
        by_type[result.type].append(result)
    return Summary(
        n=len(results),
        retrieval=_retrieval(answerable),
        refusal=refusal_scores((r.expected_intent == "out_of_scope", r.refused) for r in results
                               if r.expected_intent in ("answer", "out_of_scope")),
        intent_accuracy=intent_accuracy((r.expected_intent, r.intent) for r in results),
        scope_accuracy=mean_of(r.expected_scope_week == r.scope_week for r in results
                             if r.expected_intent != "out_of_scope"),
        faithfulness=mean_of(faithfulness(r.supported) for r in results if not r.refused),
        answer_similarity=mean_of(r.answer_similarity for r in answerable),
        answer_f1=mean_of(r.answer_f1 for r in answerable),
        citation_precision=mean_of(citation_precision(r.cited_topics, r.expected_topics) for r in answered),
        latency_ms=latency_scores([r.latency_ms for r in results]),
        by_week={str(week): _group(group) for week, group in sorted(by_week.items())},
        by_type={kind: _group(group) for kind, group in sorted(by_type.items())},
    )


def _retrieval(answerable: Sequence[ItemResult]) -> RetrievalScores:
    scores = {f"hit@{k}": mean_of(hit_at_k(r.retrieved_topics, r.expected_topics, k) for r in answerable)
              for k in RETRIEVAL_KS}
    return RetrievalScores.model_validate({
        **scores,
        "mrr": mean_of(reciprocal_rank(r.retrieved_topics, r.expected_topics) for r in answerable),
        f"ndcg@{NDCG_K}": mean_of(ndcg_at_k(r.retrieved_topics, r.expected_topics, NDCG_K) for r in answerable),
    })


def latency_scores(values: Sequence[float]) -> LatencyScores:
    """p50 and p95 in ms, rounded to 0.01 ms; empty when nothing was timed."""
    if not values:
        return LatencyScores()
    return LatencyScores(p50=round(percentile(values, 50), 2), p95=round(percentile(values, 95), 2))


def _group(results: Sequence[ItemResult]) -> GroupScores:
    answerable = [r for r in results if r.answerable]
    return GroupScores(
        n=len(results),
        hit_at_5=mean_of(hit_at_k(r.retrieved_topics, r.expected_topics, 5) for r in answerable),
        mrr=mean_of(reciprocal_rank(r.retrieved_topics, r.expected_topics) for r in answerable),
        intent_accuracy=intent_accuracy((r.expected_intent, r.intent) for r in results),
    )
