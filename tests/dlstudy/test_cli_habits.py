"""The habits of a polished CLI: results on stdout and the rest on stderr, a missing data dir is
an error, file errors name the file, ingest lists what failed and warns about wrong-looking
links, and commands that never search start without the heavy libraries."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.dlstudy.conftest import WIDTHS, RunCli, check_layout, one_line_error
from tests.support.site import FixtureSite, render_article
from tests.support.terminal import on_terminal

HEAVY = ("chromadb", "langchain", "langchain_core", "torch", "sentence_transformers")


@pytest.mark.parametrize("args", [
    ("syllabus",), ("ask", "what is pooling"), ("ask", "--batch", "{batch}"), ("quiz", "--week", "2"),
    ("progress",), ("study", "--done", "AlexNet"), ("chat",), ("eval",), ("ui",),
])
def test_a_data_dir_that_does_not_exist_is_an_error_naming_the_fix(run_cli: RunCli, tmp_path: Path, args):
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"question": "what is pooling"}\n', encoding="utf-8")
    missing = tmp_path / "typo"
    args = tuple(arg.format(batch=batch) for arg in args)
    one_line_error(run_cli(*args, "--data-dir", str(missing)), str(missing),
                   f"dlstudy ingest --data-dir {missing}")
    assert not missing.exists()


@pytest.mark.parametrize("command, option", [("ingest", "--checklist"), ("eval", "--set")])
def test_a_missing_file_is_named_without_a_line_number(run_cli: RunCli, tmp_path: Path, command, option):
    missing = tmp_path / "nonexistent.md"
    line = one_line_error(run_cli(command, option, str(missing), "--data-dir", str(tmp_path)),
                          f"{missing}: file not found")
    assert ":0:" not in line


def test_results_go_to_stdout_and_nothing_else_when_piped(run_cli: RunCli, data_dir: Path):
    for args in (("syllabus", "--week", "5"), ("progress",), ("ask", "Why is GELU used in BERT?")):
        result = run_cli(*args, "--data-dir", str(data_dir))
        assert result.exit_code == 0 and result.stdout.strip(), (args, result.stderr)
        assert result.stderr == "", args  # no spinner or status line when not on a terminal


def test_a_status_line_shows_on_a_terminal_while_models_load(data_dir: Path):
    """stderr on a terminal shows the spinner; stdout, piped, still holds only the answer."""
    shown, stdout = on_terminal(["ask", "Why is GELU used in BERT?", "--data-dir", str(data_dir)], pipe_stdout=True)
    assert "Loading the course index and models" in shown
    assert "GeLU" in stdout and "Loading" not in stdout


def test_a_quiz_request_at_a_terminal_runs_the_quiz(run_cli: RunCli, data_dir: Path):
    shown, _ = on_terminal(["ask", "quiz me on week 2 with 2 questions", "--data-dir", str(data_dir)],
                           typed="no idea\nno idea either\n")
    assert "Quiz on week 2: 2 questions" in shown and "your answer" in shown
    assert re.search(r"Score: \d/2", shown)
    overall = json.loads(run_cli("progress", "--json", "--data-dir", str(data_dir)).stdout)["overall"]
    assert overall["attempts"] == 2


def ingest(run_cli: RunCli, site: FixtureSite, checklist: Path, data_dir: Path, *extra: str, columns: int = 80):
    return run_cli("ingest", "--checklist", str(checklist), "--allow-host", site.host,
                   "--data-dir", str(data_dir), *extra, columns=columns)


@pytest.mark.parametrize("width", WIDTHS)
def test_syllabus_shows_topic_ids_and_every_url_whole(run_cli: RunCli, width: int):
    course = json.loads(run_cli("syllabus", "--json").stdout)
    result = run_cli("syllabus", columns=width)
    lines = [line.strip() for line in result.stdout.splitlines()]
    for week in course["weeks"]:
        assert f"Week {week['week']}: {week['title']}" in lines
        for topic in week["topics"]:
            assert any(line.startswith(f"{topic['id']}  ") for line in lines), topic["id"]
            assert all(url in lines for url in topic["urls"]), topic["id"]
    check_layout(result.stdout, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_offline_ingest_lists_failed_urls_by_reason_a_few_at_a_time(run_cli: RunCli, site: FixtureSite,
                                                                    tmp_path: Path, width: int):
    checklist = site.write_checklist(tmp_path / "course.md")
    result = ingest(run_cli, site, checklist, tmp_path / "data", "--offline", columns=width)
    assert result.exit_code == 0, result.stderr
    as_json = json.loads(ingest(run_cli, site, checklist, tmp_path / "data", "--offline", "--json").stdout)
    failures = as_json["failures"]
    assert len(failures) == as_json["articles"]["linked"] == 12
    by_reason: dict[str, list[str]] = {}
    for failure in failures:
        by_reason.setdefault(failure["reason"], []).append(failure["url"])
    assert len(by_reason) >= 2 and max(len(urls) for urls in by_reason.values()) > 3
    for reason, urls in by_reason.items():
        section = result.stdout.partition(f"  {reason}, {len(urls)} article")[2]
        lines = [line.strip() for line in section.splitlines()[1:]]
        assert lines[:len(urls[:3])] == urls[:3]  # the first few, in checklist order
        if len(urls) > 3:
            assert lines[3] == f"and {len(urls) - 3} more, --json lists all"
    assert "Ingest summary" in result.stdout and "warning:" in result.stderr
    assert "Ingest summary" not in result.stderr
    check_layout(result.stdout, width)


def test_ingest_warns_about_an_article_whose_title_shares_nothing_with_its_topic(
        run_cli: RunCli, site: FixtureSite, tmp_path: Path):
    site.set_page("/shufflenet/", render_article("alexnet"))  # the checklist's ShuffleNet mistake, in small
    checklist = tmp_path / "course.md"
    checklist.write_text(f"""# A small course

