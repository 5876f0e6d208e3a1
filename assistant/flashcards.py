"""Flashcards built from the course: one card per topic (its description, asking for the topic),
and key-term cards from the topic's article passages when the articles are indexed.

A card never shows its own answer on the front: a topic card masks every word of the title in
the description (the quiz's mask_title), and a key-term card blanks every occurrence of its
term in the sentence. Card ids are stable (a topic's card is `<topic id>/topic`, a key-term
card's id hashes its term and sentence), so review history and Anki notes stay attached.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import BaseModel

from assistant.srs import topic_card_id
from core.course import Course, Topic
from core.errors import UserError
from core.settings import Settings
from ingest.manifest import Manifest

CardKind = Literal["topic", "term"]
SourceKind = Literal["checklist", "article"]
TERM_CARDS_PER_TOPIC = 3
TERM_SENTENCE_WORDS = (8, 45)  # shorter sentences give too little context, longer ones too much
BLANK = "_____"
CARDS_VERSION = "1"  # part of every deck signature: a change to how cards are written rebuilds them
FRONT_WORDS = 60  # a topic card quotes about this much of the description


class CardSource(BaseModel):
    week: int
    topic_id: str
    topic: str  # the checklist title, verbatim
    url: str  # the article the card's text comes from (for a topic card, the topic's first link)
    source: SourceKind


class Flashcard(BaseModel):
    card_id: str
    kind: CardKind
    topic_id: str
    week: int
    front: str
    back: str
    source: CardSource


def _source(topic: Topic, url: str | None = None, source: SourceKind = "checklist") -> CardSource:
    return CardSource(week=topic.week, topic_id=topic.id, topic=topic.title, source=source,
                      url=url if url is not None else (topic.urls[0] if topic.urls else ""))


def topic_card(topic: Topic) -> Flashcard:
    """Front: the description with the title masked; back: the title and the whole description."""
    from assistant.quiz_text import mask_title  # the text tools load only when cards are built

    masked = mask_title(topic.description, topic.title).split()
    excerpt = " ".join(masked[:FRONT_WORDS]) + (" …" if len(masked) > FRONT_WORDS else "")
    return Flashcard(card_id=topic_card_id(topic.id), kind="topic", topic_id=topic.id, week=topic.week,
                     front=f"Which week {topic.week} topic is this? “{excerpt}”",
                     back=f"{topic.title}: {topic.description}", source=_source(topic))


def term_cards(topic: Topic, passages: Sequence[str], url: str) -> list[Flashcard]:
    """Up to TERM_CARDS_PER_TOPIC cards, each an article sentence with one technical term (an
    acronym or a name like ImageNet, see assistant.terms) blanked; earlier sentences first."""
    from assistant.terms import technical_terms
    from core.text import split_sentences, written_words

    cards: list[Flashcard] = []
    seen: set[str] = set()
    for sentence in (s for passage in passages for s in split_sentences(passage)):
        if not TERM_SENTENCE_WORDS[0] <= len(written_words(sentence)) <= TERM_SENTENCE_WORDS[1]:
            continue
        for term, stems in technical_terms(sentence):
            pattern = re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", re.IGNORECASE)
            front = pattern.sub(BLANK, sentence)
            if len(stems) > 1 or term.casefold() in seen or term.casefold() in front.casefold():
                continue
            seen.add(term.casefold())
            digest = hashlib.sha1(f"{term}|{sentence}".encode()).hexdigest()[:10]
            cards.append(Flashcard(
                card_id=f"{topic.id}/term-{digest}", kind="term", topic_id=topic.id, week=topic.week,
                front=f"Fill in the key term: “{front}”", back=f"{term}: “{sentence}”",
                source=_source(topic, url, "article")))
            break
        if len(cards) == TERM_CARDS_PER_TOPIC:
            break
    return cards


class ArticleText(BaseModel):
    url: str
    passages: list[str]


class IndexedArticles:
    """The index's article text per topic (the `articles` of build_deck), read from Chroma only
    when a card first needs it; the ingest manifest alone tells what each topic's cards are made
    of (its signature), so cards built before can be reused without opening the index."""

    def __init__(self, settings: Settings, course: Course) -> None:
        self.settings, self.course = settings, course
        self._pages = _indexed_pages(settings, course)
        self._texts: dict[str, ArticleText] | None = None

    def get(self, topic_id: str) -> ArticleText | None:
        if self._pages == {}:
            return None  # nothing indexed but checklist descriptions
        if self._texts is None:
            self._texts = indexed_articles(self.settings, self.course)
        return self._texts.get(topic_id)

    def signature(self, topic: Topic) -> str | None:
        """None when the manifest cannot tell (an index on a Chroma server built elsewhere)."""
        if self._pages is None:
            return None
        return _digest(CARDS_VERSION, topic.title, topic.description,
                       *(f"{url}={self._pages[url]}" for url in topic.urls if url in self._pages))


Articles = Mapping[str, ArticleText] | IndexedArticles  # topic id -> its article text


def deck_signature(topic: Topic, articles: Articles | None) -> str | None:
    """What a topic's cards are built from, as a digest: equal digests, equal cards."""
    if isinstance(articles, IndexedArticles):
        return articles.signature(topic)
    article = (articles or {}).get(topic.id)  # a topic without articles: the same digest either way
    return _digest(CARDS_VERSION, topic.title, topic.description,
                   *((f"{article.url}={_digest(*article.passages)}",) if article else ()))


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()


