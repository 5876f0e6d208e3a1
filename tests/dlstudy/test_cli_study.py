"""The command-line contract for ask, quiz, study, progress and chat, on a real offline index (in-process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.dlstudy.conftest import RunCli, one_line_error


def test_ask_json_follows_the_contract(run_cli: RunCli, data_dir: Path):
    result = run_cli("ask", "Why is GELU used in BERT?", "--data-dir", str(data_dir), "--json")
    assert result.exit_code == 0, result.stderr
    answer = json.loads(result.stdout)
    assert set(answer) >= {"question", "intent", "week", "answer", "citations", "grounded", "provider", "timings_ms"}
    assert answer["intent"] == "answer" and answer["provider"] == "extractive" and answer["grounded"]
    citation = answer["citations"][0]
    assert citation["topic"] == "GeLU" and citation["topic_id"] == "w02-t17" and citation["week"] == 2
    assert citation["source"] in ("article", "checklist") and 0 < citation["score"] <= 1
    assert set(answer["timings_ms"]) == {"retrieve", "generate", "total"}


def test_ask_prints_the_answer_then_its_sources(run_cli: RunCli, data_dir: Path):
    result = run_cli("ask", "what is a dialted convolution", "--data-dir", str(data_dir))
    assert result.exit_code == 0, result.stderr
    answer, _, sources = result.stdout.partition("Sources")
    assert "Atrous Convolution" in answer and "[1]" in answer
    assert "Dialted Convolution" in sources and "w09-t07" in sources


def test_ask_batch_writes_one_result_per_line_in_order(run_cli: RunCli, data_dir: Path, tmp_path: Path):
    batch = tmp_path / "questions.jsonl"
    batch.write_text("\n".join(json.dumps(q) for q in [
        {"question": "quiz me on week 5"}, {"question": "what does pooling do", "week": 2},
        {"question": "what's the weather in Paris?"}, {"question": "   "}]) + "\n", encoding="utf-8")
    result = run_cli("ask", "--batch", str(batch), "--json", "--data-dir", str(data_dir))
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("intent") for line in lines] == ["quiz", "answer", "out_of_scope", None]
    assert lines[0]["week"] == 5 and len(lines[0]["quiz"]) == 5
    assert all(c["week"] == 2 for c in lines[1]["citations"])
    assert "empty" in lines[3]["error"]


@pytest.mark.parametrize("args, fragments", [
    (("ask", "   "), ("question is empty",)),
    (("ask", "what is pooling", "--week", "14"), ("week 14",)),
    (("ask", "x" * 600), ("limit is 500",)),
    (("ask", "what is pooling", "--provider", "gpt9"), ("unknown provider", "extractive")),
    (("quiz", "--week", "0"), ("week 0",)),
    (("quiz", "--topic", "w99-t01"), ("unknown topic id", "dlstudy syllabus")),
    (("study", "--done", "w99-t01"), ("unknown topic id",)),
])
def test_bad_study_input_gets_one_line_and_exit_2(run_cli: RunCli, data_dir: Path, args, fragments):
    one_line_error(run_cli(*args, "--data-dir", str(data_dir)), *fragments)


def test_ask_without_an_index_says_to_run_ingest(run_cli: RunCli, tmp_path: Path):
    one_line_error(run_cli("ask", "what is pooling", "--data-dir", str(tmp_path / "empty")), "dlstudy ingest")


def test_quiz_json_follows_the_contract(run_cli: RunCli, data_dir: Path):
    result = run_cli("quiz", "--week", "5", "--n", "4", "--json", "--data-dir", str(data_dir))
    assert result.exit_code == 0, result.stderr
    quiz = json.loads(result.stdout)
    assert quiz["week"] == 5 and len(quiz["questions"]) == 4
    for question in quiz["questions"]:
        assert question["type"] in ("mcq", "cloze", "open") and question["week"] == 5
        if question["type"] == "mcq":
            # four named options, or True/False (issue 11: true/false questions are mcq too)
            options = question["options"]
            assert question["answer"] in options and len(set(options)) == len(options) in (2, 4)
        assert set(question["source"]) == {"topic", "url", "source"}


def test_an_interactive_quiz_is_graded_and_recorded(run_cli: RunCli, data_dir: Path):
    quiz = json.loads(run_cli("quiz", "--week", "2", "--n", "2", "--json", "--data-dir", str(data_dir)).stdout)
    answers = "\n".join(q["answer"] for q in quiz["questions"]) + "\n"
    run = run_cli("quiz", "--week", "2", "--n", "2", "--data-dir", str(data_dir), input=answers)
    assert run.exit_code == 0, run.stderr
    assert "Score: 2/2" in run.stdout
    progress = json.loads(run_cli("progress", "--json", "--data-dir", str(data_dir)).stdout)
    assert progress["overall"]["attempts"] == 2 and progress["overall"]["correct"] == 2
    assert progress["weeks"][1]["attempts"] == 2


def test_study_marks_and_unmarks_a_topic_and_progress_shows_it(run_cli: RunCli, data_dir: Path):
    assert run_cli("study", "--done", "w05-t11", "--data-dir", str(data_dir)).exit_code == 0
    report = json.loads(run_cli("progress", "--json", "--data-dir", str(data_dir)).stdout)
    assert report["overall"]["studied"] == 1 and report["weeks"][4]["studied"] == 1
    table = run_cli("progress", "--data-dir", str(data_dir))
    assert "1/21" in table.stdout and "CNN Models" in table.stdout
    assert run_cli("study", "--done", "w05-t11", "--undo", "--data-dir", str(data_dir)).exit_code == 0
    report = json.loads(run_cli("progress", "--json", "--data-dir", str(data_dir)).stdout)
    assert report["overall"]["studied"] == 0


def test_chat_answers_with_sources_and_runs_a_quiz_inline(run_cli: RunCli, data_dir: Path):
    session = "Why is GELU used in BERT?\nquiz me on week 1 with one question\nb\nquit\n"
    run = run_cli("chat", "--data-dir", str(data_dir), input=session)
    assert run.exit_code == 0, run.stderr
    assert "In BERT, GeLU is used" in run.stdout and "Sources" in run.stdout
    assert "Quiz on week 1" in run.stdout and "Score:" in run.stdout
    assert "/new" in run.stderr  # the banner says how to start a new conversation
