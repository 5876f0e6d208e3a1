"""Topics by name, progress per week and per topic with what is due (the same topics and cards
as `dlstudy review`), quizzes stopped early, and chat conversations that last until /new."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assistant.progress import ProgressStore, QuizAttempt
from assistant.review import Reviewer
from core.course import load_course
from tests.dlstudy.conftest import WIDTHS, RunCli, one_line_error

COURSE = load_course()


def progress_json(run_cli: RunCli, data_dir: Path) -> dict:
    return json.loads(run_cli("progress", "--json", "--data-dir", str(data_dir)).stdout)


def review_json(run_cli: RunCli, data_dir: Path, *args: str) -> dict:
    return json.loads(run_cli("review", "--json", "--data-dir", str(data_dir), *args).stdout)


def answered(data_dir: Path, topic_id: str, correct: bool, days_ago: float) -> None:
    """A quiz answer recorded `days_ago`, as `dlstudy quiz` records it."""
    ProgressStore(data_dir / "progress.sqlite3").record_attempt(QuizAttempt(
        topic_id=topic_id, week=COURSE.topic(topic_id).week, question_id=f"{topic_id}-q", question_type="mcq",
        correct=correct, score=float(correct), response="x",
        answered_at=datetime.now(UTC) - timedelta(days=days_ago)))


def reviewed(data_dir: Path, topic_id: str, rating: int, days_ago: float) -> None:
    """The topic's card rated in `dlstudy review` `days_ago` (1 Again ... 4 Easy)."""
    Reviewer(ProgressStore(data_dir / "progress.sqlite3"), COURSE).rate(
        f"{topic_id}/topic", rating, at=datetime.now(UTC) - timedelta(days=days_ago))


def due_topics(document: dict) -> tuple[list[str], int, int]:
    """(due topic ids in course order, topics due, cards due) from `progress --json`."""
    ids = [t["topic_id"] for t in document["topics"] if t["due"]]
    return ids, document["overall"]["due"], document["overall"]["due_cards"]


def review_topics(document: dict) -> tuple[list[str], int, int]:
    """The same from `review --json`."""
    ids = sorted({card["topic_id"] for card in document["due"]}, key=lambda t: COURSE.topics.index(COURSE.topic(t)))
    return ids, len(ids), document["due_count"]


@pytest.mark.parametrize("name", ["AlexNet", "alexnet", "w05-t11"])
def test_study_takes_a_topic_by_title_or_id(run_cli: RunCli, data_dir: Path, name: str):
    result = run_cli("study", "--done", name, "--data-dir", str(data_dir))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "w05-t11 AlexNet (week 5) marked as studied; 1 card due for review today."
    topics = {t["topic_id"]: t for t in progress_json(run_cli, data_dir)["topics"]}
    assert topics["w05-t11"]["studied"] and sum(t["studied"] for t in topics.values()) == 1
    undone = json.loads(run_cli("study", "--done", name, "--undo", "--json", "--data-dir", str(data_dir)).stdout)
    assert undone == {"topic_id": "w05-t11", "topic": "AlexNet", "week": 5, "studied": False, "due_cards": 0}


def test_an_ambiguous_topic_lists_the_candidates_and_changes_nothing(run_cli: RunCli, data_dir: Path):
    line = one_line_error(run_cli("study", "--done", "attention", "--data-dir", str(data_dir)),
                          "'attention' could be 3 topics")
    assert "w11-t09 Attention Mechanism" in line
    assert progress_json(run_cli, data_dir)["overall"]["studied"] == 0


def test_quiz_takes_a_topic_by_name(run_cli: RunCli, data_dir: Path):
    result = run_cli("quiz", "--topic", "alexnet", "--n", "2", "--json", "--data-dir", str(data_dir))
    assert result.exit_code == 0, result.stderr
    quiz = json.loads(result.stdout)
    assert quiz["week"] == 5 and {q["topic_id"] for q in quiz["questions"]} == {"w05-t11"}


def answer_key(run_cli: RunCli, data_dir: Path, *args: str) -> list[str]:
    quiz = json.loads(run_cli("quiz", *args, "--json", "--data-dir", str(data_dir)).stdout)
    return [q["answer"] for q in quiz["questions"]]


def test_a_quiz_stopped_early_scores_and_records_only_the_answered_questions(run_cli: RunCli, data_dir: Path):
    keys = answer_key(run_cli, data_dir, "--week", "2", "--n", "3")
    result = run_cli("quiz", "--week", "2", "--n", "3", "--data-dir", str(data_dir), input=f"{keys[0]}\n{keys[1]}\n")
    assert result.exit_code == 0, result.stderr
    assert "Score: 2/2 (2 of 3 questions answered; only those are recorded)" in result.stdout
    assert re.search(r"^1\. \[(mcq|cloze|open)\]", result.stdout, flags=re.MULTILINE)  # questions on stdout
    assert "your answer" in result.stderr and "Score" not in result.stderr
    overall = progress_json(run_cli, data_dir)["overall"]
    assert (overall["attempts"], overall["correct"]) == (2, 2)


def test_a_finished_quiz_scores_over_all_its_questions(run_cli: RunCli, data_dir: Path):
    keys = answer_key(run_cli, data_dir, "--week", "2", "--n", "2")
    result = run_cli("quiz", "--week", "2", "--n", "2", "--data-dir", str(data_dir), input="\n".join(keys) + "\n")
    assert "Score: 2/2" in result.stdout and "answered" not in result.stdout


