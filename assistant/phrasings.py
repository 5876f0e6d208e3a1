"""How students put each course topic without knowing its title: descriptions of the idea and
questions about it, kept as data (`assistant/data/topic_phrasings.jsonl`, written from the
checklist alone by people who never saw the evaluation set).

The reranker recognises topics by them (`assistant.rerank`), and the intent model learns from a
share of them what a course question sounds like (`assistant.intent_model`). They are looked up by
title, so another checklist's "Dropout" shares them; a title without any has none.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from core.course import Course

PHRASINGS = "topic_phrasings.jsonl"


@cache
def all_phrasings() -> tuple[tuple[str, str], ...]:
    """Every phrasing as (title, text), in the file's order."""
    text = resources.files("assistant").joinpath("data", PHRASINGS).read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    return tuple((row["title"], row["text"]) for row in rows)


def topic_phrasings(course: Course) -> list[list[str]]:
    """Per topic (course order), the phrasings of its title."""
    by_title: dict[str, list[str]] = {}
    for title, text in all_phrasings():
        by_title.setdefault(_title_key(title), []).append(text)
    return [by_title.get(_title_key(topic.title), []) for topic in course.topics]


def _title_key(title: str) -> str:
    return " ".join(title.casefold().split())
