"""The quiz's typed contract: what `dlstudy quiz --json`, grading, progress and the UI exchange.

Kept apart from the generator so that the candidate, distractor and quiz modules can all build
questions without importing each other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, Field

from assistant.progress import QuestionType
from core.course import Topic

# What a question asks, beyond its answer format (`type`): a definition to recognise, a concept
# to name from its definition, a key term to fill in, a statement to judge, or an open answer.
QuestionStyle = Literal["definition", "identification", "cloze", "true_false", "open"]
SourceKind = Literal["article", "checklist"]
TRUE, FALSE = "True", "False"


class QuizSource(BaseModel):
    topic: str  # the checklist title, verbatim
    url: str
    source: SourceKind


class QuizQuestion(BaseModel):
    id: str
    type: QuestionType
    topic_id: str
    week: int
    question: str
    options: list[str]  # mcq only; empty otherwise
    answer: str  # mcq: one of the options verbatim; cloze: the blanked term; open: a reference answer
    explanation: str
    source: QuizSource
    style: QuestionStyle | None = None  # None only for questions stored by older versions


class SkippedTopic(BaseModel):
    """A topic the quiz left out, and why (its material states nothing a question can test)."""

    topic_id: str
    topic: str
    reason: str


class Quiz(BaseModel):
    """`dlstudy quiz --json`."""

    week: int
    questions: list[QuizQuestion]
    skipped: list[SkippedTopic] = Field(default_factory=list)


class OpenQuestion(BaseModel):
    """What an open-question writer (an LLM) returns for a topic and its material."""

    question: str
    answer: str
    explanation: str = ""


OpenQuestionWriter = Callable[[Topic, str], OpenQuestion | None]
