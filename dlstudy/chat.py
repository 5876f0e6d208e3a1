"""The terminal study loop: the `chat` REPL and interactive quizzes, shared by `chat`, `quiz` and
`ask` at a terminal. Results go to stdout through dlstudy.render; prompts and status to stderr."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.text import Text

from assistant import Conversation
from core.errors import UserError
from dlstudy.render import err_console, out_console, quiz_of, render_question, render_result, status

if TYPE_CHECKING:
    from assistant import Quiz

BANNER = ('dlstudy chat: ask about the course, or say "quiz me on week 5". Follow-up questions build '
          "on the conversation; /new starts a new one. Ctrl-D quits.")
NEW_COMMANDS = {"/new", "/reset"}
QUIT_COMMANDS = {"quit", "exit", ":q", "/quit", "/exit"}


def run_quiz(console: Console, assistant, quiz: Quiz) -> tuple[int, int]:
    """Ask each question, grade it, record it. Stopping early (Ctrl-D) scores and records only
    the questions answered. Returns (right, answered)."""
    total = len(quiz.questions)
    plural = "" if total == 1 else "s"
    console.print(Text(f"Quiz on week {quiz.week}: {total} question{plural}. Ctrl-D stops.", style="bold"))
    right = answered = 0
    for number, question in enumerate(quiz.questions, start=1):
        render_question(console, number, question)
        shown = time.monotonic()
        try:
            response = click.prompt("your answer", prompt_suffix="> ", err=True)
        except (EOFError, click.exceptions.Abort):
            console.print("\nQuiz stopped.")
            break
        # The time taken is part of the FSRS rating: a quick right answer is Easy, a slow one Hard.
        result = assistant.answer_quiz(question, response, duration_s=time.monotonic() - shown)
        answered += 1
        right += result.correct
        console.print(Text(result.feedback, style="green" if result.correct else "red"))
    if answered == 0:
        console.print(Text("No question answered; nothing recorded.", style="bold"))
    elif answered < total:
        console.print(Text(f"Score: {right}/{answered} ({answered} of {total} questions answered; "
                           "only those are recorded)", style="bold"))
    else:
        console.print(Text(f"Score: {right}/{total}", style="bold"))
    return right, answered


def repl(assistant, week: int | None) -> None:
    """Read a question, answer it with the conversation so far, show its sources; quizzes run inline."""
    err, out = err_console(), out_console()
    err.print(Text(BANNER, style="bold"))
    conversation = Conversation()
    while True:
        try:
            line = click.prompt("you", prompt_suffix="> ", err=True)
        except (EOFError, click.exceptions.Abort):
            err.print("bye")
            return
        command = line.strip().lower()
        if command in QUIT_COMMANDS:
            return
        if command in NEW_COMMANDS:
            conversation.clear()
            err.print(Text("New conversation: earlier questions no longer count.", style="dim"))
            continue
        try:
            with status(err, "Thinking…"):
                result = assistant.ask(line, week=week, history=conversation.turns)
        except UserError as error:
            err.print(Text(f"error: {error}", style="red"))
            continue
        conversation.add(result)
        if result.intent == "quiz" and result.quiz:
            run_quiz(out, assistant, quiz_of(result))
        else:
            render_result(out, err, result)
        out.print()
