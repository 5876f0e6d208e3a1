"""The common shapes of a follow-up in a tutoring chat, each through `Assistant.ask(history=...)`
on the bundled course: each must land on the earlier turn's topic (or the right one of several),
and what is not a follow-up must not be bent. Written from the shapes, not from eval lines."""

from __future__ import annotations

import pytest

from assistant import ellipsis, references
from assistant.followup import resolve
from assistant.service import Assistant
from core.settings import Settings
from tests.support.conversations import last_reply
from tests.support.courses import ml_index  # noqa: F401 - the second course

SELU = "Tell me about the SeLU activation."  # w02-t16
POOLING = "what are pooling layers?"  # w02-t19
ELU_VS_SELU = "how is ELU different from SeLU?"  # w02-t14, w02-t16


# (earlier question, follow-up, topic the follow-up must be answered about)
ABOUT_THE_EARLIER_TOPIC = [
    # pronouns and demonstratives
    (SELU, "what problem does it solve?", "w02-t16"),
    (SELU, "what are its drawbacks?", "w02-t16"),
    (SELU, "why is this useful?", "w02-t16"),
    (SELU, "where is that used?", "w02-t16"),
    (POOLING, "how do they work?", "w02-t19"),
    (POOLING, "when should I use them?", "w02-t19"),
    (POOLING, "are those trainable?", "w02-t19"),
    (SELU, "explain this one again", "w02-t16"),
    (ELU_VS_SELU, "tell me more about the former", "w02-t14"),
    (ELU_VS_SELU, "why is the latter self-normalizing?", "w02-t16"),
    (ELU_VS_SELU, "explain the second one", "w02-t16"),
    (ELU_VS_SELU, "which one is better?", "w02-t16"),
    # ellipses
    (SELU, "why?", "w02-t16"),
    (SELU, "how?", "w02-t16"),
    (SELU, "where?", "w02-t16"),
    (SELU, "applied where", "w02-t16"),
    (SELU, "and then?", "w02-t16"),
    (SELU, "example?", "w02-t16"),
    (SELU, "gimme an example", "w02-t16"),  # as students write "give me"
    (SELU, "more", "w02-t16"),
    (SELU, "go on", "w02-t16"),
    (SELU, "elaborate", "w02-t16"),
    (SELU, "in simpler words", "w02-t16"),
    (SELU, "tl;dr", "w02-t16"),
    (SELU, "any downsides?", "w02-t16"),
    (SELU, "pros and cons?", "w02-t16"),
    (SELU, "what else?", "w02-t16"),
    (SELU, "is that all?", "w02-t16"),
    (SELU, "can you explain it more simply?", "w02-t16"),
    (SELU, "explain like I'm five", "w02-t16"),
    ("what is backpropagation?", "what are the steps?", "w04-t04"),
    ("what is winograd convolution?", "how much faster?", "w09-t02"),
    (SELU, "one more example please", "w02-t16"),
    (SELU, "could you simplify?", "w02-t16"),
    (SELU, "real world applications?", "w02-t16"),
    # why it matters
    (SELU, "so what?", "w02-t16"),
    (SELU, "and?", "w02-t16"),
    (SELU, "so?", "w02-t16"),
    (SELU, "meaning?", "w02-t16"),
    (SELU, "why should I care?", "w02-t16"),
    (SELU, "why does that matter?", "w02-t16"),
    (POOLING, "ok, so what?", "w02-t19"),
    # a question that goes on from the answer, naming nothing
    ("what is the wide and deep model?", "so what goes in as input and what comes out?", "w06-t07"),
    (POOLING, "and how do they change the size of what comes in?", "w02-t19"),
    # one of the topics named, by its place
    (ELU_VS_SELU, "tell me about the first", "w02-t14"),
    (ELU_VS_SELU, "what about the second?", "w02-t16"),
    # comparisons back: the new subject, the old one kept where the question compares
    (SELU, "what about GeLU?", "w02-t17"),
    (SELU, "and ReLU?", "w02-t15"),
    (SELU, "same for GeLU?", "w02-t17"),
    (SELU, "same question for GeLU", "w02-t17"),
    (SELU, "swish?", "w02-t18"),  # a name alone, of the same week: the last question again, about it
    # the one of a title, by another ending of its word or by the title's initials, in any week
    ("how is deep learning used for chest x-rays?", "how does the pancreas one work?", "w07-t06"),
    ("how does YOLO find objects in one pass?", "what about the SSD one?", "w05-t16"),
    # a terse question: a question word and what one asks of any topic
    ("what is the perceptron?", "what decade", "w01-t05"),
    (SELU, "which hardware?", "w02-t16"),
    ("what is resnet 50?", "how many layers", "w05-t19"),
    # the same question somewhere the course does not name, and the whole of the topic
    ("what does a Pb file store?", "and in rust?", "w03-t07"),
    (SELU, "who came up with the whole idea?", "w02-t16"),
    # whether the topic is so, and what "that" does
    ("what is an autoencoder?", "unsupervised or not?", "w06-t02"),
    ("what is a residual connection?", "why does that help deep nets train?", "w04-t10"),
    # one of the kind just discussed, described: another activation, not Layer Normalization
    ("how is ELU different from ReLU?", "and the one that normalizes itself?", "w02-t16"),
    # one of the kind just discussed, by whose it is
    ("what is a large language model?", "and baidu's one?", "w12-t05"),
]


