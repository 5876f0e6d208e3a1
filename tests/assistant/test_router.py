"""The router's mask: what a request names is replaced by placeholders, so the meaning model
votes on what the request wants, not on what it is about."""

from __future__ import annotations

from assistant.intent_model import IntentVote
from assistant.router import Router
from assistant.topics import TopicMatcher
from core.course import load_course


def router() -> Router:
    course = load_course()
    return Router(course, TopicMatcher(course), embed=lambda texts: [], model_id="unused")


def test_topics_and_weeks_become_placeholders() -> None:
    assert router().mask("Test me on Dropout from week 8") == "test me on X from week 5"


def test_a_phrase_naming_two_titles_is_masked_once_and_the_rest_kept() -> None:
    # "Residual Connection" is the title of a week-4 and a week-9 topic: masking it twice ate
    # "help the gradient", and the follow-up read as "do X get through?", a quiz request.
    assert router().mask("do Residual Connection help the gradient get through?") == (
        "do X help the gradient get through?")


class _Reading:
    """The meaning model's reading, fixed: the routing rule under test is what follows from it."""

    def __init__(self, vote: IntentVote) -> None:
        self._vote = vote

    def vote(self, vector) -> IntentVote:
        return self._vote


def routed_with(vote: IntentVote, text: str) -> str:
    routing = Router(load_course(), TopicMatcher(load_course()), embed=lambda texts: [[0.0]] * len(texts),
                     model_id="unused")
    routing.__dict__["model"] = _Reading(vote)
    return routing.route(text).intent.kind


def test_a_question_becomes_a_command_only_when_the_closest_examples_agree() -> None:
    question = "and squeeze, is that the same as reshape?"
    sure = IntentVote(label="quiz", confidence=0.7, nearest=0.6, agreement=0.9)
    assert routed_with(sure, question) == "quiz"
    alone = IntentVote(label="quiz", confidence=0.7, nearest=0.6, agreement=0.2)  # the regression alone
    assert routed_with(alone, question) == "answer"
