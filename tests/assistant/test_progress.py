"""Progress: studied topics, quiz attempts, and the report and quiz order that read the FSRS
review schedule, in a real SQLite file.

Two real OS processes write at once to show nothing is lost; reports are checked against numbers
worked out by hand from the documented mastery formula, and against what the review shows; a
database made by the Leitner-era code (tests/assistant/data/make_progress_v3.py) migrates.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assistant.progress import ProgressStore, QuizAttempt
from assistant.progress_report import ProgressReport, TopicProgress, progress_report
from assistant.review import Reviewer
from assistant.schedule import pick_topics
from assistant.service import Assistant
from assistant.srs import stamp
from core.course import load_course
from core.errors import UserError
from core.settings import Settings
from tests.support.databases import rows
from tests.support.processes import run_in_lockstep

REPO = Path(__file__).resolve().parents[2]
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
COURSE = load_course()
OLD_DATABASE = Path(__file__).parent / "data" / "progress-v3.sqlite3"


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    return ProgressStore(tmp_path / "progress.sqlite3")


def attempt(topic_id: str, correct: bool, at: datetime = T0, response: str = "x") -> QuizAttempt:
    return QuizAttempt(topic_id=topic_id, week=COURSE.topic(topic_id).week, question_id=f"{topic_id}-q",
                       question_type="cloze", correct=correct, score=float(correct), response=response,
                       answered_at=at)


def report(store: ProgressStore, now: datetime) -> ProgressReport:
    return progress_report(Reviewer(store, COURSE), now=now)


def topic_row(report: ProgressReport, topic_id: str) -> TopicProgress:
    return next(t for t in report.topics if t.topic_id == topic_id)


def due_in_review(store: ProgressStore, now: datetime, week: int | None = None) -> tuple[set[str], int]:
    """The topics and the number of cards `dlstudy review` shows at `now`."""
    cards = Reviewer(store, COURSE).due(now=now, week=week)
    return {card.topic_id for card in cards.due}, cards.due_count


def test_right_answers_in_a_row_raise_the_box_and_a_wrong_one_resets_it(store: ProgressStore) -> None:
    boxes = []
    for day in range(5):
        store.record_attempt(attempt("w02-t15", True, T0 + timedelta(days=day)))
        boxes.append(topic_row(report(store, T0 + timedelta(days=day)), "w02-t15").box)
    assert boxes == [2, 3, 4, 5, 5]

    wrong = T0 + timedelta(days=30)
    store.record_attempt(attempt("w02-t15", False, wrong))
    row = topic_row(report(store, wrong + timedelta(hours=1)), "w02-t15")
    assert (row.box, row.attempts, row.correct, row.last_seen) == (1, 6, 5, wrong)
    # The schedule is FSRS's: forgotten, the topic is relearned within minutes, and due again.
    assert row.due_at is not None and wrong < row.due_at < wrong + timedelta(hours=1) and row.due


def test_progress_survives_reopening_the_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    first = ProgressStore(path)
    first.mark_studied("w05-t11")
    first.record_attempt(attempt("w05-t11", True))
    again = ProgressStore(path)
    assert again.studied_topics() == {"w05-t11"}
    record = again.quiz_records()["w05-t11"]
    assert (record.attempts, record.streak, record.recent) == (1, 1, [True])


def test_marking_studied_and_undoing_it(store: ProgressStore) -> None:
    store.mark_studied("w01-t03")
    store.mark_studied("w01-t04")
    store.mark_studied("w01-t03")  # twice is still once
    assert store.studied_topics() == {"w01-t03", "w01-t04"}
    store.mark_studied("w01-t03", studied=False)
    assert store.studied_topics() == {"w01-t04"}


@pytest.mark.parametrize("call", [
    lambda s: s.mark_studied("w99-t01"),
    lambda s: s.record_attempt(attempt("w01-t01", True).model_copy(update={"topic_id": "w99-t01"})),
])
def test_unknown_topic_ids_are_refused_with_a_pointer_to_the_syllabus(store: ProgressStore, call) -> None:
    with pytest.raises(UserError, match=r"unknown topic id 'w99-t01'; see `dlstudy syllabus`"):
        call(store)
    assert store.history() == [] and store.studied_topics() == set()


def test_an_attempt_filed_under_the_wrong_week_is_refused(store: ProgressStore) -> None:
    with pytest.raises(UserError, match="in week 5, not week 4"):
        store.record_attempt(attempt("w05-t11", True).model_copy(update={"week": 4}))
    assert store.history() == []


def test_report_numbers_for_a_scripted_history(store: ProgressStore) -> None:
    for topic_id in ("w01-t01", "w01-t02", "w05-t11"):
        store.mark_studied(topic_id, at=T0)
    store.record_attempt(attempt("w01-t01", True, T0))
    store.record_attempt(attempt("w01-t01", True, T0 + timedelta(minutes=1)))
    store.record_attempt(attempt("w01-t02", False, T0 + timedelta(minutes=2)))
    store.record_attempt(attempt("w05-t11", True, T0 + timedelta(minutes=3)))

    now = T0 + timedelta(hours=1)
    report = progress_report(Reviewer(store, COURSE), now=now)
    # mastery = 0.6 * (box - 1) / 4 + 0.4 * (right among the last 5) / 5
    w01_t01 = 0.6 * 2 / 4 + 0.4 * 2 / 5  # box 3, two right
    w05_t11 = 0.6 * 1 / 4 + 0.4 * 1 / 5  # box 2, one right
    assert report.overall.model_dump() == {
        "studied": 3, "total": 173, "completion_pct": 1.7, "attempts": 4, "correct": 3,
        "accuracy": 0.75, "mean_mastery": pytest.approx((w01_t01 + w05_t11) / 173, abs=1e-4),
        # FSRS: w01-t02 was answered wrongly (relearn in a minute), w05-t11 rightly once (see it
        # again in ten minutes); w01-t01's second right answer moved it days ahead.
        "due": 2, "due_cards": 2,
    }
    assert (({t.topic_id for t in report.due_topics()}, report.overall.due_cards)
            == due_in_review(store, now) == ({"w01-t02", "w05-t11"}, 2))
    week1, week5 = report.weeks[0], report.weeks[4]
    assert (week1.studied, week1.total, week1.completion_pct, week1.attempts, week1.correct) == (2, 10, 20.0, 3, 2)
    assert week1.mean_mastery == pytest.approx(w01_t01 / 10, abs=1e-4)
    assert (week5.studied, week5.total, week5.attempts) == (1, 21, 1)
    assert week5.mean_mastery == pytest.approx(w05_t11 / 21, abs=1e-4)
    assert [w.attempts for w in report.weeks[1:4] + report.weeks[5:]] == [0] * 11

    rows = {row.topic_id: row for row in report.topics}
    assert len(rows) == 173
    assert (rows["w01-t01"].box, rows["w01-t01"].mastery, rows["w01-t01"].due) == (3, pytest.approx(w01_t01), False)
    assert rows["w01-t01"].due_at is not None and rows["w01-t01"].due_at > now + timedelta(days=1)
    assert (rows["w01-t02"].box, rows["w01-t02"].mastery, rows["w01-t02"].due) == (1, 0.0, True)
    assert rows["w02-t01"].attempts == 0 and rows["w02-t01"].due_at is None and not rows["w02-t01"].studied

    document = json.loads(report.model_dump_json())  # what `dlstudy progress --json` prints
    assert document["overall"]["studied"] == 3
    assert document["weeks"][0]["completion_pct"] == 20.0
    assert document["topics"][0]["title"] == "Deep Learning"
    assert document["overall"]["due_cards"] == 2 and document["topics"][1]["due_cards"] == 1
    assert "3/173" in report.headline() and report.headline().endswith("2 topics are due for review (2 cards).")


def test_history_is_chronological_and_limit_keeps_the_latest(store: ProgressStore) -> None:
    for minute, topic_id in enumerate(["w01-t01", "w02-t02", "w03-t03"]):
        store.record_attempt(attempt(topic_id, minute % 2 == 0, T0 + timedelta(minutes=minute)))
    assert [a.topic_id for a in store.history()] == ["w01-t01", "w02-t02", "w03-t03"]
    assert [a.topic_id for a in store.history(limit=2)] == ["w02-t02", "w03-t03"]
    assert store.history()[1].correct is False
    assert store.history()[0].answered_at == T0


WRITER = """
import sys, time
from pathlib import Path
from assistant.progress import ProgressStore, QuizAttempt

