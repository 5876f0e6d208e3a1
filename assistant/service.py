"""The Assistant: one object the CLI, the chat REPL, the UI and the evaluation all talk to.

It routes a request (answer, quiz, syllabus, progress, out of scope), retrieves, generates with
the configured provider, checks the answer against the passages, and falls back to the
extractive answer whenever a provider fails or writes something the course does not support.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from assistant import providers
from assistant.answering import (
    cite,
    extractive_answer,
    extractive_chain,
    generative_chain,
    strip_markers,
)
from assistant.grading import Grade, grade
from assistant.guard import check_grounded
from assistant.intents import Intent, WeekOutOfRange, route
from assistant.models import AskResult, Timings, TopicSuggestion, Turn
from assistant.open_questions import llm_judge, llm_question_writer
from assistant.progress import ProgressStore, QuizAttempt
from assistant.quiz import Quiz, QuizQuestion, make_quiz
from assistant.retrieval import CourseRetriever, Retrieval
from assistant.topics import TopicMatcher
from ingest.course import Course, load_course
from ingest.embedding import Embedder
from ingest.errors import UserError
from ingest.settings import Settings

NOT_COVERED = "The course does not cover that."
REFUSE_INSTRUCTIONS = ("I can only help with the Deep Learning course material, and I don't share my "
                       "instructions. Ask me about a course topic, or say \"quiz me on week 5\".")

TokenSink = Callable[[str], None]


@dataclass
class _Generated:
    """An answer's text before citation, and whether (and why) it is the extractive stand-in."""

    text: str
    grounded: bool = True
    notes: list[str] = field(default_factory=list)
    fallback: Literal["unreachable", "unsupported"] | None = None


