"""The article fetcher and its page cache, against a real HTTP server on loopback.

Every way a fetch can go wrong ends with the URL in the failures, with a reason a user can act
on; transient faults are retried; addresses that must never be contacted are refused before any
socket connects (watched with a `socket.connect` audit hook, not a mock).
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.course import load_course
from core.settings import Settings
from ingest.fetch import fetch_pages
from ingest.models import Failure, FetchedPage
from ingest.page_cache import PageCache
from tests.support.site import (
    ARTICLES,
    CHECKLIST_FAILING_PATHS,
    CHECKLIST_OK_PATHS,
    CHECKLIST_PRIVATE_URLS,
    CHECKLIST_READ_TIMEOUT_S,
    FixtureSite,
    closed_port,
)

ALEXNET = "/alexnet/"


def settings_for(site: FixtureSite, tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {"data_dir": tmp_path, "allow_hosts": [], "explicit_hosts": [site.host],
                                 "connect_timeout_s": 2.0, "read_timeout_s": 5.0, "backoff_base_s": 0.01}
    values.update(overrides)
    return Settings(**values)


def fetch(urls: list[str], settings: Settings, **kwargs: object) -> tuple[list[FetchedPage], list[Failure]]:
    return asyncio.run(fetch_pages(urls, settings.fetch, PageCache(settings.paths.page_cache), **kwargs))


def reasons(failures: list[Failure]) -> dict[str, str]:
    return {failure.url: failure.reason for failure in failures}


# Every socket.connect in this process, while a test holds the `connections` fixture.
_recorders: list[list[object]] = []
_hook_installed = False


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event == "socket.connect":
        for recorder in _recorders:
            recorder.append(args[1])


@pytest.fixture
def connections() -> Iterator[list[object]]:
    """The addresses this process connects to during the test."""
    global _hook_installed
    if not _hook_installed:
        sys.addaudithook(_audit)  # hooks cannot be removed; this one is idle between tests
        _hook_installed = True
    recorder: list[object] = []
    _recorders.append(recorder)
    yield recorder
    _recorders.remove(recorder)


def connected_hosts(recorded: list[object]) -> set[str]:
    return {address[0] for address in recorded if isinstance(address, tuple)}


def test_articles_are_fetched_with_their_html_and_validators(site, tmp_path):
    urls = [site.url(article.path) for article in ARTICLES]
    pages, failures = fetch(urls, settings_for(site, tmp_path))
    assert failures == []
    assert [page.url for page in pages] == urls
    assert all(page.status == "ok" and page.etag and page.last_modified for page in pages)
    assert "AlexNet" in pages[2].html
    assert site.last_headers(ALEXNET)["user-agent"] == Settings().user_agent


def test_every_fault_ends_in_failures_with_its_reason(site, tmp_path):
    site.slow_seconds = 3.0
    settings = settings_for(site, tmp_path, read_timeout_s=0.3, max_attempts=2, max_page_bytes=64 * 1024)
    faults = {
        "/slow/": "timed out after 2 attempts",
        "/huge/": "page larger than 64 KB",
        "/huge-declared/": "page larger than 64 KB",
        "/redirect-away/": "redirect to a host not allowed: evil.example",
        "/paper.pdf": "not an HTML page (application/pdf)",
        "/missing/": "HTTP 404",
    }
    pages, failures = fetch([site.url(path) for path in faults], settings)
    assert pages == []
    assert reasons(failures) == {site.url(path): reason for path, reason in faults.items()}
    assert site.hits("/slow/") == 2  # max_attempts is a hard bound


def test_a_server_error_then_success_is_retried(site, tmp_path):
    pages, failures = fetch([site.url("/flaky-500/")], settings_for(site, tmp_path))
    assert failures == []
    assert pages[0].status == "ok" and "Dropout" in pages[0].html
    assert site.hits("/flaky-500/") == 2


def test_rate_limiting_is_waited_out_as_retry_after_asks(site, tmp_path):
    pages, failures = fetch([site.url("/rate-limited/")], settings_for(site, tmp_path))
    assert failures == []
    assert "Pooling" in pages[0].html
    assert site.hits("/rate-limited/") == 2


def test_retries_stop_after_max_attempts(site, tmp_path):
    pages, failures = fetch([site.url("/flaky-500/")], settings_for(site, tmp_path, max_attempts=1))
    assert pages == []
    assert reasons(failures) == {site.url("/flaky-500/"): "HTTP 500 after 1 attempt"}
    assert site.hits("/flaky-500/") == 1


def test_a_redirect_within_the_allowlist_is_followed(site, tmp_path):
    pages, _ = fetch([site.url("/moved/")], settings_for(site, tmp_path))
    assert pages[0].url == site.url("/moved/")
    assert pages[0].final_url == site.url(ALEXNET)


def test_urls_that_may_not_be_fetched_are_refused_without_connecting(site, tmp_path, connections):
    settings = settings_for(site, tmp_path, allow_hosts=["10.0.0.1", "169.254.169.254", "localhost"])
    urls = {
        "http://10.0.0.1/x": "private address not allowed: 10.0.0.1",
        "http://169.254.169.254/latest/": "private address not allowed: 169.254.169.254",
        "http://evil.example/": "host not allowed: evil.example",
        "ftp://10.0.0.1/file": "unsupported scheme: ftp",
        "file:///etc/passwd": "unsupported scheme: file",
        "not a url": "invalid URL (not absolute)",
    }
    pages, failures = fetch(list(urls), settings)
    assert pages == []
    assert reasons(failures) == urls
    assert connections == []


def test_loopback_is_refused_unless_the_host_was_named_explicitly(site, tmp_path, connections):
    path = f"{ALEXNET}"
    by_name = f"http://localhost:{site.port}{path}"
    settings = settings_for(site, tmp_path, allow_hosts=["localhost", site.host], explicit_hosts=[])
    pages, failures = fetch([site.url(path), by_name], settings)
    assert pages == []
    assert reasons(failures)[site.url(path)] == "private address not allowed: 127.0.0.1"
    assert reasons(failures)[by_name].startswith("private address not allowed: ")  # localhost resolves to loopback
    assert site.hits(path) == 0 and connections == []


def test_the_checklist_links_to_private_addresses_are_never_contacted(site, tmp_path, connections):
    course = load_course(site.write_checklist(tmp_path / "checklist.md"))
    private = [url for url in course.article_urls if site.host not in url]
    assert private == list(CHECKLIST_PRIVATE_URLS)
    _, failures = fetch(private, settings_for(site, tmp_path))
    assert set(reasons(failures)) == set(private)
    assert connected_hosts(connections) == set()


def test_the_fixture_checklist_fetches_as_documented(site, tmp_path):
    """The contract other test packages rely on: which checklist links succeed and which fail."""
    course = load_course(site.write_checklist(tmp_path / "checklist.md"))
    pages, failures = fetch(course.article_urls,
                             settings_for(site, tmp_path, read_timeout_s=CHECKLIST_READ_TIMEOUT_S, max_attempts=2))
    assert {page.url for page in pages} == {site.url(path) for path in CHECKLIST_OK_PATHS}
    assert {failure.url for failure in failures} == (
        {site.url(path) for path in CHECKLIST_FAILING_PATHS} | set(CHECKLIST_PRIVATE_URLS))


def test_an_unreachable_host_fails_fast_and_its_other_pages_are_not_tried(tmp_path, connections):
    origin = ("127.0.0.1", closed_port())
    settings = Settings(data_dir=tmp_path, allow_hosts=[], explicit_hosts=[origin[0]], connect_timeout_s=2.0,
                        backoff_base_s=0.01, max_attempts=3, fetch_concurrency=1)
    urls = [f"http://{origin[0]}:{origin[1]}/a/", f"http://{origin[0]}:{origin[1]}/b/"]
    pages, failures = fetch(urls, settings)
    assert pages == []
    assert reasons(failures) == dict.fromkeys(urls, "unreachable (offline?)")
    assert [address for address in connections if address == origin] == [origin] * 3  # /b/ was never tried


def test_offline_reads_the_cache_only_and_makes_no_request(site, tmp_path, connections):
    settings = settings_for(site, tmp_path)
    fetch([site.url(ALEXNET)], settings)
    connections.clear()
    pages, failures = fetch([site.url(ALEXNET), site.url("/dropout/")], settings, offline=True)
    assert [(page.url, page.status) for page in pages] == [(site.url(ALEXNET), "cached")]
    assert "AlexNet" in pages[0].html
    assert reasons(failures) == {site.url("/dropout/"): "not in cache (offline)"}
    assert site.hits(ALEXNET) == 1 and site.hits("/dropout/") == 0
    assert connections == []


def test_a_conditional_request_finds_the_page_unchanged_until_it_changes(site, tmp_path):
    settings = settings_for(site, tmp_path)
    first, _ = fetch([site.url(ALEXNET)], settings)
    again, _ = fetch([site.url(ALEXNET)], settings)
    assert again[0].status == "unchanged"
    assert again[0].html == first[0].html
    assert site.last_headers(ALEXNET)["if-none-match"] == first[0].etag

    site.set_page(ALEXNET, first[0].html.replace("ImageNet", "ImageNet (revised)"))
    changed, _ = fetch([site.url(ALEXNET)], settings)
    assert changed[0].status == "ok"
    assert "ImageNet (revised)" in changed[0].html
    assert PageCache(settings.paths.page_cache).get(site.url(ALEXNET)).html == changed[0].html


def test_when_the_site_fails_a_cached_copy_is_used(tmp_path):
    settings = Settings(data_dir=tmp_path, allow_hosts=[], explicit_hosts=["127.0.0.1"], backoff_base_s=0.01)
    url = f"http://127.0.0.1:{closed_port()}{ALEXNET}"
    PageCache(settings.paths.page_cache).put(FetchedPage(url, url, "ok", "<html>kept copy</html>", etag='"x"'))
    pages, failures = fetch([url], settings)
    assert failures == []
    assert (pages[0].status, pages[0].html) == ("cached", "<html>kept copy</html>")


def test_each_url_is_reported_once_in_input_order(site, tmp_path):
    urls = [site.url("/missing/"), site.url(ALEXNET), site.url("/missing/"), site.url("/dropout/")]
    seen: list[str] = []
    pages, failures = fetch(urls, settings_for(site, tmp_path), on_result=lambda url, _: seen.append(url))
    assert [page.url for page in pages] == [site.url(ALEXNET), site.url("/dropout/")]
    assert [failure.url for failure in failures] == [site.url("/missing/")]
    assert sorted(seen) == sorted(set(urls))
    assert site.hits("/missing/") == 1


def test_requests_to_one_host_are_limited_to_the_per_host_concurrency(site, tmp_path):
    site.slow_seconds = 0.3
    urls = [site.url(f"/slow/?copy={n}") for n in range(4)]
    pages, _ = fetch(urls, settings_for(site, tmp_path, per_host_concurrency=2, fetch_concurrency=4))
    assert len(pages) == 4
    assert site.max_in_flight == 2


def test_a_corrupt_cache_file_is_a_miss_and_is_repaired_by_the_next_fetch(site, tmp_path):
    settings = settings_for(site, tmp_path)
    cache = PageCache(settings.paths.page_cache)
    url = site.url(ALEXNET)
    fetch([url], settings)
    cache.path_for(url).write_bytes(b'{"url": "' + url.encode() + b'", "html": "<ht')  # torn write
    assert cache.get(url) is None
    pages, _ = fetch([url], settings)
    assert pages[0].status == "ok"  # no validators to send, so a full fetch
    assert cache.get(url).html == pages[0].html


@pytest.mark.parametrize("content", [b"", b"\xff\xfe not json", b"[1, 2, 3]", b'{"url": 42}'])
def test_unreadable_cache_files_read_as_misses(tmp_path, content):
    cache = PageCache(tmp_path)
    cache.path_for("https://iq.opengenus.org/x/").write_bytes(content)
    assert cache.get("https://iq.opengenus.org/x/") is None


def test_a_cache_file_for_another_url_is_not_returned(tmp_path):
    cache = PageCache(tmp_path)
    cache.put(FetchedPage("https://iq.opengenus.org/a/", "https://iq.opengenus.org/a/", "ok", "<p>a</p>"))
    cache.path_for("https://iq.opengenus.org/a/").rename(cache.path_for("https://iq.opengenus.org/b/"))
    assert cache.get("https://iq.opengenus.org/b/") is None


def test_a_writer_killed_mid_write_never_leaves_a_torn_cache_file(tmp_path):
    """SIGKILL a process that keeps rewriting one page; what is left is one whole version."""
    writer = textwrap.dedent(f"""
        import itertools, sys
        from pathlib import Path
        from ingest.models import FetchedPage
        from ingest.page_cache import PageCache
        cache = PageCache(Path({str(tmp_path)!r}))
        for n in itertools.count():
            html = str(n % 2) * 2_000_000
            cache.put(FetchedPage("https://iq.opengenus.org/x/", "https://iq.opengenus.org/x/", "ok", html))
            if n == 3:
                print("written", flush=True)
    """)
    process = subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "written"
    finally:
        process.kill()
        process.wait()
        process.stdout.close()
    page = PageCache(tmp_path).get("https://iq.opengenus.org/x/")
    assert page is not None
    assert page.html in ("0" * 2_000_000, "1" * 2_000_000)
