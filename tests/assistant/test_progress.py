"""Progress: studied topics, quiz attempts and the Leitner schedule, in a real SQLite file.

Two real OS processes write at once to show nothing is lost; reports are checked against numbers
worked out by hand from the documented mastery formula.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assistant.progress import ProgressStore, QuizAttempt
from core.course import load_course
from core.errors import UserError
from tests.support.processes import run_in_lockstep

REPO = Path(__file__).resolve().parents[2]
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
COURSE = load_course()


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    return ProgressStore(tmp_path / "progress.sqlite3")


def attempt(topic_id: str, correct: bool, at: datetime = T0, response: str = "x") -> QuizAttempt:
    return QuizAttempt(topic_id=topic_id, week=COURSE.topic(topic_id).week, question_id=f"{topic_id}-q",
                       question_type="cloze", correct=correct, score=float(correct), response=response,
                       answered_at=at)


def test_right_answers_climb_the_boxes_and_a_wrong_one_sends_the_topic_back(store: ProgressStore) -> None:
    boxes, dues = [], []
    for day in range(5):
        store.record_attempt(attempt("w02-t15", True, T0 + timedelta(days=day)))
        state = store.mastery("w02-t15")
        boxes.append(state.box)
        dues.append(state.due_at - state.last_seen)
    assert boxes == [2, 3, 4, 5, 5]
    assert dues == [timedelta(days=d) for d in (1, 3, 7, 14, 14)]

    store.record_attempt(attempt("w02-t15", False, T0 + timedelta(days=9)))
    state = store.mastery("w02-t15")
    assert (state.box, state.attempts, state.correct) == (1, 6, 5)
    assert state.due_at == T0 + timedelta(days=9)  # due again at once


def test_progress_survives_reopening_the_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    first = ProgressStore(path)
    first.mark_studied("w05-t11")
    first.record_attempt(attempt("w05-t11", True))
    again = ProgressStore(path)
    assert again.studied_topics() == {"w05-t11"}
    assert again.mastery("w05-t11").box == 2
    assert again.schema_version == 3


def test_marking_studied_and_undoing_it(store: ProgressStore) -> None:
    store.mark_studied("w01-t03")
    store.mark_studied("w01-t04")
    store.mark_studied("w01-t03")  # twice is still once
    assert store.studied_topics() == {"w01-t03", "w01-t04"}
    store.mark_studied("w01-t03", studied=False)
    assert store.studied_topics() == {"w01-t04"}


@pytest.mark.parametrize("call", [
    lambda s: s.mark_studied("w99-t01"),
    lambda s: s.mastery("w99-t01"),
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

    report = store.report(COURSE, now=T0 + timedelta(hours=1))
    # mastery = 0.6 * (box - 1) / 4 + 0.4 * (right among the last 5) / 5
    w01_t01 = 0.6 * 2 / 4 + 0.4 * 2 / 5  # box 3, two right
    w05_t11 = 0.6 * 1 / 4 + 0.4 * 1 / 5  # box 2, one right
    assert report.overall.model_dump() == {
        "studied": 3, "total": 173, "completion_pct": 1.7, "attempts": 4, "correct": 3,
        "accuracy": 0.75, "mean_mastery": pytest.approx((w01_t01 + w05_t11) / 173, abs=1e-4),
        "due": 1,  # w01-t02 was answered wrongly: due again at once
    }
    week1, week5 = report.weeks[0], report.weeks[4]
    assert (week1.studied, week1.total, week1.completion_pct, week1.attempts, week1.correct) == (2, 10, 20.0, 3, 2)
    assert week1.mean_mastery == pytest.approx(w01_t01 / 10, abs=1e-4)
    assert (week5.studied, week5.total, week5.attempts) == (1, 21, 1)
    assert week5.mean_mastery == pytest.approx(w05_t11 / 21, abs=1e-4)
    assert [w.attempts for w in report.weeks[1:4] + report.weeks[5:]] == [0] * 11

    rows = {row.topic_id: row for row in report.topics}
    assert len(rows) == 173
    assert (rows["w01-t01"].box, rows["w01-t01"].mastery, rows["w01-t01"].due) == (3, pytest.approx(w01_t01), False)
    assert (rows["w01-t02"].box, rows["w01-t02"].mastery, rows["w01-t02"].due) == (1, 0.0, True)
    assert rows["w02-t01"].attempts == 0 and rows["w02-t01"].due_at is None and not rows["w02-t01"].studied

    document = json.loads(report.model_dump_json())  # what `dlstudy progress --json` prints
    assert document["overall"]["studied"] == 3
    assert document["weeks"][0]["completion_pct"] == 20.0
    assert document["topics"][0]["title"] == "Deep Learning"
    assert "3/173" in report.headline()


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
    state = store.mastery("w01-t01")  # every read-modify-write of the Leitner row counted
    assert (state.attempts, state.correct, state.box) == (400, 400, 5)


def test_picking_favours_unseen_then_due_and_weak_topics(store: ProgressStore) -> None:
    store.mark_studied("w03-t05")
    assert store.pick_topics(COURSE, 3, 3) == ["w03-t05", "w03-t01", "w03-t02"]  # studied, not yet quizzed

    store.record_attempt(attempt("w03-t04", False, T0 - timedelta(hours=1)))  # box 1, overdue longest
    store.record_attempt(attempt("w03-t02", False, T0))  # box 1
    store.record_attempt(attempt("w03-t03", True, T0))
    store.record_attempt(attempt("w03-t03", True, T0))  # box 3
    for topic_id in ("w03-t01", "w03-t05", "w03-t06", "w03-t07"):
        store.record_attempt(attempt(topic_id, True, T0))  # box 2, due tomorrow
    # w03-t08 was never quizzed.
    soon = T0 + timedelta(hours=1)
    assert store.pick_topics(COURSE, 3, 4, now=soon) == ["w03-t08", "w03-t04", "w03-t02", "w03-t01"]
    assert store.pick_topics(COURSE, 3, 4, now=soon) == store.pick_topics(COURSE, 3, 4, now=soon)
    later = T0 + timedelta(days=4)  # everything is due: box 1, then box 2, then box 3
    assert store.pick_topics(COURSE, 3, 8, now=later)[1:] == [
        "w03-t04", "w03-t02", "w03-t01", "w03-t05", "w03-t06", "w03-t07", "w03-t03"]


def test_picking_one_topic_checks_it_belongs_to_the_week(store: ProgressStore) -> None:
    assert store.pick_topics(COURSE, 5, 3, topic_id="w05-t11") == ["w05-t11"]
    with pytest.raises(UserError, match="in week 5, not week 4"):
        store.pick_topics(COURSE, 4, 3, topic_id="w05-t11")
    with pytest.raises(UserError, match="unknown topic id"):
        store.pick_topics(COURSE, None, 3, topic_id="w99-t01")
    with pytest.raises(UserError, match="week 14 is outside the course"):
        store.pick_topics(COURSE, 14, 3)


def test_a_file_that_is_not_a_progress_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(b"not a database, just some notes" * 100)
    with pytest.raises(UserError, match="move it aside"):
        ProgressStore(path)
    assert path.read_bytes() == b"not a database, just some notes" * 100
