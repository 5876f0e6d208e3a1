"""Real servers for the benchmark and the tests: start one on a free loopback port, wait until it
answers, stop it (terminate, then kill). `make bench` runs the app this way (eval/bench_ui.py),
and the tests run the app, Chroma and llama.cpp servers with the same helper."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx


class ServerError(RuntimeError):
    """The server did not come up; the message carries the end of its log."""


def free_port() -> int:
    """A port nothing listens on right now (the OS picks it, so parallel runs do not collide)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(command: Sequence[str], ready_url: str, log: Path, *, timeout_s: float = 120.0,
            ready: Callable[[httpx.Response], bool] = lambda r: r.status_code == 200,
            env: dict[str, str] | None = None, cwd: Path | None = None) -> Iterator[subprocess.Popen]:
    """Run `command` until the block ends (terminate, then kill), once `ready_url` answers."""
    with log.open("wb") as sink:
        process = subprocess.Popen(list(command), stdout=sink, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, env=env, cwd=cwd)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if process.poll() is not None:
                raise ServerError(f"{command[0]} exited with {process.returncode}: {tail(log)}")
            try:
                if ready(httpx.get(ready_url, timeout=2.0)):
                    break
            except httpx.TransportError:
                pass  # not listening yet
            if time.monotonic() > deadline:
                raise ServerError(f"{ready_url} did not answer within {timeout_s:g}s: {tail(log)}")
            time.sleep(0.2)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def tail(log: Path, limit: int = 2000) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-limit:]
