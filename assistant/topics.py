"""Recognising course topics (and week titles) named in free text, tolerant of typos on both sides.

The checklist's titles carry typos ("Dialted Convolution", "Image Segementation") and so do
students ("alexnt", "relu activaton"). A phrase is matched token by token: a question word
matches a title word when their stems agree or, for words of five letters or more, when they
are one or two edits apart (same first letter). Each title word is weighted by how rare it is
across the phrases (IDF), so "Dropout" decides "Dropout in Tensorflow" and "ops" barely counts.

Aliases are derived from the titles, not hand-written: an acronym in parentheses ("(MLP)"),
the title without its parenthesis, the head of "X in/with/using Y" when Y is a common context
word ("Dropout in Tensorflow" -> "Dropout"), CamelCase parts ("MaxPool" -> "max pool") and the
title with its spaces removed ("Resnet 50" -> "resnet50"); a title's coined word alone when the
rest is generic ("ONNX Format"), and a word run together from the starts of its words ("adagrad"
for "Adaptive Gradient Algorithm").

Used for every question by retrieval and routing, so all heavy work happens in the constructor.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from assistant.terms import RARE_ZIPF, called_by_initials, word_stems
from core.course import Course, Topic
from core.text import STOPWORDS, Word, stem, word_spans, words, zipf

# A topic scoring at least this is "named" in the text: every distinctive word of one of its
# aliases is there (allowing typos). Retrieval and routing both treat it as a strong signal.
NAMED_MIN_SCORE = 0.75
FUZZY_MIN_LENGTH = 5  # shorter words must match exactly: "elu" is not "relu", "gan" is not "gap"
LONG_WORD = 9  # words this long may be two edits off ("segementation"), shorter ones one
CONTEXT_DF = 3  # a trailing "in/with/using Y" is optional when Y's words occur in this many titles
# A word this long that begins a title word stands for it: students clip long terms ("backprop",
# "convolut"), and the clipped word is rarely the start of another word.
PREFIX_MIN_LENGTH = 7
MAX_SPREAD = 3  # other words that may lie among a title's own and still name it ("dropout layers in tensorflow")
NAME_MAX_ZIPF = 1.5  # a word English writes this rarely is a name ("kohonen" 1.05), not a word ("sigmoid" 2.0)
PREFIX_SIMILARITY = 0.9
_ALSO_KNOWN_AS = re.compile(r"\balso (?:known|called|referred to) as (?P<name>[^.,;:()]{3,60})", re.IGNORECASE)
INITIALS_MIN = 3  # "BPE", "FFNN": two letters ("ML", "GD") stand for too many things
INITIALS_MAX_ZIPF = 2.0  # initials English writes more often are a word or another thing ("mid", "gap", "ann")
BLEND_PART = 3  # each part of a name run together from a title's words: "ada" + "grad"
MEMO_SIZE = 20_000  # remembered word lookups per matcher

_PAREN = re.compile(r"\s*\(([^)]*)\)\s*")
ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]+s?\b")  # "MLP", "FP32", "LLMs"
_CAMEL_PART = re.compile(r"[A-Z][a-z]+|[a-z]+")
_QUALIFIER = re.compile(r"^(?P<head>.+?)\s+(?:in|with|using|for)\s+(?P<tail>.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class PhraseHit:
    key: str
    score: float  # weighted share of the alias's words found, 0..1
    start: int  # character span of the matched words in the text
    end: int
    weight: float  # matched IDF mass: at equal score, the longer (more specific) phrase wins
    exact: int = 0  # words matched exactly as written: the last tie-break before reading order


@dataclass(frozen=True)
class _Alias:
    key: str
    stems: tuple[str, ...]  # distinct content stems
    surfaces: frozenset[str]  # all its words as written: "Training vs Inference" beats "... and ..."


class PhraseMatcher:
    """Find which of a fixed set of phrases (each under a key, with aliases) a text names."""

    def __init__(self, phrases: Sequence[tuple[str, Sequence[str]]]) -> None:
        self._aliases: list[_Alias] = []
        for key, texts in phrases:
            seen: set[tuple[str, ...]] = set()
            for alias_text in texts:
                content = [w.text for w in word_spans(alias_text) if w.text not in STOPWORDS]
                stems = tuple(dict.fromkeys(stem(w) for w in content))
                if stems and stems not in seen:
                    seen.add(stems)
                    self._aliases.append(_Alias(key, stems, frozenset(w.text for w in word_spans(alias_text))))
        keys_with = defaultdict(set)
        postings: dict[str, list[int]] = defaultdict(list)
        for index, alias in enumerate(self._aliases):
            for s in alias.stems:
                keys_with[s].add(alias.key)
                postings[s].append(index)
        self._postings = dict(postings)
        n = len({key for key, _ in phrases}) or 1
        self.idf = {s: math.log(1 + n / len(keys)) for s, keys in keys_with.items()}
        self._alias_mass = [sum(self.idf[s] for s in alias.stems) for alias in self._aliases]
        surface = {w: stem(w) for alias in self._aliases for w in alias.surfaces if stem(w) in self._postings}
        self._surface = list(surface)
        self._surface_stem = list(surface.values())
        self._memo: dict[str, tuple[tuple[str, float], ...]] = {}

    def _vocabulary_matches(self, word: str) -> tuple[tuple[str, float], ...]:
        """Title stems this text word stands for, with a similarity in (0, 1]. Memoised: a
        student's vocabulary is small and repeats."""
        if word not in self._memo:
            if len(self._memo) > MEMO_SIZE:
                self._memo.clear()
            self._memo[word] = self._lookup(word)
        return self._memo[word]

    def _lookup(self, word: str) -> tuple[tuple[str, float], ...]:
        own = stem(word)
        found: dict[str, float] = {own: 1.0} if own in self._postings else {}
        if len(word) >= FUZZY_MIN_LENGTH and not word.isdigit():
            allowed = 2 if len(word) >= LONG_WORD else 1
            for candidate, distance, index in process.extract(
                    word, self._surface, scorer=OSA.distance, score_cutoff=allowed, limit=None):
                if candidate[0] != word[0] or abs(len(candidate) - len(word)) > 1:
                    continue  # a typo keeps the first letter; a longer gap is another word
                target = self._surface_stem[index]
                similarity = 1.0 - distance / max(len(word), len(candidate))
                if similarity > found.get(target, 0.0):
                    found[target] = similarity
        if not found and len(word) >= PREFIX_MIN_LENGTH:  # "backprop" for "backpropagation"
            for candidate, target in zip(self._surface, self._surface_stem, strict=True):
                if len(candidate) > len(word) + 2 and candidate.startswith(word):
                    found[target] = max(found.get(target, 0.0), PREFIX_SIMILARITY)
        return tuple(found.items())

    def scan(self, text: str) -> list[PhraseHit]:
        """Every key with a positive score, best first; ties go to the phrase mentioned first."""
        every = word_spans(text)
        tokens = [w for w in every if w.text not in STOPWORDS]
        candidates = list(tokens)
        # "alex net", "max pool" -> one word, for titles written as one ("AlexNet", "MaxPool")
        candidates += [Word(a.text + b.text, a.start, b.end) for a, b in zip(tokens, tokens[1:], strict=False)]
        evidence: dict[str, tuple[float, int, int]] = {}  # stem -> (similarity, start, end)
        for candidate in candidates:
            for target, similarity in self._vocabulary_matches(candidate.text):
                if similarity > evidence.get(target, (0.0,))[0]:
                    evidence[target] = (similarity, candidate.start, candidate.end)
        written = {c.text for c in candidates} | {w.text for w in every}
        best: dict[str, PhraseHit] = {}
        order: dict[str, int] = {}
        for index in sorted({i for s in evidence for i in self._postings[s]}):
            alias = self._aliases[index]
            order.setdefault(alias.key, index)
            found = [(s, *evidence[s]) for s in alias.stems if s in evidence]
            start, end = min(start for *_, start, _ in found), max(end for *_, end in found)
            if sum(start <= word.start < end for word in every) > len(alias.stems) + MAX_SPREAD:
                continue  # "formats ... (a paragraph) ... ONNX": words of a title far apart name nothing
            mass = sum(self.idf[s] * similarity for s, similarity, _, _ in found)
            hit = PhraseHit(alias.key, round(mass / self._alias_mass[index], 4), start, end, mass,
                            len(alias.surfaces & written))
            current = best.get(alias.key)
            if current is None or _rank(hit) < _rank(current):
                best[alias.key] = hit
        return sorted(best.values(), key=lambda h: (*_rank(h), h.start, order[h.key]))


