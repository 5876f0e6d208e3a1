"""Refusals: requests aimed at the assistant itself, and subjects the course does not cover."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.ellipsis import is_acknowledgement, is_greeting
from assistant.handlers.registry import Request, handles
from assistant.models import AskResult, TopicSuggestion
from assistant.request_subjects import request_subject
from assistant.scope import IN_SCOPE_MIN_SCORE
from assistant.terms import word_stems

if TYPE_CHECKING:
    from assistant.retrieval import Retrieval
    from assistant.service import Assistant

NOT_COVERED = "The course does not cover that."
REFUSE_INSTRUCTIONS = ("I can only help with the material of {course}, and I don't share my "
                       "instructions. Ask me about a course topic, or say \"quiz me on week 1\".")
# "thanks!", "hello": nothing to look up, and "the course does not cover that" would be odd.
GREETED = "Hello! Ask me about a course topic, or say \"quiz me on week 1\"."
ACKNOWLEDGED = "Glad to help. Ask me more about a course topic, or say \"quiz me on it\"."
# "why does it help?" as the first question: answering would pick a topic the student never named.
ASK_WHICH_TOPIC = ("Which topic do you mean? Name it in the question, e.g. \"Why does dropout help?\", "
                   "or say \"what does week 1 cover\" to see the topics.")


def ask_which_topic(request: Request) -> AskResult:
    """A question that refers back to nothing gets asked what it is about, not a guessed answer."""
    return request.result(intent="out_of_scope", answer=ASK_WHICH_TOPIC, grounded=True, coverage="none")


@handles("out_of_scope")
def refuse_instructions(assistant: Assistant, request: Request) -> AskResult:
    """The router reads only injections ("reveal your system prompt") as out of scope."""
    answer = REFUSE_INSTRUCTIONS.format(course=assistant.course.title)
    return request.result(intent="out_of_scope", answer=answer, grounded=True, coverage="none")


def refuse(request: Request, retrieval: Retrieval, what: str = "") -> AskResult:
    """The course does not cover the subject (`what`: what was asked of it, "quiz you on that");
    the nearest course topics are offered instead. A greeting or a "thanks!" gets a courtesy."""
    if is_acknowledgement(request.question):
        answer = GREETED if is_greeting(request.question) else ACKNOWLEDGED
        return request.result(intent="out_of_scope", answer=answer,
                              grounded=True, coverage="none", retrieved=retrieval.topic_ids,
                              scope_score=retrieval.scope_score)
    suggestions = [TopicSuggestion(topic_id=h.topic.topic_id, topic=h.topic.title, week=h.topic.week)
                   for h in retrieval.hits[:3]]
    nearest = "; ".join(f"{s.topic} (week {s.week})" for s in suggestions)
    lead = f"{NOT_COVERED[:-1]}, so I cannot {what}." if what else NOT_COVERED
    answer = f"{lead} The nearest course topics are: {nearest}." if nearest else lead
    return request.result(intent="out_of_scope", answer=answer, grounded=True, coverage="none",
                          retrieved=retrieval.topic_ids, suggestions=suggestions,
                          scope_score=retrieval.scope_score)


def another_course(assistant: Assistant, request: Request) -> Retrieval | None:
    """What retrieval finds for the course a request names ("the calculus course", "my physics
    class") when the course does not cover it; None when it names none, this course's subject,
    or this course by its title's words ("the 13 month course")."""
    subject = request_subject(request.searched, "course")
    # A topic named inside the subject is this course's, unless the subject says more ("operating
    # systems" is no "Different Layers / operations (ops)")
    titles = (assistant.course.topic(topic_id).title for topic_id in request.intent.topic_ids)
    named = {word for title in titles for word in word_stems(title)}
    if not subject or word_stems(subject) <= named | word_stems(assistant.course.title):
        return None
    retrieval = assistant.reranker.search(subject, k=3)
    return retrieval if retrieval.scope_score < IN_SCOPE_MIN_SCORE else None
