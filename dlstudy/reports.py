"""Tables and progress bars for the commands that report rather than answer: syllabus, ingest,
progress and eval. Results go to the console given (stdout); bars to stderr, on a terminal only."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING

from rich.console import Console, JustifyMethod
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from core.course import Course
from dlstudy.render import print_item, print_line
from ingest.models import IngestSummary

if TYPE_CHECKING:
    from assistant import ProgressReport

_STAGE_LABELS = {"fetch": "Fetching articles", "extract": "Extracting text", "embed": "Embedding chunks",
                 "sentences": "Embedding sentences"}
FAILED_URLS_SHOWN = 3  # per reason; --json lists them all
DUE_TOPICS_SHOWN = 10


def render_syllabus(console: Console, course: Course) -> None:
    """Each week, its topics with the ids other commands take, and each article URL whole on a
    line of its own (a table would break URLs mid-word at 80 columns)."""
    console.print(Text(course.title, style="bold"))
    for week in course.weeks:
        console.print(Text(f"\nWeek {week.week}: {week.title}", style="bold"))
        for topic in week.topics:
            print_item(console, f"  {topic.id}  ", topic.title)
            for url in topic.urls:
                indent = " " * (len(topic.id) + 4)
                print_line(console, Text(indent + url if len(indent) + len(url) <= console.width else url,
                                         style="dim"))


class IngestProgress:
    """One rich progress bar per ingest stage, on stderr (quiet when stderr is not a terminal)."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(TextColumn("{task.description:<18}"), BarColumn(), MofNCompleteColumn(),
                                  TimeElapsedColumn(), console=console, transient=False,
                                  disable=not console.is_terminal)
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> IngestProgress:
        self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._progress.stop()

    def start(self, stage: str, total: int) -> None:
        self._tasks[stage] = self._progress.add_task(_STAGE_LABELS.get(stage, stage), total=total)

    def advance(self, stage: str, amount: int = 1) -> None:
        if stage in self._tasks:
            self._progress.advance(self._tasks[stage], amount)


def render_ingest_summary(console: Console, summary: IngestSummary) -> None:
    """The counts, then the failed URLs grouped by reason (a few of each; --json has them all)."""
    table = Table(title="Ingest summary", title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    a, c = summary.articles, summary.chunks
    for label, value in [("weeks", summary.weeks), ("topics", summary.topics),
                         ("articles linked", a.linked), ("fetched", a.ok), ("from cache", a.cached),
                         ("unchanged", a.unchanged), ("failed", a.failed),
                         ("chunks added", c.added), ("chunks removed", c.removed),
                         ("chunks unchanged", c.unchanged), ("chunks in index", c.total)]:
        table.add_row(label, str(value))
    table.add_row("time", f"{summary.timings_s.get('total', 0.0):.1f} s")
    console.print(table)
    by_reason: dict[str, list[str]] = defaultdict(list)
    for failure in summary.failures:
        by_reason[failure.reason].append(failure.url)
    if by_reason:
        console.print(Text(f"\nArticles not indexed ({len(summary.failures)}):", style="bold"))
    for reason, urls in sorted(by_reason.items(), key=lambda item: (-len(item[1]), item[0])):
        print_item(console, "  ", f"{reason}, {len(urls)} article{'s' if len(urls) > 1 else ''}:")
        for url in urls[:FAILED_URLS_SHOWN]:
            print_line(console, f"    {url}")
        if len(urls) > FAILED_URLS_SHOWN:
            console.print(Text(f"    and {len(urls) - FAILED_URLS_SHOWN} more, --json lists all", style="dim"))


def render_warnings(console: Console, warnings: list[str]) -> None:
    for warning in warnings:
        print_item(console, "warning: ", warning, style="yellow")


def render_progress(console: Console, report: ProgressReport, week: int | None,
                    due_ids: Collection[str] | None = None) -> None:
    """The headline, the week table (or one week's topics), and which topics are due and how.
    `due_ids`: the topics due, by default the report's (for one week the command passes that
    week's review, as `dlstudy review --week N` has it)."""
    console.print(Text(report.headline(), style="bold"))
    due_ids = {t.topic_id for t in report.due_topics()} if due_ids is None else due_ids
    if week is None:
        _week_table(console, report)
    else:
        _topic_table(console, report, week, due_ids)
    due = [t for t in report.topics if t.topic_id in due_ids and week in (None, t.week)]
    if due:
        console.print(Text(f"\nDue for review ({len(due)}):", style="bold"))
        for topic in due[:DUE_TOPICS_SHOWN]:
            print_item(console, f"  {topic.topic_id}  ", f"{topic.title} (week {topic.week})")
        if len(due) > DUE_TOPICS_SHOWN:
            console.print(Text(f"  and {len(due) - DUE_TOPICS_SHOWN} more, --json lists all", style="dim"))
        print_item(console, "", "Review them with `dlstudy review`.")


def _week_table(console: Console, report: ProgressReport) -> None:
    table = Table(title="Progress by week (details: dlstudy progress --week N)", title_justify="left")
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("week", "right"), ("title", "left"), ("studied", "right"), ("done", "left"), ("mastery", "right"),
        ("quiz answers", "right"))
    for column, justify in columns:
        table.add_column(column, justify=justify)
    for week in report.weeks:
        filled = round(week.completion_pct / 10)
        table.add_row(str(week.week), Text(week.title), f"{week.studied}/{week.total}",
                      "█" * filled + "░" * (10 - filled), f"{week.mean_mastery:.2f}",
                      f"{week.correct}/{week.attempts}" if week.attempts else "-")
    console.print(table)


