"""The study assistant: answers, quizzes, syllabus and progress over an ingested course.

The names in `__all__` are its public surface; `ui`, `eval` and the CLI import them from here.
They load on first use (PEP 562), so `from assistant import AskResult` does not pull in the
retrieval and language-model stack that `Assistant` needs, and `dlstudy --help` stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "AskResult": "assistant.models",
    "Assistant": "assistant.service",
    "Citation": "assistant.models",
    "Conversation": "assistant.conversation",
    "Coverage": "assistant.models",
    "Grade": "assistant.grading",
    "IntentKind": "assistant.models",
    "ProgressReport": "assistant.progress_report",
    "ProgressStore": "assistant.progress",
    "Quiz": "assistant.quiz_models",
    "QuizQuestion": "assistant.quiz_models",
    "QuizSource": "assistant.quiz_models",
    "TopicSuggestion": "assistant.models",
    "Turn": "assistant.models",
}

__all__ = ["AskResult", "Assistant", "Citation", "Conversation", "Coverage", "Grade", "IntentKind",
           "ProgressReport", "ProgressStore", "Quiz", "QuizQuestion", "QuizSource", "TopicSuggestion", "Turn"]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name]), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:
    from assistant.conversation import Conversation
    from assistant.grading import Grade
    from assistant.models import AskResult, Citation, Coverage, IntentKind, TopicSuggestion, Turn
    from assistant.progress import ProgressStore
    from assistant.progress_report import ProgressReport
    from assistant.quiz_models import Quiz, QuizQuestion, QuizSource
    from assistant.service import Assistant
