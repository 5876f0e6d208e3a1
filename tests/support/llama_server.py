"""A real OpenAI-compatible server for tests: llama-cpp-python's own, on a free loopback port.

    with llama_server() as server:
        settings = Settings(openai_base_url=server.base_url)

It serves the GGUF bundled with the project unless given another, is ready when `/v1/models`
answers, and is stopped (terminate, then kill) when the block ends, whatever happened inside.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from assistant.providers import llm_model_path
from core.settings import Settings
from eval.servers import ServerError, free_port, serving

__all__ = ["LlamaServer", "LlamaServerError", "free_port", "llama_server"]

MODEL_ALIAS = "smollm2"


class LlamaServerError(RuntimeError):
    """The server did not come up; the message carries the end of its log."""


@dataclass(frozen=True)
class LlamaServer:
    port: int
    model_alias: str
    process: subprocess.Popen[bytes]

    @property
    def base_url(self) -> str:
        """What `Settings.openai_base_url` should be set to."""
        return f"http://127.0.0.1:{self.port}/v1"


@contextmanager
def llama_server(model: Path | None = None, *, n_ctx: int = 2048, threads: int = 2,
                 startup_timeout_s: float = 120.0) -> Iterator[LlamaServer]:
    """Run `python -m llama_cpp.server` for the duration of the block."""
    model = model or llm_model_path(Settings())
    port = free_port()
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(model),
        "--model_alias", MODEL_ALIAS, "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", str(n_ctx), "--n_threads", str(threads), "--seed", "0", "--verbose", "False",
    ]
    with tempfile.TemporaryDirectory(prefix="llama-server-") as tmp:
        url = f"http://127.0.0.1:{port}/v1"
        try:
            with serving(command, f"{url}/models", Path(tmp) / "server.log", timeout_s=startup_timeout_s) as process:
                yield LlamaServer(port=port, model_alias=MODEL_ALIAS, process=process)
        except ServerError as error:
            raise LlamaServerError(str(error)) from None
