"""The daily review: which flashcards are due today, rating them, and what is coming.

A card enters the review once it has a schedule (its topic was quizzed, or the card was reviewed
before) or, as a new card, once its topic is marked studied; at most NEW_PER_DAY new cards a day
(Anki's default), so ticking off a whole week does not bury the student. Scheduling is FSRS
(assistant.srs); the cards come from the course (assistant.flashcards), built once and then read
from the card cache (assistant.card_cache).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Literal

from pydantic import BaseModel

from assistant import card_cache
from assistant.flashcards import Articles, Flashcard, IndexedArticles, deck_signature, topic_deck
from assistant.progress import ProgressStore, utcnow
from assistant.srs import CardState, Review, apply_review, as_utc, card_states, review_counts, stamp
from core.course import Course, Topic
from core.errors import UserError
from core.settings import Settings

NEW_PER_DAY = 20
FORECAST_DAYS = 30


class DueCard(Flashcard):
    due: datetime | None  # None: a new card, never reviewed
    state: Literal["new", "learning", "review", "relearning"]
    reviews: int


class DueList(BaseModel):
    """`dlstudy review --json`: today's due cards, soonest due first, then new ones."""

    due: list[DueCard]
    due_count: int
    next_due: datetime | None  # the first card due after now, among those not due yet


class ForecastDay(BaseModel):
    day: date
    due: int  # reviews due that day (overdue ones count today)


class Retention(BaseModel):
    """Share of reviews recalled (rated Hard or better), not counting a card's first review."""

    reviews: int
    recalled: int
    rate: float | None  # None before any card was reviewed twice