class Assistant:
    def __init__(self, settings: Settings, course: Course | None = None, provider: str | None = None) -> None:
        self.settings = settings
        self.course = course or load_course()
        self.provider = provider or settings.provider
        if self.provider not in providers.available_providers():
            raise UserError(f"unknown provider {self.provider!r}; choose one of "
                            f"{', '.join(providers.available_providers())}")
        providers.require_provider(self.provider)  # a missing optional extra: one line, exit 2
        self.matcher = TopicMatcher(self.course)

    @cached_property
    def embedder(self) -> Embedder:
        return Embedder(self.settings)

    @cached_property
    def retriever(self) -> CourseRetriever:
        return CourseRetriever(self.settings, self.course, self.embedder, self.matcher)

    @cached_property
    def progress(self) -> ProgressStore:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        return ProgressStore(self.settings.paths.progress, self.course)

    @cached_property
    def _generator(self):
        if self.provider == "extractive":
            return extractive_chain()
        return generative_chain(providers.chat_model(self.provider, self.settings))

    # -- validation -------------------------------------------------------------------------

    def check_question(self, question: str) -> str:
        question = " ".join(question.split())
        if not question:
            raise UserError("the question is empty; ask about the course, e.g. "
                            "dlstudy ask \"Why is GELU used in BERT?\"")
        cap = self.settings.max_question_chars
        if len(question) > cap:
            raise UserError(f"the question is {len(question)} characters long; the limit is {cap}, "
                            "so shorten it")
        return question

    def check_week(self, week: int | None) -> None:
        if week is not None:
            self.course.require_week(week)

    # -- asking -----------------------------------------------------------------------------

    def ask(self, question: str, week: int | None = None, k: int | None = None,
            on_token: TokenSink | None = None, history: Sequence[Turn] = ()) -> AskResult:
        """Answer one request; `history` is the conversation so far, oldest first."""
        started = time.perf_counter()
        question = self.check_question(question)
        self.check_week(week)
        intent = route(question, self.course, self.matcher)
        if intent.week_out_of_range is not None:
            raise WeekOutOfRange(intent.week_out_of_range, len(self.course.weeks))
        scope = week or intent.week
        base = {"question": question, "week": scope, "provider": self.provider}
        if intent.kind == "out_of_scope":
            result = AskResult(intent="out_of_scope", answer=REFUSE_INSTRUCTIONS, grounded=True, **base)
        elif intent.kind == "syllabus":
            result = AskResult(intent="syllabus", answer=self.describe_week(scope), grounded=True, **base)
        elif intent.kind == "progress":
            result = AskResult(intent="progress", answer=self.describe_progress(), grounded=True, **base)
        elif intent.kind == "quiz":
            quiz = self.make_quiz_for(intent, scope)
            result = AskResult(intent="quiz", answer=f"Here is a quiz on week {quiz.week}: "
                               f"{len(quiz.questions)} questions.", grounded=True,
                               quiz=[q.model_dump() for q in quiz.questions], **{**base, "week": quiz.week})
        else:
            result = self._answer(question, scope, k or self.settings.top_k, on_token, base)
        result.standalone_question = result.standalone_question or question
        result.timings_ms.total = round((time.perf_counter() - started) * 1000, 2)
        if on_token and intent.kind != "answer":
            on_token(result.answer)
        return result

    def _answer(self, question: str, week: int | None, k: int, on_token: TokenSink | None,
                base: dict) -> AskResult:
        started = time.perf_counter()
        retrieval = self.retriever.search(question, k=k, weeks=[week] if week else None)
        retrieved_ms = (time.perf_counter() - started) * 1000
        notes = [f"Week {week} had little on this, so I searched the whole course."] if retrieval.widened else []
        retrieved = list(dict.fromkeys(hit.topic.topic_id for hit in retrieval.hits))
        if not retrieval.in_scope:
            suggestions = [TopicSuggestion(topic_id=h.topic.topic_id, topic=h.topic.title, week=h.topic.week)
                           for h in retrieval.hits[:3]]
            nearest = "; ".join(f"{s.topic} (week {s.week})" for s in suggestions)
            answer = f"{NOT_COVERED} The nearest course topics are: {nearest}." if nearest else NOT_COVERED
            return AskResult(intent="out_of_scope", answer=answer, grounded=True, notes=notes,
                             retrieved=retrieved, suggestions=suggestions,
                             timings_ms=Timings(retrieve=round(retrieved_ms, 2)), **base)
        generated = self._generate(question, retrieval, on_token)
        answer, citations = cite(generated.text, retrieval.hits)
        return AskResult(intent="answer", answer=answer, citations=citations, grounded=generated.grounded,
                         notes=notes + generated.notes, fallback=generated.fallback, retrieved=retrieved,
                         timings_ms=Timings(retrieve=round(retrieved_ms, 2),
                                            generate=round((time.perf_counter() - started) * 1000 - retrieved_ms, 2)),
                         **base)

    def _generate(self, question: str, retrieval: Retrieval, on_token: TokenSink | None) -> _Generated:
        """The provider's answer if the guard accepts it, else the extractive one with a note."""
        payload = {"question": question, "hits": retrieval.hits}
        if self.provider == "extractive":
            text = self._generator.invoke(payload)
            if on_token:
                on_token(text)
            return _Generated(text)
        try:
            text = "".join(_streamed(self._generator.stream(payload), on_token))
        except Exception as error:  # any provider failure degrades to the extractive answer
            reason = providers.describe_failure(self.provider, self.settings, error)
            return _Generated(extractive_answer(question, retrieval.hits),
                              notes=[f"{reason} Showing the extractive answer."], fallback="unreachable")
        verdict = check_grounded(strip_markers(text), [hit.chunk.text for hit in retrieval.hits])
        if not self.settings.guard:  # unchecked: only for measuring what the guard is worth
            return _Generated(text, grounded=verdict.grounded,
                              notes=["The groundedness guard is off; this answer is unchecked."])
        # Sentences with nothing to check ("The answer to your question is:") say nothing; repeats
        # say nothing new. What is left must be non-empty and every sentence supported.
        claims = list({s.text: s for s in verdict.sentences if s.passage_index is not None}.values())
        if verdict.grounded and claims:
            # Cite each sentence by the passage the guard found supporting it, whatever the model
            # wrote as markers: a small model's [n] are often missing or wrong.
            return _Generated(" ".join(f"{s.text} [{s.passage_index + 1}]" for s in claims))
        return _Generated(extractive_answer(question, retrieval.hits), fallback="unsupported",
                          notes=[f"The {self.provider} answer was not supported by the course passages, "
                                 "so this is the extractive answer instead."])

    # -- quizzes, syllabus, progress ------------------------------------------------------------

    def make_quiz_for(self, intent: Intent, week: int | None) -> Quiz:
        topic_id = intent.topic_ids[0] if intent.topic_ids and not week else None
        if topic_id:
            week = self.course.topic(topic_id).week
        return self.quiz(week or self._suggested_week(), n=intent.count or 5, topic_id=topic_id)

    def quiz(self, week: int, n: int = 5, topic_id: str | None = None) -> Quiz:
        self.check_week(week)
        if topic_id is not None:
            self.course.require_topic(topic_id)
        if not 1 <= n <= 50:
            raise UserError(f"--n {n} is out of range; ask for 1 to 50 questions")
        writer = None
        if providers.provider_info(self.provider, self.settings).generative:
            writer = llm_question_writer(providers.chat_model(self.provider, self.settings))
        return make_quiz(self.course, week, n, topic_id=topic_id, progress=self.progress,
                         open_question_writer=writer)

    def answer_quiz(self, question: QuizQuestion, response: str) -> Grade:
        """Grade one answer and record it in progress (moving the topic's Leitner box)."""
        judge = None
        if self.settings.llm_judge and providers.provider_info(self.provider, self.settings).generative:
            judge = llm_judge(providers.chat_model(self.provider, self.settings))
        result = grade(question, response, embedder=self.embedder if question.type == "open" else None,
                       judge=judge)
        self.progress.record_attempt(QuizAttempt(
            topic_id=question.topic_id, week=question.week, question_id=question.id,
            question_type=question.type, correct=result.correct, score=result.score, response=response))
        return result

    def _suggested_week(self) -> int:
        """The first week not yet fully studied: where a student most likely is."""
        studied = self.progress.studied_topics()
        for week in self.course.weeks:
            if any(topic.id not in studied for topic in week.topics):
                return week.week
        return 1

    def describe_week(self, week: int | None) -> str:
        if week is None:
            return "The course has 13 weeks: " + "; ".join(
                f"week {w.week}: {w.title} ({len(w.topics)} topics)" for w in self.course.weeks) + "."
        w = self.course.week(week)
        return f"Week {w.week}: {w.title} covers {len(w.topics)} topics: " + ", ".join(
            t.title for t in w.topics) + "."

    def describe_progress(self) -> str:
        return self.progress.report(self.course).headline()


def _streamed(tokens, on_token: TokenSink | None):
    for token in tokens:
        if on_token:
            on_token(token)
        yield token
