"""The evaluation's question set: hand-written questions with the topics and intent a correct
assistant would find, so retrieval, refusal and routing can be measured against the course.

Item types:
- `topic`: one topic, asked the way a student would, not in the checklist's words. A second
  topic is listed only where the checklist repeats a topic or swaps two descriptions.
- `multi`: spans two or more topics; `week_scoped`: names a week (`scope_week`);
  `misspelled`: key terms misspelled; `out_of_scope`: outside the course, including
  prompt-injection attempts; `command`: quiz, syllabus and progress requests.

`split` keeps tuning honest: `dev` (about a quarter, every type) is for tuning, `test` is what
gets reported and is never tuned on.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Literal, TypeVar, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from assistant import IntentKind
from core.course import Course, is_bundled, load_course
from core.errors import QASetError, UserError

QAType = Literal["topic", "multi", "week_scoped", "misspelled", "out_of_scope", "command"]
Split = Literal["dev", "test"]

ANSWER_TYPES: frozenset[str] = frozenset({"topic", "multi", "week_scoped", "misspelled"})
COMMAND_INTENTS: frozenset[str] = frozenset({"quiz", "syllabus", "progress"})
BUNDLED_SET = "qa.jsonl"


class Item(BaseModel):
    """What every line of an evaluation set is: a model with an id unique in its file."""

    id: str


ItemT = TypeVar("ItemT", bound=Item)


class QAItem(Item):
    """One question and what a correct assistant does with it.

    `week` is the course week of the first expected topic (or the week a command names);
    `scope_week` is the week the request itself is scoped to, as `dlstudy ask` reports it.
    Validation against the course uses `context={"course": ...}`, else the bundled course.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^\S+$")
    question: str = Field(min_length=1)
    type: QAType
    expected_topics: list[str]
    week: int | None
    scope_week: int | None
    reference: str
    intent: IntentKind
    split: Split

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> QAItem:
        problem = self._shape_problem() or self._course_problem(context_course(info))
        if problem:
            raise ValueError(problem)
        return self

    def _shape_problem(self) -> str | None:
        if not self.question.strip():
            return "question is blank"
        if len(set(self.expected_topics)) != len(self.expected_topics):
            return "expected_topics repeats a topic"
        if self.type in ANSWER_TYPES:
            if self.intent != "answer":
                return f"a {self.type} item must have intent 'answer'"
            if not self.expected_topics:
                return f"a {self.type} item needs at least one expected topic"
            if not self.reference.strip():
                return f"a {self.type} item needs a reference answer"
            if self.type == "multi" and len(self.expected_topics) < 2:
                return "a multi item needs at least two expected topics"
            if self.type == "week_scoped" and self.scope_week is None:
                return "a week_scoped item needs scope_week, the week its question names"
            if self.type != "week_scoped" and self.scope_week is not None:
                return f"a {self.type} item has no scope_week; name the week and make it week_scoped"
            return None
        if self.expected_topics:
            return f"a {self.type} item has no expected topics"
        if self.type == "out_of_scope":
            if self.intent != "out_of_scope":
                return "an out_of_scope item must have intent 'out_of_scope'"
            if self.week is not None or self.scope_week is not None:
                return "an out_of_scope item has no week or scope_week"
            return None
        if self.intent not in COMMAND_INTENTS:
            return f"a command item's intent is one of {sorted(COMMAND_INTENTS)}"
        if self.week != self.scope_week:
            return "a command item's week and scope_week are the week it names (both null if none)"
        return None

    def _course_problem(self, course: Course) -> str | None:
        weeks = len(course.weeks)
        for name, value in (("week", self.week), ("scope_week", self.scope_week)):
            if value is not None and not 1 <= value <= weeks:
                return f"{name} {value} is outside the course (weeks 1 to {weeks})"
        for topic_id in self.expected_topics:
            try:
                course.topic(topic_id)
            except KeyError:
                return f"unknown topic id {topic_id!r}; see `dlstudy syllabus --json` for the ids"
        if self.expected_topics and self.week != course.topic(self.expected_topics[0]).week:
            return f"week should be {course.topic(self.expected_topics[0]).week}, the week of {self.expected_topics[0]}"
        return None


def load_qa(path: Path | None = None, split: str | None = None, course: Course | None = None) -> list[QAItem]:
    """The items of a JSON-lines question set (the bundled one by default), optionally one split.

    Blank lines are skipped; anything malformed raises a UserError naming the file and line.
    """
    check_split(split)
    items = load_jsonl(QAItem, path, BUNDLED_SET, course)
    return [item for item in items if split is None or item.split == split]


def check_split(split: str | None) -> None:
    if split is not None and split not in get_args(Split):
        raise UserError(f"unknown split {split!r}; use one of {', '.join(get_args(Split))}")


def load_jsonl(model: type[ItemT], path: Path | None, bundled: str, course: Course | None = None) -> list[ItemT]:
    """Every item of a JSON-lines file (`path`, else the bundled `eval/data/<bundled>`), each
    validated as `model` against the course; ids must be unique. The first bad line raises a
    QASetError naming the file and line."""
    if path is None and course is not None and not is_bundled(course):
        raise UserError(f"the bundled evaluation sets are written for \"{load_course().title}\", but this "
                        f"index holds \"{course.title}\"; evaluate it with your own set: "
                        "dlstudy eval --qa FILE --suite qa")
    name, text = _read(path, bundled)
    context = {"course": course or load_course()}
    items: list[ItemT] = []
    first_line: dict[str, int] = {}
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = model.model_validate(json.loads(line), context=context)
        except json.JSONDecodeError as error:
            raise QASetError(name, line_no, f"not valid JSON ({error.msg} at column {error.colno})") from None
        except ValidationError as error:
            raise QASetError(name, line_no, _describe(error)) from None
        if item.id in first_line:
            raise QASetError(name, line_no, f"id {item.id!r} already used on line {first_line[item.id]}")
        first_line[item.id] = line_no
        items.append(item)
    if not items:
        raise QASetError(name, 1, "the set has no items; write one JSON object per line")
    return items


def _read(path: Path | None, bundled: str) -> tuple[str, str]:
    if path is None:
        source = resources.files("eval.data").joinpath(bundled)
        if not source.is_file():
            raise QASetError(f"eval/data/{bundled}", 0, "file not found; the bundled set is missing")
        return bundled, source.read_text(encoding="utf-8")
    try:
        return str(path), Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QASetError(str(path), 0, "file not found; pass an existing JSON-lines question set") from None
    except (UnicodeDecodeError, IsADirectoryError) as error:
        raise QASetError(str(path), 0, f"not a UTF-8 text file ({type(error).__name__})") from None


def _describe(error: ValidationError) -> str:
    """Pydantic's first complaint as one line: which field and what is wrong with it."""
    first = error.errors(include_url=False)[0]
    message = first["msg"].removeprefix("Value error, ")
    field = ".".join(str(part) for part in first["loc"])
    return f"{field}: {message}" if field else message


def context_course(info: ValidationInfo) -> Course:
    context = info.context or {}
    return context.get("course") or load_course()
