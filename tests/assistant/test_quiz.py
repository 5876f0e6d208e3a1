"""Quizzes over the real course: questions about ideas, never about the article; one blank; no
answer given away; fair options; topics with nothing testable left out and said so."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from assistant.progress import ProgressStore, QuizAttempt
from assistant.quiz import BLANK, OpenQuestion, Quiz, QuizMaterial, QuizQuestion, make_quiz
from assistant.review import Reviewer
from assistant.schedule import pick_topics
from core.course import Topic, load_course
from core.errors import UserError
from core.settings import Settings
from ingest.embedding import Embedder
from ingest.store import ChunkStore

COURSE = load_course()
FILLER = re.compile(r"in this article|this article|we will|we have|check it out|follow this guide|"
                    r"will be covered|is covered|are covered|opengenus|\byour?\b", re.IGNORECASE)
TITLES = {topic.title for topic in COURSE.topics}


def mentions(text: str, phrase: str) -> bool:
    """`phrase` appears in `text` as whole words ('ELU' is not in 'ReLU')."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE) is not None


def all_questions(seeds=(0, 1, 2), **kwargs) -> list[QuizQuestion]:
    return [q for seed in seeds for week in range(1, 14)
            for q in make_quiz(COURSE, week, n=8, seed=seed, **kwargs).questions]


@pytest.mark.parametrize("week", range(1, 14))
def test_every_week_gives_valid_questions_about_its_testable_topics(week: int) -> None:
    quiz = make_quiz(COURSE, week, n=12, seed=7)
    week_topics = {topic.id: topic for topic in COURSE.week(week).topics}
    skipped = {s.topic_id for s in quiz.skipped}
    assert quiz.week == week
    # Week 13 is project blurbs ("Follow the tutorial and build your own"): offline, every topic
    # of it may be left out, but then each is listed with its reason.
    assert quiz.questions or skipped == set(week_topics), quiz.skipped
    assert len({q.id for q in quiz.questions}) == len(quiz.questions) <= 12
    for q in quiz.questions:
        topic = week_topics[q.topic_id]
        assert q.week == week and q.topic_id not in skipped
        assert q.source.topic == topic.title and q.source.url == (topic.urls[0] if topic.urls else "")
        assert not FILLER.search(q.question), q.question
        assert q.type == ("cloze" if q.style == "cloze" else "mcq")
        if q.type == "mcq":
            assert q.answer in q.options and len({o.casefold() for o in q.options}) == len(q.options)
        if q.style == "identification":
            assert len(q.options) == 4 and set(q.options) <= TITLES and q.answer == topic.title
            assert not any(mentions(q.question, o) for o in q.options), q.question
        elif q.style == "definition":
            assert len(q.options) == 4 and q.question == f"Which of these describes {topic.title.rstrip('?')}?"
            assert not mentions(q.answer, topic.title)
        elif q.style == "true_false":
            assert q.options == ["True", "False"] and q.explanation.startswith(q.answer)
        else:
            assert q.options == [] and q.question.count(BLANK) == 1
            assert not mentions(q.question, q.answer), q.question
            assert q.answer in q.explanation  # the explanation restores the sentence


def test_a_week_quiz_mixes_at_least_three_styles_and_five_questions_show_four() -> None:
    styles = {q.style for q in all_questions(seeds=(0,))}
    assert styles == {"identification", "definition", "cloze", "true_false"}
    five = make_quiz(COURSE, 5, n=5, seed=0)
    assert len({q.style for q in five.questions}) >= 3, [q.style for q in five.questions]


@pytest.mark.parametrize(("week", "topic_id"), [
    (8, "w08-t01"),  # "Follow this guide and start your DL journey!"
    (11, "w11-t01"),  # "25 Must Read NLP Papers"
    (11, "w11-t11"),  # "40 NLP Project Ideas"
    (13, "w13-t01"),  # "109 Deep Learning project ideas (check it out)"
    (4, "w04-t02"),  # "Epoch, Iteration and Batch are included in this article."
])
def test_topics_with_nothing_testable_are_left_out_and_the_quiz_says_why(week: int, topic_id: str) -> None:
    quiz = make_quiz(COURSE, week, n=20, seed=0)
    [left_out] = [s for s in quiz.skipped if s.topic_id == topic_id]
    assert left_out.topic == COURSE.topic(topic_id).title and "article" in left_out.reason
    assert topic_id not in {q.topic_id for q in quiz.questions}
    alone = make_quiz(COURSE, week, n=3, topic_id=topic_id, seed=0)
    assert alone.questions == [] and [s.topic_id for s in alone.skipped] == [topic_id]