def _topic_table(console: Console, report: ProgressReport, week: int, due_ids: Collection[str]) -> None:
    summary = next(w for w in report.weeks if w.week == week)
    table = Table(title=Text(f"Week {week}: {summary.title} ({summary.studied}/{summary.total} studied)"),
                  title_justify="left")
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("id", "left"), ("topic", "left"), ("studied", "left"), ("quiz", "right"), ("last seen", "left"),
        ("due", "left"))
    for column, justify in columns:
        table.add_column(column, justify=justify, no_wrap=column != "topic")
    for topic in (t for t in report.topics if t.week == week):
        table.add_row(topic.topic_id, Text(topic.title), "yes" if topic.studied else "-",
                      f"{topic.correct}/{topic.attempts}" if topic.attempts else "-",
                      _day(topic.last_seen), "now" if topic.topic_id in due_ids else _day(topic.due_at))
    console.print(table)


def _day(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d") if moment else "-"


class ItemProgress:
    """A single progress bar over a list of items (the evaluation), on stderr."""

    def __init__(self, console: Console, total: int) -> None:
        self._progress = Progress(TextColumn("Evaluating"), BarColumn(), MofNCompleteColumn(),
                                  TimeElapsedColumn(), console=console, disable=not console.is_terminal)
        self._task = self._progress.add_task("eval", total=total)

    def __enter__(self) -> ItemProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._progress.stop()

    def advance(self) -> None:
        self._progress.advance(self._task)


def render_eval_summary(console: Console, document: dict) -> None:
    table = Table(title="Evaluation", title_justify="left")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for group in ("retrieval", "refusal", "latency_ms"):
        for key, value in document[group].items():
            table.add_row(f"{group}.{key}", "n/a" if value is None else f"{value:.3f}")
    for key in ("intent_accuracy", "scope_accuracy", "faithfulness", "answer_similarity", "answer_f1",
                "citation_precision"):
        value = document.get(key)
        table.add_row(key, "n/a" if value is None else f"{value:.3f}")
    console.print(table)


def render_comparison(console: Console, paths: tuple, rows: list) -> None:
    table = Table(title=Text(f"A = {paths[0]}   B = {paths[1]}"), title_justify="left")
    for column in ("metric", "A", "B", "B - A"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    for metric, a, b, delta in rows:
        style = "" if not delta else ("green" if delta > 0 else "red")
        table.add_row(metric, _num(a), _num(b), Text(_num(delta, signed=True), style=style))
    console.print(table)


def _num(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "n/a"
    return f"{value:+.3f}" if signed else f"{value:.3f}"
