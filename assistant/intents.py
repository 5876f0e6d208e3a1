"""Deterministic request routing: what the student wants (answer, quiz, syllabus, progress) and
which week and topics the request is about.

Rules, not a model: the five intents are few and their phrasings regular, a rule is explainable
and instant, and a misroute is fixable by adding a pattern with a test. Whether a question is
outside the course is retrieval's call (it sees the material); routing only refuses requests
aimed at the assistant itself ("ignore your instructions", "reveal your system prompt").

Weeks are read from numbers ("week 5", "wk 5", "week five", "5th week", "the fifth week") and
from week titles ("test me on CNN models" -> 5). A bare week title scopes a quiz or a syllabus
request, but not a question: "what is NLP?" asks about NLP, it does not ask to search week 11
only; "what is dropout in the TensorFlow week?" does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from assistant.models import IntentKind
from assistant.topics import (
    ACRONYM,
    PhraseMatcher,
    TopicMatch,
    TopicMatcher,
    title_aliases,
)
from core.course import Course
from core.errors import WeekOutOfRange
from core.text import STOPWORDS

WEEK_TITLE_MIN = 0.85  # every word of a week title, one typo allowed ("tensorflw models" still is)

_NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen", "twenty"]
_ORDINALS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
             "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"]
_NUMBER_WORDS = {word: n for n, word in enumerate(_NUMBERS)} | {word: n for n, word in enumerate(_ORDINALS)}
_NUM = r"\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_ORD = r"\d{1,3}(?:st|nd|rd|th)|" + "|".join(_ORDINALS[1:])

# "week 5", "week5", "wk. 5", "week #5", "week no. 5", "week five", "weeks 3 and 4" (-> 3)
_WEEK_THEN_NUMBER = re.compile(rf"\b(?:weeks?|wk)\.?\s*(?:#|no\.?\s*|number\s+)?-?\s*(?P<n>{_NUM})\b")
# "the last week", "the final week" of the course (not "last week", a time)
_LAST_WEEK = re.compile(r"\bthe (?:very )?(?:last|final) week\b")
# "5th week", "the fifth week"; a cardinal before "week" is a duration ("in 2 weeks"), not a week
_ORDINAL_THEN_WEEK = re.compile(rf"\b(?P<n>{_ORD})\s+week\b")
_WEEK_AFTER = re.compile(r"^\s*(?:'s\s+)?weeks?\b")
_WEEK_BEFORE = re.compile(r"\bweek\s+(?:on|about|of|for|covering)\s+(?:the\s+)?$")

_INJECTION = [re.compile(p) for p in (
    r"\b(?:ignore|disregard|forget|override|bypass)(?: \w+){0,3} (?:instructions?|rules|prompts?|guidelines|"
    r"directives|constraints|(?:previous|above|prior|earlier) (?:context|messages?))\b",
    r"\bsystem\s+(?:prompt|message|instructions?)\b",
    r"\b(?:reveal|print|show|display|repeat|output|leak|dump|tell me|give me|what (?:is|are))\b.{0,30}"
    r"\byour\b.{0,25}\b(?:prompt|instructions|rules|guidelines|configuration)\b",
    r"\b(?:jailbreak|developer mode|dan mode)\b",
    r"\b(?:reveal|print|show|repeat|dump|leak|tell me)\b.{0,40}\binstructions?\b.{0,30}\b(?:given|received|told)\b",
    r"\byou are now\b", r"\bpretend (?:to be|you are)\b", r"^\W*act as\b",
)]

_QUIZ = [re.compile(p) for p in (
    r"\b(?:quiz|test|examine|drill) (?:me|us|myself)\b",
    r"^\W*(?:a |another )?quiz\b",
    r"\b(?:test|check|assess|evaluate) (?:my|our) (?:knowledge|understanding|skills?|learning|grasp|memory)\b",
    r"\b(?:give|make|create|generate|start|run|take|set|prepare|want|need|try|begin|write|build|get|"
    r"do)(?: me| us)?(?: (?:a|an|another|some|the|one|new|quick|short|small|little|mini|practice|random|"
    rf"{_NUM})){{1,3}}(?:[- ]question)? (?:quiz|quizzes|test|exam)\b"
    r"(?! (?:set|data|accuracy|error|loss|statistic|time))",
    r"\b(?:give|ask|send|show|make|generate|create|write|prepare|set|get|want|need)(?: me| us)?"
    r"(?: (?:a|an|some|few|couple|of|more|another|the|quick|short|practice|sample|multiple[- ]choice|mcq|"
    r"review|quiz|test|exam|true[- ]or[- ]false|fill[- ]in[- ]the[- ]blanks?|open|easy|hard|difficult|"
    rf"simple|tricky|{_NUM})){{0,5}} (?:questions?|mcqs?|flashcards?|exercises|drills?)\b",
    r"\b(?:practice|quiz|exam|mcq|multiple[- ]choice|self[- ]test) questions\b",
    r"\b(?:weekref|weektitle) quiz(?:zes)?\b", r"\bquiz(?:zes)?,? please\b", r"\bplease,? quiz\b",
)]

_PROGRESS = [re.compile(p) for p in (
    r"\bhow (?:am i|are we|'?m i|is my \w+) (?:doing|progressing|getting on|performing|going)\b",
    r"\bhow (?:did|have) i (?:do|done|perform|performed|been doing|scored?)\b",
    r"\b(?:my|our) (?:progress|scores?|stats|statistics|results|mastery|performance|streak|"
    r"(?:quiz |study |learning )(?:history|record))\b",
    r"\bprogress (?:report|so far)\b", r"^\W*(?:show |see |check )?(?:me )?(?:the )?progress\W*$",
    r"\bwhat (?:have|did) i (?:already )?(?:studied|study|learn|learned|learnt|covered|cover|completed|"
    r"complete|finished|finish|done|read|mastered)\b",
    r"\b(?:topics?|weeks?) (?:have |did )?i (?:already )?(?:studied|study|learned|learnt|covered|"
    r"completed|finished|mastered|done|read|got wrong|missed|failed)\b",
    r"\b(?:am i|i am|i'm|im) (?:weak|weakest|bad|struggling|strong|strongest|behind)\b",
    r"\b(?:my )?weak(?:est)? (?:topics?|areas?|spots?|points?|weeks?)\b",
    r"\b(?:what|which)(?: topics?| weeks?)? (?:should|do) i (?:review|revise|study next|learn next|"
    r"focus on|work on|practi[cs]e)\b",
    r"\bdue for (?:review|revision)\b", r"\bwhat(?:'s| is) due\b",
    r"\bhow (?:much|far) (?:have i|am i|of the course)\b",
    r"\bhow many (?:topics|weeks|quizzes|questions) (?:have i|did i|i have)\b",
)]

# In the masked text the patterns below see, an explicit week mention reads "weekref" and a bare
# week title "weektitle": "describe week 5" asks for the syllabus, "describe the CNN" does not.
_W = "weekref"
_T = "(?:weekref|weektitle)"
_SYLLABUS = [re.compile(p) for p in (
    r"\bsyllabus\b",
    # where a topic sits: "which week talks about GANs", "in which week is attention covered"
    r"\b(?:which|what) weeks? (?:is|are|has|have|covers?|talks?|teach\w*|discuss\w*|includes?|explains?)\b",
    r"\bin (?:which|what) week\b", r"\bwhere (?:in the course|in the syllabus|can i find)\b", r"\bcurriculum\b",
    r"\btable of contents\b",
    r"\bcourse (?:outline|overview|structure|plan|contents?|topics)\b",
    r"\bwhat (?:does|will) (?:the|this) course (?:cover|teach|include|contain)\b",
    r"\bwhat (?:will|do|can|would) i learn (?:in|from|during) (?:the|this) course\b",
    r"\b(?:what|which) (?:topics|subjects|lessons|weeks) (?:are|will be|get|does|do)\b"
    r"(?: \w+)? ?(?:covered|taught|included|discussed|in|on|there|cover|have)\b",
    r"\blist (?:of |all |the )*(?:topics|weeks)\b",
    rf"\bwhat(?:'s|s| is| are| will be)? (?:there )?(?:in|on|inside|covered in|taught in|included in)"
    rf" (?:the )?{_T}\b",
    rf"\b{_T}\b[^?.!]{{0,25}}\b(?:topics|overview|summary|outline|syllabus)\b",
    # "what is week 5 about?" asks for the syllabus; "what does week 5 say about GoogLeNet?" does not
    rf"\b{_W}\b[^?.!]{{0,25}}\b(?:about|cover|covers|covered|contain|contains|include|includes|consists?)"
    r"(?: of)?(?: in total| overall| exactly)?\W*$",
    rf"\b(?:outline|overview|summar\w*|recap|contents|topics)(?: of| in| from| for)?(?: the| all)? {_T}\b",
    rf"\b(?:describe|explain|tell me about|show(?: me)?|list|go over|walk me through|run me through)"
    rf"(?: the| all)?(?: topics (?:of|in|from|for))?(?: the)? {_W}\b",
    rf"\btopics\b[^?.!]{{0,30}}\b{_T}\b",
    rf"^\W*(?:the )?{_W}\W*$",
)]

# "three questions", "a 5-question quiz", "a couple of questions"
_COUNT = re.compile(rf"\b(?P<n>{_NUM}|a couple|couple|a few)(?: of)?(?: more)?(?: [a-z-]+){{0,3}}?"
                    r"[ -](?:questions?|qs|mcqs?|flashcards?|exercises|items)\b")
_FUZZY_COUNTS = {"a couple": 2, "couple": 2, "a few": 3}


@dataclass(frozen=True, kw_only=True)
class Intent:
    kind: IntentKind
    week: int | None = None  # the week the request is scoped to, read from the text
    topic_ids: list[str] = field(default_factory=list)  # topics the text names, best first
    count: int | None = None  # how many quiz questions were asked for
    week_out_of_range: int | None = None  # a week number outside the course was given
    named_week: int | None = None  # any week the text names, a bare week title included

    def as_kind(self, kind: IntentKind, count: int | None = None) -> Intent:
        """The same request read as another intent (the meaning model overrules the rules)."""
        week = self.week if kind in ("answer", "progress") else self.named_week
        return replace(self, kind=kind, week=week, count=count)


@dataclass(frozen=True)
class WeekMention:
    week: int  # as written: may be outside the course
    start: int
    end: int
    explicit: bool  # a number, an ordinal, or a title called a week ("the LLMs week")


def route(text: str, course: Course, matcher: TopicMatcher | None = None) -> Intent:
    """The intent of one request. Never raises: an out-of-range week is reported in the Intent."""
    lowered = _normalise(text)
    if any(p.search(lowered) for p in _INJECTION):
        return Intent(kind="out_of_scope")
    matcher = matcher or _topic_matcher(course)
    named = matcher.named(lowered)
    mentions = _drop_inside_topics(week_mentions(lowered, course), named)
    masked = _mask(lowered, mentions)
    explicit = [m for m in mentions if m.explicit]
    bad = next((m.week for m in explicit if not _in_course(m.week, course)), None)
    valid = [m for m in mentions if _in_course(m.week, course)]
    scoped = _first(valid)  # explicit mentions first, then bare titles
    asked = _first([m for m in valid if m.explicit])  # a question is scoped only when told so
    topic_ids = [m.topic_id for m in named]
    if any(p.search(masked) for p in _PROGRESS[1:3]):  # "how did I do in the week 4 quiz?"
        return Intent(kind="progress", week=asked, week_out_of_range=bad, named_week=scoped)
    if any(p.search(masked) for p in _QUIZ):
        # "test me on CNN models" names week 5; the "CNN" topic inside that title is not the subject
        beyond_weeks = [t.topic_id for t in named
                        if not any(m.start <= t.start and t.end <= m.end for m in valid)]
        return Intent(kind="quiz", week=scoped, topic_ids=beyond_weeks, count=_count(masked),
                      week_out_of_range=bad, named_week=scoped)
    if any(p.search(masked) for p in _PROGRESS):
        return Intent(kind="progress", week=asked, week_out_of_range=bad, named_week=scoped)
    if any(p.search(masked) for p in _SYLLABUS):
        return Intent(kind="syllabus", week=scoped, topic_ids=[] if scoped else topic_ids,
                      week_out_of_range=bad, named_week=scoped)
    return Intent(kind="answer", week=asked, topic_ids=topic_ids, week_out_of_range=bad, named_week=scoped)


def requested_count(text: str, course: Course) -> int | None:
    """How many questions a request asks for ("three questions" -> 3), if it says."""
    lowered = _normalise(text)
    return _count(_mask(lowered, week_mentions(lowered, course)))


# Words of the request itself, not of its subject: "show me the syllabus for the piano course"
# is about "piano"; "quiz me on French history, please" about "french history". (Stop words are
# dropped as well, so they are not listed.)
_REQUEST_WORDS = frozenset("""administer anything brief check content contents could couple course courses cover covered
covers curriculum discussed done everything exam far give hey hi include included includes
kindly last learned learnt like list little lol material mcq mcqs mini module modules need
next ok okay outline overview please pls plz practice question questions quick quickly
quiz quizzes random read see short show small something struggle struggled studied stuff
syllabus talk talks taught teach teaches tell test tests thank thanks things time today
topic topics u ur us want week weekref weeks weektitle went whats would wrong""".split())


# Where a request names its subject: "quiz me on French history", "the piano course".
_SUBJECT_AFTER = re.compile(r"\b(?:on|about|over|regarding|covering|from|of|in)\s+(?P<subject>[^?.!,;]+)")
_QUIZ_VERB = re.compile(r"\b(?:quiz|test|examine|assess|drill)(?:ing|ed)?\b(?:\s+(?:me|us))?")
_REFERENCE = re.compile(r"(?:it|that|this|them|these|those)\b")  # "test me on it": said before
_SUBJECT_BEFORE = re.compile(r"\bthe (?P<subject>[a-z0-9 +#-]+?) (?:module|course|class|unit|subject)\b")


def request_subject(text: str, kind: Literal["quiz", "syllabus"] = "quiz") -> str:
    """What a quiz or syllabus request is about, in its own words ("french history"), or "" if
    it names nothing beyond the request itself ("let's do a quick quiz", "quiz me on that").
    A syllabus request names a subject only as "the X course/module"."""
    lowered = _normalise(text)
    patterns = (_SUBJECT_AFTER, _SUBJECT_BEFORE) if kind == "quiz" else (_SUBJECT_BEFORE,)
    found = [m.group("subject") for pattern in patterns for m in pattern.finditer(lowered)]
    verb = _QUIZ_VERB.search(lowered) if kind == "quiz" else None
    asked = _SUBJECT_AFTER.search(lowered, verb.end()) if verb else None
    if asked:  # what follows the verb: "bored of neural nets, quiz me on famous painters"
        if _REFERENCE.match(asked.group("subject")):
            return ""  # "test me on it": the subject was named before
        found = [asked.group("subject")]
    words = [w for phrase in found for w in re.findall(r"[a-z0-9+#-]+", phrase)]
    kept = [w for w in words if w not in _REQUEST_WORDS and w not in STOPWORDS and not w.isdigit()
            and len(w) > 2]
    return " ".join(dict.fromkeys(kept))


def parse_week(text: str, course: Course) -> int | None:
    """The week a text names, by number or by title; WeekOutOfRange for "week 14"."""
    mentions = week_mentions(text, course)
    for mention in sorted(mentions, key=lambda m: not m.explicit):
        if not _in_course(mention.week, course):
            raise WeekOutOfRange(mention.week, len(course.weeks))
        return mention.week
    return None


def week_mentions(text: str, course: Course) -> list[WeekMention]:
    """Every place the text names a week, in reading order."""
    lowered = _normalise(text)
    found = [WeekMention(_number(m.group("n")), m.start(), m.end(), True)
             for pattern in (_WEEK_THEN_NUMBER, _ORDINAL_THEN_WEEK) for m in pattern.finditer(lowered)]
    found += [WeekMention(len(course.weeks), m.start(), m.end(), True) for m in _LAST_WEEK.finditer(lowered)]
    for hit in _week_titles(tuple((w.week, w.title) for w in course.weeks)).scan(lowered):
        if hit.score < WEEK_TITLE_MIN or any(m.start < hit.end and hit.start < m.end for m in found):
            continue
        after = _WEEK_AFTER.match(lowered[hit.end:])
        before = _WEEK_BEFORE.search(lowered[:hit.start])
        start = before.start() if before else hit.start
        end = hit.end + after.end() if after else hit.end
        found.append(WeekMention(int(hit.key), start, end, bool(after or before)))
    return sorted(found, key=lambda m: m.start)


def _number(token: str) -> int:
    digits = re.match(r"\d+", token)
    return int(digits.group()) if digits else _NUMBER_WORDS[token]


def _normalise(text: str) -> str:
    return text.lower().replace("\u2019", "'")


def _in_course(week: int, course: Course) -> bool:
    return 1 <= week <= len(course.weeks)


def _first(mentions: list[WeekMention]) -> int | None:
    ordered = sorted(mentions, key=lambda m: (not m.explicit, m.start))
    return ordered[0].week if ordered else None


def _drop_inside_topics(mentions: list[WeekMention], named: list[TopicMatch]) -> list[WeekMention]:
    """A bare week title inside a longer topic name is the topic's word, not the week's:
    "gradient optimizers" is week 4's topic, not week 9 ("Optimization")."""
    def inside(m: WeekMention) -> bool:
        return any(t.start <= m.start and m.end <= t.end and (t.end - t.start) > (m.end - m.start)
                   for t in named)
    return [m for m in mentions if m.explicit or not inside(m)]


