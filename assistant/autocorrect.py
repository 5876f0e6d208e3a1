"""Course words a phone's autocorrect turned into everyday ones: "relay" for ReLU, "convulsion"
for convolution, "max pulling" for max pooling, "cohen" for Kohonen, "drip out" for dropout.

A spelling corrector leaves such words alone, rightly: they are English. They are heard again only
when the request would otherwise be refused, and only as a word of a topic title that sounds
alike: its letters close (`MIN_SCORE`), its consonants closer (`MIN_SOUND_SCORE`: "pulling" sounds
like "pooling", "cooking" does not), and its length near.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from assistant.terms import NAME_ZIPF
from core.text import STOPWORDS, zipf

MIN_SCORE = 65  # rapidfuzz ratio of the words
MIN_SOUND_SCORE = 80  # ...and of their consonants ("spinning" does not sound like "pruning")
# Autocorrect writes a word of middling frequency ("relay" 3.9, "pulling" 4.4), not the commonest
# ones a request is made of ("playing" 5.0, "advance" 4.6).
WORD_MAX_ZIPF = 4.4
MAX_LENGTH_GAP = 2  # "tender" is no "autoencoder", "drop" no "dropout"
MIN_LENGTH = 4
# Two words a swipe keyboard made of one course word ("drip out" for dropout, "tender flow" for
# TensorFlow) are heard together only when their letters are this close.
PAIR_MIN_SCORE = 80
_PAIR = re.compile(r"\b([A-Za-z]{2,}) ([A-Za-z]{2,})\b")
# A title word this rare in everyday English is the course's own ("sigmoid" 2.9, "pooling" 2.6),
# not one autocorrect would write.
TITLE_WORD_MAX_ZIPF = 3.5
_WORD = re.compile(r"[A-Za-z]+")
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLED = re.compile(r"(.)\1+")


@dataclass(frozen=True)
class Heard:
    """The request with the words autocorrect changed put back, and which they were."""

    text: str
    replaced: list[tuple[str, str]]  # (as written, as meant)


def title_words(titles: Iterable[str]) -> list[str]:
    """The words of the course's titles that everyday English hardly writes, lowercased."""
    return sorted({word.lower() for title in titles for word in _WORD.findall(title)
                   if len(word) >= MIN_LENGTH and zipf(word.lower()) < TITLE_WORD_MAX_ZIPF})


def heard_again(text: str, candidates: list[str], known: Collection[str]) -> Heard:
    """`text` with each word the course never writes (`known`) that sounds like one of
    `candidates` (`title_words`) replaced by it."""
    replaced: list[tuple[str, str]] = []

    def heard_pair(first: str, second: str) -> str | None:
        joined = f"{first}{second}".lower()
        if joined in known or first.lower() in STOPWORDS:
            return None
        near = [candidate for candidate in candidates if abs(len(candidate) - len(joined)) <= MAX_LENGTH_GAP]
        best = process.extractOne(joined, near, scorer=fuzz.ratio, score_cutoff=PAIR_MIN_SCORE)
        if best is None or fuzz.ratio(_sound(joined), _sound(best[0])) < MIN_SOUND_SCORE:
            return None
        replaced.append((f"{first} {second}", best[0]))
        return best[0]

    def hear_pairs(text: str) -> str:
        at = 0
        while found := _PAIR.search(text, at):
            meant = heard_pair(found.group(1), found.group(2))
            if meant is None:
                at = found.start(2)  # the second word may begin a pair of its own
                continue
            text = f"{text[:found.start()]}{meant}{text[found.end():]}"
            at = found.start() + len(meant)
        return text

    def hear(found: re.Match[str]) -> str:
        word = found.group(0)
        lowered = word.lower()
        # A phone writes English words ("convulsion"), not ones English hardly writes (below the
        # Zipf of a name): "kochen" (German's cooking) is no word autocorrect put in, and no Kohonen.
        if (len(lowered) < MIN_LENGTH or lowered in known or lowered in STOPWORDS
                or not NAME_ZIPF <= zipf(lowered) <= WORD_MAX_ZIPF):
            return word
        if any(c.isupper() for c in word[1:]):  # "GNNs" was typed as a name: no phone wrote it
            return word
        near = [candidate for candidate in candidates if abs(len(candidate) - len(lowered)) <= MAX_LENGTH_GAP]
        best = process.extractOne(lowered, near, scorer=fuzz.ratio, score_cutoff=MIN_SCORE)
        if best is None or best[0] == lowered or fuzz.ratio(_sound(lowered), _sound(best[0])) < MIN_SOUND_SCORE:
            return word
        replaced.append((word, best[0]))
        return best[0]

    return Heard(text=_WORD.sub(hear, hear_pairs(text)), replaced=replaced)


def _sound(word: str) -> str:
    """The consonants, as heard: "c", "k" and "q" alike, doubled letters once."""
    consonants = _VOWELS.sub("", word.lower().replace("ph", "f")).replace("q", "k").replace("c", "k")
    return _DOUBLED.sub(r"\1", consonants)
