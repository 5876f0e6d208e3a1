"""A follow-up that points at the answer before by what it showed: "what does [2] say?", "more on
the second source", "expand point 3", "the article you cited".

The terminal and the UI number an answer's sources as its sentences cite them ("... [2]"), so a
student points at them by those numbers. The source is the topic it was cited from; a point is a
sentence of the answer, and is about the source it cites first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.models import Turn
from core.course import Course

_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
             "fifth": 5, "5th": 5, "last": -1}
_ORDINAL = "|".join(_ORDINALS)
# What a student calls one of the answer's sources; "cite" too when it is one ("cite 2").
_SOURCE_NOUNS = ("source", "citation", "reference", "ref", "article", "link", "passage")
_SOURCE = rf"(?:(?:{'|'.join(_SOURCE_NOUNS)}|cite)s?)"
_POINT = r"(?:points?|bullets?|sentences?|claims?|lines?)"
_NUMBER = r"(?:#|no\.?\s*|number\s+)?\[?(?P<{}>[1-9])\]?"
# Not "the second article of week 5": that is the course's, not the answer's.
_NOT_A_WEEK = r"(?!\s+(?:of|in|from|for)\s+(?:week|wk|the course)\b)"
SOURCE = re.compile(
    rf"\[(?P<bracket>[1-9])\]"  # "[2]"
    rf"|\b{_SOURCE}\s*{_NUMBER.format('after')}(?![\w.])"  # "source 2", "ref #2", "citation [3]"
    rf"|\b(?:the\s+)?(?P<ordinal>{_ORDINAL})\s+(?:one\s+of\s+the\s+)?{_SOURCE}\b{_NOT_A_WEEK}"  # "the second source"
    rf"|\b(?:the|that|this)\s+(?P<one>(?:article|source|link|reference|citation))\s+you\s+"
    r"(?:cited|quoted|linked|gave|mentioned|used|showed|listed)\b",  # "the article you cited": the first
    re.IGNORECASE)
# "the sources you cited", "those articles", "both links": every source of the answer.
_SOURCES = rf"(?:{'|'.join(f'{noun}s' for noun in _SOURCE_NOUNS)})"
ALL_SOURCES = re.compile(
    rf"\b(?:(?:all\s+)?(?:the|your)\s+{_SOURCES}\s+you\s+(?:cited|quoted|linked|gave|mentioned|used|showed|listed)"
    rf"|(?:all\s+|both\s+)?(?:those|these)\s+{_SOURCES}|both\s+(?:the\s+)?{_SOURCES}|your\s+{_SOURCES})\b{_NOT_A_WEEK}",
    re.IGNORECASE)
POINT = re.compile(
    rf"\b{_POINT}\s*{_NUMBER.format('after')}(?![\w.])"  # "point 3", "bullet #2"
    rf"|\b(?:the\s+)?(?P<ordinal>{_ORDINAL})\s+{_POINT}\b{_NOT_A_WEEK}",  # "the third point"
    re.IGNORECASE)
_MARKER = re.compile(r"\[(\d+)\]")
_SENTENCE_END = re.compile(r"(?<=\])\s+|\n+")


@dataclass(frozen=True)
class Pointed:
    """The question with the pointing words replaced by the topic's title, and that topic."""

    text: str
    topic_ids: list[str]
    exact: bool  # the answer had that number (else it is the latest answer's last)


def pointed_at(question: str, history: Sequence[Turn], course: Course) -> Pointed | None:
    """The source or point that `question` points at by number or order, of the latest answer that
    had it ("the second source" after an answer with one source is the one before's); of no answer,
    the latest answer's last (the student points at the answer, and misremembers its numbers).
    Every source of the latest answer for "the sources you cited". None when it points at none, or
    there was no answer with sources."""
    answers = [list(dict.fromkeys(turn.sources)) for turn in reversed(history) if turn.sources]
    if answers and (found := ALL_SOURCES.search(question)):
        # "both articles": of the latest answer with two or more
        both = re.search(r"\bboth\b", found.group(0), re.IGNORECASE)
        topic_ids = next((topics for topics in answers if len(topics) > 1), answers[0]) if both else answers[0]
        titles = " and ".join(course.topic(topic_id).title for topic_id in topic_ids)
        return Pointed(text=_put(question, found, titles), topic_ids=topic_ids, exact=True)
    for pattern, numbered in ((SOURCE, _sources), (POINT, _point_sources)):
        found = pattern.search(question)
        if found is None:
            continue
        position = _position(found)
        listed = [topics for turn in reversed(history) if (topics := numbered(turn))]
        if not listed:
            return None
        had = next((topics for topics in listed if len(topics) >= abs(position)), None)
        topic_id = had[position - 1 if position > 0 else -1] if had else listed[0][-1]
        return Pointed(text=_put(question, found, course.topic(topic_id).title), topic_ids=[topic_id],
                       exact=had is not None)
    return None


def _put(question: str, found: re.Match[str], title: str) -> str:
    return re.sub(r"\s{2,}", " ", f"{question[:found.start()]}{title}{question[found.end():]}").strip()


def _sources(turn: Turn) -> list[str]:
    return turn.sources


def _position(found: re.Match[str]) -> int:
    """1 for the first, -1 for the last."""
    groups = found.groupdict()
    if groups.get("ordinal"):
        return _ORDINALS[groups["ordinal"].lower()]
    if groups.get("one"):
        return 1
    return int(groups.get("bracket") or groups["after"])


def _point_sources(turn: Turn) -> list[str]:
    """The topic each cited sentence (or line) of the answer cites first, in the answer's order."""
    topics = []
    for sentence in _SENTENCE_END.split(turn.answer):
        marker = _MARKER.search(sentence)
        if marker and _MARKER.sub("", sentence).strip() and 0 < int(marker.group(1)) <= len(turn.sources):
            topics.append(turn.sources[int(marker.group(1)) - 1])
    return topics