@pytest.mark.parametrize("earlier, follow_up, topic_id", ABOUT_THE_EARLIER_TOPIC)
def test_a_follow_up_is_answered_about_the_topic_it_points_to(assistant, earlier, follow_up, topic_id):
    reply = last_reply(assistant, earlier, follow_up)
    assert reply.intent == "answer", reply.standalone_question
    assert topic_id in reply.retrieved[:3], (reply.standalone_question, reply.retrieved[:3])


@pytest.mark.parametrize("follow_up", ["how does it compare to ReLU?", "is it better than ReLU?",
                                       "how is this different from ReLU?"])
def test_a_comparison_back_keeps_both_topics(assistant, follow_up):
    reply = last_reply(assistant, SELU, follow_up)
    assert reply.intent == "answer"
    assert {"w02-t16", "w02-t15"} <= set(reply.retrieved[:3]), (reply.standalone_question, reply.retrieved)


@pytest.mark.parametrize("follow_up", ["compare them", "which one is better?"])
def test_them_after_a_question_naming_two_topics_is_both(assistant, follow_up):
    reply = last_reply(assistant, ELU_VS_SELU, follow_up)
    assert "ELU" in reply.standalone_question and "SeLU" in reply.standalone_question
    assert {"w02-t14", "w02-t16"} <= set(reply.retrieved[:3])


@pytest.mark.parametrize("turns, topic_id, title", [
    ((ELU_VS_SELU, "tell me about the first", "and the other one?"), "w02-t16", "SeLU"),
    ((ELU_VS_SELU, "tell me about the second", "what about the other one?"), "w02-t14", "ELU"),
    ((ELU_VS_SELU, "what are the drawbacks of the former?", "and the other?"), "w02-t16", "SeLU"),
    ((ELU_VS_SELU, "and the other one?"), "w02-t16", "SeLU"),  # the first is what the answer led with
    ((ELU_VS_SELU, "tell me about the first", "and the other one, when is it used?"), "w02-t16", "SeLU"),
])
def test_the_other_one_is_the_named_topic_not_yet_discussed(assistant, turns, topic_id, title):
    reply = last_reply(assistant, *turns)
    assert reply.intent == "answer" and title in reply.standalone_question, reply.standalone_question
    assert reply.retrieved[0] == topic_id, (reply.standalone_question, reply.retrieved[:3])


@pytest.mark.parametrize("turns", [
    ("tell me about ELU", "and SeLU?", "compare them"),
    ("tell me about ELU", "what about SeLU?", "how do they differ?"),
    ("tell me about ELU", "and SeLU?", "which one is better?"),
    ("tell me about ELU", "and SeLU?", "what's the difference?"),
])
def test_a_comparison_after_two_topics_asked_in_turn_compares_those_two(assistant, turns):
    reply = last_reply(assistant, *turns)
    assert "ELU" in reply.standalone_question and "SeLU" in reply.standalone_question, reply.standalone_question
    assert {"w02-t14", "w02-t16"} <= set(reply.retrieved[:3]), (reply.standalone_question, reply.retrieved)


