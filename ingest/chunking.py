"""Heading-aware chunking: articles split on their markdown headings first, then by size, so a
chunk stays inside one section and carries its heading path for citations."""

from __future__ import annotations

from collections.abc import Sequence

from langchain_text_splitters import (
    MarkdownHeaderTextSplitter,
    RecursiveCharacterTextSplitter,
)

from core.course import Topic
from ingest.models import Article, Chunk, TopicRef

_HEADINGS = [("#", "h1"), ("##", "h2"), ("###", "h3"), ("####", "h4")]


class Chunker:
    def __init__(self, chunk_size: int, chunk_overlap: int) -> None:
        self._by_heading = MarkdownHeaderTextSplitter(_HEADINGS, strip_headers=True)
        self._by_size = RecursiveCharacterTextSplitter(
            chunk_size=chunk_size,
            chunk_overlap=chunk_overlap,
            separators=["\n\n", "\n", ". ", " ", ""],
        )

    def article_chunks(self, article: Article, topics: Sequence[Topic]) -> list[Chunk]:
        refs = _refs(topics)
        chunks: list[Chunk] = []
        for section in self._by_heading.split_text(article.text):
            path = [section.metadata[key] for _, key in _HEADINGS if key in section.metadata]
            if path and path[0].strip().lower() == article.title.strip().lower():
                path = path[1:]
            heading = " > ".join([article.title, *path])
            for piece in self._by_size.split_text(section.page_content):
                text = piece.strip()
                if len(text) < 40:  # a lone caption or separator retrieves nothing useful
                    continue
                chunks.append(Chunk(text=text, source="article", url=article.url, topics=refs,
                                    heading=heading, chunk_index=len(chunks)))
        return chunks

    def checklist_chunk(self, topic: Topic, week_title: str) -> Chunk:
        """Every topic is retrievable from its own description, fetched articles or not."""
        text = f"{topic.title}. {topic.description}" if topic.description else topic.title
        return Chunk(
            text=text,
            source="checklist",
            url=topic.urls[0] if topic.urls else "",
            topics=_refs([topic]),
            heading=f"Week {topic.week}: {week_title} > {topic.title}",
            chunk_index=0,
        )


def _refs(topics: Sequence[Topic]) -> tuple[TopicRef, ...]:
    return tuple(TopicRef(topic_id=t.id, week=t.week, title=t.title) for t in topics)
