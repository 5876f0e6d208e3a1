"""The router: what a request names is masked, so the meaning model votes on what the request
wants, not on what it is about; and a question becomes a command only when the vote is sure."""

from __future__ import annotations

import pytest

from assistant import router as router_module
from assistant.router import OVERRULE_AGREEMENT, OVERRULE_CONFIDENCE, Router
from assistant.service import Assistant
from assistant.topics import TopicMatcher
from core.course import load_course
from core.settings import Settings


def router() -> Router:
    course = load_course()
    return Router(course, TopicMatcher(course), embed=lambda texts: [], model_id="unused")


def test_topics_and_weeks_become_placeholders() -> None:
    assert router().mask("Test me on Dropout from week 8") == "test me on X from week 5"


def test_a_phrase_naming_two_titles_is_masked_once_and_the_rest_kept() -> None:
    # "Residual Connection" is the title of a week-4 and a week-9 topic: masking it twice ate
    # "help the gradient", and the follow-up read as "do X get through?", a quiz request.
    assert router().mask("do Residual Connection help the gradient get through?") == (
        "do X help the gradient get through?")



def test_a_question_becomes_a_command_only_when_the_closest_examples_agree(course_index) -> None:
    routing = Assistant(Settings(data_dir=course_index), provider="extractive").router
    routed = routing.route("list of questions for a deep learning interview")
    assert routed.vote is not None
    # The premise (if a retrained model reads it otherwise, pick another such question): the
    # regression reads a quiz, surely enough to overrule, while the closest examples are questions.
    assert routed.vote.label == "quiz" and routed.vote.confidence >= OVERRULE_CONFIDENCE
    assert routed.vote.agreement < OVERRULE_AGREEMENT
    assert routed.intent.kind == "answer"


def test_a_command_in_a_questions_words_is_that_command_when_no_passage_answers_it(course_index) -> None:
    # Naming a topic keeps a request a question; when the course then has nothing to answer it
    # with, the meaning model's reading (where a topic sits, what comes before it) is what was asked.
    assistant = Assistant(Settings(data_dir=course_index), provider="extractive")
    reached = assistant.ask("how far into the course before we reach the GPT models, what week?")
    assert reached.intent == "syllabus" and "week 12" in reached.answer
    before = assistant.ask("what should i know before the week 10 transposed convolution part?")
    assert before.intent == "syllabus" and "Week 10" in before.answer
    # ...while a question the course answers stays a question.
    assert assistant.ask("what is transposed convolution used for?").intent == "answer"


def test_the_students_own_results_stay_progress_however_much_they_read_like_a_quiz(course_index) -> None:
    routing = Assistant(Settings(data_dir=course_index), provider="extractive").router
    routed = routing.route("i haven't got a single padding question right, have i")
    # The premise: the meaning model reads a quiz, surely enough to overrule a rule's word.
    assert routed.vote is not None and routed.vote.label == "quiz"
    assert routed.intent.kind == "progress"


@pytest.mark.parametrize("question", ["i have a question about dropout", "quick question on gans"])
def test_a_student_announcing_a_question_of_their_own_asks_for_no_quiz(course_index, question) -> None:
    routing = Assistant(Settings(data_dir=course_index), provider="extractive").router
    assert routing.route(question).intent.kind == "answer"
    assert routing.route("give me a question on gans").intent.kind == "quiz"


def test_the_intent_model_beside_an_index_is_retrained_when_the_masking_code_changes(tmp_path, embedder,
                                                                                     monkeypatch) -> None:
    """An upgrade that masks requests otherwise must not vote with weights trained on the old masks."""
    course = load_course()

    def trained() -> set[str]:
        model = Router(course, TopicMatcher(course), embedder.embed_documents, "minilm", tmp_path).model
        assert model.classes
        return {path.name for path in tmp_path.glob("intent-model-*.npz")}

    before = trained()
    assert trained() == before  # the same code reuses its model
    monkeypatch.setattr(router_module, "masking_code", lambda: b"a newer way of masking")
    after = trained()
    assert len(after) == 1 and after != before


@pytest.mark.parametrize("question", [
    "batch size 512 gives me worse accuracy than 32 and I read it is about the number of iterations per epoch. "
    "which week covers that?",
    "I saw that ShuffleNet shuffles channels between groups. Is it in the CNN models week or the optimization week?",
])
def test_a_request_ending_in_where_something_sits_is_a_syllabus_request(course_index, question) -> None:
    # Whatever the sentences before it say, the last one asks where in the course to look.
    assistant = Assistant(Settings(data_dir=course_index), provider="extractive")
    assert assistant.ask(question).intent == "syllabus"


@pytest.mark.parametrize("question", ["team sync: how am I tracking against week 5?",
                                      "give me my standing for week 3, thanks"])
def test_how_the_student_is_tracking_or_standing_is_progress(course_index, question) -> None:
    assistant = Assistant(Settings(data_dir=course_index), provider="extractive")
    assert assistant.ask(question).intent == "progress"