def test_them_reaches_past_an_aside_that_was_refused(assistant):
    reply = last_reply(assistant, ELU_VS_SELU, "what's the weather like tomorrow?", "compare them")
    assert "ELU" in reply.standalone_question and "SeLU" in reply.standalone_question, reply.standalone_question


@pytest.mark.parametrize("question", [
    "and the part that updates the weights?",  # a relative "that", not a pointer back
    "is there a reverse op that makes the map bigger?",  # "that" after "a <word> <word>"
    "so is momentum basically the same thing as inertia?",  # a comparison, not "the same thing" pointing back
    "why is it that deeper nets are harder to train?",  # "is it that": no "it" to point back to
    # the subject described first, then pointed to
    "and the layer that keeps the maximum of every patch. what is it for?",
    "there's some law that says word frequency falls with rank, who found it?",
    "on another note: how do they learn?",  # the student changes the subject
    "and mish? why does that one exist",  # a new subject first, then "that one" is it
    "and focal loss, why was that a big deal",
    "the 16 bit format you mentioned, what is that exactly?",  # the subject first, then "that"
    "can you look at my bike, its chain keeps slipping",  # "its" is the bike's
])
def test_a_question_that_describes_its_own_subject_is_not_bent(assistant, question):
    history = [last_reply(assistant, ELU_VS_SELU).as_turn()]
    resolved = resolve(question, history, assistant.course, assistant.matcher, strength=lambda text: 0.0)
    assert resolved.text == question


@pytest.mark.parametrize("question", [
    "and the other one, the one with the dot products?",  # the words after "the other one" say which
    "what about the other one with the self-normalizing output",
])
def test_another_one_described_is_searched_with_the_kind_of_the_topic_before(assistant, question):
    history = [last_reply(assistant, ELU_VS_SELU).as_turn()]
    resolved = resolve(question, history, assistant.course, assistant.matcher, strength=lambda text: 0.0)
    assert resolved.text == f"{question.rstrip('?')} (activation)?"


def test_an_it_after_a_new_subject_is_still_the_conversations_topic(assistant):
    reply = last_reply(assistant, SELU, "and training, how's it different?")
    assert "SeLU" in reply.standalone_question, reply.standalone_question


@pytest.mark.parametrize("turns, topic_id", [
    ((ELU_VS_SELU, "tell me about the second", "and the first one?"), "w02-t14"),
    (("what does week 5 cover?", "tell me about the second one", "and the third?"), "w05-t03"),
])
def test_a_place_in_a_list_counts_in_the_latest_list_not_the_last_turn(assistant, turns, topic_id):
    reply = last_reply(assistant, *turns)
    assert reply.intent == "answer" and reply.retrieved[0] == topic_id, (reply.standalone_question, reply.retrieved)


@pytest.mark.parametrize("follow_up", ["both?", "both of them?", "what about both?", "and both?"])
def test_both_alone_after_two_topics_is_answered_about_both(assistant, follow_up):
    reply = last_reply(assistant, ELU_VS_SELU, follow_up)
    assert reply.intent == "answer" and reply.citations, reply.standalone_question
    assert {"w02-t14", "w02-t16"} <= set(reply.retrieved[:3]), (reply.standalone_question, reply.retrieved)


def test_both_after_a_reply_that_offers_a_quiz_is_a_quiz_on_both(assistant):
    reply = last_reply(assistant, ELU_VS_SELU, "thanks!", "both?")  # "... or say "quiz me on it""
    assert reply.intent == "quiz" and {q.topic_id for q in reply.quiz} == {"w02-t14", "w02-t16"}


