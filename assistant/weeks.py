"""Where a request names a week: by number ("week 5", "wk 5", "week five", "week twelv"), by
ordinal ("5th week", "the secnd week", "the last week"), by title ("test me on CNN models") or by
a theme taken from a week's title ("the use cases week", "the projects week").

Every name comes from the course itself (its week headings), so the same rules read any
checklist. Misspellings are read only where a week is certainly meant: a near spelling of a
number next to "week", and a rare word at that ("week for" is not week four).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from assistant.topics import ACRONYM, PhraseMatcher, title_aliases
from core.course import Course
from core.errors import WeekOutOfRange
from core.text import STOPWORDS, stem, zipf

WEEK_TITLE_MIN = 0.85  # every word of a week title, one typo allowed ("tensorflw models" still is)
TYPO_MAX_ZIPF = 3.0  # a near spelling of a number is read as one only if it is no common word
THEME_WORDS = 3  # at most this many words before "week" name its theme ("the DL use cases week")

_NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen", "twenty"]
ORDINALS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
             "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"]
NUMBER_WORDS = {word: n for n, word in enumerate(_NUMBERS)} | {word: n for n, word in enumerate(ORDINALS)}
# How far "next", "the one after", "previous" move along the course (a week or a topic).
STEPS = {"next": 1, "following": 1, "after": 1, "previous": -1, "prior": -1, "preceding": -1, "before": -1}
NUM = r"\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
ORDINAL = r"\d{1,3}(?:st|nd|rd|th)|" + "|".join(ORDINALS[1:])

# "week 5", "week5", "wk. 5", "week #5", "week no. 5", "week five", "weeks 3 and 4" (-> 3), "weeek 6"
_WEEK_THEN_NUMBER = re.compile(rf"\b(?:we{{1,4}}ks?|wk)\.?\s*(?:#|no\.?\s*|number\s+)?-?\s*(?P<n>{NUM})\b")
# "the last week", "the final week" of the course (not "last week", a time)
_LAST_WEEK = re.compile(r"\bthe (?:very )?(?:last|final) week\b")
# "5th week", "the fifth week"; a cardinal before "week" is a duration ("in 2 weeks"), not a week
_ORDINAL_THEN_WEEK = re.compile(rf"\b(?P<n>{ORDINAL})\s+week\b")
# a misspelt number after "week" ("week twelv"), a misspelt ordinal before it ("the secnd week")
_WEEK_THEN_WORD = re.compile(r"\b(?:weeks?|wk)\.?\s+(?P<n>[a-z]{4,})\b")
_WORD_THEN_WEEK = re.compile(r"\b(?P<n>[a-z]{4,})\s+week\b")
_WEEK_AFTER = re.compile(r"^\s*(?:'s\s+)?weeks?\b")
_WEEK_BEFORE = re.compile(r"\bweek\s+(?:on|about|of|for|covering)\s+(?:the\s+)?$")
_WEEK_WORD = re.compile(r"\bweek\b")
_THEME_WORD = re.compile(r"[a-z0-9][a-z0-9+#]*")


@dataclass(frozen=True)
class WeekMention:
    week: int  # as written: may be outside the course
    start: int
    end: int
    explicit: bool  # a number, an ordinal, or a title called a week ("the LLMs week")


def week_mentions(text: str, course: Course) -> list[WeekMention]:
    """Every place the text names a week, in reading order."""
    lowered = normalise(text)
    found = [WeekMention(number(m.group("n")), m.start(), m.end(), True)
             for pattern in (_WEEK_THEN_NUMBER, _ORDINAL_THEN_WEEK) for m in pattern.finditer(lowered)]
    found += [WeekMention(len(course.weeks), m.start(), m.end(), True) for m in _LAST_WEEK.finditer(lowered)]
    found += _without(_misspelt_numbers(lowered), found)
    for hit in _week_titles(tuple((w.week, w.title) for w in course.weeks)).scan(lowered):
        if hit.score < WEEK_TITLE_MIN or any(m.start < hit.end and hit.start < m.end for m in found):
            continue
        after = _WEEK_AFTER.match(lowered[hit.end:])
        before = _WEEK_BEFORE.search(lowered[:hit.start])
        start = before.start() if before else hit.start
        end = hit.end + after.end() if after else hit.end
        found.append(WeekMention(int(hit.key), start, end, bool(after or before)))
    found += _without(_themes(lowered, course), found)
    return sorted(found, key=lambda m: m.start)


def parse_week(text: str, course: Course) -> int | None:
    """The week a text names, by number or by title; WeekOutOfRange for "week 14"."""
    mentions = week_mentions(text, course)
    for mention in sorted(mentions, key=lambda m: not m.explicit):
        if not in_course(mention.week, course):
            raise WeekOutOfRange(mention.week, len(course.weeks))
        return mention.week
    return None


def in_course(week: int, course: Course) -> bool:
    return 1 <= week <= len(course.weeks)


def normalise(text: str) -> str:
    return text.lower().replace("\u2019", "'")


def number(token: str) -> int:
    """3 for "3", "3rd", "three" or "third"."""
    digits = re.match(r"\d+", token)
    return int(digits.group()) if digits else NUMBER_WORDS[token]


def _without(new: list[WeekMention], found: list[WeekMention]) -> list[WeekMention]:
    return [m for m in new if not any(f.start < m.end and m.start < f.end for f in found)]


def _misspelt_numbers(lowered: str) -> list[WeekMention]:
    """ "week twelv" -> 12, "the secnd week" -> 2: a rare word one edit from exactly one number."""
    found = []
    for pattern, words in ((_WEEK_THEN_WORD, NUMBER_WORDS), (_WORD_THEN_WEEK, ORDINALS[1:])):
        for match in pattern.finditer(lowered):
            word = match.group("n")
            if word in NUMBER_WORDS or zipf(word) >= TYPO_MAX_ZIPF:
                continue
            near = {NUMBER_WORDS[w] for w in words if OSA.distance(word, w) == 1}
            if len(near) == 1:
                found.append(WeekMention(near.pop(), match.start(), match.end(), True))
    return found


def _themes(lowered: str, course: Course) -> list[WeekMention]:
    """ "the use cases week" -> the one week whose title has every one of those words (by stem),
    when no other week's title has them all: "the models week" names no week."""
    titles = _title_words(tuple(w.title for w in course.weeks))
    found = []
    for week_word in _WEEK_WORD.finditer(lowered):
        before = list(_THEME_WORD.finditer(lowered[:week_word.start()]))
        run: list[re.Match[str]] = []
        for word in reversed(before[-THEME_WORDS:]):
            if word.group() in STOPWORDS or word.group().isdigit() or (
                    run and lowered[word.end():run[0].start()].strip(" /-")):
                break  # the theme is the words right before "week", without punctuation between
            run.insert(0, word)
        for first in range(len(run)):  # the longest run that names one week, as written or by stem
            if (week := _one_week([w.group() for w in run[first:]], titles)) is not None:
                found.append(WeekMention(week, run[first].start(), week_word.end(), True))
                break
    return found


