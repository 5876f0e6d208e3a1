"""The command-line contract for `syllabus` and `ingest`: output shapes, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def dlstudy(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dlstudy", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def assert_one_line_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dlstudy: error: "), result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_syllabus_json_follows_the_contract():
    result = dlstudy("syllabus", "--json")
    assert result.returncode == 0
    course = json.loads(result.stdout)
    assert course["title"] == "Deep Learning Checklist: 13 Months course"
    assert len(course["weeks"]) == 13
    topic = course["weeks"][0]["topics"][2]
    assert topic == {"id": "w01-t03", "week": 1, "index": 3, "title": "Linear Regression",
                     "description": topic["description"], "urls": ["https://iq.opengenus.org/linear-regression/"]}


def test_syllabus_for_one_week_prints_a_readable_table():
    result = dlstudy("syllabus", "--week", "5")
    assert result.returncode == 0
    assert "Week 5: CNN Models" in result.stdout and "AlexNet" in result.stdout
    assert "Week 4" not in result.stdout


@pytest.mark.parametrize("args, fragments", [
    (("syllabus", "--week", "14"), ("week 14", "between 1 and 13")),
    (("syllabus", "--week", "0"), ("week 0",)),
    (("syllabus", "--week", "five"), ("'five' is not a valid integer",)),
    (("syllabus", "--weak", "3"), ("--weak", "--help")),
    (("frobnicate",), ("No such command",)),
])
def test_bad_arguments_get_one_clear_line_and_exit_2(args, fragments):
    assert_one_line_error(dlstudy(*args), *fragments)


def test_a_malformed_checklist_names_file_and_line(tmp_path: Path):
    bad = tmp_path / "bad.md"
    bad.write_text("# Course\n\n**Week 1: A**\n====\n2. **T**<br> x\n", encoding="utf-8")
    assert_one_line_error(dlstudy("ingest", "--checklist", str(bad), "--data-dir", str(tmp_path / "d")),
                          f"{bad}:5:", "should be 1")
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    assert_one_line_error(dlstudy("ingest", "--checklist", str(empty), "--data-dir", str(tmp_path / "d")),
                          f"{empty}:1:", "empty")
    assert_one_line_error(dlstudy("ingest", "--checklist", str(tmp_path / "missing.md"),
                                  "--data-dir", str(tmp_path / "d")), "file not found")


def test_ingest_json_summary_lists_every_link_and_exits_0_with_a_warning(site, tmp_path: Path):
    checklist = site.write_checklist(tmp_path / "course.md")
    result = dlstudy("ingest", "--checklist", str(checklist), "--allow-host", site.host,
                     "--data-dir", str(tmp_path / "data"), "--json",
                     env={"DLSTUDY_READ_TIMEOUT_S": "0.3", "DLSTUDY_MAX_ATTEMPTS": "2",
                          "DLSTUDY_BACKOFF_BASE_S": "0.01", "DLSTUDY_MAX_RETRY_AFTER_S": "1"})
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert set(summary) >= {"weeks", "topics", "articles", "failures", "chunks", "timings_s"}
    articles = summary["articles"]
    assert articles["linked"] == 12 == articles["ok"] + articles["cached"] + articles["unchanged"] + articles["failed"]
    assert len(summary["failures"]) == articles["failed"] and all(f["reason"] for f in summary["failures"])
    assert set(summary["timings_s"]) >= {"fetch", "extract", "embed", "store", "total"}
    assert "warning:" in result.stderr


def test_a_tampered_embedding_model_is_refused_with_a_clear_error(tmp_path: Path):
    result = dlstudy("ingest", "--offline", "--data-dir", str(tmp_path / "data"),
                     env={"DLSTUDY_EMBEDDING_SHA256": "0" * 64})
    assert_one_line_error(result, "does not match its expected sha256", "reinstall")


def test_an_unreachable_chroma_server_is_a_clear_error(tmp_path: Path):
    from tests.support.llama_server import free_port

    result = dlstudy("ingest", "--offline", "--data-dir", str(tmp_path / "data"),
                     "--chroma-url", f"http://127.0.0.1:{free_port()}")
    assert_one_line_error(result, "cannot open the Chroma index", "chroma run")
