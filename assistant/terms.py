"""Technical terms of a question, and whether the course's text ever uses them.

A term is an acronym or a name written with capitals or digits inside ("SGD", "RoBERTa",
"fp16", "LoRA"), or two words in a row of which one is specialist vocabulary ("batch
normalization"); wordfreq says how common a word is in everyday English. Terms are compared as
stems, so "normalisation" is "normalization" and "GRUs" is "GRU". A name and an ordinary word
next to it ("LSTM cell", "GPT-3 variants") are one term, but the name is judged on its own: the
pair is the course's when the course uses the other word at all, as a name is followed by
whatever noun the student picks ("the GPT-3.5 variants"; the course: "GPT-3.5 ... has 3 variants").
A word is the course's however the student runs or shortens it: "gpt2" is the course's "GPT-2",
"fine-tuned" its "fine tuned", "realtime" its "real time", "conv" its "convolution".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Sequence
from itertools import pairwise

from core.text import STOPWORDS, TERM_TOKEN, Stems, slip_of, stem, words, zipf

# Words that carry no subject in a question: "what does X do differently", "explain how".
_QUESTION_WORDS = STOPWORDS | frozenset("""explain tell describe define mean means meaning work works
working use used uses using differ differently difference different compare compared vs versus
between help helps like good better best way ways kind sort type types example examples exactly
actually really basically simple simply thing things stuff idea ideas please thanks need know
want understand happen happens make makes made get gets give gives call called role important
purpose main used usually also still even much many often can could would should might may
does did do done doing proposed propose introduced invented created developed designed trained
train training deep learning learn model models network networks neural""".split())
RARE_ZIPF = 3.6  # below this a word is specialist vocabulary ("normalization", "dropout")
COMMON_ZIPF = 5.0  # at or above it a word is everyday ("values", "network", "problem")
NAME_ZIPF = 2.0  # below this a title's word is a name English hardly writes ("Kohonen", "Pytorch")
SHORTENING_MIN = 4  # letters a shortened course word keeps ("conv"); fewer begin too many words
RUN_TOGETHER_MIN = 3  # letters of each of two words run together ("real" + "time")
_PARTS = re.compile(r"[a-z]+|[0-9]+")  # "gpt2" -> "gpt", "2"; "fine-tuned" -> "fine", "tuned"


def word_stems(text: str) -> set[str]:
    """The stems of a text's words ("Transformers" -> "transform")."""
    return {stem(word) for word in words(text)}


def specialist_stems(text: str) -> set[str]:
    """The stems of a text's specialist words, those everyday English rarely writes ("bert", "gpt")."""
    return {stem(word) for word in words(text) if zipf(word) < RARE_ZIPF}


_LETTER_NAME = re.compile(r"[a-zA-Z]-[a-zA-Z]{2,5}")  # not "s-shaped": a short word after the letter


def _is_name(token: str) -> bool:
    """An acronym or a name with inner capitals or digits: "SGD", "RoBERTa", "fp16"; or a letter
    joined to a word, however it is cased: "u-net", "t-SNE", "k-means"."""
    inner = token[1:]
    return (len(token) >= 2 and (any(c.isupper() for c in inner) or any(c.isdigit() for c in token)
                                 or _LETTER_NAME.fullmatch(token) is not None))


def technical_terms(question: str) -> list[tuple[str, Stems]]:
    """Names, and pairs of words of which one is rare in everyday English and the other not
    common: "batch normalization" and "vanishing gradient" are terms, "weight values" is not."""
    tokens = TERM_TOKEN.findall(question)
    terms: list[tuple[str, Stems]] = []
    for token in tokens:
        if _is_name(token) and token.lower() not in _QUESTION_WORDS:
            terms.append((token, (stem(token.lower()),)))
    for first, second in pairwise(tokens):
        pair = (first.lower(), second.lower())
        if any(w in _QUESTION_WORDS or len(w) < 3 for w in pair):
            continue
        frequency = sorted(zipf(w) for w in pair)
        if frequency[0] < RARE_ZIPF and frequency[1] < COMMON_ZIPF:
            names = [_is_name(first), _is_name(second)]
            if sum(names) == 1:  # the name is its own term; the pair asks only for the other word
                terms.append((f"{first} {second}", (stem(pair[names.index(False)]),)))
            else:
                terms.append((f"{first} {second}", (stem(pair[0]), stem(pair[1]))))
    return terms


