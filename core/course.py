"""The course: a typed model of the checklist and the parser for its markdown export.

The export is lossy: some links were smeared across single characters
(`[](url)L[](url)i...`). The parser recovers the text and keeps each link once.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel

from core.errors import ChecklistError, UserError

BUNDLED_CHECKLIST = "deep-learning-checklist.md"

_TITLE = re.compile(r"^#\s+(?P<title>\S.*?)\s*$")
_WEEK = re.compile(r"^\*\*Week\s+(?P<number>\d+):\s*(?P<title>.+?)\s*\*\*\s*$")
_UNDERLINE = re.compile(r"^=+\s*$")
_TOPIC = re.compile(r"^(?P<index>\d+)\.\s+\*\*(?P<title>.+?)\*\*(?:\s*<br\s*/?>)?(?P<rest>.*)$")
_RULE = re.compile(r"^-{3,}\s*$")
_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]+)\)")
_TAG = re.compile(r"<[^>]+>")


class Topic(BaseModel):
    id: str
    week: int
    index: int
    title: str
    description: str
    urls: list[str]


class Week(BaseModel):
    week: int
    title: str
    topics: list[Topic]


class Course(BaseModel):
    title: str
    weeks: list[Week]

    @property
    def topics(self) -> list[Topic]:
        return [topic for week in self.weeks for topic in week.topics]

    @property
    def article_urls(self) -> list[str]:
        """Every distinct linked URL, in order of first appearance."""
        return list(dict.fromkeys(url for topic in self.topics for url in topic.urls))

    def week(self, number: int) -> Week:
        for week in self.weeks:
            if week.week == number:
                return week
        raise KeyError(number)

    def require_week(self, number: int) -> Week:
        """The week, or a UserError a person can act on."""
        if not 1 <= number <= len(self.weeks):
            raise UserError(f"week {number} is outside the course; use a week between 1 and {len(self.weeks)}")
        return self.week(number)

    def require_topic(self, topic_id: str) -> Topic:
        try:
            return self.topic(topic_id)
        except KeyError:
            raise UserError(f"unknown topic id {topic_id!r}; see `dlstudy syllabus` for the ids") from None

    def topic(self, topic_id: str) -> Topic:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise KeyError(topic_id)


def topic_id(week: int, index: int) -> str:
    return f"w{week:02d}-t{index:02d}"


def clean_text(markdown: str) -> tuple[str, list[str]]:
    """Plain text and the distinct link targets of a markdown fragment."""
    urls: list[str] = []

    def unlink(match: re.Match[str]) -> str:
        urls.append(match.group("url"))
        return match.group("text")

    text = _LINK.sub(unlink, markdown)
    text = _TAG.sub(" ", text).replace("**", "")
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:!?)])", r"\1", text)
    return text, list(dict.fromkeys(urls))


def parse_checklist(text: str, source: str = "<checklist>") -> Course:
    """Parse the checklist markdown; a malformed file raises ChecklistError with its line."""
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise ChecklistError(source, 1, "the checklist is empty; pass a file in the course's markdown format")
    title: str | None = None
    weeks: list[Week] = []
    topic_lines: list[str] = []
    topic_head: tuple[int, int, str] | None = None  # (line number, index, title)

    def close_topic() -> None:
        nonlocal topic_head
        if topic_head is None:
            return
        line_no, index, topic_title = topic_head
        week = weeks[-1]
        expected = len(week.topics) + 1
        if index != expected:
            raise ChecklistError(source, line_no, f"topic number {index} in week {week.week} should be {expected}")
        description, urls = clean_text(" ".join(topic_lines))
        clean_title, _ = clean_text(topic_title)
        week.topics.append(Topic(id=topic_id(week.week, index), week=week.week, index=index,
                                 title=clean_title, description=description, urls=urls))
        topic_head = None
        topic_lines.clear()

    for line_no, line in enumerate(lines, start=1):
        if title is None:
            if not line.strip():
                continue
            match = _TITLE.match(line)
            if not match:
                raise ChecklistError(source, line_no, "expected the course title as a '# Title' line")
            title = match.group("title")
            continue
        if week_match := _WEEK.match(line):
            close_topic()
            if weeks and not weeks[-1].topics:
                raise ChecklistError(source, line_no, f"week {weeks[-1].week} has no topics")
            number = int(week_match.group("number"))
            if number != len(weeks) + 1:
                raise ChecklistError(source, line_no, f"week {number} should be week {len(weeks) + 1}")
            weeks.append(Week(week=number, title=week_match.group("title"), topics=[]))
        elif _UNDERLINE.match(line):
            continue
        elif topic_match := _TOPIC.match(line):
            if not weeks:
                raise ChecklistError(source, line_no, "a topic appears before any '**Week N: Title**' heading")
            close_topic()
            topic_head = (line_no, int(topic_match.group("index")), topic_match.group("title"))
            topic_lines.append(topic_match.group("rest"))
        elif _RULE.match(line):
            close_topic()
            break
        elif topic_head is not None:
            topic_lines.append(line)
        elif weeks and line.strip():
            raise ChecklistError(source, line_no, "text outside a topic; topics start with 'N. **Title**'")
    close_topic()
    if title is None:
        raise ChecklistError(source, 1, "no course title found")
    if not weeks:
        raise ChecklistError(source, len(lines), "no '**Week N: Title**' headings found")
    if not weeks[-1].topics:
        raise ChecklistError(source, len(lines), f"week {weeks[-1].week} has no topics")
    return Course(title=title, weeks=weeks)


def load_course(path: Path | None = None) -> Course:
    """The bundled course, or the checklist at `path`."""
    if path is None:
        return _bundled_course()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ChecklistError(str(path), 0, "file not found; pass an existing checklist file") from None
    except (UnicodeDecodeError, IsADirectoryError) as error:
        raise ChecklistError(str(path), 0, f"not a UTF-8 text file ({type(error).__name__})") from None
    return parse_checklist(text, str(path))


@cache
def _bundled_course() -> Course:
    text = resources.files("core.data").joinpath(BUNDLED_CHECKLIST).read_text(encoding="utf-8")
    return parse_checklist(text, BUNDLED_CHECKLIST)
