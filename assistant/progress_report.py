"""The progress report (`dlstudy progress`, the app's sidebar and Progress tab, "how am I doing?"):
topics studied, quiz answers and mastery per topic and week, and what is due for review today.

What is due comes from the FSRS schedule the review keeps (assistant.schedule), so the report's
due topics and cards are the ones `dlstudy review` shows. Mastery comes from the quiz answers.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from assistant.progress import RECENT_ATTEMPTS, QuizRecord, utcnow
from assistant.review import Reviewer
from assistant.schedule import read_schedule
from assistant.srs import as_utc

MAX_BOX = 5


def mastery_score(record: QuizRecord) -> float:
    """0.6 * (box - 1) / 4 + 0.4 * (right answers among the last 5) / 5, where box is 1 + the
    right answers in a row, at most 5: it reaches 1 only after four right answers in a row and
    a clean recent record, and is 0 for a topic never quizzed. The streak says how stable
    recall is, recent accuracy how good it is."""
    accuracy = sum(record.recent[-RECENT_ATTEMPTS:]) / RECENT_ATTEMPTS
    return round(0.6 * (_box(record) - 1) / (MAX_BOX - 1) + 0.4 * accuracy, 4)


def _box(record: QuizRecord) -> int:
    return min(1 + record.streak, MAX_BOX)


class TopicProgress(BaseModel):
    topic_id: str
    week: int
    title: str
    studied: bool
    studied_at: datetime | None
    box: int  # 1 + right quiz answers in a row, at most 5 (the Leitner box it stood for)
    attempts: int
    correct: int
    last_seen: datetime | None  # the latest quiz answer; None: never quizzed
    mastery: float  # see mastery_score
    due: bool  # today's review holds one of its cards
    due_cards: int  # how many of its cards today's review holds
    due_at: datetime | None  # when its soonest reviewed card falls due (FSRS); None: none reviewed


class WeekProgress(BaseModel):
    week: int
    title: str
    studied: int
    total: int
    completion_pct: float  # studied / total * 100
    mean_mastery: float
    attempts: int
    correct: int


class OverallProgress(BaseModel):
    studied: int
    total: int
    completion_pct: float
    mean_mastery: float
    attempts: int
    correct: int
    accuracy: float | None  # correct / attempts; None before the first attempt
    due: int  # topics with a card due today
    due_cards: int  # cards due today: `dlstudy review`'s due_count


class ProgressReport(BaseModel):
    """`dlstudy progress --json`."""

    generated_at: datetime
    overall: OverallProgress
    weeks: list[WeekProgress]
    topics: list[TopicProgress]

    def headline(self) -> str:
        o = self.overall
        accuracy = f" ({o.accuracy:.0%} right)" if o.accuracy is not None else ""
        due = ("1 topic is" if o.due == 1 else f"{o.due} topics are") + " due for review"
        if o.due_cards:
            due += f" ({o.due_cards} card{'s' if o.due_cards != 1 else ''})"
        return (f"You have studied {o.studied}/{o.total} topics ({o.completion_pct:.1f}%), "
                f"mean mastery {o.mean_mastery:.2f}, {o.attempts} quiz answers{accuracy}; {due}.")

    def due_topics(self, week: int | None = None) -> list[TopicProgress]:
        return [topic for topic in self.topics if topic.due and week in (None, topic.week)]


def progress_report(reviewer: Reviewer, now: datetime | None = None) -> ProgressReport:
    """The whole course's progress, with today's review schedule."""
    now = as_utc(now or utcnow())
    schedule = read_schedule(reviewer, now)
    course, store = reviewer.course, reviewer.progress
    studied = store.studied_times()
    records = store.quiz_records()
    rows: list[TopicProgress] = []
    weeks: list[WeekProgress] = []
    for week in course.weeks:
        week_rows = []
        for topic in week.topics:
            record = records.get(topic.id) or QuizRecord(topic_id=topic.id)
            due = schedule.topic(topic.id)
            week_rows.append(TopicProgress(
                topic_id=topic.id, week=week.week, title=topic.title, studied=topic.id in studied,
                studied_at=studied.get(topic.id), box=_box(record), attempts=record.attempts,
                correct=record.correct, last_seen=record.last_seen, mastery=mastery_score(record),
                due=due.due, due_cards=due.due_cards, due_at=due.due_at))
        weeks.append(_summarise_week(week.week, week.title, week_rows))
        rows.extend(week_rows)
    attempts = sum(r.attempts for r in rows)
    correct = sum(r.correct for r in rows)
    n_studied = sum(r.studied for r in rows)
    overall = OverallProgress(
        studied=n_studied, total=len(rows), completion_pct=_pct(n_studied, len(rows)),
        mean_mastery=_mean([r.mastery for r in rows]), attempts=attempts, correct=correct,
        accuracy=round(correct / attempts, 4) if attempts else None, due=sum(r.due for r in rows),
        due_cards=schedule.cards.due_count)
    return ProgressReport(generated_at=now, overall=overall, weeks=weeks, topics=rows)


def _summarise_week(number: int, title: str, rows: list[TopicProgress]) -> WeekProgress:
    studied = sum(r.studied for r in rows)
    return WeekProgress(week=number, title=title, studied=studied, total=len(rows),
                        completion_pct=_pct(studied, len(rows)), mean_mastery=_mean([r.mastery for r in rows]),
                        attempts=sum(r.attempts for r in rows), correct=sum(r.correct for r in rows))


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0
