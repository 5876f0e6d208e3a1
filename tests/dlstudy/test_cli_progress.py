"""Topics by name, progress per week and per topic with what is due, quizzes stopped early, and
chat conversations that last until /new."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.dlstudy.conftest import WIDTHS, RunCli, one_line_error


def progress_json(run_cli: RunCli, data_dir: Path) -> dict:
    return json.loads(run_cli("progress", "--json", "--data-dir", str(data_dir)).stdout)


@pytest.mark.parametrize("name", ["AlexNet", "alexnet", "w05-t11"])
def test_study_takes_a_topic_by_title_or_id(run_cli: RunCli, data_dir: Path, name: str):
    result = run_cli("study", "--done", name, "--data-dir", str(data_dir))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "w05-t11 AlexNet (week 5) marked as studied."
    topics = {t["topic_id"]: t for t in progress_json(run_cli, data_dir)["topics"]}
    assert topics["w05-t11"]["studied"] and sum(t["studied"] for t in topics.values()) == 1


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
    # A wrong answer puts AlexNet in Leitner box 1: due again at once.
    run_cli("quiz", "--topic", "AlexNet", "--n", "1", "--data-dir", str(data_dir), input="not a clue\n")
    weeks = run_cli("progress", "--data-dir", str(data_dir), columns=width)
    assert weeks.exit_code == 0, weeks.stderr
    assert "1 topic is due for review" in weeks.stdout and "CNN Models" in weeks.stdout
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
    # after /new the same words refer to nothing, and the course does not cover them.
    assert re.findall(r"^\[1\] Week 8 · Dropout in Tensorflow \(w08-t09\)", result.stdout, flags=re.MULTILINE) \
        == ["[1] Week 8 · Dropout in Tensorflow (w08-t09)"] * 2
    assert result.stdout.rsplit("(w08-t09)", 1)[1].count("The course does not cover that.") == 1
