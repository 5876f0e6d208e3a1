"""`dlstudy ui` hands its settings to the Streamlit process through the environment."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from core.settings import Settings
from eval.servers import free_port, serving, tail
from ui.launch import HOST, command, settings_environment


def test_the_app_process_rebuilds_the_same_settings(tmp_path, monkeypatch):
    given = Settings(data_dir=tmp_path / "data", chroma_url="http://127.0.0.1:8000", top_k=7,
                     allow_hosts=["iq.opengenus.org", "127.0.0.1"], provider="ollama")
    for name, value in settings_environment(given).items():
        monkeypatch.setenv(name, value)

    rebuilt = Settings()

    assert rebuilt.data_dir == (tmp_path / "data").resolve()
    assert (rebuilt.chroma_url, rebuilt.top_k, rebuilt.allow_hosts, rebuilt.provider) == \
        (given.chroma_url, 7, given.allow_hosts, "ollama")


def test_fields_left_at_their_defaults_do_not_override_the_users_environment(tmp_path):
    env = settings_environment(Settings(data_dir=tmp_path))

    assert env == {"DLSTUDY_HOME": str(Path(tmp_path).resolve())}


def test_the_server_listens_on_loopback_only_and_sends_no_usage_stats():
    argv = command(8599)

    assert argv[argv.index("--server.address") + 1] == HOST == "127.0.0.1"
    assert argv[argv.index("--server.port") + 1] == "8599"
    assert argv[argv.index("--server.headless") + 1] == "true"
    assert argv[argv.index("--browser.gatherUsageStats") + 1] == "false"


def test_the_server_loads_the_index_and_query_model_before_any_page_is_opened(data_dir, tmp_path):
    """Warm before the student types: no browser connects here, yet the model gets loaded."""
    port = free_port()
    log = tmp_path / "ui.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DLSTUDY_")}
    command = [sys.executable, "-m", "dlstudy", "ui", "--port", str(port), "--data-dir", str(data_dir)]
    with serving(command, f"http://127.0.0.1:{port}/_stcore/health", log, env=env,
                 cwd=Path(__file__).resolve().parents[2]):
        deadline = time.monotonic() + 300
        while "query model are loaded" not in tail(log) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert "dlstudy: the course index and the query model are loaded" in tail(log)
    assert "Traceback" not in tail(log, limit=100_000)
