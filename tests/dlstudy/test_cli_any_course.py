"""Any checklist, end to end: after `dlstudy ingest --checklist` every command works on that course.

The course is the two-week machine-learning checklist in tests/fixtures/ (see
tests/support/courses.py), indexed offline; each test runs the CLI in-process on its own copy.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from core.course import course_for
from core.settings import DataPaths
from tests.dlstudy.conftest import RunCli, one_line_error
from tests.support.courses import ML_CHECKLIST, ML_QA_SET, ml_course

ML_TITLE = "Machine Learning Basics: 2 Weeks course"
DL_TITLE = "Deep Learning Checklist: 13 Months course"
ML_TOPICS = {topic.id: topic for topic in ml_course().topics}


def as_json(result) -> dict:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return json.loads(result.stdout)


def test_ingest_records_the_course_and_the_syllabus_follows_it(run_cli: RunCli, tmp_path: Path):
    data_dir = tmp_path / "data"
    result = run_cli("ingest", "--checklist", str(ML_CHECKLIST), "--offline", "--data-dir", str(data_dir),
                     "--json")
    assert as_json(result)["topics"] == 6
    assert course_for(DataPaths(data_dir)) == ml_course()

    syllabus = as_json(run_cli("syllabus", "--json", "--data-dir", str(data_dir)))
    assert syllabus["title"] == ML_TITLE
    assert [week["title"] for week in syllabus["weeks"]] == ["Foundations of ML", "Classic Models"]
    text = run_cli("syllabus", "--week", "2", "--data-dir", str(data_dir)).stdout
    assert "Week 2: Classic Models" in text and "Decision Trees" in text and "AlexNet" not in text
    one_line_error(run_cli("syllabus", "--week", "3", "--data-dir", str(data_dir)), "between 1 and 2")


def test_quiz_asks_about_the_weeks_of_the_course(run_cli: RunCli, ml_data_dir: Path):
    quiz = as_json(run_cli("quiz", "--week", "2", "--n", "3", "--json", "--data-dir", str(ml_data_dir)))
    assert quiz["questions"]
    for question in quiz["questions"]:
        assert question["week"] == 2 and question["source"]["topic"] == ML_TOPICS[question["topic_id"]].title
    one_line_error(run_cli("quiz", "--week", "3", "--data-dir", str(ml_data_dir)), "week 3", "between 1 and 2")
    by_title = as_json(run_cli("quiz", "--topic", "Support Vector Machines", "--json",
                               "--data-dir", str(ml_data_dir)))
    assert {q["topic_id"] for q in by_title["questions"]} == {"w02-t02"}


def test_ask_answers_from_the_course_and_knows_its_weeks(run_cli: RunCli, ml_data_dir: Path):
    one_line_error(run_cli("ask", "quiz me on week 3", "--data-dir", str(ml_data_dir)), "week 3", "1 and 2")
    outline = as_json(run_cli("ask", "what does week 2 cover?", "--json", "--data-dir", str(ml_data_dir)))
    assert outline["intent"] == "syllabus"
    assert "Decision Trees" in outline["answer"] and "Support Vector Machines" in outline["answer"]
    quiz = as_json(run_cli("ask", "quiz me on week 1", "--json", "--data-dir", str(ml_data_dir)))
    assert quiz["intent"] == "quiz" and quiz["quiz"] and {q["topic_id"] for q in quiz["quiz"]} <= {
        "w01-t01", "w01-t02", "w01-t03"}
    answer = as_json(run_cli("ask", "How does k-means group points into clusters?", "--json",
                             "--data-dir", str(ml_data_dir)))
    assert answer["intent"] == "answer"
    assert answer["citations"][0]["topic_id"] == "w02-t03"


def test_progress_and_study_are_the_courses_own(run_cli: RunCli, ml_data_dir: Path):
    marked = as_json(run_cli("study", "--done", "Decision Trees", "--json", "--data-dir", str(ml_data_dir)))
    assert marked == {"topic_id": "w02-t01", "topic": "Decision Trees", "week": 2, "studied": True,
                      "due_cards": 1}  # its card joins today's review
    report = as_json(run_cli("progress", "--json", "--data-dir", str(ml_data_dir)))
    assert report["overall"]["studied"] == 1 and report["overall"]["total"] == 6
    assert [week["title"] for week in report["weeks"]] == ["Foundations of ML", "Classic Models"]
    assert [topic["title"] for topic in report["topics"]] == [t.title for t in ML_TOPICS.values()]
    text = run_cli("progress", "--data-dir", str(ml_data_dir)).stdout
    assert "Classic Models" in text and "AlexNet" not in text
    one_line_error(run_cli("study", "--done", "AlexNet", "--data-dir", str(ml_data_dir)), "AlexNet")
    one_line_error(run_cli("progress", "--week", "3", "--data-dir", str(ml_data_dir)), "between 1 and 2")
    assert not (ml_data_dir / "progress.sqlite3").exists()  # the bundled course's progress is untouched


def test_review_and_export_hold_the_courses_cards(run_cli: RunCli, ml_data_dir: Path, tmp_path: Path):
    run_cli("study", "--done", "w01-t03", "--data-dir", str(ml_data_dir))
    due = as_json(run_cli("review", "--json", "--data-dir", str(ml_data_dir)))
    assert [card["source"]["topic"] for card in due["due"]] == ["k-Nearest Neighbours"]
    cards = tmp_path / "cards.csv"
    exported = as_json(run_cli("export", "--csv", str(cards), "--json", "--data-dir", str(ml_data_dir)))
    assert exported["by_kind"]["topic"] == 6
    with cards.open(encoding="utf-8") as handle:
        text = " ".join(" ".join(row) for row in csv.reader(handle))
    assert "Support Vector Machines" in text and "AlexNet" not in text


def test_another_checklist_is_refused_unless_rebuilt(run_cli: RunCli, ml_data_dir: Path):
    other = ml_data_dir.parent / "dl.md"
    shutil.copy(ML_CHECKLIST, other)
    other.write_text(other.read_text(encoding="utf-8").replace(ML_TITLE, "Another course"), encoding="utf-8")
    one_line_error(run_cli("ingest", "--checklist", str(other), "--offline", "--data-dir", str(ml_data_dir)),
                   f'"{ML_TITLE}"', '"Another course"', "--rebuild", "another --data-dir")
    assert course_for(DataPaths(ml_data_dir)).title == ML_TITLE  # nothing changed
    # The same course again is an update, not another course.
    assert run_cli("ingest", "--checklist", str(ML_CHECKLIST), "--offline",
                   "--data-dir", str(ml_data_dir)).exit_code == 0


def test_switching_courses_and_back_loses_no_progress(run_cli: RunCli, data_dir: Path):
    """A data dir made by the old code: the bundled index with no course record, and the progress
    database the old code wrote (tests/assistant/data/progress-v1.sqlite3)."""
    (data_dir / "course.json").unlink()
    shutil.copy(Path(__file__).parents[1] / "assistant" / "data" / "progress-v1.sqlite3",
                data_dir / "progress.sqlite3")
    before = as_json(run_cli("progress", "--json", "--data-dir", str(data_dir)))
    assert (before["overall"]["studied"], before["overall"]["attempts"], before["overall"]["total"]) == (4, 12, 173)

    data = ("--offline", "--data-dir", str(data_dir))
    one_line_error(run_cli("ingest", "--checklist", str(ML_CHECKLIST), *data), f'"{DL_TITLE}"', "--rebuild")
    assert run_cli("ingest", "--checklist", str(ML_CHECKLIST), "--rebuild", *data).exit_code == 0
    assert as_json(run_cli("progress", "--json", "--data-dir", str(data_dir)))["overall"]["total"] == 6
    run_cli("study", "--done", "w02-t02", "--data-dir", str(data_dir))

    assert run_cli("ingest", "--rebuild", *data).exit_code == 0  # back to the bundled course
    assert as_json(run_cli("syllabus", "--json", "--data-dir", str(data_dir)))["title"] == DL_TITLE
    after = as_json(run_cli("progress", "--json", "--data-dir", str(data_dir)))
    assert after["overall"] == before["overall"] | {"due": after["overall"]["due"]}
    assert after["topics"][:20] == [t | {"due": a["due"]} for t, a in zip(before["topics"][:20], after["topics"],
                                                                           strict=False)]

    assert run_cli("ingest", "--checklist", str(ML_CHECKLIST), "--rebuild", *data).exit_code == 0
    studied = as_json(run_cli("progress", "--json", "--data-dir", str(data_dir)))["topics"]
    assert [t["topic_id"] for t in studied if t["studied"]] == ["w02-t02"]


def test_eval_on_another_course_needs_its_own_set(run_cli: RunCli, ml_data_dir: Path, tmp_path: Path):
    one_line_error(run_cli("eval", "--data-dir", str(ml_data_dir), "--out", str(tmp_path / "r")),
                   f'"{DL_TITLE}"', f'"{ML_TITLE}"', "--qa FILE")
    result = run_cli("eval", "--qa", str(ML_QA_SET), "--json", "--data-dir", str(ml_data_dir),
                     "--out", str(tmp_path / "report"))
    document = as_json(result)
    assert document["n"] == 4 and document["intent_accuracy"] is not None
    assert "students" not in document  # the students' sets are the bundled course's too