def _mask(lowered: str, mentions: list[WeekMention]) -> str:
    for mention in sorted(mentions, key=lambda m: m.start, reverse=True):
        placeholder = "weekref" if mention.explicit else "weektitle"
        lowered = f"{lowered[:mention.start]}{placeholder}{lowered[mention.end:]}"
    return lowered


def _count(masked: str) -> int | None:
    match = _COUNT.search(masked)
    if not match:
        return None
    token = match.group("n")
    return _FUZZY_COUNTS.get(token) or _number(token)


@lru_cache(maxsize=8)
def _week_titles(weeks: tuple[tuple[int, str], ...]) -> PhraseMatcher:
    """Week titles and their aliases, plus any acronym only that week's title has ("NLP")."""
    acronyms = {number: set(ACRONYM.findall(title)) for number, title in weeks}
    phrases = []
    for number, title in weeks:
        others = set().union(*(a for n, a in acronyms.items() if n != number))
        phrases.append((str(number), title_aliases(title) + sorted(acronyms[number] - others)))
    return PhraseMatcher(phrases)


_MATCHERS: dict[tuple[str, ...], TopicMatcher] = {}


def _topic_matcher(course: Course) -> TopicMatcher:
    """One matcher per distinct course, for callers that do not keep their own."""
    key = tuple(f"{t.id}:{t.title}" for t in course.topics)
    if key not in _MATCHERS:
        _MATCHERS[key] = TopicMatcher(course)
    return _MATCHERS[key]
