"""A follow-up that describes another one of the kind just discussed: "and the other one, the
self-normalizing one" after ReLU vs ELU, "what about the self-normalizing one?". The description
alone may fit a topic of another kind better ("self-normalizing" is near Layer Normalization);
the student means another activation function, so the kind goes into the words searched.

Split from `assistant.followup`, which decides what kind of follow-up a question is.
"""

from __future__ import annotations

import re

from assistant.distractors import kind_of
from assistant.topics import TopicMatcher
from core.course import Topic

# The words a kind of topic (`assistant.distractors.kind_of`) is searched by. Only a kind whose
# word names a family the course lists side by side: "operation", "architecture" or "metric" is
# every other topic's word too, and pulls the search to the wrong one ("the avg one" to FLOPs).
_KIND_WORDS = {"activation": "activation", "optimizer": "optimizer", "format": "format", "framework": "framework"}
# "the self-normalizing one", "the one that self-normalizes": one described, not named or counted.
_DESCRIBED_ONE = re.compile(r"\bthe (?!(?:other|first|second|third|last|next|previous|same|latter|former)\b)"
                            r"[\w-]+(?: [\w-]+){0,2} one\b|\bthe one (?:that|which|with|where)\b", re.IGNORECASE)


def describes_one(question: str, matcher: TopicMatcher) -> bool:
    """Whether the question describes one topic rather than naming it ("the self-normalizing one",
    though "normalizing" is near the title Normalization; not "the Layer Normalization one")."""
    return _DESCRIBED_ONE.search(question) is not None and not any(m.exact for m in matcher.named(question))


def of_its_kind(question: str, discussed: Topic) -> str | None:
    """The question with the kind of the topic just discussed; None for a kind whose word would
    not help, or that the question says already."""
    kind = _KIND_WORDS.get(kind_of(discussed))
    if kind is None or kind in question.lower():
        return None
    return f"{question.rstrip(' ?.!')} ({kind})?"
