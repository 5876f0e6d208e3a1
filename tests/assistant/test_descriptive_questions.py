"""Questions that describe an idea instead of naming its topic, on a real offline index that
holds only the checklist's one-paragraph descriptions: the topic described comes first, and the
answer quotes it."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("question, topic_id", [
    # the description matches one sentence of the topic's paragraph, or its name, best
    ("the algorithm that passes the error back through the network to compute each weight's gradient",
     "w04-t04"),  # Backpropagation
    ("is it really worth pruning a model, and what is it called when you drop small weights?",
     "w09-t11"),  # Pruning
    # no word in common with the topic's paragraph: found by the ways students put it
    ("stopping the network from memorising the training set by randomly ignoring units", "w08-t09"),  # Dropout
    # an acronym the course never writes, made of a title's initials
    ("what is BPE?", "w11-t07"),  # Byte Pair Encoding
    ("how does BPE split words?", "w11-t07"),
])
def test_a_question_that_describes_a_topic_is_answered_from_it(assistant, question, topic_id):
    result = assistant.ask(question)
    assert result.intent == "answer"
    assert result.retrieved[0] == topic_id
    assert {citation.topic_id for citation in result.citations} == {topic_id}


def test_ordinary_words_are_not_corrected_into_course_words(assistant):
    """Only a word everyday English hardly uses is taken for a typo."""
    question = "is it really called that when you cut out the unimportant weights and again the unknown ones?"
    assert assistant.retriever.correct_spelling(question) == question
    assert assistant.retriever.correct_spelling("how are the wieghts updated each epoc?") == (
        "how are the weights updated each epoch?")


def test_two_letter_initials_are_left_alone(assistant):
    """ "LR" is a learning rate far more often than a Linear Regression."""
    assert assistant.reranker.expand("how does the LR affect training?") == "how does the LR affect training?"


def test_the_courses_own_subject_is_known_by_its_initials_in_any_case(assistant):
    """ "dl" is what students of a Deep Learning course call it: the question about it is answered
    from the course, not refused as an unknown word."""
    assert assistant.reranker.expand("can dl spot tumours on scans?") == "can dl (Deep Learning) spot tumours on scans?"
    result = assistant.ask("could dl help manage traffic in a big city")
    assert result.intent == "answer"
    assert result.retrieved[0] == "w07-t02"
