"""Follow-ups that are not a question of their own: ellipses ("why?", "go on", "tl;dr", "in
simpler words"), clarifications ("what do you mean by chain rule?") and acknowledgements
("ok got it", "thanks!"), which must not be bent into the last topic.

Split from `assistant.followup` (references back): these shapes are read from their words
alone, whatever the course, so the lists below are English, not course, vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# Words a pure ellipsis is made of; at least one of ELLIPSIS_CUES must be among them.
ELLIPSIS_CUES = frozenset("""example examples drawback drawbacks disadvantage disadvantages downside
downsides advantage advantages benefit benefits pros cons limitation limitations weakness weaknesses
strength strengths use uses used usage application applications applied invented inventor proposed
introduced created developed who when where why how more detail details elaborate simpler simply
simple again else intuition intuitively formula math equation equations code implement
implementation implemented work works working problem problems solve solves solved purpose
important matter matters summary summarize summarise eli5 analogy difference alternative
alternatives compare compared comparison history origin origins paper papers mean meaning
means significance idea ideas continue go going keep expand deeper further tl dr tldr shorter
short plainer plain easier layman words all then steps step stages types variants components parts
properties assumptions requirements hyperparameters parameters inputs outputs five 5 kid child beginner
simplify clarify rephrase reword help helps helpful useful need needed good year faster slower bigger smaller
cheaper quicker larger""".split())
FILLER = frozenset("""a an the and but so ok okay cool great thanks thank hmm hm also then now
please can could would will you me us i give show tell explain describe write provide share some
any other another what whats what's which is are was were do does did it its of for to in on with
about bit little further that this please more some kind sort really exactly briefly quick quickly
in terms say like i'm im one real world practical life gimme lemme pls plz u ur or something stuff by
though much""".split())
WORD = re.compile(r"[a-z0-9']+")
MAX_ELLIPSIS_WORDS = 8
# "ok got it", "thanks!", "makes sense", "cool, I see": the student acknowledges; nothing to look up.
_ACKNOWLEDGEMENT = re.compile(
    r"^\s*(?:(?:ok(?:ay)?|cool|great|nice|perfect|awesome|alright|right|sure|yes|yeah|yep|no|nope|"
    r"thanks?(?: you)?(?: (?:so|very) much)?|thx|ty|cheers|got it|i (?:see|get it|understand)|"
    r"understood|good (?:morning|afternoon|evening)|makes sense|that makes sense|that helps|"
    r"that's (?:clear|helpful|great)|good|fine|hello|hi|hey|bye|goodbye|then)[\s,.!]*)+$", re.IGNORECASE)
_GREETING = re.compile(r"^\s*(?:hello|hi|hey|good (?:morning|afternoon|evening))\b", re.IGNORECASE)
# "what do you mean by chain rule?", "wait, what does 'vanishing gradient' mean?": a term of the
# last answer, asked about within its topic.
_CLARIFICATION = re.compile(
    r"^\s*(?:wait|sorry|hmm|hm|ok|okay|and|so)?[\s,.]*(?:what do you mean by|what did you mean by|"
    r"what does|what do)\s+['\"]?(?P<term>[^?'\"]+?)['\"]?(?:\s+(?:mean|means|stand for))?(?:\s+here)?"
    r"\s*[?.!]*\s*$", re.IGNORECASE)
_MEAN_BY = re.compile(r"\bmean by\b|\bmean(?:s)?(?: here)?\s*[?.!]*\s*$|\bstand for\b", re.IGNORECASE)
# A bare question word: "how?" is "how does X work?", not "how about X?" (a suggestion).
_BARE = {"how": "how does {title} work?", "why": "why is {title} used?", "when": "when is {title} used?",
         "where": "where is {title} used?", "who": "who introduced {title}?"}
# "what year?", "in which year", "year?": when the topic came.
_YEAR = re.compile(r"^\s*(?:(?:in )?(?:what|which) )?year\s*[?.!]*\s*$", re.IGNORECASE)
# "aka?", "also called what", "any other names?": the topic's other names.
_ALIAS = re.compile(r"^\s*(?:and |so |ok |okay )?(?:aka|a\.k\.a\.?|also (?:called|known as)(?: what)?|any other names?|"
                    r"(?:what(?:'s| is| else is) (?:it|that|this) )?(?:also |otherwise )(?:called|known as))"
                    r"\s*[?.!]*\s*$",
                    re.IGNORECASE)
# "so what?", "and?", "meaning?", "why should I care?": why the topic just explained matters.
_SO_WHAT = re.compile(r"^\s*(?:(?:ok(?:ay)?|hmm|hm|right|well)[\s,.]+)?(?:so what|and so|so|and|meaning|"
                      r"what of it|why should i care|what'?s the point|why does (?:it|that|this) matter|"
                      r"why (?:is|would) (?:it|that|this) (?:matter|important|relevant))\s*[?.!]*\s*$",
                      re.IGNORECASE)
# "go on", "and then?", "more please", "keep going": a continuation, whatever its words.
_CONTINUATION = frozenset("""go on continue keep going more and then please say expand elaborate further
ok okay so""".split())


# "sorry to bug you again, but", "apologies if this is a dumb question", "i hate to bother you but":
# an apology for asking, before the request.
_APOLOGY = (r"(?:(?:so |really |very )?sorry|apologies|(?:i'?m|i am) (?:so |really )?sorry|forgive me|pardon me|"
            r"excuse me|i hate to (?:bug|bother|trouble) (?:you|u)(?: again)?)"
            r"(?: (?:to|for) (?:bug|bother|trouble|disturb|pester|annoy)(?:ing)? (?:you|u)(?: again| once more)?"
            r"| if (?:this|that|it) (?:is|'s|sounds|seems) (?:a |an |too |really |super )?"
            r"(?:dumb|stupid|silly|basic|naive|obvious|noob|beginner)(?: question| one)?"
            r"| for (?:the |all the |so many |all these |these )?(?:questions|bother|trouble|spam))?(?:[\s,.!]+but)?")
# "ok and adagrad, when was it published?", "nah jk. quiz me on ...", "bot. week 7 quiz", "back to it -": words that
# open a turn of a chat and say nothing of what is asked (a reply to the last answer, not part of the request).
_OPENER = re.compile(rf"^\s*(?:(?:{_APOLOGY}|ok(?:ay)?|alright|cool|great|nice|thanks|thank you(?: kindly)?|thx|"
                     r"hmm+|hm|well|nah|jk|lol|sorry|oh|ah|yeah|yep|got it|i see|um+|uh+|erm|where was i|bot|anyways?|"
                     r"(?:but |ok |okay |anyway )?back to (?:it|the course|studying|work|business|the topic|dl|"
                     r"deep learning))(?:[\s,.!:-]+|$))+", re.IGNORECASE)
MIN_REQUEST_WORDS = 2  # what is left once the opener is gone, or the turn is kept whole ("ok thanks")


def without_opener(question: str) -> str:
    """The request without the chat words that open it: "when was it published?" of "ok and
    adagrad, when was it published?" reads as a course question, not as chit-chat."""
    rest = _OPENER.sub("", question, count=1)
    return rest if rest != question and len(WORD.findall(rest.lower())) >= MIN_REQUEST_WORDS else question


