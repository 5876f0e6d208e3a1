"""`dlstudy ui`: run the Streamlit app headless on 127.0.0.1, configured through the environment.

Streamlit runs the app script in its own process, so the settings the CLI built (data dir,
Chroma URL, anything set explicitly) travel as `DLSTUDY_*` environment variables, which
`ui/app.py` reads back with `Settings()`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ingest.settings import Settings

APP = Path(__file__).with_name("app.py")
DEFAULT_PORT = 8501
HOST = "127.0.0.1"
HEALTH_PATH = "/_stcore/health"
STOP_GRACE_S = 10.0
THEME = ["--theme.base", "light", "--theme.primaryColor", "#3558d6"]


def settings_environment(settings: Settings) -> dict[str, str]:
    """`DLSTUDY_*` variables that make `Settings()` in the app equal `settings`.

    The data dir always goes (as `DLSTUDY_HOME`); other fields only when set explicitly, so the
    environment the user already has stays in charge of everything else.
    """
    env = {"DLSTUDY_HOME": str(settings.data_dir.expanduser().resolve())}
    for name in sorted(settings.model_fields_set - {"data_dir"}):
        value = getattr(settings, name)
        if value is None:
            continue
        env[f"DLSTUDY_{name.upper()}"] = value if isinstance(value, str) else json.dumps(
            value if not isinstance(value, Path) else str(value))
    return env


def command(port: int) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(APP),
            "--server.headless", "true", "--server.address", HOST, "--server.port", str(port),
            "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal",
            "--server.fileWatcherType", "none", *THEME]


def serve(settings: Settings, port: int | None = None) -> int:
    """Serve the app until it exits or the user presses Ctrl-C; returns Streamlit's exit code."""
    port = port or DEFAULT_PORT
    env = {**os.environ, **settings_environment(settings)}
    sys.stderr.write(f"dlstudy: serving the study app at http://{HOST}:{port} (data: {settings.data_dir})\n")
    with subprocess.Popen(command(port), env=env) as process:
        try:
            return process.wait()
        except KeyboardInterrupt:
            # The terminal sent Ctrl-C to Streamlit too; give it a moment to shut down cleanly.
            try:
                return process.wait(timeout=STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                process.terminate()
                return process.wait()
