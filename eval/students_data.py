"""The students' sets: requests written by people who never saw the code or `qa.jsonl`, to measure
the assistant as a new student meets it (issue 9, "A harder evaluation").

- `conversations`: multi-turn conversations; every turn says what kind of move it is
  (a follow-up, a change of subject, an out-of-scope turn, "quiz me on that" ...) and what a
  correct assistant routes it to and retrieves.
- `intents`: requests in many voices (terse, polite, typos, non-native English) labelled
  with the intent and, where the text names them, the week, the question count and the topics.
- `questions`: single course questions phrased without the checklist's topic titles.
- `coverage`: near misses labelled by how well the course covers them.

Every set has a `dev` and a `test` split, as `qa.jsonl` does, bundled as one file per split
(`eval/data/conversations.dev.jsonl`, `conversations.test.jsonl`, ...): the split tuned on apart
from the one reported, and no file grows past what a repository should hold. A set passed as a
path is one file holding either split. The loaders validate each line against the course and stop
at the first bad one with `file:line: problem` (a QASetError).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from assistant import Coverage, IntentKind
from core.course import Course
from core.errors import QASetError
from eval.dataset import Item, Split, check_split, context_course, load_jsonl

TurnKind = Literal["first", "follow_up", "change_of_subject", "out_of_scope", "quiz_on_that",
                   "syllabus", "progress"]
# A turn of these kinds names the intent it must be routed to.
KIND_INTENT: dict[str, str] = {"out_of_scope": "out_of_scope", "quiz_on_that": "quiz",
                               "syllabus": "syllabus", "progress": "progress"}
RESOLVING_KINDS = frozenset({"follow_up", "quiz_on_that"})  # meaningless without an earlier turn

CONVERSATIONS, INTENTS, QUESTIONS, COVERAGE = "conversations", "intents", "questions", "coverage"


def bundled_file(name: str, split: str) -> str:
    """The bundled file of one split of a set: "conversations.dev.jsonl"."""
    return f"{name}.{split}.jsonl"


def course_problem(course: Course, topic_ids: list[str], week: int | None = None) -> str | None:
    """What in these labels the course does not have, if anything."""
    weeks = len(course.weeks)
    if week is not None and not 1 <= week <= weeks:
        return f"week {week} is outside the course (weeks 1 to {weeks})"
    if len(set(topic_ids)) != len(topic_ids):
        return "a topic id is listed twice"
    for topic_id in topic_ids:
        try:
            course.topic(topic_id)
        except KeyError:
            return f"unknown topic id {topic_id!r}; see `dlstudy syllabus --json` for the ids"
    return None


class _Item(Item):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^\S+$")
    split: Split

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> _Item:
        problem = self.problem(context_course(info))
        if problem:
            raise ValueError(problem)
        return self

    def problem(self, course: Course) -> str | None:
        return None


StudentItemT = TypeVar("StudentItemT", bound=_Item)


class ConversationTurn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    question: str = Field(min_length=1)
    kind: TurnKind
    intent: IntentKind
    expected_topics: list[str] = Field(default_factory=list)
    week: int | None = None

    def problem(self, course: Course) -> str | None:
        if not self.question.strip():
            return "question is blank"
        wanted = KIND_INTENT.get(self.kind)
        if wanted and self.intent != wanted:
            return f"a {self.kind} turn must have intent {wanted!r}"
        if self.intent == "out_of_scope" and self.expected_topics:
            return "an out_of_scope turn has no expected topics"
        if (self.intent == "answer" or self.kind == "quiz_on_that") and not self.expected_topics:
            return f"a {self.kind} turn with intent {self.intent!r} needs at least one expected topic"
        return course_problem(course, self.expected_topics, self.week)


class ConversationItem(_Item):
    """A conversation, asked turn by turn with the earlier turns as history."""

    turns: list[ConversationTurn] = Field(min_length=2)

    def problem(self, course: Course) -> str | None:
        if self.turns[0].kind in RESOLVING_KINDS:
            return f"turns.0: a {self.turns[0].kind} turn cannot open a conversation"
        for index, turn in enumerate(self.turns):
            if problem := turn.problem(course):
                return f"turns.{index}: {problem}"
        return None


class IntentItem(_Item):
    """A request and where it must go; `week`, `count`, `topic_ids` only where the text names them."""

    text: str = Field(min_length=1)
    intent: IntentKind
    week: int | None = None
    count: int | None = Field(default=None, ge=1, le=50)
    topic_ids: list[str] = Field(default_factory=list)
    voice: str = Field(min_length=1)

    def problem(self, course: Course) -> str | None:
        if not self.text.strip():
            return "text is blank"
        if self.intent == "out_of_scope" and self.topic_ids:
            return "an out_of_scope request names no course topics"
        if self.count is not None and self.intent != "quiz":
            return "only a quiz request has a question count"
        return course_problem(course, self.topic_ids, self.week)


class QuestionItem(_Item):
    """A course question in a student's words; retrieval is judged against `expected_topics`."""

    question: str = Field(min_length=1)
    expected_topics: list[str] = Field(min_length=1)
    voice: str = Field(min_length=1)

    def problem(self, course: Course) -> str | None:
        if not self.question.strip():
            return "question is blank"
        return course_problem(course, self.expected_topics)


