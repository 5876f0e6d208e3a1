"""Overgenerate and rank: every sentence of a topic's material becomes candidate questions, each
scored, and only the good ones are kept (after Heilman and Smith's question generation).

A sentence is worth asking about when it states something about an idea (not about the article,
the reader or the course), is not vague out of context ("It is just a straight line"), and carries
course vocabulary. From it come up to four kinds of question:
- cloze: one key term blanked (course vocabulary, appearing once, not given away by an acronym
  or an expansion beside it, enough left to answer);
- identification: the topic named from its own definition ("Which of these is an algorithm used
  in supervised learning to train the neural networks?"), options the nearest sibling topics;
- definition: "Which of these describes X?", options the definitions of the nearest siblings,
  every name masked;
- true/false: the statement, or a copy with its subject swapped for a near sibling's, kept only
  when the sibling's own material does not support the swapped copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from assistant.boilerplate import is_filler
from assistant.guard import check_grounded
from assistant.quiz_models import FALSE, TRUE, QuestionStyle, SourceKind
from assistant.quiz_text import (
    BLANK,
    GENERIC_WORDS,
    CourseVocabulary,
    find_form,
    gives_away,
    is_vague,
    key_words,
    mask_title,
    names,
    title_forms,
)
from core.course import Topic
from core.text import ENGLISH_STOPWORDS, split_sentences, written_words

MIN_WORDS, MAX_WORDS = 6, 50  # a sentence shorter says too little; a longer one is a paragraph
MAX_OPTION_WORDS = 35
MIN_TERM_WEIGHT = 1.0  # a blank below this is not course vocabulary (see CourseVocabulary.weight)
MIN_CONTEXT = 3.0  # course content (summed weights) a stem must keep around its blank or subject
MIN_VISIBLE = 5  # informative words a masked definition must keep
MIN_CONTENT = 2.0  # course content (summed weights, names of the topic aside) a statement must carry
TESTABLE_SCORE = 0.2  # the score of a statement with MIN_CONTENT: below it nothing is asked
FULL_CONTENT = 10.0  # content weight at which a sentence scores fully
SUPPORT_SHARE = 0.5
TITLE_BONUS = 1.0  # a course topic's name is the most telling blank
# What may follow a topic's name for its sentence to define it: a verb, possibly after a head noun.
_HEAD = r"(?:\s+(?:algorithm|function|functions|model|models|network|networks|layer|layers|operation|" \
        r"technique|format|architecture|method|op|ops))?"
# The checklist's export glitches: "INT8 model.s is the format", "GPT 3.5is a fined-tuned version".
_GLITCH = re.compile(r"\b[a-z]{3,}\.[a-z]{1,2}\b|\d\.\d+[a-z]{2,}")
_APPOSITION = r"(?:,\s*(?:also\s+)?(?:known|called|referred\s+to)\s+as\s+[^,]{1,60},)?"  # "X, also known as Y, is"
_PREDICATE = re.compile(r"^\s*(?:is|are|was|were|refers?\s+to|can|helps?|aims?|works?|uses?|generates?|"
                        r"condenses?|calculates?|measures?|allows?|proved|operates?|suggests?|becomes?|"
                        r"acts?|normali[sz]es|represents?|compresses?|extracts?|combines?|describes?|"
                        r"denotes?|means|takes?|learns?|enables?|introduces?|converts?|provides?)\b",
                        re.IGNORECASE)


_PRONOUN = re.compile(r"^(?:It|This)\s+(?=(?:is|was|has|can|achieved|includes|uses|works|helps|takes|"
                      r"learns|allows|aims|contains|consists|requires|forms|enables)\b)")


@dataclass(frozen=True)
class Passage:
    text: str
    source: SourceKind
    url: str


@dataclass(frozen=True)
class Statement:
    """One sentence of a topic's material, with how much it is worth asking about."""

    topic: Topic
    text: str
    source: SourceKind
    url: str
    score: float  # 0..~1.3; below TESTABLE_SCORE it is not asked about
    subject_end: int | None  # where the topic's name ends when the sentence opens by defining it


@dataclass(frozen=True)
class Candidate:
    style: QuestionStyle
    topic: Topic
    stem: str
    options: tuple[str, ...]
    answer: str
    explanation: str
    source: SourceKind
    url: str
    score: float


