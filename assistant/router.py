"""Routing a request: the rules of `assistant.intents` and the meaning model of
`assistant.intent_model`, together.

The rules are precise where they fire (injections are always refused; "quiz me on week 5" is a
quiz); the meaning model decides the phrasings no rule lists. A request the rules read as a
question goes elsewhere only when its nearest examples agree clearly, so a question that merely
contains "test" or "review" stays a question.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path

from assistant import topics, weeks
from assistant.asides import without_asides
from assistant.intent_model import IntentModel, IntentVote
from assistant.intent_phrasings import PREREQUISITE
from assistant.intents import Intent, as_meant, requested_count, route, week_mentions
from assistant.terms import specialist_stems
from assistant.terse import expand_shorthand
from assistant.topics import TopicMatcher
from assistant.wording import in_plain_words, without_notation
from core.course import Course
from core.text import as_typed, fix_typos, unstretched, words, zipf
from ingest.embedding import EmbedMany

# The meaning model overrules the rules' "answer" only with this probability...
OVERRULE_CONFIDENCE = 0.5
# A question that names a week ("In the LLMs week, who created Bard?") reads much like a
# syllabus request; one the course answers this well (retrieval's scope score) stays a question.
COURSE_QUESTION_SCORE = 0.5
# ...and when the closest examples mostly say so too: the regression alone sent "is squeeze the
# same as reshape?" to a quiz, though every close example was a question.
OVERRULE_AGREEMENT = 0.5
# ...and when the request is close to an example at all (unusual text votes noisily).
OVERRULE_NEAREST = 0.45
# ...and another command's rule (a "week 4 quiz" asked about as a score) only when it is surer.
OVERRULE_COMMAND_CONFIDENCE = 0.8
COMMANDS = {"quiz", "syllabus", "progress", "review"}
# A rule's command becomes a question only when the model is this sure and the course answers
# it well: "what are the weak points of CNNs?" is not "where am I weak?".
OVERRULE_TO_QUESTION = 0.8
# A request the rules read as a question, but the meaning model as a command at least this
# surely, is that command when the course has nothing to answer it with: "when does this get to
# the GPT models, which week?" names a topic, so it stays a question, but no passage answers it.
COMMAND_OTHERWISE = 0.65
# "is that one later in the course?": where a topic sits, though it names the topic as a question would.
_IN_THE_COURSE = re.compile(r"\b(?:in|of) (?:the|this) (?:course|syllabus|checklist|curriculum)\b", re.IGNORECASE)
# "... someone said gradient accumulation fixes this. which week covers it?", "is it in the CNN
# models week or the other architectures week?", "he init week?": whatever came before, the last
# sentence asks where something sits, and that is the request.
_WHERE_LAST = re.compile(r"(?:^|[.?!:\])>]\s*)(?:(?:so|and|but|ok|okay)\W+)?(?:(?:which|what) weeks?\b|"
                         r"(?:is|are) (?:it|that|this|they|these|those)(?: \w+)? in (?:the |this |which )?"
                         r"(?:course|syllabus|[\w-]+(?: [\w-]+){0,2} week)\b|(?:[\w'-]+ ){1,4}weeks?\s*\?+\s*$)"
                         r"[^.?!]*[.?!]*\s*$", re.IGNORECASE)
# "it only does yes/no classification, right?": a claim the student wants confirmed asks a
# question, though its words ("yes/no", "true or false") read like a quiz's.
_CONFIRMING = re.compile(r"[,\s](?:right|correct|true|yes|no|yeah|isn'?t it|aren'?t they|doesn'?t it|don'?t they)"
                         r"\s*\?+\s*$", re.IGNORECASE)
# "i have a question about dropout", "quick q on kaiming": the student announces a question of
# their own, which is no request for quiz questions ("give me a question on dropout").
_SMALL = r"(?:quick|small|short|simple|little|tiny)"
_ANNOUNCED = re.compile(rf"^\W*(?:(?:hey|hi|ok|okay|so|um+)\W+)?(?:(?:(?:i|we) (?:have|had|got)|i'?ve got|got|just) "
                        rf"(?:a |one )?(?:{_SMALL} )?|(?:a )?{_SMALL} )"
                        r"(?:q|qn|question|doubt)(?= (?:on|about|regarding|re)\b)", re.IGNORECASE)

# A word English seldom writes (wordfreq's Zipf scale) and the course never uses: "fungerar",
# "uitleggen", "kuhusu" in a question mixed with another language.
UNREAD_ZIPF = 2.5
# The meaning model learnt English requests: when at least this share of a request's words are
# unread to it, and it names a course topic ("Hur fungerar en vision transformer?"), its reading
# of another subject is the other language's, not the request's.
UNREAD_SHARE = 0.25
# "how did i do on X compared to pooling", "am i better at cnns or gans": the student's results,
# however much the words name the course.
_MY_RESULTS = re.compile(r"\b(?:how (?:did|have|am) i (?:do|done|doing|score|scored|perform|performed|fare|fared)|"
                         r"(?:did|do|have) i (?:mess|miss|fail|get|got)|"
                         r"(?:i )?(?:haven'?t|have not|never) (?:got|gotten|get)|"
                         r"(?:am i|i am|i'm|im) (?:better|worse|stronger|weaker))\b", re.IGNORECASE)


@dataclass(frozen=True)
class Routed:
    intent: Intent
    vote: IntentVote | None = None  # the meaning model's reading, when it was consulted
    review: bool = False  # a progress request about what is due for review
    # The command the meaning model read, for a request kept as a question: what it is when the
    # course cannot answer it as one (see COMMAND_OTHERWISE).
    otherwise: Intent | None = None
    # A question naming a course topic in words largely of another language (see UNREAD_SHARE): the
    # meaning model's vote was set aside, and the topic it names is what it asks about.
    another_language: bool = False

    def as_otherwise(self) -> Routed:
        """This request routed as its `otherwise` command."""
        assert self.otherwise is not None
        return Routed(self.otherwise, self.vote, review=self.vote is not None and self.vote.label == "review")


@cache
def masking_code() -> bytes:
    """The source of what masks a request (the topic and week readers, and this module)."""
    return b"".join(Path(module.__file__ or "").read_bytes() for module in (topics, weeks, sys.modules[__name__]))


class Router:
    def __init__(self, course: Course, matcher: TopicMatcher, embed: EmbedMany, model_id: str,
                 cache_dir: Path | None = None, vocabulary: frozenset[str] = frozenset()) -> None:
        """`vocabulary` is the course's words: a word English never writes is read as a typo of
        a common English word ("tpoic") for the vote, unless the course uses it ("Xception")."""
        self.course = course
        self._vocabulary = vocabulary
        self.matcher = matcher
        self._embed = embed
        self._model_id = model_id
        self._cache_dir = cache_dir

    @cached_property
    def model(self) -> IntentModel:
        """Trained on the examples as masked for this course, by this version of the masking: a
        model kept beside an index from before an upgrade that masks otherwise is not reused."""
        mask_key = hashlib.sha256(self.course.model_dump_json().encode() + masking_code()).hexdigest()
        return IntentModel(self._embed, self._model_id, self._cache_dir, mask=self.mask, mask_key=mask_key)

    @cached_property
    def _sorted_vocabulary(self) -> list[str]:
        return sorted(self._vocabulary)

    def mask(self, text: str) -> str:
        """`text` with every course topic it names replaced by "X" and every week by "week 5":
        "test me on dropout" and "test me on the CNN week" then look like the examples they
        match in intent, not like questions about dropout or CNNs."""
        spans = [(m.start, m.end, "week 5" if m.explicit else "X") for m in week_mentions(text, self.course)]
        for topic in self.matcher.named(text):  # two titles found in one phrase are masked once
            if not any(s < topic.end and topic.start < e for s, e, _ in spans):
                spans.append((topic.start, topic.end, "X"))
        lowered = text.lower()
        for start, end, placeholder in sorted(spans, reverse=True):
            lowered = f"{lowered[:start]}{placeholder}{lowered[end:]}"
        return lowered

    def question_vote(self, text: str) -> IntentVote:
        """The meaning model's reading of `text` alone (no rules): is it a course question?"""
        return self.model.vote(self._embed([self.mask(fix_typos(text, self._sorted_vocabulary))])[0])

    def _unread(self, word: str) -> bool:
        """A word English seldom writes and the course never uses (see UNREAD_ZIPF)."""
        return zipf(word) < UNREAD_ZIPF and word not in self._vocabulary

    def largely_unread(self, text: str) -> bool:
        """At least UNREAD_SHARE of the text's words, and two or more, are unread to the meaning model."""
        said = [word for word in words(text) if word.isalpha()]
        unread = sum(map(self._unread, said))
        return unread >= 2 and unread >= UNREAD_SHARE * len(said)

    def _in_another_language(self, text: str) -> bool:
        """A request naming a course topic in words largely of another language: in the course's
        words ("max pooling" for MaxPool; no typo of a title, "kochen" is no Kohonen), one of them
        a specialist word ("laptop" names the Laptops topic, but says nothing in any language)."""
        return self.largely_unread(text) and any(
            not any(map(self._unread, words(text[m.start:m.end]))) and specialist_stems(text[m.start:m.end])
            for m in self.matcher.named(text))

    def as_meant(self, text: str) -> str:
        """`text` with chat shorthand written out ("avg", "params", "init"), in the words the course
        uses ("module 4" is week 4, `assistant.wording`), and spelt right when a typo hides the
        request it makes (`assistant.intents.as_meant`)."""
        # "@bot", "as bullet points": not what is asked; "pleeease" is "please"
        said = without_asides(unstretched(as_typed(text)), self._vocabulary)
        plain = in_plain_words(expand_shorthand(without_notation(said, self._vocabulary), self._vocabulary),
                               self._vocabulary)
        return as_meant(plain, self.course, self.matcher, self._sorted_vocabulary)

    def _as(self, ruled: Intent, kind: str, text: str) -> Intent:
        count = requested_count(text, self.course) if kind == "quiz" else None
        return ruled.as_kind(kind, count)  # type: ignore[arg-type]

    def route(self, text: str, corrected: str | None = None,
              strength: Callable[[str], float] = lambda text: 0.0) -> Routed:
        """The intent of `text`. The spelling-corrected form (`corrected`, from retrieval) is used
        only for a week the text misspells ("the secnd week"): correcting the request itself
        against the course's vocabulary turns "show the table of contents" into nonsense."""
        ruled = route(text, self.course, self.matcher)
        if corrected and ruled.named_week is None:
            weeks = [m for m in week_mentions(corrected, self.course) if m.explicit]
            if weeks and 1 <= weeks[0].week <= len(self.course.weeks):
                week = weeks[0].week
                ruled = replace(ruled, week=week if ruled.kind != "answer" else ruled.week,
                                named_week=week)
        if ruled.kind == "out_of_scope":  # an injection: the rules' word is final
            return Routed(ruled)
        vote = self.question_vote(text)
        abroad = ruled.kind == "answer" and self._in_another_language(text)
        if abroad and vote.label == "out_of_scope":
            return Routed(ruled, another_language=True)
        if ruled.kind == "answer" and vote.label == "quiz" and (_CONFIRMING.search(text) or _ANNOUNCED.match(text)):
            return Routed(ruled, vote)
        kind = "progress" if vote.label == "review" else vote.label
        sure = vote.nearest >= OVERRULE_NEAREST
        if (ruled.kind == "answer" and vote.label in COMMANDS and sure and vote.confidence >= OVERRULE_CONFIDENCE
                and vote.agreement >= OVERRULE_AGREEMENT
                and (vote.label != "syllabus" or strength(text) < COURSE_QUESTION_SCORE or _WHERE_LAST.search(text))):
            return Routed(self._as(ruled, kind, text), vote, review=vote.label == "review")
        if (ruled.kind != "answer" and vote.label in COMMANDS and kind != ruled.kind and sure
                and vote.confidence >= OVERRULE_COMMAND_CONFIDENCE
                and not (vote.label == "quiz" and _CONFIRMING.search(text))  # "both in week 1, right?"
                and not (ruled.kind == "progress" and _MY_RESULTS.search(text))):  # "i never get those right"
            return Routed(self._as(ruled, kind, text), vote, review=vote.label == "review")
        if (ruled.kind in ("progress", "syllabus") and vote.label == "answer" and sure
                and vote.confidence >= OVERRULE_TO_QUESTION and strength(text) >= COURSE_QUESTION_SCORE
                and not (ruled.kind == "syllabus" and (_IN_THE_COURSE.search(text) or PREREQUISITE.search(text)
                                                       or _WHERE_LAST.search(text)))
                and not (ruled.kind == "progress" and _MY_RESULTS.search(text))):
            return Routed(ruled.as_kind("answer", None), vote)
        otherwise = (self._as(ruled, kind, text) if ruled.kind == "answer" and vote.label in COMMANDS and sure
                     and vote.confidence >= COMMAND_OTHERWISE else None)
        return Routed(ruled, vote, review=ruled.kind == "progress" and vote.label == "review", otherwise=otherwise,
                      another_language=abroad)
