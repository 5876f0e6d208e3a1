"""Follow-ups that move along the course: to a week ("and in week 6?", "the next week?": the last
request again, for that week; "what else is in that week?": the week the conversation is in). The
topic beside the last one ("explain the next one") is `assistant.places`'.

Split from `assistant.followup`, which decides what kind of follow-up a question is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.ellipsis import WORD
from assistant.models import Turn
from assistant.weeks import STEPS, in_course, week_mentions
from core.course import Course
from core.text import STOPWORDS

# "the next week?", "previous week?", "the week after": a week counted from the last turn's.
_RELATIVE_WEEK = re.compile(r"\b(?:the )?(?:(?P<step>next|following|previous|prior|preceding) week"
                            r"|week (?P<side>after|before)(?: (?:that|this(?: one)?|it))?)\b", re.IGNORECASE)
# The week the conversation is in: "what else is in that week", "that same week", "that CNN week",
# "how am i doing on this week" (not "what's due this week": the calendar's).
_THAT_WEEK = re.compile(r"\b(?:that(?: same)?|the same|(?:(?<=\bon )|(?<=\bin )|(?<=\bof ))this) "
                        r"(?P<theme>(?:[\w-]+ ){0,2}?)week\b(?!\s*\d)", re.IGNORECASE)  # not "this week 11"
# "are both in the same week?", "are X and Y in the same week?": whether several share a week, not
# the week the conversation is in.
_SEVERAL = re.compile(r"\b(?:both|they|them|these|those|all|two|each|and)\b", re.IGNORECASE)
# "next week topics", "what's covered the week after": that week's outline.
_OUTLINE_WORDS = frozenset("""topics topic covered cover covers contents outline list whats what's is are of s in
about has have contain contains teach teaches""".split())
_WEEK_ONLY_FILLER = frozenset("and what about how for in on the then now same week wk please ok okay".split())
_OUTLINE_OR_FILLER = _OUTLINE_WORDS | _WEEK_ONLY_FILLER


def that_week(question: str, history: Sequence[Turn], course: Course) -> str | None:
    """ "what else is in that week?": the week of what the conversation was last about, by number."""
    found = _THAT_WEEK.search(question)
    if found is None or any(word in STOPWORDS for word in found.group("theme").lower().split()):
        return None  # "was that in week 2?" names its week
    if found.group().lower().startswith("the same") and _SEVERAL.search(question[:found.start()]):
        return None  # "are both in the same week?" asks whether they share one
    if any(m.explicit for m in week_mentions(question[:found.start()] + question[found.end():], course)):
        return None
    week = next((week for turn in reversed(history) if (week := _week_of(turn, course)) is not None), None)
    if week is None:
        return None
    return f"{question[:found.start()]}week {week}{question[found.end():]}"


def _week_of(turn: Turn, course: Course) -> int | None:
    """The week a turn was about: the one it was scoped to, else its first topic's."""
    if turn.week is not None:
        return turn.week
    return course.topic(turn.topic_ids[0]).week if turn.topic_ids else None


def week_change(question: str, history: Sequence[Turn], course: Course) -> str | None:
    """ "and in week 6?", "the next week?": the previous request again, scoped to that week."""
    previous = history[-1]
    if previous.intent == "out_of_scope":
        return None
    mentions = week_mentions(question, course)
    relative = _RELATIVE_WEEK.search(question)
    if len(mentions) == 1 and mentions[0].explicit:
        start, end, week_text = mentions[0].start, mentions[0].end, question[mentions[0].start:mentions[0].end]
    elif not mentions and relative and (base := _week_of(previous, course)) is not None:
        week = base + STEPS[(relative.group("step") or relative.group("side")).lower()]
        if not in_course(week, course):
            return None
        start, end, week_text = relative.start(), relative.end(), f"week {week}"
    else:
        return None
    rest = WORD.findall((question[:start] + " " + question[end:]).lower())
    if relative and any(t in _OUTLINE_WORDS for t in rest) and all(t in _OUTLINE_OR_FILLER for t in rest):
        return f"{question[:start]}{week_text}{question[end:]}"  # "next week topics" after DCGAN: week 9's
    # The previous request is repeated for the week next to its own only if it had one: after an
    # answer about DCGAN, "the next week?" is no question about DCGAN in week 9.
    if any(t not in _WEEK_ONLY_FILLER for t in rest) or (relative and previous.week is None):
        return None
    earlier = week_mentions(previous.standalone_question, course)
    if earlier:
        last = earlier[0]
        text = (previous.standalone_question[:last.start] + week_text
                + previous.standalone_question[last.end:])
    else:
        text = f"{previous.standalone_question.rstrip(' ?.!')} in {week_text}?"
    return text
