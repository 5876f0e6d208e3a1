"""FSRS scheduling for review cards, stored in the progress database beside the quiz attempts.

Every review (a graded quiz answer or a flashcard rated Again/Hard/Good/Easy) is one row of
`review_log`; `card_state` holds each card's FSRS state after its latest review, so reading the
schedule never replays the log. Both are written in the caller's transaction (see
assistant.progress), so a review and its state change land together or not at all.

The scheduler is the `fsrs` package's (FSRS-6, default parameters) with fuzzing off: replaying
the same log always rebuilds the same state, which is what the migration relies on.
"""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime
from typing import Literal

from fsrs import Card, Rating, Scheduler, State
from pydantic import BaseModel, Field

SCHEDULER = Scheduler(enable_fuzzing=False)

ReviewSource = Literal["quiz", "flashcard"]
RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}

# A right quiz answer given within FAST_S seconds counts as Easy, one that took longer than
# SLOW_S (or was only partly right, score below PARTIAL_SCORE) as Hard; otherwise Good.
FAST_S = 10.0
SLOW_S = 60.0
PARTIAL_SCORE = 0.8

TABLES = (
    """CREATE TABLE review_log (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        card_id     TEXT NOT NULL,
        topic_id    TEXT NOT NULL,
        week        INTEGER NOT NULL,
        rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        source      TEXT NOT NULL CHECK (source IN ('quiz', 'flashcard')),
        attempt_id  INTEGER UNIQUE REFERENCES attempts (id),
        duration_s  REAL,
        reviewed_at TEXT NOT NULL
    )""",
    "CREATE INDEX review_log_by_card ON review_log (card_id, id)",
    """CREATE TABLE card_state (
        card_id     TEXT PRIMARY KEY,
        topic_id    TEXT NOT NULL,
        week        INTEGER NOT NULL,
        due_at      TEXT NOT NULL,
        fsrs        TEXT NOT NULL,
        reviews     INTEGER NOT NULL,
        lapses      INTEGER NOT NULL,
        last_rating INTEGER NOT NULL
    )""",
    "CREATE INDEX card_state_by_due ON card_state (due_at)",
)


def as_utc(moment: datetime) -> datetime:
    """The moment in UTC; a naive time is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def stamp(moment: datetime) -> str:
    """ISO 8601 in UTC, so the text sorts like the time it stands for."""
    return as_utc(moment).isoformat(timespec="microseconds")


def topic_card_id(topic_id: str) -> str:
    """The topic's own card (its description): quiz answers on the topic review this card."""
    return f"{topic_id}/topic"


def quiz_rating(correct: bool, score: float, duration_s: float | None) -> Rating:
    """A graded quiz answer as an FSRS rating, from correctness, score and answering time."""
    if not correct:
        return Rating.Again
    if score < PARTIAL_SCORE or (duration_s is not None and duration_s > SLOW_S):
        return Rating.Hard
    if duration_s is not None and duration_s <= FAST_S:
        return Rating.Easy
    return Rating.Good


class Review(BaseModel):
    card_id: str
    topic_id: str
    week: int
    rating: int = Field(ge=1, le=4)
    source: ReviewSource
    reviewed_at: datetime
    duration_s: float | None = Field(default=None, ge=0)
    attempt_id: int | None = None  # the quiz attempt this review came from


class CardState(BaseModel):
    """Where one card stands after its latest review."""

    card_id: str
    topic_id: str
    week: int
    due_at: datetime
    state: Literal["learning", "review", "relearning"]
    stability: float | None
    difficulty: float | None
    reviews: int
    lapses: int  # reviews rated Again
    last_rating: int


def fsrs_card_id(card_id: str) -> int:
    """fsrs wants an integer id; a stable one derived from ours (fsrs's default sleeps to be unique)."""
    return int(hashlib.sha1(card_id.encode()).hexdigest()[:12], 16)


