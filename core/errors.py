"""Every error dlstudy raises on purpose, in one place.

    DlstudyError
    └── UserError                 bad input or a missing prerequisite: one line, exit 2
        ├── FileLineError         a line of a file the user gave is wrong (path:line: problem)
        │   ├── ChecklistError    ... the checklist
        │   └── QASetError        ... an evaluation question set
        ├── WeekOutOfRange        a week the course does not have
        ├── AmbiguousTopic        a topic name that fits several topics
        └── ProviderUnavailable   a language model that cannot be reached or loaded

The CLI prints a `UserError` as one line and exits 2; anything else is a bug and keeps its
traceback.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.course import Topic

MAX_LISTED = 8  # candidates named in an ambiguity error


class DlstudyError(Exception):
    """The root of dlstudy's own errors."""


class UserError(DlstudyError):
    """Bad input or a missing prerequisite. The message says what is wrong and how to fix it."""


class FileLineError(UserError):
    """A line of a user's file that cannot be read; line 0 means the whole file."""

    def __init__(self, path: str, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}" if line else f"{path}: {problem}")
        self.path, self.line, self.problem = path, line, problem


class ChecklistError(FileLineError):
    """The checklist file is empty or not in the course's markdown format."""


class QASetError(FileLineError):
    """A question set line that is not a valid item."""


class WeekOutOfRange(UserError):
    """The text names a week number the course does not have ("quiz me on week 14")."""

    def __init__(self, week: int, weeks: int) -> None:
        super().__init__(f"week {week} is outside the course; use a week between 1 and {weeks}")
        self.week = week


class AmbiguousTopic(UserError):
    """The name fits several topics; the message lists them so the user can pick one."""

    def __init__(self, text: str, candidates: list[Topic]) -> None:
        listed = ", ".join(f"{t.id} {t.title}" for t in candidates[:MAX_LISTED])
        more = f" and {len(candidates) - MAX_LISTED} more" if len(candidates) > MAX_LISTED else ""
        super().__init__(f"{text!r} could be {len(candidates)} topics: {listed}{more}; "
                         f"name one by its id, e.g. {candidates[0].id}")
        self.candidates = candidates


class ProviderUnavailable(UserError):
    """A provider cannot be used as configured: its server is down, its model file is missing.

    The parts stay readable for callers that render them differently (the UI shows `fix` as a
    hint).
    """

    def __init__(self, provider: str, state: str, where: str, reason: str, fix: str) -> None:
        self.provider, self.where, self.reason, self.fix = provider, where, one_line(reason), fix
        super().__init__(f"{provider} {state} at {where} ({self.reason}); {fix}")


def one_line(text: str) -> str:
    """A message folded to one line, as errors are printed."""
    return re.sub(r"\s+", " ", text).strip()
