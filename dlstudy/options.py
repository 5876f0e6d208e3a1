"""What every command shares: the --data-dir/--chroma-url/--json options, settings from them,
JSON output and the one-line error exit. Commands import this; nothing here imports a command."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from pydantic import BaseModel

from core.errors import UserError
from core.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])


week_option = click.option("--week", type=int, metavar="N", help="A week of the course (1..13 for the bundled one).")


def _existing_data_dir(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """A mistyped --data-dir must not silently become a new, empty one."""
    if value is not None and not value.is_dir():
        raise UserError(f"the data dir {value} does not exist; check the path, or build an index there "
                        f"with `dlstudy ingest --data-dir {value}`")
    return value


def common_options(command: F | None = None, *, creates_data_dir: bool = False) -> Any:
    """--data-dir, --chroma-url and --json, as every command takes them. Only a command that
    `creates_data_dir` (ingest) accepts a --data-dir that does not exist yet."""

    def apply(command: F) -> F:
        command = click.option("--json", "json_output", is_flag=True,
                               help="Machine-readable output on stdout.")(command)
        command = click.option("--chroma-url", envvar="DLSTUDY_CHROMA_URL", metavar="URL",
                               help="Use a Chroma server instead of the embedded store.")(command)
        return click.option("--data-dir", envvar="DLSTUDY_HOME", metavar="DIR",
                            type=click.Path(file_okay=False, path_type=Path),
                            callback=None if creates_data_dir else _existing_data_dir,
                            help="Where the index, caches and progress live.")(command)

    return apply(command) if command is not None else apply


def make_settings(data_dir: Path | None, chroma_url: str | None, **overrides: Any) -> Settings:
    """Settings from env and defaults, with the command line winning."""
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if chroma_url:
        overrides["chroma_url"] = chroma_url
    return Settings(**overrides)


def emit_json(document: BaseModel | dict | list) -> None:
    text = document.model_dump_json() if isinstance(document, BaseModel) else json.dumps(document, ensure_ascii=False)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def fail(message: str, code: int = 2) -> None:
    sys.stderr.write(f"dlstudy: error: {message}\n")
    raise SystemExit(code)
