"""Study commands: ask, quiz, progress, study, chat."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from dlstudy.chat import run_quiz
from dlstudy.cli import cli, common_options, emit_json, make_settings, week_option
from dlstudy.render import (
    err_console,
    out_console,
    render_answer_footer,
    render_progress,
    write_token,
)
from ingest.errors import UserError

provider_option = click.option("--provider", metavar="P",
                               help="extractive, llamacpp, ollama or openai (default: configured).")


def _assistant(data_dir: Path | None, chroma_url: str | None, provider: str | None = None):
    from assistant.service import Assistant

    return Assistant(make_settings(data_dir, chroma_url), provider=provider)


@cli.command()
@click.argument("question", required=False)
@week_option
@click.option("--k", type=click.IntRange(1, 20), help="How many passages to retrieve.")
@provider_option
@click.option("--batch", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="FILE",
              help='JSON lines {"question": ..., "week": N}; one result per line, models loaded once.')
@common_options
def ask(question: str | None, week: int | None, k: int | None, provider: str | None, batch: Path | None,
        data_dir: Path | None, chroma_url: str | None, json_output: bool) -> None:
    """Answer QUESTION from the course, citing week, topic and article."""
    if batch is not None:
        if question:
            raise UserError("give either a QUESTION or --batch FILE, not both")
        _ask_batch(batch, _assistant(data_dir, chroma_url, provider), k)
        return
    if question is None:
        raise UserError('no question given; try: dlstudy ask "Why is GELU used in BERT?"')
    assistant = _assistant(data_dir, chroma_url, provider)
    if json_output:
        emit_json(assistant.ask(question, week=week, k=k))
        return
    result = assistant.ask(question, week=week, k=k, on_token=write_token)
    sys.stdout.write("\n")
    render_answer_footer(out_console(), err_console(), result)


def _ask_batch(path: Path, assistant, k: int | None) -> None:
    requests = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            requests.append((str(item["question"]), item.get("week")))
        except (json.JSONDecodeError, KeyError, TypeError):
            raise UserError(f'{path}:{number}: expected a JSON object like {{"question": "...", "week": 5}}') from None
    for question, week in requests:
        try:
            emit_json(assistant.ask(question, week=week, k=k))
        except UserError as error:  # one bad request must not sink the batch
            emit_json({"question": question, "week": week, "error": str(error)})


@cli.command()
@week_option
@click.option("--n", "count", type=int, default=5, show_default=True, help="How many questions.")
@click.option("--topic", "topic_id", metavar="ID", help="Only this topic, e.g. w05-t11.")
@common_options
def quiz(week: int | None, count: int, topic_id: str | None, data_dir: Path | None,
         chroma_url: str | None, json_output: bool) -> None:
    """Quiz yourself on a week; answers are graded and recorded in your progress."""
    assistant = _assistant(data_dir, chroma_url)
    if week is None and topic_id is None:
        raise UserError("say which week to quiz, e.g. dlstudy quiz --week 5")
    if week is None:
        week = assistant.course.require_topic(topic_id).week
    result = assistant.quiz(week, n=count, topic_id=topic_id)
    if json_output:
        emit_json(result)
        return
    run_quiz(err_console(), assistant, result)


@cli.command()
@common_options
def progress(data_dir: Path | None, chroma_url: str | None, json_output: bool) -> None:
    """Per-week and per-topic progress: topics studied, quiz attempts, mastery."""
    assistant = _assistant(data_dir, chroma_url)
    report = assistant.progress.report(assistant.course)
    if json_output:
        emit_json(report)
    else:
        render_progress(out_console(), report)


@cli.command()
@click.option("--done", "topic_id", required=True, metavar="ID", help="The topic you studied, e.g. w05-t11.")
@click.option("--undo", is_flag=True, help="Unmark it.")
@common_options
def study(topic_id: str, undo: bool, data_dir: Path | None, chroma_url: str | None, json_output: bool) -> None:
    """Mark a topic as studied (or not, with --undo)."""
    assistant = _assistant(data_dir, chroma_url)
    topic = assistant.course.require_topic(topic_id)
    assistant.progress.mark_studied(topic.id, studied=not undo)
    if json_output:
        emit_json({"topic_id": topic.id, "topic": topic.title, "week": topic.week, "studied": not undo})
    else:
        state = "no longer marked as studied" if undo else "marked as studied"
        err_console().print(f"{topic.id} {topic.title} (week {topic.week}) {state}.")


@cli.command()
@week_option
@provider_option
@common_options
def chat(week: int | None, provider: str | None, data_dir: Path | None, chroma_url: str | None,
         json_output: bool) -> None:
    """A terminal chat with the course: streaming answers, in-chat quizzes. Ctrl-D quits."""
    from dlstudy.chat import repl

    repl(_assistant(data_dir, chroma_url, provider), week)
