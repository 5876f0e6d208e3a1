"""Persistent study progress: studied topics, quiz attempts and a Leitner review schedule.

One SQLite file in WAL mode. Every write is one short `BEGIN IMMEDIATE` transaction on its own
connection, with a busy timeout, so the CLI, the UI and a second terminal can write at once
without losing a row, and an interrupted write leaves the previous state intact.

Spaced repetition is per topic (Leitner): a right answer moves the topic up one box (max 5), a
wrong one back to box 1; the topic is due again after the box's interval (0/1/3/7/14 days).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from assistant.card_cache import TABLE as CARD_CACHE_TABLE
from assistant.srs import TABLES as REVIEW_TABLES
from assistant.srs import Review, apply_review, quiz_rating, replay_attempts, topic_card_id
from assistant.srs import as_utc as _aware
from assistant.srs import stamp as _stamp
from core.course import Course, Topic, load_course
from core.errors import UserError

BOX_INTERVALS_DAYS = {1: 0, 2: 1, 3: 3, 4: 7, 5: 14}
MAX_BOX = max(BOX_INTERVALS_DAYS)
RECENT_ATTEMPTS = 5  # how many of a topic's latest attempts count towards its accuracy
BUSY_TIMEOUT_MS = 30_000
OPEN_ATTEMPTS = 20

QuestionType = Literal["mcq", "cloze", "open"]

# Each entry moves the schema one version up; append, never edit, so old files migrate in order.
# A step is SQL, or a function of the connection for data that must be rewritten (version 2
# replays every quiz attempt into the FSRS review log, see assistant.srs).
_MIGRATIONS: tuple[tuple[str | Callable[[sqlite3.Connection], None], ...], ...] = (
    ("""CREATE TABLE studied (
        topic_id   TEXT PRIMARY KEY,
        studied_at TEXT NOT NULL
    )""",
     """CREATE TABLE attempts (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        topic_id      TEXT NOT NULL,
        week          INTEGER NOT NULL,
        question_id   TEXT NOT NULL,
        question_type TEXT NOT NULL,
        correct       INTEGER NOT NULL,
        score         REAL NOT NULL,
        response      TEXT NOT NULL,
        answered_at   TEXT NOT NULL
    )""",
     "CREATE INDEX attempts_by_topic ON attempts (topic_id, id)",
     """CREATE TABLE leitner (
        topic_id  TEXT PRIMARY KEY,
        box       INTEGER NOT NULL CHECK (box BETWEEN 1 AND 5),
        due_at    TEXT NOT NULL,
        attempts  INTEGER NOT NULL,
        correct   INTEGER NOT NULL,
        last_seen TEXT NOT NULL
    )"""),
    ("ALTER TABLE attempts ADD COLUMN duration_s REAL", *REVIEW_TABLES, replay_attempts),
    (CARD_CACHE_TABLE,),
)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


class QuizAttempt(BaseModel):
    topic_id: str
    week: int
    question_id: str
    question_type: QuestionType
    correct: bool
    score: float = Field(ge=0.0, le=1.0)
    response: str
    answered_at: datetime = Field(default_factory=utcnow)
    duration_s: float | None = Field(default=None, ge=0)  # time taken to answer, if measured


class TopicMastery(BaseModel):
    """Where a topic stands. `mastery` = 0.6 * (box - 1) / 4 + 0.4 * (right answers among the
    last 5 attempts) / 5: it reaches 1 only after four right answers in a row and a clean recent
    record, and is 0 for a topic never quizzed."""

    topic_id: str
    box: int  # Leitner box 1..5; an unseen topic sits in box 1
    attempts: int
    correct: int
    last_seen: datetime | None
    due_at: datetime | None  # None: never quizzed
    mastery: float


class TopicProgress(TopicMastery):
    week: int
    title: str
    studied: bool
    studied_at: datetime | None
    due: bool  # quizzed before and due for review now


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
    due: int


class ProgressReport(BaseModel):
    """`dlstudy progress --json`."""

    generated_at: datetime
    overall: OverallProgress
    weeks: list[WeekProgress]
    topics: list[TopicProgress]

    def headline(self) -> str:
        o = self.overall
        accuracy = f" ({o.accuracy:.0%} right)" if o.accuracy is not None else ""
        return (f"You have studied {o.studied}/{o.total} topics ({o.completion_pct:.1f}%), "
                f"mean mastery {o.mean_mastery:.2f}, {o.attempts} quiz answers{accuracy}; "
                + ("1 topic is" if o.due == 1 else f"{o.due} topics are") + " due for review.")


def mastery_score(box: int, recent: list[bool]) -> float:
    """See TopicMastery: the box says how stable recall is, recent accuracy how good it is."""
    accuracy = sum(recent[-RECENT_ATTEMPTS:]) / RECENT_ATTEMPTS
    return round(0.6 * (box - 1) / (MAX_BOX - 1) + 0.4 * accuracy, 4)


def next_box(box: int, correct: bool) -> int:
    return min(box + 1, MAX_BOX) if correct else 1


class ProgressStore:
    """The progress database at `path`; `course` validates topic ids (default: the bundled one)."""

    def __init__(self, path: Path, course: Course | None = None) -> None:
        self.path = Path(path)
        self.course = course or load_course()
        self._topics = {topic.id: topic for topic in self.course.topics}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(OPEN_ATTEMPTS):
            try:
                self._migrate()
                break
            except sqlite3.OperationalError as error:
                # Switching to WAL can report "locked" at once, without waiting, while another
                # process opens the same new file; that process finishes quickly, so retry.
                if "locked" not in str(error) or attempt == OPEN_ATTEMPTS - 1:
                    raise UserError(f"cannot open the progress database {self.path} ({error}); "
                                    "close other dlstudy windows or move the file aside") from None
                time.sleep(0.05 * (attempt + 1))
            except sqlite3.DatabaseError as error:
                raise UserError(f"cannot open the progress database {self.path} ({error}); "
                                "move it aside to start afresh") from None

    # -- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection for reading (also used by assistant.review for its tables in this file)."""
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            yield connection
        finally:
            connection.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One short transaction that takes the write lock up front (no deadlocking upgrades)."""
        with self.connect() as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def _migrate(self) -> None:
        with self.connect() as connection:
            if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                connection.execute("PRAGMA journal_mode = WAL")  # persists in the file
        with self.transaction() as connection:
            connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = connection.execute("SELECT max(version) FROM schema_version").fetchone()
            current = row[0] or 0
            if current > len(_MIGRATIONS):
                raise UserError(f"the progress database {self.path} is from a newer dlstudy "
                                f"(schema {current}); upgrade dlstudy to read it")
            for version in range(current + 1, len(_MIGRATIONS) + 1):
                for step in _MIGRATIONS[version - 1]:
                    if callable(step):
                        step(connection)
                    else:
                        connection.execute(step)
                connection.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))

    @property
    def schema_version(self) -> int:
        with self.connect() as connection:
            return connection.execute("SELECT max(version) FROM schema_version").fetchone()[0]

    def _topic(self, topic_id: str) -> Topic:
        try:
            return self._topics[topic_id]
        except KeyError:
            raise UserError(f"unknown topic id {topic_id!r}; see `dlstudy syllabus`") from None

    # -- studied topics ---------------------------------------------------------------------

    def mark_studied(self, topic_id: str, studied: bool = True, at: datetime | None = None) -> None:
        """Mark a topic studied (keeping the first time), or undo that."""
        self._topic(topic_id)
        with self.transaction() as connection:
            if studied:
                connection.execute("INSERT OR IGNORE INTO studied (topic_id, studied_at) VALUES (?, ?)",
                                   (topic_id, _stamp(at or utcnow())))
            else:
                connection.execute("DELETE FROM studied WHERE topic_id = ?", (topic_id,))

    def studied_topics(self) -> set[str]:
        return set(self._studied_times())

    def _studied_times(self) -> dict[str, datetime]:
        with self.connect() as connection:
            rows = connection.execute("SELECT topic_id, studied_at FROM studied").fetchall()
        return {topic_id: datetime.fromisoformat(at) for topic_id, at in rows}

    # -- quiz attempts ----------------------------------------------------------------------

    def record_attempt(self, attempt: QuizAttempt) -> None:
        """Store the attempt, move the topic's Leitner box and log it as an FSRS review of the
        topic's card, atomically."""
        topic = self._topic(attempt.topic_id)
        if attempt.week != topic.week:
            raise UserError(f"topic {topic.id} is in week {topic.week}, not week {attempt.week}")
        at = _stamp(attempt.answered_at)
        with self.transaction() as connection:
            attempt_id = connection.execute(
                "INSERT INTO attempts (topic_id, week, question_id, question_type, correct, score,"
                " response, answered_at, duration_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (attempt.topic_id, attempt.week, attempt.question_id, attempt.question_type,
                 int(attempt.correct), attempt.score, attempt.response, at, attempt.duration_s)).lastrowid
            apply_review(connection, Review(
                card_id=topic_card_id(topic.id), topic_id=topic.id, week=topic.week, source="quiz",
                rating=quiz_rating(attempt.correct, attempt.score, attempt.duration_s),
                attempt_id=attempt_id, duration_s=attempt.duration_s, reviewed_at=attempt.answered_at))
            row = connection.execute("SELECT box FROM leitner WHERE topic_id = ?", (topic.id,)).fetchone()
            box = next_box(row[0] if row else 1, attempt.correct)
            due = _stamp(attempt.answered_at + timedelta(days=BOX_INTERVALS_DAYS[box]))
            connection.execute(
                "INSERT INTO leitner (topic_id, box, due_at, attempts, correct, last_seen)"
                " VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (topic_id) DO UPDATE SET box = excluded.box,"
                " due_at = excluded.due_at, attempts = attempts + 1,"
                " correct = correct + excluded.correct, last_seen = excluded.last_seen",
                (topic.id, box, due, int(attempt.correct), at))

    def history(self, limit: int | None = None) -> list[QuizAttempt]:
        """Attempts oldest first; with `limit`, only the latest `limit` of them."""
        query = ("SELECT topic_id, week, question_id, question_type, correct, score, response, answered_at"
                 " FROM attempts ORDER BY id DESC")
        params: tuple[int, ...] = ()
        if limit is not None:
            query += " LIMIT ?"
            params = (max(limit, 0),)
        with self.connect() as connection:
            rows = connection.execute(query, params).fetchall()
        return [QuizAttempt(topic_id=r[0], week=r[1], question_id=r[2], question_type=r[3],
                            correct=bool(r[4]), score=r[5], response=r[6],
                            answered_at=datetime.fromisoformat(r[7])) for r in reversed(rows)]

    # -- mastery ----------------------------------------------------------------------------

    def mastery(self, topic_id: str) -> TopicMastery:
        self._topic(topic_id)
        return self._masteries([topic_id])[topic_id]

    def _masteries(self, topic_ids: list[str]) -> dict[str, TopicMastery]:
        with self.connect() as connection:
            states = {r[0]: r for r in connection.execute(
                "SELECT topic_id, box, due_at, attempts, correct, last_seen FROM leitner")}
            recent: dict[str, list[bool]] = {}
            for topic_id, correct in connection.execute(
                    "SELECT topic_id, correct FROM (SELECT topic_id, correct, id, row_number() OVER"
                    " (PARTITION BY topic_id ORDER BY id DESC) AS n FROM attempts) WHERE n <= ?"
                    " ORDER BY id", (RECENT_ATTEMPTS,)):
                recent.setdefault(topic_id, []).append(bool(correct))
        result = {}
        for topic_id in topic_ids:
            state = states.get(topic_id)
            if state is None:
                result[topic_id] = TopicMastery(topic_id=topic_id, box=1, attempts=0, correct=0,
                                                last_seen=None, due_at=None, mastery=0.0)
                continue
            _, box, due_at, attempts, correct, last_seen = state
            result[topic_id] = TopicMastery(
                topic_id=topic_id, box=box, attempts=attempts, correct=correct,
                last_seen=_parse(last_seen), due_at=_parse(due_at),
                mastery=mastery_score(box, recent.get(topic_id, [])))
        return result

    # -- reports and review -----------------------------------------------------------------

    def report(self, course: Course | None = None, now: datetime | None = None) -> ProgressReport:
        course = course or self.course
        now = _aware(now or utcnow())
        studied = self._studied_times()
        masteries = self._masteries([topic.id for topic in course.topics])
        rows: list[TopicProgress] = []
        weeks: list[WeekProgress] = []
        for week in course.weeks:
            week_rows = []
            for topic in week.topics:
                m = masteries[topic.id]
                week_rows.append(TopicProgress(
                    **m.model_dump(), week=week.week, title=topic.title, studied=topic.id in studied,
                    studied_at=studied.get(topic.id), due=m.due_at is not None and m.due_at <= now))
            weeks.append(_summarise_week(week.week, week.title, week_rows))
            rows.extend(week_rows)
        attempts = sum(r.attempts for r in rows)
        correct = sum(r.correct for r in rows)
        n_studied = sum(r.studied for r in rows)
        overall = OverallProgress(
            studied=n_studied, total=len(rows), completion_pct=_pct(n_studied, len(rows)),
            mean_mastery=_mean([r.mastery for r in rows]), attempts=attempts, correct=correct,
            accuracy=round(correct / attempts, 4) if attempts else None, due=sum(r.due for r in rows))
        return ProgressReport(generated_at=now, overall=overall, weeks=weeks, topics=rows)

    def pick_topics(self, course: Course | None, week: int | None, n: int, topic_id: str | None = None,
                    now: datetime | None = None) -> list[str]:
        """Up to `n` distinct topics to quiz next: never-quizzed ones first (those marked studied
        before the rest, then in course order), then those due for review, weakest box and
        longest overdue first. Deterministic for a given state and `now`."""
        course = course or self.course
        if topic_id is not None:
            topic = course.require_topic(topic_id)
            if week is not None and topic.week != week:
                raise UserError(f"topic {topic_id} is in week {topic.week}, not week {week}; "
                                f"drop the topic or use week {topic.week}")
            return [topic_id]
        topics = course.require_week(week).topics if week is not None else course.topics
        now = _aware(now or utcnow())
        studied = self.studied_topics()
        masteries = self._masteries([topic.id for topic in topics])

        def priority(position: int) -> tuple:
            topic = topics[position]
            m = masteries[topic.id]
            if m.attempts == 0:
                return (0, topic.id not in studied, position)
            assert m.due_at is not None
            return (1, m.due_at > now, m.box, m.due_at, m.mastery, position)

        order = sorted(range(len(topics)), key=priority)
        return [topics[position].id for position in order[:max(n, 0)]]


def _summarise_week(number: int, title: str, rows: list[TopicProgress]) -> WeekProgress:
    studied = sum(r.studied for r in rows)
    return WeekProgress(week=number, title=title, studied=studied, total=len(rows),
                        completion_pct=_pct(studied, len(rows)), mean_mastery=_mean([r.mastery for r in rows]),
                        attempts=sum(r.attempts for r in rows), correct=sum(r.correct for r in rows))


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0