def statements(topic: Topic, passages: Sequence[Passage], vocabulary: CourseVocabulary) -> list[Statement]:
    """Every sentence of the material, scored, best first (duplicates once)."""
    found: dict[str, Statement] = {}
    name = re.sub(r"\s*\?$", "", title_forms(topic.title)[1 if len(title_forms(topic.title)) > 1 else 0])
    for passage in passages:
        about_topic = False
        # "Stop Words. are commonly used ...": a stray full stop; "nodes.It entails": a lost space.
        cleaned = re.sub(r"([a-z])\.([A-Z][a-z])", r"\1. \2", re.sub(r"(\w)\.\s+(?=[a-z])", r"\1 ", passage.text))
        for position, text in enumerate(split_sentences(cleaned)):
            text = text.strip()
            if about_topic:  # "X is ... . It is just a straight line": "It" is X
                text = _PRONOUN.sub(name + " ", text, count=1)
            about_topic = _subject_end(text, topic) is not None or text.casefold().startswith(name.casefold())
            if text and text not in found:
                found[text] = _statement(topic, text, position, passage, vocabulary)
    return sorted(found.values(), key=lambda s: -s.score)


def _statement(topic: Topic, text: str, position: int, passage: Passage,
               vocabulary: CourseVocabulary) -> Statement:
    subject_end = _subject_end(text, topic)
    n = len(written_words(text))
    content = vocabulary.content(mask_title(text, topic.title))
    if (is_filler(text) or _GLITCH.search(text) or is_vague(text, topic.title) or text.endswith("?")
            or not MIN_WORDS <= n <= MAX_WORDS or content < MIN_CONTENT):
        return Statement(topic, text, passage.source, passage.url, 0.0, subject_end)
    score = min(content / FULL_CONTENT, 1.0)
    if subject_end is not None:
        score += 0.3
    if position == 0 and passage.source == "checklist":
        score += 0.05  # the checklist opens each topic with what it is
    return Statement(topic, text, passage.source, passage.url, round(score, 4), subject_end)


def _subject_end(text: str, topic: Topic) -> int | None:
    """Where the topic's name ends when the sentence opens with it and goes on to say what it is."""
    found = find_form(text, title_forms(topic.title))
    if found is None or text[:found.start()].strip().casefold() not in ("", "the"):
        return None
    head = re.match(_HEAD + _APPOSITION, text[found.end():], re.IGNORECASE)
    end = found.end() + (head.end() if head else 0)
    return end if _PREDICATE.match(text[end:]) else None


# -- question makers ---------------------------------------------------------------------------

def clozes(statement: Statement, vocabulary: CourseVocabulary, course_titles: Sequence[str]) -> Iterator[Candidate]:
    """The sentence with its best key term blanked, if one passes every check. A key term is a
    course concept: a topic's name, a word of one, or a technical token (ReLU, FP32, GoogleNet)."""
    text = statement.text
    terms: dict[str, float] = {}
    spans: list[tuple[int, int]] = []
    for title in course_titles:
        for form in title_forms(title):
            if (found := find_form(text, [form])) and len(form) > 2:
                weight = max((vocabulary.weight(w) for w in written_words(found.group())), default=0.0)
                if weight >= MIN_TERM_WEIGHT / 2:  # "deep learning" is a title, but not a telling one
                    terms[found.group()] = max(terms.get(found.group(), 0.0), weight + TITLE_BONUS)
                    spans.append(found.span())
    for found in re.finditer(r"[A-Za-z0-9]+(?:['’.\-][A-Za-z0-9]+)*", text):
        token = re.sub(r"['’]s$", "", found.group())
        inside = any(start <= found.start() and found.end() <= end and (start, end) != found.span()
                     for start, end in spans)  # one word of a name: blank the whole name instead
        if not inside and vocabulary.is_term(token):
            terms.setdefault(token, vocabulary.weight(token))
    for term, weight in sorted(terms.items(), key=lambda item: (-item[1], item[0])):
        if weight < MIN_TERM_WEIGHT:
            break
        pattern = rf"(?<![\w-]){re.escape(term)}(?![\w-])"
        if len(re.findall(pattern, text)) != 1:
            continue  # blanking every use would leave several blanks; blanking one gives it away
        blanked = re.sub(pattern, BLANK, text, count=1)
        rest = blanked.replace(BLANK, " ")
        if (_ambiguous(blanked) or gives_away(term, rest) or vocabulary.content(rest) < MIN_CONTEXT
                or len(written_words(rest)) < MIN_WORDS - 1):
            continue
        hint = f" ({len(term.split())} words)" if " " in term else ""
        yield Candidate("cloze", statement.topic, f"Fill in the blank{hint}: “{blanked}”", (), term,
                        f"“{text}”", statement.source, statement.url,
                        round(statement.score + 0.1 * min(weight, 3), 4))
        return


