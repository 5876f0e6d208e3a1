"""Topics named by their place in the course: "the third topic of week 5", "the last thing in
week 9", "topic 2 of week 7", "the one right after dropout", "the next one", "the one before it".

A student who does not remember a title points at it in the checklist's order instead. Such a
request is read as if it named the topic: "test me on the third topic of week 5" is a quiz on
that topic, and "what's the lesson right after dropout?" asks which topic that is, answered as
where it sits ("which week is <title> in?"). The order is the checklist's, so the same rules
read any course.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.topics import TopicMatcher
from assistant.weeks import ORDINAL, STEPS, WeekMention, in_course, number, week_mentions
from core.course import Course
from core.text import words

# How much of a title names the topic counted from: "after winograd" is Winograd Convolution.
ANCHOR_MIN_SCORE = 0.5
_ONE = r"(?:topic|thing|one|lesson|item|entry|subject|concept|bit|section)"  # one of them: a place
_NOUN = rf"{_ONE}s?"
# "the third topic of week 5", "the last thing in week 9", "the very first one from week 11"
_ORDINAL_IN_WEEK = re.compile(
    rf"\b(?:the )?(?:very )?(?P<ord>{ORDINAL}|last|final|penultimate|second[- ]to[- ]last) {_NOUN} "
    r"(?:of|in|from|on|for) (?=\S)", re.IGNORECASE)
# "topic 3 of week 5", "topic #2 in week 7"
_NUMBER_IN_WEEK = re.compile(r"\btopic (?:#|no\.? ?|number )?(?P<ord>\d{1,2}) (?:of|in|from|on) (?=\S)", re.IGNORECASE)
_SAYS_WEEK = re.compile(r"we+k|wk", re.IGNORECASE)
# "week 5's third topic", "week 5 topic 3"
_WEEKS_ORDINAL = re.compile(
    rf"^(?:'s)? (?:(?P<ord>{ORDINAL}|last|final) {_NOUN}\b|topic (?:#|no\.? ?)?(?P<n>\d{{1,2}})\b)", re.IGNORECASE)
# "the one right after dropout", "the lesson just before it", "what comes after the dropout one",
# "the next one", "the previous topic"
_BESIDE = re.compile(
    rf"\b(?:(?:the )?{_ONE} (?:that |which )?(?:comes? |is )?"
    r"|(?P<asking>what(?:'s| is| comes?)? |which (?:one |topic )?comes? ))"
    r"(?:right |just |directly |immediately )?(?P<side>after|before|following|preceding) (?:the )?(?=\S)"
    rf"|\bthe (?P<step>next|following|previous|preceding|prior) {_NOUN}\b(?! (?:after|before|week))",
    re.IGNORECASE)
_POINTING = re.compile(r"^(?:it|that|this)\b(?: one\b)?", re.IGNORECASE)
_ONE_AFTER_TITLE = re.compile(r"^ (?:one|topic|lesson)\b", re.IGNORECASE)
# What a request that only asks which topic sits there is made of, besides the place itself.
_NAMING_WORDS = frozenset("""what what's whats which is comes come topic lesson one the in of on
so ok okay and hey then now right just exactly called named week s that this""".split())


@dataclass(frozen=True)
class Placed:
    """A request that names a topic by its place, written with the topic's title instead."""

    text: str
    topic_id: str


@dataclass(frozen=True)
class _Place:
    """Where the words that point at a topic are, the topic, and how they point."""

    start: int
    end: int
    topic_id: str
    asks_which: bool = False  # "what comes after dropout?" asks which topic that is


def by_place(question: str, course: Course, matcher: TopicMatcher, about: str | None = None) -> Placed | None:
    """`question` with the topic it points at by place written out; None when it points at none.
    `about` is the topic the conversation is on: what "the one before it" counts from."""
    place = _ordinal_in_week(question, course) or _beside(question, course, matcher, about)
    if place is None:
        return None
    topic = course.topic(place.topic_id)
    if place.asks_which or _only_names(f"{question[:place.start]} {question[place.end:]}", course):
        return Placed(f"which week is {topic.title} in?", topic.id)  # "what's the lesson right after dropout?"
    # The title alone: "Winograd Convolution in week 9, what's that about?" would ask about the week.
    return Placed(f"{question[:place.start]}{topic.title}{question[place.end:]}", topic.id)


def _ordinal_in_week(question: str, course: Course) -> _Place | None:
    """ "the third topic of week 5", "topic 2 of week 9", "week 5's last topic"."""
    if not _SAYS_WEEK.search(question):  # the cheap look first: a week explicitly named says "week" or "wk"
        return None
    mentions = [m for m in week_mentions(question, course) if m.explicit and in_course(m.week, course)]
    for pattern in (_ORDINAL_IN_WEEK, _NUMBER_IN_WEEK):
        for found in pattern.finditer(question):
            week = next((m for m in mentions if m.start == found.end()), None)
            if week is not None and (topic_id := _nth(course, week.week, found.group("ord"))):
                return _Place(found.start(), week.end, topic_id)
    for week in mentions:
        after = _WEEKS_ORDINAL.match(question[week.end:])  # "week 5's third topic"
        if after is not None and (topic_id := _nth(course, week.week, after.group("ord") or after.group("n"))):
            return _Place(week.start, week.end + after.end(), topic_id)
    return None


def _nth(course: Course, week: int, ordinal: str) -> str | None:
    topics = course.week(week).topics
    ordinal = ordinal.lower().replace("-", " ")
    index = {"last": -1, "final": -1, "penultimate": -2, "second to last": -2}.get(ordinal)
    at = index if index is not None else number(ordinal) - 1
    return topics[at].id if -len(topics) <= at < len(topics) else None


def _beside(question: str, course: Course, matcher: TopicMatcher, about: str | None) -> _Place | None:
    """ "the one right after dropout", "what comes before it", "the next one": the topic beside another."""
    order = [topic.id for topic in course.topics]
    pointers = list(_BESIDE.finditer(question))
    weeks = week_mentions(question, course) if pointers else []  # read once, and only when something points
    for found in pointers:
        step = STEPS[(found.group("side") or found.group("step")).lower()]
        end, anchor = found.end(), about
        if found.group("side"):
            anchor = None
            if (pointing := _POINTING.match(question[end:])) is not None:
                anchor, end = about, end + pointing.end()
            elif named := [m for m in matcher.match(question) if m.start == end and m.score >= ANCHOR_MIN_SCORE
                           and not _in_a_week_name(m.start, weeks)]:
                best = max(named, key=lambda m: (m.end - m.start, m.score))
                anchor, end = best.topic_id, best.end
                if (one := _ONE_AFTER_TITLE.match(question[end:])) is not None:  # "the dropout one"
                    end += one.end()
        if anchor is not None and 0 <= (at := order.index(anchor) + step) < len(order):
            return _Place(found.start(), end, order[at], asks_which=bool(found.group("asking")))
    return None


def _in_a_week_name(at: int, weeks: list[WeekMention]) -> bool:
    """ "after the CNN models part" is after a week (its title), not after the CNN topic."""
    return any(m.start <= at < m.end for m in weeks)


def _only_names(rest: str, course: Course) -> bool:
    """Whether the request, the place aside, only asks which topic is there ("what's ...", "...
    in that week?"), not about it ("and the one before it?")."""
    for mention in sorted(week_mentions(rest, course), key=lambda m: -m.start):
        rest = f"{rest[:mention.start]} week {rest[mention.end:]}"
    said = words(rest)
    return all(word in _NAMING_WORDS for word in said) and bool({"what", "whats", "which", "week"} & set(said))
