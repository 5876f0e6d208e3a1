"""Naming a topic on the command line as the course names it: by id, by title, or by a name close
enough to one title ("alexnet", "AlexNet", "w05-t11", "w5-t11", "alexnt").

Students never see topic ids until they look them up, so every command that takes a topic
(study, quiz, review, export) resolves the name here and gets the same answers and errors.
Matching is deliberately stricter than the question matcher in assistant/topics.py: a command
that records progress must not guess, so a name that fits several topics lists them instead.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from core.course import Course, Topic
from core.errors import AmbiguousTopic, UserError

FUZZY_MIN = 85  # rapidfuzz ratio (0..100) for a near spelling: "alexnt" ~ "alexnet" scores 92
FUZZY_LEAD = 8  # the best near spelling wins alone only when it beats the next one by this much

_WORD = re.compile(r"[^\W_]+")
_ID = re.compile(r"^w0*(?P<week>\d+)\s*[-_ ]?\s*t0*(?P<index>\d+)$")


def _key(text: str) -> str:
    """Case, spaces and punctuation do not tell topics apart: "Resnet 50" == "resnet50"."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def topic_candidates(course: Course, text: str) -> list[Topic]:
    """The topics `text` names, best first: an id, else exact titles, else near titles."""
    wanted = " ".join(text.split())
    by_id = _id_match(course, wanted)
    if by_id is not None:
        return [by_id]
    key = _key(wanted)
    if not key:
        return []
    exact = [topic for topic in course.topics if _key(topic.title) == key]
    if exact:
        return exact
    words = _words(wanted)
    scored = []
    for topic in course.topics:
        score = fuzz.ratio(key, _key(topic.title))
        if len(key) >= 3 and _starts_words(words, _words(topic.title)):
            score = max(score, FUZZY_MIN)  # "batch norm" names "Batch Normalization", if nothing closer does
        if score >= FUZZY_MIN:
            scored.append((score, topic))
    scored.sort(key=lambda pair: -pair[0])
    if len(scored) > 1 and scored[0][0] - scored[1][0] >= FUZZY_LEAD:
        return [scored[0][1]]
    return [topic for _, topic in scored]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _starts_words(words: list[str], title_words: list[str]) -> bool:
    """`words` begin consecutive words of the title: "gan" begins "GANs", not "traininG ANd"."""
    n = len(words)
    return any(all(t.startswith(w) for w, t in zip(words, title_words[i:i + n], strict=True))
               for i in range(len(title_words) - n + 1))


def resolve_topic(course: Course, text: str) -> Topic:
    """The one topic `text` names, or a UserError that says what to type instead."""
    candidates = topic_candidates(course, text)
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise UserError(f"no topic is called {text!r}; name a topic by its id or title as "
                        "`dlstudy syllabus` lists them")
    raise AmbiguousTopic(text, candidates)


def _id_match(course: Course, text: str) -> Topic | None:
    match = _ID.match(text.casefold())
    if match is None:
        return None
    week, index = int(match["week"]), int(match["index"])
    for topic in course.topics:
        if topic.week == week and topic.index == index:
            return topic
    raise UserError(f"unknown topic id {text!r}; see `dlstudy syllabus` for the ids")