_B = re.escape(BLANK)
# A blank among examples or list items ("like _____", "GPUs, TPUs, _____ and others", "ReLU and
# _____"), or beside or inside a parenthesis: an acronym and its expansion give each other away.
_LISTED = re.compile(rf"\b(?:like|such as|including|e\.g\.?)\s+{_B}|,\s*{_B}\s*(?:,|\band\b|\bor\b)"
                     rf"|,[^,.]{{1,30}},\s*{_B}|{_B}\s*\(|\([^)]*{_B}[^)]*\)"
                     rf"|{_B}\s*,\s*[^,.]{{1,30}}(?:,|\band\b|\bor\b)|\b(?:and|or)\s+{_B}|{_B}\s+(?:and|or)\b",
                     re.IGNORECASE)


def _ambiguous(blanked: str) -> bool:
    """A blank in a list of examples ('GPUs, TPUs, _____ and others') or inside a quoted title
    has many right answers, or none a student could know."""
    if _LISTED.search(blanked):
        return True
    quoted = re.findall(r"[\"“]([^\"”]*)[\"”]", blanked)
    return any(BLANK in q for q in quoted)


def identification_stem(statement: Statement, vocabulary: CourseVocabulary) -> str | None:
    """'Which of these <predicate>?' from a sentence that opens by defining its topic."""
    if statement.subject_end is None or not _specific(statement.topic.title):
        return None  # "Which of these acts as a black box?": every network option does
    predicate = statement.text[statement.subject_end:].strip().rstrip(".!;:")
    if names(predicate, statement.topic.title) or vocabulary.content(predicate) < MIN_CONTEXT:
        return None
    if any(gives_away(form, predicate) for form in title_forms(statement.topic.title)):
        return None
    return f"Which of these {predicate}?"


def _specific(title: str) -> bool:
    """A name with a word of its own ('Kohonen Neural Network'), not only generic words and an
    acronym ('Neural Network (NN)'): a generic answer is also right for every specific option."""
    return any(w.casefold() not in GENERIC_WORDS and w.casefold() not in ENGLISH_STOPWORDS
               and not re.fullmatch(r"[A-Z0-9\-]+s?", w) for w in written_words(title))


def definition_text(statement: Statement) -> str | None:
    """The statement as an option of 'Which of these describes X?': every name of X masked."""
    if statement.subject_end is None or statement.score < TESTABLE_SCORE:
        return None
    masked = mask_title(statement.text, statement.topic.title)
    if len(written_words(masked)) > MAX_OPTION_WORDS or len(key_words(masked.replace("___", ""))) < MIN_VISIBLE:
        return None
    return masked


def swapped(statement: Statement, sibling: Topic, sibling_material: Sequence[str]) -> str | None:
    """The statement with its subject replaced by a sibling's name, when that makes it false:
    the sibling's own material must not support it."""
    if statement.subject_end is None:
        return None
    found = find_form(statement.text, title_forms(statement.topic.title))
    if found is None:
        return None
    name = title_forms(sibling.title)[1 if len(title_forms(sibling.title)) > 1 else 0]
    text = statement.text[:found.start()] + name + statement.text[found.end():]
    predicate = statement.text[statement.subject_end:]
    if names(predicate, sibling.title) or names(predicate, statement.topic.title) or \
            supports(sibling_material, predicate) or \
            check_grounded(text, list(sibling_material)).grounded:
        return None
    return text


def supports(material: Sequence[str], claim: str) -> bool:
    """True when the material says much the same as the claim (half its informative words): a
    distractor it describes would be a second right answer."""
    ours = set(key_words(claim))
    theirs = set(key_words(" ".join(material)))
    return bool(ours) and len(ours & theirs) / len(ours) >= SUPPORT_SHARE


def true_false(statement: Statement, text: str, truth: bool) -> Candidate:
    verdict = TRUE if truth else FALSE
    explanation = (f"True: the course says “{statement.text}”" if truth
                   else f"False: the course says “{statement.text}”")
    return Candidate("true_false", statement.topic, f"Is this statement correct? “{text}”", (TRUE, FALSE), verdict,
                     explanation, statement.source, statement.url, round(statement.score - 0.05, 4))
