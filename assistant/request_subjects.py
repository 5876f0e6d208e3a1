"""Where a request names its subject, in its own words: "quiz me on French history" is about
"french history", "show me the syllabus for the piano course" about "piano", "my grades for the
physics class" about "physics". The router reads what a request wants (`assistant.intents`); this
module reads what it is about, for the handlers to search or refuse."""

from __future__ import annotations

import re
from typing import Literal

from assistant.weeks import NUMBER_WORDS, normalise
from core.text import STOPWORDS

# Whether the course has a subject: "is BERT in this course or not", "r there project ideas in
# this course", "is that one later in the course".
IS_IN_COURSE = re.compile(r"^\W*(?:so |and |but |ok |okay )?(?:is|are|r)(?: there)? (?P<subject>[^?.!,;]{1,40}?) "
                          r"(?:(?:anywhere|somewhere|later|earlier|also|even|actually|else) ){0,2}"
                          r"(?:in|part of|covered in|included in|taught in) (?:this|the) "
                          r"(?:course|syllabus|checklist|curriculum)\b")
# Words of the request itself, not of its subject: "show me the syllabus for the piano course"
# is about "piano"; "quiz me on French history, please" about "french history". (Stop words are
# dropped as well, so they are not listed.)
_REQUEST_WORDS = frozenset("""administer anything ask brief check content contents could couple course courses
cover covered covers curriculum discussed done everything exam far give hey hi include included includes
kindly last learned learnt like list little lol material mcq mcqs mini module modules need
next ok okay outline overview please pls plz practice question questions quick quickly
quiz quizzes random read see short show small something struggle struggled studied stuff
syllabus talk talks taught teach teaches tell test tests thank thanks things time today
topic topics u ur us want week weekref weeks weektitle went whats would wrong
units unit lessons lesson chapters chapter part parts section sections whole entire full complete instead
anywhere somewhere elsewhere else across throughout nah weve ive youve even actually really also real
easier tonight tomorrow later daily flashcards flashcard cards""".split())


# Where a request names its subject: "quiz me on French history", "the piano course".
# A subject ends with the sentence, an aside in brackets ("on attention (5 questions, not too
# hard)"), or where the student says why ("about resnet 50 so i feel productive",
# "on dropout because my exam is tomorrow").
# "hit me with X" (not "test me with two easy ones": a count)
_SUBJECT_AFTER = re.compile(r"(?:\b(?:on|about|over|regarding|covering|from|of|in)"
                            r"|(?<=\bme )with(?! (?:a|an|one|two|three|four|five|some|few|\d+)\b))"
                            r"\s+(?P<subject>[^?.!,;(]+?)"
                            r"(?=\s+(?:so|because|cause|cuz|coz|since|before|as|that|which|for)\s+(?:i|i'm|im|we|my|that)\b"
                            r"|\s*\(|[?.!,;]|$)")
# Typed as a search, the subject first: "diffusion models quiz", "pooling flashcards".
_SUBJECT_FIRST = re.compile(r"^\W*(?P<subject>(?:[a-z0-9+#'-]+ ){1,4}?)(?:quiz(?:zes)?|mcqs?|practice test|mock test|"
                            r"flash ?cards|questions|qs|drills?)\W*$")
_COURSE_IN = re.compile(r"\b(?:course|module|class|syllabus|curriculum) (?:in|on|about|of|for) (?P<subject>[^?.!,;]+)")
# Where a topic sits: "which week talks about BERT", "where is dropout in the course"
_WHERE_IS = re.compile(r"\b(?:(?:which|what) weeks?|where)(?:\s+(?:is|are|was|were|does|do|did|has|have|talks?|"
                       r"covers?|teach(?:es)?|discuss(?:es)?|explains?|includes?|mentions?|can|i|find))+"
                       r"(?:\s+(?:about|on))?\s+"
                       r"(?P<subject>[^?.!,;]+)")
# What comes first: "what should i learn before taking calculus 2" is about calculus.
# "before exams", "before my interview": a time, not a subject
_DAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|tonight"
_A_TIME = (r"(?:the |my |our |an? |next |this )?(?:exams?|tests?|midterms?|finals?|interviews?|deadlines?|"
           rf"{_DAYS}|weekend|week|bed|class|work)\b")
