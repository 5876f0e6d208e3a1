"""Terse turns in the conversation's own words: "2nd best entry?", "act fn?" after "what did
AlexNet win?".

Such a turn names no topic and is no ellipsis the follow-up rules know, so alone it would be
refused: retrieval finds little in "2nd best entry". It is about the topic just discussed when
its words are that topic's words ("second" and "entry" are in AlexNet's paragraph, which names
the second-best entry), and every other word it has is everyday English ("best", "year",
"many"). A rarer word the topic never writes makes it a new subject: "who invented the bicycle"
after the perceptron shares "invented" with the perceptron's paragraph, but "bicycle" is not
course talk.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from assistant.ellipsis import FILLER
from core.course import Course
from core.text import STOPWORDS, stem, words, zipf

# Chat shorthand for words the course writes out in full.
SHORTHAND = {"avg": "average", "yr": "year", "yrs": "years", "params": "parameters", "param": "parameter",
             "fn": "function", "fns": "functions", "txt": "text", "img": "image", "imgs": "images",
             "abt": "about", "diff": "difference", "acc": "accuracy", "perf": "performance", "num": "number",
             "1st": "first", "2nd": "second", "3rd": "third", "b/w": "between", "w/o": "without", "w/": "with",
             "init": "initialization", "arch": "architecture", "lr": "learning rate", "nn": "neural network",
             "nns": "neural networks", "dl": "deep learning", "norm": "normalization", "irl": "in real life",
             "gd": "gradient descent", "hw": "homework", "rn": "right now", "conv": "convolution",
             "convs": "convolutions", "net": "network", "nets": "networks", "thru": "through", "tho": "though",
             "b4": "before", "bc": "because", "cuz": "because", "coz": "because", "orig": "originally",
             "prog": "progress", "rpt": "report", "qz": "quiz", "qs": "questions"}
# The words that point back or ask, as chat misspells them: a typo fix against the course's
# vocabulary cannot mend them ("thos" is no course word), and "quiz me on thos two" must still
# point back to two topics.
CHAT_SPELLINGS = {"wich": "which", "whic": "which", "whcih": "which", "wat": "what", "wut": "what", "waht": "what",
                  "wats": "whats", "thos": "those", "thoes": "those", "thes": "these", "thse": "these",
                  "ths": "this", "tht": "that", "taht": "that", "thier": "their", "tehm": "them", "teh": "the",
                  "hwo": "how", "r": "are", "u": "you", "giv": "give", "kwiz": "quiz", "kwizz": "quiz"}
_WRITTEN_OUT = SHORTHAND | CHAT_SPELLINGS
_CAPITAL_LETTERS = frozenset({"U", "R"})
# Not inside a hyphenated name: "U-Net" is no network.
_SHORTHAND = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(k) for k in sorted(_WRITTEN_OUT, key=len, reverse=True))
                        + r")(?![\w-])", re.IGNORECASE)
_LEADING_N = re.compile(r"^(\W*(?:ok |okay |so )?)n(?= )", re.IGNORECASE)  # "n the distilled one": "and"

MAX_TERSE_WORDS = 6
# Everyday English (wordfreq's Zipf scale): "year" 6.0, "best" 6.0, "many" 6.5; not "bicycle" (4.3).
EVERYDAY_ZIPF = 4.8


def expand_shorthand(text: str, keep: Collection[str] = ()) -> str:
    """`text` with chat shorthand and misspellings written out: "avg" -> "average", "thos" ->
    "those", "n the ..." -> "and the ..."; a word of `keep` (the course's own vocabulary) is the
    course's and stays as written."""
    def written_out(found: re.Match[str]) -> str:
        word = found.group(0)
        if word.lower() in keep or word in _CAPITAL_LETTERS:  # "shaped like a U": a letter, not "you"
            return word
        return _WRITTEN_OUT[word.lower()]
    return _LEADING_N.sub(r"\1and", _SHORTHAND.sub(written_out, text))


def in_its_words(question: str, topic_id: str, course: Course, most_words: int = MAX_TERSE_WORDS) -> bool:
    """A short question whose words are `topic_id`'s words (its title and description), besides
    everyday ones: not a neighbour's ("and winograd, whats special" after dilated convolution names
    the next topic of the week, and is searched as it is)."""
    tokens = words(expand_shorthand(question))
    if not tokens or len(tokens) > most_words:
        return False
    own = [t for t in tokens if t not in STOPWORDS and t not in FILLER]
    topic = course.topic(topic_id)
    known = {stem(w) for w in words(f"{topic.title} {topic.description}")}
    on = [t for t in own if stem(t) in known or stem(t.rstrip("0123456789")) in known]
    return bool(on) and all(t in on or zipf(t) >= EVERYDAY_ZIPF for t in own)

