"""The ONNX query model: the same vectors as sentence-transformers, answers without torch, and
indexes built before it existed keep working.

Everything is real: the bundled MiniLM on both runtimes, the course index built by ingest, and
`dlstudy ask` in fresh processes.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.course import load_course
from core.settings import Settings
from ingest.embedding import Embedder, bundled_model_dir
from ingest.manifest import Manifest, PageRecord, file_sha256
from ingest.onnx_export import FILE_NAME, query_model_path
from tests.support.indexes import unshare

QUESTION = "Why is GELU used in BERT?"
# Runs `dlstudy ask` and, as the process exits, reports which heavy modules it ever imported.
_ASK_AND_REPORT = """
import atexit, json, sys
atexit.register(lambda: sys.stderr.write("\\nMODULES " + json.dumps(
    {name: name in sys.modules for name in ("torch", "sentence_transformers", "onnxruntime", "chromadb")})
    + "\\n"))
from dlstudy.cli import main
main(sys.argv[1:])
"""


def course_texts() -> list[str]:
    """A few hundred texts as the index and the users write them: short titles, descriptions,
    questions, plus edge cases (blank, padded with spaces, longer than the model's 256 tokens)."""
    topics = load_course().topics
    texts = [t.title for t in topics] + [t.description for t in topics]
    texts += [f"Can you explain {t.title} to me?" for t in topics[:100]]
    texts += ["", "   spaced out   ", " ".join(t.description for t in topics[:12])]
    return texts


def ask(data_dir: Path, question: str = QUESTION) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _ASK_AND_REPORT, "ask", question, "--data-dir", str(data_dir)],
                          capture_output=True, text=True, timeout=600, cwd=Path(__file__).parents[2])


def imported(result: subprocess.CompletedProcess[str]) -> dict[str, bool]:
    line = next(line for line in result.stderr.splitlines() if line.startswith("MODULES "))
    return json.loads(line.removeprefix("MODULES "))


def notices(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if "fast query model" in line]


def test_onnx_vectors_equal_sentence_transformers_on_course_texts(embedder: Embedder, tmp_path: Path) -> None:
    # The bundled model's folder named as a path is "another model": it runs on sentence-transformers.
    reference = Embedder(Settings(data_dir=tmp_path, embedding_model=str(bundled_model_dir())))
    texts = course_texts()
    assert len(texts) >= 400

    onnx = np.asarray(embedder.embed_documents(texts))
    torch = np.asarray(reference.embed_documents(texts))
    queries = np.asarray([embedder.embed_query(text) for text in texts[-120:]])

    assert embedder.bundled and not reference.bundled
    assert onnx.shape == torch.shape == (len(texts), 384)
    assert np.min(np.sum(onnx * torch, axis=1)) >= 0.9999
    assert np.min(np.sum(queries * torch[-120:], axis=1)) >= 0.9999
    assert np.allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-5)


def test_another_embedding_model_keeps_the_sentence_transformers_path(tmp_path: Path) -> None:
    other = Embedder(Settings(data_dir=tmp_path, embedding_model=str(bundled_model_dir())))
    assert len(other.embed_query(QUESTION)) == 384
    assert type(other.model).__name__ == "SentenceTransformer"
    assert not (tmp_path / "models").exists()  # no ONNX graph is made for a model we did not bundle


def test_ingest_stores_the_query_model_with_the_index_and_records_its_hash(course_index: Path) -> None:
    path = query_model_path(Settings(data_dir=course_index))
    manifest = Manifest(Settings(data_dir=course_index).paths.manifest)
    try:
        record = manifest.model_file(FILE_NAME)
    finally:
        manifest.close()
    assert path.parent == course_index / "models" and path.is_file()
    assert record is not None and record.sha256 == file_sha256(path)
    assert record.source_sha256 == Settings().weights_sha256


