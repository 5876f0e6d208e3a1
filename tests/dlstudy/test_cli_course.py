"""The command-line contract for `syllabus` and `ingest`: output shapes, exit codes, one-line errors.

In-process through click's CliRunner (`run_cli`), except the one smoke test that runs
`python -m dlstudy` as a user's shell would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.dlstudy.conftest import RunCli, one_line_error
from tests.support.site import CHECKLIST_READ_TIMEOUT_S


def test_python_m_dlstudy_runs_the_cli_and_maps_errors_to_exit_2():
    ok = subprocess.run([sys.executable, "-m", "dlstudy", "syllabus", "--week", "5"],
                        capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stderr
    assert "Week 5: CNN Models" in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "dlstudy", "syllabus", "--week", "14"],
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2, bad.stderr
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dlstudy: error: week 14"), bad.stderr


def test_syllabus_json_follows_the_contract(run_cli: RunCli):
    result = run_cli("syllabus", "--json")
    assert result.exit_code == 0
    course = json.loads(result.stdout)
    assert course["title"] == "Deep Learning Checklist: 13 Months course"
    assert len(course["weeks"]) == 13
    topic = course["weeks"][0]["topics"][2]
    assert topic == {"id": "w01-t03", "week": 1, "index": 3, "title": "Linear Regression",
                     "description": topic["description"], "urls": ["https://iq.opengenus.org/linear-regression/"]}


def test_syllabus_for_one_week_prints_a_readable_table(run_cli: RunCli):
    result = run_cli("syllabus", "--week", "5")
    assert result.exit_code == 0
    assert "Week 5: CNN Models" in result.stdout and "AlexNet" in result.stdout
    assert "Week 4" not in result.stdout


@pytest.mark.parametrize("args, fragments", [
    (("syllabus", "--week", "14"), ("week 14", "between 1 and 13")),
    (("syllabus", "--week", "0"), ("week 0",)),
    (("syllabus", "--week", "five"), ("'five' is not a valid integer",)),
    (("syllabus", "--weak", "3"), ("--weak", "--help")),
    (("frobnicate",), ("No such command",)),
])
def test_bad_arguments_get_one_clear_line_and_exit_2(run_cli: RunCli, args, fragments):
    one_line_error(run_cli(*args), *fragments)


def test_a_malformed_checklist_names_file_and_line(run_cli: RunCli, tmp_path: Path):
    bad = tmp_path / "bad.md"
    bad.write_text("# Course\n\n**Week 1: A**\n====\n2. **T**<br> x\n", encoding="utf-8")
    one_line_error(run_cli("ingest", "--checklist", str(bad), "--data-dir", str(tmp_path / "d")),
                   f"{bad}:5:", "should be 1")
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    one_line_error(run_cli("ingest", "--checklist", str(empty), "--data-dir", str(tmp_path / "d")),
                   f"{empty}:1:", "empty")
    one_line_error(run_cli("ingest", "--checklist", str(tmp_path / "missing.md"), "--data-dir", str(tmp_path / "d")),
                   "file not found")


def test_ingest_json_summary_lists_every_link_and_exits_0_with_a_warning(
        run_cli: RunCli, site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    for name, value in {"DLSTUDY_READ_TIMEOUT_S": str(CHECKLIST_READ_TIMEOUT_S), "DLSTUDY_MAX_ATTEMPTS": "2",
                        "DLSTUDY_BACKOFF_BASE_S": "0.01", "DLSTUDY_MAX_RETRY_AFTER_S": "1"}.items():
        monkeypatch.setenv(name, value)
    checklist = site.write_checklist(tmp_path / "course.md")
    result = run_cli("ingest", "--checklist", str(checklist), "--allow-host", site.host,
                     "--data-dir", str(tmp_path / "data"), "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert set(summary) >= {"weeks", "topics", "articles", "failures", "chunks", "timings_s"}
    articles = summary["articles"]
    assert articles["linked"] == 12 == articles["ok"] + articles["cached"] + articles["unchanged"] + articles["failed"]
    assert len(summary["failures"]) == articles["failed"] and all(f["reason"] for f in summary["failures"])
    assert set(summary["timings_s"]) >= {"fetch", "extract", "embed", "store", "total"}
    assert "warning:" in result.stderr
    # what the first question needs is built beside the index, so it is not paid on the first ask
    assert list((tmp_path / "data").glob("topic-vectors-*.npy"))
    assert list((tmp_path / "data").glob("intent-model-*.npz"))


def test_a_tampered_embedding_model_is_refused_with_a_clear_error(
        run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DLSTUDY_EMBEDDING_SHA256", "0" * 64)
    result = run_cli("ingest", "--offline", "--data-dir", str(tmp_path / "data"))
    one_line_error(result, "does not match its expected sha256", "reinstall")


def test_an_unreachable_chroma_server_is_a_clear_error(run_cli: RunCli, tmp_path: Path):
    from tests.support.llama_server import free_port

    result = run_cli("ingest", "--offline", "--data-dir", str(tmp_path / "data"),
                     "--chroma-url", f"http://127.0.0.1:{free_port()}")
    one_line_error(result, "cannot open the Chroma index", "chroma run")
