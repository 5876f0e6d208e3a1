"""The router's mask: what a request names is replaced by placeholders, so the meaning model
votes on what the request wants, not on what it is about."""

from __future__ import annotations

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
