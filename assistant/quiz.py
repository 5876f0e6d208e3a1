"""Quizzes that test the course's ideas: identification, definition, cloze and true/false questions
generated offline (plus open ones with an LLM), each checkable against the passage it cites.

Every sentence of a topic's material (its checklist description, and its article passages once
indexed) is a candidate; the ranked candidates (assistant/quiz_candidates.py) are kept only when
they pass every check, and distractors are the nearest sibling topics (assistant/distractors.py).
A topic whose material states nothing testable (a reading list, an install guide, project ideas)
is left out, and the quiz says so in `skipped`. Randomness comes from `seed`: the same inputs
give the same quiz.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from assistant.distractors import TopicSpace, kind_of
from assistant.guard import check_grounded
from assistant.quiz_candidates import (
    TESTABLE_SCORE,
    Candidate,
    Passage,
    Statement,
    clozes,
    definition_text,
    identification_stem,
    statements,
    supports,
    swapped,
    true_false,
)
from assistant.quiz_models import (
    OpenQuestion,
    OpenQuestionWriter,
    QuestionStyle,
    Quiz,
    QuizQuestion,
    QuizSource,
    SkippedTopic,
)
from assistant.quiz_text import BLANK, MASK, CourseVocabulary, find_form, key_words, mask_title, names, title_forms
from core.course import Course, Topic
from core.errors import UserError
from core.settings import Settings
from ingest.store import ChunkStore, StoredChunk

__all__ = ["BLANK", "MASK", "OpenQuestion", "OpenQuestionWriter", "Quiz", "QuizMaterial", "QuizQuestion",
           "QuizSource", "SkippedTopic", "key_words", "make_quiz", "mask_title"]

STYLES: tuple[QuestionStyle, ...] = ("identification", "cloze", "definition", "true_false")
NEAR_BEST = 0.15  # candidates this close to a style's best are equally good: the seed picks
OPTIONS = 4
BROAD_MENTIONS = 3  # a topic named in this many other topics' descriptions is a broad one
UNTESTABLE = ("its description is about the article or the reader (a reading list, a guide, project "
              "ideas), not an idea a question can test; it is quizzed from its article once indexed")
UNTESTABLE_ARTICLE = "neither its description nor its indexed article states an idea a question can test"


@dataclass(frozen=True)
class QuizMaterial:
    """What the index adds to the checklist: article passages and a vector per topic."""

    passages: Mapping[str, Sequence[Passage]] = field(default_factory=dict)
    vectors: Mapping[str, Sequence[float]] = field(default_factory=dict)

    @classmethod
    def from_chunks(cls, chunks: Sequence[StoredChunk], vectors: Sequence[Sequence[float]]) -> QuizMaterial:
        """From `ChunkStore.all_chunks()`: articles by topic, checklist vectors by topic."""
        passages: dict[str, list[Passage]] = {}
        topic_vectors: dict[str, Sequence[float]] = {}
        for stored, vector in zip(chunks, vectors, strict=True):
            chunk = stored.chunk
            if chunk.source == "checklist":
                topic_vectors[chunk.topic_ids[0]] = vector
                continue
            for topic_id in chunk.topic_ids:
                passages.setdefault(topic_id, []).append(Passage(chunk.text, "article", chunk.url))
        return cls(passages=passages, vectors=topic_vectors)

    @classmethod
    def from_index(cls, settings: Settings, model_id: str) -> QuizMaterial | None:
        """The index's material, or None when there is no index yet (quizzes then use the
        checklist alone, with lexical similarity for distractors)."""
        try:
            return cls.from_chunks(*ChunkStore(settings, model_id, create=False).all_chunks())
        except UserError:
            return None

    @classmethod
    def of(cls, given: QuizMaterial | Mapping[str, Sequence[str]] | None, course: Course) -> QuizMaterial:
        """Plain texts by topic id (the older form) are read as article passages."""
        if given is None or isinstance(given, QuizMaterial):
            return given or cls()
        passages = {}
        for topic_id, texts in given.items():
            topic = course.topic(topic_id)
            passages[topic_id] = [Passage(text, "article", _url(topic)) for text in texts
                                  if text.strip() and text != topic.description]
        return cls(passages=passages)


def _url(topic: Topic) -> str:
    return topic.urls[0] if topic.urls else ""


class QuizBank:
    """Everything about the course that does not depend on the seed, built once per course and
    material: scored statements, testable topics, definitions, kinds and topic similarity."""

    def __init__(self, course: Course, material: QuizMaterial) -> None:
        self.course, self.material = course, material
        self.passages = {t.id: [Passage(t.description, "checklist", _url(t)), *material.passages.get(t.id, ())]
                         for t in course.topics}
        self.vocabulary = CourseVocabulary(
            [" ".join([t.title, *(p.text for p in self.passages[t.id])]) for t in course.topics],
            [t.title for t in course.topics])
        self.titles = [t.title for t in course.topics]
        self.statements = {t.id: statements(t, self.passages[t.id], self.vocabulary) for t in course.topics}
        self._swaps: dict[tuple[str, str], str | None] = {}
        self._clozes: dict[tuple[str, str], list[Candidate]] = {}
        self.skipped: dict[str, str] = {}
        for topic in course.topics:
            if not any(s.subject_end is not None or self._cloze(s) for s in self.statements[topic.id]
                       if s.score >= TESTABLE_SCORE):
                self.skipped[topic.id] = UNTESTABLE_ARTICLE if material.passages.get(topic.id) else UNTESTABLE
        self.pool = [t for t in course.topics if t.id not in self.skipped]
        self.definitions: dict[str, tuple[Statement, str]] = {}
        for topic in self.pool:
            for statement in self.statements[topic.id]:
                if text := definition_text(statement):
                    self.definitions[topic.id] = (statement, text)
                    break
        # Broad topics many others are a kind of ("Artificial Neural Network", "CNN"): as the
        # answer to "Which of these ...?" or as a swapped-in subject, they make a second right answer.
        self.broad = {t.id for t in course.topics
                      if sum(find_form(o.description, title_forms(t.title)) is not None
                             for o in course.topics if o.id != t.id) >= BROAD_MENTIONS}
        self.kinds = {t.id: kind_of(t, self.definitions[t.id][1] if t.id in self.definitions else "")
                      for t in course.topics}
        self.space = TopicSpace(course, material.vectors)

    def candidates(self, topic: Topic, style: QuestionStyle, rng: random.Random) -> Iterator[Candidate]:
        """This topic's candidates of one style, best first, near-equal ones in seeded order."""
        made = [c for s in self.statements[topic.id] if s.score >= TESTABLE_SCORE for c in self._make(s, style, rng)]
        made.sort(key=lambda c: -c.score)
        while made:
            near = [c for c in made if c.score >= made[0].score - NEAR_BEST]
            choice = rng.choice(near)
            made.remove(choice)
            yield choice

    def _make(self, statement: Statement, style: QuestionStyle, rng: random.Random) -> Iterator[Candidate]:
        topic = statement.topic
        if style == "cloze":
            yield from self._cloze(statement)
        elif style == "identification" and topic.id not in self.broad and (
                stem := identification_stem(statement, self.vocabulary)):
            def fair(other: Topic) -> bool:  # not a second right answer, not named by the stem
                return (other.id not in self.broad and not names(stem, other.title)
                        and not supports([p.text for p in self.passages[other.id]], stem))

            others = self.space.pick(topic, self.pool, OPTIONS - 1, rng, kinds=self.kinds, fair=fair)
            if others:
                yield Candidate("identification", topic, stem, tuple(t.title for t in [topic, *others]),
                                topic.title, f"“{statement.text}”", statement.source, statement.url,
                                statement.score)
        elif style == "definition" and self.definitions.get(topic.id, (None,))[0] == statement:
            yield from self._definition(statement, rng)
        elif style == "true_false" and statement.subject_end is not None:
            sibling = [] if rng.random() < 0.5 else self.space.pick(
                topic, self.pool, 1, rng, kinds=self.kinds, same_kind=True,
                fair=lambda o: o.id not in self.broad and self._swap(statement, o) is not None)
            swap = self._swap(statement, sibling[0]) if sibling else None
            yield true_false(statement, swap or statement.text, truth=swap is None)

    def _definition(self, statement: Statement, rng: random.Random) -> Iterator[Candidate]:
        topic, text = statement.topic, self.definitions[statement.topic.id][1]

        def fair(other: Topic) -> bool:
            theirs = self.definitions.get(other.id)
            return (theirs is not None and not names(theirs[1], topic.title) and not names(text, other.title)
                    and not supports([theirs[1]], text) and not supports([text], theirs[1]))

        others = self.space.pick(topic, self.pool, OPTIONS - 1, rng, kinds=self.kinds, fair=fair)
        if others:
            name = re.sub(r"\s*\?$", "", topic.title)
            yield Candidate("definition", topic, f"Which of these describes {name}?",
                            (text, *(self.definitions[o.id][1] for o in others)), text,
                            f"The course says “{statement.text}”", statement.source, statement.url,
                            statement.score)

    def _cloze(self, statement: Statement) -> list[Candidate]:
        """Nothing random in a cloze: made once per statement."""
        key = (statement.topic.id, statement.text)
        if key not in self._clozes:
            self._clozes[key] = list(clozes(statement, self.vocabulary, self.titles))
        return self._clozes[key]

    def _swap(self, statement: Statement, sibling: Topic) -> str | None:
        key = (statement.text, sibling.id)
        if key not in self._swaps:
            self._swaps[key] = swapped(statement, sibling, [p.text for p in self.passages[sibling.id]])
        return self._swaps[key]


