"""Scores for the students' sets, per kind of request (issue 9, "Targets").

Definitions (a metric with nothing to measure is None, as in eval/metrics.py):
- hit@3 of a turn: an expected topic among the first 3 distinct topics of what it produced,
  the quiz's topics for a quiz, the topics a syllabus reply places, else the retrieved ones (a
  refusal still reports what it retrieved; refusals are scored on their own). Follow-up hit@3
  counts `follow_up` and `quiz_on_that` turns ("quiz me on that" is a follow-up too).
- Intent accuracy: conversation turns and the intents set's requests together; week and count
  accuracy only where the intents set labels them.
- Refusal recall: out-of-scope requests (turns, intents, coverage "none") routed to
  out_of_scope; false refusals: every other request that was.
- Answer topic precision: of all cited answer sentences (pooled over answers to in-scope
  questions with expected topics), the share whose citations all name an expected topic.
- Faithfulness: eval/metrics.py's, per answer, averaged over answers.
- Coverage accuracy: the coverage set's labels against the answer's `coverage`, a refusal being "none".
- False partial rate: of the answers to in-course questions (every set; expected intent answer,
  coverage unlabelled or "covered"), the share labelled partial, whose first sentence then tells
  the student, falsely, that the course does not explain what they asked.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Sequence

from pydantic import BaseModel, Field

from assistant.scope import IN_SCOPE_MIN_SCORE
from eval.metrics import (
    ALIASED,
    LatencyScores,
    RefusalScores,
    faithfulness,
    hit_at_k,
    intent_accuracy,
    latency_scores,
    mean_of,
    reciprocal_rank,
    refusal_scores,
)
from eval.students_run import Observation, Source, requests_of

FOLLOW_UP_KINDS = ("follow_up", "quiz_on_that")
FALSE_REFUSAL_TARGET = 0.02  # issue 9: false refusals <= 2%
COVERAGE_LABELS = ("covered", "partial", "none", "-")


class KindScores(BaseModel):
    """One row of the per-kind table."""

    model_config = ALIASED

    n: int
    hit_at_3: float | None = Field(None, alias="hit@3")
    intent_accuracy: float | None = None
    week_accuracy: float | None = None  # the reported week, where the request names one
    refused: float | None = None  # share of the kind's requests refused
    answer_topic_precision: float | None = None
    faithfulness: float | None = None


class IntentScores(BaseModel):
    n: int
    accuracy: float | None = None
    week_accuracy: float | None = None  # where the request names a week
    count_accuracy: float | None = None  # where it names a number of questions
    topic_hit_at_3: float | None = None  # where it names course topics
    by_voice: dict[str, float | None] = Field(default_factory=dict)  # intent accuracy per voice


class QuestionScores(BaseModel):
    model_config = ALIASED

    n: int
    hit_at_1: float | None = Field(None, alias="hit@1")
    hit_at_3: float | None = Field(None, alias="hit@3")
    hit_at_5: float | None = Field(None, alias="hit@5")
    mrr: float | None = None
    by_voice: dict[str, float | None] = Field(default_factory=dict)  # hit@5 per voice


class CoverageScores(BaseModel):
    n: int
    accuracy: float | None = None
    false_partial_rate: float | None = None  # in-course answers (all sets) labelled partial
    in_course_answers: int = 0  # what false_partial_rate is a share of
    confusion: dict[str, dict[str, int]] = Field(default_factory=dict)  # expected -> predicted -> count


class CurvePoint(BaseModel):
    threshold: float  # refuse when scope_score < threshold
    precision: float | None  # None when nothing would be refused
    recall: float
    false_rate: float = 0.0  # the share of in-course requests it would refuse


class RefusalCurve(BaseModel):
    """Refusal by a threshold on the assistant's scope score, swept over the dev split."""

    n: int
    points: list[CurvePoint]
    best_f1_threshold: float | None
    # The choice: the most out-of-scope requests refused while at most FALSE_REFUSAL_TARGET
    # of the in-course ones are (the highest such threshold among equals); the assistant's own
    # threshold is set from it (assistant.scope.IN_SCOPE_MIN_SCORE).
    target_threshold: float | None = None
    assistant: CurvePoint | None = None  # the same measures at the assistant's threshold

    def at(self, threshold: float) -> CurvePoint | None:
        return next((p for p in self.points if p.threshold == threshold), None)
    operating: RefusalScores  # the assistant's actual refusals on the same requests
    operating_precision: float | None


