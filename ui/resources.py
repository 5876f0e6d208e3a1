"""The long-lived objects every session shares: settings and the Assistant (models, index).

`dlstudy ui` warms them when the server starts (`start_warm_up`), so the student's first question
finds the index, BM25 and the query model loaded; a page that opens meanwhile waits under its
"Loading the course index" spinner rather than on the first answer.
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING

import streamlit as st

from core.course import course_for
from core.errors import UserError
from core.settings import Settings

if TYPE_CHECKING:  # imported when first used: the server starts listening before they load
    from assistant.providers import ProviderInfo
    from assistant.service import Assistant

PROBE_TTL_S = 30  # how long a provider reachability check is trusted before the sidebar re-probes
WARM_UP_QUESTION = "What is a neural network?"
_warm = threading.Event()
_warm.set()  # nothing warming until `start_warm_up`


def load_settings() -> Settings:
    """Settings from the environment (`DLSTUDY_HOME`, `DLSTUDY_PROVIDER`, ...), as the CLI passes them."""
    return Settings()


@st.cache_resource(show_spinner=False)
def _assistant(key: str, _settings: Settings) -> Assistant:
    from assistant.service import Assistant

    return Assistant(_settings)


def get_assistant(settings: Settings) -> Assistant:
    """One Assistant per distinct configuration, shared by every session of this server.

    Keyed by the settings' values, so two data dirs in one process (the tests) never share one,
    and by the version of the data dir's course record, so an index re-ingested (perhaps with
    another course) while the server runs is studied with its own course from the next rerun.
    """
    return _assistant(f"{settings.model_dump_json()}|{_course_version(settings)}", settings)


def _course_version(settings: Settings) -> str:
    try:
        stat = settings.paths.course.stat()
    except FileNotFoundError:
        return "bundled"
    return f"{stat.st_mtime_ns}:{stat.st_size}"


def course_title(settings: Settings) -> str:
    """The title of the data dir's course, for the browser tab (the page shows any error)."""
    try:
        return course_for(settings.paths).title
    except UserError:
        return "study assistant"


def forget_assistant() -> None:
    """Drop cached Assistants, e.g. after the index was rebuilt, so the next one reloads it."""
    _assistant.clear()


def index_problem(assistant: Assistant) -> str | None:
    """Why the course index cannot be searched (missing, empty, unreadable), or None if it can.

    Waits for a warm-up in progress, so the page's loading spinner lasts until questions are fast.
    """
    _warm.wait()
    try:
        assistant.retriever  # noqa: B018 - loading the retriever opens and checks the index
    except UserError as error:
        return str(error)
    return None


def start_warm_up() -> threading.Thread:
    """Load the Assistant for the environment's settings in the background, with its index, BM25
    and query model, and answer one question so every lazily built part is ready."""
    _warm.clear()
    thread = threading.Thread(target=_warm_up, name="dlstudy-warm-up", daemon=True)
    thread.start()
    return thread


def _warm_up() -> None:
    try:
        assistant = get_assistant(load_settings())
        assistant.retriever.search(WARM_UP_QUESTION, k=1)  # index, BM25, query model, Chroma
        from assistant import providers

        if not providers.provider_info(assistant.provider, assistant.settings).generative:
            assistant.ask(WARM_UP_QUESTION)  # routing and answering too (no language model to run)
        sys.stderr.write("dlstudy: the course index and the query model are loaded\n")
    except UserError:
        pass  # no usable index yet: the page offers to build it
    except Exception as error:  # the page will meet it again and show it; the server stays up
        sys.stderr.write(f"dlstudy: warming up failed ({type(error).__name__}: {error})\n")
    finally:
        _warm.set()


@st.cache_data(ttl=PROBE_TTL_S, show_spinner=False)
def provider_status(name: str, _settings: Settings, key: str) -> tuple[ProviderInfo, str | None]:
    """The provider's name and model, and why it is unusable right now (None: it is usable)."""
    from assistant import providers

    info = providers.provider_info(name, _settings)
    try:
        providers.check_provider(name, _settings)
    except UserError as error:
        return info, str(error)
    return info, None
