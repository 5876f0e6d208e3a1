"""Course words a phone's autocorrect turned into everyday ones are heard again before a request
is refused; everyday requests stay refused."""

from __future__ import annotations

import pytest

from assistant.autocorrect import heard_again, title_words
from assistant.conversation import Conversation
from assistant.service import Assistant
from core.course import load_course
from core.settings import Settings
from tests.support.indexes import private_copy

TITLE_WORDS = title_words(topic.title for topic in load_course().topics)


@pytest.fixture(scope="module")
def assistant(course_index, tmp_path_factory) -> Assistant:
    data_dir = private_copy(course_index, tmp_path_factory.mktemp("autocorrect") / "data")
    return Assistant(Settings(data_dir=data_dir), provider="extractive")


@pytest.mark.parametrize(("text", "meant"), [
    ("what does the relay activation do", [("relay", "relu")]),
    ("a quiz on convulsion ops", [("convulsion", "convolution")]),
    ("max pulling vs average pooling", [("pulling", "pooling")]),
    ("what's a cohen network", [("cohen", "kohonen")]),
    # two words a swipe keyboard made of one
    ("is drip out a kind of regularization", [("drip out", "dropout")]),
    ("tender flow reshape example", [("tender flow", "tensorflow")]),
])
def test_a_course_word_autocorrect_changed_is_heard_as_the_title_word_it_sounds_like(text, meant):
    assert heard_again(text, TITLE_WORDS, known=set()).replaced == meant


@pytest.mark.parametrize("text", ["is there anything about cooking in the course",  # "cooking" is no "pooling"
                                  "is spotify shuffle random? it keeps playing the same songs",
                                  "the ending of the film, was the top still spinning",
                                  "quiz me on GNNs and message passing",
                                  "i want to find out more about the river flow",  # a name typed as one, not "GANs"
                                  "wie lange muss man nudeln kochen"])  # no English word: no phone wrote it
def test_everyday_words_that_only_look_like_course_words_are_left_alone(text):
    assert heard_again(text, TITLE_WORDS, known=set()).replaced == []


def test_a_question_autocorrect_garbled_is_answered_and_says_how_it_was_read(assistant):
    result = assistant.ask("what does relay do to negative inputs")
    assert result.intent == "answer" and result.retrieved[0] == "w02-t15", result.answer  # ReLU
    assert result.question == "what does relay do to negative inputs"
    assert 'Read "relay" as "relu".' in result.notes


def test_an_everyday_question_is_still_refused(assistant):
    assert assistant.ask("my relay switch keeps clicking, is it broken?").intent == "out_of_scope"


def test_the_x_one_with_x_as_autocorrect_wrote_it_is_the_topic_it_sounds_like(assistant):
    conversation = Conversation()
    conversation.add(assistant.ask("what does relu do to negative inputs"))
    then = assistant.ask("and the sigmund one?", history=conversation.turns)
    assert then.intent == "answer" and then.retrieved[0] == "w02-t13", then.standalone_question  # Sigmoid


def test_a_word_the_course_writes_is_not_heard_as_another_title(assistant):
    """ "baidu" sounds a little like "bard", but the course writes it (ERNIE is Baidu's)."""
    conversation = Conversation()
    conversation.add(assistant.ask("how is chatgpt different from bard?"))
    then = assistant.ask("and the baidu one, what is it?", history=conversation.turns)
    assert then.retrieved[0] == "w12-t05", then.standalone_question  # ERNIE
