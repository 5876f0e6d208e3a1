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
from assistant.coverage import answer_topics, judge_coverage
from assistant.followup import resolve
from assistant.grading import Grade, grade
from assistant.guard import check_grounded
from assistant.intents import Intent, request_subject
from assistant.models import AskResult, Timings, TopicSuggestion, Turn
from assistant.open_questions import llm_judge, llm_question_writer
from assistant.progress import ProgressStore, QuizAttempt
from assistant.quiz import Quiz, QuizMaterial, QuizQuestion, make_quiz
from assistant.rerank import TopicReranker
from assistant.retrieval import CourseRetriever, Retrieval
from assistant.router import Router
from assistant.scope import IN_SCOPE_MIN_SCORE
from assistant.topics import TopicMatcher
from core.course import Course, course_for, progress_path
from core.errors import UserError, WeekOutOfRange
from core.settings import Settings
from ingest.embedding import Embedder

NOT_COVERED = "The course does not cover that."
REFUSE_INSTRUCTIONS = ("I can only help with the Deep Learning course material, and I don't share my "
                       "instructions. Ask me about a course topic, or say \"quiz me on week 5\".")

SENTENCE_MEMO = 20_000  # remembered sentence vectors (about 30 MB at most)

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
        self.course = course or course_for(settings.paths)  # the course of the index it opens
        self.provider = provider or settings.provider
        if self.provider not in providers.available_providers():
            raise UserError(f"unknown provider {self.provider!r}; choose one of "
                            f"{', '.join(providers.available_providers())}")
        providers.require_provider(self.provider)  # a missing optional extra: one line, exit 2
        self.matcher = TopicMatcher(self.course)
        self._sentence_vectors: dict[str, list[float]] = {}

    @cached_property
    def embedder(self) -> Embedder:
        return Embedder(self.settings)

    @cached_property
    def retriever(self) -> CourseRetriever:
        return CourseRetriever(self.settings, self.course, self.embedder, self.matcher)

    @cached_property
    def reranker(self) -> TopicReranker:
        """Retrieval with a topic-level second look (`assistant.rerank`): what handlers search."""
        cache = self.settings.data_dir if self.settings.data_dir.is_dir() else None
        return TopicReranker(self.retriever, self.course, self.embedder.embed_documents, self.embedder.model_id,
                             cache)

    @cached_property
    def router(self) -> Router:
        cache = self.settings.data_dir if self.settings.data_dir.is_dir() else None
        return Router(self.course, self.matcher, self.embed_sentences, self.embedder.model_id, cache)

    def embed_sentences(self, texts: list[str]) -> list[list[float]]:
        """Vectors for answer sentences, remembered: the same passages come back often."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._sentence_vectors]
        if missing:
            for text, vector in zip(missing, self.embedder.embed_documents(missing), strict=True):
                self._sentence_vectors[text] = vector
            while len(self._sentence_vectors) > SENTENCE_MEMO:
                self._sentence_vectors.pop(next(iter(self._sentence_vectors)))
        return [self._sentence_vectors[t] for t in texts]

    def _extractive(self, question: str, retrieval: Retrieval) -> str:
        return extractive_answer(question, retrieval.hits, self.embed_sentences, answer_topics(retrieval))

    @cached_property
    def quiz_material(self) -> QuizMaterial | None:
        """Article passages and topic vectors from the index, for better questions and
        distractors; None before the first ingest."""
        return QuizMaterial.from_index(self.settings, self.embedder.model_id)

    @cached_property
    def progress(self) -> ProgressStore:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        return ProgressStore(progress_path(self.settings.paths, self.course), self.course)

    @cached_property
    def _generator(self):
        if self.provider == "extractive":
            return extractive_chain(self.embed_sentences)
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
        strength = self._strength
        resolution = resolve(question, history, self.course, self.matcher, strength)
        standalone = resolution.text
        searched, vector = self.retriever.embed(standalone)
        routed = self.router.route(standalone, searched, strength)
        intent = routed.intent
        if intent.week_out_of_range is not None:
            raise WeekOutOfRange(intent.week_out_of_range, len(self.course.weeks))
        scope = week or intent.week
        base = {"question": question, "standalone_question": standalone, "week": scope,
                "provider": self.provider}
        if intent.kind == "out_of_scope":
            result = AskResult(intent="out_of_scope", answer=REFUSE_INSTRUCTIONS, grounded=True,
                               coverage="none", **base)
        elif intent.kind == "syllabus":
            result = self._syllabus_request(scope, searched, base, intent.topic_ids)
        elif intent.kind == "progress":
            answer = self.describe_due() if routed.review else self.describe_progress()
            result = AskResult(intent="progress", answer=answer, grounded=True, **base)
        elif intent.kind == "quiz":
            result = self._quiz_request(intent, scope, resolution.topic_ids, searched, vector, base)
        else:
            result = self._answer(searched, vector, scope, k or self.settings.top_k, on_token, base,
                                  off_course_vote=routed.off_course_vote)
        result.timings_ms.total = round((time.perf_counter() - started) * 1000, 2)
        if on_token and result.intent != "answer":
            on_token(result.answer)
        return result

    def _strength(self, text: str) -> float:
        """How well the course answers `text` on its own (retrieval's scope score)."""
        return self.retriever.search(text, k=1).scope_score

    def _quiz_request(self, intent: Intent, week: int | None, carried: list[str], searched: str,
                      vector: Sequence[float], base: dict) -> AskResult:
        """A quiz on a week, a named topic, the topic of the conversation, or on what the request
        is about; a quiz on something the course does not cover is refused with its neighbours."""
        topic_ids = intent.topic_ids or ([] if week else carried)
        if not week and not topic_ids and (subject := request_subject(searched)):
            retrieval = self.reranker.search(subject, k=3)
            if retrieval.scope_score < IN_SCOPE_MIN_SCORE:
                return self._refusal(retrieval, base, "quiz you on that")
            topic_ids = [retrieval.hits[0].topic.topic_id]
        quiz = self.make_quiz_for(intent.count, week, topic_ids)
        return AskResult(intent="quiz", answer=describe_quiz(quiz, self.course), grounded=True,
                         quiz=[q.model_dump() for q in quiz.questions], **{**base, "week": quiz.week})

    def _syllabus_request(self, week: int | None, searched: str, base: dict,
                          named: Sequence[str] = ()) -> AskResult:
        """A week's outline, the course's, or where a topic sits in it ("which week covers
        transformers?"); a syllabus of something the course does not teach is refused."""
        subject = request_subject(searched, "syllabus")
        if week or not (subject or named):
            return AskResult(intent="syllabus", answer=self.describe_week(week), grounded=True, **base)
        if named:
            topic = self.course.topic(named[0])
        else:
            retrieval = self.reranker.search(subject, k=3)
            if retrieval.scope_score < IN_SCOPE_MIN_SCORE:
                return self._refusal(retrieval, base, "outline it")
            topic = self.course.topic(retrieval.hits[0].topic.topic_id)
        week_title = self.course.week(topic.week).title
        answer = (f"{topic.title} is in week {topic.week} ({week_title}). "
                  f"{self.describe_week(topic.week)}")
        return AskResult(intent="syllabus", answer=answer, grounded=True, **{**base, "week": topic.week})

    def _refusal(self, retrieval: Retrieval, base: dict, what: str = "") -> AskResult:
        suggestions = [TopicSuggestion(topic_id=h.topic.topic_id, topic=h.topic.title, week=h.topic.week)
                       for h in retrieval.hits[:3]]
        nearest = "; ".join(f"{s.topic} (week {s.week})" for s in suggestions)
        lead = f"{NOT_COVERED[:-1]}, so I cannot {what}." if what else NOT_COVERED
        answer = f"{lead} The nearest course topics are: {nearest}." if nearest else lead
        return AskResult(intent="out_of_scope", answer=answer, grounded=True, coverage="none",
                         retrieved=retrieval.topic_ids,
                         suggestions=suggestions, scope_score=retrieval.scope_score, **base)

    def _answer(self, question: str, vector: Sequence[float], week: int | None, k: int,
                on_token: TokenSink | None, base: dict, off_course_vote: bool = False) -> AskResult:
        started = time.perf_counter()
        retrieval = self.reranker.search(question, k=k, weeks=[week] if week else None, vector=vector,
                                         off_course_vote=off_course_vote)
        retrieved_ms = (time.perf_counter() - started) * 1000
        notes = [f"Week {week} had little on this, so I searched the whole course."] if retrieval.widened else []
        timings = Timings(retrieve=round(retrieved_ms, 2))
        near = retrieval.near_course and bool(self.retriever.missing_terms(question))
        if not (retrieval.in_scope or near):
            result = self._refusal(retrieval, base)
            result.notes, result.timings_ms = notes, timings
            return result
        coverage = judge_coverage(question, retrieval, self.retriever)
        generated = self._generate(question, retrieval, None if coverage.partial else on_token)
        answer, citations = cite(generated.text, retrieval.hits)
        if coverage.partial:
            answer = f"{coverage.preface(self.course)} {answer}".strip()
            if on_token:
                on_token(answer)
        timings.generate = round((time.perf_counter() - started) * 1000 - retrieved_ms, 2)
        return AskResult(intent="answer", answer=answer, citations=citations, grounded=generated.grounded,
                         notes=notes + generated.notes, fallback=generated.fallback,
                         retrieved=retrieval.topic_ids,
                         coverage=coverage.label, scope_score=retrieval.scope_score,
                         suggestions=coverage.suggestions, timings_ms=timings, **base)

    def _generate(self, question: str, retrieval: Retrieval, on_token: TokenSink | None) -> _Generated:
        """The provider's answer if the guard accepts it, else the extractive one with a note."""
        payload = {"question": question, "hits": retrieval.hits, "topics": answer_topics(retrieval)}
        if self.provider == "extractive":
            text = self._generator.invoke(payload)
            if on_token:
                on_token(text)
            return _Generated(text)
        try:
            text = "".join(_streamed(self._generator.stream(payload), on_token))
        except Exception as error:  # any provider failure degrades to the extractive answer
            reason = providers.describe_failure(self.provider, self.settings, error)
            return _Generated(self._extractive(question, retrieval),
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
        return _Generated(self._extractive(question, retrieval), fallback="unsupported",
                          notes=[f"The {self.provider} answer was not supported by the course passages, "
                                 "so this is the extractive answer instead."])

    # -- quizzes, syllabus, progress ------------------------------------------------------------

    def make_quiz_for(self, count: int | None, week: int | None, topic_ids: Sequence[str]) -> Quiz:
        topic_id = topic_ids[0] if topic_ids and not week else None
        if topic_id:
            week = self.course.topic(topic_id).week
        return self.quiz(week or self._suggested_week(), n=count or 5, topic_id=topic_id)

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
                         material=self.quiz_material,
                         open_question_writer=writer)

    def answer_quiz(self, question: QuizQuestion, response: str, duration_s: float | None = None) -> Grade:
        """Grade one answer and record it in progress (moving the topic's Leitner box)."""
        judge = None
        if self.settings.llm_judge and providers.provider_info(self.provider, self.settings).generative:
            judge = llm_judge(providers.chat_model(self.provider, self.settings))
        result = grade(question, response, embedder=self.embedder if question.type == "open" else None,
                       judge=judge)
        self.progress.record_attempt(QuizAttempt(
            topic_id=question.topic_id, week=question.week, question_id=question.id,
            question_type=question.type, correct=result.correct, score=result.score, response=response,
            duration_s=duration_s))
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
            return f"The course has {len(self.course.weeks)} weeks: " + "; ".join(
                f"week {w.week}: {w.title} ({len(w.topics)} topics)" for w in self.course.weeks) + "."
        w = self.course.week(week)
        return f"Week {w.week}: {w.title} covers {len(w.topics)} topics: " + ", ".join(
            t.title for t in w.topics) + "."

    def describe_due(self) -> str:
        """What is due for review today, for "what should I review today?"."""
        from assistant.review import Reviewer

        due = Reviewer.from_settings(self.settings, self.progress, self.course).due_topics()
        if not due:
            return ("Nothing is due for review today. " + self.describe_progress())
        titles = ", ".join(topic.title for topic in due[:8])
        more = f" and {len(due) - 8} more" if len(due) > 8 else ""
        return (f"Due for review today: {titles}{more}. Review them with `dlstudy review` "
                "or in the Review tab.")

    def describe_progress(self) -> str:
        return self.progress.report(self.course).headline()


def describe_quiz(quiz: Quiz, course: Course) -> str:
    """One line on what the quiz holds, and which topics it left out and why."""
    about = (f"{course.topic(quiz.questions[0].topic_id).title}" if quiz.questions
             and len({q.topic_id for q in quiz.questions}) == 1 else f"week {quiz.week}")
    count = len(quiz.questions)
    text = (f"Here is a quiz on {about}: {count} question{'s' if count != 1 else ''}." if count
            else f"I have no questions on {about} yet.")
    if quiz.skipped:
        left = "; ".join(f"{s.topic} ({s.reason})" for s in quiz.skipped[:3])
        more = f" and {len(quiz.skipped) - 3} more" if len(quiz.skipped) > 3 else ""
        text += f" Left out: {left}{more}."
    return text


def _streamed(tokens, on_token: TokenSink | None):
    for token in tokens:
        if on_token:
            on_token(token)
        yield token
