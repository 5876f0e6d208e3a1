"""The last question again, about another subject: "and swish?" after "how does GeLU compare to
ReLU?", "same for SeLU", "elu too?"; "and the other one?" once `assistant.several` has said which.

Split from `assistant.followup`, which decides when a follow-up has this shape.
"""

from __future__ import annotations

import re

from assistant.ellipsis import ELLIPSIS_CUES, FILLER, WORD
from assistant.models import Turn
from assistant.several import subject
from assistant.topics import TopicMatcher
from core.course import Course

# How much of one title a bare "and X?" must be to name it: most of a short title ("separable" of
# Separable Convolution, "bard" of ChatGPT vs BARD), not one word of a long one ("keras").
TITLE_WORD_MIN_SCORE = 0.5
# "and swish?", "what about ELU?", "same question for GeLU": the subject alone, after "and",
# "what about" or "same for".
_SAME_FOR = re.compile(r"^\s*(?:(?:and |so |ok |okay )?(?:what|how) about|(?:ok |okay |so )?and"
                       r"|(?:and |ok |okay )?(?:the )?same (?:question |thing )?(?:for|with|about))"
                       r"\s+(?P<other>[\w][\w .+-]{0,40}?)"
                       r"\s*[?.!]*\s*(?:(?:same|similar)(?: \w+)?\s*[?.!]*\s*)?$", re.IGNORECASE)  # "same deal?"
# "elu too?", "and selu as well?"
_TOO = re.compile(r"^\s*(?:(?:ok|okay|so|and)\s+)*(?P<other>[\w][\w .+-]{0,40}?)\s+(?:too|as well)\s*[?.!]*\s*$",
                  re.IGNORECASE)
# "swish?", "selu??": a name alone.
_BARE = re.compile(r"^\s*(?P<other>[\w][\w .+-]{0,30}?)\s*\?+\s*$")
# Words that make "and ..." a question of its own ("and why?", "and what does it do?").
_NOT_A_SUBJECT = (FILLER | ELLIPSIS_CUES | {"week", "wk"}) - {"a", "an", "the"}


def same_for_other(question: str, previous: Turn, about: str, matcher: TopicMatcher) -> str | None:
    """ "and swish?" after "how does GeLU compare to ReLU": the last question again, about
    swish instead of its subject (`about`). None when the question is not of that shape, or the last
    question's words for its subject cannot be found."""
    found = _SAME_FOR.match(question) or _TOO.match(question)
    if previous.intent != "answer" or found is None:
        return None
    other = found.group("other")
    if any(t in _NOT_A_SUBJECT for t in WORD.findall(other.lower())):
        return None
    earlier = previous.standalone_question
    named = matcher.named(earlier)
    others = matcher.named(other)
    if any(m.topic_id == n.topic_id for m in others for n in named):
        return None  # "and ReLU?" after a question that already names ReLU
    if len({m.topic_id for m in others}) > 1:
        return None  # "and elu vs selu?": a comparison of its own, not the last question's subject
    span = next((m for m in named if m.topic_id == about), None)
    candidates = matcher.match(other, limit=2)
    one_title = candidates[0] if len(candidates) == 1 and candidates[0].topic_id != about else None
    if span is None:
        # The last question described its subject ("the 1x1 trick"), so it cannot be asked again
        # of another; a word of one title ("and separable?") still says which topic is next.
        if one_title is None or not (one_title.score >= TITLE_WORD_MIN_SCORE or _heads(other, one_title.title)):
            return None
        return f"tell me about {one_title.title}"
    if one_title is not None:  # a word of one title only: "swish" is the Swish Activation Function
        other = one_title.title
    return f"{earlier[:span.start]}{other}{earlier[span.end:]}"


def sibling_alone(question: str, previous: Turn, about: str, course: Course, matcher: TopicMatcher) -> str | None:
    """ "swish?" after answers on GeLU: a name alone of another topic of the same week (one title
    only) is the last question again, about it, as "and swish?" would be. None for any other
    question, or a name of another week's topic ("dropout?" after GeLU is a new subject)."""
    found = _BARE.match(question)
    if found is None or any(t in _NOT_A_SUBJECT for t in WORD.findall(found.group("other").lower())):
        return None
    candidates = matcher.match(found.group("other"), limit=2)
    if len(candidates) != 1 or candidates[0].topic_id == about:
        return None
    if course.topic(candidates[0].topic_id).week != course.topic(about).week:
        return None
    return same_for_other(f"and {found.group('other')}?", previous, about, matcher)


def _heads(other: str, title: str) -> bool:
    """ "swish" of "Swish Activation Function": the title's first word, alone."""
    said = WORD.findall(other.lower())
    return len(said) == 1 and WORD.findall(title.lower())[:1] == said


def again_for(text: str, previous: Turn, course: Course, matcher: TopicMatcher) -> str:
    """ "and the other one?" read as "and SeLU?" is the last question again, about SeLU
    ("tell me about SeLU"), when it was a question about one topic; else `text` as it is."""
    if previous.intent != "answer" or not previous.topic_ids:
        return text
    return same_for_other(text, previous, subject(previous, course, matcher), matcher) or text
