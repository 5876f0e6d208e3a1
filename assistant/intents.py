"""Deterministic request routing: what the student wants (answer, quiz, syllabus, progress) and
which week and topics the request is about.

Rules, not a model: the five intents are few and their phrasings regular, a rule is explainable
and instant, and a misroute is fixable by adding a pattern (`assistant.intent_phrasings`) with a
test. Whether a question is outside the course is retrieval's call (it sees the material); routing
only refuses requests aimed at the assistant itself ("ignore your instructions", "reveal your
system prompt").

Weeks are read by `assistant.weeks` (numbers, ordinals, titles, themes). A bare week title
scopes a quiz or a syllabus request, but not a question: "what is NLP?" asks about NLP, it does
not ask to search week 11 only; "what is dropout in the TensorFlow week?" does. Weeks and topics
are read in the phrase that asks, so one mentioned in passing does not scope the request.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from assistant import intent_phrasings as phrasings
from assistant.models import IntentKind
from assistant.request_subjects import request_subject, subject_span
from assistant.terse import CHAT_SPELLINGS
from assistant.topics import TopicMatch, TopicMatcher
from assistant.weeks import WeekMention, in_course, normalise, number, parse_week, week_mentions
from core.course import Course
from core.text import STOPWORDS, fix_typos, stem, words

__all__ = ["Intent", "WeekMention", "as_meant", "parse_week", "requested_count", "route", "week_mentions"]



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


# A count for every topic of a quiz: "yolo vs retinanet, 3 questions each".
_EACH = re.compile(r"\b(?:each|apiece|per topic)\b")
# A week's quiz by the week's title: "the LLM quiz" is week 12's, though a title alone scopes no
# progress request ("how am I doing with CNNs").
_TITLED_QUIZ = re.compile(r"\bweektitle (?:quiz|quizzes|test|tests)\b")
# Someone else's learning, as a parent or a tutor asks about it.
_LEARNER = re.compile(r"\b(?:he|she|my (?:son|daughter|kid|child|student))\b")
_FIRST_PERSON = {"i has": "i have", "i is": "i am", "i does": "i do", "has i": "have i", "is i": "am i",
                 "does i": "do i"}
_THIRD_PERSON_VERB = re.compile(r"\b(?:i (?:has|is|does)|(?:has|is|does) i)\b")
# Question words as chat spells them, too often for a typo fix to take them for typos ("wich" is
# seen more than many real words): the rules read them as the words they are.
_CHAT_SPELLING = re.compile(rf"\b(?:{'|'.join(CHAT_SPELLINGS)})\b")


def route(text: str, course: Course, matcher: TopicMatcher | None = None) -> Intent:
    """The intent of one request. Never raises: an out-of-range week is reported in the Intent.

    Each week and topic is read in the sentence it came from: the week of "just finished week 10!
    what does week 11 have in store?" is the one in the sentence that asks (11), and the topics of
    a quiz are those of its subject ("quiz me on X"), not ones mentioned in passing."""
    lowered = _CHAT_SPELLING.sub(lambda m: CHAT_SPELLINGS[m.group(0)], normalise(text))
    if any(p.search(lowered) for p in phrasings.INJECTION):
        return Intent(kind="out_of_scope")
    matcher = matcher or _topic_matcher(course)
    named = matcher.named(lowered)
    mentions = _drop_inside_topics(week_mentions(lowered, course), named)
    masked, at = _mask(lowered, mentions)
    bad = next((m.week for m in mentions if m.explicit and not in_course(m.week, course)), None)
    valid = [(m, where) for m, where in zip(mentions, at, strict=True) if in_course(m.week, course)]
    topic_ids = [m.topic_id for m in named]

    def intent(kind: IntentKind, asking: re.Match[str] | None, **fields: object) -> Intent:
        scoped = _first(valid, masked, asking)  # explicit mentions first, then bare titles
        asked = _first([(m, w) for m, w in valid if m.explicit], masked, asking)  # a question only when told so
        by_title = kind == "progress" and _TITLED_QUIZ.search(masked)  # "did i pass the LLM quiz"
        week = asked if kind == "answer" or (kind == "progress" and not by_title) else scoped
        return Intent(kind=kind, week=week, week_out_of_range=bad, named_week=scoped, **fields)  # type: ignore[arg-type]

    studying = _as_the_student(masked)  # "how has he been doing in week 6": a parent asks for a child
    if (asking := _search(phrasings.RESULTS, masked)) or _search(phrasings.RESULTS, studying):
        return intent("progress", asking)
    if asking := _search(phrasings.QUIZ, masked):
        on = _quiz_topics(lowered, named, [m for m, _ in valid])
        count = _count(masked)
        if count and len(on) > 1 and _EACH.search(masked):  # "3 questions each" on two topics: 6
            count *= len(on)
        return intent("quiz", asking, topic_ids=on, count=count)
    if (asking := _search(phrasings.PROGRESS, masked)) or _search(phrasings.PROGRESS, studying):
        return intent("progress", asking)
    if asking := _search(phrasings.NEXT_WEEK, masked):
        after = intent("syllabus", asking)
        following = (after.week or 0) + 1
        return replace(after, week=following, named_week=following) if after.week and in_course(following, course) \
            else after
    if asking := _search(phrasings.SYLLABUS, masked):
        # "I did dropout; which week has attention?" is about attention: the asking sentence's topics first
        sentence = _sentence_of(masked, asking.start())
        ordered = sorted(named, key=lambda t: _sentence_in(lowered, t.start, mentions) != sentence)
        return intent("syllabus", asking, topic_ids=[] if valid else [t.topic_id for t in ordered])
    if _search(phrasings.SYLLABUS, _titles_as_it(masked, lowered, named)):  # long titles in a short question
        return intent("syllabus", None, topic_ids=[] if valid else topic_ids)
    return intent("answer", None, topic_ids=topic_ids)


def _titles_as_it(masked: str, lowered: str, named: Sequence[TopicMatch]) -> str:
    """ "is ONNX Format, Pb Format and Deep Learning on 2 Dimensional Images week 3?" as "is it, it
    and it week 3?": a follow-up's titles, written out, outgrow the rules' short gaps."""
    for match in named:
        said = lowered[match.start:match.end]
        if len(said.split()) <= len(match.title.split()):  # the title itself, not words of it far apart
            masked = masked.replace(said, "it", 1)
    return masked


