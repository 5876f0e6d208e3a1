"""`dlstudy` on a pseudo-terminal, for what only a terminal shows: spinners, prompts, keystrokes."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def on_terminal(args: Sequence[str], *, typed: str = "", answers: Sequence[str] = (), pipe_stdout: bool = False,
                term: str = "xterm-256color", timeout_s: float = 300) -> tuple[str, str]:
    """Run `dlstudy ARGS` with a pseudo-terminal as stdin and stderr (and stdout unless piped).
    `typed` goes to its keyboard at once; each of `answers` after the next prompt (a line ending
    in ": "). Returns (what the terminal showed, what went to the stdout pipe); the run must succeed."""
    controller, terminal = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "100", "TERM": term}
    process = subprocess.Popen([sys.executable, "-m", "dlstudy", *args], stdin=terminal, stderr=terminal,
                               stdout=subprocess.PIPE if pipe_stdout else terminal, cwd=REPO, env=env,
                               close_fds=True)
    os.close(terminal)
    os.write(controller, typed.encode())
    shown, pending, deadline = b"", list(answers), time.monotonic() + timeout_s
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([controller], [], [], 0.2)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the process closed its end
                break
            if not chunk:
                break
            shown += chunk
            if pending and shown.endswith(b": "):  # a prompt waits for the next answer
                os.write(controller, pending.pop(0).encode() + b"\n")
        piped = process.stdout.read().decode() if process.stdout else ""
        process.wait(timeout=30)
    finally:
        os.close(controller)
    assert process.returncode == 0, shown.decode(errors="replace")
    return shown.decode(errors="replace"), piped