**Week 1: CNN Models**
====
1. **AlexNet**<br>  [AlexNet]({site.url('/alexnet/')}) won ImageNet in 2012.
2. **ShuffleNet**<br>  Comparison of [ShuffleNet]({site.url('/shufflenet/')}) and other architectures.
""", encoding="utf-8")
    for run in (1, 2):  # the second run finds the pages unchanged, and still warns
        result = ingest(run_cli, site, checklist, tmp_path / "data")
        assert result.exit_code == 0, result.stderr
        warnings = re.findall(r"^warning: .*(?:\n {9}.*)*", result.stderr, flags=re.MULTILINE)
        warnings = [" ".join(warning.split()) for warning in warnings]
        assert len(warnings) == 1, (run, result.stderr)
        assert site.url("/shufflenet/") in warnings[0] and "'ShuffleNet' (w01-t02)" in warnings[0]
        assert "Understanding AlexNet" in warnings[0]
    summary = json.loads(ingest(run_cli, site, checklist, tmp_path / "data", "--json").stdout)
    assert summary["articles"]["failed"] == 0
    assert [(m["url"], m["topic_id"]) for m in summary["title_mismatches"]] == [(site.url("/shufflenet/"), "w01-t02")]


@pytest.mark.parametrize("args", [("--help",), ("syllabus", "--week", "1"), ("progress",),
                                  ("study", "--done", "AlexNet")])
def test_commands_that_do_not_search_leave_the_heavy_libraries_unloaded(tmp_path: Path, args):
    code = ("import sys\nfrom dlstudy.cli import main\n"
            f"try:\n    main({list(args) + ['--data-dir', str(tmp_path)] if args[0] != '--help' else list(args)!r})\n"
            "except SystemExit as stop:\n    assert stop.code == 0, stop.code\n"
            "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    modules = set(run.stderr.split())
    assert "dlstudy.commands" in modules and "rich" in modules  # the CLI did run
    loaded = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert loaded == [], loaded