class StudentsSummary(BaseModel):
    model_config = ALIASED

    n: dict[str, int]  # conversations, their turns, and the requests of each other set
    intent_accuracy: float | None
    follow_up_hit_at_3: float | None = Field(None, alias="follow_up_hit@3")
    change_of_subject_hit_at_3: float | None = Field(None, alias="change_of_subject_hit@3")
    refusal: RefusalScores
    refusal_by_set: dict[str, RefusalScores]
    questions: QuestionScores
    answer_topic_precision: float | None
    faithfulness: float | None
    coverage: CoverageScores
    intents: IntentScores
    by_kind: dict[str, KindScores]
    refusal_curve: RefusalCurve | None = None
    latency_ms: LatencyScores


def answer_topic_precision(sentences: Sequence[Sequence[str]], expected: Collection[str]) -> tuple[int, int]:
    """(on-topic, cited) sentence counts of one answer: a cited sentence is on topic when every
    citation it carries names an expected topic."""
    wanted = set(expected)
    return sum(all(t in wanted for t in topics) for topics in sentences), len(sentences)


def pooled_topic_precision(observations: Sequence[Observation]) -> float | None:
    on_topic = cited = 0
    for o in observations:
        if o.expected_intent == "answer" and o.expected_topics and o.intent == "answer":
            good, total = answer_topic_precision(o.sentence_topics, o.expected_topics)
            on_topic, cited = on_topic + good, cited + total
    return on_topic / cited if cited else None


def hit3(o: Observation) -> float | None:
    return hit_at_k(o.ranked, o.expected_topics, 3) if o.expected_topics else None


def week_accuracy(observations: Sequence[Observation]) -> float | None:
    return mean_of(o.week == o.expected_week for o in observations if o.expected_week is not None)


def kind_scores(observations: Sequence[Observation]) -> KindScores:
    return KindScores(
        n=len(observations),
        hit_at_3=mean_of(hit3(o) for o in observations),
        intent_accuracy=intent_accuracy((o.expected_intent, o.intent) for o in observations),
        week_accuracy=week_accuracy(observations),
        refused=mean_of(o.refused for o in observations),
        answer_topic_precision=pooled_topic_precision(observations),
        faithfulness=mean_of(faithfulness(o.supported) for o in observations if not o.refused),
    )


def summarize_students(observations: Sequence[Observation],
                       curve: Sequence[Observation] = ()) -> StudentsSummary:
    turns = requests_of(observations, "conversations")
    by_kind: dict[str, list[Observation]] = defaultdict(list)
    for o in observations:
        by_kind[o.kind].append(o)
    routed = turns + requests_of(observations, "intents")
    sets: tuple[Source, ...] = ("conversations", "intents", "questions", "coverage")
    return StudentsSummary(
        n={"conversations": len({o.id.rsplit("#", 1)[0] for o in turns}), "turns": len(turns),
           **{name: len(requests_of(observations, name)) for name in sets[1:]}},
        intent_accuracy=intent_accuracy((o.expected_intent, o.intent) for o in routed),
        follow_up_hit_at_3=mean_of(hit3(o) for o in turns if o.kind in FOLLOW_UP_KINDS),
        change_of_subject_hit_at_3=mean_of(hit3(o) for o in turns if o.kind == "change_of_subject"),
        refusal=_refusal(observations),
        refusal_by_set={name: _refusal(requests_of(observations, name)) for name in sets},
        questions=_questions(requests_of(observations, "questions")),
        answer_topic_precision=pooled_topic_precision(observations),
        faithfulness=mean_of(faithfulness(o.supported) for o in observations if not o.refused),
        coverage=_coverage(requests_of(observations, "coverage"), observations),
        intents=_intents(requests_of(observations, "intents")),
        by_kind={kind: kind_scores(group) for kind, group in by_kind.items()},
        refusal_curve=refusal_curve(curve),
        latency_ms=latency_scores([o.latency_ms for o in observations]),
    )


def _refusal(observations: Sequence[Observation]) -> RefusalScores:
    return refusal_scores((o.expected_intent == "out_of_scope", o.refused) for o in observations)


