"""What a quiz or syllabus request is about, when the student says it in few or loose words, on
a real offline index."""

from __future__ import annotations

import pytest

from assistant.request_subjects import request_subject
from assistant.service import Assistant
from core.settings import Settings
from tests.support.indexes import private_copy


@pytest.fixture(scope="module")
def assistant(course_index, tmp_path_factory) -> Assistant:
    data_dir = private_copy(course_index, tmp_path_factory.mktemp("request-subjects") / "data")
    return Assistant(Settings(data_dir=data_dir), provider="extractive")


@pytest.mark.parametrize(("text", "subject"), [
    ("quiz pooling", "pooling"), ("test me backprop pls", "backprop"),
    ("quiz me real quick", ""), ("test my knowledge", ""), ("quiz me please", ""),
])
def test_the_subject_of_a_quiz_may_follow_the_verb_without_a_preposition(text, subject):
    assert request_subject(text) == subject


@pytest.mark.parametrize(("text", "subject"), [
    ("diffusion models quiz", "diffusion models"),  # typed as a search
    ("quiz hit me with quantization stuff", "quantization"),
    ("flashcards for my microeconomics final tomorrow", "microeconomics"),  # the student's own exam
    ("flashcards for my week 5 exam", ""),
    ("ask me questions to help me get ready for my salary negotiation", "salary negotiation"),  # what it prepares for
    ("ask me questions to prepare for my exam", ""),  # a time, not a subject
])
def test_the_subject_of_a_quiz_typed_as_a_search_or_for_an_exam(text, subject):
    assert request_subject(text) == subject


@pytest.mark.parametrize("text", ["diffusion models quiz", "flashcards for my microeconomics final, need them fast",
                                  "ask me questions to prepare for my driving test"])
def test_a_quiz_on_a_subject_the_course_lacks_is_refused_not_made_on_week_1(assistant, text):
    assert assistant.ask(text).intent == "out_of_scope"


def test_a_please_after_the_subject_is_not_part_of_it(assistant):
    result = assistant.ask("quiz GANs pls, just one question")
    assert result.intent == "quiz" and len(result.quiz) == 1, result.answer


def test_a_quiz_on_a_subject_named_right_after_the_verb_is_on_its_topic(assistant):
    quiz = assistant.ask("quiz pooling")
    assert quiz.intent == "quiz" and quiz.quiz, quiz.answer
    # Pooling Layers has no questions until its article is indexed: the quiz says so, and is on its neighbour
    assert "Pooling Layers" in quiz.answer


def test_a_deep_learning_field_the_course_only_has_projects_of_is_placed_not_refused(assistant):
    where = assistant.ask("is there anything about reinforcement learning in the course?")
    assert where.intent == "syllabus", where.answer
    assert "no topic of its own on reinforcement learning" in where.answer and "with RL" in where.answer


@pytest.mark.parametrize("text", ["is there anything about cooking in the course?",
                                  "what's on the syllabus for my linear algebra class next week",
                                  # a title's word inside another course's name ("operations")
                                  "what is on the syllabus of my operating systems class",
                                  # a course by its number, not heard as "gradient"
                                  "what is my grade in discrete math 202"])
def test_another_field_or_another_class_is_still_refused(assistant, text):
    assert assistant.ask(text).intent == "out_of_scope"


def test_a_time_before_which_the_student_studies_is_no_subject_to_refuse(assistant):
    plan = assistant.ask("I have 2 weeks before exams, which weeks of the course should I prioritise?")
    assert plan.intent == "syllabus", plan.answer
    assert "13 weeks" in plan.answer and "week 1:" in plan.answer


@pytest.mark.parametrize(("text", "subject"), [
    ("quiz me on the pooling layers (4 questions, nothing too hard)", "pooling layers"),  # an aside ends it
    ("throw 10 questions at me from across the whole course", ""),
    ("dropout and padding pe 3 questions ask me", ""),  # Hindi's order: the subject came first
])
def test_an_aside_or_the_words_of_the_request_are_no_part_of_the_subject(text, subject):
    assert request_subject(text) == subject
