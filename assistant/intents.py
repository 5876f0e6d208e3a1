"""Deterministic request routing: what the student wants (answer, quiz, syllabus, progress) and
which week and topics the request is about.

Rules, not a model: the five intents are few and their phrasings regular, a rule is explainable
and instant, and a misroute is fixable by adding a pattern with a test. Whether a question is
outside the course is retrieval's call (it sees the material); routing only refuses requests
aimed at the assistant itself ("ignore your instructions", "reveal your system prompt").

Weeks are read by `assistant.weeks` (numbers, ordinals, titles, themes). A bare week title
scopes a quiz or a syllabus request, but not a question: "what is NLP?" asks about NLP, it does
not ask to search week 11 only; "what is dropout in the TensorFlow week?" does. Weeks and topics
are read in the phrase that asks, so one mentioned in passing does not scope the request.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from assistant.models import IntentKind
from assistant.request_subjects import IS_IN_COURSE, request_subject, subject_span
from assistant.topics import TopicMatch, TopicMatcher
from assistant.weeks import NUM, WeekMention, in_course, normalise, number, parse_week, week_mentions
from core.course import Course
from core.text import STOPWORDS, fix_typos, stem, words

__all__ = ["Intent", "WeekMention", "as_meant", "parse_week", "requested_count", "route", "week_mentions"]

_INJECTION = [re.compile(p) for p in (
    r"\b(?:ignore|disregard|forget|override|bypass)(?: \w+){0,3} (?:instructions?|rules|prompts?|guidelines|"
    r"directives|constraints|(?:previous|above|prior|earlier) (?:context|messages?))\b",
    r"\bsystem\s+(?:prompt|message|instructions?)\b",
    r"\b(?:reveal|print|show|display|repeat|output|leak|dump|tell me|give me|what (?:is|are))\b.{0,30}"
    r"\byour\b.{0,25}\b(?:prompt|instructions|rules|guidelines|configuration)\b",
    r"\b(?:jailbreak|developer mode|dan mode)\b",
    r"\b(?:reveal|print|show|repeat|dump|leak|tell me)\b.{0,40}\binstructions?\b.{0,30}\b(?:given|received|told)\b",
    r"\byou are now\b", r"\bpretend (?:to be|you are)\b", r"^\W*act as\b",
)]

_QUESTIONS = r"qu?e?st?i?o?ns?"  # "questions", and as typed in a hurry: "questons", "qustion"
# After "one more question on X", the question itself: ": why does it help?"
_GOES_ON_TO_ASK = r"[^?]*[:;,-]\s*(?:what|why|how|when|where|who|which|is|are|does|do|did|can|could|should)\b"
_QUIZ = [re.compile(p) for p in (
    r"\b(?:quiz|test|examine|drill|check|assess|challenge)(?:z?ing)? (?:me|us|myself)\b",  # "mind quizzing me"
    r"\b(?:be|get|getting|being) (?:tested|quizzed|examined|drilled)\b",  # "i want to be tested on X"
    r"^\W*(?:a |another )?quiz\b",
    r"\b(?:test|check|assess|evaluate) (?:my|our) (?:knowledge|understanding|skills?|learning|grasp|memory)\b",
    r"\b(?:give|make|create|generate|start|run|take|set|prepare|want|need|try|begin|write|build|get|"
    r"do|appreciate|like|love)(?: (?:to )?me| us)?(?: (?:a|an|another|some|the|one|new|quick|short|brief|small|"
    rf"little|mini|practice|random|{NUM})){{1,3}}(?:[- ]question)? (?:quiz|quizz|quizzes|test|exam|assessment)\b"
    r"(?! (?:set|data|accuracy|error|loss|statistic|time))",
    rf"\bask(?:ing)? (?:me|us) (?:some |a few |a couple of |(?:{NUM}) |more |other )?(?:stuff|things|something)\b",
    # the request is all there is: "one last question on backpropagation?" (not "one more question on
    # ReLU: why ...", which asks its own)
    r"^(?:[^?]*[,.;:!] )?(?:and |ok |okay |so )?(?:one|a|another) (?:last |final |more |quick )?question "
    r"(?:on|about) [^,:;?.!]{1,40}[?.!]*$",
    r"\b(?:give|ask|send|show|make|generate|create|write|prepare|set|get|want|need|throw|fire|pose|hit)(?: me| us)?"
    r"(?: (?:a|an|some|few|couple|dozen|handful|bunch|with|of|more|another|the|like|quick|short|practice|sample|"
    r"multiple[- ]choice|mcq|"
    r"review|quiz|test|exam|true[- ]or[- ]false|fill[- ]in[- ]the[- ]blanks?|open|easy|hard|difficult|"
    rf"simple|tricky|{NUM})){{0,5}} (?:{_QUESTIONS}|mcqs?|flashcards?|exercises|drills?)\b",
    # a count first: "5 qs on week 9", "a 7-question quiz on week 2", "three mcqs pls"
    # (not "one more question on dropout: why does it help?", which goes on to ask its own)
    rf"^\W*(?:{NUM}|a few|a couple of)(?: more| quick| short)? (?:{_QUESTIONS}|qs|mcqs?)\b(?!{_GOES_ON_TO_ASK})",
    rf"\b(?:{NUM})[- ](?:question|item) (?:quiz|test)\b", r"^\W*q'?s (?:on|about|for)\b",  # "q's on gd"
    r"\b(?:practice|quiz|exam|mcq|multiple[- ]choice|self[- ]test) questions\b",
    r"\bpracti[cs]e (?:on |with |for )?(?:the )?(?:weekref|weektitle)\b",
    # "the NLP quiz, please"; not "my NLP quiz is in two hours": the student's own quiz at school
    r"(?<!\bmy )(?<!\bour )\b(?:weekref|weektitle) quiz(?:zes)?\b", r"\bquiz(?:zes)?,? please\b", r"\bplease,? quiz\b",
)]

# How a quiz went is progress, though it names a quiz: "how did I do in the week 4 quiz?"
_RESULTS = [re.compile(p) for p in (
    r"\bhow (?:did|have) i (?:do|done|perform|performed|been doing|scored?)\b",
    r"\b(?:my|our) (?:progress|scores?|stats|statistics|results|mastery|performance|streak|"
    r"(?:quiz |study |learning )(?:history|record))\b",
    r"\b(?:questions?|ones|answers?) (?:did|have) i (?:miss|missed|get wrong|got wrong|fail|failed)\b",
    r"\b(?:did i get|(?:have i been|am i) getting) (?:the |my |those |these |all )?(?:\w+ )?"
    r"(?:questions?|answers?|quiz(?:zes)?|tests?)\b[^?.!]{0,60}\b(?:right|wrong|correct)\b",
    r"\b(?:did|have) i (?:get|got|gotten) (?:those|these|them|that|all|any|most)(?: of them| ones)? "
    r"(?:right|wrong|correct)\b",  # "... the sigmoid ones, did i get those right"
    # "tell me how badly i bombed the attention quiz", "how well did i do"
    r"\bhow (?:badly|well|bad|good) (?:did )?i (?:do|did|done|bombed|bomb|flunked|failed|scored|performed)\b",
    # before the quiz rules: "how am i doing on the week 3 quizzes", "did i already take the dropout quiz"
    r"\bhow (?:am i|are we|'?m i|is my \w+) (?:doing|doin'?|progressing|getting on|performing|going)\b",
    r"\b(?:have|did) i (?:already |ever |even |actually |really )?"
    r"(?:done|taken|took|take|finished|finish|completed|complete|passed|pass|"
    r"attempted|tried)\b[^?.!]{0,30}\b(?:quiz|quizzes|tests?)\b",
    # a score the student got: "got 30% on the week 2 quiz", "7/10 on the week 3 quiz"
    r"\b\d{1,3} ?(?:%|percent|/ ?\d{1,3}|out of \d{1,3})[^?.!]{0,30}\b(?:quiz|quizzes|tests?)\b",
    r"\bwhat (?:i|did i) (?:bombed|bomb|flunked|flunk|failed|fail|messed up|mess up|screwed up|screw up|blew)\b",
    # "show my mistakes" (not "quiz me on my mistakes")
    r"\b(?:show|list|see|review)(?: me)? (?:all )?my (?:mistakes|errors|wrong answers)\b",
)]
_PROGRESS = _RESULTS + [re.compile(p) for p in (
    r"\bprogress (?:report|so far)\b", r"^\W*(?:show |see |check )?(?:me )?(?:the )?progress\W*$",
    r"\bwhat (?:have|did) i (?:already )?(?:studied|study|learn|learned|learnt|covered|cover|completed|"
    r"complete|finished|finish|done|read|mastered)\b",
    r"\b(?:topics?|weeks?) (?:have |did )?i (?:already )?(?:studied|study|learned|learnt|covered|"
    r"completed|finished|mastered|done|read|got wrong|missed|failed)\b",
    r"\b(?:am i|i am|i'm|im) (?:(?:way|too|so|really|very|a bit|falling|far) ){0,3}(?:weak|weakest|bad|struggling|"
    r"strong|strongest|behind)\b",
    r"\bmy (?:worst|best|weakest|strongest) (?:weeks?|topics?|areas?|subjects?)\b",  # "whats my worst week"
    # a weak topic or week is the student's; weak points or spots are the student's only when
    # said so ("my weak points"): "the weak points of GANs" asks about GANs
    r"\b(?:my )?weak(?:est)? (?:topics?|areas?|weeks?)\b", r"\bmy weak(?:est)? (?:spots?|points?)\b",
    r"\b(?:what|which)(?: topics?| weeks?)? (?:should|do) i (?:review|revise|go over|revisit|study next|learn next|"
    r"focus on|work on|practi[cs]e)\b",
    r"\bdue for (?:review|revision)\b", r"\bwhat(?:'s| is) due\b",
    r"\bhow (?:much|far) (?:have i|am i|of the course)\b",
    r"\bh?o?w many \w+ (?:have i|did i|i have|i've)\b",
    # what is left to do: "remaining topics week 8", "topics I still haven't studied", "overdue"
    r"\b(?:remaining|unfinished|unstudied|outstanding) topics\b", r"\boverdue\b",
    r"\b(?:topics|weeks)\b[^?.!]{0,20}\b(?:left|remain)\b",
    r"\b(?:(?:i|we) (?:still )?(?:haven'?t|have not|didn'?t|did not|not yet|never)|haven'?t i|have i not|did i not)"
    r"(?: yet| actually)? (?:started|studied|done|finished|covered|read|learned|learnt|reviewed|completed|touched|"
    r"looked at|seen|opened)\b",
    r"\b(?:i|i've|did i) (?:got|gotten|get) wrong\b",
    r"\b(?:still (?:have to|need to|must|got to|to) (?:study|do|finish|cover|complete|learn)|(?:must|have to|need to) "
    r"(?:study|do|finish|cover|complete|learn)\b[^?.!]{0,25}\bstill)\b",
)]

# In the masked text the patterns below see, an explicit week mention reads "weekref" and a bare
# week title "weektitle": "describe week 5" asks for the syllabus, "describe the CNN" does not.
_W = "weekref"
_T = "(?:weekref|weektitle)"
_SYLLABUS = [re.compile(p) for p in (
    r"\bsyllabus\b",
    # where a topic sits: "which week talks about GANs", "in which week is attention covered"
    r"\b(?:which|what) weeks?(?: of (?:the|this) (?:course|checklist))? (?:is|are|was|were|has|have|covers?|talks?|"
    r"teach\w*|discuss\w*|includes?|explains?|"
    r"introduc\w*|mentions?|deals? with|starts?|begins?|brings? up|gets? to)\b",
    # where it sits in the order: "what comes just before dropout in the checklist"
    r"(?:\b(?:comes?|came|is)|\bwhat(?:'s|s)?) (?:right |just |directly |immediately )?(?:before|after)\b"
    r"[^?.!]{0,50}\b(?:in|on) (?:the|this|my) (?:order|checklist|course|syllabus|list|curriculum|plan|sequence|"
    r"outline)\b",
    # the order and what comes first: "should i do the NLP week before the LLM week", "does the order
    # matter", "what do i need before starting week 5"
    rf"\b{_T}\b[^?.!]{{0,20}}\b(?:before|after)\b[^?.!]{{0,10}}\b{_T}\b", r"\bdoes (?:the )?order (?:not )?matter\b",
    r"\bin (?:what|which) order\b[^?.!]{0,40}\b(?:weeks?|topics|course|modules|lessons|weekref|weektitle)\b",
    rf"\bbefore (?:i )?(?:start|starting|begin|beginning|doing|taking|tackling|moving (?:on )?to) (?:the )?{_T}\b",
    r"^\W*(?:and |so |ok )?(?:what(?:'s|s| is) )?(?:the )?next (?:topic|lesson|section|chapter)\W*$",  # "next topic?"
    r"\bprereq(?:uisite)?s?\b",  # "prereqs for the transposed conv?"
    # how big the course is: "how many weeks is this whole thing", "how long is the course"
    r"\bhow many (?:weeks|topics|lessons|modules|articles)\b", r"\bhow long is (?:the|this) (?:course|whole)\b",
    # "is there a week on reinforcement learning"
    r"\bis there (?:a|an|any) (?:week|lesson|section|part|module|chapter) (?:on|about|for|covering|with)\b",
    # "is GELU in week 2 or later?", "is that in week 4 too or elsewhere"
    rf"\b(?:is|are|was|were) [^?.!]{{1,40}}\b(?:in|from|part of) {_W}(?:\W*$|[^?.!]{{0,40}}\bor (?:later|earlier|"
    r"before|after|somewhere|elsewhere|another|a different|not)\b)",
    # "is that week 2 or week 5 stuff?", "are both in the same week?", "RetinaNet: week?"
    rf"\b(?:is|are|was|were) [^?.!]{{1,60}}\b{_W} or (?:in )?{_W}\b", r"\b(?:in|from) the same week\b",
    r"^\W*(?:[^:?.!]{1,60}: ?)?(?:which |what )?(?:week|wk)\W*$",
    # "does the course have anything about resnets? where?"
    r"\bcourse (?:has|have|got|contains?|includes?|covers?) (?:something|anything|stuff|a topic|a section|a part)\b",
    # "dropout comes up in two weeks, right?", "are these covered in different weeks"
    r"\b(?:shows? up|appears?|comes? up|turns? up|covered|taught|is|are|was|were) (?:in|across|over) "
    r"(?:two|three|2|3|different|separate|multiple|several|both) weeks\b",
    # "are there any lessons on dropout in week 8"
    rf"\b(?:is|are) there (?:a|an|any)\b[^?.!]{{0,40}}\b(?:topics?|lessons?|sections?|parts?|chapters?)\b[^?.!]{{0,15}}"
    rf"\b(?:in|on|during) (?:the )?{_T}",
    IS_IN_COURSE.pattern,  # whether the course has it: "is BERT in this course or not"
    # whether a week has it, or when it comes: "does week 4 include recall?", "is X taught before Y?"
    rf"^\W*(?:so |and |but )?(?:does|do|will) {_W} (?:include|cover|contain|have|mention|go over|talk about)\b",
    r"\b(?:taught|covered|introduced) (?:before|after)\b",
    r"\bin (?:which|what) week\b", r"\bwhere (?:in the course|in the syllabus|can i find|i can find)\b",
    r"\bcurriculum\b",
    r"\bwhere(?:'s| is| are| does| do)\b[^?.!]{0,40}\b(?:in|on) (?:the |this )?(?:course|syllabus|checklist)\b",
    r"\bwhere (?:does|do|will) (?:the|this) course\b",
    r"\btable of contents\b",
    r"\bcourse (?:outline|overview|structure|plan|contents?|topics)\b",
    r"\bwhat (?:does|will) (?:the|this) course (?:cover|teach|include|contain)\b",
    r"\bwhat (?:will|do|can|would) i learn (?:in|from|during) (?:the|this) course\b",
    r"\b(?:what|which) (?:topics|subjects|lessons|weeks) (?:are|will be|get|does|do)\b"
    r"(?: \w+)? ?(?:covered|taught|included|discussed|in|on|there|cover|have)\b",
    r"\blist (?:of |all |the )*(?:topics|weeks)\b",
    rf"\bwh?at(?: else| all| other)?(?:'s|s| is| are| will be)? (?:there )?"
    rf"(?:in|on|inside|covered in|taught in|included in) (?:the )?{_T}\b",
    rf"\b{_T}\b[^?.!]{{0,25}}\b(?:topics|overview|summary|outline|syllabus)\b",
    # "what is week 5 about?" asks for the syllabus; "what does week 5 say about GoogLeNet?" does not
    rf"\b{_W}\b[^?.!]{{0,25}}\b(?:about|cover|covers|covered|contain|contains|include|includes|consists?)"
    r"(?: of)?(?: in total| overall| exactly)?\W*$",
    rf"\b(?:outline|overview|summar\w*|recap|contents?|topics|rundown|breakdown|agenda|program(?:me)?)"
    rf"(?: of| in| from| for)?(?: the| all)? {_T}\b",
    rf"\b(?:describe|explain|tell me about|show(?: me)?|list|go over|walk me through|run me through)"
    rf"(?: the| all)?(?: topics (?:of|in|from|for))?(?: the)? {_W}\b",
    rf"\btopics\b[^?.!]{{0,30}}\b{_T}\b",
    # "what are all the things in week seven", "what stuff is in the LLMs week"
    rf"\bwhat(?:'s|s| is| are)? (?:all )?(?:the )?(?:things|stuff|material|content)\b[^?.!]{{0,15}}"
    rf"\b(?:in|on|for|from) (?:the )?{_T}\b",
    rf"^\W*(?:the )?{_W}\W*$",
    rf"\bwhat other [\w -]{{1,30}}? (?:are|is) (?:there )?(?:in|on|covered in|taught in) (?:the )?{_T}\b",
    rf"\bwhat (?:does |will )?(?:the )?{_W} (?:have|has|hold|holds)\b",
)]
# What follows a week is the next week's outline: "what comes after the CNN week", "finished
# week 8, what's up next?", "the week after week 3".
_NEXT_WEEK = [re.compile(p) for p in (
    rf"\b(?:comes?|coming|follows?|next) (?:right |straight |directly |immediately )?after (?:the )?{_T}",
    rf"\bwhat (?:comes|follows) (?:the )?{_T}",
    rf"\bthe week (?:right )?(?:after|following) (?:the )?{_T}",
    rf"\b{_T}\b[^?]{{0,60}}\bwhat(?:'s|s| is| comes)?(?: up)? next\b",
)]

# "three questions", "a 5-question quiz", "a couple of questions"
_COUNT = re.compile(rf"\b(?P<n>{NUM}|a couple|couple|a few|a dozen)(?: of)?(?: more)?(?: [a-z-]+){{0,3}}?"
                    rf"[ -](?:{_QUESTIONS}|qs|mcqs?|flashcards?|exercises|items|things|ones)\b")
_FUZZY_COUNTS = {"a couple": 2, "couple": 2, "a few": 3, "a dozen": 12}


@dataclass(frozen=True, kw_only=True)
class Intent:
    kind: IntentKind
    week: int | None = None  # the week the request is scoped to, read from the text
    topic_ids: list[str] = field(default_factory=list)  # topics the text names, best first
    count: int | None = None  # how many quiz questions were asked for
    week_out_of_range: int | None = None  # a week number outside the course was given
    named_week: int | None = None  # any week the text names, a bare week title included

    def as_kind(self, kind: IntentKind, count: int | None = None) -> Intent:
        """The same request read as another intent (the meaning model overrules the rules)."""
        week = self.week if kind in ("answer", "progress") else self.named_week
        return replace(self, kind=kind, week=week, count=count)


# Question words as chat spells them, too often for a typo fix to take them for typos ("wich" is
# seen more than many real words): the rules read them as the words they are.
_CHAT_SPELLINGS = {"wich": "which", "whic": "which", "wat": "what", "wut": "what", "wats": "whats"}
# Someone else's learning, as a parent or a tutor asks about it.
_LEARNER = re.compile(r"\b(?:he|she|my (?:son|daughter|kid|child|student))\b")
_FIRST_PERSON = {"i has": "i have", "i is": "i am", "i does": "i do", "has i": "have i", "is i": "am i",
                 "does i": "do i"}
_THIRD_PERSON_VERB = re.compile(r"\b(?:i (?:has|is|does)|(?:has|is|does) i)\b")
_CHAT_SPELLING = re.compile(rf"\b(?:{'|'.join(_CHAT_SPELLINGS)})\b")


def route(text: str, course: Course, matcher: TopicMatcher | None = None) -> Intent:
    """The intent of one request. Never raises: an out-of-range week is reported in the Intent.

    Each week and topic is read in the sentence it came from: the week of "just finished week 10!
    what does week 11 have in store?" is the one in the sentence that asks (11), and the topics of
    a quiz are those of its subject ("quiz me on X"), not ones mentioned in passing."""
    lowered = _CHAT_SPELLING.sub(lambda m: _CHAT_SPELLINGS[m.group(0)], normalise(text))
    if any(p.search(lowered) for p in _INJECTION):
        return Intent(kind="out_of_scope")
    matcher = matcher or _topic_matcher(course)
    named = matcher.named(lowered)
    mentions = _drop_inside_topics(week_mentions(lowered, course), named)
    masked, at = _mask(lowered, mentions)
    bad = next((m.week for m in mentions if m.explicit and not in_course(m.week, course)), None)
    valid = [(m, where) for m, where in zip(mentions, at, strict=True) if in_course(m.week, course)]
    topic_ids = [m.topic_id for m in named]

    def intent(kind: IntentKind, asking: re.Match[str] | None, **fields: object) -> Intent:
        scoped = _first(valid, masked, asking)  # explicit mentions first, then bare titles
        asked = _first([(m, w) for m, w in valid if m.explicit], masked, asking)  # a question only when told so
        week = asked if kind in ("progress", "answer") else scoped
        return Intent(kind=kind, week=week, week_out_of_range=bad, named_week=scoped, **fields)  # type: ignore[arg-type]

    studying = _as_the_student(masked)  # "how has he been doing in week 6": a parent asks for a child
    if (asking := _search(_RESULTS, masked)) or _search(_RESULTS, studying):
        return intent("progress", asking)
    if asking := _search(_QUIZ, masked):
        return intent("quiz", asking, topic_ids=_quiz_topics(lowered, named, [m for m, _ in valid]),
                      count=_count(masked))
    if (asking := _search(_PROGRESS, masked)) or _search(_PROGRESS, studying):
        return intent("progress", asking)
    if asking := _search(_NEXT_WEEK, masked):
        after = intent("syllabus", asking)
        following = (after.week or 0) + 1
        return replace(after, week=following, named_week=following) if after.week and in_course(following, course) \
            else after
    if asking := _search(_SYLLABUS, masked):
        # "I did dropout; which week has attention?" is about attention: the asking sentence's topics first
        sentence = _sentence_of(masked, asking.start())
        ordered = sorted(named, key=lambda t: _sentence_in(lowered, t.start, mentions) != sentence)
        return intent("syllabus", asking, topic_ids=[] if valid else [t.topic_id for t in ordered])
    return intent("answer", None, topic_ids=topic_ids)


def _as_the_student(masked: str) -> str:
    """A request about another learner's progress in the student's words ("how has he been
    doing" -> "how have i been doing", "should my son review" -> "should i review"), for the
    progress rules only (its positions are not the request's)."""
    text = _LEARNER.sub("i", masked)
    return _THIRD_PERSON_VERB.sub(lambda found: _FIRST_PERSON[found.group(0)], text)


def _search(patterns: list[re.Pattern[str]], masked: str) -> re.Match[str] | None:
    return next((m for p in patterns if (m := p.search(masked))), None)


def as_meant(text: str, course: Course, matcher: TopicMatcher, keep: Sequence[str]) -> str:
    """`text` spelt right when a typo hides what it asks for ("qiuz me on thoes", "do a tset on
    attention" read as questions about the typo; "test me on everythin" as a quiz on "everythin"),
    else as written: the course's words (`keep`, sorted) and a question that stays a question are
    never rewritten."""
    kind = route(text, course, matcher).kind
    if kind == "out_of_scope" or (corrected := fix_typos(text, keep)) == text:
        return text
    if kind == "answer":
        return corrected if route(corrected, course, matcher).kind not in ("answer", "out_of_scope") else text
    hidden = kind == "quiz" and request_subject(text) and not request_subject(corrected)
    return corrected if hidden and route(corrected, course, matcher).kind == kind else text


def _quiz_topics(lowered: str, named: list[TopicMatch], weeks: list[WeekMention]) -> list[str]:
    """The topics a quiz is on: those of its subject when it names one ("I get ReLU, but quiz
    me on GELU" -> GELU), else every topic named; a topic inside a week's title ("test me on
    CNN models", week 5) is the week's word, not a subject, and one inside a longer (or better)
    match of another is that one's ("He initialization" in "Initializing Tensors")."""
    topics = [t for t in named if not any(m.start <= t.start and t.end <= m.end for m in weeks)
              and not any(_word_of(t, other, lowered) for other in named)]
    span = subject_span(lowered)
    asked = [t for t in topics if span and span[0] <= t.start and t.end <= span[1]]
    return [t.topic_id for t in asked or topics]


def _word_of(inner: TopicMatch, outer: TopicMatch, lowered: str) -> bool:
    """`inner` is said in `outer`'s words, which are longer or matched better: "Dot Product" in
    "Scaled Dot Product Attention", RefineNet read in "RetinaNet"."""
    def content(text: str) -> set[str]:
        return {stem(word) for word in words(text) if word not in STOPWORDS}
    return (outer.start <= inner.start and inner.end <= outer.end
            and (outer.end - outer.start, outer.score) > (inner.end - inner.start, inner.score)
            and content(lowered[inner.start:inner.end]) <= content(outer.title))


def requested_count(text: str, course: Course) -> int | None:
    """How many questions a request asks for ("three questions" -> 3), if it says."""
    lowered = normalise(text)
    return _count(_mask(lowered, week_mentions(lowered, course))[0])


def _first(mentions: list[tuple[WeekMention, int]], masked: str, asking: re.Match[str] | None) -> int | None:
    """The week a request is about: one named in the words that ask ("I did week 1, what does
    week 2 cover?"), else in the same sentence, else an explicit one, else the first."""
    def inside(where: int) -> bool:
        return asking is not None and asking.start() <= where < asking.end()

    sentence = _sentence_of(masked, asking.start()) if asking else None
    ordered = sorted(mentions, key=lambda mw: (not inside(mw[1]), _sentence_of(masked, mw[1]) != sentence,
                                               not mw[0].explicit, mw[0].start))
    return ordered[0][0].week if ordered else None


def _drop_inside_topics(mentions: list[WeekMention], named: list[TopicMatch]) -> list[WeekMention]:
    """A bare week title inside a longer topic name is the topic's word, not the week's:
    "gradient optimizers" is week 4's topic, not week 9 ("Optimization")."""
    def inside(m: WeekMention) -> bool:
        return any(t.start <= m.start and m.end <= t.end and (t.end - t.start) > (m.end - m.start)
                   for t in named)
    return [m for m in mentions if m.explicit or not inside(m)]


def _mask(lowered: str, mentions: list[WeekMention]) -> tuple[str, list[int]]:
    """The text with each week mention replaced by a placeholder, and where each placeholder is."""
    parts, at, starts = [], 0, []
    for mention in sorted(mentions, key=lambda m: m.start):
        parts.append(lowered[at:mention.start])
        starts.append(sum(map(len, parts)))
        parts.append("weekref" if mention.explicit else "weektitle")
        at = mention.end
    masked = "".join(parts) + lowered[at:]
    return masked, starts


_SENTENCE_END = re.compile(r"[.!?;]+(?=\s|$)")


def _sentence_of(masked: str, position: int) -> int:
    return len(_SENTENCE_END.findall(masked, 0, position))


def _sentence_in(lowered: str, position: int, mentions: list[WeekMention]) -> int:
    """`_sentence_of` for a place in the text before masking ("wk. 5" ends no sentence)."""
    return sum(1 for end in _SENTENCE_END.finditer(lowered, 0, position)
               if not any(m.start <= end.start() < m.end for m in mentions))


def _count(masked: str) -> int | None:
    match = _COUNT.search(masked)
    if not match:
        return None
    token = match.group("n")
    return _FUZZY_COUNTS.get(token) or number(token)


_MATCHERS: dict[tuple[str, ...], TopicMatcher] = {}


def _topic_matcher(course: Course) -> TopicMatcher:
    """One matcher per distinct course, for callers that do not keep their own."""
    key = tuple(f"{t.id}:{t.title}" for t in course.topics)
    if key not in _MATCHERS:
        _MATCHERS[key] = TopicMatcher(course)
    return _MATCHERS[key]