@pytest.mark.parametrize("turns, topic_ids, week", [
    ((SELU, "quiz me"), {"w02-t16"}, None),
    ((SELU, "test me"), {"w02-t16"}, None),
    ((SELU, "give me 2 questions please"), {"w02-t16"}, None),
    ((ELU_VS_SELU, "quiz me"), {"w02-t14", "w02-t16"}, None),
    (("what does week 5 cover?", "quiz me"), None, 5),
    (("quiz me on week 3", "thanks", "test me"), None, 3),
    (("what does week 5 cover?", SELU, "quiz me"), {"w02-t16"}, None),  # the latest wins
])
def test_a_bare_quiz_me_mid_conversation_quizzes_what_it_was_about(assistant, turns, topic_ids, week):
    reply = last_reply(assistant, *turns)
    assert reply.intent == "quiz" and reply.quiz, reply.standalone_question
    if topic_ids is not None:
        assert {question.topic_id for question in reply.quiz} == topic_ids, reply.standalone_question
    if week is not None:
        assert reply.week == week and {q.week for q in reply.quiz} == {week}, reply.standalone_question


@pytest.mark.parametrize("turns", [("quiz me",), ("what's the weather like tomorrow?", "quiz me")])
def test_a_bare_quiz_me_with_nothing_in_course_before_it_is_left_as_it_is(assistant, turns):
    reply = last_reply(assistant, *turns)
    assert reply.intent == "quiz" and reply.standalone_question == "quiz me"


def test_a_reference_to_a_question_that_named_no_topic_keeps_the_students_words(assistant):
    """The topic retrieval put first for a description may be the wrong one: the words go along."""
    earlier = "what do you call it when a model memorizes the training set but fails on new data?"
    reply = last_reply(assistant, earlier, "how can I avoid it?")
    assert "memorizes the training set" in reply.standalone_question
    assert "w04-t08" in reply.retrieved[:3], (reply.standalone_question, reply.retrieved[:3])
    named = last_reply(assistant, SELU, "what problem does it solve?")
    assert named.standalone_question == "what problem does SeLU solve?"  # a named topic needs no more


@pytest.mark.parametrize("follow_up, week", [("and in week 6?", 6), ("the next week?", 6), ("previous week?", 4),
                                             ("what about week 3?", 3)])
def test_a_week_move_repeats_the_outline_for_that_week(assistant, follow_up, week):
    reply = last_reply(assistant, "what does week 5 cover?", follow_up)
    assert (reply.intent, reply.week) == ("syllabus", week), reply.standalone_question


@pytest.mark.parametrize("earlier, follow_up, topic_ids", [
    (SELU, "quiz me on that", {"w02-t16"}),
    (SELU, "test me on it", {"w02-t16"}),
    (SELU, "3 questions on it", {"w02-t16"}),
    (ELU_VS_SELU, "test me on both", {"w02-t14", "w02-t16"}),
    (ELU_VS_SELU, "quiz me on those", {"w02-t14", "w02-t16"}),
])
def test_a_quiz_on_it_quizzes_the_topic_just_discussed(assistant, earlier, follow_up, topic_ids):
    reply = last_reply(assistant, earlier, follow_up)
    assert reply.intent == "quiz" and reply.quiz, reply.standalone_question
    assert {question.topic_id for question in reply.quiz} == topic_ids


@pytest.mark.parametrize("question, topic_id", [
    ("How does AlexNet differ from LeNet?", None),
    ("wait, what is dropout?", None),
    ("what is backpropagation?", "w04-t04"),
    ("dropout?", None),  # a name alone, of another week: a new subject
])
def test_a_complete_new_question_is_not_bent(assistant, question, topic_id):
    reply = last_reply(assistant, SELU, question)
    assert "SeLU" not in reply.standalone_question
    assert "w02-t16" not in reply.retrieved[:3]
    assert topic_id is None or reply.retrieved[0] == topic_id


def test_a_week_named_in_a_follow_up_is_answered_from_that_week(assistant):
    """ "does week 8 have anything against it?" after overfitting: week 8's Dropout in
    Tensorflow, not week 4's Overfitting, which the question's "it" also names."""
    reply = last_reply(assistant, "what is overfitting?", "does week 8 teach anything that reduces it?")
    assert reply.intent == "answer" and reply.retrieved[0] == "w08-t09"
    assert {c.topic_id for c in reply.citations} == {"w08-t09"}


def test_what_do_you_mean_by_a_word_of_the_answer_asks_about_that_word_in_the_topic(assistant):
    reply = last_reply(assistant, "what is backpropagation?", "what do you mean by chain rule?")
    assert reply.intent == "answer"
    assert "w04-t04" in reply.retrieved[:3], (reply.standalone_question, reply.retrieved[:3])


