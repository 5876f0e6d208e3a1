"""Sentences that talk about the article, the reader or the course instead of the idea.

"In this article, we have explained ...", "Check it out!", "Follow this guide and start your DL
journey!": true of the page, empty as an answer or a quiz stem. Two strengths: an answer keeps a
sentence that speaks to the reader ("you can use GELU ..."), a quiz stem does not (`is_filler`).
"""

from __future__ import annotations

import re

_BOILERPLATE = re.compile(
    r"\b(?:in|through|with) this (?:article|post|guide|tutorial|blog|section|page|chapter|lesson)\b"
    r"|\bthis (?:article|post|guide|tutorial|blog|page|chapter|lesson)\b"
    r"|\b(?:we|i) (?:will|shall|'ll|are going to|explore|explain|discuss|cover|present|"
    r"introduce|take a look|look at|dive|see)\b"
    r"|\b(?:we|i)(?: have|'ve) (?:explained|discussed|covered|seen|presented|explored|listed|gone|"
    r"looked|learned|learnt|introduced|described|shown|understood)\b"
    r"|\blet(?:'s| us)\b|\bcheck (?:it|this|them) out\b|\bfollow (?:this|the|our)\b|\bread (?:on|more)\b"
    r"|\bstart your\b|\byour (?:dl |deep learning |ml )?journey\b|\bclick\b|\bsubscribe\b"
    r"|\bopengenus\b|\bthis course\b|\bthe course\b|\bmust read\b|\bgo through\b|\bincluded in this\b"
    r"|\b(?:you|the reader) (?:will|should|must|can) (?:learn|know|understand|read)\b"
    r"|\bhave a look\b|\benjoy\b|\b(?:in|from|by) (?:the|this|that|our|an) articles?\b"
    r"|\barticles? (?:is|are|was|were|has|have|will|explains?|covers?|discuss\w*|presents?)\b"
    r"|\b(?:is|are) covered\b",
    re.IGNORECASE)


def is_boilerplate(sentence: str) -> bool:
    """Whether a sentence is about the page or the reader rather than the subject."""
    return bool(_BOILERPLATE.search(sentence))


# Stricter, for quiz stems: also any sentence that addresses the reader or announces a topic.
FILLER = re.compile(r"""\b(?:
      (?:this|the|our|that|each|next)\s+(?:article|tutorial|guide|post|blog|checklist)
    | (?:this|our|next)\s+(?:course|section|chapter|list)
    | we|we'll|we've|you|your|you'll|you've|let's|let\s+us
    | check\s+(?:it|them)\s+out | follow\s+(?:this|the|along|alone) | start\s+your | get\s+started
    | find\s+out | learn\s+(?:how|about|more) | take\s+a\s+look | go\s+over | dive\s+into | walk\s+\w+\s+through
    | (?:is|are|was|were|will\s+be|be|being)\s+(?:covered|discussed|explored|compared|included|explained|built|run)
    | covered\s+in | opengenus | read\s+over | in\s+depth | click | subscribe | tutorial
)\b
| ^\W*(?:understand|learn|remember|note|see|read|try|consider|imagine|think|follow|check|find)\b
""", re.IGNORECASE | re.VERBOSE)


def is_filler(text: str) -> bool:
    """True for text about the article, the reader or the course rather than an idea."""
    return FILLER.search(text.replace("’", "'")) is not None
