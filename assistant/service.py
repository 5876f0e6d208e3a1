"""The Assistant: one object the CLI, the chat REPL, the UI and the evaluation all talk to.

It validates a request, resolves it against the conversation, routes it (answer, quiz, syllabus,
progress, out of scope) and hands it to that intent's handler in `assistant.handlers`; it also
holds what the handlers share (the retriever, the generator, progress and its review schedule)
and makes and grades quizzes.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from functools import cached_property

from assistant import providers
from assistant.answering import AnswerChain, extractive_chain, generative_chain
from assistant.autocorrect import heard_again, title_words
from assistant.distractors import TopicSpace
from assistant.ellipsis import without_opener
from assistant.followup import resolve
from assistant.grading import Grade, grade
from assistant.handlers import Request, dispatch
from assistant.handlers.registry import TokenSink
from assistant.models import AskResult, Turn
from assistant.open_questions import llm_judge, llm_question_writer
from assistant.progress import ProgressStore, QuizAttempt
from assistant.quiz import Quiz, QuizMaterial, QuizQuestion, make_quiz, quiz_bank
from assistant.request_subjects import request_subject
from assistant.rerank import TopicReranker
from assistant.retrieval import CourseRetriever
from assistant.review import Reviewer
from assistant.router import Router
from assistant.schedule import pick_topics
from assistant.several import conversation_topics
from assistant.topics import TopicMatcher
from core.course import Course, course_for, progress_path
from core.embedding_models import score_profile
from core.errors import UserError, WeekOutOfRange
from core.settings import Settings
from ingest.embedding import Embedder
from ingest.sentence_vectors import SentenceVectors

SENTENCE_MEMO = 20_000  # remembered sentence vectors (about 30 MB at most)


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

    def prepare(self) -> None:
        """Build what a first question needs and keeps beside the index (the topic vectors, the
        intent model), so that the first question after an ingest is as quick as the next."""
        _ = self.reranker, self.router.model

    @cached_property
    def retriever(self) -> CourseRetriever:
        return CourseRetriever(self.settings, self.course, self.embedder, self.matcher)

    @cached_property
    def reranker(self) -> TopicReranker:
        """Retrieval with a topic-level second look (`assistant.rerank`): what handlers search."""
        cache = self.settings.data_dir if self.settings.data_dir.is_dir() else None
        return TopicReranker(self.retriever, self.course, self.embedder.embed_documents, self.embedder.model_id,
                             cache, profile=score_profile(self.settings.embedding_model),
                             shared_cache=self.settings.cache_dir)

    @cached_property
    def router(self) -> Router:
        cache = self.settings.data_dir if self.settings.data_dir.is_dir() else None
        return Router(self.course, self.matcher, self.embed_sentences, self.embedder.model_id, cache,
                      vocabulary=self.retriever.lexical.known)

    @cached_property
    def passage_sentences(self) -> SentenceVectors | None:
        """The sentence vectors ingest made for the index's passages (None for an index made
        before there were any: its sentences are then embedded as answers need them)."""
        return SentenceVectors.open_existing(self.settings.paths.sentence_vectors(self.embedder.model_id))

    def embed_sentences(self, texts: list[str]) -> list[list[float]]:
        """Vectors for answer sentences: made at ingest, else computed and remembered (the same
        passages come back often)."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._sentence_vectors]
        if missing and self.passage_sentences is not None:
            for text, stored in self.passage_sentences.get(missing).items():
                self._sentence_vectors[text] = stored.tolist()
            missing = [t for t in missing if t not in self._sentence_vectors]
        if missing:
            for text, vector in zip(missing, self.embedder.embed_documents(missing), strict=True):
                self._sentence_vectors[text] = vector
            while len(self._sentence_vectors) > SENTENCE_MEMO:
                self._sentence_vectors.pop(next(iter(self._sentence_vectors)))
        return [self._sentence_vectors[t] for t in texts]

    @cached_property
    def quiz_material(self) -> QuizMaterial | None:
        """Article passages and topic vectors from the index, for better questions and
        distractors; None before the first ingest."""
        return QuizMaterial.from_index(self.settings, self.embedder.model_id)

    @cached_property
    def topic_space(self) -> TopicSpace:
        """How close two topics are: a quiz on topics with nothing to ask falls back on the nearest."""
        material = self.quiz_material
        return TopicSpace(self.course, material.vectors if material else None)

    @cached_property
    def progress(self) -> ProgressStore:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        return ProgressStore(progress_path(self.settings.paths, self.course), self.course)

    @cached_property
    def reviewer(self) -> Reviewer:
        """The FSRS review schedule: what is due, for the review, progress and the quiz alike."""
        return Reviewer.from_settings(self.settings, self.progress, self.course)

    @cached_property
    def generator(self) -> AnswerChain:
        """The chain that writes an answer from the passages (built once: a model loads once)."""
        if self.provider == "extractive":
            return extractive_chain(self.embed_sentences)
        return generative_chain(providers.chat_model(self.provider, self.settings), self.course.title)

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
        """Answer one request; `history` is the conversation so far, oldest first. A request that
        would be refused is heard again with the course words a phone's autocorrect may have
        changed put back ("relay activation" -> "relu activation", `assistant.autocorrect`)."""
        started = time.perf_counter()
        question = self.check_question(question)
        self.check_week(week)
        result = self._ask(question, week, k, on_token, history)
        # not "my grade in history 201"; nor a request largely in another language, which no
        # English keyboard's autocorrect wrote ("tulis caption" is no Xception)
        if (result.intent == "out_of_scope" and not request_subject(question, "course")
                and not self.router.largely_unread(question)):
            heard = heard_again(question, self._title_words, self.retriever.lexical.known)
            if heard.replaced and (again := self._ask(heard.text, week, k, on_token, history)).intent != "out_of_scope":
                read = ", ".join(f'"{written}" as "{meant}"' for written, meant in heard.replaced)
                result = again.model_copy(update={"question": question, "notes": [f"Read {read}.", *again.notes]})
        result.timings_ms.total = round((time.perf_counter() - started) * 1000, 2)
        if on_token and result.intent != "answer":
            on_token(result.answer)
        return result

    @cached_property
    def _title_words(self) -> list[str]:
        return title_words(topic.title for topic in self.course.topics)

    def _ask(self, question: str, week: int | None, k: int | None, on_token: TokenSink | None,
             history: Sequence[Turn]) -> AskResult:
        resolution = resolve(self.router.as_meant(question), history, self.course, self.matcher, self._strength,
                             self.retriever.uses)
        asked = without_opener(resolution.text)  # "ok and adagrad, when ...?": the chat words aside
        searched, vector = self.retriever.embed(asked)
        routed = self.router.route(asked, searched, self._strength)
        if routed.intent.week_out_of_range is not None:
            raise WeekOutOfRange(routed.intent.week_out_of_range, len(self.course.weeks))
        return dispatch(self, Request(
            question=question, standalone=resolution.text, searched=searched, vector=vector,
            routed=routed, week=week or routed.intent.week, carried=resolution.topic_ids,
            k=k or self.settings.top_k, provider=self.provider, on_token=on_token,
            leans_on_nothing=resolution.kind == "dangling",
            just_answered=history[-1].topic_ids if history and history[-1].intent == "answer" else [],
            earlier=[turn.standalone_question for turn in reversed(history) if turn.intent in ("answer", "quiz")],
            discussed=list(dict.fromkeys(conversation_topics(history)))))

    def _strength(self, text: str) -> float:
        """How well the course answers `text` on its own (retrieval's scope score)."""
        return self.retriever.search(text, k=1).scope_score

    # -- quizzes ---------------------------------------------------------------------------------

    def quiz(self, week: int, n: int = 5, topic_id: str | None = None) -> Quiz:
        self.check_week(week)
        if topic_id is not None:
            self.course.require_topic(topic_id)
        if not 1 <= n <= 50:
            raise UserError(f"--n {n} is out of range; ask for 1 to 50 questions")
        writer = None
        if providers.provider_info(self.provider, self.settings).generative:
            writer = llm_question_writer(providers.chat_model(self.provider, self.settings))
        return make_quiz(self.course, week, n, topic_id=topic_id,
                         topic_order=pick_topics(self.reviewer, week, topic_id=topic_id),
                         material=self.quiz_material,
                         open_question_writer=writer)

    def has_questions(self, topic_id: str) -> bool:
        """Whether a quiz on the topic would hold any question: the quiz bank's own verdict,
        without making one (no reviewer read, no LLM writer)."""
        return topic_id not in quiz_bank(self.course, self.quiz_material).skipped

    def answer_quiz(self, question: QuizQuestion, response: str, duration_s: float | None = None) -> Grade:
        """Grade one answer and record it in progress (an FSRS review of the topic's card)."""
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


