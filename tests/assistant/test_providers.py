"""The answer providers: chosen by name, real models answer, and an unusable one says how to fix it.

Everything here is real: the SmolLM2 GGUF bundled with the project, llama-cpp-python's own
OpenAI-compatible server on a loopback port, and closed loopback ports for the failures.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, AIMessageChunk

from assistant.providers import (
    ProviderInfo,
    ProviderUnavailable,
    available_providers,
    chat_model,
    check_provider,
    describe_failure,
    llm_model_path,
    provider_info,
)
from core.errors import UserError
from core.settings import Settings
from tests.support.llama_server import free_port, llama_server

MAX_TOKENS = 24
QUESTION = [("system", "Answer in one short sentence."), ("human", "What is a neural network?")]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, llm_max_tokens=MAX_TOKENS, llm_threads=2)


# --- the registry ------------------------------------------------------------------------------


def test_every_provider_is_listed_with_its_model(settings: Settings) -> None:
    assert available_providers() == ["extractive", "llamacpp", "ollama", "openai"]
    assert provider_info("extractive", settings) == ProviderInfo("extractive", "none", False)
    assert provider_info("llamacpp", settings) == ProviderInfo(
        "llamacpp", "SmolLM2-135M-Instruct.Q4_1.gguf", True)
    assert provider_info("ollama", settings) == ProviderInfo("ollama", settings.ollama_model, True)
    assert provider_info("openai", settings) == ProviderInfo("openai", settings.openai_model, True)


def test_an_unknown_provider_is_a_user_error_listing_the_choices(settings: Settings) -> None:
    with pytest.raises(UserError, match=r"unknown provider 'gpt5'; choose one of extractive, "
                                        r"llamacpp, ollama, openai"):
        chat_model("gpt5", settings)


def test_the_extractive_provider_needs_nothing_and_has_no_chat_model(settings: Settings) -> None:
    check_provider("extractive", settings)
    with pytest.raises(ValueError, match="without a language model"):
        chat_model("extractive", settings)


# --- llamacpp: the bundled GGUF in this process --------------------------------------------------


def test_llamacpp_answers_with_the_bundled_model_within_the_token_budget(
        settings: Settings) -> None:
    check_provider("llamacpp", settings)
    reply = chat_model("llamacpp", settings).invoke(QUESTION)
    assert isinstance(reply, AIMessage)
    assert reply.text.strip()
    assert 0 < reply.usage_metadata["output_tokens"] <= MAX_TOKENS


def test_llamacpp_answers_the_same_question_the_same_way(settings: Settings) -> None:
    model = chat_model("llamacpp", settings)
    assert model.invoke(QUESTION).text == model.invoke(QUESTION).text


def test_llamacpp_streams_the_answer_in_several_chunks(settings: Settings) -> None:
    model = chat_model("llamacpp", settings)
    chunks = list(model.stream(QUESTION))
    assert all(isinstance(chunk, AIMessageChunk) for chunk in chunks)
    assert len([chunk for chunk in chunks if chunk.text]) >= 3
    assert "".join(chunk.text for chunk in chunks) == model.invoke(QUESTION).text


def test_llamacpp_loads_the_model_once_for_many_chat_models(settings: Settings) -> None:
    first, second = chat_model("llamacpp", settings), chat_model("llamacpp", settings)
    first.invoke(QUESTION)
    second.invoke(QUESTION)
    assert first.client is second.client
    other_params = settings.model_copy(update={"llm_threads": 1})
    assert chat_model("llamacpp", other_params).client is not first.client


def test_llamacpp_uses_the_configured_model_path(settings: Settings, tmp_path: Path) -> None:
    copy = tmp_path / "my-model.gguf"
    copy.write_bytes(llm_model_path(settings).read_bytes())
    custom = settings.model_copy(update={"llm_model_path": str(copy)})
    assert provider_info("llamacpp", custom).model == "my-model.gguf"
    assert chat_model("llamacpp", custom).invoke(QUESTION).text.strip()


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda d: d / "missing.gguf", "file not found"),
        (lambda d: d, "a directory, not a file"),
        (lambda d: _write(d / "notes.gguf", b"not a model"), "not a GGUF file"),
    ],
    ids=["missing", "directory", "not-gguf"],
)
def test_an_unusable_model_path_says_which_file_and_how_to_fix_it(
        settings: Settings, tmp_path: Path, make: Callable[[Path], Path], reason: str) -> None:
    path = make(tmp_path)
    bad = settings.model_copy(update={"llm_model_path": str(path)})
    expected = (f"llamacpp has no usable model at {path} ({reason}); set DLSTUDY_LLM_MODEL_PATH "
                "to a readable .gguf file or choose --provider extractive")
    with pytest.raises(ProviderUnavailable) as probed:
        check_provider("llamacpp", bad)
    assert str(probed.value) == expected
    with pytest.raises(ProviderUnavailable) as built:
        chat_model("llamacpp", bad)
    assert str(built.value) == expected


# Python's own way to make a package not importable: a None entry in sys.modules. It stands for an
# install without the `llm` extra (the default `make run` install).
_WITHOUT_LLAMA_CPP = "import sys; sys.modules['llama_cpp'] = None; "
NOT_INSTALLED = (r"llamacpp is not installed at \S+ \(llama-cpp-python is an optional extra\); install "
                 r"it with `pip install -e '\.\[llm\]'` \(or `make install-llm`\), or choose --provider extractive")


def test_llamacpp_without_its_extra_is_one_line_naming_the_install_command(tmp_path: Path) -> None:
    script = _WITHOUT_LLAMA_CPP + "from dlstudy.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", script, "ask", "What is GELU?", "--provider", "llamacpp",
         "--data-dir", str(tmp_path)], capture_output=True, text=True, timeout=300,
        cwd=Path(__file__).parents[2])
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert re.fullmatch(r"dlstudy: error: " + NOT_INSTALLED, result.stderr.strip())


def test_without_llama_cpp_the_registry_still_names_the_model_and_explains_the_rest(tmp_path: Path) -> None:
    script = _WITHOUT_LLAMA_CPP + """
