"""Reading course text for quizzes: masking, acronyms and the course's own vocabulary (words and
sentences come from `core.text`, the filler filter from `assistant.boilerplate`).

A question is only as good as the sentence it comes from. Sentences about the article, the
reader or the course ("in this article", "we will", "check it out") test nothing, and a blank is
only worth filling when its term is course vocabulary: frequent in this course, rare in everyday
English (wordfreq's Zipf scale), weighted by TF-IDF over the course's topics.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

from rapidfuzz.distance import OSA

from core.text import ENGLISH_STOPWORDS, WRITTEN_WORD, written_words, zipf
from core.text import stem as snowball

BLANK = "_____"
MASK = "___"
# Words a title shares with half the course: blanking or masking them teaches nothing.
GENERIC_WORDS = frozenset("""
    op ops operation operations model models learning deep network networks neural function functions
    layer layers algorithm algorithms article basics basic concepts concept different types using based
    vs introduction overview ideas key use uses top must read application applications opengenus
    dl ml ai
""".split())
# A sentence opening on one of these leans on the sentence before it: out of context it is vague.
VAGUE_OPENERS = frozenset("it its this these those they their them he she such here there so".split())
ZIPF_COMMON = 4.8  # at or above this (per billion words: 63,000) a word is everyday English
ZIPF_SPAN = 1.8  # specificity rises from 0 at ZIPF_COMMON to 1 at ZIPF_COMMON - ZIPF_SPAN
TERM_SPECIFICITY = 0.6  # a plain title word is a term only when this rare ('optimizer', not 'prediction')
RARE = 0.5  # a word this rare in English ('supervised') carries content even when the course uses it once

_PARENTHESIS = re.compile(r"\s*\(([^)]*)\)\s*")
_ACRONYM = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Z][A-Za-z0-9\-]*s?$")


def key_words(text: str) -> list[str]:
    """The informative words of a text, lowercased, in order: no stopwords, no generic words."""
    return [w for w in (w.casefold() for w in written_words(text))
            if len(w) > 1 and w not in ENGLISH_STOPWORDS and w not in GENERIC_WORDS]


def is_vague(sentence: str, title: str = "") -> bool:
    """True when the sentence opens on a pronoun ('It is just a straight line'), unless that
    word opens the topic's own name ('He initialization')."""
    first = written_words(sentence)[:1]
    if sentence.casefold().startswith(title.casefold()):
        return False
    if first and first[0].casefold() in VAGUE_OPENERS:
        return True
    return re.search(r"\b(?:this|these|those)\s+(?!is\b|are\b)[a-z]", sentence, re.IGNORECASE) is not None


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    word = word.casefold()
    for suffix in ("'s", "’s"):
        word = word.removesuffix(suffix)
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


@lru_cache(maxsize=262144)
def related(word: str, other: str) -> bool:
    """True when `word` would give `other` away: same word, plural, derived form or typo."""
    a, b = _stem(word), _stem(other)
    if a == b or snowball(a) == snowball(b):
        return True
    prefix = len(os.path.commonprefix([a, b]))  # noqa: RUF071 - a shared character prefix is what is meant
    if prefix >= 6 and prefix >= 0.6 * min(len(a), len(b)):  # "multiplies", "multiplications"
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= 3 and long.startswith(short):
        return True
    return len(short) >= 4 and OSA.distance(a, b) <= 1


FUNCTION_WORDS = frozenset("a an the of and or in on for to with using vs by from".split())


def _title_parts(title: str) -> list[str]:
    title_words = [w for w in written_words(title) if w.casefold() not in FUNCTION_WORDS]  # "He" of "He initialization"
    return [w for tw in title_words for w in re.split(r"[-.'’]", tw) if w] + title_words


def mask_title(text: str, title: str) -> str:
    """The text with every word related to a title word replaced by ___ (runs collapsed)."""
    parts = _title_parts(title)

    def mask(match: re.Match[str]) -> str:
        token = match.group(0)
        pieces = [token, *re.split(r"[-.'’]", token)]
        return MASK if any(related(p, tw) for p in pieces if p for tw in parts) else token

    masked = WRITTEN_WORD.sub(mask, text)
    return re.sub(rf"{re.escape(MASK)}(?:[\s\-/]+{re.escape(MASK)})+", MASK, masked)


def names(text: str, title: str) -> bool:
    """True when the text uses any distinctive word of the title (or a form of it)."""
    distinctive = [w for w in _title_parts(title) if w.casefold() not in GENERIC_WORDS and len(w) > 1]
    return any(related(token, w) for token in written_words(text) for w in distinctive)


@cache
def title_forms(title: str) -> list[str]:
    """The title, the title without its parenthesis, and the parenthesis (an acronym)."""
    inner = _PARENTHESIS.findall(title)
    outer = re.sub(r"\s*\?$", "", _PARENTHESIS.sub(" ", title)).strip(" !.:")
    bare = re.sub(r"\s+(?:ops?|operations?)$", "", outer, flags=re.IGNORECASE)  # "Bias op" -> "Bias"
    singular = re.sub(r"(?<=[a-z]{3})s$", "", bare)  # "Cost Functions" -> "Cost Function"
    return [f for f in dict.fromkeys([title, outer, *inner, bare, singular]) if f.strip()]


def find_form(sentence: str, forms: Iterable[str]) -> re.Match[str] | None:
    """The first of `forms` (longest first) in the sentence as whole words, plural allowed."""
    folded = sentence.casefold()
    for form in sorted(forms, key=len, reverse=True):
        if form.casefold() in folded and (found := _form_pattern(form).search(sentence)):
            return found
    return None