def _by_voice(observations: Sequence[Observation], score: Callable[[Observation], float | None]) -> dict:
    groups: dict[str, list[Observation]] = defaultdict(list)
    for o in observations:
        groups[o.voice or "-"].append(o)
    return {voice: mean_of(score(o) for o in group) for voice, group in sorted(groups.items())}


def _questions(observations: Sequence[Observation]) -> QuestionScores:
    def hit(k: int) -> Callable[[Observation], float]:
        return lambda o: hit_at_k(o.ranked, o.expected_topics, k)

    return QuestionScores(n=len(observations), hit_at_1=mean_of(map(hit(1), observations)),
                          hit_at_3=mean_of(map(hit(3), observations)), hit_at_5=mean_of(map(hit(5), observations)),
                          mrr=mean_of(reciprocal_rank(o.ranked, o.expected_topics) for o in observations),
                          by_voice=_by_voice(observations, hit(5)))


def _intents(observations: Sequence[Observation]) -> IntentScores:
    return IntentScores(
        n=len(observations),
        accuracy=intent_accuracy((o.expected_intent, o.intent) for o in observations),
        week_accuracy=week_accuracy(observations),
        count_accuracy=mean_of(o.count == o.expected_count for o in observations if o.expected_count is not None),
        topic_hit_at_3=mean_of(hit3(o) for o in observations),
        by_voice=_by_voice(observations, lambda o: float(o.intent == o.expected_intent)),
    )


def in_course_answers(observations: Sequence[Observation]) -> list[Observation]:
    """Answers to questions the course covers: expected and given as answers, coverage unlabelled
    or "covered"."""
    return [o for o in observations if o.expected_intent == "answer" and o.intent == "answer"
            and o.expected_coverage in (None, "covered")]


def _coverage(observations: Sequence[Observation], every: Sequence[Observation]) -> CoverageScores:
    pairs: Counter[tuple[str, str]] = Counter((o.expected_coverage or "-", o.predicted_coverage)
                                              for o in observations)
    answered = in_course_answers(every)
    return CoverageScores(
        n=len(observations),
        accuracy=mean_of(o.predicted_coverage == o.expected_coverage for o in observations),
        false_partial_rate=mean_of(o.coverage == "partial" for o in answered),
        in_course_answers=len(answered),
        confusion={e: {p: pairs[e, p] for p in COVERAGE_LABELS} for e in COVERAGE_LABELS[:3]},
    )


def refusal_curve(observations: Sequence[Observation]) -> RefusalCurve | None:
    """Precision and recall of "refuse when scope_score < t" for every t between the scores
    seen; None when the assistant reports no scope score or one class is missing."""
    scored = [(o.expected_intent == "out_of_scope", o.scope_score) for o in observations
              if o.scope_score is not None]
    positives = sum(out for out, _ in scored)
    negatives = len(scored) - positives
    if not positives or not negatives:
        return None
    scores = sorted({score for _, score in scored})
    middles = [(a + b) / 2 for a, b in zip(scores, scores[1:], strict=False)]
    thresholds = [scores[0] - 1e-6] + middles + [scores[-1] + 1e-6]

    def point(t: float) -> CurvePoint:
        refused = [out for out, score in scored if score < t]
        return CurvePoint(threshold=round(t, 6), precision=sum(refused) / len(refused) if refused else None,
                          recall=sum(refused) / positives, false_rate=(len(refused) - sum(refused)) / negatives)

    points = [point(t) for t in thresholds]
    best = max(points, key=lambda p: _f1(p.precision, p.recall))
    allowed = [p for p in points if p.false_rate <= FALSE_REFUSAL_TARGET]
    target = max(allowed, key=lambda p: (p.recall, p.threshold), default=None)
    actual = [(o.expected_intent == "out_of_scope", o.refused) for o in observations if o.scope_score is not None]
    refused_outs = [out for out, refused in actual if refused]
    return RefusalCurve(n=len(scored), points=points,
                        best_f1_threshold=best.threshold if _f1(best.precision, best.recall) > 0 else None,
                        target_threshold=target.threshold if target else None,
                        assistant=point(IN_SCOPE_MIN_SCORE),
                        operating=refusal_scores(actual),
                        operating_precision=sum(refused_outs) / len(refused_outs) if refused_outs else None)


def _f1(precision: float | None, recall: float) -> float:
    if not precision or not recall:
        return 0.0
    return 2 * precision * recall / (precision + recall)