def apply_review(connection: sqlite3.Connection, review: Review) -> CardState:
    """Log `review` and advance its card's FSRS state; call inside a write transaction."""
    row = connection.execute("SELECT fsrs, reviews, lapses FROM card_state WHERE card_id = ?",
                             (review.card_id,)).fetchone()
    card = Card.from_json(row[0]) if row else Card(card_id=fsrs_card_id(review.card_id))
    duration_ms = round(review.duration_s * 1000) if review.duration_s is not None else None
    card, _ = SCHEDULER.review_card(card, Rating(review.rating), review_datetime=as_utc(review.reviewed_at),
                                    review_duration=duration_ms)
    connection.execute(
        "INSERT INTO review_log (card_id, topic_id, week, rating, source, attempt_id, duration_s, reviewed_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (review.card_id, review.topic_id, review.week, review.rating, review.source, review.attempt_id,
         review.duration_s, stamp(review.reviewed_at)))
    reviews, lapses = (row[1], row[2]) if row else (0, 0)
    state = CardState(card_id=review.card_id, topic_id=review.topic_id, week=review.week,
                      due_at=card.due, state=State(card.state).name.lower(), stability=card.stability,
                      difficulty=card.difficulty, reviews=reviews + 1,
                      lapses=lapses + (review.rating == Rating.Again), last_rating=review.rating)
    connection.execute(
        "INSERT INTO card_state (card_id, topic_id, week, due_at, fsrs, reviews, lapses, last_rating)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (card_id) DO UPDATE SET due_at = excluded.due_at,"
        " fsrs = excluded.fsrs, reviews = excluded.reviews, lapses = excluded.lapses,"
        " last_rating = excluded.last_rating",
        (state.card_id, state.topic_id, state.week, stamp(state.due_at), card.to_json(), state.reviews,
         state.lapses, state.last_rating))
    return state


def replay_attempts(connection: sqlite3.Connection) -> None:
    """Migration: every stored quiz attempt, oldest first, becomes a review of its topic's card.
    Attempts already in the log are skipped, so running it twice changes nothing."""
    rows = connection.execute(
        "SELECT a.id, a.topic_id, a.week, a.correct, a.score, a.duration_s, a.answered_at FROM attempts a"
        " LEFT JOIN review_log r ON r.attempt_id = a.id WHERE r.id IS NULL ORDER BY a.id").fetchall()
    for attempt_id, topic_id, week, correct, score, duration_s, answered_at in rows:
        apply_review(connection, Review(
            card_id=topic_card_id(topic_id), topic_id=topic_id, week=week, source="quiz",
            rating=quiz_rating(bool(correct), score, duration_s), attempt_id=attempt_id,
            duration_s=duration_s, reviewed_at=datetime.fromisoformat(answered_at)))


_STATE_COLUMNS = "card_id, topic_id, week, due_at, fsrs, reviews, lapses, last_rating"


def _state(row: tuple) -> CardState:
    card = Card.from_json(row[4])
    return CardState(card_id=row[0], topic_id=row[1], week=row[2], due_at=datetime.fromisoformat(row[3]),
                     state=State(card.state).name.lower(), stability=card.stability,
                     difficulty=card.difficulty, reviews=row[5], lapses=row[6], last_rating=row[7])


def card_states(connection: sqlite3.Connection, weeks: list[int] | None = None) -> list[CardState]:
    """Every reviewed card's state, soonest due first (optionally only some weeks)."""
    query = f"SELECT {_STATE_COLUMNS} FROM card_state"
    params: list[int] = []
    if weeks is not None:
        query += f" WHERE week IN ({', '.join('?' * len(weeks))})"
        params = list(weeks)
    return [_state(row) for row in connection.execute(query + " ORDER BY due_at, card_id", params)]


def topic_recall(connection: sqlite3.Connection, now: datetime) -> dict[str, float]:
    """Each quizzed topic's FSRS retrievability at `now`: the chance its own card (the one quiz
    answers review) is recalled, lowest for the topic most in need of a quiz."""
    rows = connection.execute("SELECT topic_id, fsrs FROM card_state WHERE card_id = topic_id || '/topic'")
    return {topic_id: SCHEDULER.get_card_retrievability(Card.from_json(text), as_utc(now))
            for topic_id, text in rows}


def review_counts(connection: sqlite3.Connection) -> tuple[int, int]:
    """(reviews of cards seen before, how many of those were recalled): Anki's true retention."""
    row = connection.execute(
        "SELECT count(*), coalesce(sum(rating > 1), 0) FROM (SELECT rating, row_number() OVER"
        " (PARTITION BY card_id ORDER BY id) AS n FROM review_log) WHERE n > 1").fetchone()
    return row[0], row[1]