def _rank(hit: PhraseHit) -> tuple[float, float, int]:
    return -hit.score, -round(hit.weight, 6), -hit.exact


def title_aliases(title: str, context_words: Iterable[str] = ()) -> list[str]:
    """The ways a student may name a title, derived from the title itself (see module doc)."""
    context = set(context_words)
    aliases = [title]
    bare = _PAREN.sub(" ", title).strip()
    aliases.append(bare)
    if initials := _initials(bare):
        aliases.append(initials)
    for inner in _PAREN.findall(title):
        if ACRONYM.search(inner):
            aliases.append(inner)
    if "/" in bare:
        aliases += [part for part in (p.strip() for p in bare.split("/")) if part]
    if qualified := _QUALIFIER.match(bare):
        tail = [stem(w.text) for w in word_spans(qualified.group("tail")) if w.text not in STOPWORDS]
        if tail and all(s in context for s in tail):
            aliases.append(qualified.group("head"))
    for alias in list(aliases):
        camel = " ".join(part for token in alias.split() for part in _camel_parts(token))
        if camel != alias:
            aliases.append(camel)
        squashed = "".join(w.text for w in word_spans(alias))
        if len(word_spans(alias)) > 1 and len(squashed) >= FUZZY_MIN_LENGTH:
            aliases.append(squashed)
    return list(dict.fromkeys(aliases))