def _as_the_student(masked: str) -> str:
    """A request about another learner's progress in the student's words ("how has he been
    doing" -> "how have i been doing", "should my son review" -> "should i review"), for the
    progress rules only (its positions are not the request's)."""
    text = _LEARNER.sub("i", masked)
    return _THIRD_PERSON_VERB.sub(lambda found: _FIRST_PERSON[found.group(0)], text)


def _search(patterns: list[re.Pattern[str]], masked: str) -> re.Match[str] | None:
    return next((m for p in patterns if (m := p.search(masked))), None)


def as_meant(text: str, course: Course, matcher: TopicMatcher, keep: Sequence[str]) -> str:
    """`text` spelt right when a typo hides what it asks for ("qiuz me on thoes", "do a tset on
    attention" read as questions about the typo; "test me on everythin" as a quiz on "everythin"),
    else as written: the course's words (`keep`, sorted) and a question that stays a question are
    never rewritten."""
    kind = route(text, course, matcher).kind
    if kind == "out_of_scope" or (corrected := fix_typos(text, keep)) == text:
        return text
    if kind == "answer":
        return corrected if route(corrected, course, matcher).kind not in ("answer", "out_of_scope") else text
    hidden = kind == "quiz" and request_subject(text) and not request_subject(corrected)
    return corrected if hidden and route(corrected, course, matcher).kind == kind else text


def _quiz_topics(lowered: str, named: list[TopicMatch], weeks: list[WeekMention]) -> list[str]:
    """The topics a quiz is on: those of its subject when it names one ("I get ReLU, but quiz
    me on GELU" -> GELU), else every topic named; a topic inside a week's title ("test me on
    CNN models", week 5) is the week's word, not a subject, and one inside a longer (or better)
    match of another is that one's ("He initialization" in "Initializing Tensors")."""
    topics = [t for t in named if not any(m.start <= t.start and t.end <= m.end for m in weeks)
              and not any(_word_of(t, other, lowered) for other in named)]
    span = subject_span(lowered)
    asked = [t for t in topics if span and span[0] <= t.start and t.end <= span[1]]
    return [t.topic_id for t in asked or topics]


