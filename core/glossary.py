"""The technical terms of deep learning and its neighbours, as a student may name them.

A question that names a concept its course never explains ("softmax", "the Adam optimizer",
"lemmatization") must not be answered with a neighbour's sentence as if it were the answer
(see `assistant.coverage`). Telling a concept from an everyday word is what wordfreq's rarity
cannot do ("squishes", "punishes" are rare; "momentum", "diffusion" are not), so the concepts
are listed: `data/glossary.txt`, one concept a line with its other names ("long short-term memory
| LSTM"), written from general knowledge, without the course or the evaluation at hand.

Terms are matched word by word in lower case, a plural as its singular: not by stems, which
make one word of "standardization" and "standard", "memorization" and "memorize". An alias
written in capitals that is an everyday word in lower case ("mAP") is matched only as written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from core.text import STOPWORDS, word_spans, words, zipf

GLOSSARY = "glossary.txt"
# An alias in capitals whose lower case English writes this often ("map", "bus") is a word, not
# the term, unless written as the glossary writes it.
EVERYDAY_ZIPF = 3.0
Words = tuple[str, ...]


def plain(word: str) -> str:
    """A lowercased word as the glossary compares it: a plural "s" dropped ("gates", "ReLUs")."""
    word = word.lower()
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def plain_words(text: str) -> list[str]:
    return [plain(word) for word in words(text)]


@dataclass(frozen=True)
class Term:
    """A concept a question names: how the glossary calls it, and how the student wrote it."""

    name: str
    written: str
    forms: tuple[Words, ...]  # every name of the concept, as `plain` words

    @property
    def content_words(self) -> list[frozenset[str]]:
        """Each name's words but the small ones: a passage that has them all mentions the
        concept, in whatever order ("exploration vs exploitation", "exploitation and exploration")."""
        return [frozenset(w for w in form if w not in STOPWORDS) or frozenset(form) for form in self.forms]


@dataclass(frozen=True)
class _Form:
    words: Words
    concept: int
    exact: str | None  # match only as written (an everyday word in lower case)


class Glossary:
    def __init__(self, lines: Iterable[str]) -> None:
        self._names: list[str] = []
        self._forms: list[tuple[Words, ...]] = []
        self._by_first: dict[str, list[_Form]] = defaultdict(list)
        for line in lines:
            aliases = [alias.strip() for alias in line.split("|") if alias.strip()]
            if not aliases:
                continue
            concept = len(self._names)
            self._names.append(aliases[0])
            forms = []
            for alias in aliases:
                said = tuple(plain_words(alias))
                if len("".join(said)) < 2:  # "μP" is read as "p", the letter of "på" and "p-value"
                    continue
                forms.append(said)
                exact = alias if _everyday_in_lower_case(alias) else None
                self._by_first[said[0]].append(_Form(said, concept, exact))
            self._forms.append(tuple(forms))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda form: -len(form.words))  # the longest name first

    def find(self, text: str) -> list[Term]:
        """The concepts the text names, each once, left to right; a longer name wins over the
        shorter one inside it ("batch normalization", not "batch")."""
        spans = word_spans(text)
        said = [plain(span.text) for span in spans]
        found: list[Term] = []
        seen: set[int] = set()
        at = 0
        while at < len(said):
            match = next((form for form in self._by_first.get(said[at], ())
                          if tuple(said[at:at + len(form.words)]) == form.words
                          and (form.exact is None or text.startswith(form.exact, spans[at].start))), None)
            if match is None:
                at += 1
                continue
            end = at + len(match.words)
            if match.concept not in seen:
                seen.add(match.concept)
                found.append(Term(name=self._names[match.concept], forms=self._forms[match.concept],
                                  written=text[spans[at].start:spans[end - 1].end]))
            at = end
        return found


def _everyday_in_lower_case(alias: str) -> bool:
    """ "mAP", "IT": capitals past the first letter, in one word English writes in lower case.
    ("Adam" is matched in any case: students write "adam".)"""
    return " " not in alias and alias[1:] != alias[1:].lower() and zipf(alias.lower()) >= EVERYDAY_ZIPF


@cache
def glossary() -> Glossary:
    text = resources.files("core").joinpath("data", GLOSSARY).read_text(encoding="utf-8")
    return Glossary(text.splitlines())
