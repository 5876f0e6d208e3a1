"""The daily review on a real progress database: what is due, the new-card allowance, the
30-day forecast, retention, and the due topics the chat answers "what should I review today?" with."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assistant.flashcards import IndexedArticles, deck_signature
from assistant.progress import ProgressStore, QuizAttempt
from assistant.review import FORECAST_DAYS, NEW_PER_DAY, Reviewer
from core.course import load_course
from core.errors import UserError
from core.settings import Settings

NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)
COURSE = load_course()


@pytest.fixture
def reviewer(tmp_path: Path) -> Reviewer:
    return Reviewer(ProgressStore(tmp_path / "progress.sqlite3"), COURSE)


def quizzed(reviewer: Reviewer, topic_id: str, correct: bool, at: datetime) -> None:
    reviewer.progress.record_attempt(QuizAttempt(
        topic_id=topic_id, week=COURSE.topic(topic_id).week, question_id="q", question_type="mcq",
        correct=correct, score=float(correct), response="x", answered_at=at))


def test_due_cards_come_soonest_first_then_new_cards_of_studied_topics(reviewer: Reviewer) -> None:
    quizzed(reviewer, "w03-t02", False, NOW - timedelta(days=1))
    quizzed(reviewer, "w01-t01", False, NOW - timedelta(days=3))
    quizzed(reviewer, "w02-t02", True, NOW - timedelta(hours=2))  # right twice: out of the
    quizzed(reviewer, "w02-t02", True, NOW - timedelta(hours=1))  # learning steps, due in days
    reviewer.progress.mark_studied("w04-t01")
    due = reviewer.due(now=NOW)
    assert [(c.card_id, c.state) for c in due.due] == [
        ("w01-t01/topic", "learning"), ("w03-t02/topic", "learning"), ("w04-t01/topic", "new")]
    assert due.next_due is not None and due.next_due > NOW
    assert [t.id for t in reviewer.due_topics(now=NOW)] == ["w01-t01", "w03-t02", "w04-t01"]
    assert [c.card_id for c in reviewer.due(now=NOW, week=3).due] == ["w03-t02/topic"]


def test_at_most_twenty_new_cards_a_day(reviewer: Reviewer) -> None:
    for topic in COURSE.week(5).topics:  # 21 topics studied at once
        reviewer.progress.mark_studied(topic.id)
    assert reviewer.due(now=NOW).due_count == NEW_PER_DAY
    reviewer.rate("w05-t01/topic", 3, at=NOW)  # one new card seen today: one fewer new to come
    due = reviewer.due(now=NOW + timedelta(minutes=1))
    assert sum(c.state == "new" for c in due.due) == NEW_PER_DAY - 1
    assert sum(c.state == "new" for c in reviewer.due(now=NOW + timedelta(days=1)).due) == NEW_PER_DAY  # a new day


def test_forecast_counts_thirty_days_with_overdue_cards_today(reviewer: Reviewer) -> None:
    quizzed(reviewer, "w01-t01", False, NOW - timedelta(days=5))  # overdue
    for topic_id in ("w01-t02", "w01-t03"):  # right twice: due again in a few days
        quizzed(reviewer, topic_id, True, NOW - timedelta(hours=1))
        quizzed(reviewer, topic_id, True, NOW)
    forecast = reviewer.forecast(now=NOW)
    assert len(forecast) == FORECAST_DAYS and forecast[0].day == NOW.date()
    assert forecast[0].due == 1 and sum(day.due for day in forecast) == 3
    assert [d.day for d in forecast] == [NOW.date() + timedelta(days=n) for n in range(FORECAST_DAYS)]


def test_retention_counts_repeat_reviews_recalled(reviewer: Reviewer) -> None:
    assert reviewer.retention().rate is None
    for day, rating in enumerate([1, 3, 1, 4, 2]):  # first review, then 3 of 4 recalled
        reviewer.rate("w02-t15/topic", rating, at=NOW + timedelta(days=day))
    retention = reviewer.retention()
    assert (retention.reviews, retention.recalled, retention.rate) == (4, 3, 0.75)


@pytest.mark.parametrize(("card_id", "rating", "message"), [
    ("w99-t01/topic", 3, "unknown card"), ("w01-t01/term-nothing", 3, "unknown card"),
    ("w01-t01/topic", 5, "rating 5 is not one of"),
])
def test_rating_checks_the_card_and_the_rating(reviewer: Reviewer, card_id, rating, message) -> None:
    with pytest.raises(UserError, match=message):
        reviewer.rate(card_id, rating, at=NOW)


def test_built_cards_are_reused_until_the_course_text_changes(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "progress.sqlite3")
    store.mark_studied("w05-t11")
    first = Reviewer(store, COURSE).due(now=NOW).due[0]
    with store.connect() as connection:
        assert connection.execute("SELECT topic_id FROM card_cache").fetchall() == [("w05-t11",)]
    assert Reviewer(store, COURSE).due(now=NOW).due[0] == first  # read back from the cache

    topic = COURSE.topic("w05-t11")
    edited = topic.model_copy(update={"description": "A deep CNN that won ILSVRC 2012 on two GPUs."})
    week = COURSE.week(5).model_copy(update={"topics": [edited if t.id == topic.id else t
                                                        for t in COURSE.week(5).topics]})
    course = COURSE.model_copy(update={"weeks": [week if w.week == 5 else w for w in COURSE.weeks]})
    again = Reviewer(store, course).due(now=NOW).due[0]
    assert again.card_id == first.card_id and "won ILSVRC 2012 on two GPUs" in again.front


def test_a_review_with_or_without_the_index_shares_the_cached_cards(data_dir: Path) -> None:
    """The CLI and the UI read articles from the index, other callers may not: for a topic with
    no indexed article both build the same cards, so neither keeps rebuilding the other's."""
    indexed = IndexedArticles(Settings(data_dir=data_dir), COURSE)
    for topic in COURSE.topics:
        assert deck_signature(topic, indexed) == deck_signature(topic, None)
