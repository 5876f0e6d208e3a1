"""A student points at the answer before as it was shown: its numbered sources ("[2]", "the
second source") and its sentences ("point 2"). On a real offline index."""

from __future__ import annotations

import re

import pytest

from assistant.conversation import Conversation
from assistant.models import AskResult
from assistant.service import Assistant


def talk(assistant: Assistant, *questions: str) -> list[AskResult]:
    conversation = Conversation()
    results = []
    for question in questions:
        results.append(result := assistant.ask(question, history=conversation.turns))
        conversation.add(result)
    return results


@pytest.mark.parametrize("follow_up", ["what does [2] say?", "tell me more about the second source",
                                       "source #2 pls", "and ref 2?"])
def test_a_numbered_source_is_the_topic_the_answer_cited_under_that_number(assistant, follow_up):
    first, second = talk(assistant, "latency vs throughput", follow_up)
    cited = first.citations[1]
    assert cited.topic_id != first.citations[0].topic_id
    assert cited.topic in second.standalone_question
    assert second.intent == "answer" and second.retrieved[0] == cited.topic_id


def test_the_last_source(assistant):
    first, last = talk(assistant, "latency vs throughput", "the last source?")
    assert last.retrieved[0] == first.citations[-1].topic_id


def test_a_quiz_on_a_source_is_on_its_topic(assistant):
    first, quiz = talk(assistant, "latency vs throughput", "quiz me on source 2")
    assert quiz.intent == "quiz" and quiz.quiz
    assert {q.topic_id for q in quiz.quiz} == {first.citations[1].topic_id}


def test_a_number_the_latest_answer_lacks_is_the_earlier_answers(assistant):
    first, _one_source, pointed = talk(assistant, "latency vs throughput", "what does [1] say?",
                                       "and the second source?")
    assert pointed.retrieved[0] == first.citations[1].topic_id


def test_a_point_is_a_sentence_of_the_answer_and_the_source_it_cites(assistant):
    first, second = talk(assistant, "latency vs throughput", "expand point 2")
    second_sentence_cites = re.findall(r"\[(\d)\]", first.answer)[1]  # one marker a sentence
    assert second.standalone_question == f"expand {first.citations[int(second_sentence_cites) - 1].topic}"


def test_a_number_no_answer_had_is_the_last_source_of_the_answer_before(assistant):
    first, second = talk(assistant, "latency vs throughput", "what does [7] say?")
    assert second.standalone_question == f"what does {first.citations[-1].topic} say?"


def test_an_article_of_a_week_is_not_taken_for_a_source(assistant):
    follow_up = "what is the second article of week 5 about?"
    _, second = talk(assistant, "latency vs throughput", follow_up)
    assert second.standalone_question == follow_up


@pytest.mark.parametrize("follow_up", ["quiz me on the sources you cited", "quiz me on both links"])
def test_the_sources_together_are_every_topic_the_answer_cited(assistant, follow_up):
    first, quiz = talk(assistant, "latency vs throughput", follow_up)
    assert quiz.intent == "quiz"
    assert {q.topic_id for q in quiz.quiz or []} == {c.topic_id for c in first.citations}


def test_both_sources_are_those_of_the_latest_answer_with_two(assistant):
    first, _one_source, quiz = talk(assistant, "latency vs throughput", "what does [1] say?",
                                    "quiz me on both articles")
    assert {q.topic_id for q in quiz.quiz or []} == {c.topic_id for c in first.citations}
