"""Terse turns in the words of the topic just discussed ("2nd best entry's error?" after AlexNet)."""

import pytest

from assistant.terse import expand_shorthand, in_its_words

ALEXNET = "w05-t11"


@pytest.mark.parametrize(("text", "written_out"), [
    ("avg pooling vs max", "average pooling vs max"),
    ("which comp/yr", "which comp/year"),
    ("how many params w/ dropout", "how many parameters with dropout"),
    ("n the 2nd one?", "and the second one?"),
    ("navigating the maze", "navigating the maze"),  # only a word of its own is shorthand
    ("why he init and not xavier", "why he initialization and not xavier"),
    ("how's layer norm different", "how's layer normalization different"),
    ("used for what irl", "used for what in real life"),
    ("U-Net vs a plain conv net", "U-Net vs a plain convolution network"),  # a hyphenated name stays
])
def test_chat_shorthand_is_written_out(text, written_out):
    assert expand_shorthand(text) == written_out


def test_shorthand_the_course_itself_writes_is_the_courses_word():
    assert expand_shorthand("nn.Linear params", keep={"nn"}) == "nn.Linear parameters"


@pytest.mark.parametrize("text", ["2nd best entry's error?", "which competition?", "act fn used"])
def test_a_terse_turn_in_the_topics_words_is_about_it(course, text):
    assert in_its_words(text, ALEXNET, course)


@pytest.mark.parametrize("text", [
    "who invented the bicycle",  # "bicycle" is no word of AlexNet's, nor everyday enough
    "whats the capital of peru",  # no word of AlexNet's at all
    "why does the test error of the second best entry matter so much to people",  # too long to be terse
])
def test_another_subject_or_a_question_of_its_own_is_not(course, text):
    assert not in_its_words(text, ALEXNET, course)

