"""Rich rendering for humans: tables, progress bars, warnings. Machines get --json instead."""

from __future__ import annotations

import sys
from types import TracebackType

from rich.console import Console
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

from assistant.models import AskResult
from assistant.progress import ProgressReport
from ingest.course import Course
from ingest.models import IngestSummary

_STAGE_LABELS = {"fetch": "Fetching articles", "extract": "Extracting text", "embed": "Embedding chunks"}


def write_token(token: str) -> None:
    """Stream an answer's text to stdout as it arrives."""
    sys.stdout.write(token)
    sys.stdout.flush()


def out_console() -> Console:
    return Console(file=sys.stdout, highlight=False)


def err_console() -> Console:
    return Console(file=sys.stderr, highlight=False)


def render_syllabus(console: Console, course: Course) -> None:
    console.print(Text(course.title, style="bold"))
    for week in course.weeks:
        table = Table(title=Text(f"Week {week.week}: {week.title}"), title_justify="left", expand=True)
        table.add_column("id", style="cyan", no_wrap=True)
        table.add_column("topic", style="bold")
        table.add_column("articles", overflow="fold")
        for topic in week.topics:
            table.add_row(*(Text(cell) for cell in (topic.id, topic.title, "\n".join(topic.urls) or "-")))
        console.print(table)


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
    if summary.failures:
        reasons: dict[str, int] = {}
        for failure in summary.failures:
            reasons[failure.reason] = reasons.get(failure.reason, 0) + 1
        listed = ", ".join(f"{reason} ({count})" for reason, count in sorted(reasons.items()))
        console.print(Text(f"Failed articles by reason: {listed}", style="yellow"))
    for warning in summary.warnings:
        console.print(Text(f"warning: {warning}", style="yellow"))


def render_answer_footer(out: Console, err: Console, result: AskResult) -> None:
    """Sources after a streamed answer; notes (fallbacks, widened scope) as warnings."""
    for note in result.notes:
        err.print(Text(f"note: {note}", style="yellow"))
    if result.suggestions:
        err.print(Text("Nearest course topics (suggestions, not sources): " + "; ".join(
            f"{s.topic_id} {s.topic} (week {s.week})" for s in result.suggestions), style="dim"))
    if not result.citations:
        return
    table = Table(title="Sources", title_justify="left", expand=True)
    for column in ("#", "week", "topic", "source", "snippet"):
        table.add_column(column, overflow="fold")
    for n, c in enumerate(result.citations, start=1):
        where = c.url or "checklist"
        table.add_row(*(Text(cell) for cell in (str(n), str(c.week), f"{c.topic} ({c.topic_id})",
                                                 f"{c.source}\n{where}", c.snippet)))
    out.print(table)


def render_progress(console: Console, report: ProgressReport) -> None:
    console.print(Text(report.headline(), style="bold"))
    table = Table(title="Progress by week", title_justify="left")
    for column, justify in (("week", "right"), ("title", "left"), ("studied", "right"),
                            ("done", "left"), ("mastery", "right"), ("quiz answers", "right")):
        table.add_column(column, justify=justify)
    for week in report.weeks:
        filled = round(week.completion_pct / 10)
        table.add_row(str(week.week), Text(week.title), f"{week.studied}/{week.total}",
                      "█" * filled + "░" * (10 - filled), f"{week.mean_mastery:.2f}",
                      f"{week.correct}/{week.attempts}" if week.attempts else "-")
    console.print(table)


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
