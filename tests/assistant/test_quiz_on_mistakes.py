"""A quiz on what the student got wrong goes back over those topics, from the real progress database."""

from __future__ import annotations

import pytest

from assistant.service import Assistant
from core.settings import Settings
from tests.support.indexes import private_copy


@pytest.fixture
def assistant(course_index, tmp_path) -> Assistant:
    return Assistant(Settings(data_dir=private_copy(course_index, tmp_path / "data")), provider="extractive")


def test_a_quiz_on_what_i_got_wrong_goes_back_over_the_topics_answered_wrong(assistant):
    selu = assistant.quiz(2, n=2, topic_id="w02-t16")
    assistant.answer_quiz(selu.questions[0], "no idea, sorry")
    result = assistant.ask("can you quiz me again on the ones i got wrong")
    assert result.intent == "quiz" and {q.topic_id for q in result.quiz} == {"w02-t16"}, result.answer
    assert result.answer.startswith("On what you got wrong before: Here is a quiz on SeLU")


def test_a_topic_answered_right_is_not_among_the_mistakes(assistant):
    selu, relu = assistant.quiz(2, n=1, topic_id="w02-t16"), assistant.quiz(2, n=1, topic_id="w02-t15")
    assistant.answer_quiz(selu.questions[0], "no idea, sorry")
    assistant.answer_quiz(relu.questions[0], relu.questions[0].answer)
    assert {q.topic_id for q in assistant.ask("quiz me on my mistakes").quiz} == {"w02-t16"}


def test_with_no_wrong_answers_the_quiz_says_so_and_is_on_the_week_asked_for(assistant):
    result = assistant.ask("test me on what i got wrong in week 3")
    assert result.intent == "quiz" and result.quiz and {q.week for q in result.quiz} == {3}
    assert result.answer.startswith("You have not answered any quiz question of week 3 wrong yet.")


def test_my_weak_spots_are_the_topics_answered_wrong(assistant):
    selu = assistant.quiz(2, n=1, topic_id="w02-t16")
    assistant.answer_quiz(selu.questions[0], "no idea, sorry")
    assert {q.topic_id for q in assistant.ask("drill me on all my weak spots").quiz} == {"w02-t16"}


def test_a_quiz_on_the_mistakes_of_a_week_keeps_to_that_week(assistant):
    selu, latency = assistant.quiz(2, n=1, topic_id="w02-t16"), assistant.quiz(3, n=1, topic_id="w03-t04")
    assistant.answer_quiz(selu.questions[0], "no idea, sorry")
    assistant.answer_quiz(latency.questions[0], "no idea, sorry")
    result = assistant.ask("quiz me on what i got wrong in week 3")
    assert result.intent == "quiz" and {q.topic_id for q in result.quiz} == {"w03-t04"}, result.answer
