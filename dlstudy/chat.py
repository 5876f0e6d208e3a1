"""The terminal study loop: the `chat` REPL and interactive quizzes, shared by both."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.text import Text

from assistant.quiz import Quiz, QuizQuestion
from dlstudy.render import err_console, out_console, render_answer_footer, write_token
from ingest.errors import UserError

LETTERS = "abcdefghij"


def run_quiz(console: Console, assistant, quiz: Quiz) -> int:
    """Ask each question, grade it, record it; returns the number right."""
    right = 0
    console.print(Text(f"Quiz on week {quiz.week}: {len(quiz.questions)} questions. Ctrl-D stops.", style="bold"))
    for number, question in enumerate(quiz.questions, start=1):
        _show_question(console, number, question)
        try:
            response = click.prompt("your answer", prompt_suffix="> ", err=True)
        except (EOFError, click.exceptions.Abort):
            console.print("Quiz stopped.")
            break
        result = assistant.answer_quiz(question, response)
        right += result.correct
        style = "green" if result.correct else "red"
        console.print(Text(result.feedback, style=style))
    console.print(Text(f"Score: {right}/{len(quiz.questions)}", style="bold"))
    return right


def _show_question(console: Console, number: int, question: QuizQuestion) -> None:
    console.print(Text(f"\n{number}. [{question.type}] {question.question}"))
    for letter, option in zip(LETTERS, question.options):
        console.print(Text(f"   {letter}) {option}"))


def repl(assistant, week: int | None) -> None:
    """Read a question, stream the answer, show its sources; quizzes run inline."""
    err = err_console()
    out = out_console()
    err.print(Text("dlstudy chat: ask about the course, or say \"quiz me on week 5\". Ctrl-D quits.", style="bold"))
    while True:
        try:
            line = click.prompt("you", prompt_suffix="> ", err=True)
        except (EOFError, click.exceptions.Abort):
            err.print("bye")
            return
        if line.strip().lower() in {"quit", "exit", ":q"}:
            return
        try:
            result = assistant.ask(line, week=week, on_token=write_token)
        except UserError as error:
            err.print(Text(f"error: {error}", style="red"))
            continue
        sys.stdout.write("\n")
        if result.intent == "quiz" and result.quiz:
            run_quiz(err, assistant, Quiz(week=result.week, questions=result.quiz))
        else:
            render_answer_footer(out, err, result)
