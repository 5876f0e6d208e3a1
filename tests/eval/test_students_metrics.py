"""The false partial rate: how often an answer to a question the course covers opens by saying
the course does not explain it, reported beside coverage accuracy."""

from __future__ import annotations

import pytest

from eval.students_metrics import summarize_students
from eval.students_report import MEASURES
from eval.students_run import Observation
from eval.tables import lookup


def _answer(n: int, source: str, *, coverage: str, expected: str | None = None,
            intent: str = "answer", expected_intent: str = "answer") -> Observation:
    return Observation(source=source, id=f"{source}{n}", split="dev", kind=source, question="q",
                       expected_intent=expected_intent, intent=intent, expected_coverage=expected,
                       coverage=coverage, expected_topics=["w01-t01"])


def test_in_course_answers_labelled_partial_are_counted_across_every_set():
    observations = [
        _answer(1, "questions", coverage="partial"),  # unlabelled: the course covers it
        _answer(2, "questions", coverage="covered"),
        _answer(3, "coverage", coverage="partial", expected="covered"),
        _answer(4, "coverage", coverage="covered", expected="covered"),
        # Not in-course answers: a near miss rightly partial, a refusal, an off-course request.
        _answer(5, "coverage", coverage="partial", expected="partial"),
        _answer(6, "questions", coverage="none", intent="out_of_scope"),
        _answer(7, "coverage", coverage="none", expected="none", intent="out_of_scope",
                expected_intent="out_of_scope"),
    ]
    summary = summarize_students(observations)
    assert summary.coverage.in_course_answers == 4
    assert summary.coverage.false_partial_rate == pytest.approx(2 / 4)
    document = summary.model_dump(by_alias=True)
    assert [lookup(document, path) for path in MEASURES] == [pytest.approx(0.5)]


def test_with_no_in_course_answers_the_rate_is_not_measured():
    summary = summarize_students([_answer(1, "coverage", coverage="partial", expected="partial")])
    assert summary.coverage.false_partial_rate is None and summary.coverage.in_course_answers == 0