@lru_cache(maxsize=4096)
def _form_pattern(form: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(form)}(?:e?s|'s|’s)?(?![\w-])", re.IGNORECASE)


def is_acronym(term: str) -> bool:
    return bool(_ACRONYM.match(term)) and " " not in term


def initials(phrase: str) -> str:
    """'Region of Interest Pooling' -> 'RIP': the capital letters an acronym of it would use."""
    content = [w for w in written_words(phrase) if w.casefold() not in ENGLISH_STOPWORDS]
    return "".join(w[0] for w in content).upper() if len(content) >= 2 else ""


def spells(acronym: str, text: str) -> bool:
    """True when consecutive words of `text` spell the acronym ('DCNNs': 'deep convolutional
    neural networks'), stop words skipped, digits matched as written ('FP32': 'floating point 32')."""
    letters = re.sub(r"s$", "", acronym.replace("-", ""))
    head = re.match(r"[A-Za-z]+", letters)
    if head is None or len(head.group()) < 2:
        return False
    tail = letters[head.end():]
    target = head.group().upper()
    tokens = [w for w in written_words(text) if w.casefold() not in ENGLISH_STOPWORDS]
    for start in range(len(tokens)):
        spelled = "".join(t[0] for t in tokens[start:start + len(target)]).upper()
        if spelled != target:
            continue
        after = tokens[start + len(target):start + len(target) + 1]
        if not tail or (after and after[0] == tail):
            return True
    return False


def gives_away(term: str, stem: str) -> bool:
    """True when the stem shows the term, a form of it, its acronym or, for an acronym, its
    expansion: a question that does would answer itself."""
    content = [w for w in written_words(term)
               if w.casefold() not in ENGLISH_STOPWORDS and w.casefold() not in GENERIC_WORDS]
    if len(content) > 1:  # in a name, an everyday word ("objects" for "Object Detection") is no clue
        content = [w for w in content if is_acronym(w) or _specificity(w.casefold()) >= 0.5]
    if any(related(token, w) for w in content if len(w) > 2 for token in written_words(stem)):
        return True
    if (short := initials(term)) and re.search(rf"(?<!\w){short}s?(?!\w)", stem, re.IGNORECASE):
        return True
    return is_acronym(term) and spells(term, stem)


class CourseVocabulary:
    """Term weights over the course: TF-IDF across topics times how rare the word is in
    everyday English, so 'perceptron' weighs and 'fundamental' or 'buzzword' does not."""

    def __init__(self, documents: Sequence[str], titles: Sequence[str]) -> None:
        self.n = max(len(documents), 1)
        self.df = Counter(s for doc in documents for s in {snowball(w.casefold()) for w in written_words(doc)})
        self.title_words = {snowball(w.casefold()) for title in titles for w in written_words(title)}
        self.title_surfaces = {_plural_free(w) for title in titles for w in written_words(title)}
        self._weights: dict[str, float] = {}

    def weight(self, word: str) -> float:
        """0 for words that carry no course content; about 1-4 for course vocabulary."""
        if word not in self._weights:
            self._weights[word] = self._weight(word)
        return self._weights[word]

    def _weight(self, word: str) -> float:
        low = word.casefold()
        if len(low) < 2 or low in ENGLISH_STOPWORDS or low in GENERIC_WORDS or low.isdigit():
            return 0.0
        key = snowball(re.sub(r"['’]s$", "", low))
        technical = is_acronym(word) or (any(c.isdigit() for c in word) and sum(c.isalpha() for c in word) >= 2)
        specific = 1.0 if technical else _specificity(low)
        if specific <= 0 or (zipf(low) == 0 and key not in self.title_words and word.islower()):
            return 0.0  # everyday English, or a typo ("usign") the course happens to repeat
        recurring = self.df.get(key, 0) >= 2 or key in self.title_words or technical or specific >= RARE
        if not recurring:
            return 0.0
        idf = math.log(1 + self.n / max(self.df.get(key, 1), 1))
        return round(specific * idf, 4)

    def is_term(self, word: str) -> bool:
        """A word worth blanking: part of a topic's name, or technical (ReLU, FP32, GoogleNet,
        ImageNet) and used by more than one topic. Plain English words are not terms."""
        key = snowball(word.casefold())
        if not any(c.isalpha() for c in word) or self.weight(word) <= 0:
            return False
        technical = is_acronym(word) or any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:])
        if technical:  # "V4" or "3B" say little; "FP32", "ReLU", "GoogleNet" say a lot
            return len(word) >= 3 and not re.fullmatch(r"[Vv]\d+", word) and (
                key in self.title_words or self.df.get(key, 0) >= 2)
        # A plain word only in the form a title uses it: "epochs" for "Epoch", not "optimize"
        # for "Optimizers".
        return _plural_free(word) in self.title_surfaces and _specificity(word.casefold()) >= TERM_SPECIFICITY

    def content(self, text: str) -> float:
        """The summed weight of a text's distinct words: how much course content it carries."""
        return sum(self.weight(w) for w in {w.casefold(): w for w in written_words(text)}.values())


def _plural_free(word: str) -> str:
    return re.sub(r"(?<=[a-z]{3})(?:e?s)$", "", word.casefold())


@cache
def _specificity(word: str) -> float:
    frequency = zipf(word)
    return min(1.0, max(0.0, (ZIPF_COMMON - frequency) / ZIPF_SPAN))