def test_ask_in_a_fresh_process_imports_neither_torch_nor_sentence_transformers_nor_chromadb(data_dir: Path) -> None:
    result = ask(data_dir)

    assert result.returncode == 0, result.stderr
    assert "GELU" in result.stdout or "GeLU" in result.stdout
    assert imported(result) == {"torch": False, "sentence_transformers": False, "onnxruntime": True,
                                "chromadb": False}  # the index is read through Chroma's core alone
    assert notices(result) == []


def test_an_index_built_before_the_query_model_answers_and_makes_it_once(data_dir: Path) -> None:
    shutil.rmtree(data_dir / "models")
    with sqlite3.connect(data_dir / "manifest.sqlite3") as db:  # the manifest as the old code left it
        db.execute("DROP TABLE model_files")

    first = ask(data_dir)
    second = ask(data_dir)

    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert len(notices(first)) == 1 and notices(second) == []
    assert first.stdout == second.stdout and "BERT" in first.stdout
    assert imported(second)["torch"] is False
    assert query_model_path(Settings(data_dir=data_dir)).is_file()


def test_a_damaged_query_model_is_rebuilt_not_trusted(data_dir: Path, embedder: Embedder) -> None:
    settings = Settings(data_dir=data_dir)
    path = unshare(query_model_path(settings))
    with path.open("r+b") as handle:  # a truncated copy: same name, half the bytes
        handle.truncate(path.stat().st_size // 2)

    vector = Embedder(settings).embed_query(QUESTION)

    assert np.dot(vector, embedder.embed_query(QUESTION)) >= 0.9999
    manifest = Manifest(settings.paths.manifest)
    try:
        assert manifest.model_file(FILE_NAME).sha256 == file_sha256(path)
    finally:
        manifest.close()


def test_a_copied_query_model_is_hashed_once_then_known_by_its_size_and_time(data_dir: Path) -> None:
    settings = Settings(data_dir=data_dir)
    path = unshare(query_model_path(settings))
    before = path.stat()
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 10**9))  # as `cp` without -p leaves it

    assert len(Embedder(settings).embed_query(QUESTION)) == 384

    manifest = Manifest(settings.paths.manifest)
    try:
        record = manifest.model_file(FILE_NAME)
    finally:
        manifest.close()
    assert record.mtime_ns == path.stat().st_mtime_ns  # the next start compares sizes and times only
    assert record.sha256 == file_sha256(path)


def test_a_manifest_made_before_model_files_keeps_its_pages(tmp_path: Path) -> None:
    path = tmp_path / "manifest.sqlite3"
    with sqlite3.connect(path) as db:  # the schema and a row as the previous release wrote them
        db.execute("CREATE TABLE pages (url TEXT PRIMARY KEY, status TEXT NOT NULL, reason TEXT, "
                   "final_url TEXT, etag TEXT, last_modified TEXT, content_hash TEXT, "
                   "chunk_ids TEXT NOT NULL DEFAULT '[]', updated_at REAL NOT NULL)")
        db.execute("INSERT INTO pages VALUES ('https://iq.opengenus.org/gelu/', 'ok', NULL, NULL, "
                   "'\"e1\"', NULL, 'abc', '[\"c1\", \"c2\"]', 0)")

    manifest = Manifest(path)
    try:
        assert manifest.get("https://iq.opengenus.org/gelu/") == PageRecord(
            url="https://iq.opengenus.org/gelu/", status="ok", etag='"e1"', content_hash="abc",
            chunk_ids=("c1", "c2"))
        assert manifest.model_file(FILE_NAME) is None
    finally:
        manifest.close()


@pytest.mark.parametrize("name", ["all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"])
def test_both_names_of_the_bundled_model_run_on_onnx(name: str, data_dir: Path) -> None:
    embedder = Embedder(Settings(data_dir=data_dir, embedding_model=name))
    embedder.embed_query(QUESTION)
    assert embedder.bundled and embedder.model_id == "all-minilm-l6-v2"
    assert type(embedder.model).__name__ == "OnnxEncoder"
