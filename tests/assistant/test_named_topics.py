"""Which topics an answer quotes, through `Assistant.ask` on the bundled course. A student may
call a topic by a name its checklist title only implies: a word run together from the title's
words ("adagrad" for Adaptive Gradient Algorithm), or a name English does not have at the centre
of a short question ("xlnet"); the answer must quote the topic so named, in a conversation or
not. A question naming several topics has each quoted only when it compares or lists them, not
when one is named in passing."""

from __future__ import annotations

import pytest

from assistant.models import AskResult
from tests.support.conversations import last_reply

ADAGRAD, ADADELTA, XLNET, FEED_FORWARD = "w09-t06", "w04-t17", "w11-t10", "w06-t04"


def cited(result: AskResult) -> list[str]:
    return [citation.topic_id for citation in result.citations]


@pytest.mark.parametrize("questions, topic_id", [
    # a name run together from the title's words, asked on its own or after another optimizer
    (("adagrad, what year?",), ADAGRAD),
    (("what is gradient descent?", "ok, who came up with adagrad"), ADAGRAD),
    # a name English does not have, at the centre of a short follow-up, is its subject
    (("how did CNN architectures evolve?", "and xlnet, how big?"), XLNET),
    # a title's initials, which the embedding model does not know
    (("ffnn, how does it learn?",), FEED_FORWARD),
])
def test_a_topic_called_by_its_short_name_is_the_one_quoted(assistant, questions, topic_id):
    result = last_reply(assistant, *questions)
    assert result.intent == "answer"
    assert cited(result) and set(cited(result)) == {topic_id}


def test_a_titles_initials_are_spelled_out_for_the_search_in_either_case(assistant):
    """MiniLM knows neither "BPE" nor "bpe"; initials English writes as a word ("mid") stay as they are."""
    assert assistant.reranker.expand("how does bpe tokenize") == "how does bpe (Byte Pair Encoding) tokenize"
    assert "Byte Pair Encoding" in assistant.reranker.expand("how does BPE tokenize")
    assert assistant.reranker.expand("a mid size model") == "a mid size model"


def test_a_short_name_in_a_longer_question_does_not_take_it_over(assistant):
    """Adadelta is the answer to what goes wrong with adagrad: the name is the setting here."""
    result = assistant.ask("adagrad's step size keeps decaying towards zero during training; "
                           "which later optimizer was designed to fix that?")
    assert cited(result)[0] == ADADELTA


@pytest.mark.parametrize("question, topic_id", [
    ("what is quantization", "w09-t12"),  # not Challenges of Quantization
    ("explain quantization in simple words", "w09-t12"),
    ("explain autoencoders in simple words", "w06-t02"),  # not Variational Autoencoder
])
def test_a_question_asking_only_what_a_topic_is_quotes_it_before_a_topic_that_qualifies_it(
        assistant, question, topic_id):
    assert cited(assistant.ask(question))[0] == topic_id


def test_a_topic_that_qualifies_a_name_is_quoted_first_when_the_question_asks_for_the_qualifier(assistant):
    assert cited(assistant.ask("problems with quantization?"))[0] == "w09-t13"


def test_a_misspelt_name_of_one_topic_is_not_taken_for_a_coined_name_of_another(assistant):
    """ "convnets" is a typo away from ConvNeXT, but the student means CNNs in general."""
    result = assistant.ask("any downsides to convnets?")
    assert cited(result) == ["w05-t03"]


@pytest.mark.parametrize("question, topic_ids", [
    ("why does SeLU need normalization?", {"w02-t16"}),  # Normalization is named in passing
    ("how is ELU different from SeLU?", {"w02-t14", "w02-t16"}),  # compared: each is quoted
    ("explain MaxPool and Global Average Pooling", {"w02-t20", "w02-t23"}),  # listed: each is quoted
])
def test_an_answer_quotes_each_named_topic_only_when_the_question_asks_about_each(assistant, question, topic_ids):
    assert set(cited(assistant.ask(question))) == topic_ids
