"""A real `chroma run` server on a free loopback port, for server-mode tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.support.llama_server import free_port


@contextmanager
def chroma_server(path: Path, startup_timeout_s: float = 60.0) -> Iterator[str]:
    """Yield the server's URL; the server is stopped on exit."""
    executable = shutil.which("chroma", path=str(Path(sys.executable).parent))
    assert executable, "the chroma CLI ships with chromadb; is the venv installed?"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = path.parent / f"chroma-{port}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen([executable, "run", "--path", str(path), "--host", "127.0.0.1",
                                    "--port", str(port)], stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + startup_timeout_s
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"chroma run did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
