"""`dlstudy ui` hands its settings to the Streamlit process through the environment."""

from __future__ import annotations

from pathlib import Path

from ingest.settings import Settings
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
