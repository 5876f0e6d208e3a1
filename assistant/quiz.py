"""Quizzes built from the course itself: multiple choice, fill-in-the-blank and (with an LLM) open.

Every question is checkable against the checklist, cites its topic, and never gives its answer
away: an mcq masks the topic's own title words in the description it quotes, a cloze blanks
every occurrence of its term. Randomness comes from `seed`, so the same inputs give the same quiz.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from typing import Literal

from pydantic import BaseModel
from rapidfuzz.distance import OSA

from assistant.progress import ProgressStore, QuestionType
from ingest.course import Course, Topic
from ingest.errors import UserError

BLANK = "_____"
MASK = "___"
MAX_STEM_WORDS = 40  # an mcq quotes about this much of the description
OPTION_WORDS = 24  # a statement in the reverse mcq
MIN_STATEMENT_WORDS = 6  # informative words a statement must keep after masking
# Words a title shares with half the course: blanking or masking them teaches nothing.
GENERIC_WORDS = frozenset("""
    op ops operation operations model models learning deep network networks neural function functions
    layer layers algorithm algorithms article basics basic concepts concept different types using based
    vs introduction overview ideas key use uses top must read application applications opengenus
""".split())
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.\-][A-Za-z0-9]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“(])")
_PARENTHESIS = re.compile(r"\s*\(([^)]*)\)\s*")


@cache
def stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(STOPWORDS_EN_PLUS)


class QuizSource(BaseModel):
    topic: str  # the checklist title, verbatim
    url: str
    source: Literal["article", "checklist"]


class QuizQuestion(BaseModel):
    id: str
    type: QuestionType
    topic_id: str
    week: int
    question: str
    options: list[str]  # mcq only; empty otherwise
    answer: str  # mcq: one of the options verbatim; cloze: the blanked term; open: a reference answer
    explanation: str
    source: QuizSource


class Quiz(BaseModel):
    """`dlstudy quiz --json`."""

    week: int
    questions: list[QuizQuestion]


class OpenQuestion(BaseModel):
    """What an open-question writer (an LLM) returns for a topic and its material."""

    question: str
    answer: str
    explanation: str = ""


OpenQuestionWriter = Callable[[Topic, str], OpenQuestion | None]


# -- text helpers ----------------------------------------------------------------------------

def words(text: str) -> list[str]:
    return _WORD.findall(text)


def key_words(text: str) -> list[str]:
    """The informative words of a text, lowercased, in order: no stopwords, no generic words."""
    return [w for w in (w.casefold() for w in words(text))
            if len(w) > 1 and w not in stopwords() and w not in GENERIC_WORDS]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def _stem(word: str) -> str:
    word = word.casefold()
    for suffix in ("'s", "’s"):
        word = word.removesuffix(suffix)
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _related(word: str, title_word: str) -> bool:
    """True when `word` would give `title_word` away: same word, plural, derived form or typo."""
    a, b = _stem(word), _stem(title_word)
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= 3 and long.startswith(short):
        return True
    return len(short) >= 4 and OSA.distance(a, b) <= 1


def mask_title(text: str, title: str) -> str:
    """The text with every word related to a title word replaced by ___ (runs collapsed)."""
    title_words = [w for w in words(title) if w.casefold() not in stopwords()]
    parts = [w for tw in title_words for w in re.split(r"[-.'’]", tw) if w] + title_words

    def mask(match: re.Match[str]) -> str:
        token = match.group(0)
        pieces = [token, *re.split(r"[-.'’]", token)]
        return MASK if any(_related(p, tw) for p in pieces if p for tw in parts) else token

    masked = _WORD.sub(mask, text)
    return re.sub(rf"{re.escape(MASK)}(?:[\s\-/]+{re.escape(MASK)})+", MASK, masked)


def _visible_words(text: str) -> int:
    return len(key_words(text))


def _excerpt(text: str, limit: int, min_visible: int = 3) -> str:
    """Whole sentences with something left to read, up to about `limit` words."""
    chosen: list[str] = []
    for sentence in sentences(text):
        if _visible_words(sentence) < min_visible:
            continue
        chosen.append(sentence)
        if sum(len(words(s)) for s in chosen) >= limit:
            break
    if not chosen:
        chosen = [text]
    excerpt = " ".join(chosen)
    tokens = excerpt.split()
    return " ".join(tokens[:limit]) + " …" if len(tokens) > limit + 10 else excerpt


def _contains(text: str, phrase: str) -> bool:
    return phrase.casefold() in text.casefold()


def _title_forms(title: str) -> list[str]:
    """The title, the title without its parenthesis, and the parenthesis (an acronym)."""
    inner = _PARENTHESIS.findall(title)
    outer = _PARENTHESIS.sub(" ", title).strip(" ?!.:")
    return [f for f in dict.fromkeys([title, outer, *inner]) if f.strip()]


def _question_id(topic: Topic, kind: str, text: str) -> str:
    digest = hashlib.sha1(f"{topic.id}|{kind}|{text}".encode()).hexdigest()[:10]
    return f"{topic.id}-{kind}-{digest}"


# -- question makers ---------------------------------------------------------------------------

class _Maker:
    """Builds the questions for one quiz; shared inputs live here, not in long argument lists."""

    def __init__(self, course: Course, material: Mapping[str, Sequence[str]] | None,
                 writer: OpenQuestionWriter | None, seed: int | None) -> None:
        self.course, self.material, self.writer, self.seed = course, material or {}, writer, seed

    def rng(self, *salt: object) -> random.Random:
        return random.Random(":".join(map(str, (self.seed, *salt))))

    def question(self, topic: Topic, kind: QuestionType, text: str, options: list[str], answer: str,
                 explanation: str, source: Literal["article", "checklist"] = "checklist") -> QuizQuestion:
        return QuizQuestion(
            id=_question_id(topic, kind, text), type=kind, topic_id=topic.id, week=topic.week,
            question=text, options=options, answer=answer, explanation=explanation,
            source=QuizSource(topic=topic.title, url=topic.urls[0] if topic.urls else "", source=source))

    def passages(self, topic: Topic) -> list[str]:
        given = [p for p in self.material.get(topic.id, ()) if p.strip()]
        return list(dict.fromkeys([topic.description, *given]))

    def _mcq(self, topic: Topic, stem: str, options: dict[str, str], answer: str,
             kind: str) -> QuizQuestion | None:
        """Shuffle `options` (title -> shown text) by seed and build the question."""
        if len({text.casefold() for text in options.values()}) < len(options):
            return None
        order = list(options)
        self.rng(topic.id, kind).shuffle(order)
        return self.question(topic, "mcq", stem, [options[o] for o in order], options[answer],
                             _excerpt(topic.description, 30))

    def _distractors(self, topic: Topic, fair: Callable[[Topic], bool], kind: str) -> list[Topic]:
        others = [t for t in self.course.week(topic.week).topics
                  if t.id != topic.id and t.title.casefold() != topic.title.casefold() and fair(t)]
        unique = list({t.title.casefold(): t for t in others}.values())
        return self.rng(topic.id, kind, "distractors").sample(unique, 3) if len(unique) >= 3 else []

    def describe_mcq(self, topic: Topic) -> QuizQuestion | None:
        """'Which topic matches this description', the description stripped of the title words."""
        described = _excerpt(mask_title(topic.description, topic.title), MAX_STEM_WORDS)
        stem = f"Which topic matches this description: “{described}”"
        if any(re.search(rf"(?<!\w){re.escape(form)}(?!\w)", stem, re.IGNORECASE)
               for form in _title_forms(topic.title)):
            return None  # masking could not hide the answer
        # An option named in the description would be a second right-looking answer.
        chosen = self._distractors(topic, lambda t: not _contains(described, t.title), "describe")
        if not chosen:
            return None
        return self._mcq(topic, stem, {t.title: t.title for t in [topic, *chosen]}, topic.title, "describe")

    def statement_mcq(self, topic: Topic) -> QuizQuestion | None:
        """The reverse form: 'Which statement describes <title>?'."""
        def statement(t: Topic) -> str:
            return _excerpt(mask_title(t.description, t.title), OPTION_WORDS)

        def readable(text: str) -> bool:  # a mostly-masked statement makes a guessing game
            return _visible_words(text) >= MIN_STATEMENT_WORDS

        right = statement(topic)
        if not readable(right):
            return None
        chosen = self._distractors(topic, lambda t: (
            statement(t) != right and readable(statement(t))
            and not any(_contains(statement(t), form) for form in _title_forms(topic.title))), "statement")
        if not chosen:
            return None
        options = {t.title: statement(t) for t in [topic, *chosen]}
        return self._mcq(topic, f"Which statement describes {topic.title}?", options, topic.title, "statement")

    def clozes(self, topic: Topic) -> Iterator[QuizQuestion]:
        """Fill-in-the-blank questions, the most telling term first (title, then technical terms)."""
        candidates: list[tuple[int, str, str, str, Literal["article", "checklist"]]] = []
        for passage_no, passage in enumerate(self.passages(topic)):
            for sentence in sentences(passage):
                if not 6 <= len(words(sentence)) <= 45:
                    continue
                for priority, term in _terms(sentence, topic.title):
                    hint = f" ({len(term.split())} words)" if " " in term else ""
                    blanked = _blank(sentence, term)
                    text = f"Fill in the blank{hint}: “{blanked}”"
                    if BLANK in blanked and _visible_words(blanked) >= 3 and not _contains(text, term):
                        candidates.append((priority, text, term, sentence,
                                           "checklist" if passage_no == 0 else "article"))
                        break
        rng = self.rng(topic.id, "cloze")
        candidates.sort(key=lambda c: (c[0], rng.random()))
        for _, text, term, sentence, source in candidates:
            yield self.question(topic, "cloze", text, [], term, f"“{sentence}”", source)

    def open_questions(self, topic: Topic) -> Iterator[QuizQuestion]:
        if self.writer is None:
            return
        written = self.writer(topic, "\n\n".join(self.passages(topic)))
        if written and written.question.strip() and written.answer.strip():
            yield self.question(topic, "open", written.question.strip(), [], written.answer.strip(),
                                written.explanation.strip() or written.answer.strip())

    def mcqs(self, topic: Topic) -> Iterator[QuizQuestion]:
        for make in (self.describe_mcq, self.statement_mcq):
            if question := make(topic):  # None: too few fair distractors
                yield question

    def for_topic(self, topic: Topic, offset: int) -> Iterator[QuizQuestion]:
        """This topic's questions, alternating kinds, starting with kind number `offset`."""
        sources = {"mcq": self.mcqs(topic), "cloze": self.clozes(topic)}
        if self.writer is not None:
            sources["open"] = self.open_questions(topic)
        kinds = list(sources)
        kinds = kinds[offset % len(kinds):] + kinds[:offset % len(kinds)]
        while kinds:
            for kind in list(kinds):
                question = next(sources[kind], None)
                if question is None:
                    kinds.remove(kind)
                else:
                    yield question


