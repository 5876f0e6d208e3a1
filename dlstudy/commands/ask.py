"""`dlstudy ask`: one question, or a batch of them (with conversations), rendered for a person
by dlstudy.render or printed as JSON."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from core.errors import UserError
from dlstudy.options import common_options, emit_json, make_settings, week_option
from dlstudy.render import batch_item, err_console, out_console, render_result, status

provider_option = click.option("--provider", metavar="P",
                               help="extractive, llamacpp, ollama or openai (default: configured).")
WORKING = "Loading the course index and models, then searching…"


def make_assistant(data_dir: Path | None, chroma_url: str | None, provider: str | None = None):
    """The assistant, imported here so that commands which never search stay light."""
    from assistant.service import Assistant

    return Assistant(make_settings(data_dir, chroma_url), provider=provider)


def interactive() -> bool:
    """A person at a terminal, who can answer a quiz as it is asked."""
    return sys.stdin.isatty() and sys.stdout.isatty()


@click.command()
@click.argument("question", required=False)
@week_option
@click.option("--k", type=click.IntRange(1, 20), help="How many passages to retrieve.")
@provider_option
@click.option("--batch", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="FILE",
              help='JSON lines {"question": ..., "week": N, "conversation": "ID"}; models load once.')
@common_options
def ask(question: str | None, week: int | None, k: int | None, provider: str | None, batch: Path | None,
        data_dir: Path | None, chroma_url: str | None, json_output: bool) -> None:
    """Answer QUESTION from the course, with its sources.

    Each [n] in the answer is entry n of the sources listed under it. "quiz me on week 5" prints
    a quiz (or runs it, at a terminal).
    """
    if batch is not None:
        if question:
            raise UserError("give either a QUESTION or --batch FILE, not both")
        _ask_batch(read_batch(batch), make_assistant(data_dir, chroma_url, provider), k, json_output)
        return
    if question is None:
        raise UserError('no question given; try: dlstudy ask "Why is GELU used in BERT?"')
    assistant = make_assistant(data_dir, chroma_url, provider)
    with status(err_console(), WORKING):
        result = assistant.ask(question, week=week, k=k)
    if json_output:
        emit_json(result)
    elif result.intent == "quiz" and result.quiz and interactive():
        from dlstudy.chat import run_quiz
        from dlstudy.render import quiz_of

        run_quiz(out_console(), assistant, quiz_of(result))
    else:
        render_result(out_console(), err_console(), result)


@dataclass(frozen=True)
class BatchRequest:
    question: str
    week: int | None = None
    conversation: str | None = None  # lines sharing one are a dialogue, answered in file order


def read_batch(path: Path) -> list[BatchRequest]:
    requests = []
    example = '{"question": "...", "week": 5, "conversation": "c1"}'
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            week, conversation = item.get("week"), item.get("conversation")
            if not isinstance(item["question"], str) or not isinstance(week, int | None) \
                    or not isinstance(conversation, str | int | None):
                raise TypeError
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError):
            raise UserError(f"{path}:{number}: expected a JSON object like {example} "
                            "(week and conversation optional)") from None
        requests.append(BatchRequest(question=item["question"], week=week,
                                     conversation=None if conversation is None else str(conversation)))
    return requests


def _ask_batch(requests: list[BatchRequest], assistant, k: int | None, json_output: bool) -> None:
    from assistant.conversation import Conversation

    out, err = out_console(), err_console()
    conversations: dict[str, Conversation] = {}
    for number, request in enumerate(requests, start=1):
        conversation = (conversations.setdefault(request.conversation, Conversation())
                        if request.conversation is not None else None)
        try:
            with status(err, f"Question {number} of {len(requests)}…"):
                result = assistant.ask(request.question, week=request.week, k=k,
                                       history=conversation.turns if conversation else ())
        except UserError as error:  # one bad request must not sink the batch
            if json_output:
                emit_json({"question": request.question, "week": request.week, "error": str(error)})
            else:
                with batch_item(out, number, request.question):
                    out.print(f"Not answered: {error}", style="red", highlight=False, markup=False)
            continue
        if conversation is not None:
            conversation.add(result)
        if json_output:
            emit_json(result)
        else:
            with batch_item(out, number, request.question):
                render_result(out, err, result)
