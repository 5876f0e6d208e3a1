"""Answer providers behind one interface, selected by name (`Settings.provider`, `--provider`).

A small registry in the spirit of simonw/llm's model plugins: each provider is a `ProviderSpec`
saying how to name its model, how to probe it cheaply and how to build its LangChain chat model.
The chain only ever sees a `BaseChatModel`, so adding a provider is one `register_provider` call.

`extractive` is registered too, as the one non-generative provider: it answers by quoting the
retrieved passages (the chain does that itself), so it has nothing to probe and no chat model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.providers.base import FALLBACK, ProviderInfo
from assistant.providers.llamacpp import (
    BUNDLED_GGUF,
    bundled_gguf_path,
    check_model_file,
    require_installed,
)
from core.errors import ProviderUnavailable, UserError, one_line
from core.settings import Settings

if TYPE_CHECKING:  # LangChain loads with the first chain built, httpx with the first probe
    import httpx
    from langchain_core.language_models import BaseChatModel

__all__ = [
    "PROBE_TIMEOUT_S", "ProviderInfo", "ProviderSpec", "ProviderUnavailable", "available_providers",
    "chat_model", "check_provider", "describe_failure", "llm_model_path", "provider_info",
    "register_provider", "require_provider",
]

# A reachability probe must answer fast: it runs before every CLI command that needs a model.
PROBE_TIMEOUT_S = 2.0
# Deterministic answers: the same question gives the same answer, so evaluations are repeatable.
TEMPERATURE = 0.0
SEED = 0
LLAMACPP_CONTEXT = 2048


@dataclass(frozen=True)
class ProviderSpec:
    """How one provider names its model, checks it is usable, and builds its chat model."""

    name: str
    model: Callable[[Settings], str]
    check: Callable[[Settings], None]
    build: Callable[[Settings], BaseChatModel] | None  # None: answers without a language model
    # Raises one line naming the install command if an optional package it runs on is missing.
    require: Callable[[], None] = lambda: None

    @property
    def generative(self) -> bool:
        return self.build is not None


_REGISTRY: dict[str, ProviderSpec] = {}


def register_provider(spec: ProviderSpec) -> ProviderSpec:
    """Add (or replace) a provider; its name becomes valid for `--provider`."""
    _REGISTRY[spec.name] = spec
    return spec


def available_providers() -> list[str]:
    return sorted(_REGISTRY)


def _spec(name: str) -> ProviderSpec:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UserError(
            f"unknown provider {name!r}; choose one of {', '.join(available_providers())}"
        ) from None


def provider_info(name: str, settings: Settings) -> ProviderInfo:
    spec = _spec(name)
    return ProviderInfo(name=spec.name, model=spec.model(settings), generative=spec.generative)


def require_provider(name: str) -> None:
    """Raise a `UserError` unless `name` is a provider whose packages are installed. Cheap (no
    probe, no model load): callers run it up front, so a missing extra is a set-up error, exit 2."""
    _spec(name).require()


def check_provider(name: str, settings: Settings) -> None:
    """Raise `ProviderUnavailable` (one line: provider, URL or path, fix) unless usable."""
    spec = _spec(name)
    spec.require()
    spec.check(settings)


def chat_model(name: str, settings: Settings) -> BaseChatModel:
    """The LangChain chat model for a generative provider.

    Only the local model is checked here (a missing file should fail now, not mid-answer); servers
    are probed by `check_provider`, which callers run once rather than per chain.
    """
    spec = _spec(name)
    spec.require()
    if spec.build is None:
        raise ValueError(
            f"the {name} provider answers without a language model; it has no chat model")
    return spec.build(settings)


def describe_failure(name: str, settings: Settings, error: BaseException) -> str:
    """One sentence saying why a provider call failed, for the note shown with a fallback answer.

    Client libraries word their errors differently (openai, ollama, httpx), so on failure the
    provider is probed again: if it is down, the probe's message names the URL or file and the fix.
    """
    if not isinstance(error, ProviderUnavailable):
        try:
            check_provider(name, settings)
        except ProviderUnavailable as probed:
            error = probed
    if isinstance(error, ProviderUnavailable):
        return f"{error}."
    if isinstance(error, TimeoutError) or "timeout" in type(error).__name__.lower():
        return f"{name} did not answer within {settings.provider_timeout_s:g}s."
    detail = one_line(str(error)) or "no details"
    return f"{name} failed ({type(error).__name__}: {detail[:200]})."


# --- llamacpp: a GGUF model in this process --------------------------------------------------


def llm_model_path(settings: Settings) -> Path:
    """`Settings.llm_model_path`, else the GGUF bundled with the project (never a hub download)."""
    if settings.llm_model_path:
        return Path(settings.llm_model_path).expanduser()
    return bundled_gguf_path()


def _check_llamacpp(settings: Settings) -> None:
    check_model_file(llm_model_path(settings))


def _build_llamacpp(settings: Settings) -> BaseChatModel:
    path = llm_model_path(settings)
    check_model_file(path)
    from assistant.providers.llamacpp_chat import LlamaCppChat

    return LlamaCppChat(
        model_path=str(path), max_tokens=settings.llm_max_tokens, n_threads=settings.llm_threads,
        n_ctx=LLAMACPP_CONTEXT, temperature=TEMPERATURE, seed=SEED,
    )


# --- servers: Ollama and any OpenAI-compatible API -------------------------------------------


def _probe(provider: str, base_url: str, path: str, fix: str,
           headers: dict[str, str] | None = None) -> httpx.Response:
    """GET `base_url + path` with a short timeout; any failure becomes one ProviderUnavailable."""
    import httpx

    try:
        response = httpx.get(base_url.rstrip("/") + path, headers=headers, timeout=PROBE_TIMEOUT_S)
        response.raise_for_status()
        return response
    except httpx.HTTPStatusError as exc:
        reason = f"HTTP {exc.response.status_code} from {path}"
    except httpx.TimeoutException:
        reason = f"no answer within {PROBE_TIMEOUT_S:g}s"
    except httpx.ConnectError as exc:
        reason = "connection refused" if "refused" in str(exc).lower() else f"cannot connect: {exc}"
    except (httpx.InvalidURL, httpx.UnsupportedProtocol):
        reason = "not a valid http(s) URL"
    except httpx.HTTPError as exc:
        reason = str(exc) or type(exc).__name__
    raise ProviderUnavailable(provider, "is not reachable", base_url, reason, fix)


_OLLAMA_FIX = f"start it with `ollama serve` or {FALLBACK}"


def _check_ollama(settings: Settings) -> None:
    """The server answers `/api/tags`, and the configured model has been pulled."""
    url, model = settings.ollama_url, settings.ollama_model
    response = _probe("ollama", url, "/api/tags", _OLLAMA_FIX)
    try:
        pulled = {entry["name"] for entry in response.json()["models"]}
    except (ValueError, KeyError, TypeError):
        raise ProviderUnavailable(
            "ollama", "is not reachable", url, "the reply to /api/tags is not Ollama's",
            f"set DLSTUDY_OLLAMA_URL to an Ollama server or {FALLBACK}",
        ) from None
    if model not in pulled and f"{model}:latest" not in pulled:
        raise ProviderUnavailable(
            "ollama", f"has no model {model!r}", url, "not pulled",
            f"run `ollama pull {model}`, set DLSTUDY_OLLAMA_MODEL, or {FALLBACK}",
        )


def _build_ollama(settings: Settings) -> BaseChatModel:
    from langchain_ollama import ChatOllama

    return ChatOllama(
        base_url=settings.ollama_url, model=settings.ollama_model, temperature=TEMPERATURE,
        seed=SEED, num_predict=settings.llm_max_tokens,
        client_kwargs={"timeout": settings.provider_timeout_s},
    )


def _check_openai(settings: Settings) -> None:
    """The server lists its models. The model name is not checked: servers that host a single
    model (llama.cpp, vLLM) list it under their own id and serve whatever name is asked for."""
    _probe(
        "openai", settings.openai_base_url, "/models",
        "start an OpenAI-compatible server there (e.g. `python -m llama_cpp.server --model "
        f"FILE.gguf`), set DLSTUDY_OPENAI_BASE_URL, or {FALLBACK}",
        headers={"Authorization": f"Bearer {settings.openai_api_key}"},
    )


def _build_openai(settings: Settings) -> BaseChatModel:
    from langchain_openai import ChatOpenAI

    # The reply length goes in `max_tokens` via extra_body: ChatOpenAI renames its own `max_tokens`
    # to `max_completion_tokens`, which llama-cpp-python's server silently ignores (it would then
    # generate up to the context size). `max_tokens` is understood by every compatible server.
    extra_body: dict[str, Any] = {"max_tokens": settings.llm_max_tokens}
    return ChatOpenAI(
        base_url=settings.openai_base_url, model=settings.openai_model,
        api_key=settings.openai_api_key, timeout=settings.provider_timeout_s, max_retries=1,
        temperature=TEMPERATURE, seed=SEED, extra_body=extra_body,
    )


def _nothing_to_check(settings: Settings) -> None:
    return None


register_provider(ProviderSpec("extractive", lambda s: "none", _nothing_to_check, None))
register_provider(ProviderSpec(
    "llamacpp", lambda s: Path(s.llm_model_path).name if s.llm_model_path else BUNDLED_GGUF,
    _check_llamacpp, _build_llamacpp, require=require_installed))
register_provider(ProviderSpec("ollama", lambda s: s.ollama_model, _check_ollama, _build_ollama))
register_provider(ProviderSpec("openai", lambda s: s.openai_model, _check_openai, _build_openai))