db, tag, folder = sys.argv[1], sys.argv[2], Path(sys.argv[3])
store = ProgressStore(Path(db))
(folder / f"ready-{tag}").touch()
while not (folder / "go").exists():
    time.sleep(0.01)
for i in range(200):
    store.record_attempt(QuizAttempt(topic_id="w01-t01", week=1, question_id=f"{tag}-{i}",
                                     question_type="mcq", correct=True, score=1.0, response=tag))
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    run_in_lockstep(WRITER, db, tmp_path, REPO)

    store = ProgressStore(db)
    history = store.history()
    assert len(history) == 400
    assert [a.response for a in history].count("a") == 200
    assert len({a.question_id for a in history}) == 400
    record = store.quiz_records()["w01-t01"]
    assert (record.attempts, record.correct, record.streak) == (400, 400, 400)


def test_the_quiz_picks_unseen_topics_then_those_due_least_likely_recalled(store: ProgressStore) -> None:
    reviewer = Reviewer(store, COURSE)
    store.mark_studied("w03-t05")
    assert pick_topics(reviewer, 3, 3) == ["w03-t05", "w03-t01", "w03-t02"]  # studied, not yet quizzed

    store.record_attempt(attempt("w03-t04", False, T0 - timedelta(days=2)))  # forgotten two days ago
    store.record_attempt(attempt("w03-t02", False, T0))  # forgotten just now
    store.record_attempt(attempt("w03-t03", True, T0))  # right once: seen again in ten minutes
    for topic_id in ("w03-t01", "w03-t05", "w03-t06", "w03-t07"):
        store.record_attempt(attempt(topic_id, True, T0))
        store.record_attempt(attempt(topic_id, True, T0 + timedelta(minutes=10)))  # right twice: days ahead
    # w03-t08 was never quizzed.
    soon = T0 + timedelta(hours=1)
    assert pick_topics(reviewer, 3, 4, now=soon) == ["w03-t08", "w03-t04", "w03-t02", "w03-t03"]
    assert pick_topics(reviewer, 3, 4, now=soon) == pick_topics(reviewer, 3, 4, now=soon)
    assert set(pick_topics(reviewer, 3, 4, now=soon)[1:]) == due_in_review(store, soon, week=3)[0]

    # A flashcard rated Again in the review makes its topic due for the quiz as well (ties in
    # recall, which FSRS counts in whole days, go to the longest overdue).
    reviewer.rate("w03-t06/topic", 1, at=soon)
    later = soon + timedelta(minutes=15)
    assert pick_topics(reviewer, 3, 5, now=later)[1:] == ["w03-t04", "w03-t02", "w03-t03", "w03-t06"]