def called_by_initials(title_words: Sequence[str]) -> bool:
    """Whether a title's initials may stand for it ("BPE" for "Byte Pair Encoding"): only when
    every word of it is one English writes. A title with a name in it is called by the name
    ("a Kohonen network"), and its initials are another thing's acronym ("KNN", k-nearest
    neighbours)."""
    return all(zipf(word.lower()) >= NAME_ZIPF for word in title_words)


def not_in_course(terms: list[tuple[str, Stems]], course: Collection[Stems], words: Sequence[str] = ()) -> list[str]:
    """The `terms` (from `technical_terms`) the course's stems and stem pairs never contain.
    `words` are the course's single stems, sorted, for shortenings ("conv"). A pair with a course
    word written another way in it is judged by its other word ("conv layers", "realtime object")."""
    missing = []
    for term, stems in terms:
        written = term.lower().split()
        if len(stems) == 2 and any(short := [_respelled(w, course, words) for w in written]):
            written = [w for w, respelled in zip(written, short, strict=True) if not respelled]
            stems = tuple(stem(w) for w in written)
        if not stems or _known(stems, written, course, words):
            continue
        if len(stems) == 2 and _describes_course_word(written, stems, course):
            continue
        missing.append(term)
    return missing


def _known(stems: Stems, written: list[str], course: Collection[Stems], words: Sequence[str]) -> bool:
    """The course has the term as it is, or its one word written another way (`_respelled`)."""
    if stems in course:
        return True
    word = next((w for w in written if stem(w) == stems[0]), "") if len(stems) == 1 else ""
    return bool(word) and _respelled(word, course, words)


def _respelled(word: str, course: Collection[Stems], words: Sequence[str]) -> bool:
    """A course word as a student writes it: its parts ("gpt2" for "GPT-2", "fine-tuned" for
    "fine tuned"), two of its words run together ("realtime"), shortened ("conv"), or with a slip
    of the finger (`slip_of`: "bakcprop")."""
    if (stem(word),) in course:
        return False  # written as the course writes it
    parts = tuple(stem(part) for part in _PARTS.findall(word))
    if len(parts) == 2 and parts in course:
        return True
    cuts = range(RUN_TOGETHER_MIN, len(word) - RUN_TOGETHER_MIN + 1) if word.isalpha() else range(0)
    return (any((stem(word[:cut]), stem(word[cut:])) in course for cut in cuts) or _shortens(word, words)
            or (zipf(word) < RARE_ZIPF and slip_of(word, words) is not None))  # "bakcprop"


def _shortens(word: str, words: Sequence[str]) -> bool:
    """A specialist-looking word the course never writes that begins a word it does: "conv"."""
    if len(word) < SHORTENING_MIN or not word.isalpha() or zipf(word) >= RARE_ZIPF:
        return False
    stemmed = stem(word)
    at = bisect_left(words, stemmed)
    return at < len(words) and words[at] != stemmed and words[at].startswith(stemmed)


def _describes_course_word(words: list[str], stems: Stems, course: Collection[Stems]) -> bool:
    """A course word followed by an everyday one ("Backpropagation relate", "TensorFlow file") is
    the question talking about a course term, not a term of its own: English puts a term's head
    last ("batch normalization", "Mish activation"), and that is the kind the course may lack."""
    return zipf(words[1]) >= RARE_ZIPF and (stems[0],) in course
