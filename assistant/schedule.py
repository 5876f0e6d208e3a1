"""Today's FSRS schedule per topic, read once and shared by everything that says what is due or
what to study next: the progress report, the quiz's choice of topics, `dlstudy study` and the app.

A topic is due when today's review (assistant.review.Reviewer.due) holds one of its cards, so
`dlstudy progress` and `dlstudy review` name the same topics and cards by construction, and the
quiz asks first about what the review would show.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from pydantic import BaseModel

from assistant.progress import utcnow
from assistant.review import DueList, Reviewer
from assistant.srs import as_utc, card_states, topic_recall
from core.errors import UserError


class TopicDue(BaseModel):
    topic_id: str
    due: bool  # today's review holds one of its cards
    due_cards: int  # how many of its cards today's review holds
    due_at: datetime | None  # when its soonest reviewed card falls due; None: none reviewed yet
    recall: float | None  # FSRS chance of recalling its own card now; None: never quizzed or reviewed


class Schedule(BaseModel):
    """The review's due list and what it means per topic, at one moment."""

    now: datetime
    cards: DueList  # what `dlstudy review` shows (for one week, when read for one)
    topics: dict[str, TopicDue]  # the topics with a due or a reviewed card

    def due_topic_ids(self) -> set[str]:
        return {topic_id for topic_id, due in self.topics.items() if due.due}

    def topic(self, topic_id: str) -> TopicDue:
        return self.topics.get(topic_id) or TopicDue(topic_id=topic_id, due=False, due_cards=0, due_at=None,
                                                     recall=None)


def read_schedule(reviewer: Reviewer, now: datetime | None = None, week: int | None = None) -> Schedule:
    """Today's schedule for the whole course, or for one week as `dlstudy review --week` sees it
    (the day's new cards then come from that week)."""
    now = as_utc(now or utcnow())
    cards = reviewer.due(now, week)
    with reviewer.progress.connect() as connection:
        states = card_states(connection, None if week is None else [week])
        recall = topic_recall(connection, now)
    counts = Counter(card.topic_id for card in cards.due)
    soonest: dict[str, datetime] = {}
    for state in states:  # soonest due first
        soonest.setdefault(state.topic_id, state.due_at)
    topics = {topic_id: TopicDue(topic_id=topic_id, due=counts[topic_id] > 0, due_cards=counts[topic_id],
                                 due_at=soonest.get(topic_id), recall=recall.get(topic_id))
              for topic_id in sorted(set(counts) | set(soonest))}
    return Schedule(now=now, cards=cards, topics=topics)


def pick_topics(reviewer: Reviewer, week: int | None, n: int | None = None, topic_id: str | None = None,
                now: datetime | None = None) -> list[str]:
    """Up to `n` distinct topics to quiz next: never-quizzed ones first (those marked studied
    before the rest, then in course order), then those due for review today, least likely to
    be recalled first (FSRS retrievability of the topic's card), then the rest, soonest due
    first. Deterministic for a given state and `now`."""
    course = reviewer.course
    if topic_id is not None:
        topic = course.require_topic(topic_id)
        if week is not None and topic.week != week:
            raise UserError(f"topic {topic_id} is in week {topic.week}, not week {week}; "
                            f"drop the topic or use week {topic.week}")
        return [topic_id]
    topics = course.require_week(week).topics if week is not None else course.topics
    schedule = read_schedule(reviewer, now, week)
    studied = reviewer.progress.studied_topics()
    quizzed = reviewer.progress.quiz_records()

    def priority(position: int) -> tuple:
        topic = topics[position]
        if topic.id not in quizzed:
            return (0, topic.id not in studied, position)
        due = schedule.topic(topic.id)
        return (1, not due.due, due.recall if due.recall is not None else 0.0,
                due.due_at or schedule.now, position)

    order = [topics[position].id for position in sorted(range(len(topics)), key=priority)]
    return order if n is None else order[:max(n, 0)]
