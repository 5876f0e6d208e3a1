"""Processes in tests: several at once, released together (servers: eval.servers)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest


def run_in_lockstep(script: str, db: Path, workdir: Path, repo: Path, tags: Sequence[str] = ("a", "b")) -> None:
    """Run `script` (python -c; argv: db, tag, workdir) in one process per tag, released together.

    Each process touches `workdir/ready-TAG` when set up and waits for `workdir/go`, so their
    writes overlap for real; any process failing fails the test with its stderr.
    """
    env = {**os.environ, "PYTHONPATH": str(repo)}
    workers = [subprocess.Popen([sys.executable, "-c", script, str(db), tag, str(workdir)], cwd=repo, env=env,
                                stderr=subprocess.PIPE, text=True) for tag in tags]
    deadline = time.monotonic() + 120
    while not all((workdir / f"ready-{tag}").exists() for tag in tags):
        for worker in workers:
            if worker.poll() is not None:
                pytest.fail(f"a worker stopped early: {worker.communicate()[1]}")
        assert time.monotonic() < deadline, "the workers did not start"
        time.sleep(0.05)
    (workdir / "go").touch()
    for worker in workers:
        _, errors = worker.communicate(timeout=300)
        assert worker.returncode == 0, errors
