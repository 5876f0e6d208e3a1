"""Topics named by their place in the course: "the fourth topic of week 2", "the one after it"."""

import pytest

from assistant import Conversation
from assistant.places import by_place


@pytest.mark.parametrize(("text", "topic_id"), [
    ("explain the fourth topic of week 2", "w02-t04"),
    ("what is topic 2 in week 9 about", "w09-t02"),
    ("week 5's last topic, why does it matter", "w05-t21"),
    ("the very first thing in week 9?", "w09-t01"),
    ("the penultimate one from week 2", "w02-t24"),
])
def test_an_ordinal_in_a_week_is_that_topic(course, matcher, text, topic_id):
    placed = by_place(text, course, matcher)
    assert placed is not None and placed.topic_id == topic_id
    assert course.topic(topic_id).title in placed.text


@pytest.mark.parametrize(("text", "topic_id"), [
    ("give me questions on the topic right after winograd", "w09-t03"),
    ("the lesson just before the residual connection one, explain it", "w09-t02"),
])
def test_the_topic_beside_a_named_one(course, matcher, text, topic_id):
    placed = by_place(text, course, matcher)
    assert placed is not None and placed.topic_id == topic_id


@pytest.mark.parametrize(("text", "title"), [
    ("what comes just after winograd convolution in the list?", "Residual Connection"),
    ("whats the first topic in week 9", "Convolution Algorithms"),  # chat's "whats"
])
def test_a_question_that_asks_which_topic_is_there_asks_where_it_sits(course, matcher, text, title):
    placed = by_place(text, course, matcher)
    assert placed is not None and placed.text == f"which week is {title} in?"


@pytest.mark.parametrize("text", [
    "what comes after week 7?",  # a week, not a topic
    "quiz me on the next week",
    "what is the twentieth topic of week 9",  # week 9 has 13
    "the one before it",  # nothing to count from
    "what comes after the CNN models week",
    "which topics come before seq2seq in the course?",  # the topics before it: a list, not one place
])
def test_no_place_is_read_where_none_is_named(course, matcher, text):
    assert by_place(text, course, matcher) is None


def test_the_one_before_it_counts_from_the_conversations_topic(course, matcher):
    placed = by_place("ok and the one right before it?", course, matcher, about="w09-t03")
    assert placed is not None and placed.topic_id == "w09-t02"


def test_a_quiz_on_a_topic_by_its_place_is_on_that_topic(assistant):
    result = assistant.ask("test me on the second topic of week 9")
    assert result.intent == "quiz" and result.quiz
    assert {question.topic_id for question in result.quiz} == {"w09-t02"}


def test_a_question_about_a_topic_by_its_place_is_about_the_topic_not_its_week(assistant):
    result = assistant.ask("the second topic of week 9, what is it about?")
    assert result.intent == "answer" and result.citations[0].topic_id == "w09-t02"


def test_which_topic_comes_after_another_is_a_syllabus_answer(assistant):
    result = assistant.ask("in week 9, what's the lesson right after winograd?")
    assert result.intent == "syllabus" and result.week == 9
    assert result.answer.startswith("Residual Connection is in week 9")


def test_the_one_before_it_in_a_conversation(assistant):
    conversation = Conversation()
    conversation.add(assistant.ask("what is winograd convolution?"))
    result = assistant.ask("and the one right before it?", history=conversation.turns)
    assert result.intent == "answer" and result.standalone_question == "and Convolution Algorithms?"
    assert "w09-t01" in result.retrieved[:3]
