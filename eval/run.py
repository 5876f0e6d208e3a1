"""Running the Q&A set through the assistant and scoring every answer.

Each item is asked exactly as a user would (`Assistant.ask`); what it returns is judged against
the item's expectations: retrieval by topic id, refusals, intents, and the answer itself
(faithfulness to the cited passages, similarity to the reference answer).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel

from assistant import AskResult, Assistant
from assistant.answering import strip_markers
from assistant.guard import check_grounded
from core.errors import UserError
from eval.dataset import QAItem
from eval.metrics import (
    ItemResult,
    LatencyScores,
    Summary,
    cosine,
    latency_scores,
    summarize,
    token_f1,
)
from eval.quiz_quality import QuizQuality, measure_assistant


class StageLatency(BaseModel):
    retrieve: LatencyScores
    generate: LatencyScores
    total: LatencyScores


class EvalRun(BaseModel):
    """Everything one run produced: the contract summary plus what the report needs."""

    provider: str
    retrieval: str
    guard: bool
    split: str | None
    judge: str = "none (lexical groundedness guard; no LLM judge)"
    summary: Summary
    stages_ms: StageLatency
    items: list[ItemResult]
    answers: dict[str, str]  # item id -> the answer text, for reading the report
    quiz_quality: QuizQuality | None = None  # generated quizzes, measured (eval/quiz_quality.py)


def ask_as_user(assistant: Assistant, question: str, **options: Any) -> AskResult:
    """`Assistant.ask`, with a request it rejects (a UserError) counted as a wrong refusal."""
    try:
        return assistant.ask(question, **options)
    except UserError as error:
        return AskResult(question=question, intent="out_of_scope", week=None, answer=f"error: {error}",
                         grounded=False, provider=assistant.provider)


def supported_sentences(assistant: Assistant, answer: AskResult) -> list[bool]:
    """Per sentence of an answer: do its cited passages support it (the guard's verdict)? The
    input of the faithfulness metric; empty for a refusal, a command or an empty answer.

    A partial answer's first sentence says what the course lacks and names its nearest topics
    (issue 9): the assistant's own statement about coverage, not a claim from the passages, so
    it is not judged.
    """
    if answer.intent != "answer" or not answer.answer:
        return []
    passages = [assistant.retriever.passage(c.chunk_id).text for c in answer.citations if c.chunk_id]
    verdicts = [s.supported for s in check_grounded(strip_markers(answer.answer), passages).sentences]
    return verdicts[1:] if answer.coverage == "partial" else verdicts


def evaluate(assistant: Assistant, items: Sequence[QAItem], *, split: str | None = None,
             on_item: Callable[[QAItem], None] | None = None) -> EvalRun:
    results: list[ItemResult] = []
    answers: dict[str, str] = {}
    stages: dict[str, list[float]] = {"retrieve": [], "generate": [], "total": []}
    assistant.ask("warm up: what is an epoch?")  # load models once, outside the measurements
    for item in items:
        answer = ask_as_user(assistant, item.question)
        results.append(_score(assistant, item, answer))
        answers[item.id] = answer.answer
        if answer.intent == "answer":
            stages["retrieve"].append(answer.timings_ms.retrieve)
            stages["generate"].append(answer.timings_ms.generate)
        stages["total"].append(answer.timings_ms.total)
        if on_item:
            on_item(item)
    settings = assistant.settings
    return EvalRun(provider=assistant.provider, retrieval=settings.retrieval, guard=settings.guard,
                   split=split, summary=summarize(results), items=results, answers=answers,
                   stages_ms=StageLatency(**{k: latency_scores(v) for k, v in stages.items()}),
                   quiz_quality=measure_assistant(assistant))


def _score(assistant: Assistant, item: QAItem, answer: AskResult) -> ItemResult:
    observed: dict = {"intent": answer.intent, "scope_week": answer.week,
                      "refused": answer.intent == "out_of_scope", "latency_ms": answer.timings_ms.total,
                      "retrieved_topics": answer.retrieved,
                      "cited_topics": [c.topic_id for c in answer.citations]}
    if answer.intent == "answer" and answer.answer:
        observed["supported"] = supported_sentences(assistant, answer)
        if item.reference:
            vectors = assistant.embedder.embed_documents([strip_markers(answer.answer), item.reference])
            observed["answer_similarity"] = cosine(vectors[0], vectors[1])
            observed["answer_f1"] = token_f1(answer.answer, item.reference)
    return ItemResult.for_item(item, **observed)
