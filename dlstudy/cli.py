"""The `dlstudy` command line (reference: docs/cli.md).

Every command takes --data-dir, --chroma-url and --json. Errors the user can fix print one line
and exit 2, whether the CLI runs as a process or in click's CliRunner. The result a person reads
goes to stdout (JSON with --json); progress bars, warnings and status lines go to stderr.

Only what every command needs is imported here: the heavy libraries (Chroma, LangChain, torch)
are imported inside the commands that search, so `--help`, `syllabus` and `progress` start fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from pydantic import BaseModel

from ingest.errors import UserError
from ingest.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])


class DlstudyGroup(click.Group):
    """Turns every known failure into one line and an exit code, for the console script and
    for CliRunner alike."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        from dlstudy import commands  # noqa: F401  (registers the subcommands)

        try:
            code = super().main(args=args, prog_name=prog_name or "dlstudy", complete_var=complete_var,
                                standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as error:
            click.echo(error.ctx.get_help(), err=True)
            raise SystemExit(2) from None
        except (click.exceptions.Abort, KeyboardInterrupt):
            sys.stderr.write("\ndlstudy: interrupted\n")
            raise SystemExit(130) from None
        except click.UsageError as error:
            hint = f" (see `{error.ctx.command_path} --help`)" if error.ctx else ""
            fail(f"{error.format_message()}{hint}")
        except click.ClickException as error:
            fail(error.format_message())
        except UserError as error:
            fail(str(error))
        raise SystemExit(code if isinstance(code, int) else 0)


@click.group(cls=DlstudyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="dlstudy")
def cli() -> None:
    """Study the OpenGenus Deep Learning Checklist: ingest it, ask it, quiz yourself."""


week_option = click.option("--week", type=int, metavar="N", help="A week of the course, 1..13.")


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


def main(argv: list[str] | None = None) -> None:
    """The console script."""
    cli.main(args=argv, prog_name="dlstudy")
