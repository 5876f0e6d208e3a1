"""Study commands: quiz, progress, study, chat. Topics are named as `dlstudy syllabus` shows them
(id or title, resolved by assistant.topic_names)."""

from __future__ import annotations

from pathlib import Path

import click

from assistant.progress import ProgressStore
from assistant.topic_names import resolve_topic
from core.course import Course, course_for, progress_path
from core.errors import UserError
from core.settings import Settings
from dlstudy.commands.ask import make_assistant, provider_option
from dlstudy.options import common_options, emit_json, make_settings, week_option
from dlstudy.render import out_console
from dlstudy.reports import render_progress


def course_of(settings: Settings) -> Course:
    """The course of the data dir's index (the bundled one before any index is built)."""
    return course_for(settings.paths)


def progress_store(settings: Settings, course: Course) -> ProgressStore:
    """The course's own progress: each course a data dir has held keeps its own."""
    return ProgressStore(progress_path(settings.paths, course), course)


@click.command()
@week_option
@click.option("--n", "count", type=int, default=5, show_default=True, help="How many questions.")
@click.option("--topic", metavar="TOPIC", help='Only this topic: its id or title, e.g. w05-t11 or "AlexNet".')
@common_options
def quiz(week: int | None, count: int, topic: str | None, data_dir: Path | None,
         chroma_url: str | None, json_output: bool) -> None:
    """Quiz yourself on a week or a topic.

    Answers, one a line, are graded and recorded in your progress. Ctrl-D (end of input) stops
    the quiz; only the questions answered count. --json prints the questions with their answer
    keys instead, and records nothing.
    """
    if week is None and topic is None:
        raise UserError("say what to quiz, e.g. dlstudy quiz --week 5, or dlstudy quiz --topic AlexNet")
    assistant = make_assistant(data_dir, chroma_url)
    topic_id = resolve_topic(assistant.course, topic).id if topic else None
    if week is None:
        week = assistant.course.topic(topic_id).week
    result = assistant.quiz(week, n=count, topic_id=topic_id)
    if json_output:
        emit_json(result)
        return
    from dlstudy.chat import run_quiz

    run_quiz(out_console(), assistant, result)


@click.command()
@week_option
@common_options
def progress(week: int | None, data_dir: Path | None, chroma_url: str | None, json_output: bool) -> None:
    """Show your progress and the topics due for review.

    A table of weeks, or with --week N one row per topic (studied, quiz score, last seen, due),
    then the topics due for review and the command that reviews them.
    """
    settings = make_settings(data_dir, chroma_url)
    course = course_of(settings)
    if week is not None:
        course.require_week(week)
    report = progress_store(settings, course).report(course)
    if json_output:
        emit_json(report)
    else:
        render_progress(out_console(), report, week)


@click.command()
@click.option("--done", "topic", required=True, metavar="TOPIC",
              help='The topic you studied: its id or title, e.g. w05-t11 or "AlexNet".')
@click.option("--undo", is_flag=True, help="Unmark it.")
@common_options
def study(topic: str, undo: bool, data_dir: Path | None, chroma_url: str | None, json_output: bool) -> None:
    """Mark a topic as studied (or not, with --undo)."""
    settings = make_settings(data_dir, chroma_url)
    course = course_of(settings)
    found = resolve_topic(course, topic)
    progress_store(settings, course).mark_studied(found.id, studied=not undo)
    if json_output:
        emit_json({"topic_id": found.id, "topic": found.title, "week": found.week, "studied": not undo})
    else:
        state = "no longer marked as studied" if undo else "marked as studied"
        out_console().print(f"{found.id} {found.title} (week {found.week}) {state}.", markup=False)


@click.command()
@week_option
@provider_option
@common_options
def chat(week: int | None, provider: str | None, data_dir: Path | None, chroma_url: str | None,
         json_output: bool) -> None:
    """Chat with the course in the terminal.

    Follow-up questions build on the conversation; /new starts a new one. Quizzes run inline.
    Ctrl-D quits.
    """
    from dlstudy.chat import repl

    assistant = make_assistant(data_dir, chroma_url, provider)
    repl(assistant, week)

