"""Conversations on a real offline index: follow-ups are resolved from the earlier turns, a
change of subject is not bent by them, and an out-of-scope turn stays refused."""

from __future__ import annotations

import pytest

from assistant.conversation import Conversation
from assistant.ellipsis import without_opener
from assistant.followup import resolve
from assistant.models import Turn
from assistant.service import Assistant
from core.settings import Settings


def talk(assistant: Assistant, *questions: str):
    conversation = Conversation()
    results = []
    for question in questions:
        result = assistant.ask(question, history=conversation.turns)
        conversation.add(result)
        results.append(result)
    return results


@pytest.mark.parametrize("follow_up", [
    "What problem does it solve?",
    "why is it useful?",
    "give me an example",
    "any drawbacks?",
    "what are its advantages over ReLU?",
])
def test_a_follow_up_is_answered_about_the_topic_of_the_conversation(assistant, follow_up):
    first, second = talk(assistant, "Tell me about the SeLU activation.", follow_up)
    assert first.retrieved[0] == "w02-t16"
    assert second.intent == "answer"
    assert "SeLU" in second.standalone_question and second.standalone_question != follow_up
    assert "w02-t16" in second.retrieved[:3]


def test_quiz_me_on_that_quizzes_the_topic_just_discussed(assistant):
    _, quiz = talk(assistant, "what is dropout?", "quiz me on that")
    assert quiz.intent == "quiz" and quiz.quiz
    assert {q.topic_id for q in quiz.quiz} <= {"w08-t09", "w04-t09"}


def test_and_in_week_n_repeats_the_previous_request_for_that_week(assistant):
    first, second = talk(assistant, "what does week 5 cover?", "and week 6?")
    assert first.intent == second.intent == "syllabus"
    assert (first.week, second.week) == (5, 6)
    assert "Week 6" in second.answer


def test_a_complete_new_question_is_not_bent_by_the_history(assistant):
    _, second = talk(assistant, "Tell me about the SeLU activation.", "How does AlexNet differ from LeNet?")
    assert second.standalone_question == second.question
    assert "w02-t16" not in second.retrieved[:3]


def test_an_out_of_scope_turn_stays_refused_and_the_topic_survives_it(assistant):
    _, refused, back = talk(assistant, "what is pruning in deep learning?",
                            "what's the weather in Paris tomorrow?", "how does it make a model faster?")
    assert refused.intent == "out_of_scope" and not refused.citations
    assert back.intent == "answer" and "Pruning" in back.standalone_question


def test_while_youre_at_it_points_back_at_nothing(assistant):
    """The idiom's "it" is no topic: a request of another subject stays refused mid-conversation."""
    _, refused = talk(assistant, "what is pruning in deep learning?",
                      "and could you plan my trip to rome while you're at it")
    assert refused.intent == "out_of_scope" and "Pruning" not in refused.standalone_question


def test_this_year_is_a_time_not_the_topic(assistant):
    """"this year", "that morning" name a time: an off-course aside keeps no topic put in their place."""
    _, refused = talk(assistant, "how do you train a snake game agent with reinforcement learning?",
                      "by the way, who won the football league this year?")
    assert refused.intent == "out_of_scope" and "Snake" not in refused.standalone_question


def test_without_history_a_pronoun_question_stands_alone(course, matcher):
    assert resolve("why is it used?", [], course, matcher).text == "why is it used?"


def test_a_topic_named_before_the_pronoun_carries_its_own_antecedent(course, matcher):
    history = [Turn(question="what is SeLU?", standalone_question="what is SeLU?", answer="...",
                    intent="answer", topic_ids=["w02-t16"])]
    question = "What is GELU and why is it used in BERT?"
    assert resolve(question, history, course, matcher).text == question


@pytest.mark.parametrize("earlier, cited, follow_up, about", [
    # the question named SqueezeNet and little else: "it" is SqueezeNet, whatever was cited first
    ("and squeezenet, who designed it?", ["w05-t07", "w05-t12"], "how small is it?", "SqueezeNet"),
    # a name among words of its own is context: "it" is what was cited
    ("in transformers, why are the dot products divided by a square root?", ["w11-t03"], "why is it needed?",
     "Scaled Dot Product Attention"),
])
def test_it_is_the_topic_the_last_question_named_when_it_named_little_else(course, matcher, earlier, cited,
                                                                           follow_up, about):
    history = [Turn(question=earlier, standalone_question=earlier, answer="...", intent="answer", topic_ids=cited)]
    assert about in resolve(follow_up, history, course, matcher).text