def is_acknowledgement(question: str) -> bool:
    return bool(_ACKNOWLEDGEMENT.match(question))


def is_greeting(question: str) -> bool:
    return is_acknowledgement(question) and bool(_GREETING.match(question))


def is_ellipsis(question: str) -> bool:
    """Made only of follow-up words ("any downsides?", "go on", "tl;dr"), at least one a cue, or
    asking why it matters ("so what?", "and?")."""
    return bool(_SO_WHAT.match(question) or _ALIAS.match(question)) or (
        only_follow_up_words(question) and any(t in ELLIPSIS_CUES for t in WORD.findall(question.lower())))


def only_follow_up_words(text: str) -> bool:
    """Short, and no word of its own subject: only filler and follow-up cues ("what does do")."""
    tokens = WORD.findall(text.lower())
    return 0 < len(tokens) <= MAX_ELLIPSIS_WORDS and all(t in FILLER or t in ELLIPSIS_CUES for t in tokens)


# What a fragment may not hold: a question word, a verb-like helper or a person, which make it a
# question of its own ("who painted the mona lisa", "is it raining").
_NOT_IN_A_FRAGMENT = frozenset("""what whats what's who whom whose when where why how which is are was were
do does did can could should would will shall may might i you me my we he she they it this that these
those""".split())
_ASKS_ITS_OWN = frozenset("who whom whose when where why how which".split())
_QUESTION_WORD = _ASKS_ITS_OWN | frozenset("what whats what's".split())
_PERSONS = frozenset("i you me my we he she they it this that these those".split()) & _NOT_IN_A_FRAGMENT
_LEADING = frozenset("and so ok okay but or also hmm hm well then".split())
_PREPOSITIONS = frozenset("in on for with without at by from into under over during vs versus".split())
# Aspect nouns: "a worked example", "an example with a spam filter", "real-world applications".
_ASPECTS = frozenset("""example examples drawback drawbacks disadvantage disadvantages downside downsides
advantage advantages benefit benefits limitation limitations application applications options
alternatives intuition analogy formula equation code implementation summary""".split())
# What a terse question asks of any topic: "what decade", "which hardware", "how many params".
_ATTRIBUTES = frozenset("""year years decade date released release published invented introduced author authors
inventor inventors creator creators company lab size parameters params layers depth speed accuracy cost memory
hardware gpu gpus cpu license language dataset datasets version versions many much big long old fast large
small heavy heavier light lighter made created built developed designed proposed wrote written""".split())
MAX_FRAGMENT_WORDS = 3  # "the constants?", "in keras?", "on a phone?"
MAX_ASPECT_MODIFIERS = 2  # "a worked example", "an example with a spam filter or something"


