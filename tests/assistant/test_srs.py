"""FSRS scheduling in the progress database: states match the `fsrs` package's own, quiz answers
are reviews, an old database migrates without loss, and two processes reviewing at once lose
nothing. Real SQLite files throughout; the old database was made by the pre-FSRS code
(tests/assistant/data/make_progress_v1.py)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler

from assistant.progress import ProgressStore, QuizAttempt
from assistant.progress_report import progress_report
from assistant.review import Reviewer
from assistant.srs import card_states, fsrs_card_id, quiz_rating, stamp
from core.course import load_course
from tests.support.databases import rows
from tests.support.processes import run_in_lockstep

REPO = Path(__file__).resolve().parents[2]
OLD_DATABASE = Path(__file__).parent / "data" / "progress-v1.sqlite3"
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
COURSE = load_course()


def fsrs_replay(card_id: str, reviews: list[tuple[int, datetime]]) -> Card:
    """What the fsrs package itself makes of these ratings, with the scheduler dlstudy documents."""
    scheduler, card = Scheduler(enable_fuzzing=False), Card(card_id=fsrs_card_id(card_id))
    for rating, at in reviews:
        card, _ = scheduler.review_card(card, Rating(rating), review_datetime=at)
    return card


def stored_states(path: Path) -> dict:
    with sqlite3.connect(path) as connection:
        return {state.card_id: state for state in card_states(connection)}


def test_fsrs_state_after_known_ratings_equals_the_fsrs_package(tmp_path: Path) -> None:
    reviewer = Reviewer(ProgressStore(tmp_path / "progress.sqlite3"), COURSE)
    ratings = [3, 3, 1, 2, 4, 3, 1, 3]
    at, reviews = T0, []
    for rating in ratings:
        state = reviewer.rate("w05-t11/topic", rating, at=at)
        reviews.append((rating, at))
        at = state.due_at + timedelta(hours=3)  # reviewed a little after it falls due
    expected = fsrs_replay("w05-t11/topic", reviews)
    assert state.due_at == expected.due
    assert (state.stability, state.difficulty) == (expected.stability, expected.difficulty)
    assert (state.reviews, state.lapses, state.last_rating) == (8, 2, 3)


@pytest.mark.parametrize(("correct", "score", "seconds", "rating"), [
    (False, 0.0, 3.0, Rating.Again),
    (False, 0.4, None, Rating.Again),
    (True, 1.0, 4.0, Rating.Easy),  # right at once
    (True, 1.0, None, Rating.Good),  # right, time not measured
    (True, 1.0, 25.0, Rating.Good),
    (True, 1.0, 120.0, Rating.Hard),  # right after a long think
    (True, 0.6, 4.0, Rating.Hard),  # an open answer only partly right
])
def test_a_quiz_answer_maps_to_a_rating_from_correctness_and_time(correct, score, seconds, rating) -> None:
    assert quiz_rating(correct, score, seconds) == rating


def test_every_quiz_answer_is_a_review_of_its_topics_card(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    store = ProgressStore(path)
    answers = [(True, 5.0), (True, 30.0), (False, 8.0)]
    for n, (right, seconds) in enumerate(answers):
        store.record_attempt(QuizAttempt(topic_id="w02-t15", week=2, question_id=f"q{n}", question_type="mcq",
                                         correct=right, score=float(right), response="x",
                                         answered_at=T0 + timedelta(days=n), duration_s=seconds))
    log = rows(path, "SELECT card_id, source, rating, attempt_id, duration_s FROM review_log ORDER BY id")
    assert log == [("w02-t15/topic", "quiz", 4, 1, 5.0), ("w02-t15/topic", "quiz", 3, 2, 30.0),
                   ("w02-t15/topic", "quiz", 1, 3, 8.0)]
    expected = fsrs_replay("w02-t15/topic", [(4, T0), (3, T0 + timedelta(days=1)), (1, T0 + timedelta(days=2))])
    assert stored_states(path)["w02-t15/topic"].due_at == expected.due


def test_a_database_made_before_fsrs_migrates_without_losing_anything(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    shutil.copy(OLD_DATABASE, path)
    attempts_query = ("SELECT id, topic_id, week, question_id, question_type, correct, score, response,"
                      " answered_at FROM attempts ORDER BY id")
    before = {name: rows(path, query) for name, query in [
        ("attempts", attempts_query), ("studied", "SELECT * FROM studied ORDER BY topic_id"),
        ("leitner", "SELECT * FROM leitner ORDER BY topic_id")]}
    assert rows(path, "SELECT max(version) FROM schema_version") == [(1,)] and len(before["attempts"]) == 12

    store = ProgressStore(path)

    assert rows(path, "SELECT max(version) FROM schema_version") == [(4,)]
    assert rows(path, attempts_query) == before["attempts"]
    assert rows(path, "SELECT * FROM studied ORDER BY topic_id") == before["studied"]
    # The Leitner table is gone (schema 4); its figures are worked out from the attempts.
    report = progress_report(Reviewer(store, COURSE), now=T0)
    assert [(t.topic_id, t.box, t.attempts, t.correct, stamp(t.last_seen))
            for t in sorted(report.topics, key=lambda t: t.topic_id) if t.attempts] == \
        [(topic_id, box, attempts, correct, last_seen) for topic_id, box, _, attempts, correct, last_seen
         in before["leitner"]]
    assert [a.question_id for a in store.history()] == [r[3] for r in before["attempts"]]
    # Every attempt became exactly one quiz review of its topic's card, in the order answered.
    log = rows(path, "SELECT attempt_id, card_id, source, rating, reviewed_at FROM review_log ORDER BY id")
    assert log == [(r[0], f"{r[1]}/topic", "quiz", 3 if r[5] else 1, r[8]) for r in before["attempts"]]
    # ... and each card's state is what the fsrs package makes of that topic's answers.
    states = stored_states(path)
    assert sorted(states) == sorted({f"{r[1]}/topic" for r in before["attempts"]})
    for card_id, state in states.items():
        answers = [(3 if r[5] else 1, datetime.fromisoformat(r[8])) for r in before["attempts"]
                   if f"{r[1]}/topic" == card_id]
        expected = fsrs_replay(card_id, answers)
        assert (state.due_at, state.stability, state.difficulty, state.reviews) == (
            expected.due, expected.stability, expected.difficulty, len(answers))

    ProgressStore(path)  # opening it again replays nothing twice
    assert rows(path, "SELECT count(*) FROM review_log") == [(12,)]


REVIEWER = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from assistant.progress import ProgressStore, QuizAttempt
from assistant.review import Reviewer
from core.course import load_course

db, tag, folder = sys.argv[1], sys.argv[2], Path(sys.argv[3])
store = ProgressStore(Path(db))
reviewer = Reviewer(store, load_course())
(folder / f"ready-{tag}").touch()
while not (folder / "go").exists():
    time.sleep(0.01)
for i in range(100):
    reviewer.rate("w01-t01/topic", 1 + (i % 4), at=datetime.now(UTC))
    store.record_attempt(QuizAttempt(topic_id="w01-t01", week=1, question_id=f"{tag}-{i}",
                                     question_type="mcq", correct=i % 3 > 0, score=float(i % 3 > 0),
                                     response=tag))
"""


def test_two_processes_reviewing_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    run_in_lockstep(REVIEWER, db, tmp_path, REPO)

    log = rows(db, "SELECT source, rating, reviewed_at FROM review_log ORDER BY id")
    assert len(log) == 400
    assert sum(source == "quiz" for source, _, _ in log) == 200
    assert len(ProgressStore(db).history()) == 200
    # The card's state is the fold of all 400 reviews in the order they were written: no
    # read-modify-write of the state was lost to the other process.
    state = stored_states(db)["w01-t01/topic"]
    expected = fsrs_replay("w01-t01/topic", [(r, datetime.fromisoformat(at)) for _, r, at in log])
    assert (state.reviews, state.due_at, state.stability) == (400, expected.due, expected.stability)