def _terms(sentence: str, title: str) -> Iterator[tuple[int, str]]:
    """Candidate blanks in a sentence, best first: 0 the title, 1 a technical or capitalised title
    word, 2 another technical or capitalised term, 3 a plain title word."""
    for form in sorted(_title_forms(title), key=len, reverse=True):
        match = re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", sentence, re.IGNORECASE)
        if match:
            yield 0, match.group(0)
    title_keys = set(key_words(title))
    tokens = [re.sub(r"['’]s$", "", token) for token in words(sentence)]  # "ELU's" -> "ELU"
    marked = [(token, _is_term(token, position)) for position, token in enumerate(tokens)
              if token.casefold() not in stopwords() and token.casefold() not in GENERIC_WORDS]
    yield from ((1, t) for t, term in marked if term and t.casefold() in title_keys)
    yield from ((2, t) for t, term in marked if term)
    yield from ((3, t) for t, term in marked if len(t) >= 4 and t.casefold() in title_keys)


def _is_term(token: str, position: int) -> bool:
    """A technical term (GoogleNet, FP32, ReLU, AVX512-VNNI) or a capitalised word mid-sentence."""
    upper = sum(c.isupper() for c in token)
    if upper and any(c.isdigit() for c in token):
        return True
    if upper >= 2 and len(token) >= 3:
        return True
    return position > 0 and token[0].isupper() and len(token) >= 4