_BANKS: dict[tuple[int, int], tuple[Course, object, QuizBank]] = {}
_BANKS_KEPT = 4


def quiz_bank(course: Course, material: QuizMaterial | Mapping[str, Sequence[str]] | None = None) -> QuizBank:
    """The bank for this course and material, built once: a warm quiz only picks and shuffles."""
    key = (id(course), id(material))
    if key not in _BANKS:
        while len(_BANKS) >= _BANKS_KEPT:
            _BANKS.pop(next(iter(_BANKS)))
        # The course and material are kept with the bank, so their ids stay theirs.
        _BANKS[key] = (course, material, QuizBank(course, QuizMaterial.of(material, course)))
    return _BANKS[key][2]


def _question(candidate: Candidate, rng: random.Random) -> QuizQuestion:
    options = list(candidate.options)
    if candidate.style != "true_false":
        rng.shuffle(options)
    topic = candidate.topic
    digest = hashlib.sha1(f"{topic.id}|{candidate.style}|{candidate.stem}".encode()).hexdigest()[:10]
    return QuizQuestion(
        id=f"{topic.id}-{candidate.style}-{digest}", type="cloze" if candidate.style == "cloze" else "mcq",
        style=candidate.style, topic_id=topic.id, week=topic.week, question=candidate.stem, options=options,
        answer=candidate.answer, explanation=candidate.explanation,
        source=QuizSource(topic=topic.title, url=candidate.url or _url(topic), source=candidate.source))


