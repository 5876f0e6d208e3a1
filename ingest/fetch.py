"""Fetching the course's articles: safely, politely, and degrading to the cache when the site fails.

Safety: only http(s) to allowed hosts, every redirect hop re-checked; the host is resolved
before any connection and every address it resolves to must be public (unless the user named
the host explicitly); the request then goes to that vetted address (with the real Host header
and TLS server name), so a second DNS answer cannot point it elsewhere. Proxy variables are
ignored for the same reason. Bodies are size-capped while streaming and must be HTML.

Politeness: bounded concurrency overall and per host, exponential backoff with jitter on
connection errors, timeouts, 5xx and 429 (honouring Retry-After), conditional requests from the
cached copy. Once a host proves unreachable, its other pages fail at once instead of each waiting
out its own retries, so an offline run ends quickly.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import ipaddress
import random
import socket
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from core.settings import FetchConfig
from ingest.models import Failure, FetchedPage
from ingest.page_cache import PageCache

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
UNREACHABLE = "unreachable (offline?)"
NOT_IN_CACHE = "not in cache (offline)"

OnResult = Callable[[str, FetchedPage | Failure], None]


async def fetch_pages(urls: Sequence[str], config: FetchConfig, cache: PageCache, *,
                      offline: bool = False, on_result: OnResult | None = None,
                      ) -> tuple[list[FetchedPage], list[Failure]]:
    """Fetch every URL once; each distinct input URL lands in exactly one list, in input order.

    Pages are `ok` (fetched now), `unchanged` (304 to our conditional request) or `cached` (offline,
    or the site failed transiently and we have a copy). `on_result` is called as each URL settles.
    """
    distinct = list(dict.fromkeys(urls))
    results: dict[str, FetchedPage | Failure] = {}
    async with _Fetcher(config, cache, offline=offline) as fetcher:

        async def settle(url: str) -> None:
            results[url] = await fetcher.fetch(url)
            if on_result is not None:
                on_result(url, results[url])

        async with asyncio.TaskGroup() as group:
            for url in distinct:
                group.create_task(settle(url))
    outcomes = [results[url] for url in distinct]
    return ([o for o in outcomes if isinstance(o, FetchedPage)],
            [o for o in outcomes if isinstance(o, Failure)])


class _Refused(Exception):
    """The fetch must not happen, or failed in a way retrying will not fix."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Transient(Exception):
    """A failure worth retrying. `final_reason` words it once the attempts are spent."""

    def __init__(self, kind: str, detail: str = "", retry_after: float | None = None) -> None:
        super().__init__(kind, detail)
        self.kind, self.detail, self.retry_after = kind, detail, retry_after

    def final_reason(self, attempts: int) -> str:
        tries = f"after {attempts} attempt{'s' if attempts != 1 else ''}"
        if self.kind == "unreachable":
            return UNREACHABLE
        if self.kind == "timeout":
            return f"timed out {tries}"
        if self.kind == "status":
            return f"HTTP {self.detail} {tries}"
        return f"connection failed {tries} ({self.detail})"


