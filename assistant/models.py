"""The assistant's typed results: what `dlstudy ask --json`, the chat REPL, the UI and the
evaluation all consume (shape: docs/cli.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.quiz_models import QuizQuestion

IntentKind = Literal["answer", "quiz", "syllabus", "progress", "out_of_scope"]
# How well the course covers an answered question: it explains it, it has only neighbouring
# topics (the answer says so first and names them), or nothing relevant (a refusal).
Coverage = Literal["covered", "partial", "none"]


class Citation(BaseModel):
    week: int
    topic: str  # the checklist title, verbatim
    topic_id: str
    url: str
    source: Literal["article", "checklist"]
    heading: str = ""
    chunk_id: str = ""
    snippet: str
    score: float  # cosine similarity of the passage to the question


class TopicSuggestion(BaseModel):
    """A nearby course topic offered when the question itself is out of scope."""

    topic_id: str
    topic: str
    week: int


class Timings(BaseModel):
    retrieve: float = 0.0
    generate: float = 0.0
    total: float = 0.0


class AskResult(BaseModel):
    question: str
    intent: IntentKind
    week: int | None
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    grounded: bool
    provider: str
    timings_ms: Timings = Field(default_factory=Timings)
    notes: list[str] = Field(default_factory=list)  # widened scope, fallbacks: shown to the user
    # Why the provider's answer was replaced by the extractive one, if it was: a warning for the UI.
    fallback: Literal["unreachable", "unsupported"] | None = None
    retrieved: list[str] = Field(default_factory=list)  # topic ids in retrieval order (for eval)
    suggestions: list[TopicSuggestion] = Field(default_factory=list)
    quiz: list[QuizQuestion] | None = None
    # The question as searched, after resolving it against the conversation ("Why is it used in
    # BERT?" after "What is GELU?" -> "Why is GELU used in BERT?"); the question itself otherwise.
    standalone_question: str = ""
    coverage: Coverage | None = None  # None for quiz, syllabus and progress
    # How surely the course covers the question (several retrieval signals, one number); the
    # refusal threshold is drawn on it. None when nothing was searched.
    scope_score: float | None = None
    # The topics a syllabus reply places ("Winograd Convolution is in week 9"): what a later "it"
    # refers to, though the reply cites nothing.
    placed: list[str] = Field(default_factory=list, exclude=True)

    def as_turn(self) -> Turn:
        """What a later follow-up needs to know about this exchange."""
        topics = [c.topic_id for c in self.citations] or [q.topic_id for q in self.quiz or []] or self.placed
        return Turn(question=self.question, standalone_question=self.standalone_question or self.question,
                    answer=self.answer, intent=self.intent, week=self.week,
                    topic_ids=list(dict.fromkeys(topics)), sources=[c.topic_id for c in self.citations])


class Turn(BaseModel):
    """One earlier exchange of a conversation, as follow-ups are resolved against it."""

    question: str
    standalone_question: str
    answer: str
    intent: IntentKind
    week: int | None = None
    topic_ids: list[str] = Field(default_factory=list)  # cited or quizzed topics, best first
    sources: list[str] = Field(default_factory=list)  # the topic of each numbered source ("[2]"), in order