@dataclass(frozen=True)
class Fragment:
    """A follow-up that is not a sentence, and its own words. An aspect ("a worked example?")
    or a qualifier ("in keras?", "at test time?", "supervised or not?") asks about a topic whatever its words; a bare
    phrase ("the constants?") may also be a terse new subject ("backpropagation"); a terse
    question ("released when", "which hardware") asks what one asks of any topic."""

    words: list[str]
    kind: Literal["aspect", "qualifier", "phrase", "asked"]


_PROPERTY_ENDINGS = ("ed", "able", "ible")
PROPERTY_MIN = 5  # letters: "used?" or "fed?" says too little to be a property


def fragment(question: str) -> Fragment | None:
    """The fragment `question` is, if it is one: a phrase of a few words with no question word,
    helper verb or person in it, or an aspect with a few words of its own ("an example with a
    spam filter or something"); None for anything else, a question of its own included."""
    tokens = WORD.findall(question.lower())
    while tokens and tokens[0] in _LEADING:
        tokens = tokens[1:]
    whether = tokens[-2:] == ["or", "not"]  # "supervised or not?": whether the topic is
    if whether:
        tokens = tokens[:-2]
    # ...and so does a property alone: "supervised?", "differentiable?"
    whether = whether or (len(tokens) == 1 and question.rstrip().endswith("?") and len(tokens[0]) > PROPERTY_MIN
                          and tokens[0].endswith(_PROPERTY_ENDINGS))
    own = [t.removesuffix("'s") for t in tokens  # "baidu's one": Baidu's
           if t not in FILLER and t not in ELLIPSIS_CUES and t not in _PREPOSITIONS]
    if any(t in _ASPECTS for t in tokens):
        if any(t in _ASKS_ITS_OWN for t in tokens) or not 0 < len(own) <= MAX_ASPECT_MODIFIERS:
            return None
        return Fragment(words=own, kind="aspect")
    if not own or len(tokens) > MAX_FRAGMENT_WORDS:
        return None
    if any(t in _NOT_IN_A_FRAGMENT for t in tokens):
        # "released when", "what decade", "which is lighter": a question word and what one asks of
        # any topic, no one and nothing pointed at; the subject left out is the one talked about
        asked = (any(t in _QUESTION_WORD for t in tokens) and not any(t in _PERSONS for t in tokens)
                 and all(word in _ATTRIBUTES for word in own))
        return Fragment(words=own, kind="asked") if asked else None
    return Fragment(words=own, kind="qualifier" if whether or tokens[0] in _PREPOSITIONS else "phrase")


