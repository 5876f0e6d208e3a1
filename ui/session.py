"""What one browser session remembers between reruns, as typed objects in `st.session_state`.

Streamlit reruns the whole script on every interaction; these small classes are the state that
survives a rerun (the chat, the running quiz, which tab to show). Anything that must survive a
restart (studied topics, quiz attempts) lives in the progress database instead.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Literal

import streamlit as st

from assistant import AskResult, Grade, QuizQuestion

TABS = (":material/forum: Chat", ":material/quiz: Quiz", ":material/insights: Progress")
CHAT, QUIZ, PROGRESS = TABS
TAB_KEY = "view"
WEEK_KEY = "week"


@dataclass
class ChatTurn:
    role: Literal["user", "assistant"]
    text: str
    result: AskResult | None = None  # an assistant turn's full result (sources, notes)
    error: str | None = None  # a UserError's one line, shown instead of an answer


@dataclass
class QuizOutcome:
    question: QuizQuestion
    response: str
    grade: Grade


@dataclass
class QuizRun:
    """A quiz in progress: one question at a time, each graded as soon as it is answered."""

    week: int
    questions: list[QuizQuestion]
    outcomes: list[QuizOutcome] = field(default_factory=list)
    index: int = 0  # the question on screen; it stays there, graded, until the user moves on
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])  # widget keys per run

    @property
    def current(self) -> QuizQuestion:
        return self.questions[self.index]

    @property
    def current_outcome(self) -> QuizOutcome | None:
        return self.outcomes[self.index] if len(self.outcomes) > self.index else None

    @property
    def finished(self) -> bool:
        return self.index >= len(self.questions)

    @property
    def correct(self) -> int:
        return sum(o.grade.correct for o in self.outcomes)


def chat_history() -> list[ChatTurn]:
    return st.session_state.setdefault("chat", [])


def active_quiz() -> QuizRun | None:
    return st.session_state.get("quiz")


def start_quiz(run: QuizRun) -> None:
    st.session_state["quiz"] = run
    go_to(QUIZ)


def end_quiz() -> None:
    st.session_state.pop("quiz", None)


def go_to(tab: str) -> None:
    """Show `tab` on the next run. Tabs are a widget, so the switch happens before they are drawn."""
    st.session_state["goto"] = tab


def apply_navigation() -> None:
    if "goto" in st.session_state:
        st.session_state[TAB_KEY] = st.session_state.pop("goto")


def queue_question(question: str) -> None:
    """Ask `question` after any already waiting: a suggestion button's or the input's callback.
    A queue, not a slot: a question sent while another is answered must not replace it."""
    st.session_state.setdefault("pending_questions", []).append(question)


def queue_typed_question() -> None:
    """The chat input's callback: runs before the rerun it causes, even one that interrupts a
    run still answering the question before."""
    typed = st.session_state.get("question")
    if typed:
        queue_question(typed)


def next_queued_question() -> str | None:
    """The oldest waiting question. It stays queued until `answered`: a run interrupted while
    answering it (another submit) answers it again on the next run instead of dropping it."""
    waiting = st.session_state.get("pending_questions") or []
    return waiting[0] if waiting else None


def answered() -> None:
    waiting = st.session_state.get("pending_questions") or []
    if waiting:
        waiting.pop(0)
