"""Flashcards from the course: one per topic from the real checklist, key-term cards from articles
indexed off the fixture site, and never an answer on a card's front."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.flashcards import build_deck, indexed_articles
from core.course import load_course
from core.settings import Settings
from ingest.pipeline import run_ingest
from tests.support.site import CHECKLIST_READ_TIMEOUT_S

COURSE = load_course()


def shows(front: str, answer: str) -> bool:
    """True when `answer` appears on `front` as whole words, whatever the case."""
    return re.search(rf"(?<!\w){re.escape(answer.casefold())}(?!\w)", front.casefold()) is not None


def test_every_topic_gets_a_card_that_asks_for_it_without_naming_it() -> None:
    deck = build_deck(COURSE)
    assert [card.topic_id for card in deck] == [topic.id for topic in COURSE.topics]
    for card, topic in zip(deck, COURSE.topics, strict=True):
        assert card.kind == "topic" and card.week == topic.week
        assert not shows(card.front, topic.title), card.front
        acronym = re.findall(r"\(([^)]{2,})\)", topic.title)  # "Large Language Models (LLMs)"
        assert not any(shows(card.front, a) for a in acronym), card.front
        assert card.back.startswith(f"{topic.title}: ")
        assert (card.source.week, card.source.topic, card.source.topic_id) == (topic.week, topic.title, topic.id)
        assert card.source.url == (topic.urls[0] if topic.urls else "")
        assert card.source.source == "checklist"


def test_card_ids_are_stable_and_unique() -> None:
    first, second = build_deck(COURSE), build_deck(COURSE)
    assert [c.card_id for c in first] == [c.card_id for c in second]
    assert len({c.card_id for c in first}) == len(first)
    assert [c.card_id for c in build_deck(COURSE, week=5)] == [c.card_id for c in first if c.week == 5]


@pytest.fixture
def article_index(site, tmp_path: Path, embedder) -> tuple[Settings, object]:
    """The fixture course ingested from the fixture site: real articles in a real index."""
    settings = Settings(data_dir=tmp_path / "data", allow_hosts=[], explicit_hosts=[site.host],
                        read_timeout_s=CHECKLIST_READ_TIMEOUT_S, max_attempts=1)
    course = load_course(site.write_checklist(tmp_path / "course.md"))
    run_ingest(settings, course, embedder=embedder)
    return settings, course


def test_indexed_articles_give_key_term_cards_with_their_source(article_index, site) -> None:
    settings, course = article_index
    articles = indexed_articles(settings, course)
    assert articles["w02-t01"].url == site.url("/alexnet/")

    deck = build_deck(course, articles)
    terms = [card for card in deck if card.kind == "term"]
    assert {card.topic_id for card in terms} >= {"w01-t01", "w02-t01"}
    for card in terms:
        term = card.back.split(": ", 1)[0]
        assert "_____" in card.front and not shows(card.front, term), card.front
        assert card.source.source == "article" and card.source.url == articles[card.topic_id].url
        assert card.source.topic == course.topic(card.topic_id).title
    assert len({c.card_id for c in deck}) == len(deck)
    assert [c.card_id for c in build_deck(course, indexed_articles(settings, course))] == [c.card_id for c in deck]


def test_an_index_without_articles_gives_topic_cards_only(data_dir: Path, tmp_path: Path) -> None:
    assert indexed_articles(Settings(data_dir=data_dir), COURSE) == {}  # the offline course index
    assert indexed_articles(Settings(data_dir=tmp_path / "nothing-here"), COURSE) == {}
    assert not (tmp_path / "nothing-here").exists(), "reading the cards creates nothing"
