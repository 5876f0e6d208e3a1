"""The course: a typed model of the checklist and the parser for its markdown export.

The export is lossy: some links were smeared across single characters
(`[](url)L[](url)i...`). The parser recovers the text and keeps each link once.

An index remembers the course it was built from (`course.json` in its data dir, written by
ingest), and every reader takes the course from there with `course_for`.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ValidationError

from core.errors import ChecklistError, UserError

if TYPE_CHECKING:
    from core.settings import DataPaths

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
    def id(self) -> str:
        """A course is known by its title: an edited checklist with the same title is the same
        course (its index is updated, its progress kept); another title is another course."""
        slug = re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")[:40].strip("-") or "course"
        return f"{slug}-{hashlib.sha256(self.title.encode('utf-8')).hexdigest()[:8]}"

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


def is_bundled(course: Course) -> bool:
    """Whether `course` is the bundled one (or an edit of it with the same title)."""
    return course.id == _bundled_course().id


@cache
def _bundled_course() -> Course:
    text = resources.files("core.data").joinpath(BUNDLED_CHECKLIST).read_text(encoding="utf-8")
    return parse_checklist(text, BUNDLED_CHECKLIST)


def course_for(paths: DataPaths) -> Course:
    """The course of the data dir's index: the one it was built from. A data dir with no index
    yet, or one built before indexes recorded their course, has the bundled course."""
    try:
        stat = paths.course.stat()
    except FileNotFoundError:
        return _bundled_course()
    return _recorded_course(paths.course, stat.st_mtime_ns, stat.st_size)


@cache
def _recorded_course(path: Path, mtime_ns: int, size: int) -> Course:
    """Parsed once per version of the file (a re-ingest changes its mtime and so the key)."""
    try:
        return Course.model_validate_json(path.read_bytes())
    except (OSError, ValidationError) as error:
        raise UserError(f"the course record {path} is unreadable ({type(error).__name__}); rebuild the "
                        "index with `dlstudy ingest --rebuild --checklist FILE`") from None


def record_course(paths: DataPaths, course: Course, *, replace: bool = False) -> None:
    """Make `course` the data dir's course, atomically. Another course already there is refused
    unless `replace` (`dlstudy ingest --rebuild`): its index would be silently swapped out."""
    # An index made before indexes recorded their course is the bundled course's, as course_for says.
    if not replace and (paths.course.exists() or paths.manifest.exists()):
        current = course_for(paths)
        if current.id != course.id:
            raise UserError(f"the data dir {paths.root} holds the index of \"{current.title}\", not "
                            f"\"{course.title}\"; add --rebuild to replace it, or use another --data-dir")
    paths.root.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=paths.root, prefix=".course-",
                                     suffix=".json", delete=False) as handle:
        try:
            handle.write(course.model_dump_json())
            handle.flush()
            os.fsync(handle.fileno())
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise
    os.replace(handle.name, paths.course)


def progress_path(paths: DataPaths, course: Course) -> Path:
    """Where the course's progress lives: one database per course, so switching the index to
    another course and back loses nothing. The bundled course keeps `progress.sqlite3`, the file
    every earlier dlstudy wrote (always for the bundled course), so those migrate by staying put."""
    if is_bundled(course):
        return paths.progress
    return paths.course_progress(course.id)
