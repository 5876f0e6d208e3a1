"""The CLI in-process, as a user would type it: click's CliRunner at a given terminal width."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dlstudy.cli import cli

WIDTHS = (80, 120)

RunCli = Callable[..., Result]
URL = re.compile(r"https?://\S+")


def invoke(*args: str, columns: int = 80, input: str | None = None) -> Result:
    """`dlstudy ARGS` with COLUMNS set; stdout and stderr apart, as a shell would see them."""
    return CliRunner().invoke(cli, list(args), input=input, env={"COLUMNS": str(columns), "TERM": "dumb"},
                              catch_exceptions=False)


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A command run without --data-dir uses an empty data dir of its own, never the developer's."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("DLSTUDY_HOME", str(home))
    return home


@pytest.fixture
def run_cli() -> RunCli:
    return invoke


def one_line_error(result: Result, *fragments: str) -> str:
    """The single `dlstudy: error:` line of a failed run (exit 2, no traceback)."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dlstudy: error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def check_layout(stdout: str, width: int) -> None:
    """Nothing is wider than the terminal except a URL printed whole on its own line."""
    for line in stdout.splitlines():
        if len(line) > width:
            assert URL.fullmatch(line.strip()), f"line wider than {width} columns: {line!r}"
