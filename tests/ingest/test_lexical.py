"""The lexical index saved at ingest: made once per state of the collection, rebuilt (with one
line on stderr) for an index that has none, and never used once the collection has changed."""

from __future__ import annotations

import subprocess
import sys

from assistant.retrieval import CourseRetriever
from core.course import load_course
from core.settings import Settings
from ingest.lexical import lexical_dir
from ingest.models import Chunk, TopicRef
from ingest.pipeline import run_ingest
from ingest.store import REVISION, ChunkStore

QUESTION = "Why is GELU used in BERT?"


def _ask(data_dir) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dlstudy", "ask", QUESTION, "--data-dir", str(data_dir)],
                          capture_output=True, text=True, timeout=120)


def test_ingest_saves_it_and_an_unchanged_reingest_keeps_it(data_dir, embedder):
    settings = Settings(data_dir=data_dir)
    store = ChunkStore(settings, embedder.model_id, create=False)
    saved = lexical_dir(settings, store)
    assert (saved / "rows.json").is_file()

    run_ingest(settings, load_course(), offline=True, embedder=embedder)
    again = ChunkStore(settings, embedder.model_id, create=False)
    assert lexical_dir(settings, again) == saved and (saved / "rows.json").is_file()


def test_an_index_without_one_gets_it_on_first_use_with_one_notice(data_dir, embedder):
    settings = Settings(data_dir=data_dir)
    store = ChunkStore(settings, embedder.model_id, create=False)
    expected = _ask(data_dir)
    assert expected.returncode == 0 and expected.stderr == ""
    # What an index written before this change looks like: no revision, nothing saved beside it.
    store._collection.modify(metadata={REVISION: ""})
    for folder in settings.paths.lexical.iterdir():
        subprocess.run(["rm", "-r", str(folder)], check=True)

    first = _ask(data_dir)
    assert first.returncode == 0 and first.stdout == expected.stdout
    assert first.stderr.count("\n") == 1 and "building the lexical index" in first.stderr
    second = _ask(data_dir)
    assert second.stdout == expected.stdout and second.stderr == ""


def test_a_changed_collection_is_searched_as_it_is_now(data_dir, embedder):
    settings = Settings(data_dir=data_dir)
    store = ChunkStore(settings, embedder.model_id, create=False)
    course = load_course()
    topic = course.topics[0]
    note = Chunk(text="The zorblax schedule warms the learning rate up over ten epochs.", source="article",
                 url="https://iq.opengenus.org/zorblax/", heading="Zorblax", chunk_index=0,
                 topics=(TopicRef(topic_id=topic.id, week=topic.week, title=topic.title),))
    store.add([note], embedder.embed_documents([note.text]))

    retriever = CourseRetriever(settings, course, embedder)
    hits = retriever.search("What is the zorblax schedule?", k=3).hits
    assert hits[0].chunk.text == note.text
    assert retriever.passage(hits[0].chunk_id).text == note.text


def test_ingest_saves_the_course_terms_that_coverage_reads(data_dir, embedder):
    """A cold process judges "does the course use this term?" from what ingest saved, with the
    same answer as computing it from the passages (a term the course lacks stays missing)."""
    settings = Settings(data_dir=data_dir)
    store = ChunkStore(settings, embedder.model_id, create=False)
    assert (lexical_dir(settings, store) / "ngrams.json").is_file()
    saved = CourseRetriever(settings, load_course(), embedder=embedder)
    assert saved.missing_terms("What is layer normalization?") == []
    assert saved.missing_terms("How does batch normalization work?") == ["batch normalization"]
