"""The `dlstudy` command line (reference: docs/cli.md).

Every command takes --data-dir, --chroma-url and --json. Errors the user can fix print one line
and exit 2, whether the CLI runs as a process or in click's CliRunner. The result a person reads
goes to stdout (JSON with --json); progress bars, warnings and status lines go to stderr.

Only what every command needs is imported here: the heavy libraries (Chroma, LangChain, torch)
are imported inside the commands that search, so `--help`, `syllabus` and `progress` start fast.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from core.errors import UserError
from dlstudy.commands import COMMANDS
from dlstudy.options import fail


class DlstudyGroup(click.Group):
    """Turns every known failure into one line and an exit code, for the console script and
    for CliRunner alike."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
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
    """Study a course checklist (by default OpenGenus's Deep Learning Checklist): ingest it, ask it,
    quiz yourself, review what you are forgetting."""


for command in COMMANDS:
    cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    """The console script."""
    cli.main(args=argv, prog_name="dlstudy")
