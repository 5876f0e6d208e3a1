"""Quiz quality: the checks catch what the issue found, generated quizzes meet the targets, and
the hand-rated set is complete, passes the rubric and is what the generator makes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.quiz import QuizMaterial, QuizQuestion, QuizSource
from core.course import load_course
from core.settings import Settings
from eval.quiz_quality import (
    RATED_SET,
    RUBRIC,
    blanks,
    duplicate_options,
    generate,
    hand_rated,
    invalid_options,
    is_filler,
    leaks,
    measure,
    quiz_section,
)
from ingest.embedding import Embedder
from ingest.store import ChunkStore

COURSE = load_course()


def question(text: str, answer: str, options: list[str] | None = None, style: str = "cloze") -> QuizQuestion:
    return QuizQuestion(id="q", type="cloze" if style == "cloze" else "mcq", style=style, topic_id="w05-t02",
                        week=5, question=text, options=options or [], answer=answer, explanation="",
                        source=QuizSource(topic="CNN vs DCNN", url="", source="checklist"))


def test_the_checks_catch_the_questions_the_issue_found() -> None:
    assert is_filler(question("Fill in the blank: “Epoch, _____ and Batch are included in this article.”",
                              "Iteration"))
    assert is_filler(question("Which topic matches this description: Follow this guide and start your DL "
                              "journey!", "Build Install Tensorflow", ["Build Install Tensorflow", "x"],
                              "identification"))
    assert blanks(question("“___ is an ___ which extracts or identifies a feature in majority of ___ like "
                           "GoogleNet”", "CNN")) == 3
    assert leaks(question("Fill in the blank: “deep convolutional neural networks (_____)”", "DCNNs"))
    assert leaks(question("Fill in the blank: “_____ (DCNNs) have revolutionised computer vision”",
                          "deep convolutional neural networks"))
    assert not leaks(question("Fill in the blank: “_____ extracts a feature in a particular image.”", "CNN"))
    assert invalid_options(question("Which of these ...?", "AlexNet", ["VGG", "LeNet"], "identification"))
    assert invalid_options(question("Fill in the blank: “no blank here”", "CNN"))
    assert duplicate_options(question("Which?", "VGG", ["VGG", "vgg", "LeNet"], "identification"))


def test_generated_quizzes_meet_the_targets_offline() -> None:
    questions, skipped = generate(COURSE)
    quality = measure(questions, skipped=len(skipped), rated=None)
    assert quality.n >= 100 and quality.styles >= 3 and skipped
    assert quality.overall.filler_rate <= 0.02 and quality.overall.three_plus_blanks_rate <= 0.02
    assert quality.overall.leakage_rate == 0 and quality.overall.invalid_option_rate == 0
    assert quality.failures == []


def test_the_hand_rated_set_follows_the_rubric_and_passes() -> None:
    rows = [json.loads(line) for line in RATED_SET.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 100 and len({r["week"] for r in rows}) >= 12
    for row in rows:
        assert set(row["verdicts"]) == set(RUBRIC)
        assert row["pass"] == all(row["verdicts"].values())
        assert row["pass"] or row["note"], row  # every failure says why
    rated = hand_rated()
    assert rated.n == len(rows) and rated.pass_rate >= 0.90
    assert (Path(RATED_SET).parent / "quiz_rubric.md").exists()


def test_the_rated_questions_are_what_the_generator_makes(course_index: Path, embedder: Embedder) -> None:
    """Rated on the offline index (checklist descriptions, MiniLM vectors): the generator as it is
    must still make them, or the rating is of something else."""
    store = ChunkStore(Settings(data_dir=course_index), embedder.model_id, create=False)
    questions, _ = generate(COURSE, QuizMaterial.from_chunks(*store.all_chunks()))
    made = {(q.question, q.answer, tuple(q.options)) for q in questions}
    rows = [json.loads(line) for line in RATED_SET.read_text(encoding="utf-8").splitlines()]
    kept = sum((r["question"], r["answer"], tuple(r["options"])) in made for r in rows)
    assert kept / len(rows) >= 0.95, kept


@pytest.mark.parametrize("with_embedder", [True, False])
def test_the_report_section_gives_every_target_a_verdict(embedder: Embedder, with_embedder: bool) -> None:
    questions, skipped = generate(COURSE, seeds=(0,))
    quality = measure(questions, embedder if with_embedder else None, skipped=len(skipped))
    section = "\n".join(quiz_section(quality))
    assert section.startswith("## Quiz quality") and "MISSED" not in section
    for metric in ("filler_rate", "three_plus_blanks_rate", "leakage_rate", "invalid_option_rate",
                   "styles", "hand_rated_pass_rate"):
        assert f"| {metric} |" in section
    closeness = quality.by_style["definition"].distractor_closeness
    assert (closeness is not None and 0 < closeness < 0.9) if with_embedder else closeness is None
