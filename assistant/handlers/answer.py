"""Questions: retrieve, generate with the configured provider, check the answer against the
passages, and fall back to the extractive answer whenever the provider fails or writes something
the course does not support."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from assistant import providers
from assistant.answering import cite, extractive_answer, strip_markers
from assistant.coverage import answer_topics, judge_coverage, lacking, unexplained
from assistant.guard import check_grounded
from assistant.handlers.refusal import ask_which_topic, refuse
from assistant.handlers.registry import Request, TokenSink, dispatch, handles
from assistant.models import AskResult, Timings
from assistant.scope import course_vote

if TYPE_CHECKING:
    from assistant.retrieval import Retrieval
    from assistant.service import Assistant


@dataclass
class _Generated:
    """An answer's text before citation, and whether (and why) it is the extractive stand-in."""

    text: str
    grounded: bool = True
    notes: list[str] = field(default_factory=list)
    fallback: Literal["unreachable", "unsupported"] | None = None


@handles("answer")
def answer(assistant: Assistant, request: Request) -> AskResult:
    if request.leans_on_nothing:
        return ask_which_topic(request)
    started = time.perf_counter()
    question, week, on_token = request.searched, request.week, request.on_token
    retrieval = assistant.reranker.search(question, k=request.k, weeks=[week] if week else None,
                                          vector=request.vector,
                                          course_vote=course_vote(request.routed.vote))
    retrieved_ms = (time.perf_counter() - started) * 1000
    notes = [f"Week {week} had little on this, so I searched the whole course."] if retrieval.widened else []
    timings = Timings(retrieve=round(retrieved_ms, 2))
    # Coverage reads the question as the student wrote it: spelling correction against the
    # course's words turns the very terms it lacks into ones it has ("k-means" into "means").
    # A deep-learning concept the passages found never mention ("GRU", "perplexity") is the
    # course's neighbour, not another subject, unless the intent model reads it as one. Read once:
    # the refusal and the coverage label both need them.
    # In another language a course topic named is the evidence, and the words the course lacks
    # are that language's, not terms it does not explain ("hoe werkt backpropagation"): only a
    # concept of the glossary the passages never mention makes the answer partial.
    abroad = request.routed.another_language
    concepts = unexplained(request.standalone, retrieval)
    terms = [] if abroad else lacking(request.standalone, retrieval, assistant.retriever)
    named_abroad = abroad and bool(retrieval.title_matches)
    near = (retrieval.near_course and bool(terms)) or (retrieval.concept_near and bool(concepts))
    # What the conversation was just about is evidence too: a question close to the course whose
    # best passage is on the last answer's topic or its week goes on with it ("wait why would
    # starting values matter at all" after an answer on training), in words retrieval alone doubts.
    # ...and so is a week the student names in the conversation ("does week 8 teach anything that reduces it?").
    weeks = {assistant.course.topic(t).week for t in request.just_answered}
    if weeks and week:
        weeks.add(week)
    goes_on = retrieval.goes_on_with(request.just_answered, weeks)
    if not (retrieval.in_scope or near or goes_on or named_abroad):
        if request.routed.otherwise is not None:  # a command in a question's words (assistant.router)
            return dispatch(assistant, replace(request, routed=request.routed.as_otherwise()))
        result = refuse(request, retrieval)
        result.notes, result.timings_ms = notes, timings
        return result
    coverage = judge_coverage(retrieval, terms, concepts, on_course=goes_on)
    generated = _generate(assistant, question, retrieval, None if coverage.partial else on_token)
    text, citations = cite(generated.text, retrieval.hits)
    if coverage.partial:
        text = f"{coverage.preface(assistant.course)} {text}".strip()
        if on_token:
            on_token(text)
    timings.generate = round((time.perf_counter() - started) * 1000 - retrieved_ms, 2)
    return request.result(intent="answer", answer=text, citations=citations, grounded=generated.grounded,
                          notes=notes + generated.notes, fallback=generated.fallback,
                          retrieved=retrieval.topic_ids, coverage=coverage.label,
                          scope_score=retrieval.scope_score, suggestions=coverage.suggestions,
                          timings_ms=timings)


def _generate(assistant: Assistant, question: str, retrieval: Retrieval,
              on_token: TokenSink | None) -> _Generated:
    """The provider's answer if the guard accepts it, else the extractive one with a note."""
    topics = answer_topics(retrieval, assistant.course.title)
    payload = {"question": question, "hits": retrieval.hits, "topics": topics}
    provider, settings = assistant.provider, assistant.settings
    if provider == "extractive":
        text = assistant.generator.invoke(payload)
        if on_token:
            on_token(text)
        return _Generated(text)
    try:
        text = "".join(_streamed(assistant.generator.stream(payload), on_token))
    except Exception as error:  # any provider failure degrades to the extractive answer
        reason = providers.describe_failure(provider, settings, error)
        return _Generated(_extractive(assistant, question, retrieval),
                          notes=[f"{reason} Showing the extractive answer."], fallback="unreachable")
    verdict = check_grounded(strip_markers(text), [hit.chunk.text for hit in retrieval.hits])
    if not settings.guard:  # unchecked: only for measuring what the guard is worth
        return _Generated(text, grounded=verdict.grounded,
                          notes=["The groundedness guard is off; this answer is unchecked."])
    # Sentences with nothing to check ("The answer to your question is:") say nothing; repeats
    # say nothing new. What is left must be non-empty and every sentence supported.
    claims = {s.text: s.passage_index for s in verdict.sentences if s.passage_index is not None}
    if verdict.grounded and claims:
        # Cite each sentence by the passage the guard found supporting it, whatever the model
        # wrote as markers: a small model's [n] are often missing or wrong.
        return _Generated(" ".join(f"{text} [{index + 1}]" for text, index in claims.items()))
    return _Generated(_extractive(assistant, question, retrieval), fallback="unsupported",
                      notes=[f"The {provider} answer was not supported by the course passages, "
                             "so this is the extractive answer instead."])


def _extractive(assistant: Assistant, question: str, retrieval: Retrieval) -> str:
    topics = answer_topics(retrieval, assistant.course.title)
    return extractive_answer(question, retrieval.hits, assistant.embed_sentences, topics)


def _streamed(tokens: Iterable[str], on_token: TokenSink | None) -> Iterator[str]:
    for token in tokens:
        if on_token:
            on_token(token)
        yield token
