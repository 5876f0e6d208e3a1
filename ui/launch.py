"""`dlstudy ui`: run the Streamlit app headless on 127.0.0.1, configured through the environment.

Streamlit runs the app script in its own process, so the settings the CLI built (data dir,
Chroma URL, anything set explicitly) travel as `DLSTUDY_*` environment variables, which
`ui/app.py` reads back with `Settings()`.

That process is this module run as a script (`python -m ui.launch run app.py ...`): it starts
loading the index and the query model in the background, then hands over to Streamlit's own
command line, so the model is warm before the first page, not loaded by the first question.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core.settings import Settings

APP = Path(__file__).with_name("app.py")
DEFAULT_PORT = 8501
HOST = "127.0.0.1"
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
    return [sys.executable, "-m", "ui.launch", "run", str(APP),
            "--server.headless", "true", "--server.address", HOST, "--server.port", str(port),
            "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal",
            "--server.fileWatcherType", "none", *THEME]


def serve(settings: Settings, port: int | None = None) -> int:
    """Serve the app until Streamlit exits; returns its exit code.

    Streamlit runs as a child process. A SIGTERM sent to us is passed on, so stopping
    `dlstudy ui` (a service manager, a test) never leaves an orphaned server holding the port.
    """
    port = port or DEFAULT_PORT
    env = {**os.environ, **settings_environment(settings)}
    sys.stderr.write(f"dlstudy: serving the study app at http://{HOST}:{port} (data: {settings.data_dir})\n")
    with subprocess.Popen(command(port), env=env) as process, _forwarding_sigterm(process):
        try:
            return process.wait()
        except KeyboardInterrupt:
            _stop(process)
            raise


@contextmanager
def _forwarding_sigterm(process: subprocess.Popen) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: process.terminate())
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _streamlit_warm(argv: list[str]) -> int:
    """The app process: warm the shared resources in the background, then run Streamlit."""
    import logging

    from streamlit.web import cli as streamlit_cli

    # Declaring the app's caches before Streamlit's runtime exists logs a harmless warning.
    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)
    from ui.resources import start_warm_up

    start_warm_up()
    sys.argv = ["streamlit", *argv]
    return streamlit_cli.main(prog_name="streamlit")


def _stop(process: subprocess.Popen) -> None:
    """Ask Streamlit to shut down cleanly, and insist if it does not."""
    process.terminate()
    try:
        process.wait(timeout=STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


if __name__ == "__main__":
    sys.exit(_streamlit_warm(sys.argv[1:]))