@pytest.mark.parametrize("width", WIDTHS)
def test_progress_names_the_due_topics_and_how_to_review_them(run_cli: RunCli, data_dir: Path, width: int):
    run_cli("study", "--done", "AlexNet", "--data-dir", str(data_dir))
    answered(data_dir, "w05-t11", False, days_ago=2)  # forgotten two days ago: due today
    weeks = run_cli("progress", "--data-dir", str(data_dir), columns=width)
    assert weeks.exit_code == 0, weeks.stderr
    assert "1 topic is due for review (1 card)." in weeks.stdout and "CNN Models" in weeks.stdout
    assert re.search(r"^  w05-t11  AlexNet \(week 5\)$", weeks.stdout, flags=re.MULTILINE)
    assert re.search(r"`dlstudy (review|quiz --topic w05-t11)`", weeks.stdout)
    assert weeks.stderr == ""

    topics = run_cli("progress", "--week", "5", "--data-dir", str(data_dir), columns=width)
    assert topics.exit_code == 0, topics.stderr
    row = next(line for line in topics.stdout.splitlines() if "w05-t11" in line and "AlexNet" in line
               and "│" in line)
    cells = [cell.strip() for cell in row.strip("│ ").split("│")]
    assert cells[:4] == ["w05-t11", "AlexNet", "yes", "0/1"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", cells[4]) and cells[5] == "now"
    assert "w04-" not in topics.stdout  # one week's topics only
    for line in topics.stdout.splitlines():
        assert len(line) <= width


def test_after_a_quiz_and_a_review_progress_and_review_name_the_same_due_topics(run_cli: RunCli,
                                                                              data_dir: Path):
    for topic in ("AlexNet", "w02-t01"):  # studied: their cards are new today
        run_cli("study", "--done", topic, "--data-dir", str(data_dir))
    answered(data_dir, "w02-t15", False, days_ago=2)  # forgotten: due today
    answered(data_dir, "w06-t01", False, days_ago=3)
    reviewed(data_dir, "w06-t01", 3, days_ago=0)  # ... but reviewed Good since: due in days
    quiz = run_cli("quiz", "--topic", "w04-t01", "--n", "1", "--data-dir", str(data_dir), input="not a clue\n")
    assert quiz.exit_code == 0, quiz.stderr  # wrong just now: relearned in a minute, not yet due

    progress, review = progress_json(run_cli, data_dir), review_json(run_cli, data_dir)
    assert due_topics(progress) == review_topics(review) == (["w02-t01", "w02-t15", "w05-t11"], 3, 3)
    week = review_topics(review_json(run_cli, data_dir, "--week", "2"))[0]
    assert week == ["w02-t01", "w02-t15"]

    text = run_cli("progress", "--data-dir", str(data_dir)).stdout
    assert "3 topics are due for review (3 cards)." in text and "Due for review (3):" in text
    assert re.findall(r"^  (w\d\d-t\d\d)  ", text, flags=re.MULTILINE) == ["w02-t01", "w02-t15", "w05-t11"]
    assert run_cli("review", "--data-dir", str(data_dir)).stdout.startswith("3 cards to review today:")
    in_week = run_cli("progress", "--week", "2", "--data-dir", str(data_dir)).stdout
    assert re.findall(r"^  (w\d\d-t\d\d)  ", in_week, flags=re.MULTILINE) == week


def test_a_topic_reviewed_easy_is_due_neither_in_progress_nor_in_review_the_day_after(run_cli: RunCli,
                                                                                     data_dir: Path):
    for topic_id in ("w03-t02", "w03-t03"):
        answered(data_dir, topic_id, False, days_ago=3)
    reviewed(data_dir, "w03-t02", 4, days_ago=1)  # Easy yesterday
    reviewed(data_dir, "w03-t03", 1, days_ago=1)  # Again yesterday
    progress, review = progress_json(run_cli, data_dir), review_json(run_cli, data_dir)
    assert due_topics(progress) == review_topics(review) == (["w03-t03"], 1, 1)
    easy = next(t for t in progress["topics"] if t["topic_id"] == "w03-t02")
    assert datetime.fromisoformat(easy["due_at"]) > datetime.now(UTC) + timedelta(days=1)


def test_progress_for_a_week_outside_the_course_is_refused(run_cli: RunCli, data_dir: Path):
    one_line_error(run_cli("progress", "--week", "14", "--data-dir", str(data_dir)), "week 14")


@pytest.mark.parametrize("width", WIDTHS)
def test_chat_keeps_the_conversation_until_new(run_cli: RunCli, data_dir: Path, width: int):
    session = "What is dropout?\nWhy does it help?\n/new\nWhy does it help?\n"
    result = run_cli("chat", "--data-dir", str(data_dir), input=session, columns=width)
    assert result.exit_code == 0, result.stderr
    banner = " ".join(result.stderr.split())
    assert "/new starts a new one" in banner and "New conversation" in banner
    # "it" is dropout while the conversation lasts (both answers cite Dropout in Tensorflow);
    # after /new the same words refer to nothing, so the student is asked which topic they mean.
    assert re.findall(r"^\[1\] Week 8 · Dropout in Tensorflow \(w08-t09\)", result.stdout, flags=re.MULTILINE) \
        == ["[1] Week 8 · Dropout in Tensorflow (w08-t09)"] * 2
    assert result.stdout.rsplit("(w08-t09)", 1)[1].count("Which topic do you mean?") == 1
