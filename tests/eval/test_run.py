"""`dlstudy eval` end to end (in-process) on a small subset: the run, the report files and the comparison."""

from __future__ import annotations

import json
from pathlib import Path

from eval.dataset import load_qa
from tests.dlstudy.conftest import invoke, one_line_error

SUBSET = ["q0017", "q0066", "q0175", "q0255", "q0271"]  # 2 topic, 1 multi-topic, 2 out of scope


def write_subset(path: Path) -> Path:
    items = {item.id: item for item in load_qa()}
    path.write_text("".join(items[i].model_dump_json() + "\n" for i in SUBSET), encoding="utf-8")
    return path


def test_eval_writes_the_report_and_a_contract_summary(data_dir: Path, tmp_path: Path):
    qa_set = write_subset(tmp_path / "subset.jsonl")
    out = tmp_path / "report"
    result = invoke("eval", "--suite", "qa", "--set", str(qa_set), "--out", str(out), "--json",
                    "--data-dir", str(data_dir))
    assert result.exit_code == 0, result.stderr

    summary = json.loads(result.stdout)
    assert summary["n"] == len(SUBSET)
    assert set(summary["retrieval"]) == {"hit@1", "hit@3", "hit@5", "mrr", "ndcg@5"}
    assert summary["retrieval"]["hit@5"] == 1.0
    assert summary["refusal"] == {"recall": 1.0, "false_rate": 0.0}
    assert summary["intent_accuracy"] == 1.0 and summary["faithfulness"] > 0.9
    assert set(summary["latency_ms"]) == {"p50", "p95"}
    assert summary["config"]["provider"] == "extractive" and summary["config"]["retrieval"] == "hybrid"
    for name in ("summary.json", "items.jsonl", "report.md", "hit5_by_week.png", "latency.png", "intents.png"):
        assert (out / name).stat().st_size > 0, name
    assert (out / "hit5_by_week.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "| retrieval.hit@5 | 1.000 | >= 0.95 | met |" in report
    assert len((out / "items.jsonl").read_text(encoding="utf-8").splitlines()) == len(SUBSET)
    assert "students" not in summary and "Students' questions" not in report


def test_the_students_suite_alone_reports_its_section_and_summary(data_dir: Path, tmp_path: Path):
    out = tmp_path / "students"
    result = invoke("eval", "--suite", "students", "--split", "dev", "--limit", "1", "--out", str(out),
                    "--data-dir", str(data_dir))
    assert result.exit_code == 0, result.stderr
    assert "per kind" in result.stdout and "follow_up_hit@3" in result.stdout

    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert "retrieval" not in summary  # the Q&A set did not run
    students = summary["students"]
    assert students["split"] == "dev" and students["n"]["conversations"] == 1
    assert students["n"]["intents"] == students["n"]["questions"] == students["n"]["coverage"] == 1
    assert {"intent_accuracy", "follow_up_hit@3", "refusal", "questions", "answer_topic_precision",
            "faithfulness", "coverage", "by_kind"} <= set(students)
    lines = (out / "students_items.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == students["n"]["turns"] + 3
    assert all(json.loads(line)["split"] == "dev" for line in lines)
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "## Students' questions" in report and "| follow_up_hit@3 |" in report
    assert not (out / "items.jsonl").exists()


def test_compare_prints_the_deltas_between_two_runs(data_dir: Path, tmp_path: Path):
    qa_set = write_subset(tmp_path / "subset.jsonl")
    for mode in ("hybrid", "dense"):
        run = invoke("eval", "--suite", "qa", "--set", str(qa_set), "--retrieval", mode,
                     "--out", str(tmp_path / mode), "--data-dir", str(data_dir))
        assert run.exit_code == 0, run.stderr
    result = invoke("eval", "--compare", str(tmp_path / "hybrid"), str(tmp_path / "dense"), "--json")
    assert result.exit_code == 0, result.stderr
    rows = {row["metric"]: row for row in json.loads(result.stdout)}
    assert {"retrieval.hit@5", "retrieval.mrr", "refusal.recall", "faithfulness"} <= set(rows)
    for row in rows.values():
        assert row["delta"] is None or abs(row["delta"] - (row["b"] - row["a"])) < 1e-3


def test_a_malformed_qa_set_is_a_clear_error(data_dir: Path, tmp_path: Path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "question": "hi"}\n', encoding="utf-8")
    one_line_error(invoke("eval", "--set", str(bad), "--data-dir", str(data_dir)), f"{bad}:1")
