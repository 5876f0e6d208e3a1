"""End to end: the fixture site -> fetch -> extract -> chunk -> MiniLM -> a real Chroma."""

from __future__ import annotations

from core.course import load_course
from core.settings import Settings
from ingest.embedding import Embedder
from ingest.pipeline import run_ingest
from ingest.store import ChunkStore
from tests.support.site import (
    CHECKLIST_FAILING_PATHS,
    CHECKLIST_OK_PATHS,
    CHECKLIST_PRIVATE_URLS,
    CHECKLIST_READ_TIMEOUT_S,
    FixtureSite,
)


def site_settings(site, data_dir, **overrides) -> Settings:
    return Settings(data_dir=data_dir, allow_hosts=[], explicit_hosts=[site.host],
                    read_timeout_s=CHECKLIST_READ_TIMEOUT_S, connect_timeout_s=0.5, backoff_base_s=0.01,
                    max_retry_after_s=1.0, **overrides)


def index_contents(settings: Settings, embedder: Embedder) -> dict[str, tuple[str, str]]:
    chunks, _ = ChunkStore(settings, embedder.model_id, create=False).all_chunks()
    return {item.id: (item.chunk.url, item.chunk.text) for item in chunks}


def article_chunks(settings: Settings, embedder: Embedder, url: str) -> dict[str, str]:
    chunks, _ = ChunkStore(settings, embedder.model_id, create=False).all_chunks()
    return {c.id: c.chunk.text for c in chunks if c.chunk.url == url and c.chunk.source == "article"}


def test_first_ingest_indexes_every_topic_and_every_fetchable_article(site, tmp_path, embedder):
    course = load_course(site.write_checklist(tmp_path / "course.md"))
    settings = site_settings(site, tmp_path / "data")

    summary = run_ingest(settings, course, embedder=embedder)

    assert summary.weeks == 2 and summary.topics == 6
    assert summary.articles.linked == len(course.article_urls) == 12
    assert summary.articles.ok == len(CHECKLIST_OK_PATHS)
    failed = {f.url: f.reason for f in summary.failures}
    assert set(failed) == {site.url(p) for p in CHECKLIST_FAILING_PATHS} | set(CHECKLIST_PRIVATE_URLS)
    assert all("not allowed" in failed[url] for url in CHECKLIST_PRIVATE_URLS)
    assert failed[site.url("/missing/")] == "HTTP 404"
    assert summary.warnings and "could not be indexed" in summary.warnings[0]

    contents = index_contents(settings, embedder)
    assert summary.chunks.total == len(contents) == summary.chunks.added
    urls = {url for url, _ in contents.values()}
    assert {site.url(p) for p in CHECKLIST_OK_PATHS} <= urls
    checklist = [i for i, (url, text) in contents.items() if text.startswith("Linear Regression.")]
    assert checklist, "every topic gets a checklist document"


def test_an_article_linked_from_two_topics_is_stored_once_for_both(site, tmp_path, embedder):
    course = load_course(site.write_checklist(tmp_path / "course.md"))
    settings = site_settings(site, tmp_path / "data")
    run_ingest(settings, course, embedder=embedder)

    chunks, _ = ChunkStore(settings, embedder.model_id, create=False).all_chunks()
    gelu = [c.chunk for c in chunks if c.chunk.url == site.url("/gelu-activation/") and c.chunk.source == "article"]
    assert gelu and all(set(c.topic_ids) == {"w01-t02", "w02-t03"} for c in gelu)
    assert all(c.weeks == (1, 2) for c in gelu)
    assert len({c.text for c in gelu}) == len(gelu)


def test_a_second_run_with_nothing_changed_adds_nothing_and_never_loads_the_model(site, tmp_path, embedder):
    course = load_course(site.write_checklist(tmp_path / "course.md"))
    settings = site_settings(site, tmp_path / "data")
    first = run_ingest(settings, course, embedder=embedder)

    idle = Embedder(settings)
    second = run_ingest(settings, course, embedder=idle)

    assert second.chunks.added == 0 and second.chunks.removed == 0
    assert second.chunks.total == first.chunks.total == second.chunks.unchanged
    assert second.articles.unchanged == len(CHECKLIST_OK_PATHS)  # conditional requests: 304s
    assert not idle.loaded


def test_a_changed_page_replaces_its_old_chunks(site, tmp_path, embedder):
    course = load_course(site.write_checklist(tmp_path / "course.md"))
    settings = site_settings(site, tmp_path / "data")
    run_ingest(settings, course, embedder=embedder)
    url = site.url("/alexnet/")
    before = article_chunks(settings, embedder, url)

    site.set_page("/alexnet/", NEW_ALEXNET)
    summary = run_ingest(settings, course, embedder=embedder)

    after = article_chunks(settings, embedder, url)
    assert before and not before & after.keys()
    assert any("grouped convolutions across two GPUs" in text for text in after.values())
    assert summary.chunks.removed == len(before) and summary.chunks.added == len(after)


def test_offline_uses_the_cache_and_a_page_never_cached_fails_with_a_reason(site, tmp_path, embedder):
    course = load_course(site.write_checklist(tmp_path / "course.md"))
    settings = site_settings(site, tmp_path / "data")
    online = run_ingest(settings, course, embedder=embedder)
    hits_before = site.hits("/alexnet/")

    offline = run_ingest(settings, course, offline=True, embedder=embedder)

    assert site.hits("/alexnet/") == hits_before
    assert offline.articles.cached == len(CHECKLIST_OK_PATHS)
    assert offline.chunks.total == online.chunks.total and offline.chunks.added == 0
    reasons = {f.url: f.reason for f in offline.failures}
    assert reasons[site.url("/missing/")] == "not in cache (offline)"


def test_a_site_that_goes_away_keeps_the_chunks_it_had(tmp_path, embedder):
    with FixtureSite() as site:
        course = load_course(site.write_checklist(tmp_path / "course.md"))
        settings = site_settings(site, tmp_path / "data", max_attempts=1)
        run_ingest(settings, course, embedder=embedder)
        before = index_contents(settings, embedder)
    (tmp_path / "data" / "pages").rename(tmp_path / "no-cache")  # and no cached copy to fall back on

    summary = run_ingest(settings, course, embedder=embedder)

    assert index_contents(settings, embedder) == before
    assert summary.chunks.removed == 0
    assert all(f.reason.startswith("unreachable") for f in summary.failures
               if f.url.startswith("http://127.0.0.1"))


NEW_ALEXNET = """<!DOCTYPE html><html><head><title>AlexNet, revisited</title></head><body>
<article class="post"><h1 class="post-full-title">AlexNet, revisited</h1>
<section class="post-full-content"><div class="post-content">
<h2>What changed</h2>
<p>AlexNet trained on two GTX 580 GPUs and used grouped convolutions across two GPUs to fit the
model in memory. The network has five convolutional layers followed by three fully connected
layers, and it used ReLU activations, dropout and overlapping max pooling to win ImageNet 2012.</p>
<p>Local response normalisation was later dropped by most architectures, but data augmentation
with random crops and horizontal flips stayed a standard practice for image classifiers.</p>
</div></section></article></body></html>"""
