"""The index survives a killed ingest, and the same ingest runs against a Chroma server."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from core.course import load_course
from core.settings import Settings
from ingest.embedding import Embedder
from ingest.pipeline import run_ingest
from ingest.store import ChunkStore
from tests.support.chroma_server import chroma_server
from tests.support.site import CHECKLIST_READ_TIMEOUT_S

FAST_FAILURE_ENV = {"DLSTUDY_READ_TIMEOUT_S": str(CHECKLIST_READ_TIMEOUT_S), "DLSTUDY_CONNECT_TIMEOUT_S": "0.5",
                    "DLSTUDY_BACKOFF_BASE_S": "0.01", "DLSTUDY_MAX_RETRY_AFTER_S": "1", "DLSTUDY_MAX_ATTEMPTS": "2"}


def settings_for(site, data_dir, **overrides) -> Settings:
    return Settings(data_dir=data_dir, allow_hosts=[], explicit_hosts=[site.host],
                    read_timeout_s=CHECKLIST_READ_TIMEOUT_S, connect_timeout_s=0.5, backoff_base_s=0.01,
                    max_retry_after_s=1.0, max_attempts=2, **overrides)


def snapshot(settings: Settings, embedder: Embedder) -> dict[str, str]:
    chunks, _ = ChunkStore(settings, embedder.model_id, create=False).all_chunks()
    ids = [c.id for c in chunks]
    assert len(ids) == len(set(ids)), "duplicate chunk ids in the index"
    return {c.id: c.chunk.text for c in chunks}


def sentence_rows(settings: Settings, embedder: Embedder) -> dict[str, set[str]]:
    """Each chunk's sentences as the sentence-vector file records them, all with a vector."""
    with sqlite3.connect(settings.paths.sentence_vectors(embedder.model_id)) as db:
        rows = db.execute("SELECT chunk_id, text, vector IS NOT NULL FROM chunk_sentences "
                          "LEFT JOIN sentences USING (text)").fetchall()
    assert all(has_vector for _, _, has_vector in rows), "a recorded sentence has no vector"
    found: dict[str, set[str]] = {}
    for chunk_id, text, _ in rows:
        found.setdefault(chunk_id, set()).add(text)
    return found


def test_an_ingest_killed_at_any_point_then_rerun_ends_with_exactly_the_right_chunks(site, tmp_path, embedder):
    checklist = site.write_checklist(tmp_path / "course.md")
    course = load_course(checklist)
    reference = settings_for(site, tmp_path / "reference")
    run_ingest(reference, course, embedder=embedder)
    expected = snapshot(reference, embedder)

    victim = tmp_path / "victim"
    command = [sys.executable, "-m", "dlstudy", "ingest", "--checklist", str(checklist),
               "--allow-host", site.host, "--data-dir", str(victim)]
    env = {**os.environ, **FAST_FAILURE_ENV}
    kills = 0
    for delay in (0.5, 1.5, 3.0, 4.5, 6.0, 7.5, 9.0):
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
    assert kills >= 3, "the runs finished before they could be killed; the test proves nothing"

    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert snapshot(settings_for(site, victim), embedder) == expected
    assert sentence_rows(settings_for(site, victim), embedder) == sentence_rows(reference, embedder)


def test_ingest_into_a_chroma_server_matches_the_embedded_store(site, tmp_path, embedder):
    course = load_course(site.write_checklist(tmp_path / "course.md"))
    embedded = settings_for(site, tmp_path / "embedded")
    run_ingest(embedded, course, embedder=embedder)

    with chroma_server(tmp_path / "server-db") as url:
        remote = settings_for(site, tmp_path / "client", chroma_url=url)
        first = run_ingest(remote, course, embedder=embedder)
        again = run_ingest(remote, course, embedder=embedder)
        assert snapshot(remote, embedder) == snapshot(embedded, embedder)
    assert first.chunks.added == first.chunks.total > 0
    assert again.chunks.added == 0 and again.chunks.total == first.chunks.total