def _open_questions(bank: QuizBank, topic: Topic, writer: OpenQuestionWriter) -> Iterator[QuizQuestion]:
    """An LLM's open question, kept only when the guard finds its answer in the cited material."""
    passages = bank.passages[topic.id]
    written = writer(topic, "\n\n".join(p.text for p in passages))
    if not written or not written.question.strip() or not written.answer.strip():
        return
    verdict = check_grounded(written.answer, [p.text for p in passages])
    cited = [s.passage_index for s in verdict.sentences if s.passage_index is not None]
    if not verdict.grounded or not cited:
        return
    passage = passages[cited[0]]
    digest = hashlib.sha1(f"{topic.id}|open|{written.question}".encode()).hexdigest()[:10]
    yield QuizQuestion(id=f"{topic.id}-open-{digest}", type="open", style="open", topic_id=topic.id,
                       week=topic.week, question=written.question.strip(), options=[],
                       answer=written.answer.strip(), explanation=written.explanation.strip() or written.answer.strip(),
                       source=QuizSource(topic=topic.title, url=passage.url or _url(topic), source=passage.source))


def _for_topic(bank: QuizBank, topic: Topic, offset: int, seed: int | None,
               writer: OpenQuestionWriter | None) -> Iterator[QuizQuestion]:
    """This topic's questions, alternating styles, starting with style number `offset`."""
    rng = random.Random(f"{seed}:{topic.id}")
    streams: dict[str, Iterator[QuizQuestion]] = {
        style: (_question(c, rng) for c in bank.candidates(topic, style, rng)) for style in STYLES}
    kinds = list(streams)
    if writer is not None:  # second, so even a short quiz on one topic has its open question
        streams["open"] = _open_questions(bank, topic, writer)
        kinds.insert(1, "open")
    kinds = kinds[offset % len(kinds):] + kinds[:offset % len(kinds)]
    while kinds:
        for kind in list(kinds):
            question = next(streams[kind], None)
            if question is None:
                kinds.remove(kind)
            else:
                yield question


def make_quiz(course: Course, week: int, n: int = 5, *, topic_id: str | None = None,
              topic_order: Sequence[str] | None = None,
              material: QuizMaterial | Mapping[str, Sequence[str]] | None = None,
              open_question_writer: OpenQuestionWriter | None = None, seed: int | None = None) -> Quiz:
    """Up to `n` questions on `week` (or on one topic of it). Topics come in `topic_order` when
    given (assistant.schedule.pick_topics: unseen, then due and weak topics), else a seeded shuffle;
    topics with nothing testable are left out and listed in `skipped`. Fewer than `n` come back
    only when the topics run out of distinct questions."""
    course.require_week(week)
    if n < 1:
        raise UserError(f"a quiz needs at least one question, not {n}; pass --n 1 or more")
    if topic_id is not None:
        topic = course.require_topic(topic_id)
        if topic.week != week:
            raise UserError(f"topic {topic_id} is in week {topic.week}, not week {week}; "
                            f"use --week {topic.week}")
    bank = quiz_bank(course, material)
    in_scope = [topic_id] if topic_id is not None else [t.id for t in course.week(week).topics]
    skipped = [SkippedTopic(topic_id=tid, topic=course.topic(tid).title, reason=bank.skipped[tid])
               for tid in in_scope if tid in bank.skipped]
    if topic_order is not None:
        ids = [tid for tid in topic_order if tid in in_scope]
    else:
        ids = list(in_scope)
        random.Random(f"{seed}:{week}:topics").shuffle(ids)
    ids = [tid for tid in ids if tid not in bank.skipped][:n]
    streams = [_for_topic(bank, course.topic(tid), offset, seed, open_question_writer)
               for offset, tid in enumerate(ids)]
    questions: dict[str, QuizQuestion] = {}
    while streams and len(questions) < n:
        for stream in list(streams):
            question = next(stream, None)
            if question is None:
                streams.remove(stream)
            elif question.id not in questions:
                questions[question.id] = question
                if len(questions) == n:
                    break
    return Quiz(week=week, questions=list(questions.values()), skipped=skipped)