def _one_week(words: list[str], titles: list[tuple[set[str], set[str]]]) -> int | None:
    """The one week whose title has all these words: as written first ("basics" is week 1's
    "Basics of DL", not week 2's "Basic operations"), else by stem ("architectures")."""
    forms: tuple[Callable[[str], str], ...] = (str.lower, stem)
    for index, form in enumerate(forms):
        wanted = {form(w) for w in words}
        weeks = [n for n, title in enumerate(titles, start=1) if wanted <= title[index]]
        if weeks:
            return weeks[0] if len(weeks) == 1 else None
    return None


@lru_cache(maxsize=8)
def _title_words(titles: tuple[str, ...]) -> list[tuple[set[str], set[str]]]:
    """Each title's words, as written and as stems."""
    words = [[w.group() for w in _THEME_WORD.finditer(title.lower()) if w.group() not in STOPWORDS] for title in titles]
    return [(set(ws), {stem(w) for w in ws}) for ws in words]


@lru_cache(maxsize=8)
def _week_titles(weeks: tuple[tuple[int, str], ...]) -> PhraseMatcher:
    """Week titles and their aliases, plus any acronym only that week's title has ("NLP")."""
    acronyms = {n: set(ACRONYM.findall(title)) for n, title in weeks}
    phrases = []
    for n, title in weeks:
        others = set().union(*(a for k, a in acronyms.items() if k != n))
        phrases.append((str(n), title_aliases(title) + sorted(acronyms[n] - others)))
    return PhraseMatcher(phrases)
