"""A real OpenAI-compatible server for tests: llama-cpp-python's own, on a free loopback port.

    with llama_server() as server:
        settings = Settings(openai_base_url=server.base_url)

It serves the GGUF bundled with the project unless given another, is ready when `/v1/models`
answers, and is stopped (terminate, then kill) when the block ends, whatever happened inside.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

from assistant.providers import llm_model_path
from ingest.settings import Settings

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


def free_port() -> int:
    """A port nothing listens on right now (the OS picks it, so parallel runs do not collide)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
        try:
            server = LlamaServer(port=port, model_alias=MODEL_ALIAS, process=process)
            _wait_until_ready(server, log, startup_timeout_s)
            yield server
        finally:
            _stop(process)


def _wait_until_ready(server: LlamaServer, log: IO[bytes],
                      timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise LlamaServerError(
                f"llama_cpp.server exited with {server.process.returncode}: {_tail(log)}")
        try:
            if httpx.get(f"{server.base_url}/models", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass  # not listening yet
        time.sleep(0.2)
    raise LlamaServerError(f"llama_cpp.server not ready after {timeout_s:g}s: {_tail(log)}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _tail(log: IO[bytes], limit: int = 2000) -> str:
    log.seek(0)
    return log.read().decode("utf-8", "replace")[-limit:]