def _initials(title: str) -> str | None:
    """ "bpe" for "Byte Pair Encoding", "sdpa" for "Scaled Dot Product Attention": the first
    letters of a title's words, when they are no English word and the title has no name in it
    (`terms.called_by_initials`)."""
    title_words = [w.text for w in word_spans(title) if w.text.isalpha() and w.text not in STOPWORDS]
    initials = "".join(w[0] for w in title_words)
    if len(title_words) < INITIALS_MIN or not called_by_initials(title_words) or zipf(initials) >= INITIALS_MAX_ZIPF:
        return None
    return initials


def also_known_as(description: str) -> list[str]:
    """The other names a topic's description gives it: "He initialization ..., also known as
    Kaiming Initialization" is named by "kaiming initialization" too; up to the first small word
    ("also known as logistic function is ...": "logistic function")."""
    names = []
    for found in _ALSO_KNOWN_AS.finditer(description):
        name = []
        for word in found.group("name").split():
            if word.lower() in STOPWORDS or not re.fullmatch(r"[A-Za-z][\w-]*", word):
                break
            name.append(word)
        if name:
            names.append(" ".join(name))
            if len(name) > 1 and zipf(name[0].lower()) < NAME_MAX_ZIPF:
                names.append(name[0])  # "kaiming", "atrous": the name alone says which
    return names


def _camel_parts(token: str) -> list[str]:
    parts = _CAMEL_PART.findall(token)
    if len(parts) > 1 and "".join(parts) == token and all(len(p) >= 3 for p in parts):
        return parts
    return [token]


def _called_by_head(title: str, frequency: dict[str, int]) -> list[str]:
    """ "MaxPool" for "MaxPool op", "ONNX" for "ONNX Format", "Kohonen" for "Kohonen Neural
    Network": a title made of a name English hardly writes and everyday words that many titles
    share is called by the name alone, when no other title has it. Not "Sigmoid" for "Sigmoid
    Function": the sigmoid colon is anatomy."""
    words = [w.text for w in word_spans(_PAREN.sub(" ", title)) if w.text not in STOPWORDS]
    if len(words) not in (2, 3):
        return []
    head, *tail = words
    if (any(frequency.get(stem(word), 0) < CONTEXT_DF or zipf(word) < RARE_ZIPF for word in tail)
            or zipf(head) >= NAME_MAX_ZIPF or frequency.get(stem(head), 0) > 1):
        return []
    return [head]


