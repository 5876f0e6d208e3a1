"""Persistent study progress: topics marked studied and quiz attempts, in one SQLite file.

Every write is one short `BEGIN IMMEDIATE` transaction on its own connection, with a busy
timeout, in WAL mode, so the CLI, the UI and a second terminal can write at once without losing
a row, and an interrupted write leaves the previous state intact.

This is storage only. The same file holds the FSRS review schedule (assistant.srs, written with
each quiz answer and flashcard rating), which is the one schedule every reader uses: what is due
(assistant.review), what to quiz next (assistant.schedule) and the progress report
(assistant.progress_report).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from assistant.card_cache import TABLE as CARD_CACHE_TABLE
from assistant.srs import TABLES as REVIEW_TABLES
from assistant.srs import Review, apply_review, quiz_rating, replay_attempts, topic_card_id
from assistant.srs import stamp as _stamp
from core.course import Course, Topic, load_course
from core.errors import UserError

RECENT_ATTEMPTS = 5  # how many of a topic's latest attempts count towards its accuracy
BUSY_TIMEOUT_MS = 30_000
OPEN_ATTEMPTS = 20

QuestionType = Literal["mcq", "cloze", "open"]

# Each entry moves the schema one version up; append, never edit, so old files migrate in order.
# A step is SQL, or a function of the connection for data that must be rewritten (version 2
# replays every quiz attempt into the FSRS review log, see assistant.srs). Version 4 drops the
# Leitner table of version 1: FSRS replaced it as the schedule, and everything else it held
# (attempts, right answers, last seen, the box) is worked out from the attempts, which stay.
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
    ("DROP TABLE leitner",),
)


def utcnow() -> datetime:
    return datetime.now(UTC)


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


class QuizRecord(BaseModel):
    """A topic's quiz answers summed up: what its mastery is worked out from."""

    topic_id: str
    attempts: int = 0
    correct: int = 0
    streak: int = 0  # right answers since the last wrong one
    recent: list[bool] = Field(default_factory=list)  # the latest RECENT_ATTEMPTS, oldest first
    last_seen: datetime | None = None  # None: never quizzed


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
        return set(self.studied_times())

    def studied_times(self) -> dict[str, datetime]:
        with self.connect() as connection:
            rows = connection.execute("SELECT topic_id, studied_at FROM studied").fetchall()
        return {topic_id: datetime.fromisoformat(at) for topic_id, at in rows}

    # -- quiz attempts ----------------------------------------------------------------------

    def record_attempt(self, attempt: QuizAttempt) -> None:
        """Store the attempt and log it as an FSRS review of the topic's card, atomically."""
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

    def quiz_records(self) -> dict[str, QuizRecord]:
        """Every quizzed topic's record, in one pass over the attempts."""
        with self.connect() as connection:
            rows = connection.execute("SELECT topic_id, correct, answered_at FROM attempts ORDER BY id").fetchall()
        records: dict[str, QuizRecord] = {}
        for topic_id, correct, answered_at in rows:
            record = records.setdefault(topic_id, QuizRecord(topic_id=topic_id))
            record.attempts += 1
            record.correct += correct
            record.streak = record.streak + 1 if correct else 0
            record.recent = [*record.recent, bool(correct)][-RECENT_ATTEMPTS:]
            record.last_seen = datetime.fromisoformat(answered_at)
        return records
