"""Ingest embeds every passage sentence once, beside its chunk, and keeps the set in line with
the index: new pages add theirs, changed pages forget their old ones, an older index is filled in."""

from __future__ import annotations

import numpy as np

from core.course import load_course
from core.settings import Settings
from ingest.embedding import Embedder
from ingest.pipeline import run_ingest
from ingest.sentence_vectors import SentenceVectors, passage_sentences
from ingest.store import ChunkStore
from tests.ingest.test_pipeline import NEW_ALEXNET, site_settings


def passage_sentence_set(settings: Settings, embedder: Embedder) -> set[str]:
    chunks, _ = ChunkStore(settings, embedder.model_id, create=False).all_chunks()
    return {s for c in chunks for s in passage_sentences(c.chunk.text)}


def stored(settings: Settings, embedder: Embedder) -> SentenceVectors:
    found = SentenceVectors.open_existing(settings.paths.sentence_vectors(embedder.model_id))
    assert found is not None, "ingest wrote no sentence vectors"
    return found


def test_every_sentence_of_every_passage_has_the_vector_the_model_gives_it(site, tmp_path, embedder):
    course = load_course(site.write_checklist(tmp_path / "course.md"))
    settings = site_settings(site, tmp_path / "data")
    run_ingest(settings, course, embedder=embedder)

    sentences = sorted(passage_sentence_set(settings, embedder))
    vectors = stored(settings, embedder).get(sentences)

    assert len(sentences) > 50 and set(vectors) == set(sentences)
    sample = sentences[::7]
    fresh = np.asarray(embedder.embed_documents(sample))
    assert np.allclose(np.stack([vectors[s] for s in sample]), fresh, atol=1e-5)


def test_a_changed_page_forgets_the_sentences_only_its_old_text_had(site, tmp_path, embedder):
    course = load_course(site.write_checklist(tmp_path / "course.md"))
    settings = site_settings(site, tmp_path / "data")
    run_ingest(settings, course, embedder=embedder)
    before = passage_sentence_set(settings, embedder)

    site.set_page("/alexnet/", NEW_ALEXNET)
    run_ingest(settings, course, embedder=embedder)

    after = passage_sentence_set(settings, embedder)
    vectors = stored(settings, embedder)
    assert before - after and after - before
    assert set(vectors.get(sorted(before | after))) == after


def test_an_index_made_before_sentence_vectors_gets_them_without_embedding_its_chunks_again(
        site, tmp_path, embedder):
    course = load_course(site.write_checklist(tmp_path / "course.md"))
    settings = site_settings(site, tmp_path / "data")
    run_ingest(settings, course, embedder=embedder)
    path = settings.paths.sentence_vectors(embedder.model_id)
    for leftover in path.parent.glob(path.name + "*"):  # the database and its WAL files
        leftover.unlink()

    summary = run_ingest(settings, course, embedder=embedder)

    assert summary.chunks.added == 0 and summary.chunks.removed == 0
    sentences = passage_sentence_set(settings, embedder)
    assert set(stored(settings, embedder).get(sorted(sentences))) == sentences