def test_a_quiz_answer_is_rated_by_how_fast_it_came(data_dir):
    """The time a student took is recorded with the answer and decides its FSRS rating: right in
    a few seconds is Easy (4), right after two minutes is Hard (2)."""
    import sqlite3

    assistant = Assistant(Settings(data_dir=data_dir), provider="extractive")
    quick, slow = assistant.quiz(5, n=2).questions
    assistant.answer_quiz(quick, quick.answer, duration_s=4.0)
    assistant.answer_quiz(slow, slow.answer, duration_s=120.0)
    with sqlite3.connect(data_dir / "progress.sqlite3") as connection:
        log = connection.execute("SELECT rating, duration_s FROM review_log WHERE source = 'quiz' "
                                 "ORDER BY id").fetchall()
    assert log == [(4, 4.0), (2, 120.0)]


@pytest.mark.parametrize("week, ordinal, topic_id", [(6, "second", "w06-t02"), (3, "last", "w03-t08")])
def test_the_nth_one_after_a_week_outline_is_that_topic_of_the_week(assistant, week, ordinal, topic_id):
    outline, second = talk(assistant, f"what does week {week} cover?", f"what's the {ordinal} one about?")
    title = assistant.course.topic(topic_id).title
    assert outline.intent == "syllabus"
    assert second.intent == "answer" and title in second.standalone_question
    assert second.retrieved[0] == topic_id


def test_a_conversation_keeps_its_subject_when_a_follow_up_names_another_topic(assistant):
    """ "it" in "how does it relate to gradient descent?" is backpropagation, and so is "that"
    in the quiz request after it, although the answer cited gradient descent too."""
    _, related, quiz = talk(assistant, "what is backpropagation?", "how does it relate to gradient descent?",
                            "quiz me on that")
    assert "Backpropagation" in related.standalone_question
    assert quiz.intent == "quiz" and quiz.quiz
    assert quiz.answer.startswith("Here is a quiz on Backpropagation:")


def test_doing_that_in_a_framework_refers_back(assistant):
    _, second = talk(assistant, "explain flatten and squeeze", "how would I do that in tensorflow?")
    assert "Flatten and Squeeze" in second.standalone_question
    assert second.intent == "answer"


def test_a_subject_named_first_is_what_it_points_to(course, matcher):
    """ "the model from Baidu, what is it?": "it" is the model named before the comma, not the
    topic of the last turn."""
    history = [Turn(question="what is self attention?", standalone_question="what is self attention?",
                    answer="...", intent="answer", topic_ids=["w12-t04"])]
    question = "the model from Baidu, what is it?"
    assert resolve(question, history, course, matcher).text == question


@pytest.mark.parametrize("question", ["how is that different from pruning?", "is that related to self-attention?"])
def test_that_compared_with_another_topic_refers_back(course, matcher, question):
    history = [Turn(question="what is SeLU?", standalone_question="what is SeLU?", answer="...",
                    intent="answer", topic_ids=["w02-t16"])]
    assert "SeLU" in resolve(question, history, course, matcher).text


def test_quiz_me_on_that_falls_back_on_the_conversations_other_topic(assistant):
    """The last topic (Tensorflow Reshape) has nothing to ask; the one before it has, and the
    answer says why the first was left out."""
    *_, quiz = talk(assistant, "what do flatten and squeeze do?",
                    "and how do I reshape a tensor in tensorflow?", "quiz me on that")
    assert quiz.intent == "quiz" and quiz.quiz
    assert {question.topic_id for question in quiz.quiz} == {"w02-t08"}  # Flatten and Squeeze ops
    assert "Left out: Tensorflow Reshape" in quiz.answer


def test_and_another_topic_asks_the_last_question_about_it(assistant):
    """ "and swish?" after a comparison: the same comparison, about Swish."""
    *_, swish = talk(assistant, "how does GeLU compare to relu?", "and swish?")
    assert swish.intent == "answer"
    assert swish.standalone_question == "how does Swish Activation Function compare to relu?"
    assert set(swish.retrieved[:2]) == {"w02-t18", "w02-t15"}
    assert "w02-t18" in {citation.topic_id for citation in swish.citations}


def test_quiz_me_on_both_quizzes_each_topic_of_the_conversation(assistant):
    *_, quiz = talk(assistant, "what is ELU?", "how is it different from SeLU?", "quiz me on both")
    assert quiz.intent == "quiz"
    assert {question.topic_id for question in quiz.quiz} == {"w02-t14", "w02-t16"}  # ELU, SeLU
    assert quiz.answer.startswith(("Here is a quiz on ELU and SeLU", "Here is a quiz on SeLU and ELU"))