_BEFORE = re.compile(rf"\bbefore (?:i )?(?!{_A_TIME})(?:(?:take|taking|start|starting|begin|beginning|do|doing|tackle|"
                     r"tackling|learn|learning|study|studying|get to|getting to|move on to|moving on to) )?"
                     r"(?P<subject>[^?.!,;]+)")
# What the questions are to prepare the student for: "questions to help me prepare for my salary
# negotiation" (not "to prepare for my exam": a time, whatever it is on).
_PREPARING_FOR = re.compile(rf"\b(?:prepare|preparing|prep|get ready|getting ready) for (?!{_A_TIME})"
                            r"(?P<subject>[^?.!,;]+)")
_LIST_PART = re.compile(r",\s*[^?.!,;]+")  # ", SeLU and GELU"
_LIST_END = re.compile(r"\b(?:and|or)\b")
_LIST_SEPARATOR = re.compile(rf"\s*(?:,|&|/|{_LIST_END.pattern})\s*")  # between the parts of a list
# "quiz pooling", "test me backprop": the subject right after the verb that opens the request
# (not "test my knowledge", "quiz me please").
_OBJECT = re.compile(r"^\W*(?:pls |please |plz )?(?:quiz|test|drill)(?: me| us)? (?!(?:me|us|my|our|your|yourself|"
                     r"on|about|over|in|from|of|with|for|again|now|please|pls|plz)\b)"
                     r"(?P<subject>[^?.!,;]+?)(?=\s+(?:so|because|cause|cuz|coz|since|before|as)\s+(?:i|i'm|im|we|my)\b"
                     r"|[?.!,;]|$)")
_POLITE_END = re.compile(r"(?:\s+(?:pls|please|plz|thx|thanks|now|asap|real quick|quickly))+$")
_QUIZ_VERB = re.compile(r"\b(?:quiz|test|examine|assess|drill)(?:ing|ed)?\b(?:\s+(?:me|us))?")
_GENERIC_NOUNS = frozenset("one ones thing concept concepts idea ideas again".split())  # "that one", "this thing"
_WEEK_WORD = re.compile(r"(?:wk|week|w)\d+")  # "my wk5 scores": a week, glued to its number
_REFERENCE = re.compile(r"(?:it|that|this|them|these|those)\b")  # "test me on it": said before
# ...unless a description follows: "on that thing where you add a shortcut around some layers"
_DESCRIBED = re.compile(r"\s+[a-z-]+\s+(?:where|which|that|whose|about|with)\b")
# A course by its catalogue number: "how am i doing in history 201" (another course, unless the
# course teaches its subject: "resnet 101" is a model of this one, see handlers.refusal.another_course).
_COURSE_CODE = re.compile(r"\b(?:in|for|of|on) (?:my |the |our )?(?P<subject>[a-z]{2,12}(?: [a-z]{2,12}){0,2})"
                          r" [1-9]\d{2}\b")
_SUBJECT_BEFORE = re.compile(r"\b(?:the|my|our) (?P<subject>(?:(?!(?:the|my|our|in|on|of|for|to|an?)\b)"
                             r"[a-z0-9+#-]+ ){1,3}?)(?:module|course|class|unit|subject|syllabus|curriculum)\b")
# A course by what a student gets in it, or is graded on: "my organic chem grades", "our physics
# marks", "my physics midterm" (not "my monday exam", "my upcoming exam": a time).
_GRADES_IN = re.compile(rf"\b(?:my|our) (?P<subject>(?:(?!(?:the|my|our|in|on|of|for|to|an?|next|upcoming|final|"
                        rf"(?:{_DAYS})(?:'?s)?|actual|real|current|latest|overall|recent)\b)"
                        r"[a-z0-9+#-]+ ){1,3}?)(?:grades?|marks|scores|gpa|midterms?|finals?|exams?|homework|"
                        r"assignments?|essays?)\b")


