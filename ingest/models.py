"""Typed contracts between the stages: what fetching, extraction and chunking hand on, and the
chunk records the index stores (and the assistant reads back)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal, Protocol

from pydantic import BaseModel

Source = Literal["article", "checklist"]
FetchStatus = Literal["ok", "cached", "unchanged"]


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class FetchedPage:
    """A page we have HTML for: fetched now (`ok`), confirmed by a 304 (`unchanged`), or taken
    from the on-disk cache because we are offline or the site failed (`cached`)."""

    url: str
    final_url: str
    status: FetchStatus
    html: str
    etag: str | None = None
    last_modified: str | None = None

    @property
    def content_hash(self) -> str:
        return sha256_text(self.html)


@dataclass(frozen=True)
class Article:
    """Main content of a page, as markdown-ish text with `#` headings kept."""

    url: str
    title: str
    text: str


@dataclass(frozen=True)
class TopicRef:
    topic_id: str
    week: int
    title: str


@dataclass(frozen=True)
class Chunk:
    """One retrievable passage. An article linked from several topics is stored once, tied to all."""

    text: str
    source: Source
    url: str
    topics: tuple[TopicRef, ...]
    heading: str  # heading path, "Article title > Section > Subsection"
    chunk_index: int
    text_hash: str = field(default="")

    def __post_init__(self) -> None:
        if not self.text_hash:
            object.__setattr__(self, "text_hash", sha256_text(self.text))

    @property
    def id(self) -> str:
        """Deterministic: the same text at the same place, for the same topics, keeps its id."""
        key = "|".join([self.source, self.url, ",".join(self.topic_ids), str(self.chunk_index), self.text_hash])
        return sha256_text(key)[:32]

    @property
    def topic_ids(self) -> tuple[str, ...]:
        return tuple(ref.topic_id for ref in self.topics)

    @property
    def weeks(self) -> tuple[int, ...]:
        return tuple(sorted({ref.week for ref in self.topics}))


class ArticleCounts(BaseModel):
    linked: int = 0
    ok: int = 0
    cached: int = 0
    unchanged: int = 0
    failed: int = 0


class ChunkCounts(BaseModel):
    added: int = 0
    removed: int = 0
    unchanged: int = 0
    total: int = 0


class Failure(BaseModel):
    """A linked page that could not be fetched or read: a fetch outcome and a line of the
    `dlstudy ingest --json` summary."""

    url: str
    reason: str  # human-readable: "unreachable (offline?)", "HTTP 404", "host not allowed: ..."


class TitleMismatch(BaseModel):
    """A linked article whose page title shares no word with its topic: maybe the wrong link."""

    url: str
    title: str
    topic_id: str
    topic: str

    def warning(self) -> str:
        return (f"{self.url} is titled {self.title!r}, which shares no word with its topic "
                f"{self.topic!r} ({self.topic_id}); the checklist may link the wrong article")


class IngestSummary(BaseModel):
    """The `dlstudy ingest --json` document (see the CLI contract)."""

    weeks: int
    topics: int
    articles: ArticleCounts
    failures: list[Failure]
    chunks: ChunkCounts
    timings_s: dict[str, float]
    collection: str
    warnings: list[str] = []
    title_mismatches: list[TitleMismatch] = []


class Reporter(Protocol):
    """Where ingest's progress goes, stage by stage; the CLI draws rich bars, tests pass nothing."""

    def start(self, stage: str, total: int) -> None: ...
    def advance(self, stage: str, amount: int = 1) -> None: ...