from assistant import providers
from core.settings import Settings
settings = Settings(data_dir=sys.argv[1])
print(providers.provider_info("llamacpp", settings).model)
for call in (providers.check_provider, providers.chat_model):
    try:
        call("llamacpp", settings)
    except providers.ProviderUnavailable as error:
        print(error.fix)
providers.check_provider("extractive", settings)
print("llama_cpp" in sys.modules and sys.modules["llama_cpp"] is not None)
"""
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True,
                            text=True, timeout=300, cwd=Path(__file__).parents[2], check=True)
    model, probed, built, imported = result.stdout.splitlines()
    assert model == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert probed == built == ("install it with `pip install -e '.[llm]'` (or `make install-llm`), "
                               "or choose --provider extractive")
    assert imported == "False"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- openai: a real OpenAI-compatible server -----------------------------------------------------


@pytest.fixture(scope="module")
def openai_server_url() -> Iterator[str]:
    with llama_server() as server:
        yield server.base_url


@pytest.fixture
def openai_settings(settings: Settings, openai_server_url: str) -> Settings:
    return settings.model_copy(update={"openai_base_url": openai_server_url})


def test_openai_answers_through_a_compatible_server_within_the_token_budget(
        openai_settings: Settings) -> None:
    check_provider("openai", openai_settings)
    reply = chat_model("openai", openai_settings).invoke(QUESTION)
    assert reply.text.strip()
    # The budget reaches the server: without it llama.cpp's server writes until the context is full.
    assert 0 < reply.usage_metadata["output_tokens"] <= MAX_TOKENS


def test_openai_streams_the_answer_in_several_chunks(openai_settings: Settings) -> None:
    chunks = list(chat_model("openai", openai_settings).stream(QUESTION))
    assert len([chunk for chunk in chunks if chunk.text]) >= 3
    assert "".join(chunk.text for chunk in chunks).strip()


# --- servers that are not there ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("provider", "setting", "url", "fix"),
    [
        ("ollama", "ollama_url", "http://127.0.0.1:{port}", "start it with `ollama serve`"),
        ("openai", "openai_base_url", "http://127.0.0.1:{port}/v1",
         "start an OpenAI-compatible server there"),
    ],
)
def test_a_closed_port_says_which_provider_and_url_and_how_to_fix_it(
        settings: Settings, provider: str, setting: str, url: str, fix: str) -> None:
    url = url.format(port=free_port())
    with pytest.raises(ProviderUnavailable) as raised:
        check_provider(provider, settings.model_copy(update={setting: url}))
    message = str(raised.value)
    assert message.startswith(f"{provider} is not reachable at {url} (connection refused); {fix}")
    assert message.endswith("choose --provider extractive")
    assert "\n" not in message


def test_a_malformed_server_url_is_reported_not_raised_as_a_crash(settings: Settings) -> None:
    with pytest.raises(ProviderUnavailable, match=r"^ollama is not reachable at localhost:11434 "
                                                  r"\(not a valid http\(s\) URL\)"):
        check_provider("ollama", settings.model_copy(update={"ollama_url": "localhost:11434"}))


# --- why an answer failed, for the note beside the fallback answer -------------------------------


def test_a_failed_call_to_a_server_that_went_away_is_explained_by_the_probe(
        settings: Settings) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    gone = settings.model_copy(update={"openai_base_url": url})
    with pytest.raises(Exception) as raised:
        chat_model("openai", gone).invoke(QUESTION)
    assert describe_failure("openai", gone, raised.value) == (
        f"openai is not reachable at {url} (connection refused); start an OpenAI-compatible server "
        "there (e.g. `python -m llama_cpp.server --model FILE.gguf`), set DLSTUDY_OPENAI_BASE_URL, "
        "or choose --provider extractive.")


def test_a_failure_of_a_healthy_provider_is_named_with_its_error(settings: Settings) -> None:
    error = RuntimeError("llama_decode returned -3\nkv cache full")
    assert describe_failure("llamacpp", settings, error) == (
        "llamacpp failed (RuntimeError: llama_decode returned -3 kv cache full).")


# --- ollama up, but is the model there? ----------------------------------------------------------


@pytest.fixture
def ollama_tags_url() -> Iterator[str]:
    """A loopback HTTP server answering Ollama's `GET /api/tags` with one pulled model."""

    class Tags(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # http.server's naming
            body = json.dumps({"models": [{"name": "smollm2:135m"}, {"name": "qwen3:latest"}]})
            self.send_response(200 if self.path == "/api/tags" else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Tags)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("model", ["smollm2:135m", "qwen3"])
def test_ollama_is_ready_when_the_model_is_pulled(
        settings: Settings, ollama_tags_url: str, model: str) -> None:
    check_provider("ollama", settings.model_copy(
        update={"ollama_url": ollama_tags_url, "ollama_model": model}))


def test_ollama_without_the_model_says_to_pull_it(settings: Settings, ollama_tags_url: str) -> None:
    with pytest.raises(ProviderUnavailable) as raised:
        check_provider("ollama", settings.model_copy(
            update={"ollama_url": ollama_tags_url, "ollama_model": "llama3.2:1b"}))
    assert str(raised.value) == (
        f"ollama has no model 'llama3.2:1b' at {ollama_tags_url} (not pulled); run "
        "`ollama pull llama3.2:1b`, set DLSTUDY_OLLAMA_MODEL, or choose --provider extractive")
