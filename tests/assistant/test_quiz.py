"""Quizzes over the real course: every week yields valid questions that do not give themselves away."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.progress import ProgressStore, QuizAttempt
from assistant.quiz import BLANK, OpenQuestion, Quiz, QuizQuestion, make_quiz
from ingest.course import Topic, load_course
from ingest.errors import UserError

COURSE = load_course()


def mentions(text: str, phrase: str) -> bool:
    """`phrase` appears in `text` as whole words ('ELU' is not in 'ReLU')."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE) is not None


@pytest.mark.parametrize("week", range(1, 14))
def test_every_week_gives_a_valid_quiz(week: int) -> None:
    quiz = make_quiz(COURSE, week, n=12, seed=7)
    week_topics = {topic.id: topic for topic in COURSE.week(week).topics}
    assert quiz.week == week and len(quiz.questions) == 12
    assert len({q.id for q in quiz.questions}) == 12
    assert {q.type for q in quiz.questions} == {"mcq", "cloze"}
    for q in quiz.questions:
        topic = week_topics[q.topic_id]
        assert q.week == week
        assert q.source.topic == topic.title and q.source.url == (topic.urls[0] if topic.urls else "")
        assert not mentions(q.question, q.answer), q.question
        if q.type == "mcq":
            assert len(q.options) == 4 and len({o.casefold() for o in q.options}) == 4, q.options
            assert q.answer in q.options
            if q.question.startswith("Which topic matches"):
                assert set(q.options) <= {t.title for t in week_topics.values()}
                assert q.answer == topic.title
        else:
            assert q.options == [] and BLANK in q.question
            assert q.answer.casefold() not in q.question.casefold(), q.question
            assert q.answer in q.explanation  # the explanation restores the sentence


def test_the_same_seed_gives_the_same_quiz_and_another_seed_a_different_one() -> None:
    first, again = make_quiz(COURSE, 5, n=8, seed=1), make_quiz(COURSE, 5, n=8, seed=1)
    assert first == again
    other = make_quiz(COURSE, 5, n=8, seed=2)
    assert [q.id for q in other.questions] != [q.id for q in first.questions] or \
        [q.options for q in other.questions] != [q.options for q in first.questions]


@pytest.mark.parametrize(("topic_id", "named_in_description"), [
    ("w05-t12", "AlexNet"),  # "SqueezeNet ... has 50 times less parameters than AlexNet"
    ("w07-t01", "Medical Imaging Diagnosis"),  # the checklist swapped these two descriptions
])
def test_description_questions_hide_the_title_and_leave_out_options_the_text_names(
        topic_id: str, named_in_description: str) -> None:
    quiz = make_quiz(COURSE, int(topic_id[1:3]), n=1, topic_id=topic_id, seed=3)
    [question] = quiz.questions
    title = COURSE.topic(topic_id).title
    assert question.question.startswith("Which topic matches") and question.answer == title
    assert not mentions(question.question, title)
    assert mentions(question.question, named_in_description)
    assert named_in_description not in question.options  # it would look like a second right answer


def test_a_topic_quiz_asks_only_about_that_topic_in_several_forms() -> None:
    quiz = make_quiz(COURSE, 5, n=4, topic_id="w05-t11", seed=0)
    assert [q.topic_id for q in quiz.questions] == ["w05-t11"] * 4
    kinds = [q.question.split(":")[0].split(" ")[0] for q in quiz.questions]
    assert {"Which", "Fill"} <= set(kinds)
    assert any(q.question == "Which statement describes AlexNet?" for q in quiz.questions)


def test_cloze_questions_draw_on_ingested_article_text() -> None:
    topic = COURSE.topic("w04-t04")
    article = ("The chain rule lets the algorithm reuse partial derivatives layer by layer. "
               "Frameworks such as PyTorch compute these gradients automatically with autograd.")
    quiz = make_quiz(COURSE, 4, n=10, topic_id=topic.id, material={topic.id: [topic.description, article]}, seed=0)
    from_article = [q for q in quiz.questions if q.type == "cloze" and q.source.source == "article"]
    assert from_article, [q.question for q in quiz.questions]
    assert {q.answer for q in from_article} <= {"PyTorch"}
    assert "autograd" in from_article[0].question and "PyTorch" in from_article[0].explanation


def test_open_questions_come_only_from_a_writer() -> None:
    assert "open" not in {q.type for q in make_quiz(COURSE, 6, n=10, seed=0).questions}

    seen: list[tuple[str, str]] = []

    def writer(topic: Topic, material: str) -> OpenQuestion | None:
        seen.append((topic.id, material))
        if topic.id == "w06-t02":
            return None  # a writer may decline
        return OpenQuestion(question=f"In your own words, what is {topic.title}?", answer=topic.description)

    quiz = make_quiz(COURSE, 6, n=14, open_question_writer=writer, seed=0)
    opens = [q for q in quiz.questions if q.type == "open"]
    assert opens and all(q.options == [] and q.question.startswith("In your own words") for q in opens)
    assert "w06-t02" not in {q.topic_id for q in opens}
    for topic_id, material in seen:
        assert COURSE.topic(topic_id).description in material


def test_a_progress_store_steers_the_quiz_to_topics_not_yet_seen(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "progress.sqlite3")
    for topic in COURSE.week(12).topics:
        if topic.id != "w12-t04":
            store.record_attempt(QuizAttempt(topic_id=topic.id, week=12, question_id="q", question_type="mcq",
                                             correct=True, score=1.0, response="a",
                                             answered_at=datetime.now(UTC)))
    [question] = make_quiz(COURSE, 12, n=1, progress=store, seed=0).questions
    assert question.topic_id == "w12-t04"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"week": 0}, "week 0 is outside the course"),
    ({"week": 14}, "week 14 is outside the course"),
    ({"week": 4, "topic_id": "w05-t11"}, "w05-t11 is in week 5, not week 4"),
    ({"week": 5, "topic_id": "w99-t01"}, "unknown topic id 'w99-t01'"),
    ({"week": 5, "n": 0}, "at least one question"),
])
def test_bad_requests_are_refused_with_one_line(kwargs: dict, message: str) -> None:
    with pytest.raises(UserError, match=message) as error:
        make_quiz(COURSE, **kwargs)
    assert "\n" not in str(error.value)


def test_the_json_shape_matches_the_cli_contract() -> None:
    document = make_quiz(COURSE, 5, n=2, seed=0).model_dump(mode="json")
    assert set(document) == {"week", "questions"}
    for question in document["questions"]:
        assert set(question) == {"id", "type", "topic_id", "week", "question", "options", "answer",
                                 "explanation", "source"}
        assert set(question["source"]) == {"topic", "url", "source"}
        assert QuizQuestion.model_validate(question).id == question["id"]
    assert Quiz.model_validate(document).week == 5