def _blank(sentence: str, term: str) -> str:
    """The sentence with every whole-word occurrence of `term` blanked (adjacent blanks merged)."""
    blanked = re.sub(rf"(?<![\w-]){re.escape(term)}(?![\w-])", BLANK, sentence, flags=re.IGNORECASE)
    return re.sub(rf"{BLANK}(?:\s+{BLANK})+", BLANK, blanked)


# -- the quiz ----------------------------------------------------------------------------------

def make_quiz(course: Course, week: int, n: int = 5, *, topic_id: str | None = None,
              progress: ProgressStore | None = None, material: Mapping[str, Sequence[str]] | None = None,
              open_question_writer: OpenQuestionWriter | None = None, seed: int | None = None) -> Quiz:
    """Up to `n` questions on `week` (or on one topic of it). Topics come from the progress
    store's review order when given (unseen, then due and weak topics), else a seeded shuffle.
    Fewer than `n` come back only when the topics run out of distinct questions."""
    course.require_week(week)
    if n < 1:
        raise UserError(f"a quiz needs at least one question, not {n}; pass --n 1 or more")
    if topic_id is not None:
        topic = course.require_topic(topic_id)
        if topic.week != week:
            raise UserError(f"topic {topic_id} is in week {topic.week}, not week {week}; "
                            f"use --week {topic.week}")
    if progress is not None:
        ids = progress.pick_topics(course, week, n, topic_id=topic_id)
    elif topic_id is not None:
        ids = [topic_id]
    else:
        ids = [t.id for t in course.week(week).topics]
        random.Random(f"{seed}:{week}:topics").shuffle(ids)
        ids = ids[:n]
    maker = _Maker(course, material, open_question_writer, seed)
    streams = [maker.for_topic(course.topic(tid), offset) for offset, tid in enumerate(ids)]
    questions: dict[str, QuizQuestion] = {}
    while streams and len(questions) < n:
        for stream in list(streams):
            question = next(stream, None)
            if question is None:
                streams.remove(stream)
            elif question.id not in questions:
                questions[question.id] = question
                if len(questions) == n:
                    break
    return Quiz(week=week, questions=list(questions.values()))