def _indexed_pages(settings: Settings, course: Course) -> dict[str, str] | None:
    """URL -> its content hash and chunk ids, for the course's pages with indexed text, from the
    ingest manifest; None when there is no manifest to ask but there may be an index."""
    if not settings.paths.manifest.exists():
        return {} if not settings.chroma_url else None
    manifest = Manifest(settings.paths.manifest)
    try:
        pages = [(url, manifest.get(url)) for url in course.article_urls]
    finally:
        manifest.close()
    return {url: f"{page.content_hash}:{','.join(page.chunk_ids)}" for url, page in pages if page and page.chunk_ids}


def build_deck(course: Course, articles: Articles | None = None,
               week: int | None = None) -> list[Flashcard]:
    """Every card of the course (or of one week) in course order: each topic's own card, then its
    key-term cards when `articles` (topic id -> its indexed article text) has any."""
    topics = course.require_week(week).topics if week is not None else course.topics
    return [card for topic in topics for card in topic_deck(topic, articles)]


def topic_deck(topic: Topic, articles: Articles | None = None) -> list[Flashcard]:
    """One topic's cards: its own card, then its key-term cards."""
    article = (articles or {}).get(topic.id)
    terms = term_cards(topic, article.passages, article.url) if article is not None else []
    return [topic_card(topic), *terms]


def indexed_articles(settings: Settings, course: Course) -> dict[str, ArticleText]:
    """Topic id -> the passages of its first indexed article, read from the index (no model
    loaded). Empty when the index holds only checklist descriptions or does not exist yet; the
    ingest manifest says which, so a course without articles never pays for opening Chroma."""
    from ingest.embedding import Embedder  # chromadb and the embedder, only when there are articles
    from ingest.store import ChunkStore

    if _indexed_pages(settings, course) == {}:
        return {}
    try:
        store = ChunkStore(settings, Embedder(settings).model_id, create=False)
    except UserError:
        return {}
    by_url: dict[str, list] = {}
    for stored in sorted(store.chunks("article"), key=lambda s: s.chunk.chunk_index):
        by_url.setdefault(stored.chunk.url, []).append(stored.chunk)
    articles: dict[str, ArticleText] = {}
    for topic in course.topics:
        for url in topic.urls:  # the topic's first link that has indexed text
            passages = [chunk.text for chunk in by_url.get(url, ()) if topic.id in chunk.topic_ids]
            if passages:
                articles[topic.id] = ArticleText(url=url, passages=passages)
                break
    return articles
