"""Retrieval reads only what a question needs, and a Chroma server is searched, not downloaded:
a client with an empty data dir finds the same passages as the embedded index, and sees another
client's later writes."""

from __future__ import annotations

from assistant.retrieval import CourseRetriever
from core.settings import Settings
from ingest.models import Chunk, TopicRef
from ingest.pipeline import run_ingest
from ingest.store import ChunkStore
from tests.support.chroma_server import chroma_server

QUESTIONS = [("Why is GELU used in BERT?", None), ("How does im2row speed up convolution?", None),
             ("What is a tensor?", [1]), ("How does dropout prevent overfitting?", [3, 4])]


def _found(retriever: CourseRetriever) -> list:
    results = []
    for question, weeks in QUESTIONS:
        retrieval = retriever.search(question, k=5, weeks=weeks)
        results.append(([(h.chunk_id, h.topic.topic_id, round(h.similarity, 4)) for h in retrieval.hits],
                        retrieval.widened, retrieval.in_scope))
    return results


def test_week_scope_returns_only_that_weeks_passages(data_dir, embedder, course):
    retriever = CourseRetriever(Settings(data_dir=data_dir), course, embedder)
    topic = course.week(3).topics[0]
    retrieval = retriever.search(f"Explain {topic.title}", k=5, weeks=[3])
    assert not retrieval.widened and retrieval.hits[0].topic.topic_id == topic.id
    assert all(3 in hit.chunk.weeks for hit in retrieval.hits)


def test_a_chroma_server_client_finds_what_the_embedded_index_finds(data_dir, embedder, course, tmp_path):
    embedded = _found(CourseRetriever(Settings(data_dir=data_dir), course, embedder))
    with chroma_server(tmp_path / "server-db") as url:
        writer = Settings(data_dir=tmp_path / "writer", chroma_url=url)
        run_ingest(writer, course, offline=True, embedder=embedder)
        reader = Settings(data_dir=tmp_path / "reader", chroma_url=url)
        assert _found(CourseRetriever(reader, course, embedder)) == embedded

        topic = course.topics[0]
        note = Chunk(text="The zorblax schedule warms the learning rate up over ten epochs.",
                     source="article", url="https://iq.opengenus.org/zorblax/", heading="Zorblax",
                     chunk_index=0, topics=(TopicRef(topic_id=topic.id, week=topic.week, title=topic.title),))
        ChunkStore(writer, embedder.model_id).add([note], embedder.embed_documents([note.text]))
        hits = CourseRetriever(reader, course, embedder).search("What is the zorblax schedule?", k=3).hits
        assert hits[0].chunk.text == note.text
