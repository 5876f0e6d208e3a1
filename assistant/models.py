"""The assistant's typed results: what `dlstudy ask --json`, the chat REPL, the UI and the
evaluation all consume (shape: shared/docs/cli-contract.md)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

IntentKind = Literal["answer", "quiz", "syllabus", "progress", "out_of_scope"]


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
    quiz: list[dict[str, Any]] | None = None