@pytest.mark.parametrize("turn", ["what's the weather like tomorrow?", "who won the football match yesterday?",
                                  "so what's the weather like tomorrow?", "quiz me on famous painters",
                                  "what's the weather", "which pizza?"])
def test_an_out_of_scope_turn_is_not_bent_into_the_topic(assistant, turn):
    reply = last_reply(assistant, SELU, turn)
    assert reply.intent == "out_of_scope" and not reply.citations


@pytest.mark.parametrize("turn, reply_starts", [("thanks!", "Glad to help"), ("thank you", "Glad to help"),
                                                ("ok got it", "Glad to help"), ("cool, that helps", "Glad to help"),
                                                ("hello", "Hello!")])
def test_thanks_or_a_greeting_gets_a_courtesy_not_an_answer_about_the_last_topic(assistant, turn, reply_starts):
    reply = last_reply(assistant, SELU, turn)
    assert "SeLU" not in reply.standalone_question
    assert not reply.citations and not reply.suggestions
    assert reply.answer.startswith(reply_starts), reply.answer


TREES_VS_SVM = "how do decision trees compare with support vector machines?"  # w02-t01, w02-t02


@pytest.mark.parametrize("follow_ups, topic_id", [
    (("go on",), "w02-t01"), (("any downsides?",), "w02-t01"), (("what about k-means?",), "w02-t03"),
    (("the latter",), "w02-t02"), (("the former",), "w02-t01"), (("why?",), "w02-t01"), (("so what?",), "w02-t01"),
    (("tell me about the first", "and the other one?"), "w02-t02"), (("both?",), "w02-t02"),
])
def test_the_shapes_resolve_on_another_course_too(ml_index, follow_ups, topic_id):  # noqa: F811
    """Nothing above is tuned to the bundled course: the two-week ML checklist reads the same way."""
    ml = Assistant(Settings(data_dir=ml_index), provider="extractive")
    reply = last_reply(ml, TREES_VS_SVM, *follow_ups)
    assert reply.intent == "answer", reply.standalone_question
    assert topic_id in reply.retrieved[:2], (reply.standalone_question, reply.retrieved)
    if follow_ups[-1] in ("the latter", "the former", "and the other one?"):  # one of the two, not both
        assert reply.retrieved[0] == topic_id, (reply.standalone_question, reply.retrieved)


def test_a_bare_quiz_me_quizzes_the_topic_on_another_course_too(ml_index):  # noqa: F811
    ml = Assistant(Settings(data_dir=ml_index), provider="extractive")
    reply = last_reply(ml, "what are support vector machines?", "quiz me")
    assert reply.intent == "quiz" and {q.topic_id for q in reply.quiz} == {"w02-t02"}, reply.standalone_question


@pytest.mark.parametrize("question", ["Why does it help?", "what are its drawbacks?", "explain it",
                                      "what problem does this technique solve?", "any downsides?", "so what?"])
def test_a_first_question_that_refers_back_to_nothing_asks_which_topic(assistant, question):
    """Nothing came before: answering would pick a topic the student never named."""
    reply = assistant.ask(question)
    assert reply.intent == "out_of_scope" and reply.citations == []
    assert reply.answer.startswith("Which topic do you mean?")


@pytest.mark.parametrize("question", ["How does it learn word embeddings?", "is it true that relu is linear?",
                                      "Why is it called deep learning?"])
def test_a_first_question_with_its_own_subject_is_answered(assistant, question):
    reply = assistant.ask(question)
    assert reply.intent == "answer" and reply.citations


# (earlier question, a fragment that is not a sentence, topic it must be answered about)
FRAGMENTS = [
    (POOLING, "in keras?", "w02-t19"),  # a qualifier of the earlier question
    (POOLING, "at test time?", "w02-t19"),
    (SELU, "a worked example with numbers please", "w02-t16"),  # an aspect with words of its own
    (SELU, "the constants?", "w02-t16"),  # a bare phrase, too weak to stand alone
]


