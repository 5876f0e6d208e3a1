"""The groundedness guard: is every sentence of a generated answer supported by the passages?

A small model paraphrases its context into falsehoods. SmolLM2-135M, shown "ReLU Activation
Function is a non-linear function or piecewise linear function ...", wrote "ReLU is a linear
function." Every word of that sentence is in the passage, so word overlap alone passes it. The
guard therefore reads words with their polarity: "non-linear" is "linear" negated, and so is the
word after "not"/"no"/"never". A sentence word the passage only uses with the opposite polarity
is a contradiction. A word the passage uses both ways ("non-linear function or piecewise linear
function") must appear in the same immediate context as one of the passage's own uses: "ReLU is
piecewise linear" keeps "piecewise", "ReLU is a linear function" drops it and is rejected.

Beyond polarity, a sentence must share most of its content words (stemmed, stopwords removed)
and some of its content bigrams with one passage, and every number it states must be in that
passage. Pure Python and deterministic: no model, a few milliseconds per answer.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from core.text import ENGLISH_STOPWORDS, split_sentences, stem

# Share of a sentence's content words that one passage must hold. Below 0.75 a four-word claim
# could carry a word the passage never said; faithful paraphrases keep about 0.85 and up, since
# they swap a word or two for a synonym ("used instead of" -> "replaced").
UNIGRAM_MIN = 0.75
# Share of the sentence's content bigrams the passage must hold. Paraphrases keep few (about a
# third), so this is low: it only rejects sentences that reuse the passage's words in new
# combinations ("BERT replaced GELU with ReLU" from "GELU replaced ReLU in BERT").
BIGRAM_MIN = 0.2
# Weighted mix used as the sentence's score (reported, and used to pick the best passage).
UNIGRAM_WEIGHT = 0.7

NEGATIONS = frozenset({"not", "no", "never", "nor", "neither", "cannot", "without", "none"})
# Words that talk about the answer rather than the subject ("According to passage 1, ...").
_META = {"according", "passage", "passages", "context", "text", "mentioned", "stated", "states",
         "say", "says", "said", "also", "may", "might", "could", "would", "must", "shall",
         "answer", "question", "summary", "note", "sure", "here"}
_STOP = (ENGLISH_STOPWORDS - NEGATIONS) | _META
_NOT_NON = frozenset({"none", "nonetheless", "nonsense", "nonce", "nonlocal"})
_COORDINATORS = frozenset({"and", "or", "nor"})
_AUXILIARY = {"ca": "can", "wo": "will"}
CONTEXT = 3  # content words before a word that say what it is about ("gradient is exactly zero")

_MARKER = re.compile(r"\s*\[\s*\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*\s*\]")
_CONTRACTION = re.compile(r"\b(ca|wo|is|are|was|were|do|does|did|has|have|had|should|would|could|must|need)n['’]t\b")
_NON_PREFIX = re.compile(r"\bnon[\s-]+(?=[a-z])")
# "GELU is used instead of ReLU", "GELU replaced ReLU": ReLU is the one not used. Read as "not"
# so that "BERT uses ReLU instead of GELU" contradicts the passage. ("replaced by/with" names the
# newcomer, so it is left alone.)
_NEGATING_PHRASE = re.compile(r"\b(?:instead of|rather than|(?P<verb>replac(?:e|es|ed|ing))(?!\s+(?:by|with)\b))")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[a-z][a-z0-9]*")
_NUMBER_WORDS = {w: str(n) for n, w in enumerate(
    "zero _ two three four five six seven eight nine ten eleven twelve".split()) if w != "_"}


@dataclass(frozen=True)
class SentenceSupport:
    text: str
    supported: bool
    score: float  # 0..1 overlap with the best passage
    passage_index: int | None  # the passage that best supports it (None: nothing to check)
    reason: str | None = None  # why it is unsupported, for logs and the evaluation


@dataclass(frozen=True)
class GuardVerdict:
    grounded: bool  # every sentence is supported (and there is at least one)
    sentences: list[SentenceSupport]

    @property
    def unsupported(self) -> list[SentenceSupport]:
        return [s for s in self.sentences if not s.supported]


@dataclass(frozen=True)
class _Word:
    key: str  # stem, or a number in canonical form ("zero" and "0.0" are "0")
    negated: bool
    before: str  # the raw word just before it ("piecewise" linear, "a" non-linear)
    left: tuple[str, ...]  # up to CONTEXT content keys before it, nearest last
    number: bool
    negated_by_word: bool = False  # by "not"/"no"/..., which coordination extends; "non-" is not


def _words(text: str) -> list[_Word]:
    """Content words with polarity: "non-linear" and the word after "not" are negated, and so
    are words coordinated with it ("not ReLU or ELU", "instead of ReLU and ELU")."""
    text = _MARKER.sub("", text).lower().replace("\u2019", "'")
    text = _CONTRACTION.sub(lambda m: _AUXILIARY.get(m.group(1), m.group(1)) + " not", text)
    text = _NEGATING_PHRASE.sub(lambda m: f" {m.group('verb') or ''} not ", _NON_PREFIX.sub("non", text))
    found: list[_Word] = []
    previous, negation, carried = "", False, False
    for raw in _TOKEN.findall(text):
        if raw in NEGATIONS:
            previous, negation, carried = raw, True, False
            continue
        if raw in _STOP:
            if raw in _COORDINATORS and found and previous not in _STOP and found[-1].negated_by_word:
                negation, carried = True, True  # "not ReLU or ELU": ELU too
            elif carried:
                negation, carried = False, False  # "not ReLU and is smooth": smooth is not negated
            previous = raw
            continue
        word, negated = raw, negation
        if raw.startswith("non") and len(raw) >= 7 and raw not in _NOT_NON:
            word, negated = raw[3:], not negated
        number = word[0].isdigit() or word in _NUMBER_WORDS
        key = _number(word) if number else stem(word)
        left = tuple(w.key for w in found[-CONTEXT:])
        found.append(_Word(key, negated, previous, left, number, negation))
        previous, negation, carried = raw, False, False
    return found


def _number(raw: str) -> str:
    raw = _NUMBER_WORDS.get(raw, raw).replace(",", "")
    try:
        return format(Decimal(raw).normalize(), "f")
    except InvalidOperation:
        return raw


class _Passage:
    """A passage's words indexed for the checks, by (key, polarity)."""

    def __init__(self, text: str) -> None:
        self.uses: dict[tuple[str, bool], list[_Word]] = defaultdict(list)
        self.bigrams: set[tuple[str, bool, str, bool]] = set()
        self.numbers: set[str] = set()
        for sentence in split_sentences(text):  # contexts and bigrams stop at a sentence's end
            words = _words(sentence)
            for word in words:
                self.uses[(word.key, word.negated)].append(word)
            self.bigrams |= {_pair(a, b) for a, b in zip(words, words[1:], strict=False)}
            self.numbers |= {w.key for w in words if w.number}