def request_subject(text: str, kind: Literal["quiz", "syllabus", "course"] = "quiz") -> str:
    """What a quiz or syllabus request is about, in its own words ("french history"), or "" if
    it names nothing beyond the request itself ("let's do a quick quiz", "quiz me on that").
    A syllabus request names a subject as "the X course", "a course in X" or "which week covers X";
    any request names the course it is about ("course": "my progress in the calculus class")."""
    return " ".join(dict.fromkeys(w for phrase in _subject_phrases(text, kind) for w in _content_words(phrase)))


def subject_as_written(text: str) -> str:
    """A quiz request's subject as the student wrote it ("the metric for how many items a model
    gets through per second"), capitals and all ("U-Net" is a name, "u-net" may be a typo), for
    reading what it describes; its content words when it has no "on ..." phrase."""
    span = subject_span(normalise(text))  # the same length as `text`: the span is the text's too
    return text[span[0]:span[1]] if span else request_subject(text)


def request_subject_parts(text: str) -> list[str]:
    """The subjects of a quiz request that lists several ("on sigmoid and swish", "on A, B or
    C"), each in its own words: a search for all of them at once finds none well."""
    parts = (part for phrase in _subject_phrases(text, "quiz") for part in _LIST_SEPARATOR.split(phrase))
    return [joined for part in parts if (joined := " ".join(_content_words(part)))]


def _subject_phrases(text: str, kind: Literal["quiz", "syllabus", "course"]) -> list[str]:
    lowered = normalise(text)
    if kind != "quiz":
        own = (_WHERE_IS, IS_IN_COURSE, _BEFORE) if kind == "syllabus" else (_GRADES_IN,)
        patterns = (_SUBJECT_BEFORE, _COURSE_IN, _COURSE_CODE, *own)
        found = [m.group("subject") for pattern in patterns for m in pattern.finditer(lowered)]
    elif span := subject_span(lowered):  # what follows the verb: "bored of nets, quiz me on painters"
        start = span[0]
        if reference := _REFERENCE.match(lowered, start):
            start = reference.end()
            following = lowered[start:span[1]].split()
            if (not following or not _content_words(following[0])) and not _DESCRIBED.match(lowered, start):
                return []  # "test me on it (until it sticks)", "on that topic": named before
        found = [lowered[start:span[1]]]  # "on those skip connections": a subject of its own
    else:
        # ...or the student's own exam it is for: "flashcards for my microeconomics final"
        patterns = (_SUBJECT_AFTER, _SUBJECT_BEFORE, _SUBJECT_FIRST, _GRADES_IN, _PREPARING_FOR)
        found = [m.group("subject") for pattern in patterns for m in pattern.finditer(lowered)]
    return found


def _content_words(phrase: str) -> list[str]:
    """The words of a phrase that say what it is about, not what is asked: a number only as part
    of a name ("resnet 50"), not a count ("3 questions") or a week."""
    kept: list[str] = []
    after_kept = False  # the word before was kept: a number after it is part of its name
    for word in re.findall(r"[a-z0-9+#-]+", phrase):
        keep = after_kept if word.isdigit() else not _WEEK_WORD.fullmatch(word) and (
            word not in _REQUEST_WORDS and word not in _GENERIC_NOUNS and word not in STOPWORDS
            and word not in NUMBER_WORDS and len(word) > 2)
        if keep:
            kept.append(word)
        after_kept = keep
    return kept


def subject_span(lowered: str) -> tuple[int, int] | None:
    """Where a quiz request names its subject: the phrase after the verb ("quiz me on X"), with
    the rest of a list it begins ("on ELU, SeLU and GELU"): a comma ends the subject unless a
    later part of the sentence ends the list with "and" or "or" ("on GELU, I know ReLU" does not)."""
    verb = _QUIZ_VERB.search(lowered)
    asked = (_SUBJECT_AFTER.search(lowered, verb.end()) or _OBJECT.match(lowered)) if verb else None
    if not asked:
        return None
    start, end = asked.span("subject")
    own_end = end = start + len(_POLITE_END.sub("", lowered[start:end]))  # "quiz GANs pls, ...": GANs
    for part in _LIST_PART.finditer(lowered, end):
        if part.start() != end:
            break
        end = part.end()
        if _LIST_END.search(part.group()):
            return start, end
    return start, own_end
