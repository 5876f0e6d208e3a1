"""A real `chroma run` server on a free loopback port, for server-mode tests."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from eval.servers import free_port, serving


@contextmanager
def chroma_server(path: Path) -> Iterator[str]:
    """Yield the server's URL; the server is stopped on exit."""
    executable = shutil.which("chroma", path=str(Path(sys.executable).parent))
    assert executable, "the chroma CLI ships with chromadb; is the venv installed?"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [executable, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    with serving(command, f"{url}/api/v2/heartbeat", path.parent / f"chroma-{port}.log", timeout_s=60):
        yield url
