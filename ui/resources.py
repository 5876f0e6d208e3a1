"""The long-lived objects every session shares: settings and the Assistant (models, index)."""

from __future__ import annotations

import streamlit as st

from assistant import providers
from assistant.service import Assistant
from ingest.errors import UserError
from ingest.settings import Settings

PROBE_TTL_S = 30  # how long a provider reachability check is trusted before the sidebar re-probes


def load_settings() -> Settings:
    """Settings from the environment (`DLSTUDY_HOME`, `DLSTUDY_PROVIDER`, ...), as the CLI passes them."""
    return Settings()


@st.cache_resource(show_spinner=False)
def _assistant(key: str, _settings: Settings) -> Assistant:
    return Assistant(_settings)


def get_assistant(settings: Settings) -> Assistant:
    """One Assistant per distinct configuration, shared by every session of this server.

    Keyed by the settings' values, so two data dirs in one process (the tests) never share one.
    """
    return _assistant(settings.model_dump_json(), settings)


def forget_assistant() -> None:
    """Drop cached Assistants, e.g. after the index was rebuilt, so the next one reloads it."""
    _assistant.clear()


def index_problem(assistant: Assistant) -> str | None:
    """Why the course index cannot be searched (missing, empty, unreadable), or None if it can."""
    try:
        assistant.retriever  # noqa: B018 - loading the retriever opens and checks the index
    except UserError as error:
        return str(error)
    return None


@st.cache_data(ttl=PROBE_TTL_S, show_spinner=False)
def provider_status(name: str, _settings: Settings, key: str) -> tuple[providers.ProviderInfo, str | None]:
    """The provider's name and model, and why it is unusable right now (None: it is usable)."""
    info = providers.provider_info(name, _settings)
    try:
        providers.check_provider(name, _settings)
    except UserError as error:
        return info, str(error)
    return info, None
