"""Does a linked article look like it belongs to its topic? The checklist sometimes links the
wrong page (its ShuffleNet link leads to an article on Inception-ResNet-v1), and a student who
follows it should be told. A page title that shares no word with the topic's title is reported
as a warning, never a failure: the text is still indexed.

Words match when equal, one extends the other ("convolution"/"convolutional", "resnet"/
"resnet50"), they are one typo apart ("segementation"), or one is the acronym of the other's
consecutive words ("GELU"/"Gaussian Error Linear Unit").
"""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from core.course import Course
from ingest.models import TitleMismatch

_WORD = re.compile(r"[a-z0-9]+")
# Words that say nothing about what an article is about.
_NOISE = frozenset({
    "a", "an", "and", "are", "as", "at", "by", "for", "from", "how", "in", "into", "is", "it", "its",
    "of", "on", "or", "the", "to", "using", "vs", "what", "when", "why", "with", "your", "this",
    "that", "all", "explained", "explanation", "introduction", "intro", "guide", "understanding",
    "article", "tutorial", "overview", "basics", "part",
})
MIN_PREFIX = 4  # "resnet" extends to "resnet50"; "ne" must not extend to "network"
MIN_TYPO = 6  # words this long may be one edit apart


def _words(text: str) -> list[str]:
    # CamelCase stays whole: "AlexNet" and "ShuffleNet" must not meet in "net".
    return list(dict.fromkeys(t for t in _WORD.findall(text.casefold()) if t not in _NOISE and not t.isdigit()))


def _related(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= MIN_PREFIX and long.startswith(short):
        return True
    return len(short) >= MIN_TYPO and OSA.distance(a, b) <= 1


def _acronym_of(word: str, words: list[str]) -> bool:
    if not 2 <= len(word) <= 6:
        return False
    initials = "".join(w[0] for w in words)
    return word in initials


def shares_a_word(title: str, topic_title: str) -> bool:
    mine, theirs = _words(title), _words(topic_title)
    if not mine or not theirs:
        return True  # nothing to compare: no reason to warn
    return (any(_related(a, b) for a in mine for b in theirs)
            or any(_acronym_of(a, theirs) for a in mine) or any(_acronym_of(b, mine) for b in theirs))


def title_mismatches(course: Course, titles: dict[str, str]) -> list[TitleMismatch]:
    """Each (article, topic) link whose page title shares nothing with the topic's title."""
    found = []
    for topic in course.topics:
        for url in topic.urls:
            title = titles.get(url)
            if title and not shares_a_word(title, topic.title):
                found.append(TitleMismatch(url=url, title=title, topic_id=topic.id, topic=topic.title))
    return found
