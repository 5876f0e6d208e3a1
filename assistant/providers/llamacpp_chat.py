"""A LangChain chat model over an in-process llama.cpp model (llama-cpp-python).

Written here rather than taken from langchain-community's `ChatLlamaCpp`: that package was sunset
(no fixes, repository archived in 2026), and its model loads a fresh copy of the weights for every
instance. This one is small, streams, and shares one loaded model per process for each
(path, context size, threads, seed), so the CLI's `--batch`, the UI and the evaluation load the
weights once however many chains they build.

Imported only when a llama.cpp chain is built: LangChain is not on the start path of a command
that answers without a language model.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    convert_to_openai_messages,
)
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from assistant.providers.llamacpp import _FIX, NAME, check_model_file, require_installed
from core.errors import ProviderUnavailable

if TYPE_CHECKING:
    from llama_cpp import Llama


@dataclass
class _Loaded:
    """One loaded model and the lock that serialises it (a llama.cpp context is not thread-safe)."""

    llama: Llama
    lock: threading.Lock = field(default_factory=threading.Lock)


_LOAD_LOCK = threading.Lock()


def load_llama(path: str, n_ctx: int, n_threads: int, seed: int) -> _Loaded:
    """The process-wide model for these parameters, loaded on first use."""
    with _LOAD_LOCK:  # two threads asking at once must not load the weights twice
        return _load(path, n_ctx, n_threads, seed)


@cache
def _load(path: str, n_ctx: int, n_threads: int, seed: int) -> _Loaded:
    check_model_file(Path(path))
    require_installed()
    from llama_cpp import Llama

    try:
        llama = Llama(path, n_ctx=n_ctx, n_threads=n_threads, seed=seed, verbose=False)
    except ValueError as exc:  # llama.cpp rejected the file (corrupt, unsupported architecture)
        raise ProviderUnavailable(NAME, "cannot load the model", path, str(exc), _FIX) from exc
    # Freed while llama_cpp still exists: left to interpreter teardown, its __del__ prints a
    # traceback on every exit of a process that used the model.
    atexit.register(llama.close)
    return _Loaded(llama)


class LlamaCppChat(BaseChatModel):
    """Chat completions from a local GGUF model, deterministic by default (temperature 0)."""

    model_path: str
    max_tokens: int = 256
    temperature: float = 0.0
    seed: int = 0
    n_ctx: int = 2048
    n_threads: int = 2

    @property
    def _llm_type(self) -> str:
        return NAME

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_path": self.model_path, "max_tokens": self.max_tokens,
                "temperature": self.temperature, "seed": self.seed, "n_ctx": self.n_ctx}

    @property
    def model_name(self) -> str:
        return Path(self.model_path).name

    @property
    def client(self) -> Llama:
        """The shared loaded model (the same object for every instance with these parameters)."""
        return self._loaded().llama

    def _loaded(self) -> _Loaded:
        return load_llama(self.model_path, self.n_ctx, self.n_threads, self.seed)

    def _request(self, messages: list[BaseMessage], stop: list[str] | None,
                 kwargs: dict[str, Any]) -> dict[str, Any]:
        return {
            "messages": convert_to_openai_messages(messages, text_format="string"),
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "seed": self.seed,
            "stop": stop or [],
            **kwargs,
        }

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None,
                  **kwargs: Any) -> ChatResult:
        loaded = self._loaded()
        with loaded.lock:
            response = loaded.llama.create_chat_completion(**self._request(messages, stop, kwargs))
        choice = response["choices"][0]
        usage = response.get("usage") or {}
        message = AIMessage(
            content=choice["message"].get("content") or "",
            usage_metadata=UsageMetadata(
                input_tokens=usage.get("prompt_tokens", 0),
                output_tokens=usage.get("completion_tokens", 0),
                total_tokens=usage.get("total_tokens", 0),
            ),
            response_metadata={"finish_reason": choice.get("finish_reason"),
                               "model_name": self.model_name},
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: CallbackManagerForLLMRun | None = None,
                **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        loaded = self._loaded()
        request = self._request(messages, stop, kwargs)
        with loaded.lock:  # held until the stream ends or the consumer closes it
            for part in loaded.llama.create_chat_completion(**request, stream=True):
                choice = part["choices"][0]
                text = choice["delta"].get("content") or ""
                finish = choice.get("finish_reason")
                if not text and not finish:
                    continue  # the opening role-only delta
                ending = {"finish_reason": finish, "model_name": self.model_name}
                metadata = ending if finish else {}
                chunk = ChatGenerationChunk(
                    message=AIMessageChunk(content=text, response_metadata=metadata))
                if run_manager and text:
                    run_manager.on_llm_new_token(text, chunk=chunk)
                yield chunk
