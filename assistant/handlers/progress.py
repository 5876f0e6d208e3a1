"""Progress requests: how the student is doing, or what is due for review today."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.handlers.refusal import another_course, refuse
from assistant.handlers.registry import Request, handles
from assistant.models import AskResult
from assistant.progress_report import progress_report

if TYPE_CHECKING:
    from assistant.service import Assistant


@handles("progress")
def progress(assistant: Assistant, request: Request) -> AskResult:
    """The student's progress, or what is due; progress in another course ("my grades in the
    physics class") is not this course's to report."""
    if (elsewhere := another_course(assistant, request)) is not None:
        return refuse(request, elsewhere, "show your progress in it")
    answer = describe_due(assistant) if request.routed.review else describe_progress(assistant)
    return request.result(intent="progress", answer=answer, grounded=True)


def describe_due(assistant: Assistant) -> str:
    """What is due for review today, for "what should I review today?"."""
    due = assistant.reviewer.due_topics()
    if not due:
        return "Nothing is due for review today. " + describe_progress(assistant)
    titles = ", ".join(topic.title for topic in due[:8])
    more = f" and {len(due) - 8} more" if len(due) > 8 else ""
    return (f"Due for review today: {titles}{more}. Review them with `dlstudy review` "
            "or in the Review tab.")


def describe_progress(assistant: Assistant) -> str:
    return progress_report(assistant.reviewer).headline()
