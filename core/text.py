"""Text helpers every layer shares: words, stems, stop words and sentences.

One copy each. Where two callers need words cut differently, the variants have their own names,
because the difference is the point: `words` (lowercased letters and digits) matches titles
and questions word for word; `written_words` keeps a term as written ("ResNet-50", "Xavier's",
"e.g"), for quizzes that blank, mask and compare terms.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import Stemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS

WORD = re.compile(r"[a-z0-9]+")  # in lowercased text
WRITTEN_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.\-][A-Za-z0-9]+)*")

ENGLISH_STOPWORDS = frozenset(STOPWORDS_EN_PLUS)
# For matching titles and questions: "ReLU vs GELU", "Training using PyTorch".
STOPWORDS = ENGLISH_STOPWORDS | {"vs", "versus", "using"}

_stemmer = Stemmer.Stemmer("english")


@dataclass(frozen=True)
class Word:
    text: str  # lowercased
    start: int  # character offsets in the original text
    end: int


# Typography a phone or a word processor puts in, as the keyboard types it: curly quotes, the dashes,
# a non-breaking hyphen ("GPT‑3.5"), the Arabic question mark and comma.
_TYPED = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‐": "-", "‑": "-",
                        "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-", "؟": "?", "،": ","})


def as_typed(text: str) -> str:
    """`text` in the characters a plain keyboard types (NFKC: "…" is "...", a non-breaking space a
    space, full-width letters plain ones), with every script's digits as 0-9 ("هفته ۱۱" is week 11)."""
    plain = unicodedata.normalize("NFKC", text).translate(_TYPED)
    if plain.isascii():
        return plain
    return "".join(str(unicodedata.decimal(c)) if not c.isascii() and unicodedata.decimal(c, None) is not None else c
                   for c in plain)


# "pleeease", "whyyy", "quizzzz": a letter typed three times or more for emphasis (English doubles
# at most); not a Roman numeral ("week iii"), "www" or capitals ("AAA").
_STRETCHED = re.compile(r"\b(?![ivxIVX]+\b|www\b|[A-Z]+\b)[^\W\d_]*?([^\W\d_])\1{2,}[^\W\d_]*")
_RUN = re.compile(r"([^\W\d_])\1{2,}")


def unstretched(text: str) -> str:
    """`text` with each stretched word as it is written: each run of a letter once or twice, as
    English writes it more often ("pleeease" -> "please", "gooood" -> "good", "sooo" -> "so")."""
    def unstretch(found: re.Match[str]) -> str:
        word = found.group(0)
        once = _RUN.sub(r"\1", word)
        twice = _RUN.sub(r"\1\1", word)
        return twice if zipf(twice.lower()) > zipf(once.lower()) else once
    return _STRETCHED.sub(unstretch, text)


def words(text: str) -> list[str]:
    """The lowercased words of a text: runs of letters and digits."""
    return WORD.findall(text.lower())


def word_spans(text: str) -> list[Word]:
    """`words`, with where each one is in the text."""
    return [Word(m.group(), m.start(), m.end()) for m in WORD.finditer(text.lower())]


def written_words(text: str) -> list[str]:
    """Words as written, case kept, with inner apostrophes, dots and hyphens ("ResNet-50")."""
    return WRITTEN_WORD.findall(text)


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """Snowball, plus a plural "s" it leaves on acronyms and short words ("LLMs", "ReLUs")."""
    base = _stemmer.stemWord(word)
    if len(base) > 3 and base.endswith("s") and not base.endswith("ss"):
        base = base[:-1]
    return base


def plain_stems(words: list[str]) -> list[str]:
    """Plain Snowball stems (no plural rule): what the extractive answerer compares."""
    return _stemmer.stemWords(words)


_ABBREVIATIONS = frozenset("""e.g i.e vs cf al fig figs eq eqs approx dr mr mrs ms prof vol inc ltd jr sr
st no resp sec ch pp""".split())
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?:\s*\[\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*\])*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
# Paragraphs, list items and lines that start like a sentence ("What is GELU?\nReLU makes ...")
_BLOCKS = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*•]|\d{1,2}[.)])\s)|\n(?=\s*[\"'“‘(\[]?[A-Z])")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")


def split_sentences(text: str) -> list[str]:
    """Sentences of prose, markdown paragraphs or a bulleted answer. Keeps "e.g.", "3.14",
    initials and "[1]" markers with their sentence; a marker after the full stop belongs to the
    sentence before it. A line break before a capital ends a sentence (headings, list items)."""
    sentences: list[str] = []
    for block in _BLOCKS.split(text):
        block = " ".join(_BULLET.sub("", block).split())
        start = 0
        for boundary in _BOUNDARY.finditer(block):
            before = block[start:boundary.start()].rsplit(None, 1)
            last = before[-1].lower().rstrip(".") if before else ""
            if boundary.group().startswith(".") and (last in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last)):
                continue
            sentences.append(block[start:boundary.end()].strip())
            start = boundary.end()
        if tail := block[start:].strip():
            sentences.append(tail)
    return [s for s in sentences if s]


