"""The words of a follow-up that point back ("it", "this technique", "which one", "the first
thing I asked"), and the topic's title put in their place.

Split from `assistant.followup`, which decides whether a follow-up points back at all (a
question that names or describes its own subject does not) and to which turn.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.models import Turn

# A demonstrative followed by one of these nouns refers back: "this technique", "that model".
_GENERIC_NOUNS = (r"(?:technique|method|approach|model|architecture|network|layer|function|concept|"
                  r"idea|topic|thing|one|activation|algorithm|optimi[sz]er|operation|op|trick|paper|"
                  r"framework|format|metric|loss|term|process|step|mechanism|module|block|variant)s?")
REFERENCE = re.compile(
    rf"\b(?:(?:this|that|these|those) {_GENERIC_NOUNS}\b"  # "this technique"
    rf"|the same {_GENERIC_NOUNS}\b(?!\s+as\b)"  # not "the same thing as inertia": a comparison
    r"|it'?s\b|its\b|it\b|they\b|them\b|their\b|(?:each|which)(?=\W*$)"  # "who made each?", "who made which"
    r"|\b(?:which|the first|the second|the other|the last|this|that|each|either|an? [a-z-]+(?: [a-z-]+)?)"
    r" ones?\b(?! of\b)"
    r"|(?:(?<=\bon )|(?<=\babout )|(?<=\bof )|(?<=\bexplain )|(?<=\bis )|(?<=\bdoes )|(?<=\bdo )|(?<=\bwith )"
    r"|(?<=\bfor )|(?<=\buse )|(?<=\bmean by ))(?:this|that|these|those)\b(?=\s*(?:[?.!,]|$|again|"
    r"topic|work|mean|do|does|please|pls|plz|too|as well|in |related|different|similar|connected|better|worse|"
    r"help|helps|matter|matters|improve|solve|prevent|cause|affect|change|fix|hurt|reduce|speed))"
    r"|^\s*(?:and |so |ok |okay )?(?:this|that)(?= (?:is|does|was|means|sounds|seems|works)\b)"
    # "compare the two", "quiz me on the three", "how do the two differ": the last topics, together
    r"|(?:(?<=\bcompare )|(?<=\bcontrast )|(?<=\bon )|(?<=\babout )|(?<=\bexplain ))the (?:two|three)\b(?! \w+s\b)"
    r"|\bthe (?:two|three)(?= (?:differ|compare|relate|work|are|do|have|both)\b)"
    r"|\bthe whole (?:thing|idea|concept|field|business|trend|approach)\b"  # "who kicked the whole thing off?"
    r"|\bwhich (?:version|variant|flavou?r|type)s?\b(?! of\b))",  # "which version is fastest": of the one before
    re.IGNORECASE)
# A bare "this"/"that" may point back ("why is that hard?") or not ("a layer that normalizes"):
# it is read as a reference only when the question is weak on its own (see `resolve`).
_LOOSE_REFERENCE = re.compile(
    # not "this week 11 stuff" (a week) nor "this year", "that morning": a time, not a topic
    r"\b(?:this|that|these|those)\b(?!\s+(?:week|wk|year|month|morning|afternoon|evening|night|weekend|semester|"
    r"term|season|summer|winter|spring|autumn|fall|time|days?)s?\b)"
    # "which of the two is harder?", "which is better before the classifier?": the last two topics
    r"|(?:(?<=\bof )|(?<=\bbetween ))the (?:two|three)\b"
    r"|\bwhich(?=\s+(?:is|was|would be|works|one is)\s+(?:the\s+)?(?:better|best|worse|faster|slower|cheaper|"
    r"harder|easier|simpler|more|less|preferred)\b)"
    # "which matters more for batch jobs?", "which helps most?"
    r"|\bwhich(?=\s+(?:matters|helps|works|runs|counts|performs|scales|learns|trains)\s+(?:more|less|better|worse|"
    r"faster|slower|best|most)\b)", re.IGNORECASE)
# A bare "that" right after "the <noun>" or "one" opens a relative clause: "the part that uses ...",
# "a reverse op that makes ...", "one that zeroes negatives".
_BEFORE_RELATIVE = re.compile(r"\b(?:(?:the|a|an|one|each|every|any|some)\s+(?:[\w-]+\s+){1,2}"
                              r"|(?:one|something|anything|someone|another)\s+)$", re.IGNORECASE)
# ...and after a verb of noticing or saying, it opens what was noticed or said: "who noticed that ...".
_BEFORE_CLAUSE = re.compile(r"\b(?:notic|observ|discover|realiz|realis|claim|show|prov|argu|believ|suggest|stat|"
                            r"found|said|say|know|knew|think|thought|heard|hear|mean|read|figured)\w*\s+$",
                            re.IGNORECASE)
# "this"/"that" with a noun and what it is about: "that law about how often words show up".
_DESCRIBED_ANEW = re.compile(r"\s+[a-z-]+\s+(?:about|where|which|whose|that)\b", re.IGNORECASE)
# "ok back to it, kohonen nets?": the "it" of an idiom points nowhere (a later one still may).
_RESUMING = re.compile(r"\b(?:back|get|getting|down) to it$", re.IGNORECASE)


# "back to the first thing i asked", "my first question", "what i asked first": the conversation's
# first turn; "the one i asked about before that", "the earlier one": the one before the last.
_FIRST_TURN = re.compile(r"\b(?:(?:the|my) (?:very )?(?:first|original|earliest) (?:thing|question|topic|one)"
                         r"(?: (?:i|we) (?:asked|talked|started|brought|mentioned)\w*(?: about| with| up)?)?"
                         r"(?: today)?"
                         r"|what (?:i|we) (?:asked|talked about|started with) (?:first|at first|originally))\b",
                         re.IGNORECASE)
_TURN_BEFORE = re.compile(r"\b(?:the (?:one|thing|topic|question) (?:i|we) (?:asked|talked|mentioned)\w*(?: about)? "
                          r"before (?:that|this|it)|the earlier (?:one|thing|topic|question))\b", re.IGNORECASE)


def earlier_turn(question: str, history: Sequence[Turn]) -> tuple[Turn, re.Match[str]] | None:
    """The earlier turn about course topics a question goes back to, past the last one, and the
    words that say so; None when it goes back to none."""
    on_course = [turn for turn in history if turn.intent in ("answer", "quiz") and turn.topic_ids]
    if (found := _FIRST_TURN.search(question)) and on_course:
        return on_course[0], found
    if (found := _TURN_BEFORE.search(question)) and len(on_course) > 1:
        return on_course[-2], found
    return None


def find_reference(question: str) -> re.Match[str] | None:
    """The word that points back: the first, except that "they" beside an "it" is people, and
    "it" the topic ("why do they scale it?", "how do they train it?")."""
    found = [m for m in REFERENCE.finditer(question) if not _RESUMING.search(question[:m.end()])]
    if len(found) > 1 and found[0].group(0).lower() == "they":
        return next((m for m in found[1:] if m.group(0).lower() in ("it", "its", "it's")), found[0])
    return found[0] if found else None


def find_loose_reference(question: str) -> re.Match[str] | None:
    """A bare "this"/"that" that may point back; not the "that" of a relative clause after a noun
    ("the part that uses the gradients", "a layer that normalizes") or of what someone noticed or
    said ("who noticed that a few words ..."); nor one that opens a thing described anew ("that law
    about how often words show up")."""
    return next((m for m in _LOOSE_REFERENCE.finditer(question)
                 if not (m.group(0).lower() == "that" and (_BEFORE_RELATIVE.search(question, 0, m.start())
                                                          or _BEFORE_CLAUSE.search(question, 0, m.start())))
                 and not _DESCRIBED_ANEW.match(question, m.end())), None)


def substitute(question: str, reference: re.Match[str], title: str) -> str:
    word = reference.group(0).lower()
    if word == "which" or word.startswith("which "):  # "which is better before ...", "which version is fastest"
        return f"{question[:reference.end()]} of {title}{question[reference.end():]}"
    if word.endswith((" one", " ones")) and word not in ("that one", "this one"):  # "which one is better for ..."
        return f"{question.rstrip(' ?.!')} ({title})?"
    if word.startswith("the same "):  # "is the int8 trick the same idea": as the topic, not the topic
        return f"{question[:reference.end()]} as {title}{question[reference.end():]}"
    replacement = f"{title}'s" if word in ("its", "their") else title
    if word in ("it's",):
        replacement = f"{title} is"
    return f"{question[:reference.start()]}{replacement}{question[reference.end():]}"


# "who proposed it?" then "what was his job": "he" is the person the last answer named, so the
# question is about the topic they made.
_PERSON = re.compile(r"\b(?:he|him|his|she|her|he's|she's)\b", re.IGNORECASE)
_ASKED_WHO = re.compile(r"\bwho\b|\b(?:invent|propos|introduc|came up|come up|discover|author|wrote|written)",
                        re.IGNORECASE)


def about_its_maker(question: str, earlier: Turn) -> bool:
    """Whether `question` asks about the person the answer to `earlier` named."""
    return (earlier.intent == "answer" and _PERSON.search(question) is not None
            and _ASKED_WHO.search(earlier.question) is not None)