def test_quiz_me_on_these_things_quizzes_the_topics_of_the_conversation(assistant):
    *_, quiz = talk(assistant, "what is ELU?", "and SeLU?", "ok quiz me on these activation things")
    assert quiz.intent == "quiz"
    assert {question.topic_id for question in quiz.quiz} == {"w02-t14", "w02-t16"}  # ELU, SeLU


def test_a_question_doubted_alone_is_answered_when_it_goes_on_with_the_conversation(assistant):
    """On its own the question is too far from the course to answer; after an answer quoting
    Training and Inference, whose passage is also its best, it goes on with the conversation.
    After an answer in another week, or as an off-course turn, it does not."""
    question = "wait what happens after the learning is done"
    assert assistant.ask(question).intent == "out_of_scope"
    first, answered = talk(assistant, "What is a weight in a neural network?", question)
    assert first.citations[0].topic_id == "w01-t10"
    assert answered.intent == "answer" and answered.coverage == "covered"
    assert answered.citations[0].topic_id == "w01-t10"
    assert talk(assistant, "what is backpropagation", question)[1].intent == "out_of_scope"
    assert talk(assistant, "What is a weight in a neural network?",
                "my wifi keeps dropping every few minutes, any idea why?")[1].intent == "out_of_scope"


@pytest.mark.parametrize("turn", ["ok and adagrad, when was it published?", "cool thx. adagrad, who proposed it?"])
def test_chat_words_opening_a_turn_do_not_make_it_chit_chat(assistant, turn):
    _, reply = talk(assistant, "what does the Adam optimizer do?", turn)
    assert reply.intent == "answer" and reply.retrieved[0] == "w09-t06", (reply.intent, reply.retrieved[:3])


@pytest.mark.parametrize(("turn", "intent"), [
    ("sorry to bug you again, but could you tell me how i did on the week 4 quiz?", "progress"),
    ("so sorry for all the questions! one more: what is padding", "answer"),
])
def test_an_apology_for_asking_is_not_part_of_the_request(assistant, turn, intent):
    assert assistant.ask(turn).intent == intent


@pytest.mark.parametrize(("turn", "asked"), [
    ("back to it - who made XLNet and when?", "who made XLNet and when?"),
    ("anyway, back to the course: what is padding", "what is padding"),
    ("i hate to bother you but whats a gan", "whats a gan"),
    ("sorry i meant relu", "i meant relu"),  # a correction, not an apology
])
def test_coming_back_to_the_course_or_apologising_opens_the_request(turn, asked):
    assert without_opener(turn) == asked


def test_a_terse_turn_mid_conversation_is_answered_about_the_topic(assistant):
    _, terse = talk(assistant, "what did alexnet win?", "2nd best entry's error?")
    assert terse.intent == "answer" and terse.retrieved[0] == "w05-t11", terse.standalone_question


def test_a_terse_turn_of_another_subject_stays_refused(assistant):
    _, refused = talk(assistant, "who invented the perceptron?", "who invented the bicycle")
    assert refused.intent == "out_of_scope"


@pytest.mark.parametrize(("turn", "topic"), [("elu too?", "w02-t14"), ("ok and gelu? same deal?", "w02-t17")])
def test_the_same_question_for_another_topic_with_a_tag_asks_it_again(assistant, turn, topic):
    _, again = talk(assistant, "how does relu handle negative inputs", turn)
    assert again.retrieved[0] == topic and "negative inputs" in again.standalone_question, again.standalone_question


@pytest.mark.parametrize(("first", "then", "topic"), [
    ("who made mobilenets", "and the shuffle one, who made that", "w05-t18"),  # not ShuffleNet's code, week 8
    ("who made yolo", "and the retina one, who made that", "w06-t14"),
])
def test_the_x_one_is_the_title_written_as_one_word_with_x_in_the_weeks_talked_about(assistant, first, then, topic):
    _, picked = talk(assistant, first, then)
    assert picked.intent == "answer" and picked.retrieved[0] == topic, picked.standalone_question


def test_a_quiz_on_something_from_before_is_on_the_discussed_topic_it_describes(assistant):
    *_, quiz = talk(assistant, "what is gradient accumulation?", "and what does dropout do?",
                    "ok, ask me 2 questions about the memory trick from before")
    assert quiz.intent == "quiz" and quiz.quiz, quiz.answer
    assert quiz.quiz[0].topic_id == "w09-t05", [q.topic_id for q in quiz.quiz]


def test_the_topics_of_the_next_week_after_an_answer_are_the_outline_of_the_week_after_its_topics(assistant):
    _, outline = talk(assistant, "what is dcgan", "what are the topics of the next week?")
    assert (outline.intent, outline.week) == ("syllabus", 9), outline.standalone_question


@pytest.mark.parametrize(("turn", "asks"), [("what year?", "when was"), ("aka?", "called"),
                                            ("also called what", "called")])