def _blended_words(title: str, frequency: dict[str, int]) -> tuple[str, str] | None:
    """The two words whose starts run together name the title ("adagrad" for "Adaptive Gradient
    Algorithm", "layernorm" for "Layer Normalization"): a title of two distinctive words, with
    perhaps one after them that many titles share ("Algorithm")."""
    words = [w.text for w in word_spans(_PAREN.sub(" ", title)) if w.text not in STOPWORDS]
    if len(words) == 3 and frequency.get(stem(words[2]), 0) >= CONTEXT_DF:
        words = words[:2]
    if len(words) != 2 or not all(w.isalpha() and len(w) >= BLEND_PART for w in words):
        return None
    return words[0], words[1]


def _is_blend(word: str, first: str, second: str) -> bool:
    """`word` is a start of `first` (at least BLEND_PART letters) then a start of `second`,
    clipped somewhere: "ada" + "grad" for "adaptive gradient"."""
    for cut in range(BLEND_PART, min(len(first), len(word) - BLEND_PART) + 1):
        rest = word[cut:]
        if (word[:cut] == first[:cut] and second.startswith(rest)
                and (cut < len(first) or len(rest) < len(second))):
            return True
    return False


@dataclass(frozen=True)
class TopicMatch:
    topic_id: str
    title: str  # the checklist title, verbatim
    week: int
    score: float  # 0..1; >= NAMED_MIN_SCORE means the text names this topic
    start: int = 0  # character span of the matched words in the text
    end: int = 0
    exact: bool = False  # a word of the name is written as the title has it, not a typo of it


class TopicMatcher:
    """Which course topics a question names, best first."""

    def __init__(self, course: Course) -> None:
        self.course = course
        self._topics = {topic.id: topic for topic in course.topics}
        frequency: dict[str, int] = defaultdict(int)
        for topic in course.topics:
            for s in {stem(w.text) for w in word_spans(topic.title) if w.text not in STOPWORDS}:
                frequency[s] += 1
        context = {s for s, count in frequency.items() if count >= CONTEXT_DF}
        self._blends = [(topic.id, parts) for topic in course.topics
                        if (parts := _blended_words(topic.title, frequency)) is not None]
        self._phrases = PhraseMatcher([(topic.id, title_aliases(topic.title, context)
                                        + _called_by_head(topic.title, frequency) + also_known_as(topic.description))
                                       for topic in course.topics])

    def match(self, text: str, limit: int = 5) -> list[TopicMatch]:
        matches = self._blended(text)
        for hit in self._phrases.scan(text)[:limit]:
            if any(m.topic_id == hit.key for m in matches):
                continue
            topic = self._topics[hit.key]
            matches.append(TopicMatch(topic.id, topic.title, topic.week, hit.score, hit.start, hit.end,
                                      hit.exact > 0))
        return matches[:limit]

    def _blended(self, text: str) -> list[TopicMatch]:
        """Topics named by a word English does not have, made of the starts of their title's
        words ("adagrad"), when the word fits one title only."""
        found: list[TopicMatch] = []
        for word in word_spans(text):
            if len(word.text) < 2 * BLEND_PART or not word.text.isalpha() or zipf(word.text) > 0:
                continue  # an English word (cached lookup) is no coined name: no title is tried
            fits = [topic_id for topic_id, (first, second) in self._blends if _is_blend(word.text, first, second)]
            if len(fits) == 1 and all(m.topic_id != fits[0] for m in found):
                topic = self._topics[fits[0]]
                found.append(TopicMatch(topic.id, topic.title, topic.week, 1.0, word.start, word.end, True))
        return found

    def named(self, text: str, limit: int = 5) -> list[TopicMatch]:
        """Only the topics the text clearly names (score >= NAMED_MIN_SCORE); where it spells one
        title exactly, not the titles that words only resemble ("retinanet" is not RefineNet)."""
        clear = [m for m in self.match(text, limit) if m.score >= NAMED_MIN_SCORE]
        exact = [m for m in clear if m.exact]
        return [m for m in clear if m.exact or not any(e.start < m.end and m.start < e.end for e in exact)]


def titled_with(course: Course, subject: str) -> list[Topic]:
    """The topics whose title has every word of `subject` (by stem): "attention" is in Attention
    Mechanism, Scaled Dot Product Attention and Self Attention, none of which it names alone."""
    wanted = {stem(word) for word in words(subject) if word not in STOPWORDS}
    return [topic for topic in course.topics if wanted <= word_stems(topic.title)] if wanted else []