@pytest.mark.parametrize("earlier, follow_up, topic_id", FRAGMENTS)
def test_a_fragment_too_weak_to_stand_alone_is_about_the_earlier_topic(assistant, earlier, follow_up, topic_id):
    reply = last_reply(assistant, earlier, follow_up)
    assert reply.intent == "answer", (reply.standalone_question, reply.intent)
    assert reply.retrieved[0] == topic_id, (reply.standalone_question, reply.retrieved[:3])


def test_whether_the_topic_is_something_is_a_qualifier_of_it():
    found = ellipsis.fragment("differentiable or not?")
    assert found is not None and found.kind == "qualifier" and found.words == ["differentiable"]


def test_whose_one_it_is_is_the_fragments_word():
    found = ellipsis.fragment("and google's one?")
    assert found is not None and found.words == ["google"]  # a word the course may use, not "google's"


@pytest.mark.parametrize("question", ["why does that help the gradient flow?", "how does this prevent overfitting"])
def test_that_before_what_it_does_points_back(question):
    assert references.find_reference(question) is not None


@pytest.mark.parametrize("fragment", ["lasagna?", "in paris?", "an example with my grandma's recipes"])
def test_a_fragment_in_words_the_course_never_uses_is_still_refused(assistant, fragment):
    reply = last_reply(assistant, SELU, fragment)
    assert reply.intent == "out_of_scope" and not reply.citations, reply.standalone_question


@pytest.mark.parametrize("fragment, topic_id", [("backpropagation", "w04-t04"), ("dropout in tensorflow?", "w08-t09")])
def test_a_terse_new_subject_is_not_bent_into_the_earlier_topic(assistant, fragment, topic_id):
    reply = last_reply(assistant, POOLING, fragment)
    assert reply.intent == "answer" and reply.retrieved[0] == topic_id, (reply.standalone_question, reply.retrieved)


@pytest.mark.parametrize("follow_up, topic_id", [("and dilated?", "w09-t07"), ("what about separable?", "w09-t09")])
def test_and_a_word_of_one_title_after_a_described_subject_moves_to_that_topic(assistant, follow_up, topic_id):
    """The last question described its topic instead of naming it, so it cannot be asked again
    of another; the word names the next topic all the same (the checklist spells it "Dialted")."""
    reply = last_reply(assistant, "how can a 1x1 filter make a convolution cheaper on a phone", follow_up)
    assert reply.intent == "answer" and reply.retrieved[0] == topic_id, (reply.standalone_question, reply.retrieved)


@pytest.mark.parametrize("follow_up", ["which other architectures are there in that week?",
                                       "what else is in the same week", "what else did that same week have"])
def test_that_week_is_the_week_of_what_the_conversation_was_about(assistant, follow_up):
    reply = last_reply(assistant, "why did VGG stack so many small filters", follow_up)
    assert (reply.intent, reply.week) == ("syllabus", 5), reply.standalone_question


def test_a_question_that_names_its_week_after_that_is_not_read_as_that_week(assistant):
    reply = last_reply(assistant, "why did VGG stack so many small filters", "was that in week 5 or week 6?")
    assert "in week 5 or week 6" in reply.standalone_question


@pytest.mark.parametrize("follow_up", ["and which of the two learns faster?", "which is better for a small dataset?"])
def test_which_of_the_two_after_two_topics_in_turn_compares_those_two(assistant, follow_up):
    reply = last_reply(assistant, "what does ELU do with negative inputs", "and SELU?", follow_up)
    assert reply.intent == "answer" and set(reply.retrieved[:2]) == {"w02-t14", "w02-t16"}, reply.standalone_question


def test_its_after_a_subject_the_question_names_is_that_subjects(assistant):
    """ "its" is the network's here, not the pooling topic's."""
    reply = last_reply(assistant, "what is max pooling", "why does the network keep only its strongest activations")
    assert "MaxPool" not in reply.standalone_question


def test_that_after_a_verb_of_noticing_opens_a_clause_not_a_reference(assistant):
    question = "who noticed that a handful of words are used far more than the rest"
    reply = last_reply(assistant, "why remove stop words before classifying text", question)
    assert reply.standalone_question == question


