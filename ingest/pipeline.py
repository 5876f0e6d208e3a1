"""The ingest run: fetch -> extract -> chunk -> embed -> store, incremental and idempotent.

The index is reconciled against the set of chunks the course should have now: ids are
deterministic, so only new chunks are embedded and only stale ones deleted. Whatever point a run
is killed at, the next run computes the same target set and converges on it.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from core.course import Course, Topic, record_course
from core.settings import Settings
from ingest.chunking import Chunker
from ingest.embedding import Embedder
from ingest.extract import extract_article
from ingest.fetch import fetch_pages
from ingest.lexical import refresh_lexical_index
from ingest.manifest import Manifest, PageRecord
from ingest.models import (
    ArticleCounts,
    Chunk,
    ChunkCounts,
    Failure,
    FetchedPage,
    IngestSummary,
    Reporter,
)
from ingest.page_cache import PageCache
from ingest.sentence_vectors import SentenceVectors, refresh_sentence_vectors
from ingest.store import ChunkStore
from ingest.titles import title_mismatches


class _Silent:
    def start(self, stage: str, total: int) -> None:
        pass

    def advance(self, stage: str, amount: int = 1) -> None:
        pass


@dataclass
class _Plan:
    """What the index should hold after this run, and what the manifest should then say."""

    target: dict[str, Chunk] = field(default_factory=dict)  # id -> chunk (text known)
    keep_ids: set[str] = field(default_factory=set)  # ids we keep without their text in hand
    records: list[PageRecord] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # url -> the page's title, for title checks


def run_ingest(settings: Settings, course: Course, *, offline: bool = False, refresh: bool = False,
               rebuild: bool = False, reporter: Reporter | None = None,
               embedder: Embedder | None = None) -> IngestSummary:
    """Bring the index in line with the course; `embedder` lets a long-lived caller share one.

    The data dir records the course first (a run killed later is resumed by the same command);
    an index of another course is replaced only with `rebuild`, which also re-extracts every page.
    """
    reporter = reporter or _Silent()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    record_course(settings.paths, course, replace=rebuild)
    refresh = refresh or rebuild
    embedder = embedder or Embedder(settings)
    store = ChunkStore(settings, embedder.model_id)
    manifest = Manifest(settings.paths.manifest)
    sentences = SentenceVectors(settings.paths.sentence_vectors(embedder.model_id))
    try:
        urls = course.article_urls
        with _timed(timings, "fetch"):
            reporter.start("fetch", len(urls))
            pages, fetch_failures = asyncio.run(fetch_pages(
                urls, settings.fetch, PageCache(settings.paths.page_cache), offline=offline,
                on_result=lambda url, result: reporter.advance("fetch")))
        existing = store.metadata_by_id()
        with _timed(timings, "extract"):
            plan = _plan(course, pages, fetch_failures, existing, manifest, settings, refresh, reporter)
        to_add = [chunk for chunk_id, chunk in plan.target.items() if chunk_id not in existing]
        wanted = plan.target.keys() | plan.keep_ids
        to_remove = [chunk_id for chunk_id in existing if chunk_id not in wanted]
        with _timed(timings, "embed"):
            embedder.prepare_query_model(settings)  # the ONNX graph queries run on, made once
            reporter.start("embed", len(to_add))
            vectors = _embed(embedder, to_add, reporter, settings.embedding_batch_size)
        with _timed(timings, "store"):
            store.add(to_add, vectors)
            store.delete(to_remove)
            refresh_lexical_index(settings, store)  # BM25 and row metadata for readers
            manifest.put_many(plan.records)
            manifest.forget_except(set(urls))
        # The sentences' vectors, for answers, after the chunks (a kill before this is repaired by
        # the next run); their time counts as embedding, the stages of the CLI contract.
        with _timed(timings, "embed"):
            refresh_sentence_vectors(sentences, store, embedder.embed_documents, plan.target,
                                     set(wanted), reporter)
        timings["total"] = time.perf_counter() - started
        counts = ArticleCounts(linked=len(urls), failed=len(plan.failures))
        failed = {f.url for f in plan.failures}
        mismatches = title_mismatches(course, plan.titles)
        for page in pages:
            if page.url not in failed:
                setattr(counts, page.status, getattr(counts, page.status) + 1)
        return IngestSummary(
            weeks=len(course.weeks), topics=len(course.topics), articles=counts,
            failures=plan.failures,
            chunks=ChunkCounts(added=len(to_add), removed=len(to_remove),
                               unchanged=len(wanted & existing.keys()), total=store.count()),
            timings_s={k: round(v, 3) for k, v in timings.items()},
            collection=store.name, title_mismatches=mismatches,
            warnings=_warnings(plan.failures, len(urls), offline) + [m.warning() for m in mismatches])
    finally:
        manifest.close()
        sentences.close()


def _plan(course: Course, pages: list[FetchedPage], failures: list[Failure],
          existing: dict[str, dict], manifest: Manifest, settings: Settings, refresh: bool,
          reporter: Reporter) -> _Plan:
    plan = _Plan()
    chunker = Chunker(settings.chunk_size, settings.chunk_overlap)
    for week in course.weeks:
        for topic in week.topics:
            chunk = chunker.checklist_chunk(topic, week.title)
            plan.target[chunk.id] = chunk
    topics_by_url: dict[str, list[Topic]] = defaultdict(list)
    for topic in course.topics:
        for url in topic.urls:
            topics_by_url[url].append(topic)
    ids_by_url: dict[str, set[str]] = defaultdict(set)
    for chunk_id, metadata in existing.items():
        if metadata.get("source") == "article":
            ids_by_url[metadata["url"]].add(chunk_id)

    for failure in failures:
        # We could not get the page now: keep what an earlier run indexed rather than lose it.
        plan.keep_ids |= ids_by_url.get(failure.url, set())
        plan.failures.append(failure)
        previous = manifest.get(failure.url)
        plan.records.append(PageRecord(url=failure.url, status="failed", reason=failure.reason,
                                       content_hash=previous.content_hash if previous else None,
                                       chunk_ids=previous.chunk_ids if previous else ()))
    reporter.start("extract", len(pages))
    for page in pages:
        reporter.advance("extract")
        record = PageRecord(url=page.url, status=page.status, final_url=page.final_url,
                            etag=page.etag, last_modified=page.last_modified,
                            content_hash=page.content_hash)
        previous = manifest.get(page.url)
        if (not refresh and previous and previous.content_hash == page.content_hash
                and previous.chunk_ids and set(previous.chunk_ids) <= existing.keys()):
            plan.keep_ids |= set(previous.chunk_ids)  # same bytes as last time: nothing to redo
            plan.titles[page.url] = existing[previous.chunk_ids[0]]["heading"].split(" > ")[0]
            plan.records.append(PageRecord(**{**record.__dict__, "chunk_ids": previous.chunk_ids}))
            continue
        article = extract_article(page.html, page.url)
        chunks = chunker.article_chunks(article, topics_by_url[page.url]) if article else []
        if article is None or not chunks:
            reason = "no article text found in the page"
            plan.failures.append(Failure(url=page.url, reason=reason))
            plan.records.append(PageRecord(**{**record.__dict__, "status": "failed", "reason": reason}))
            continue
        plan.titles[page.url] = article.title
        for chunk in chunks:
            plan.target[chunk.id] = chunk
        plan.records.append(PageRecord(**{**record.__dict__, "chunk_ids": tuple(c.id for c in chunks)}))
    return plan


def _embed(embedder: Embedder, chunks: list[Chunk], reporter: Reporter, batch: int) -> list[list[float]]:
    """Embed in order of length, so each batch pads little, and return vectors in input order."""
    order = sorted(range(len(chunks)), key=lambda i: len(chunks[i].text))
    vectors: list[list[float]] = [[] for _ in chunks]
    step = batch * 4  # a few model batches per progress update
    for start in range(0, len(order), step):
        rows = order[start:start + step]
        for row, vector in zip(rows, embedder.embed_documents([chunks[i].text for i in rows]), strict=True):
            vectors[row] = vector
        reporter.advance("embed", len(rows))
    return vectors


def _warnings(failures: list[Failure], linked: int, offline: bool) -> list[str]:
    if not failures:
        return []
    how = "offline mode" if offline else "run `dlstudy ingest` again later to retry them"
    return [f"{len(failures)} of {linked} linked articles could not be indexed ({how}); "
            "every topic is still searchable from its checklist description"]


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started