def complete_fragment(question: str, title: str) -> str:
    """The fragment with its topic: "SeLU: the constants?", "Pooling Layers: in keras?"."""
    return f"{title}: {question.strip(' ?.!')}?"


def complete_ellipsis(question: str, title: str) -> str:
    """The ellipsis with the topic it leaves out: "any downsides about SeLU?", "how does SeLU work?"."""
    bare = question.strip(" ?.!").lower()
    if _SO_WHAT.match(question):
        return f"why does {title} matter?"
    if _ALIAS.match(question):
        return f"what else is {title} called?"
    if _YEAR.match(question):
        return f"when was {title} introduced?"
    if bare in _BARE:
        return _BARE[bare].format(title=title)
    if all(t in _CONTINUATION for t in WORD.findall(bare)):
        return f"tell me more about {title}"
    return f"{question.rstrip(' ?.!')} about {title}?"


def clarification_term(question: str) -> str | None:
    """The term a clarification asks about ("chain rule" in "what do you mean by chain rule?")."""
    found = _CLARIFICATION.match(question)
    if found is None or not _MEAN_BY.search(question):
        return None
    term = found.group("term").strip()
    words = WORD.findall(term.lower())
    if not words or len(words) > 4 or all(w in FILLER for w in words):  # "what does it mean?"
        return None
    return term


# "and the layer version?", "the probabilistic kind of it", "what's the mini-batch flavour of that?":
# a variant of the topic before, named by the word that sets it apart ("layer normalization").
_VARIANT = re.compile(r"\bthe (?P<mark>[\w-]+(?: [\w-]+)?) (?:version|kind|variant|variation|flavou?r)s?"
                      r"(?: of (?:it|that|this|them|those))?(?! of\b)\b", re.IGNORECASE)
# "the version for rnns", "the variant used in detection": a variant by what it is for.
_VARIANT_FOR = re.compile(r"\bthe (?:version|kind|variant|variation|flavou?r)s? (?:for|used (?:for|in|with)|in|with) "
                          r"(?!(?:it|that|this|them|those|the|a|an|my|our)\b)(?P<mark>[\w-]+(?: [\w-]+)?)",
                          re.IGNORECASE)
# Words that pick one of several ("the other kind", "the first version"), not a variant's mark.
_NOT_A_MARK = frozenset("""same other first second third last latter former previous earlier next original
new newer old older whole full right wrong main most common usual standard basic simple simplest this that
which what any another one two week wk""".split())


def variant_of(question: str, title: str) -> str | None:
    """ "and the layer version?" after Normalization: "and layer Normalization?"; "the version for
    rnns" after Backpropagation: "Backpropagation for rnns"; None when the question asks for no
    variant, or picks one by order ("the other kind", "the first version")."""
    if (used := _VARIANT_FOR.search(question)) is not None:
        return f"{question[:used.start()]}{title} for {used.group('mark')}{question[used.end():]}"
    found = _VARIANT.search(question)
    if found is None or any(w in _NOT_A_MARK for w in WORD.findall(found.group("mark").lower())):
        return None
    return f"{question[:found.start()]}{found.group('mark')} {title}{question[found.end():]}"