ENGLISH_WORDS = 30_000  # the commonest English words a typo is compared with
TYPO_MIN_SCORE = 80  # "tpoic" -> "topic" (one swap in five letters); "overfiting" is no "converting"
# A word English hardly writes is taken for a typo too ("progess", "libary", "thoes" are seen
# now and then); one it writes more often is a word of its own ("wich", "doin").
TYPO_MAX_ZIPF = 2.0
TYPO_MIN_LENGTH = 5  # shorter words are too often a name or an abbreviation ("rn", "pls", "gru")...
SWAP_MIN_LENGTH = 4  # ...but two letters swapped in a common word of four are a slip ("qiuz", "tset")
SWAP_MIN_ZIPF = 3.5  # "common": "quiz" (3.8) and "test" are; a name with two letters swapped is not


def fix_typos(text: str, keep: Sequence[str] = ()) -> str:
    """`text` with each word English hardly writes (`TYPO_MAX_ZIPF`) replaced by the closest of
    the commonest English words if it is close: "whats my weakest tpoic" reads as a request about
    a topic, not about a word no one knows; "qiuz" as "quiz". A word of `keep` (the course's vocabulary, sorted),
    or the start of one ("backprop" of "backpropagation"), is the course's and is left as written."""
    from rapidfuzz import fuzz, process

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        lowered = word.lower()
        if len(word) < SWAP_MIN_LENGTH or not word.isalpha() or zipf(lowered) >= TYPO_MAX_ZIPF:
            return word
        at = bisect_left(keep, lowered)
        if at < len(keep) and keep[at].startswith(lowered):
            return word
        swapped = max(_swaps(lowered), key=zipf)
        if zipf(swapped) >= SWAP_MIN_ZIPF:
            return swapped
        if len(word) < TYPO_MIN_LENGTH:
            return word
        best = process.extractOne(lowered, _english_words(), scorer=fuzz.ratio, score_cutoff=TYPO_MIN_SCORE)
        return best[0] if best else word

    return WRITTEN_WORD.sub(fix, text)


SLIP_MIN_LENGTH = 6  # a shorter word a slip away from a course word is too often a name of its own


def slip_of(word: str, words: Sequence[str]) -> str | None:
    """The word of `words` (sorted) that `word`, or its start, is a slip of the finger away from:
    two neighbouring letters swapped ("bakcprop") or one left out ("bakprop") of "backprop", the
    start of "backpropagation". Not a letter added or changed: "resnext" and "xlnet" are names of
    their own, a letter away from the course's."""
    lowered = word.lower()
    if len(lowered) < SLIP_MIN_LENGTH or not lowered.isalpha():
        return None
    dropped = (lowered[:i] + letter + lowered[i:] for i in range(1, len(lowered) + 1)
               for letter in "abcdefghijklmnopqrstuvwxyz")
    for candidate in (*_swaps(lowered), *dropped):
        at = bisect_left(words, candidate)
        if candidate != lowered and at < len(words) and words[at].startswith(candidate):
            return words[at]
    return None


def _swaps(word: str) -> list[str]:
    """`word` with each two neighbouring letters swapped."""
    return [word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)]


@lru_cache(maxsize=1)
def _english_words() -> list[str]:
    from wordfreq import top_n_list

    return top_n_list("en", ENGLISH_WORDS)


RUN_TOGETHER_PART_ZIPF = 5.5  # each word of "howdoes", "whatweek", "tellme": among the commonest
MAX_RUN_TOGETHER_PARTS = 4  # "howdidido"
_ONE_LETTER_WORDS = frozenset({"i", "a"})


def run_together(word: str, parts: int = MAX_RUN_TOGETHER_PARTS) -> tuple[str, ...] | None:
    """The common words a word typed without spaces is made of ("howdidido" -> how, did, i, do),
    fewest first; None when it is no such run ("backprop", "adagrad")."""
    lowered = word.lower()
    if zipf(lowered) >= RUN_TOGETHER_PART_ZIPF and (len(lowered) > 1 or lowered in _ONE_LETTER_WORDS):
        return (lowered,)
    if parts == 1:
        return None
    splits = ((lowered[:i], *rest) for i in range(1, len(lowered))
              if (len(lowered[:i]) > 1 or lowered[:i] in _ONE_LETTER_WORDS)
              and zipf(lowered[:i]) >= RUN_TOGETHER_PART_ZIPF and (rest := run_together(lowered[i:], parts - 1)))
    return min(splits, key=len, default=None)


@lru_cache(maxsize=8192)
def zipf(word: str) -> float:
    """How common a word is in everyday English (wordfreq's Zipf scale: 6 "the", 3 "gradient",
    0 unseen). wordfreq loads on first use, off the start path of commands that never ask."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


# A term as a question or the course writes it: letters first, then letters, digits, "+", "#"
# or inner hyphens ("C++", "int8", "AVX512-VNNI").
TERM_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9+#-]*[A-Za-z0-9+#]|[A-Za-z]")
Stems = tuple[str, ...]


def course_ngrams(texts: Iterable[str]) -> set[Stems]:
    """Every stem and every pair of neighbouring stems in the course's text; a hyphenated word
    counts as its parts too ("AVX512-VNNI" is also "avx512 vnni") and a pair as its hyphenated
    form ("max pooling" is also "max-pooling")."""
    grams: set[Stems] = set()
    for text in texts:
        tokens = [t.lower() for t in TERM_TOKEN.findall(text)]
        stems = [stem(t) for t in tokens]
        grams.update((s,) for s in stems)
        grams.update(pairwise(stems))
        for token in tokens:
            if "-" in token:
                parts = [stem(part) for part in token.split("-") if part]
                grams.update((part,) for part in parts)
                grams.update(pairwise(parts))
        grams.update((stem(f"{first}-{second}"),) for first, second in pairwise(tokens))
    return grams
