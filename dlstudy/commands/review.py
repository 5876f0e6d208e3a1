"""`dlstudy review`: today's due flashcards, scheduled by FSRS (assistant.review).

In a terminal it is a review session: show the front, reveal the back, rate 1-4. With --json it
prints the due list for scripts; piped without --json it prints the due list as text.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.markup import escape

from core.errors import UserError
from dlstudy.commands.study import course_of, reviewer_of
from dlstudy.options import common_options, emit_json, make_settings, week_option
from dlstudy.render import err_console, out_console

if TYPE_CHECKING:
    from assistant.review import DueCard, DueList, Reviewer

RATING_KEYS = "1 Again · 2 Hard · 3 Good · 4 Easy · q quit"


@click.command()
@week_option
@click.option("--topic", metavar="TOPIC", help='Only this topic: its id or title, e.g. w05-t11 or "AlexNet".')
@common_options
def review(week: int | None, topic: str | None, data_dir: Path | None, chroma_url: str | None,
           json_output: bool) -> None:
    """Review today's due flashcards: show, reveal, rate 1 (Again) to 4 (Easy).

    Cards come from the course (each topic's description, and key terms of its articles when
    they are indexed); quizzed topics and topics marked studied enter the review.
    """
    from assistant.topic_names import resolve_topic

    settings = make_settings(data_dir, chroma_url)
    course = course_of(settings)
    topic_id = resolve_topic(course, topic).id if topic else None
    if topic_id and week is not None and course.topic(topic_id).week != week:
        raise UserError(f"{topic_id} is in week {course.topic(topic_id).week}, not week {week}; drop --week")
    reviewer = reviewer_of(settings, course)
    due = reviewer.due(week=week, topic_id=topic_id)
    if json_output:
        emit_json(due)
    elif sys.stdin.isatty() and sys.stdout.isatty():
        run_review(err_console(), reviewer, due)
    else:
        render_due_list(out_console(), due)


def render_due_list(console: Console, due: DueList) -> None:
    if not due.due:
        later = f" The next card is due {due.next_due:%Y-%m-%d %H:%M} UTC." if due.next_due else ""
        console.print(f"Nothing to review right now.{later} Mark topics studied (`dlstudy study --done ID`) "
                      "or take a quiz to add cards.", markup=False)
        return
    cards = "1 card" if due.due_count == 1 else f"{due.due_count} cards"
    console.print(f"{cards} to review today:", markup=False)
    for card in due.due:
        when = "new" if card.due is None else f"due {card.due:%Y-%m-%d %H:%M}"
        console.print(f"  {card.card_id}  week {card.week} · {card.source.topic} ({when})", markup=False,
                      soft_wrap=True)


def run_review(console: Console, reviewer: Reviewer, due: DueList) -> None:
    if not due.due:
        render_due_list(console, due)
        return
    done = 0
    for number, card in enumerate(due.due, start=1):
        rating = _review_card(console, reviewer, card, number, due.due_count)
        if rating is None:
            break
        done += 1
    console.print(f"\nReviewed {done} of {due.due_count} cards.", markup=False)


def _review_card(console: Console, reviewer: Reviewer, card: DueCard, number: int, total: int) -> int | None:
    """Show one card, reveal it on Enter, record the rating; None when the student quits."""
    console.rule(f"Card {number}/{total} · week {card.week}", style="dim")
    console.print(escape(card.front))
    started = time.monotonic()
    click.prompt("Press Enter to show the answer", default="", show_default=False, err=True)
    console.print(f"[bold]{escape(card.back)}[/bold]")
    console.print(f"[dim]Source: {escape(card.source.topic)} · {escape(card.source.url or 'checklist')}[/dim]")
    answer = click.prompt(RATING_KEYS, type=click.Choice(["1", "2", "3", "4", "q"]), show_choices=False,
                          err=True)
    if answer == "q":
        return None
    from assistant.srs import RATING_NAMES

    state = reviewer.rate(card.card_id, int(answer), duration_s=time.monotonic() - started)
    console.print(f"[dim]{RATING_NAMES[int(answer)]}: next review {state.due_at:%Y-%m-%d %H:%M} UTC[/dim]")
    return int(answer)
