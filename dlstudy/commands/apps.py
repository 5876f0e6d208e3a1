"""Commands that start something bigger: the web UI and the evaluation."""

from __future__ import annotations

from pathlib import Path

import click

from dlstudy.cli import cli, common_options, emit_json, make_settings


@cli.command()
@click.option("--port", type=click.IntRange(1, 65535), metavar="P", help="Port on 127.0.0.1 (default 8501).")
@common_options
def ui(port: int | None, data_dir: Path | None, chroma_url: str | None, json_output: bool) -> None:
    """Start the Streamlit study app on 127.0.0.1 (health at /_stcore/health)."""
    from ui.launch import serve

    raise SystemExit(serve(make_settings(data_dir, chroma_url), port))
