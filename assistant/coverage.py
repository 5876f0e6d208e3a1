"""How well the course covers an answered question: `covered`, or only `partial`ly.

Between answering and refusing lies the case students meet most: the course has a neighbour of
the thing asked about but not the thing ("What is batch normalization?" in a course with Layer
Normalization). Such an answer must say so first and name the neighbours, or a neighbour's
sentence reads as the answer. The test is lexical and deterministic: a technical term of the
question (an acronym or a name like "SGD", "RoBERTa", or a two-word concept of the glossary like
"batch normalization") that occurs nowhere in the course's text makes the answer partial, unless
the question names a course topic outright; so does a concept of the glossary (`core.glossary`:
"softmax", "early stopping") that none of the passages found for it mentions, unless they are a
close match. A false "does not explain" misleads as much as a missing
one: a course word as the student shortens or runs it together ("conv", "gpt2") is the course's,
and so is an everyday word of theirs before a topic they name ("catch Overfitting").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.models import Coverage, TopicSuggestion
from assistant.retrieval import CourseRetriever, Retrieval
from assistant.scope import IN_SCOPE_MIN_SCORE
from assistant.terms import RARE_ZIPF, called_by_initials
from core.course import Course
from core.glossary import glossary, plain_words
from core.text import STOPWORDS, zipf
from ingest.models import TopicRef

NEAREST = 2  # topics a partial answer names
# A passage this close to the question answers it, whatever words the question uses.
COVERED_SIMILARITY = 0.7
# Below this scope score a concept the passages never mention makes the answer partial (the dev
# split: from 0.5 to 0.6 coverage accuracy rises 0.875 -> 0.883 -> 0.898 and in-course answers
# labelled partial 0.036 -> 0.036 -> 0.045).
GLOSSARY_BELOW_SCORE = 0.55


@dataclass(frozen=True)
class CoverageJudgement:
    label: Coverage
    nearest: list[TopicRef] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # the question's terms the course never uses

    @property
    def partial(self) -> bool:
        return self.label == "partial"

    @property
    def suggestions(self) -> list[TopicSuggestion]:
        if not self.partial:
            return []
        return [TopicSuggestion(topic_id=t.topic_id, topic=t.title, week=t.week) for t in self.nearest]

    def preface(self, course: Course) -> str:
        """The first sentence of a partial answer: what is missing and where to look instead."""
        names = [f"{t.title} (week {t.week})" for t in self.nearest]
        nearest = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        noun = "topic is" if len(names) == 1 else "topics are"
        thing = " and ".join(self.missing[:2]) if self.missing else "this"
        return f"The course does not explain {thing} itself; its nearest {noun} {nearest}. What it says:"


def answer_topics(retrieval: Retrieval, course_title: str) -> set[str] | None:
    """The topics an answer may quote: the one asked about (the first after reranking), or every
    topic the question names when it names several, compares or lists them ("GELU vs ReLU", "MaxPool
    and ONNX"), and the first is among them; not a topic named in passing ("why does SeLU need
    normalization?" is about SeLU).
    One named topic does not outrank the first: "the ratio of two variances as a test" names
    Variance but asks about the F Test, and a named topic the question is about is ranked first
    anyway; nor do several named in passing when another topic ranks first. The course's own
    subject named beside another topic is not asked about: in a deep-learning course, "how does
    deep learning help with X?" asks about the topic on X, not the one called Deep Learning."""
    if not retrieval.hits:
        return None
    first = retrieval.hits[0].topic
    named = {hit.topic.topic_id: hit.topic.title for hit in retrieval.hits
             if hit.topic.topic_id in retrieval.title_matches}
    if len(named) < 2 or first.topic_id not in named or not retrieval.each_named:
        return {first.topic_id}
    asked = {topic_id for topic_id, title in named.items()
             if not re.search(rf"\b{re.escape(title)}\b", course_title, re.IGNORECASE)}
    return asked or set(named)


def _title_acronyms(course: Course) -> frozenset[str]:
    """The initials of every topic title, with and without its small words: "BPE", "MLP"; not of
    a title with a name in it (see `terms.called_by_initials`)."""
    acronyms = set()
    for topic in course.topics:
        words = re.findall(r"[A-Za-z]+", topic.title)
        if not called_by_initials(words):
            continue
        for kept in (words, [w for w in words if w.lower() not in STOPWORDS]):
            if len(kept) >= 2:
                acronyms.add("".join(w[0] for w in kept).upper())
    return frozenset(acronyms)


def _about_named(term: str, named: set[str], retriever: CourseRetriever) -> bool:
    """The term is a topic the question names ("Swish activation"), or an everyday word the
    course never uses put before one ("catch Overfitting", "hearing throughput"): a verb of the
    student's, where a modifier the course lacks ("batch normalization") is a word it uses."""
    words = term.lower().split()
    if set(words) <= named:
        return True
    return (len(words) == 2 and words[1] in named and words[0].isalpha() and zipf(words[0]) >= RARE_ZIPF
            and not retriever.uses(words[0]))


def unexplained(question: str, retrieval: Retrieval) -> list[str]:
    """The concepts the question names (`core.glossary`) that no passage found for it mentions,
    as the student wrote them: "softmax" asked of a course that names it once, in another
    topic's list of layers, is not explained by the Activation Functions passages found for it.
    Only while the passages are no close match: one that close answers the question whatever
    words it uses ("the train set" for the course's "training data")."""
    if retrieval.scope_score >= GLOSSARY_BELOW_SCORE:
        return []
    named = glossary().find(question)
    if not named:
        return []
    passages = [set(plain_words(f"{hit.topic.title} {hit.chunk.heading} {hit.chunk.text}")) for hit in retrieval.hits]
    return [term.written for term in named
            if not any(words <= passage for words in term.content_words for passage in passages)]


def lacking(question: str, retrieval: Retrieval, retriever: CourseRetriever) -> list[str]:
    """The technical terms of the question that the course's text never uses, as a partial answer
    names them. Read once: the refusal and the coverage label both need it (a question only near
    the course is answered as partial only when it names one)."""
    named = {word for hit in retrieval.hits if hit.topic.topic_id in retrieval.title_matches
             for word in hit.topic.title.lower().split()}
    # A term inside a topic the question names is the course's own ("Swish activation").
    # ...and so is the acronym of a topic's title ("BPE" for "Byte Pair Encoding"), with whatever
    # the question says of it ("BPE split", "bpe tokenization").
    missing = [term for term in retriever.missing_terms(question) if not _about_named(term, named, retriever)]
    if missing:
        acronyms = _title_acronyms(retriever.course)
        missing = [term for term in missing if not acronyms.intersection(term.upper().split())]
    # A pair of words is a concept only if the glossary says so: "batch normalization" is,
    # "unimportant weights", "s-shaped squashing" and "ride-share apps" (rare words, everyday
    # meaning) are not.
    return [term for term in missing if " " not in term or glossary().find(term)]


def judge_coverage(retrieval: Retrieval, terms: list[str], concepts: list[str],
                   on_course: bool = False) -> CoverageJudgement:
    """`terms`: what `lacking` found; `concepts`: what `unexplained` found; `on_course`: known to
    be about the course whatever its scope score (it goes on with the conversation's topic)."""
    if retrieval.best_similarity >= COVERED_SIMILARITY:
        return CoverageJudgement("covered")
    # A concept the glossary names is the better name of what is missing: "F1 score", not "F1"
    # and "score computed".
    their_words = {word for concept in concepts for word in concept.lower().split()}
    missing = concepts + [term for term in terms if not their_words.intersection(term.lower().split())]
    if not missing and (on_course or retrieval.title_matches or retrieval.scope_score >= IN_SCOPE_MIN_SCORE):
        return CoverageJudgement("covered")
    nearest = list({h.topic.topic_id: h.topic for h in retrieval.hits}.values())[:NEAREST]
    return CoverageJudgement("partial", nearest, missing)