def test_picking_one_topic_checks_it_belongs_to_the_week(store: ProgressStore) -> None:
    reviewer = Reviewer(store, COURSE)
    assert pick_topics(reviewer, 5, 3, topic_id="w05-t11") == ["w05-t11"]
    with pytest.raises(UserError, match="in week 5, not week 4"):
        pick_topics(reviewer, 4, 3, topic_id="w05-t11")
    with pytest.raises(UserError, match="unknown topic id"):
        pick_topics(reviewer, None, 3, topic_id="w99-t01")
    with pytest.raises(UserError, match="week 14 is outside the course"):
        pick_topics(reviewer, 14, 3)


def test_a_topic_reviewed_easy_is_not_due_tomorrow_in_progress_or_review(store: ProgressStore) -> None:
    store.record_attempt(attempt("w04-t01", False, T0))
    store.record_attempt(attempt("w04-t02", False, T0))
    later = T0 + timedelta(days=2)
    assert due_in_review(store, later) == ({"w04-t01", "w04-t02"}, 2)
    Reviewer(store, COURSE).rate("w04-t01/topic", 4, at=later)  # Easy
    Reviewer(store, COURSE).rate("w04-t02/topic", 1, at=later)  # Again
    tomorrow = later + timedelta(days=1)
    progress = report(store, tomorrow)
    assert {t.topic_id for t in progress.due_topics()} == due_in_review(store, tomorrow)[0] == {"w04-t02"}
    assert progress.overall.due == progress.overall.due_cards == 1
    assert not topic_row(progress, "w04-t01").due and topic_row(progress, "w04-t01").due_at > tomorrow