class _Fetcher:
    """One run's state: the allowlist, clients per host, concurrency slots, hosts known down."""

    def __init__(self, config: FetchConfig, cache: PageCache, *, offline: bool) -> None:
        self.config, self.cache, self.offline = config, cache, offline
        self.explicit = {_normal_host(host) for host in config.explicit_hosts}
        self.allowed = {_normal_host(host) for host in config.allow_hosts} | self.explicit
        self.slots = asyncio.Semaphore(max(1, config.fetch_concurrency))
        self.host_slots: dict[str, asyncio.Semaphore] = {}
        self.clients: dict[str, httpx.AsyncClient] = {}
        self.down: set[tuple[str, str, int | None]] = set()  # origins that proved unreachable

    async def __aenter__(self) -> _Fetcher:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await asyncio.gather(*(client.aclose() for client in self.clients.values()))

    async def fetch(self, url: str) -> FetchedPage | Failure:
        try:
            target = self.check_url(url, redirected=False)
        except _Refused as refused:
            return Failure(url=url, reason=refused.reason)
        cached = await asyncio.to_thread(self.cache.get, url)
        if self.offline:
            return cached if cached is not None else Failure(url=url, reason=NOT_IN_CACHE)
        async with self.slots:
            outcome = await self.fetch_with_retries(url, target, cached)
        if isinstance(outcome, FetchedPage) and outcome.status != "cached":
            await asyncio.to_thread(self.cache.put, outcome)
        return outcome

    async def fetch_with_retries(self, url: str, target: httpx.URL,
                                 cached: FetchedPage | None) -> FetchedPage | Failure:
        origin = (target.scheme, _normal_host(target.host), target.port)
        error: _Transient | None = None
        attempts = 0
        while attempts < max(1, self.config.max_attempts):
            if origin in self.down:
                error = _Transient("unreachable")
                break
            if error is not None:
                await asyncio.sleep(self.backoff(attempts, error.retry_after))
            attempts += 1
            try:
                return await self.fetch_chain(url, target, cached)
            except _Refused as refused:
                return Failure(url=url, reason=refused.reason)
            except _Transient as transient:
                error = transient
        assert error is not None
        if error.kind == "unreachable":
            self.down.add(origin)
        # The site failed, not the request: an older copy beats no copy.
        return cached if cached is not None else Failure(url=url, reason=error.final_reason(attempts))

    def backoff(self, attempts: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.config.max_retry_after_s)
        return self.config.backoff_base_s * 2 ** (attempts - 1) * random.uniform(1.0, 1.5)

    async def fetch_chain(self, url: str, target: httpx.URL, cached: FetchedPage | None) -> FetchedPage:
        """One attempt: follow redirects ourselves, checking every hop before connecting to it."""
        for _ in range(MAX_REDIRECTS + 1):
            host = _normal_host(target.host)
            addresses = await self.vetted_addresses(target)
            slot = self.host_slots.setdefault(host, asyncio.Semaphore(max(1, self.config.per_host_concurrency)))
            async with slot:
                response = await self.send(target, addresses, cached)
                try:
                    if response.status_code not in REDIRECTS:
                        return await self.page_from(response, url, target, cached)
                    location = response.headers.get("location")
                finally:
                    await response.aclose()
            if not location:
                raise _Refused(f"HTTP {response.status_code} without a Location")
            try:
                target = self.check_url(str(target.join(location)), redirected=True)
            except httpx.InvalidURL:
                raise _Refused("redirect to an invalid URL") from None
        raise _Refused(f"too many redirects (more than {MAX_REDIRECTS})")

    def check_url(self, raw: str, *, redirected: bool) -> httpx.URL:
        try:
            url = httpx.URL(raw)
        except httpx.InvalidURL:
            raise _Refused("invalid URL") from None
        if not url.scheme:
            raise _Refused("invalid URL (not absolute)")
        if url.scheme not in ("http", "https"):
            raise _Refused(f"unsupported scheme: {url.scheme}")
        host = _normal_host(url.host)
        if not host:
            raise _Refused("invalid URL (no host)")
        if host not in self.allowed:
            raise _Refused(f"{'redirect to a host' if redirected else 'host'} not allowed: {host}")
        return url

    async def vetted_addresses(self, url: httpx.URL) -> list[str]:
        """The addresses `url`'s host resolves to, all of them public unless the host is explicit."""
        host = _normal_host(url.host)
        port = url.port or (443 if url.scheme == "https" else 80)
        try:
            async with asyncio.timeout(self.config.connect_timeout_s):
                infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, TimeoutError):  # socket.gaierror is an OSError
            raise _Transient("unreachable") from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        if host not in self.explicit:
            for address in addresses:
                if not _is_public(address):
                    raise _Refused(f"private address not allowed: {address}")
        if not addresses:
            raise _Transient("unreachable")
        return addresses

    async def send(self, url: httpx.URL, addresses: list[str], cached: FetchedPage | None) -> httpx.Response:
        """GET `url` from the first of its vetted addresses that accepts a connection."""
        client = self.client_for(_normal_host(url.host))
        headers = {"Host": url.netloc.decode("ascii"), "User-Agent": self.config.user_agent,
                   "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"}
        if cached is not None and cached.etag:
            headers["If-None-Match"] = cached.etag
        if cached is not None and cached.last_modified:
            headers["If-Modified-Since"] = cached.last_modified
        extensions = {"sni_hostname": url.host} if url.scheme == "https" else {}
        error: httpx.HTTPError | None = None
        for address in addresses:
            request = client.build_request("GET", url.copy_with(host=address), headers=headers,
                                           extensions=extensions)
            try:
                return await client.send(request, stream=True)
            except (httpx.ConnectError, httpx.ConnectTimeout) as connect_error:
                error = connect_error  # try the host's next address
            except httpx.TimeoutException:
                raise _Transient("timeout") from None
            except httpx.TransportError as transport_error:
                raise _Transient("connection", type(transport_error).__name__) from None
        raise _Transient("unreachable") from error

    def client_for(self, host: str) -> httpx.AsyncClient:
        """A client per host: connections are pooled by address, and TLS names must not mix."""
        if host not in self.clients:
            self.clients[host] = httpx.AsyncClient(
                timeout=httpx.Timeout(self.config.read_timeout_s, connect=self.config.connect_timeout_s),
                follow_redirects=False,
                trust_env=False,
                limits=httpx.Limits(max_connections=max(1, self.config.per_host_concurrency)),
            )
        return self.clients[host]

    async def page_from(self, response: httpx.Response, url: str, final: httpx.URL,
                        cached: FetchedPage | None) -> FetchedPage:
        status = response.status_code
        etag = response.headers.get("etag")
        last_modified = response.headers.get("last-modified")
        if status == 304 and cached is not None:
            return FetchedPage(url=url, final_url=str(final), status="unchanged", html=cached.html,
                               etag=etag or cached.etag, last_modified=last_modified or cached.last_modified)
        if status == 429 or status >= 500:
            raise _Transient("status", str(status), _retry_after(response.headers.get("retry-after")))
        if not 200 <= status < 300:
            raise _Refused(f"HTTP {status}")
        media_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media_type not in HTML_TYPES:
            raise _Refused(f"not an HTML page ({media_type or 'no content type'})")
        body = await self.read_capped(response)
        return FetchedPage(url=url, final_url=str(final), status="ok", html=_decode(body, response.charset_encoding),
                           etag=etag, last_modified=last_modified)

    async def read_capped(self, response: httpx.Response) -> bytes:
        """The (decompressed) body, abandoned as soon as it exceeds the cap."""
        cap = self.config.max_page_bytes
        too_large = _Refused(f"page larger than {_human_bytes(cap)}")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise too_large
        body = bytearray()
        try:
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > cap:
                    raise too_large
        except httpx.TimeoutException:
            raise _Transient("timeout") from None
        except httpx.DecodingError:
            raise _Refused("could not decode the response") from None
        except httpx.TransportError as error:
            raise _Transient("connection", type(error).__name__) from None
        return bytes(body)


def _normal_host(host: str) -> str:
    return host.strip().rstrip(".").lower()


def _is_public(address: str) -> bool:
    """Globally routable unicast: not private, loopback, link-local, reserved, multicast or unspecified."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds from now: either delay-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    with contextlib.suppress(TypeError, ValueError):
        when = parsedate_to_datetime(value)
        when = when if when.tzinfo else when.replace(tzinfo=UTC)
        return max(0.0, (when - datetime.now(UTC)).total_seconds())
    return None


def _decode(body: bytes, charset: str | None) -> str:
    try:
        codec = codecs.lookup(charset or "utf-8").name
    except LookupError:
        codec = "utf-8"
    return body.decode(codec, errors="replace")


def _human_bytes(size: int) -> str:
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"
