"""A process that only reads the embedded index skips importing chromadb and reads through
Chroma's Rust core (ingest.chroma_local): it must find exactly what the chromadb client finds."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest

from core.settings import Settings
from ingest.chroma_local import LocalCollection, open_local_collection
from ingest.embedding import Embedder
from ingest.store import ChunkStore

QUESTIONS = ["Why is GELU used in BERT?", "How does im2row speed up convolution?", "What is a tensor?"]


@pytest.fixture
def stores(data_dir: Path, embedder: Embedder) -> tuple[ChunkStore, ChunkStore]:
    """The course index opened by the chromadb client (this process imported chromadb), and the
    same store reading through the local collection instead."""
    settings = Settings(data_dir=data_dir)
    client = ChunkStore(settings, embedder.model_id, create=False)
    local = open_local_collection(settings.paths.chroma, client.name)
    assert isinstance(local, LocalCollection), "the installed chromadb's bindings are not among KNOWN_VERSIONS"
    reader = copy.copy(client)
    reader._collection = local
    assert not isinstance(client._collection, LocalCollection)
    return client, reader


def test_the_local_reader_finds_what_the_client_finds(stores: tuple[ChunkStore, ChunkStore],
                                                      embedder: Embedder) -> None:
    client, reader = stores

    assert reader.count() == client.count() == 173
    assert reader.revision == client.revision != ""
    for question in QUESTIONS:
        vector = embedder.embed_query(question)
        for weeks in (None, [3], [3, 4]):
            expected = client.query(vector, 30, weeks)
            assert reader.query(vector, 30, weeks) == expected and expected
    ids = [chunk.id for chunk in client.chunks()[::20]]
    assert reader.get(ids) == client.get(ids) and len(ids) >= 8
    assert reader.chunks() == client.chunks()
    assert reader.chunks("checklist") == client.chunks("checklist")
    assert list(reader.iter_chunks(page=50)) == list(client.iter_chunks(page=50))
    assert reader.metadata_by_id() == client.metadata_by_id()


def test_a_missing_store_or_collection_is_left_to_the_client_to_report(data_dir: Path, tmp_path: Path) -> None:
    assert open_local_collection(tmp_path / "nothing-here", "dlstudy-all-minilm-l6-v2") is None
    assert open_local_collection(Settings(data_dir=data_dir).paths.chroma, "dlstudy-another-model") is None


_GROW = """
import sys
from core.settings import Settings
from ingest.chroma_local import LocalCollection
from ingest.models import Chunk, TopicRef
from ingest.store import ChunkStore

store = ChunkStore(Settings(data_dir=sys.argv[1]), "all-minilm-l6-v2", create=False)
opened_locally = isinstance(store._collection, LocalCollection) and "chromadb" not in sys.modules
chunk = Chunk(text="A passage added later.", source="article", url="https://example.invalid/a",
              topics=(TopicRef(topic_id="w01-t01", week=1, title="Added"),), heading="Added", chunk_index=0)
store.add([chunk], [[1.0] + [0.0] * 383])
print(opened_locally, store.count())
"""


def test_a_store_opened_to_read_in_a_fresh_process_writes_through_the_client(data_dir: Path,
                                                                              embedder: Embedder) -> None:
    before = ChunkStore(Settings(data_dir=data_dir), embedder.model_id, create=False).revision

    result = subprocess.run([sys.executable, "-c", _GROW, str(data_dir)], capture_output=True, text=True,
                            timeout=300, cwd=Path(__file__).parents[2])

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "174"]
    after = ChunkStore(Settings(data_dir=data_dir), embedder.model_id, create=False)
    assert after.count() == 174 and after.revision != before