def test_a_database_made_with_leitner_boxes_migrates_without_losing_anything(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    shutil.copy(OLD_DATABASE, path)
    kept = {table: f"SELECT * FROM {table} ORDER BY 1"
            for table in ("attempts", "studied", "review_log", "card_state", "card_cache")}
    before = {table: rows(path, query) for table, query in kept.items()}
    leitner = rows(path, "SELECT topic_id, box, attempts, correct, last_seen FROM leitner ORDER BY topic_id")
    assert rows(path, "SELECT max(version) FROM schema_version") == [(3,)]
    assert (len(before["attempts"]), len(before["review_log"]), len(leitner)) == (11, 13, 5)

    store = ProgressStore(path)

    assert rows(path, "SELECT max(version) FROM schema_version") == [(4,)]
    assert {table: rows(path, query) for table, query in kept.items()} == before
    assert rows(path, "SELECT name FROM sqlite_master WHERE name = 'leitner'") == []
    # What the Leitner table held is worked out from the attempts, to the same figures.
    now = datetime.fromisoformat(max(r[-1] for r in before["review_log"]))
    progress = report(store, now)
    assert [(t.topic_id, t.box, t.attempts, t.correct, stamp(t.last_seen))
            for t in sorted(progress.topics, key=lambda t: t.topic_id) if t.attempts] == leitner
    # What is due is the FSRS state the old code kept, as the review reads it.
    assert ({t.topic_id for t in progress.due_topics()}, progress.overall.due_cards) == due_in_review(store, now)
    assert topic_row(progress, "w05-t11").due_at == datetime.fromisoformat(
        rows(path, "SELECT due_at FROM card_state WHERE card_id = 'w05-t11/topic'")[0][0])

    ProgressStore(path)  # opening it again migrates nothing twice
    assert rows(path, "SELECT version FROM schema_version") == [(1,), (2,), (3,), (4,)]


def test_a_file_that_is_not_a_progress_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(b"not a database, just some notes" * 100)
    with pytest.raises(UserError, match="move it aside"):
        ProgressStore(path)
    assert path.read_bytes() == b"not a database, just some notes" * 100


def test_grades_in_another_subject_are_not_this_courses_progress(data_dir) -> None:
    assistant = Assistant(Settings(data_dir=data_dir), provider="extractive")
    refused = assistant.ask("how are my art history grades looking lately?")
    assert refused.intent == "out_of_scope" and "does not cover" in refused.answer
    # A week glued to its number, or the course's own quizzes, are this course's.
    assert assistant.ask("my wk3 scores?").intent == "progress"
    assert assistant.ask("how are my quiz grades looking lately?").intent == "progress"