def test_a_quiz_on_all_that_is_on_the_conversations_latest_topics(assistant):
    reply = last_reply(assistant, "what does ELU do with negative inputs", "and SELU?", "ok quiz me on all of that")
    assert reply.intent == "quiz" and {q.topic_id for q in reply.quiz} == {"w02-t14", "w02-t16"}, reply.answer


def test_each_after_a_comparison_is_every_topic_compared(assistant):
    reply = last_reply(assistant, "how is ELU different from SeLU?", "who introduced each?")
    assert reply.intent == "answer" and "ELU and SeLU" in reply.standalone_question, reply.standalone_question


def test_each_after_one_topic_that_compares_two_things_is_that_topic(assistant):
    reply = last_reply(assistant, "what separates chatgpt from bard", "which company built each")
    assert reply.intent == "answer" and reply.retrieved[0] == "w12-t06", (reply.standalone_question, reply.retrieved)



def test_the_latter_after_a_topic_and_a_bare_versus_is_the_one_compared(assistant):
    reply = last_reply(assistant, "what is yolo", "vs retinanet", "how many stages does the latter have")
    assert reply.standalone_question == "how many stages does RetinaNet have", reply.standalone_question


@pytest.mark.parametrize("follow_up", ["who came up with which", "which helps more on a phone"])
def test_which_after_two_topics_is_those_two(assistant, follow_up):
    reply = last_reply(assistant, "how is ELU different from SeLU?", follow_up)
    assert reply.intent == "answer" and "ELU or SeLU" in reply.standalone_question, reply.standalone_question


def test_a_subject_named_with_digits_before_the_comma_is_what_it_points_to(assistant):
    question = "And the AVX512 VNNI, why does it speed things up?"
    assert last_reply(assistant, "what is the FP32 format", question).standalone_question == question


def test_that_with_a_thing_described_anew_is_not_the_earlier_topic(assistant):
    question = "and that law about how often words show up"
    reply = last_reply(assistant, "why remove stop words", question)
    assert reply.standalone_question == question and reply.retrieved[0] == "w11-t08", reply.retrieved


def test_that_second_one_after_a_comparison_with_a_described_topic_is_the_described_one(assistant):
    reply = last_reply(assistant, "what is gradient accumulation",
                       "how is it different from the optimizer that adapts the learning rate of each parameter",
                       "who came up with that second one?")
    assert reply.retrieved[0] == "w09-t06", (reply.standalone_question, reply.retrieved)


def test_the_x_one_by_a_word_of_one_title_is_that_topic(assistant):
    reply = last_reply(assistant, "how do you teach an agent to play tic tac toe by itself", "and the snake one?")
    assert reply.intent == "answer" and reply.retrieved[0] == "w13-t07", (reply.standalone_question, reply.retrieved)
    large = last_reply(assistant, "what is xlnet", "how big is the large one")
    assert "Large Language Models" not in large.standalone_question  # a size, not a title
    # two words of a title, and "it" after them is that topic, not the one before
    faces = last_reply(assistant, "how do you teach an agent to play tic tac toe by itself",
                       "and the fake faces one, which library does it need")
    assert faces.retrieved[0] == "w13-t08", (faces.standalone_question, faces.retrieved)


def test_the_former_after_one_topic_comparing_two_things_is_that_topic(assistant):
    reply = last_reply(assistant, "what separates BART from BERT", "the former handles generation better, right?")
    assert reply.intent == "answer" and reply.retrieved[0] == "w11-t02", (reply.standalone_question, reply.retrieved)


def test_the_x_one_by_a_title_word_of_another_week_is_not_that_topic(assistant):
    """In a talk on activations, "the BERT one" is the activation BERT uses, not BART vs BERT."""
    reply = last_reply(assistant, "what does relu output for negative inputs", "how does it compare to the BERT one?")
    assert "BART vs BERT" not in reply.standalone_question, reply.standalone_question


@pytest.mark.parametrize("follow_up, topic_id", [("explain the next one", "w02-t17"),
                                                 ("and the one before it?", "w02-t15"),
                                                 ("who came up with the previous one?", "w02-t15")])