class CoverageItem(_Item):
    """A near miss: `covered` (the course explains it: `expected_topics`), `partial` (only its
    neighbours, `nearest_topics`, are in the course) or `none` (nothing relevant: a refusal)."""

    question: str = Field(min_length=1)
    coverage: Coverage
    expected_topics: list[str] = Field(default_factory=list)
    nearest_topics: list[str] = Field(default_factory=list)

    def problem(self, course: Course) -> str | None:
        if not self.question.strip():
            return "question is blank"
        if self.coverage == "covered" and not self.expected_topics:
            return "a covered question needs at least one expected topic"
        if self.coverage == "partial" and not self.nearest_topics:
            return "a partial question needs at least one nearest topic"
        if self.coverage == "none" and self.expected_topics:
            return "a question the course does not cover has no expected topics"
        return course_problem(course, self.expected_topics) or course_problem(course, self.nearest_topics)


class StudentSets(BaseModel):
    """The four sets (one split of them, or all), as the runner takes them."""

    conversations: list[ConversationItem] = Field(default_factory=list)
    intents: list[IntentItem] = Field(default_factory=list)
    questions: list[QuestionItem] = Field(default_factory=list)
    coverage: list[CoverageItem] = Field(default_factory=list)

    def limited(self, limit: int | None) -> StudentSets:
        """The first `limit` items of each set, for a quick look."""
        if limit is None:
            return self
        return StudentSets(**{name: getattr(self, name)[:limit] for name in type(self).model_fields})


def load_conversations(path: Path | None = None, split: str | None = None, course: Course | None = None,
                       data_dir: Path | None = None) -> list[ConversationItem]:
    return _load(ConversationItem, path, CONVERSATIONS, split, course, data_dir)


def load_intents(path: Path | None = None, split: str | None = None, course: Course | None = None,
                 data_dir: Path | None = None) -> list[IntentItem]:
    return _load(IntentItem, path, INTENTS, split, course, data_dir)


def load_questions(path: Path | None = None, split: str | None = None, course: Course | None = None,
                   data_dir: Path | None = None) -> list[QuestionItem]:
    return _load(QuestionItem, path, QUESTIONS, split, course, data_dir)


def load_coverage(path: Path | None = None, split: str | None = None, course: Course | None = None,
                  data_dir: Path | None = None) -> list[CoverageItem]:
    return _load(CoverageItem, path, COVERAGE, split, course, data_dir)


def load_student_sets(split: str | None = None, course: Course | None = None,
                      data_dir: Path | None = None) -> StudentSets:
    """The four sets, optionally one split, from `data_dir` laid out as the bundled eval/data is
    (a file per set and split: "conversations.dev.jsonl")."""
    return StudentSets(conversations=load_conversations(None, split, course, data_dir),
                       intents=load_intents(None, split, course, data_dir),
                       questions=load_questions(None, split, course, data_dir),
                       coverage=load_coverage(None, split, course, data_dir))


def _load(model: type[StudentItemT], path: Path | None, name: str, split: str | None,
          course: Course | None, data_dir: Path | None) -> list[StudentItemT]:
    """`path`'s items of `split` (all when None); without a path, the file of each split asked for
    (in `data_dir`, else bundled), whose every line must be of that split, ids unique across them."""
    check_split(split)
    if path is not None:
        return [item for item in load_jsonl(model, path, name, course) if split is None or item.split == split]
    items: list[StudentItemT] = []
    first_file: dict[str, str] = {}
    for part in [split] if split else get_args(Split):
        file = bundled_file(name, part)
        found = load_jsonl(model, data_dir / file if data_dir else None, file, course)
        for number, item in enumerate(found, start=1):
            if item.split != part:
                raise QASetError(file, number, f"a {item.split} item in the {part} split's file")
            if item.id in first_file:
                raise QASetError(file, number, f"id {item.id!r} already used in {first_file[item.id]}")
            first_file[item.id] = file
        items.extend(found)
    return items