def test_a_bare_year_or_aka_asks_when_the_topic_came_or_what_else_it_is_called(assistant, turn, asks):
    _, reply = talk(assistant, "who made the perceptron?", turn)
    assert reply.intent == "answer" and reply.retrieved[0] == "w01-t05", reply.standalone_question
    assert asks in reply.standalone_question


def test_a_claim_the_student_wants_confirmed_is_a_question_though_it_says_yes_no(assistant):
    _, reply = talk(assistant, "what's a perceptron?", "it can only answer true or false, correct?")
    assert reply.intent == "answer" and reply.retrieved[0] == "w01-t05", reply.standalone_question


def test_on_this_week_mid_conversation_is_the_week_the_conversation_is_in(assistant):
    _, progress = talk(assistant, "what is backpropagation?", "how am i doing on this week")
    assert (progress.intent, progress.week) == ("progress", 4), progress.standalone_question


def test_and_a_comparison_of_two_others_is_a_question_of_its_own(assistant):
    _, compared = talk(assistant, "why does bert use gelu?", "and elu vs selu?")
    assert "bert" not in compared.standalone_question.lower()
    assert set(compared.retrieved[:2]) == {"w02-t14", "w02-t16"}, compared.retrieved[:3]


def test_those_misspelt_still_points_back_to_the_topics_discussed(assistant):
    *_, quiz = talk(assistant, "what is bart?", "and xlnet, who proposed it?", "quiz me on thos two")
    assert quiz.intent == "quiz"
    assert {question.topic_id for question in quiz.quiz} == {"w11-t02", "w11-t10"}, quiz.answer


def test_is_that_one_later_in_the_course_says_where_the_topic_is(assistant):
    _, where = talk(assistant, "what is transposed convolution?", "is that one later in the course?")
    assert (where.intent, where.week) == ("syllabus", 10), where.answer


def test_back_to_the_first_thing_asked_is_the_first_topic_of_the_conversation(assistant):
    *_, back = talk(assistant, "what is a perceptron?", "what is dropout?", "what about pruning?",
                    "back to the first thing i asked: who invented it?")
    assert back.intent == "answer" and back.retrieved[0] == "w01-t05", back.standalone_question
    assert "Perceptron" in back.standalone_question


def test_the_one_asked_about_before_that_is_the_topic_before_the_last(assistant):
    *_, quiz = talk(assistant, "what is dropout?", "what is pruning?", "quiz me on the one i asked about before that")
    assert quiz.intent == "quiz" and quiz.quiz, quiz.answer
    assert {question.topic_id for question in quiz.quiz} <= {"w08-t09", "w04-t09"}, quiz.answer


def test_the_week_after_this_one_asks_for_the_next_weeks_outline(assistant):
    _, outline = talk(assistant, "what is dcgan", "what's the week after this one about?")
    assert (outline.intent, outline.week) == ("syllabus", 9), outline.standalone_question


def test_a_quiz_on_that_thing_where_it_is_described_is_on_what_it_describes(assistant):
    quiz = assistant.ask("test me on that thing where you add a shortcut around some layers so the gradient flows")
    assert quiz.intent == "quiz" and quiz.quiz, quiz.answer
    assert quiz.quiz[0].topic_id in {"w04-t10", "w09-t03"}, quiz.answer  # Residual Connection(s)


def test_quiz_me_on_that_pls_quizzes_the_topic_just_discussed(assistant):
    _, quiz = talk(assistant, "whats the difference between pytorch and torch", "quiz me on that pls")
    assert quiz.intent == "quiz" and quiz.standalone_question == "quiz me on Pytorch and Torch Differences", quiz.answer


def test_this_week_with_its_number_is_that_week_not_a_reference(assistant):
    _, quiz = talk(assistant, "what are stop words?", "quiz me on this week 11 stuff")
    assert (quiz.intent, quiz.week) == ("quiz", 11), quiz.standalone_question
    assert "Stop Words" not in quiz.standalone_question and "11 11" not in quiz.standalone_question


def test_compare_the_two_compares_the_last_two_topics(assistant):
    *_, compared = talk(assistant, "what is the sigmoid function?", "and relu?", "could you contrast the two")
    assert compared.intent == "answer"
    assert "Sigmoid" in compared.standalone_question and "ReLU" in compared.standalone_question


def test_one_that_opens_a_description_not_a_reference(assistant):
    """ "one that zeroes negatives" describes a new topic; "that" is no pointer to the last one."""
    _, described = talk(assistant, "what is the sigmoid function?", "there is also one that just zeroes the negatives")
    assert "Sigmoid" not in described.standalone_question
