"""Grading: forgiving about form (letters, case, typos), strict about content (ReLU is not SeLU),
and open answers judged by meaning with the real MiniLM embedder."""

from __future__ import annotations

import pytest

from assistant.grading import grade
from assistant.quiz import OpenQuestion, QuizQuestion, QuizSource, make_quiz
from core.course import load_course

COURSE = load_course()


@pytest.fixture(scope="module")
def mcq() -> QuizQuestion:
    [question] = make_quiz(COURSE, 5, n=1, topic_id="w05-t11", seed=0).questions
    assert question.type == "mcq" and question.answer == "AlexNet"
    return question


def cloze(answer: str) -> QuizQuestion:
    return QuizQuestion(id="q", type="cloze", topic_id="w02-t15", week=2, question=f"Fill in the blank: {'_' * 5}",
                        options=[], answer=answer, explanation="The full sentence.",
                        source=QuizSource(topic="ReLU", url="https://iq.opengenus.org/relu-activation/",
                                          source="checklist"))


def letter_of(question: QuizQuestion, option: str) -> str:
    return "abcd"[question.options.index(option)]


@pytest.mark.parametrize("form", ["{l}", "{L}", "{L})", "({l})", "{l}.", "  {L}  ", "{l}) AlexNet",
                                  "AlexNet", "alexnet", "  Alex Net "])
def test_a_multiple_choice_answer_counts_by_letter_or_text(mcq: QuizQuestion, form: str) -> None:
    letter = letter_of(mcq, "AlexNet")
    result = grade(mcq, form.format(l=letter, L=letter.upper()))
    assert result.correct and result.score == 1.0 and result.feedback.startswith("Correct.")


def test_a_wrong_choice_fails_and_the_feedback_gives_the_answer_and_source(mcq: QuizQuestion) -> None:
    wrong = next(o for o in mcq.options if o != "AlexNet")
    for response in (letter_of(mcq, wrong), wrong):
        result = grade(mcq, response)
        assert not result.correct and result.score == 0.0 and result.feedback.startswith("Not quite.")
        assert f"{letter_of(mcq, 'AlexNet')}) AlexNet" in result.feedback
        assert "AlexNet (week 5" in result.feedback and mcq.source.url in result.feedback


@pytest.mark.parametrize("response", ["e", "z)", "LeNet", ""])
def test_an_answer_that_picks_no_option_is_wrong_and_says_how_to_answer(mcq: QuizQuestion, response: str) -> None:
    result = grade(mcq, response)
    assert not result.correct
    assert "not one of the options" in result.feedback and "a–d" in result.feedback


@pytest.mark.parametrize(("expected", "response", "accepted"), [
    ("ReLU", "relu", True),
    ("ReLU", " ReLU. ", True),
    ("ReLU", "'ReLU'", True),
    ("ReLU", "ReLUs", True),
    ("ReLU", "SeLU", False),  # one letter, another activation function
    ("ReLU", "PReLU", False),
    ("ELU", "SELU", False),
    ("Sigmoid", "sigmiod", True),  # a swap is one edit
    ("Sigmoid", "sigmod", True),
    ("Sigmoid", "sigma", False),
    ("Backpropagation", "backpropogation", True),
    ("Backpropagation", "propagation", False),
    ("Multilayer Perceptron", "multi-layer perceptrons", True),
    ("AVX512-VNNI", "avx512 vnni", True),
    ("VGG16", "VGG19", False),  # numbers must match
    ("Resnet 50", "ResNet-50", True),
    ("GoogleNet", "AlexNet", False),
    ("Dropout", "", False),
])
def test_fill_in_the_blank_forgives_form_and_small_typos_but_not_other_terms(
        expected: str, response: str, accepted: bool) -> None:
    result = grade(cloze(expected), response)
    assert result.correct is accepted
    assert f"The answer is {expected}." in result.feedback
    assert "ReLU (week 2, https://iq.opengenus.org/relu-activation/)" in result.feedback


def test_a_typo_that_passes_is_pointed_out() -> None:
    result = grade(cloze("Sigmoid"), "sigmod")
    assert result.correct and result.score < 1.0 and "mind the spelling: Sigmoid" in result.feedback


REFERENCE = ("Backpropagation computes the gradient of the loss with respect to every weight by applying "
             "the chain rule backwards from the output layer, so gradient descent can update the weights.")


@pytest.fixture(scope="module")
def open_question() -> QuizQuestion:
    def writer(topic, material):
        return OpenQuestion(question=f"How does {topic.title} work?", answer=REFERENCE)

    # An open question is kept only when its answer is in the material it cites: here, an article.
    quiz = make_quiz(COURSE, 4, n=3, topic_id="w04-t04", open_question_writer=writer, seed=0,
                     material={"w04-t04": [REFERENCE]})
    return next(q for q in quiz.questions if q.type == "open")


@pytest.mark.parametrize("paraphrase", [
    "It propagates the error from the output back through the layers to get gradients for the weights.",
    "It uses the chain rule to send the error backwards through the network, working out how much each "
    "weight contributed to the loss so the weights can be adjusted.",
])
def test_an_open_answer_that_paraphrases_the_reference_passes(open_question, embedder, paraphrase: str) -> None:
    result = grade(open_question, paraphrase, embedder)
    assert result.correct, result.score
    assert "Backpropagation (week 4" in result.feedback and REFERENCE in result.feedback


@pytest.mark.parametrize("unrelated", [
    "It pools the feature map by taking the maximum value in each window.",
    "Paris is the capital of France and is famous for the Eiffel Tower.",
    "Backpropagation is an algorithm.",  # naming the topic says nothing about it
    "",
])
def test_an_open_answer_about_something_else_fails(open_question, embedder, unrelated: str) -> None:
    result = grade(open_question, unrelated, embedder)
    assert not result.correct, result.score
    assert REFERENCE in result.feedback


def test_a_judge_has_the_last_word_on_open_answers(open_question, embedder) -> None:
    def strict_judge(question: QuizQuestion, response: str) -> bool | None:
        return "chain rule" in response

    def silent_judge(question: QuizQuestion, response: str) -> bool | None:
        return None

    paraphrase = "It propagates the error from the output back through the layers to get gradients for the weights."
    assert not grade(open_question, paraphrase, embedder, judge=strict_judge).correct
    assert grade(open_question, paraphrase, embedder, judge=silent_judge).correct


def test_an_open_answer_cannot_be_graded_without_an_embedder(open_question) -> None:
    with pytest.raises(ValueError, match="needs an Embedder"):
        grade(open_question, "anything")
