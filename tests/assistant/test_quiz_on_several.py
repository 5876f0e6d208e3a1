"""A quiz on several topics of a conversation, through `Assistant.ask(history=...)` on the bundled
course: "quiz me on these two", "these activation functions", "the nlp stuff" are on each topic
the conversation was about (those that fit the words, when some do), and topics with nothing to
ask are named and give way to the nearest that have questions. Written from the shapes, not from
eval lines."""

from __future__ import annotations

import pytest

from assistant.models import AskResult
from tests.support.conversations import last_reply


def quizzed(reply: AskResult) -> set[str]:
    assert reply.intent == "quiz" and reply.quiz, (reply.standalone_question, reply.answer)
    return {question.topic_id for question in reply.quiz}


@pytest.mark.parametrize("turns, topic_ids", [
    # a kind noun with words that say which: only the topics they fit (not pooling)
    (("what is ELU?", "what are pooling layers?", "tell me about the swish activation",
      "could you test me on these activation functions?"), {"w02-t14", "w02-t18"}),
    # "the ... stuff" points back when some of the conversation's topics fit it
    (("what is XLNet?", "what does a bias op do?", "what is byte pair encoding?", "quiz me on the nlp stuff"),
     {"w11-t10", "w11-t07"}),
])
def test_these_kind_of_things_are_the_conversations_topics_that_fit(assistant, turns, topic_ids):
    assert quizzed(last_reply(assistant, *turns)) == topic_ids


def test_the_stuff_that_fits_nothing_said_is_a_new_subject(assistant):
    reply = last_reply(assistant, "Tell me about the SeLU activation.", "quiz me on the pooling stuff")
    assert "w02-t16" not in quizzed(reply) and "SeLU" not in reply.standalone_question


def test_a_topic_named_inside_another_title_is_not_quizzed_as_well(assistant):
    """ "Layer Normalization" holds "Normalization": a quiz on these two is on Layer
    Normalization and the bias op, not on Normalization too."""
    reply = last_reply(assistant, "what is layer normalization?", "what does a bias op do?", "quiz me on these two")
    assert quizzed(reply) == {"w02-t25", "w02-t05"}
    assert reply.answer.startswith("Here is a quiz on Layer Normalization and Bias op")


def test_a_count_takes_that_many_topics_latest_first(assistant):
    reply = last_reply(assistant, "what is ReLU?", "what is SeLU?", "what is GeLU?", "what is the swish activation?",
                       "quiz me on all four")
    assert quizzed(reply) == {"w02-t15", "w02-t16", "w02-t17", "w02-t18"}
    assert "Left out" not in reply.answer  # no topic it was never asked about


def test_topics_with_nothing_to_ask_are_named_and_give_way_to_the_nearest(assistant):
    reply = last_reply(assistant, "what are the steps to get tensorflow installed on my laptop?",
                       "how do I run models in the browser with tensorflow.js?", "test me on those two")
    assert reply.answer.startswith("I have no questions on Build Install Tensorflow and Tensorflow.js yet: ")
    assert "week 8" not in reply.answer and "nearest topics that have some instead" in reply.answer
    topics = quizzed(reply)
    assert len(topics) == 2 and not topics & {"w08-t01", "w08-t07"}
    assert {question.week for question in reply.quiz} == {8}


def test_one_topic_with_nothing_to_ask_gives_way_to_its_nearest_neighbour(assistant):
    reply = last_reply(assistant, "what are AVX512 instructions used for?", "quiz me on that")
    assert reply.answer.startswith("I have no questions on Instruction set AVX2, AVX512-VNNI yet: ")
    assert "nearest topic that has some instead" in reply.answer
    assert "w03-t06" not in quizzed(reply)


def test_a_new_subject_with_nothing_to_ask_gives_way_to_its_own_neighbours(assistant):
    """Not to what the conversation was about before it."""
    reply = last_reply(assistant, "Tell me about the SeLU activation.", "quiz me on the pooling stuff")
    assert reply.answer.startswith("I have no questions on Pooling Layers yet: ")
    assert all("Pool" in assistant.course.topic(topic_id).title for topic_id in quizzed(reply))


@pytest.mark.parametrize("request_", ["quiz me on the week 2 stuff we just covered",
                                      "test me on what we've been through in week 2"])
def test_a_quiz_on_what_the_conversation_went_through_in_a_week_is_on_those_topics(assistant, request_):
    reply = last_reply(assistant, "what is ELU?", "and SeLU, why is it self-normalizing?", request_)
    assert quizzed(reply) <= {"w02-t14", "w02-t16"} and reply.week == 2, reply.answer


@pytest.mark.parametrize("request_text, topic_ids", [
    ("quiz me on alexnet vgg googlenet", {"w05-t11", "w05-t15", "w05-t14"}),
    ("last minute, test me on selu elu", {"w02-t16", "w02-t14"}),
])
def test_names_typed_one_after_another_without_commas_are_each_quizzed(assistant, request_text, topic_ids):
    assert quizzed(last_reply(assistant, request_text)) == topic_ids


def test_one_term_made_of_course_names_is_not_a_list_of_them(assistant):
    assert last_reply(assistant, "a quick quiz on graph neural networks").intent == "out_of_scope"


def test_a_quiz_on_several_subjects_the_course_lacks_is_refused(assistant):
    """Each part names what the course does not teach: a quiz on their neighbours would not test them."""
    assert last_reply(assistant, "quiz me on beam search and perplexity").intent == "out_of_scope"
    assert last_reply(assistant, "quiz me on dropout and perplexity").intent == "quiz"  # dropout it has


@pytest.mark.parametrize("request_text", ["ok, 3 questions on everything we just aligned on",
                                          "overhoor mij op wat we besproken hebben, 3 vragen"])  # Dutch
def test_a_quiz_on_what_the_conversation_went_through_is_on_its_topics(assistant, request_text):
    reply = last_reply(assistant, "what is pruning?", request_text)
    assert reply.intent == "quiz" and "w09-t11" in {question.topic_id for question in reply.quiz}  # Pruning
