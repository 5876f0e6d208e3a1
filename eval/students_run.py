"""Putting the students' sets through the assistant exactly as a user would.

A conversation is asked turn by turn, each turn with the conversation so far as history
(`Assistant.ask(question, history=conversation.turns)`, then `conversation.add(result)`), as the
chat REPL and the UI do; the other sets are single requests. What came back is recorded as an
`Observation` beside what the item expects; eval/students_metrics.py scores them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant import AskResult, Assistant, Conversation, Coverage, IntentKind
from core.text import split_sentences
from eval.run import ask_as_user, supported_sentences
from eval.students_data import StudentSets, load_student_sets

Source = Literal["conversations", "intents", "questions", "coverage"]
_MARKERS = re.compile(r"\[\s*(\d{1,3}(?:\s*,\s*\d{1,3})*)\s*\]")


class Observation(BaseModel):
    """One request of the students' sets: what it expects and what the assistant did."""

    model_config = ConfigDict(frozen=True)

    source: Source
    id: str  # the item id; a conversation turn is "<conversation id>#<turn number from 1>"
    split: str
    kind: str  # a conversation turn's kind; else the set's name ("intents", "questions", "coverage")
    voice: str | None = None
    question: str
    standalone_question: str = ""
    expected_intent: IntentKind
    intent: IntentKind
    expected_topics: list[str] = Field(default_factory=list)
    ranked: list[str] = Field(default_factory=list)  # a quiz's or syllabus reply's topics, else retrieved ones
    expected_week: int | None = None
    week: int | None = None
    expected_count: int | None = None
    count: int | None = None  # questions in the quiz, for a quiz
    expected_coverage: Coverage | None = None
    coverage: Coverage | None = None
    sentence_topics: list[list[str]] = Field(default_factory=list)  # per cited answer sentence: its topics
    supported: list[bool] = Field(default_factory=list)  # per answer sentence: grounded in the citations?
    scope_score: float | None = None  # the assistant's confidence that the request is in the course
    answer: str = ""
    latency_ms: float = 0.0

    @property
    def refused(self) -> bool:
        return self.intent == "out_of_scope"

    @property
    def predicted_coverage(self) -> str:
        """The coverage label as a student reads it: a refusal says "none"; no label is "-"."""
        return "none" if self.refused else (self.coverage or "-")


class StudentsRun(BaseModel):
    provider: str
    split: str | None
    observations: list[Observation]
    # Dev-split requests for the refusal threshold curve when the run itself is of another split.
    dev_observations: list[Observation] = Field(default_factory=list)

    def curve_observations(self) -> list[Observation]:
        return [o for o in self.observations if o.split == "dev"] or self.dev_observations


def sentence_topics(result: AskResult) -> list[list[str]]:
    """For each answer sentence that carries [n] markers, the topic ids of the citations they
    name (a marker naming no citation is ignored; a sentence left with none is not cited)."""
    cited: list[list[str]] = []
    for sentence in split_sentences(result.answer):
        numbers = [int(n) for group in _MARKERS.findall(sentence) for n in group.split(",")]
        topics = [result.citations[n - 1].topic_id for n in numbers if 1 <= n <= len(result.citations)]
        if topics:
            cited.append(list(dict.fromkeys(topics)))
    return cited


def observe(assistant: Assistant, result: AskResult, **expected: object) -> Observation:
    """An Observation of `result` with the item's expectations (`expected`) beside it."""
    quiz_topics = [question.topic_id for question in result.quiz or []]
    return Observation.model_validate({
        **expected,
        "question": result.question, "standalone_question": result.standalone_question,
        "intent": result.intent, "week": result.week, "coverage": result.coverage,
        "ranked": (list(dict.fromkeys(quiz_topics)) if result.intent == "quiz"
                   else result.placed if result.intent == "syllabus" else result.retrieved),
        "count": len(result.quiz) if result.quiz is not None else None,
        "sentence_topics": sentence_topics(result) if result.intent == "answer" else [],
        "supported": supported_sentences(assistant, result),
        "scope_score": getattr(result, "scope_score", None),
        "answer": result.answer, "latency_ms": result.timings_ms.total,
    })


def run_students(assistant: Assistant, sets: StudentSets, *, split: str | None,
                 on_request: Callable[[], None] | None = None) -> StudentsRun:
    """Every request of `sets`, asked as a user would. When the assistant reports a scope score
    and the run is not of the dev split, the dev split is run too, for the refusal curve."""
    assistant.ask("warm up: what is an epoch?")  # load models once, outside the measurements
    observations = _observe_all(assistant, sets, on_request)
    dev: list[Observation] = []
    if split not in (None, "dev") and any(o.scope_score is not None for o in observations):
        dev = _observe_all(assistant, load_student_sets("dev", assistant.course), None)
    return StudentsRun(provider=assistant.provider, split=split, observations=observations, dev_observations=dev)


def count_requests(sets: StudentSets) -> int:
    """How many `ask` calls a run of `sets` makes (for a progress bar)."""
    return (sum(len(c.turns) for c in sets.conversations) + len(sets.intents) + len(sets.questions)
            + len(sets.coverage))


def _observe_all(assistant: Assistant, sets: StudentSets, on_request: Callable[[], None] | None) -> list[Observation]:
    observations: list[Observation] = []

    def record(observation: Observation) -> None:
        observations.append(observation)
        if on_request:
            on_request()

    for conversation in sets.conversations:
        history = Conversation()
        for number, turn in enumerate(conversation.turns, start=1):
            result = ask_as_user(assistant, turn.question, history=history.turns)
            history.add(result)
            record(observe(assistant, result, source="conversations", id=f"{conversation.id}#{number}",
                           split=conversation.split, kind=turn.kind, expected_intent=turn.intent,
                           expected_topics=turn.expected_topics, expected_week=turn.week))
    for request in sets.intents:
        record(observe(assistant, ask_as_user(assistant, request.text), source="intents", id=request.id,
                       split=request.split, kind="intents", voice=request.voice, expected_intent=request.intent,
                       expected_topics=request.topic_ids, expected_week=request.week, expected_count=request.count))
    for single in sets.questions:
        record(observe(assistant, ask_as_user(assistant, single.question), source="questions", id=single.id,
                       split=single.split, kind="questions", voice=single.voice, expected_intent="answer",
                       expected_topics=single.expected_topics))
    for near in sets.coverage:
        record(observe(assistant, ask_as_user(assistant, near.question), source="coverage", id=near.id,
                       split=near.split, kind="coverage", expected_coverage=near.coverage,
                       expected_intent="out_of_scope" if near.coverage == "none" else "answer",
                       expected_topics=near.expected_topics))
    return observations


def requests_of(observations: Sequence[Observation], source: Source) -> list[Observation]:
    return [o for o in observations if o.source == source]