def test_the_next_or_previous_one_is_the_topic_beside_it_in_the_course(assistant, follow_up, topic_id):
    reply = last_reply(assistant, SELU, follow_up)
    assert reply.intent == "answer" and reply.retrieved[0] == topic_id, (reply.standalone_question, reply.retrieved)


def test_back_to_it_resumes_without_pointing_to_the_topic_before(assistant):
    """ "ok back to it" is an idiom: the question after it says what it is about, or points back itself."""
    named = last_reply(assistant, SELU, "what is my name?", "ok back to it, kohonen maps?")
    assert named.retrieved[0] == "w06-t06", named.standalone_question
    pointing = last_reply(assistant, SELU, "ok back to it, what is it used for")
    assert pointing.retrieved[0] == "w02-t16", pointing.standalone_question


def test_a_quiz_on_the_one_described_by_its_words_is_on_that_topic_of_the_conversation(assistant):
    reply = last_reply(assistant, "how does byte pair encoding work", "why do people remove stop words?",
                       "quiz me on the stop words one")
    assert reply.intent == "quiz" and reply.standalone_question == "quiz me on Stop Words", reply.standalone_question


@pytest.mark.parametrize(("follow_up", "intent"), [("what is it, in one line?", "answer"),
                                                   ("quiz me on it", "quiz")])
def test_it_after_asking_where_a_topic_sits_is_that_topic(assistant, follow_up, intent):
    """ "which week is Winograd in?" places one topic and cites none; "it" is still that topic."""
    reply = last_reply(assistant, "which week is winograd convolution in?", follow_up)
    assert reply.intent == intent, reply.standalone_question
    cited = [c.topic_id for c in reply.citations] or [q.topic_id for q in reply.quiz or []]
    assert cited and set(cited) == {"w09-t02"}, (reply.standalone_question, cited)


def test_a_progress_question_mid_conversation_is_about_the_student_not_the_topic(assistant):
    reply = last_reply(assistant, SELU, "and today's score overall?")
    assert reply.intent == "progress" and "SeLU" not in reply.standalone_question


@pytest.mark.parametrize("earlier, follow_up, topic_id", [
    # a variant of the topic, named by the word that sets it apart
    ("what is normalization?", "and the layer kind?", "w02-t25"),
    ("what does an autoencoder do?", "what about the probabilistic variant of it?", "w06-t03"),
    ("what is a CNN?", "is the flattened version cheaper?", "w05-t06"),
    ("what is backpropagation?", "what is the variant used in rnns called", "w04-t04"),  # by what it is for
    # a property alone asks whether the topic has it
    ("what is relu?", "differentiable?", "w02-t15"),
    # "he" or "she" after "who made it" is whoever made the topic
    ("who proposed zipf's law?", "what field was he in?", "w11-t08"),
    ("who proposed zipf's law?", "where was she from?", "w11-t08"),
    ("who proposed zipf's law?", "is he still alive?", "w11-t08"),
    # a reply's "thanks!!" or "i see" before the follow-up does not hide it
    ("what is the GeLU activation?", "thanks!! and selu?", "w02-t16"),
    ("what is the GeLU activation?", "ok cool. and swish?", "w02-t18"),
    ("what is the GeLU activation?", "i see. why is it used?", "w02-t17"),
    # which version, variant or type of the topic before
    ("what is yolo?", "which version is the most accurate", "w06-t12"),
    # an explanation asked for again, more plainly: not a quiz
    ("what is gradient descent?", "again but simpler", "w04-t05"),
])
def test_a_follow_up_is_answered_first_from_the_topic_it_means(assistant, earlier, follow_up, topic_id):
    reply = last_reply(assistant, earlier, follow_up)
    assert reply.intent == "answer", reply.standalone_question
    assert reply.retrieved[0] == topic_id, (reply.standalone_question, reply.retrieved[:3])


@pytest.mark.parametrize("follow_up", ["make it harder", "again but easier", "ok make them tougher"])
def test_asking_for_the_quiz_again_quizzes_its_topic_again(assistant, follow_up):
    reply = last_reply(assistant, "quiz me on the SeLU activation", follow_up)
    assert reply.intent == "quiz", reply.standalone_question
    assert {question.topic_id for question in reply.quiz} == {"w02-t16"}, reply.standalone_question
