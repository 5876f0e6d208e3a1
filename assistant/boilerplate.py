"""Sentences that talk about the article, the reader or the course instead of the idea.

"In this article, we have explained ...", "Check it out!", "Follow this guide and start your DL
journey!": true of the page, empty as an answer or a quiz stem. One list, used by the answerer
and the quiz generator alike.
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