def test_a_skipped_topic_is_quizzed_from_its_article_once_indexed() -> None:
    article = ("TensorFlow is an open source library developed by Google for numerical computation with "
               "data flow graphs. A TensorFlow graph describes computations as nodes that operate on tensors, "
               "and sessions execute the graph on CPUs, GPUs or TPUs.")
    quiz = make_quiz(COURSE, 8, n=4, topic_id="w08-t01", material={"w08-t01": [article]}, seed=0)
    assert quiz.skipped == [] and quiz.questions
    assert all(q.source.source == "article" and q.topic_id == "w08-t01" for q in quiz.questions)


def test_no_question_gives_its_answer_away_by_acronym_or_expansion() -> None:
    for q in all_questions():
        if q.style not in ("cloze", "identification"):
            continue
        stem = q.question.replace(BLANK, " ")
        for form in [q.answer, *re.findall(r"\(([^)]*)\)", q.answer)]:
            words = [w for w in re.findall(r"[A-Za-z0-9]+", form) if w.lower() not in ("of", "and", "in")]
            initials = "".join(w[0] for w in words).upper()
            assert not mentions(stem, form), (q.answer, q.question)
            assert len(words) < 2 or not mentions(stem, initials), (q.answer, q.question)
    # The example: "deep convolutional neural networks (_____)" => DCNNs is never asked.
    assert not any(q.answer.startswith("DCNN") for q in all_questions())


def test_distractors_are_never_a_variant_or_synonym_of_the_answer() -> None:
    variants = {"Residual Connections": {"Residual Connection"}, "Residual Connection": {"Residual Connections"},
                "Convolution Neural Networks (CNN)": {"CNN vs DCNN", "Flattened CNN", "Disadvantages of CNN"},
                "Activation Functions": {"Linear Activation Functions"},
                "Differentiating Fake Faces": {"Differentiating Fake Faces using Simple ML and Computer Vision"}}
    for q in all_questions():
        if q.style == "identification":
            assert not variants.get(q.answer, set()) & set(q.options), q.options


def test_true_false_swaps_in_a_near_sibling_and_quotes_the_course() -> None:
    false = [q for q in all_questions() if q.style == "true_false" and q.answer == "False"]
    assert false
    for q in false:
        original = re.search(r"“(.*)”", q.explanation).group(1)
        statement = re.search(r"“(.*)”", q.question).group(1)
        assert statement != original and original[-30:] in COURSE.topic(q.topic_id).description
        assert not mentions(statement, q.source.topic)  # the topic's own name was swapped out


def test_description_questions_leave_out_options_the_text_names() -> None:
    """SqueezeNet's description names AlexNet: AlexNet as an option would be a second right answer."""
    for seed in range(4):
        for q in make_quiz(COURSE, 5, n=4, topic_id="w05-t12", seed=seed).questions:
            if q.style == "identification":
                assert mentions(q.question, "AlexNet") and "AlexNet" not in q.options


def test_the_same_seed_gives_the_same_quiz_and_another_seed_a_different_one() -> None:
    first, again = make_quiz(COURSE, 5, n=8, seed=1), make_quiz(COURSE, 5, n=8, seed=1)
    assert first == again
    other = make_quiz(COURSE, 5, n=8, seed=2)
    assert [q.id for q in other.questions] != [q.id for q in first.questions] or \
        [q.options for q in other.questions] != [q.options for q in first.questions]


def test_a_topic_quiz_asks_only_about_that_topic_in_several_styles() -> None:
    quiz = make_quiz(COURSE, 5, n=4, topic_id="w05-t11", seed=0)
    assert [q.topic_id for q in quiz.questions] == ["w05-t11"] * 4
    assert {q.style for q in quiz.questions} == {"identification", "cloze", "definition", "true_false"}