def _pair(a: _Word, b: _Word) -> tuple[str, bool, str, bool]:
    return a.key, a.negated, b.key, b.negated


def check_grounded(answer: str, passages: Sequence[str]) -> GuardVerdict:
    """Judge each sentence of `answer` against the passages (citation markers are ignored)."""
    indexed = [_Passage(p) for p in passages]
    sentences = [_support(s, indexed) for s in split_sentences(answer)]
    return GuardVerdict(bool(sentences) and all(s.supported for s in sentences), sentences)


def _support(sentence: str, passages: list[_Passage]) -> SentenceSupport:
    """Supported if one passage supports it; otherwise reported against the closest passage."""
    words = _words(sentence)
    if not words:  # "Sure." states nothing that could be wrong
        return SentenceSupport(sentence, True, 1.0, None)
    if not passages:
        return SentenceSupport(sentence, False, 0.0, None, "no passages to check against")
    judged = [(*_judge(words, passage), index) for index, passage in enumerate(passages)]
    score, reason, index = max(judged, key=lambda j: (j[1] is None, j[0], -j[2]))
    return SentenceSupport(sentence, reason is None, round(score, 4), index, reason)


def _judge(words: list[_Word], passage: _Passage) -> tuple[float, str | None]:
    """(overlap score, why the passage does not support the sentence, or None)."""
    pairs = [_pair(a, b) for a, b in zip(words, words[1:], strict=False)]
    unigram = sum((w.key, w.negated) in passage.uses for w in words) / len(words)
    bigram = sum(p in passage.bigrams for p in pairs) / len(pairs) if pairs else unigram
    score = UNIGRAM_WEIGHT * unigram + (1 - UNIGRAM_WEIGHT) * bigram
    for word in words:
        same = passage.uses.get((word.key, word.negated), [])
        opposite = passage.uses.get((word.key, not word.negated), [])
        polarity = f"'{'not ' if word.negated else ''}{word.key}'"
        if opposite and not same:
            return score, f"the passage says the opposite of {polarity}"
        if opposite and not any(_same_context(word, use) for use in same):
            return score, f"the passage uses '{word.key}' both ways, and {polarity} not in this context"
    missing = sorted({w.key for w in words if w.number} - passage.numbers)
    if missing:
        return score, f"{', '.join(missing)} is not in the passage"
    if unigram < UNIGRAM_MIN:
        return score, f"only {unigram:.0%} of its words are in the passage"
    if bigram < BIGRAM_MIN:
        return score, "its words are in the passage, but not in these combinations"
    return score, None


def _same_context(word: _Word, use: _Word) -> bool:
    """Is a passage use of a contested word about the same thing as the sentence's? Either the
    word right before matches ("a non-linear", "piecewise linear"), or the sentence's previous
    content word is among the passage use's last few ("gradient is exactly zero"). A sentence's
    first word is its subject, not a claim about it, so any same-polarity use will do."""
    if not word.left:
        return True
    return word.before == use.before or word.left[-1] in use.left
