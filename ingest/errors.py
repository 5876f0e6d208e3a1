"""Errors a user can fix. The CLI prints them as one line and exits 2; anything else is a bug."""


class UserError(Exception):
    """Bad input or a missing prerequisite. The message says what is wrong and how to fix it."""


class ChecklistError(UserError):
    """The checklist file is empty or not in the course's markdown format."""

    def __init__(self, path: str, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}" if line else f"{path}: {problem}")  # 0: the whole file
        self.path, self.line, self.problem = path, line, problem