def test_cloze_questions_draw_on_ingested_article_text() -> None:
    topic = COURSE.topic("w04-t04")
    article = ("The chain rule lets the algorithm reuse partial derivatives layer by layer. "
               "Autograd is the PyTorch engine that computes the gradients of a loss automatically.")
    quiz = make_quiz(COURSE, 4, n=10, topic_id=topic.id, material={topic.id: [topic.description, article]}, seed=0)
    from_article = [q for q in quiz.questions if q.type == "cloze" and q.source.source == "article"]
    assert from_article, [q.question for q in quiz.questions]
    assert {q.answer for q in from_article} <= {"PyTorch"}
    assert "Autograd" in from_article[0].question and "PyTorch" in from_article[0].explanation


def test_open_questions_come_only_from_a_writer_and_only_when_grounded() -> None:
    assert "open" not in {q.type for q in make_quiz(COURSE, 6, n=10, seed=0).questions}

    seen: list[tuple[str, str]] = []

    def writer(topic: Topic, material: str) -> OpenQuestion | None:
        seen.append((topic.id, material))
        if topic.id == "w06-t02":
            return None  # a writer may decline
        if topic.id == "w06-t08":  # an answer the course does not support is dropped
            return OpenQuestion(question="What is a GAN?", answer="GANs are a kind of database index for SQL.")
        return OpenQuestion(question=f"In your own words, what is {topic.title}?", answer=topic.description)

    quiz = make_quiz(COURSE, 6, n=14, open_question_writer=writer, seed=0)
    opens = [q for q in quiz.questions if q.type == "open"]
    assert opens and all(q.options == [] and q.question.startswith("In your own words") for q in opens)
    assert {"w06-t02", "w06-t08"}.isdisjoint(q.topic_id for q in opens)
    for topic_id, material in seen:
        assert COURSE.topic(topic_id).description in material


def test_the_schedule_steers_the_quiz_to_topics_not_yet_seen(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "progress.sqlite3")
    for topic in COURSE.week(12).topics:
        if topic.id != "w12-t04":
            store.record_attempt(QuizAttempt(topic_id=topic.id, week=12, question_id="q", question_type="mcq",
                                             correct=True, score=1.0, response="a",
                                             answered_at=datetime.now(UTC)))
    order = pick_topics(Reviewer(store, COURSE), 12)
    [question] = make_quiz(COURSE, 12, n=1, topic_order=order, seed=0).questions
    assert question.topic_id == "w12-t04"


def test_distractors_from_the_index_vectors_are_near_siblings(course_index: Path, embedder: Embedder) -> None:
    """With the real index (MiniLM vectors in Chroma), distractors are the topic's neighbours."""
    store = ChunkStore(Settings(data_dir=course_index), embedder.model_id, create=False)
    material = QuizMaterial.from_chunks(*store.all_chunks())
    assert len(material.vectors) == 173 and not material.passages  # offline: checklist only
    vectors = {tid: np.asarray(v) / np.linalg.norm(v) for tid, v in material.vectors.items()}
    by_title = {t.title: t.id for t in COURSE.topics}
    questions = [q for q in all_questions(seeds=(0,), material=material) if q.style == "identification"]
    assert questions
    for q in questions:
        answer = vectors[q.topic_id]
        chosen = np.mean([answer @ vectors[by_title[o]] for o in q.options if o != q.answer])
        everyone = np.mean([answer @ v for tid, v in vectors.items() if tid != q.topic_id])
        assert chosen > everyone + 0.1, (q.answer, q.options)


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
    document = make_quiz(COURSE, 8, n=2, seed=0).model_dump(mode="json")
    assert set(document) == {"week", "questions", "skipped"}
    assert document["skipped"] and set(document["skipped"][0]) == {"topic_id", "topic", "reason"}
    for question in document["questions"]:
        assert set(question) == {"id", "type", "topic_id", "week", "question", "options", "answer",
                                 "explanation", "source", "style"}
        assert set(question["source"]) == {"topic", "url", "source"}
        assert QuizQuestion.model_validate(question).id == question["id"]
    assert Quiz.model_validate(document).week == 8
    # Questions stored by older versions (no style) still load.
    old = {k: v for k, v in document["questions"][0].items() if k != "style"}
    assert QuizQuestion.model_validate(old).style is None
