"""Turning a follow-up into a standalone question, from the conversation so far, without an LLM.

A student writes "Tell me about the SeLU activation." and then "What problem does it solve?".
Retrieval and routing see one text, so the second must become "What problem does SeLU solve?"
first. Three shapes of follow-up are resolved, deterministically, from the earlier turns' topics,
week and question:

- a reference back ("it", "its", "this technique", "quiz me on that"): the reference is replaced
  by the title of the topic the last in-course turn was about (`assistant.references`), or an
  earlier one the student goes back to ("back to the first thing I asked"); "the former", "the
  second one", "the other one", "both" pick among the topics a question named or a week outline
  listed (`assistant.several`); a bare "quiz me" is on the topic or week last talked about;
- an ellipsis made only of follow-up words ("give me an example", "go on", "why?", "so what?"), a
  clarification ("what do you mean by chain rule?") or a fragment too weak to stand alone ("the constants?",
  "in keras?", "a worked example with numbers?"): the topic is added (`assistant.ellipsis`);
- a change of week ("and in week 6?", "the next week?"): the previous request, for that week;
- a variant of the topic ("and the layer version?" after Normalization), its maker ("what was his
  job?" after "who proposed it?"), the quiz again ("make it harder"), and the last question about
  another subject ("and swish?", `assistant.same_for`).

Anything else is a complete question and is left alone ("thanks!" and "ok got it" too): a change
of subject goes where it says, and an out-of-scope question ("what's the weather like?") stays
out of scope whatever came before.
A question that names a course topic before its pronoun ("What is GELU and why is it used?")
carries its own antecedent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from assistant.cited import pointed_at
from assistant.ellipsis import (
    Fragment,
    clarification_term,
    complete_ellipsis,
    complete_fragment,
    fragment,
    is_acknowledgement,
    is_ellipsis,
    only_follow_up_words,
    variant_of,
    without_opener,
)
from assistant.intent_phrasings import QUIZ_AGAIN
from assistant.intents import route
from assistant.models import Turn
from assistant.places import by_place
from assistant.references import (
    REFERENCE,
    about_its_maker,
    earlier_turn,
    find_loose_reference,
    find_reference,
    substitute,
)
from assistant.request_subjects import request_subject
from assistant.same_for import again_for, same_for_other, sibling_alone
from assistant.scope import IN_SCOPE_MIN_SCORE
from assistant.several import (
    MAX_CARRIED,
    ONLY_PLURAL,
    PLURAL_REFERENCE,
    compared,
    conversation_topics,
    described_one,
    listed_topic,
    named_topics,
    other_described,
    other_topic,
    plural_antecedent,
    several,
    subject,
    titled_one,
    titles,
)
from assistant.siblings import describes_one, of_its_kind
from assistant.terse import expand_shorthand, in_its_words
from assistant.topics import TopicMatcher
from assistant.week_moves import that_week, week_change
from assistant.weeks import week_mentions
from core.course import Course

ResolutionKind = Literal["standalone", "reference", "ellipsis", "week_change", "dangling"]

# Below this scope score a question with a bare "this"/"that" is read as a follow-up.
STANDALONE_MIN_SCORE = 0.5
# "is it true that ...", "it is said that ...", "why is it that ...": "it" with no antecedent.
_DUMMY_IT = re.compile(r"\b(?:is it (?:true|possible|ok|okay|better(?! than)|worth|common|necessary|that)|"
                       r"it (?:is|'s) (?:said|true|possible|common)|(?:you|we|i)(?:'re|'m| are| am) at it)\b",
                       re.IGNORECASE)

# "the baidu model in that quiz, what is it?", "the 32 bit thing you said, what's that format?": the
# subject comes first and "it" points to it.
_DISLOCATED = re.compile(r"^\s*(?:and |so |ok |okay )?(?:the|this|that|these|those) [^,?]*\b[a-z][a-z0-9]{2,} [^,?]*"
                         r"(?:,| -| –|:)\s*(?:what|who|how|why|where)\b[^,]*\b(?:it|they|its|their|that|this)\b[^,]*$",
                         re.IGNORECASE)
# "and swish? why does that one exist", "and ssd, why was that a big deal": a new subject first,
# then a question on it (not "and in week 6, is that there?", "and compared to relu, why is that
# better?"; an "it" stays the conversation's: "and training, how's it different?").
_NEW_SUBJECT_FIRST = re.compile(
    r"^\s*(?:and|so|ok|okay|also|what about|how about) (?!(?:then|also|so|now|yeah|yes|no|compared|vs|versus|unlike|"
    r"like|in|on|for|with|without|than|besides|what|how|why|who|where|which|when|is|are|was|does|do|did|can|could|"
    r"week|wk|it|its|they|this|that|these|those|the same|next|back)\b)[a-z0-9][\w .+/-]{1,30}?\s*(?:,|\?| -| –|:)\s*"
    r"(?:what|who|how|why|where|which|when|is|was|are|does|did)\b[^,]*\b(?:that|this)(?: one)?\b[^,]*$",
    re.IGNORECASE)
# "so what goes in as input and what comes out?": a question that goes on from the answer before.
_GOES_ON = re.compile(r"^\W*(?:(?:ok|okay|right|hmm)\W+)?(?:so|and|then|but)\b\W+(?:what|how|why|where|when|which|"
                      r"is|are|does|do|can|could)\b", re.IGNORECASE)
MAX_GOING_ON_WORDS = 14
# "and in the browser?", "what about on mobile?": a qualifier that says it goes on with the question before.
_GOES_ON_WITH = re.compile(r"^\W*(?:and|what about|how about|but|also)\s+(?:in|on|for|with|without|at|during|under)\b",
                           re.IGNORECASE)
# "and the layer that keeps the maximum of every patch. what is it for?", "there's some law that
# says word frequency falls with rank, who found it?": the question describes its own subject
# (a noun with a clause, closed by punctuation) before the word that points to it.
_DESCRIBED = re.compile(r"\b(?:the|a|an|some)\s+(?:[\w-]+\s+){0,3}?(?:where|that|which|whose)\s+[^,.?!;]{8,}[,.?!;]",
                        re.IGNORECASE)
# A question's own subject, named before a possessive: "does the agent ...", "can a model ...", "my wifi".
_SUBJECT_NOUN = re.compile(r"\b(?:does|did|do|can|could|would|should|will|is|was|are|were)\s+(?:the|a|an|my|our|your)"
                           r"\s+[\w-]+\b|\b(?:my|our)\s+[\w-]+\b", re.IGNORECASE)  # "fix my wifi its so slow"
# "again but simpler": asked after explanations, the explanation again (see `resolve`)
_PLAINER = re.compile(r"\b(?:simpler|easier)\b", re.IGNORECASE)
# "different question: ...", "on another note, ...": the student says the subject changes.
_NEW_SUBJECT = re.compile(r"^\W*(?:[\w']+\W+){0,3}?(?:(?:different|another|new|unrelated|separate|other) "
                          r"(?:question|topic|thing|subject)|off[- ]topic|on another note|"
                          r"(?:changing|switching) (?:the )?(?:topic|subject|gears))\b", re.IGNORECASE)


@dataclass(frozen=True)
class Resolution:
    """The question as it will be searched and routed, and what was carried over to make it."""

    text: str
    kind: ResolutionKind = "standalone"
    topic_ids: list[str] = field(default_factory=list)  # the topics carried over, best first


def resolve(question: str, history: Sequence[Turn], course: Course, matcher: TopicMatcher,
            strength: Callable[[str], float] = lambda question: 1.0,
            uses: Callable[[str], bool] = lambda word: True) -> Resolution:
    """The standalone form of `question` given the conversation so far (oldest turn first).

    `strength` scores how well a question stands on its own (retrieval's scope score); it is
    consulted only for what may or may not point back: a bare "this"/"that", a fragment. `uses`
    says whether the course's text has a word: a fragment leans on the topic before it only with
    words the course uses ("the constants?" after SeLU, not "pizza?").
    """
    if is_acknowledgement(question):
        return Resolution(question)
    question = without_opener(question)  # "thanks!! and swish?" is "and swish?"
    antecedent = _antecedent(history)
    about = subject(antecedent, course, matcher) if antecedent is not None else None
    if (placed := by_place(question, course, matcher, about)) is not None:  # "the third topic of week 5"
        return Resolution(placed.text, "reference" if history else "standalone", [placed.topic_id])
    if not history:
        return Resolution(question, "dangling") if leans_on_nothing(question, matcher) else Resolution(question)
    # "what does [2] say?"; a number the answer did not have, only if the question names no topic itself
    if (pointed := pointed_at(question, history, course)) and (pointed.exact or not matcher.named(question)):
        return Resolution(pointed.text, "reference", pointed.topic_ids)
    if _NEW_SUBJECT.search(question):
        return Resolution(question)
    if (moved := week_change(question, history, course)) is not None:  # "and in week 6?"
        return Resolution(moved, "week_change")
    if (in_that_week := that_week(question, history, course)) is not None:  # "what else is in that week?"
        return Resolution(in_that_week, "reference")
    asks = route(question, course, matcher).kind  # what the question asks for, read once
    # "quiz me on the stop words one" (in a quiz request only: "the Baidu one, ERNIE, ..." names its own)
    picked = (listed_topic(question, history, course, matcher) or other_topic(question, history, course, matcher)
              or titled_one(question, history, course)
              or (described_one(question, history, course) if asks == "quiz" else None))
    if picked is not None:  # "the latter", "and the other one?", "and the snake one?"
        return Resolution(again_for(picked.text, history[-1], course, matcher), "reference", picked.topic_ids)
    if (says_which := other_described(question)) or describes_one(question, matcher):
        # "and the other one, the self-normalizing one", "what about the self-normalizing one": it
        # says which, one of the kind just discussed (another activation, not Layer Normalization)
        if about and (with_kind := of_its_kind(question, course.topic(about))):
            return Resolution(with_kind)
        if says_which:
            return Resolution(question)
    if (back := _back_to(question, history, course, matcher)) is not None:  # "back to the first thing i asked"
        return back
    if (about and QUIZ_AGAIN.match(question) and _PLAINER.search(question)
            and all(turn.intent != "quiz" for turn in history)):
        # "again but simpler" after explanations (no quiz yet) asks for one again, not for a quiz
        return Resolution(f"explain {course.topic(about).title} in simpler words", "ellipsis", _carried(about, history))
    quiz = _bare_quiz(question, history, course, matcher)
    if quiz is not None:
        return quiz
    if antecedent is None or about is None:
        return Resolution(question)
    title = course.topic(about).title
    carried = _carried(about, history)
    if (gathered := several(question, history, course, matcher)) is not None:  # "both?", "quiz me on all three"
        return Resolution(gathered.text, "reference", gathered.topic_ids)
    term = clarification_term(question)
    if term is not None and not matcher.named(term):  # "what do you mean by chain rule?"
        return Resolution(f"what is {term} in {title}?", "reference", carried)
    if antecedent is history[-1] and (other := same_for_other(question, antecedent, about, matcher)
                                      or sibling_alone(question, antecedent, about, course, matcher)):
        return Resolution(other, "ellipsis")
    if antecedent is history[-1] and not matcher.named(question) and (variant := variant_of(question, title)):
        return Resolution(variant, "ellipsis", carried)  # "and the layer version?" after Normalization
    if antecedent is history[-1] and not matcher.named(question) and about_its_maker(question, antecedent):
        return Resolution(complete_fragment(question, title), "ellipsis", carried)  # "what was his job?"
    reference = find_reference(question)
    if reference is None and (loose := find_loose_reference(question)):
        reference = loose if strength(question) < STANDALONE_MIN_SCORE else None
    if (reference and not _DUMMY_IT.search(question) and not _DISLOCATED.search(question)
            and not _NEW_SUBJECT_FIRST.search(question)
            and not _names_topic_before(question, reference.start(), matcher)
            and not _described_before(question, reference.start()) and not _owner_named_before(question, reference)):
        plural = plural_antecedent(question, reference, history, course, matcher)
        last_word = not question[reference.end():].strip(" ?!.")  # "who made which": the topic, however many it holds
        if plural is not None or reference.group(0).lower() not in ONLY_PLURAL or last_word:
            title, carried = plural or (title, carried)
            text = _with_its_words(substitute(question, reference, title), question, antecedent, course, matcher)
            return Resolution(text, "reference", carried)
    if asks == "progress":  # "and today's score overall?": the student's own, not the topic's
        return Resolution(question)
    if is_ellipsis(question) and not matcher.named(question):
        if both := compared(question, history, course, matcher):  # "any downsides?" after "ELU vs SeLU"
            title, carried = titles(both, course), both
        text = _with_its_words(complete_ellipsis(question, title), question, antecedent, course, matcher)
        return Resolution(text, "ellipsis", carried)
    if _leans_on_the_topic(fragment(question), question, matcher, strength, uses):
        text = _with_its_words(complete_fragment(question, title), question, antecedent, course, matcher)
        return Resolution(text, "ellipsis", carried)
    if (_last_on_course(history) is antecedent and not matcher.named(question) and asks == "answer"
            and ((in_its_words(question, about, course) and strength(question) < STANDALONE_MIN_SCORE)
                 or (_GOES_ON.match(question) and in_its_words(question, about, course, MAX_GOING_ON_WORDS)))):
        # "2nd best entry?", "act fn?" after AlexNet; "so what goes in as input?" after Wide and Deep
        text = complete_fragment(expand_shorthand(question), title)
        return Resolution(_with_its_words(text, question, antecedent, course, matcher), "ellipsis", carried)
    return Resolution(question)


def _back_to(question: str, history: Sequence[Turn], course: Course, matcher: TopicMatcher) -> Resolution | None:
    """ "back to the first thing i asked, it only does yes/no classification right?": the words
    that go back, and a word that points back after them, are the earlier turn's topic. A request
    naming its own subject, or for progress, goes back to nothing ("back to my first question,
    which week was attention in?")."""
    back = earlier_turn(question, history)
    if back is None or matcher.named(question) or route(question, course, matcher).kind == "progress":
        return None
    turn, words = back
    about = subject(turn, course, matcher)
    title = course.topic(about).title
    text = f"{question[:words.start()]}{title}{question[words.end():]}"
    after = find_reference(text[words.start() + len(title):])
    if after is not None:
        at = words.start() + len(title)
        text = text[:at] + substitute(text[at:], after, title)
    return Resolution(text, "reference", [about])


def _leans_on_the_topic(found: Fragment | None, question: str, matcher: TopicMatcher,
                        strength: Callable[[str], float], uses: Callable[[str], bool]) -> bool:
    """A fragment that is about the topic before it, in the course's words ("pizza?" is not about
    the sigmoid): a qualifier ("in keras?") always, and in any words when it says it goes on ("and
    on a phone?"); an aspect ("a worked example?") as a
    bare "this" would be, when weak alone; a bare phrase ("the constants?") only if it would be refused
    alone ("backpropagation" is a new subject)."""
    if found is None or matcher.named(question):
        return False
    if found.kind == "aspect":
        return any(uses(word) for word in found.words) and strength(question) < STANDALONE_MIN_SCORE
    if found.kind == "qualifier" and _GOES_ON_WITH.match(question):
        return True  # "and in the browser?": the same question, somewhere the course may not name
    if found.kind == "asked":
        return True  # "what decade", "which hardware": what one asks of any topic
    if not all(uses(word) for word in found.words):
        return False
    return found.kind == "qualifier" or strength(question) < IN_SCOPE_MIN_SCORE


def _with_its_words(text: str, question: str, antecedent: Turn, course: Course, matcher: TopicMatcher) -> str:
    """ "why is that hard" after "how do i detect text written by chatgpt": the topic retrieval
    found first for a question that named none may be the wrong one ("ChatGPT vs BARD"), so the
    student's own words go along ("why is ChatGPT vs BARD hard (how do i detect text written by
    chatgpt)"). A quiz request keeps the topic alone: it is quizzed on what was cited."""
    earlier = antecedent.standalone_question
    if antecedent.intent != "answer" or matcher.named(earlier) or route(question, course, matcher).kind != "answer":
        return text
    return f"{text.rstrip(' ?.!')} ({earlier.rstrip(' ?.!')})"


def leans_on_nothing(question: str, matcher: TopicMatcher) -> bool:
    """A question whose only subject is a reference ("why does it help?", "what problem does this
    technique solve?") or an ellipsis ("any downsides?"), asked with nothing before it: any answer
    would be about a topic the student never named."""
    if matcher.named(question) or _DUMMY_IT.search(question) or _DISLOCATED.search(question):
        return False
    reference = REFERENCE.search(question)
    rest = REFERENCE.sub(" ", question) if reference else question
    return (reference is not None or is_ellipsis(question)) and only_follow_up_words(rest)


def _bare_quiz(question: str, history: Sequence[Turn], course: Course, matcher: TopicMatcher) -> Resolution | None:
    """ "quiz me", "test me", "give me 3 questions" with nothing to be quizzed on, mid-conversation:
    on what the conversation was last about, a topic ("quiz me on SeLU"; both topics after "how is
    ELU different from SeLU?") or a week it outlined or quizzed ("quiz me on week 5"). None when
    the request names its own subject or points back, or nothing came before it."""
    ruled = route(question, course, matcher)
    again = QUIZ_AGAIN.match(question)  # "make it harder": the quiz, not a topic
    points_back = not again and find_reference(question)
    asked = "quiz me again" if again else question.rstrip(" ?.!")
    if (ruled.kind != "quiz" or ruled.topic_ids or ruled.named_week is not None or ruled.week_out_of_range
            or request_subject(question) or points_back or PLURAL_REFERENCE.search(question)):
        return None
    for turn in reversed(history):
        on_week = any(m.explicit for m in week_mentions(turn.standalone_question, course))
        if turn.intent in ("syllabus", "progress") or (turn.intent == "quiz" and on_week):
            if turn.week is None:  # the course outline, the overall progress: no week to go on
                return None
            return Resolution(f"{asked} on week {turn.week}", "reference")
        if turn.intent in ("answer", "quiz") and turn.topic_ids:
            about = subject(turn, course, matcher)
            topics = (named_topics(turn, matcher) if turn.intent == "answer" else turn.topic_ids)[:MAX_CARRIED]
            if len(topics) < 2:  # "how is ELU different from SeLU?": on both
                topics = _carried(about, history)
                named = course.topic(about).title
            else:
                named = titles(topics, course)
            return Resolution(f"{asked} on {named}", "reference", topics)
    return None


def _antecedent(history: Sequence[Turn]) -> Turn | None:
    """The latest turn that was about course topics (an answer, a quiz, or where one topic sits):
    what "it" refers to."""
    for turn in reversed(history):
        if turn.intent in ("answer", "quiz", "syllabus") and turn.topic_ids:
            return turn
    return None


def _last_on_course(history: Sequence[Turn]) -> Turn | None:
    """The latest turn that was not refused: the conversation goes on past another subject."""
    return next((turn for turn in reversed(history) if turn.intent != "out_of_scope"), None)


def _carried(about: str, history: Sequence[Turn]) -> list[str]:
    """The subject first, then the conversation's other topics, latest first: "quiz me on it"
    after "flatten vs squeeze?" and "why reshape?" falls back on Flatten and Squeeze when
    Reshape has nothing to ask."""
    return list(dict.fromkeys([about, *conversation_topics(history)]))[:MAX_CARRIED]


def _names_topic_before(question: str, position: int, matcher: TopicMatcher) -> bool:
    """ "which resnet uses them, the 50 one?", "he init, why's it also called kaiming": a topic is
    named from before "it" on, or before it alone (a topic named twice is found where it is best named)."""
    return any(match.start < position for match in matcher.named(question)) or bool(matcher.named(question[:position]))


def _described_before(question: str, position: int) -> bool:
    return any(found.end() <= position for found in _DESCRIBED.finditer(question))


def _owner_named_before(question: str, reference: re.Match[str]) -> bool:
    """ "why does the agent try a random move instead of its best one": "its" is the agent's, the
    subject the question named before it, not the topic's."""
    return reference.group(0).lower() in ("its", "their") and any(
        found.end() <= reference.start() for found in _SUBJECT_NOUN.finditer(question))


