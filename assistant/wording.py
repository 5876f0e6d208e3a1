"""A request in the words the course and the rules read: "module 4" is week 4, "normalisation" is
normalization, "eli5 dropout" asks to explain dropout, "quiz me on both thx" is no thanks-note,
and "qué es word2vec?" asks what word2vec is.

Students call a week what their last course called it, spell as they learnt to, and mix in
their own language's question words; none of that changes what they ask. The lists are English
(and the commonest Spanish and French question words), not course vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from assistant.weeks import NUM, ORDINAL

# "module 4", "unit two", "lesson 12", "chapter #3": a week by number ("lesson" of a topic aside).
_WEEK_BY_NUMBER = re.compile(rf"\b(?:module|unit|lesson|chapter)(s?)(?=\s*(?:#|no\.?\s*)?(?:{NUM})\b)", re.IGNORECASE)
# "the last chapter", "the 4th module", "this module", "the CNN chapter".
_WEEK_BY_PLACE = re.compile(rf"\b((?:last|final|first|next|previous|this|that|which|{ORDINAL}) )"
                            r"(?:module|chapter|unit)\b|\bchapter(s?)\b", re.IGNORECASE)
# "eli5", "explain like i'm 12", "explain it like im five": explain, simply.
_ELI5 = re.compile(r"\b(?:eli5|explain(?: it| this| that)?(?: to me)? like (?:i'?m|i am|im|to a) "
                   r"(?:\d{1,2}|five|a (?:kid|child|baby|beginner|five[- ]year[- ]old)|5[- ]year[- ]old)"
                   r"(?: years? old)?)\s*[:,-]?\s*(?=\w)", re.IGNORECASE)
_ASKS = re.compile(r"(?:what|how|why|who|when|where|which)\b", re.IGNORECASE)  # "eli5 what X is": the question
_LIKE_A_KID = re.compile(r"\s*,?\s*(?:like|as if) (?:i'?m|i am|im) (?:\d{1,2}|five|a (?:kid|child|baby))\s*(?=[?.!]*$)",
                         re.IGNORECASE)
# "..., thx", "... pls", "... asap", "... yaar": a closing word, not part of the request.
_CLOSER = re.compile(r"(?:[\s,.!]+(?:thx|thanks|thank you|ty|pls|plz|please|asap|lol|haha|idk|yaar|bro|dude|stp|svp|"
                     r"por favor|merci|gracias))+(?=[\s.!?]*$)", re.IGNORECASE)
# British spellings whose American form the course writes: normalisation, optimise, colour.
_BRITISH = re.compile(r"\b([a-z]+i)s(e|ed|es|ing|ation|ations|er|ers)\b|\b([a-z]+o)u(r|rs)\b", re.IGNORECASE)
# The commonest Spanish and French question words, when a student mixes them in.
FOREIGN = {"qué es": "what is", "que es": "what is", "c'est quoi": "what is", "qu'est-ce que": "what is",
           "qué": "what", "cuál es": "which is", "cuál": "which", "cual": "which", "quién": "who", "quien": "who",
           "cuándo": "when", "dónde": "where", "por qué": "why", "cómo": "how", "es lo mismo": "is it the same",
           "lo mismo": "the same", "mejor": "better", "en qué semana": "in which week", "semana": "week",
           "quelle semaine": "which week", "quel": "which", "quelle": "which", "lequel": "which", "qui": "who",
           "quand": "when", "pourquoi": "why", "semaine": "week", "c'est pareil": "is it the same",
           "meilleur": "better", "mon": "my", "mes": "my", "c'était comment": "how was it", "sur les": "on the",
           "sur": "on", "et": "and", "para": "for", "pour": "for", "propuso": "proposed", "lo propuso": "proposed it"}
_FOREIGN = re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(k) for k in sorted(FOREIGN, key=len, reverse=True))
                      + r")(?![\w'])(?! al\b)", re.IGNORECASE)  # not "et al."
# "y" opening a clause is chat's "why" ("y tho?", "n padding, y do we need it"); between two
# words, or before a Spanish word, Spanish's "and" ("zipf y stop words", "y para images?").
_CLAUSE_Y = re.compile(r"(?:^|(?<=[,.;!?]\s)|(?<=\band )|(?<=\bso )|(?<=\bbut )|(?<=\bn ))y\b"
                       r"(?P<spanish> (?:para|en|el|la|los|las|qué|que)\b)?", re.IGNORECASE)
_BETWEEN_Y = re.compile(r"(?<=\w )y(?= \w)", re.IGNORECASE)
# "dilated n padding": chat's "and" between two words (not "the top n words").
_BETWEEN_N = re.compile(r"\b(?P<before>\w+) n(?= [a-z])", re.IGNORECASE)
_N_AS_A_NUMBER = frozenset("top first last of the with size to for by".split())


def in_plain_words(text: str, vocabulary: Collection[str] = ()) -> str:
    """`text` as the course and the rules word it; `vocabulary` is the course's own words, which
    stay as written (a British spelling is changed only to a word the course writes)."""
    text = _WEEK_BY_NUMBER.sub(r"week\1", text)
    text = _WEEK_BY_PLACE.sub(lambda m: f"{m.group(1)}week" if m.group(1) else f"week{m.group(2)}", text)
    text = _CLAUSE_Y.sub(lambda m: f"and{m.group('spanish')}" if m.group("spanish") else "why", text)
    text = _BETWEEN_N.sub(lambda m: m.group(0) if m.group("before").lower() in _N_AS_A_NUMBER
                          else f"{m.group('before')} and", _BETWEEN_Y.sub("and", text))
    text = _FOREIGN.sub(lambda m: FOREIGN[m.group(0).lower()], text)
    if (closed := _CLOSER.sub("", text)).strip(" ,.!?"):
        text = closed
    text = _ELI5.sub(lambda m: "" if _ASKS.match(text, m.end()) else "explain ", text)
    # "explain dropout like im 5" asks about dropout; "explain like im 5" alone is a follow-up's ellipsis
    text = _LIKE_A_KID.sub(lambda m: "" if len(text[:m.start()].split()) > 2 else m.group(0), text)
    return _american(text, vocabulary)


def _american(text: str, vocabulary: Collection[str]) -> str:
    def spelt(found: re.Match[str]) -> str:
        word = found.group(0)
        american = (f"{found.group(1)}z{found.group(2)}" if found.group(1) else f"{found.group(3)}{found.group(4)}")
        if word.lower() in vocabulary or american.lower() not in vocabulary:
            return word
        return american
    return _BRITISH.sub(spelt, text)

