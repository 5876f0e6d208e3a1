"""Turning a follow-up into a standalone question, from the conversation so far, without an LLM.

A student writes "Tell me about the SeLU activation." and then "What problem does it solve?".
Retrieval and routing see one text, so the second must become "What problem does SeLU solve?"
first. Three shapes of follow-up are resolved, deterministically, from the earlier turns' topics,
week and question:

- a reference back ("it", "its", "this technique", "quiz me on that"): the reference is replaced
  by the title of the topic the last in-course turn was about; "the former", "the latter",
  "the second one" pick one of the topics the last question named (or the week it outlined);
- an ellipsis made only of follow-up words ("give me an example", "go on", "why?") or a
  clarification ("what do you mean by chain rule?"): the topic is added (`assistant.ellipsis`);
- a change of week ("and in week 6?", "the next week?"): the previous request, for that week.

Anything else is a complete question and is left alone ("thanks!" and "ok got it" too): a change
of subject goes where it says, and an out-of-scope question ("what's the weather like?") stays
out of scope whatever came before.
A question that names a course topic before its pronoun ("What is GELU and why is it used?")
carries its own antecedent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Literal

from assistant.ellipsis import (
    ELLIPSIS_CUES,
    FILLER,
    WORD,
    clarification_term,
    complete_ellipsis,
    is_acknowledgement,
    is_ellipsis,
    only_follow_up_words,
)
from assistant.models import IntentKind, Turn
from assistant.topics import TopicMatcher
from assistant.weeks import NUMBER_WORDS, in_course, week_mentions
from core.course import Course

ResolutionKind = Literal["standalone", "reference", "ellipsis", "week_change", "dangling"]

# A demonstrative followed by one of these nouns refers back: "this technique", "that model".
_GENERIC_NOUNS = (r"(?:technique|method|approach|model|architecture|network|layer|function|concept|"
                  r"idea|topic|thing|one|activation|algorithm|optimi[sz]er|operation|op|trick|paper|"
                  r"framework|format|metric|loss|term|process|step|mechanism|module|block|variant)s?")
_REFERENCE = re.compile(
    rf"\b(?:(?:this|that|these|those|the same) {_GENERIC_NOUNS}\b"  # "this technique"
    r"|it'?s\b|its\b|it\b|they\b|them\b|their\b"
    r"|\b(?:which|the first|the second|the other|the last|this|that|each|either|an? [a-z-]+(?: [a-z-]+)?)"
    r" ones?\b(?! of\b)"
    r"|(?:(?<=\bon )|(?<=\babout )|(?<=\bof )|(?<=\bexplain )|(?<=\bis )|(?<=\bdoes )|(?<=\bdo )|(?<=\bwith )"
    r"|(?<=\bfor )|(?<=\buse )|(?<=\bmean by ))(?:this|that|these|those)\b(?=\s*(?:[?.!,]|$|again|"
    r"topic|work|mean|do|does|please|too|as well|in |related|different|similar|connected|better|worse))"
    r"|^\s*(?:and |so |ok |okay )?(?:this|that)(?= (?:is|does|was|means|sounds|seems|works)\b))",
    re.IGNORECASE)
# A bare "this"/"that" may point back ("why is that hard?") or not ("a layer that normalizes"):
# it is read as a reference only when the question is weak on its own (see `resolve`).
_LOOSE_REFERENCE = re.compile(r"\b(?:this|that|these|those)\b", re.IGNORECASE)
MAX_CARRIED = 3  # topics a follow-up carries over: its subject and the turn's next ones
# Below this scope score a question with a bare "this"/"that" is read as a follow-up.
STANDALONE_MIN_SCORE = 0.5
# "is it true that ...", "it is said that ...": "it" with no antecedent.
_DUMMY_IT = re.compile(r"\b(?:is it (?:true|possible|ok|okay|better(?! than)|worth|common|necessary)|"
                       r"it (?:is|'s) (?:said|true|possible|common))\b", re.IGNORECASE)

# "the baidu model in that quiz, what is it?": the subject comes first and "it" points to it.
_DISLOCATED = re.compile(r"^\s*(?:and |so |ok |okay )?(?:the|this|that|these|those) [^,?]*\b[a-z]{3,} [^,?]*"
                         r"(?:,| -| –|:)\s*(?:what|who|how|why|where)\b[^,]*\b(?:it|they|its|their)\b[^,]*$",
                         re.IGNORECASE)
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_ORDINAL = re.compile(rf"\bthe ({'|'.join(_ORDINALS)}|last) (?:one|topic|item)\b", re.IGNORECASE)
# "the former", "the latter": one of the topics the last question named, in its order.
_FORMER_LATTER = re.compile(r"\bthe (former|latter)\b", re.IGNORECASE)
# "the next week?", "previous week?", "the week after": a week counted from the last turn's.
_RELATIVE_WEEK = re.compile(r"\b(?:the )?(?:(?P<step>next|following|previous|prior|preceding) week"
                            r"|week (?P<side>after|before)(?: that)?)\b", re.IGNORECASE)
_PLURAL_WORDS = frozenset({"they", "them", "their", "those", "these", "which one", "which ones"})
_STEPS = {"next": 1, "following": 1, "after": 1, "previous": -1, "prior": -1, "preceding": -1, "before": -1}
# "and swish?", "what about ELU?", "same question for GeLU": the subject alone, after "and",
# "what about" or "same for".
_SAME_FOR = re.compile(r"^\s*(?:(?:and |so |ok |okay )?(?:what|how) about|and"
                       r"|(?:and |ok |okay )?(?:the )?same (?:question |thing )?(?:for|with|about))"
                       r"\s+(?P<other>[\w][\w .+-]{0,40}?)"
                       r"\s*[?.!]*\s*$", re.IGNORECASE)
# Words that make "and ..." a question of its own ("and why?", "and what does it do?").
_NOT_A_SUBJECT = (FILLER | ELLIPSIS_CUES | {"week", "wk"}) - {"a", "an", "the"}
# "all three", "both of them": several topics of the conversation at once.
_PLURAL_REFERENCE = re.compile(r"\b(?:all (?:two|three|four|five|of them|of these|of those)|both(?: of them| of these"
                               r"| topics| ones)?|(?:these|those) (?:two|three|four|five)(?: topics| ones)?)\b",
                               re.IGNORECASE)
_WEEK_ONLY_FILLER = frozenset("and what about how for in on the then now same week wk please ok okay".split())


@dataclass(frozen=True)
class Resolution:
    """The question as it will be searched and routed, and what was carried over to make it."""

    text: str
    kind: ResolutionKind = "standalone"
    topic_ids: list[str] = field(default_factory=list)  # the topics carried over, best first
    intent: IntentKind | None = None  # for a change of week: the intent of the turn it repeats


def resolve(question: str, history: Sequence[Turn], course: Course, matcher: TopicMatcher,
            strength: Callable[[str], float] = lambda question: 1.0) -> Resolution:
    """The standalone form of `question` given the conversation so far (oldest turn first).

    `strength` scores how well a question stands on its own (retrieval's scope score); it is
    consulted only for a bare "this"/"that", which may or may not point back.
    """
    if is_acknowledgement(question):
        return Resolution(question)
    if not history:
        return Resolution(question, "dangling") if leans_on_nothing(question, matcher) else Resolution(question)
    week_change = _week_change(question, history, course)
    if week_change is not None:
        return week_change
    listed = _listed_topic(question, history[-1], course, matcher)
    if listed is not None:
        return listed
    antecedent = _antecedent(history)
    if antecedent is None:
        return Resolution(question)
    subject = _subject(antecedent, course)
    title = course.topic(subject).title
    carried = _carried(subject, history)
    several = _several(question, history, course, matcher)
    if several is not None:
        return several
    term = clarification_term(question)
    if term is not None and not matcher.named(term):  # "what do you mean by chain rule?"
        return Resolution(f"what is {term} in {title}?", "reference", carried)
    if antecedent is history[-1] and (other := _same_for_other(question, antecedent, subject, matcher)):
        return Resolution(other, "ellipsis")
    reference = _REFERENCE.search(question)
    if reference is None and (loose := _LOOSE_REFERENCE.search(question)):
        reference = loose if strength(question) < STANDALONE_MIN_SCORE else None
    if (reference and not _DUMMY_IT.search(question) and not _DISLOCATED.search(question)
            and not _names_topic_before(question, reference.start(), matcher)):
        title, carried = _plural_antecedent(reference, history[-1], course, matcher) or (title, carried)
        return Resolution(_substitute(question, reference, title), "reference", carried)
    if is_ellipsis(question) and not matcher.named(question):
        if antecedent is history[-1] and len(both := _named_topics(antecedent, matcher)[:MAX_CARRIED]) > 1:
            title, carried = _titles(both, course), both  # "any downsides?" after "ELU vs SeLU"
        return Resolution(complete_ellipsis(question, title), "ellipsis", carried)
    return Resolution(question)


def leans_on_nothing(question: str, matcher: TopicMatcher) -> bool:
    """A question whose only subject is a reference ("why does it help?", "what problem does this
    technique solve?") or an ellipsis ("any downsides?"), asked with nothing before it: any answer
    would be about a topic the student never named."""
    if matcher.named(question) or _DUMMY_IT.search(question) or _DISLOCATED.search(question):
        return False
    reference = _REFERENCE.search(question)
    rest = _REFERENCE.sub(" ", question) if reference else question
    return (reference is not None or is_ellipsis(question)) and only_follow_up_words(rest)


def _same_for_other(question: str, previous: Turn, subject: str, matcher: TopicMatcher) -> str | None:
    """ "and swish?" after "how does GeLU compare to ReLU": the last question again, about
    swish instead of its subject. None when the question is not of that shape, or the last
    question's words for its subject cannot be found."""
    found = _SAME_FOR.match(question)
    if previous.intent != "answer" or found is None:
        return None
    other = found.group("other")
    if any(t in _NOT_A_SUBJECT for t in WORD.findall(other.lower())):
        return None
    earlier = previous.standalone_question
    named = matcher.named(earlier)
    if any(m.topic_id == n.topic_id for m in matcher.named(other) for n in named):
        return None  # "and ReLU?" after a question that already names ReLU
    span = next((m for m in named if m.topic_id == subject), None)
    if span is None:
        return None
    candidates = matcher.match(other, limit=2)
    if len(candidates) == 1:  # a word of one title only: "swish" is the Swish Activation Function
        other = candidates[0].title
    return f"{earlier[:span.start]}{other}{earlier[span.end:]}"


def _several(question: str, history: Sequence[Turn], course: Course, matcher: TopicMatcher) -> Resolution | None:
    """ "quiz me on all three", "compare both": the conversation's latest topics, by title: those
    its answers cited, then those its questions named ("how is ELU different from SeLU?")."""
    found = _PLURAL_REFERENCE.search(question)
    if found is None:
        return None
    words = found.group(0).lower().split()
    counts = [2 if w == "both" else NUMBER_WORDS[w] for w in words if w == "both" or w in NUMBER_WORDS]
    wanted = counts[0] if counts else MAX_CARRIED if "all" in words else 2
    named_in = (m.topic_id for turn in reversed(history) if turn.intent in ("answer", "quiz")
                for m in matcher.named(turn.standalone_question))
    topics = list(dict.fromkeys(chain(_conversation_topics(history), named_in)))[:wanted]
    if not topics:
        return None
    titles = [course.topic(topic_id).title for topic_id in topics]
    named = f"{', '.join(titles[:-1])} and {titles[-1]}" if len(titles) > 1 else titles[0]
    return Resolution(f"{question[:found.start()]}{named}{question[found.end():]}", "reference", topics)


def _conversation_topics(history: Sequence[Turn]) -> Iterator[str]:
    """The topics of the conversation's answers and quizzes, latest first (with repeats)."""
    return (topic for turn in reversed(history) if turn.intent in ("answer", "quiz") for topic in turn.topic_ids)


def _antecedent(history: Sequence[Turn]) -> Turn | None:
    """The latest turn that was about course topics (an answer or a quiz): what "it" refers to."""
    for turn in reversed(history):
        if turn.intent in ("answer", "quiz") and turn.topic_ids:
            return turn
    return None


def _carried(subject: str, history: Sequence[Turn]) -> list[str]:
    """The subject first, then the conversation's other topics, latest first: "quiz me on it"
    after "flatten vs squeeze?" and "why reshape?" falls back on Flatten and Squeeze when
    Reshape has nothing to ask."""
    return list(dict.fromkeys([subject, *_conversation_topics(history)]))[:MAX_CARRIED]


def _subject(turn: Turn, course: Course) -> str:
    """The topic a turn was about: the one a resolved follow-up carried into it ("how does
    Backpropagation relate to gradient descent" is still about backpropagation, whatever it
    cited first), else the first topic it cited or quizzed."""
    inserted = [topic for topic in course.topics
                if topic.title in turn.standalone_question and topic.title not in turn.question]
    if inserted:  # the longest: "Dropout in Tensorflow" also holds "Dropout"
        return max(inserted, key=lambda topic: len(topic.title)).id
    return turn.topic_ids[0]


def _listed_topic(question: str, previous: Turn, course: Course, matcher: TopicMatcher) -> Resolution | None:
    """ "what's the first one about?" after a week's outline: that week's first topic; "the
    latter" or "the second one" after "how is ELU different from SeLU?": SeLU."""
    if previous.intent == "syllabus" and previous.week is not None:
        topics = [topic.id for topic in course.week(previous.week).topics]
    elif previous.intent in ("answer", "quiz"):
        topics = _named_topics(previous, matcher)
    else:
        return None
    found = _ORDINAL.search(question) or _FORMER_LATTER.search(question)
    if found is None or len(topics) < 2:
        return None
    word = found.group(1).lower()
    position = {"last": len(topics) - 1, "latter": len(topics) - 1, "former": 0}.get(word)
    position = _ORDINALS.index(word) if position is None else position
    if position >= len(topics):
        return None
    topic = course.topic(topics[position])
    text = f"{question[:found.start()]}{topic.title}{question[found.end():]}"
    return Resolution(text, "reference", [topic.id])


def _named_topics(turn: Turn, matcher: TopicMatcher) -> list[str]:
    """The topics a turn's question named, in its order ("how is ELU different from SeLU?")."""
    return list(dict.fromkeys(m.topic_id for m in matcher.named(turn.standalone_question)))


def _plural_antecedent(reference: re.Match[str], previous: Turn, course: Course,
                       matcher: TopicMatcher) -> tuple[str, list[str]] | None:
    """ "compare them", "which one is better?" after a question naming several topics: all of
    them ("ELU and SeLU"; "ELU or SeLU" for a choice), not only the first."""
    word = reference.group(0).lower()
    if previous.intent not in ("answer", "quiz") or word not in _PLURAL_WORDS:
        return None
    topics = _named_topics(previous, matcher)[:MAX_CARRIED]
    if len(topics) < 2:
        return None
    return _titles(topics, course, " or " if word.startswith("which") else " and "), topics


def _titles(topics: list[str], course: Course, joiner: str = " and ") -> str:
    """ "ELU, SeLU and GeLU"."""
    titles = [course.topic(topic_id).title for topic_id in topics]
    return f"{', '.join(titles[:-1])}{joiner}{titles[-1]}" if len(titles) > 1 else titles[0]


def _names_topic_before(question: str, position: int, matcher: TopicMatcher) -> bool:
    return any(match.start < position for match in matcher.named(question))


def _substitute(question: str, reference: re.Match[str], title: str) -> str:
    word = reference.group(0).lower()
    if word.endswith((" one", " ones")):  # "which one is better for summarization"
        return f"{question.rstrip(' ?.!')} ({title})?"
    replacement = f"{title}'s" if word in ("its", "their") else title
    if word in ("it's",):
        replacement = f"{title} is"
    return f"{question[:reference.start()]}{replacement}{question[reference.end():]}"


def _week_change(question: str, history: Sequence[Turn], course: Course) -> Resolution | None:
    """ "and in week 6?", "the next week?": the previous request again, scoped to that week."""
    previous = history[-1]
    if previous.intent == "out_of_scope":
        return None
    mentions = week_mentions(question, course)
    relative = _RELATIVE_WEEK.search(question)
    if len(mentions) == 1 and mentions[0].explicit:
        start, end, week_text = mentions[0].start, mentions[0].end, question[mentions[0].start:mentions[0].end]
    elif not mentions and relative and previous.week is not None:
        week = previous.week + _STEPS[(relative.group("step") or relative.group("side")).lower()]
        if not in_course(week, course):
            return None
        start, end, week_text = relative.start(), relative.end(), f"week {week}"
    else:
        return None
    rest = question[:start] + " " + question[end:]
    if any(t not in _WEEK_ONLY_FILLER for t in WORD.findall(rest.lower())):
        return None
    earlier = week_mentions(previous.standalone_question, course)
    if earlier:
        last = earlier[0]
        text = (previous.standalone_question[:last.start] + week_text
                + previous.standalone_question[last.end:])
    else:
        text = f"{previous.standalone_question.rstrip(' ?.!')} in {week_text}?"
    return Resolution(text, "week_change", [], previous.intent)
