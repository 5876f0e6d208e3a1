"""What a person reads of an assistant result, rendered from the same typed AskResult that
`--json` prints, by this one module for `ask`, `ask --batch` and `chat`.

The answer's [n] markers are the citations' positions (the assistant renumbers them), and the
sources are listed under it in that order, one entry each, so [n] always points at entry n.
Results go to stdout; notes, warnings and status lines to stderr. Text that comes from the course
or the user is printed as `Text`, never parsed as markup.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from assistant import AskResult, Citation

if TYPE_CHECKING:  # the quiz engine is imported only when a quiz is shown
    from assistant import Quiz, QuizQuestion

LETTERS = "abcdefghij"
INDENT = "    "
SOURCE_KINDS = {"article": "article", "checklist": "checklist description"}
EMPTY_ANSWER = "(The course material has no sentence to quote for this.)"
COVERAGE_LABELS = {
    "covered": "covered (the course explains this)",
    "partial": "partial (the course has neighbouring topics, not this exactly)",
    "none": "none (the course does not cover this)",
}


def out_console() -> Console:
    return Console(file=sys.stdout, highlight=False)


def err_console() -> Console:
    return Console(file=sys.stderr, highlight=False)


def status(console: Console, message: str):
    """A spinner with `message` on a terminal (transient); nothing at all when piped."""
    return console.status(message, spinner="dots") if console.is_terminal else nullcontext()


def print_line(console: Console, text: Text | str) -> None:
    """One line exactly as given: rich neither wraps nor crops it (the terminal may soft-wrap)."""
    console.print(text if isinstance(text, Text) else Text(text), soft_wrap=True)


def _wrapped(text: str, width: int, indent: str = "", first: str = "") -> list[str]:
    return textwrap.wrap(text, width=max(width, 20), initial_indent=first or indent, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False) or [first.rstrip()]


def print_item(console: Console, first: str, text: str, style: str = "") -> None:
    """`first` then `text`, wrapped to the terminal under its own start (a hanging indent)."""
    for line in _wrapped(text, console.width, indent=" " * len(first), first=first):
        print_line(console, Text(line, style=style))


# -- answers ---------------------------------------------------------------------------------

def render_result(out: Console, err: Console, result: AskResult) -> None:
    """Everything a person reads of one result: the answer, then what backs it or follows it."""
    for note in result.notes:
        err.print(Text(f"note: {note}", style="yellow"))
    out.print(Text(result.answer) if result.answer.strip() else Text(EMPTY_ANSWER, style="dim"))
    if result.coverage is not None and result.intent in ("answer", "out_of_scope"):
        out.print(Text(f"Coverage: {COVERAGE_LABELS.get(result.coverage, result.coverage)}", style="dim"))
    if result.suggestions:
        out.print(Text("\nNearest course topics (suggestions, not sources):", style="bold"))
        for s in result.suggestions:
            print_item(out, f"  {s.topic_id}  ", f"{s.topic} (week {s.week})")
    if result.citations:
        render_sources(out, result.citations)
    if result.intent == "quiz" and result.quiz:
        quiz = quiz_of(result)
        for number, question in enumerate(quiz.questions, start=1):
            render_question(out, number, question)
        out.print(Text(f"\nTo answer them and record your score: dlstudy quiz --week {quiz.week}", style="dim"))


def render_sources(out: Console, citations: list[Citation]) -> None:
    """One entry per citation, numbered as the answer cites them; each URL whole on one line."""
    width = out.width
    out.print(Text("\nSources", style="bold"))
    for n, c in enumerate(citations, start=1):
        head = _wrapped(f"Week {c.week} · {c.topic} ({c.topic_id}) · {SOURCE_KINDS.get(c.source, c.source)}",
                        width, indent=INDENT, first=f"[{n}] ")
        if c.url and len(head[-1]) + 2 + len(c.url) <= width:
            head[-1] += f"  {c.url}"
        elif c.url:
            head.append(INDENT + c.url if len(INDENT) + len(c.url) <= width else c.url)
        for line in head:
            print_line(out, line)
        if c.heading and c.source == "article":
            for line in _wrapped(c.heading, width, indent=INDENT):
                print_line(out, Text(line, style="dim"))
        for line in _wrapped(f"“{c.snippet}”", width, indent=INDENT):
            print_line(out, Text(line, style="dim"))


def quiz_of(result: AskResult) -> Quiz:
    from assistant import Quiz

    return Quiz(week=result.week or 0, questions=list(result.quiz or []))


def render_question(console: Console, number: int, question: QuizQuestion) -> None:
    console.print(Text(f"\n{number}. [{question.type}] {question.question}"))
    for letter, option in zip(LETTERS, question.options, strict=False):
        console.print(Text(f"   {letter}) {option}"))


@contextmanager
def batch_item(out: Console, number: int, question: str) -> Iterator[None]:
    """The heading of one question of a human-readable batch, and a blank line after it."""
    out.print(Text(f"Q{number}: {question}", style="bold"))
    yield
    out.print()