def _word_of(inner: TopicMatch, outer: TopicMatch, lowered: str) -> bool:
    """`inner` is said in `outer`'s words, which are longer or matched better: "Dot Product" in
    "Scaled Dot Product Attention", RefineNet read in "RetinaNet"."""
    def content(text: str) -> set[str]:
        return {stem(word) for word in words(text) if word not in STOPWORDS}
    return (outer.start <= inner.start and inner.end <= outer.end
            and (outer.end - outer.start, outer.score) > (inner.end - inner.start, inner.score)
            and content(lowered[inner.start:inner.end]) <= content(outer.title))


def requested_count(text: str, course: Course) -> int | None:
    """How many questions a request asks for ("three questions" -> 3), if it says."""
    lowered = normalise(text)
    return _count(_mask(lowered, week_mentions(lowered, course))[0])


def _first(mentions: list[tuple[WeekMention, int]], masked: str, asking: re.Match[str] | None) -> int | None:
    """The week a request is about: one named in the words that ask ("I did week 1, what does
    week 2 cover?"), else in the same sentence (the last question when no words ask: "week 1 is
    done. What does week 2 cover then?"), else an explicit one; the nearest the asking words
    ("[week 1: done] [week 3: ???] my progress for week 3?"), else the first."""
    def inside(where: int) -> bool:
        return asking is not None and asking.start() <= where < asking.end()

    question = masked.rfind("?")  # when no words ask, the last question does
    asked_at = asking.start() if asking else (question if question >= 0 else None)
    sentence = _sentence_of(masked, asked_at) if asked_at is not None else None
    ordered = sorted(mentions, key=lambda mw: (not inside(mw[1]), _sentence_of(masked, mw[1]) != sentence,
                                               not mw[0].explicit,
                                               abs(mw[1] - asking.start()) if asking else mw[0].start))
    return ordered[0][0].week if ordered else None


def _drop_inside_topics(mentions: list[WeekMention], named: list[TopicMatch]) -> list[WeekMention]:
    """A bare week title inside a longer topic name is the topic's word, not the week's:
    "gradient optimizers" is week 4's topic, not week 9 ("Optimization")."""
    def inside(m: WeekMention) -> bool:
        return any(t.start <= m.start and m.end <= t.end and (t.end - t.start) > (m.end - m.start)
                   for t in named)
    return [m for m in mentions if m.explicit or not inside(m)]


def _mask(lowered: str, mentions: list[WeekMention]) -> tuple[str, list[int]]:
    """The text with each week mention replaced by a placeholder, and where each placeholder is."""
    parts, at, starts = [], 0, []
    for mention in sorted(mentions, key=lambda m: m.start):
        parts.append(lowered[at:mention.start])
        starts.append(sum(map(len, parts)))
        parts.append("weekref" if mention.explicit else "weektitle")
        at = mention.end
    masked = "".join(parts) + lowered[at:]
    return masked, starts


_SENTENCE_END = re.compile(r"[.!?;]+(?=\s|$)")


def _sentence_of(masked: str, position: int) -> int:
    return len(_SENTENCE_END.findall(masked, 0, position))


def _sentence_in(lowered: str, position: int, mentions: list[WeekMention]) -> int:
    """`_sentence_of` for a place in the text before masking ("wk. 5" ends no sentence)."""
    return sum(1 for end in _SENTENCE_END.finditer(lowered, 0, position)
               if not any(m.start <= end.start() < m.end for m in mentions))


def _count(masked: str) -> int | None:
    match = phrasings.COUNT.search(masked) or next(
        (found for pattern in phrasings.OTHER_COUNTS if (found := pattern.search(masked))), None)
    if not match:
        return None
    token = match.group("n")
    return phrasings.FUZZY_COUNTS.get(token) or number(token)


_MATCHERS: dict[tuple[str, ...], TopicMatcher] = {}


def _topic_matcher(course: Course) -> TopicMatcher:
    """One matcher per distinct course, for callers that do not keep their own."""
    key = tuple(f"{t.id}:{t.title}" for t in course.topics)
    if key not in _MATCHERS:
        _MATCHERS[key] = TopicMatcher(course)
    return _MATCHERS[key]