class Reviewer:
    def __init__(self, progress: ProgressStore, course: Course, articles: Articles | None = None) -> None:
        self.progress, self.course, self.articles = progress, course, articles or {}
        self._cards = cache(self._topic_cards)
        self._stored: dict[str, tuple[str, str]] | None = None  # the card cache, read once
        self._fresh: dict[str, tuple[str, str]] = {}  # decks built here, to add to the cache

    @classmethod
    def from_settings(cls, settings: Settings, progress: ProgressStore, course: Course) -> Reviewer:
        """With key-term cards from the articles in the index, when there are any."""
        return cls(progress, course, IndexedArticles(settings, course))

    def _topic_cards(self, topic_id: str) -> dict[str, Flashcard]:
        """One topic's cards, from the card cache when they were built from the same text, else
        built now (and cached): a review touches only the topics it shows."""
        topic = self.course.topic(topic_id)
        signature = deck_signature(topic, self.articles)
        if self._stored is None:
            with self.progress.connect() as connection:
                self._stored = card_cache.load(connection)
        stored = self._stored.get(topic_id)
        if signature is not None and stored is not None and stored[0] == signature:
            cards = [Flashcard.model_validate(card) for card in json.loads(stored[1])]
        else:
            cards = topic_deck(topic, self.articles)
            if signature is not None:
                self._fresh[topic_id] = (signature, json.dumps([card.model_dump() for card in cards]))
        return {card.card_id: card for card in cards}

    def _save_built_cards(self) -> None:
        """Cache the decks built by this call, in one transaction; a cache that cannot be written
        (a read-only data dir, a busy database) only costs rebuilding next time."""
        if not self._fresh:
            return
        try:
            with self.progress.transaction() as connection:
                card_cache.save(connection, self._fresh)
        except sqlite3.OperationalError:
            return
        assert self._stored is not None
        self._stored.update(self._fresh)
        self._fresh = {}

    def card(self, card_id: str) -> Flashcard:
        topic_id = card_id.split("/", 1)[0]
        if topic_id in {t.id for t in self.course.topics} and card_id in self._cards(topic_id):
            return self._cards(topic_id)[card_id]
        raise UserError(f"unknown card {card_id!r}; `dlstudy review --json` lists the due cards")

    def due(self, now: datetime | None = None, week: int | None = None,
            topic_id: str | None = None) -> DueList:
        """Cards due by `now`, soonest first, then new cards of studied topics in course order.
        With `topic_id`, only that topic's cards, new ones whether it is marked studied or not."""
        now = as_utc(now or utcnow())
        weeks = [self.course.require_week(week).week] if week is not None else None
        if topic_id is not None:
            weeks = [self.course.require_topic(topic_id).week]
        with self.progress.connect() as connection:
            states = [s for s in card_states(connection, weeks) if topic_id in (None, s.topic_id)]
            introduced = _introduced_since(connection, _day_start(now))
        known = {s.card_id for s in states}
        cards = [card for card in map(self._due_card, (s for s in states if s.due_at <= now)) if card]
        later = [s.due_at for s in states if s.due_at > now]
        room = max(NEW_PER_DAY - introduced, 0)
        studied = {topic_id} if topic_id is not None else self.progress.studied_topics()
        for topic in self.course.topics:
            if not room:
                break  # a topic's cards are built only when it can still add a new one
            if topic.id not in studied or (weeks is not None and topic.week not in weeks):
                continue
            for card in self._cards(topic.id).values():
                if room and card.card_id not in known:
                    cards.append(DueCard(**card.model_dump(), due=None, state="new", reviews=0))
                    room -= 1
        self._save_built_cards()
        return DueList(due=cards, due_count=len(cards), next_due=min(later, default=None))

    def _due_card(self, state: CardState) -> DueCard | None:
        try:
            card = self.card(state.card_id)
        except UserError:  # a card whose text left the course or the index: nothing to show
            return None
        return DueCard(**card.model_dump(), due=state.due_at, state=state.state, reviews=state.reviews)

    def due_topics(self, now: datetime | None = None, week: int | None = None) -> list[Topic]:
        """The topics with a card due today, in course order: what "what should I review today?"
        answers with."""
        ids = {card.topic_id for card in self.due(now, week).due}
        return [topic for topic in self.course.topics if topic.id in ids]

    def rate(self, card_id: str, rating: int, at: datetime | None = None,
             duration_s: float | None = None) -> CardState:
        """Record a flashcard review (1 Again, 2 Hard, 3 Good, 4 Easy) and reschedule the card."""
        if rating not in (1, 2, 3, 4):
            raise UserError(f"rating {rating} is not one of 1 (Again), 2 (Hard), 3 (Good), 4 (Easy)")
        card = self.card(card_id)
        review = Review(card_id=card.card_id, topic_id=card.topic_id, week=card.week, rating=rating,
                        source="flashcard", reviewed_at=at or utcnow(), duration_s=duration_s)
        with self.progress.transaction() as connection:
            return apply_review(connection, review)

    def forecast(self, days: int = FORECAST_DAYS, now: datetime | None = None) -> list[ForecastDay]:
        """Reviews due on each of the next `days` days (today first, with everything overdue)."""
        now = as_utc(now or utcnow())
        with self.progress.connect() as connection:
            states = card_states(connection)
        counts = Counter(max((s.due_at.date() - now.date()).days, 0) for s in states)
        return [ForecastDay(day=now.date() + timedelta(days=n), due=counts.get(n, 0)) for n in range(days)]

    def retention(self) -> Retention:
        with self.progress.connect() as connection:
            reviews, recalled = review_counts(connection)
        return Retention(reviews=reviews, recalled=recalled,
                         rate=round(recalled / reviews, 4) if reviews else None)


def _day_start(now: datetime) -> datetime:
    return datetime.combine(now.date(), time(), tzinfo=now.tzinfo)


def _introduced_since(connection, start: datetime) -> int:
    """Cards whose first review was at or after `start`: today's new cards so far."""
    return connection.execute(
        "SELECT count(*) FROM (SELECT min(reviewed_at) AS first FROM review_log GROUP BY card_id)"
        " WHERE first >= ?", (stamp(start),)).fetchone()[0]
