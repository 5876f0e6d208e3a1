"""The evaluation report: summary JSON, per-item JSON lines, a Markdown report and PNG plots.

A run covers the Q&A set (`EvalRun`), the students' sets (`StudentsRun`, under the key
"students" and the section "Students' questions"), or both.
"""

from __future__ import annotations

import json
from pathlib import Path

from eval.metrics import hit_at_k
from eval.quiz_quality import quiz_section
from eval.run import EvalRun
from eval.students_report import markdown_section, students_document, write_students
from eval.students_run import StudentsRun
from eval.tables import Target, fmt, lookup, target_rows

TARGETS: list[Target] = [
    ("retrieval.hit@5", 0.95, "min"), ("retrieval.mrr", 0.80, "min"),
    ("refusal.recall", 0.90, "min"), ("refusal.false_rate", 0.05, "max"),
    ("faithfulness", 0.95, "min"), ("intent_accuracy", 1.0, "min"),
]
SUMMARY_FILE = "summary.json"
__all__ = ["SUMMARY_FILE", "TARGETS", "compare", "lookup", "markdown", "run_document", "write_report"]


def write_report(run: EvalRun | None, out: Path, students: StudentsRun | None = None) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    summary = run_document(run, students)
    (out / SUMMARY_FILE).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    if run is not None:
        with (out / "items.jsonl").open("w", encoding="utf-8") as sink:
            for item in run.items:
                sink.write(json.dumps({**item.model_dump(), "answer": run.answers.get(item.id, "")}) + "\n")
        _plots(run, out)
    if students is not None:
        write_students(students, out)
    (out / "report.md").write_text(markdown(run, students), encoding="utf-8")
    return out / "report.md"


def run_document(run: EvalRun | None, students: StudentsRun | None = None) -> dict:
    """The contract's summary (for the Q&A set), plus which configuration produced it and, when
    the students' sets ran, their summary under "students"."""
    document: dict = {}
    if run is not None:
        document = {**run.summary.model_dump(by_alias=True),
                    "config": {"provider": run.provider, "retrieval": run.retrieval, "guard": run.guard,
                               "split": run.split, "judge": run.judge},
                    "stages_ms": run.stages_ms.model_dump()}
        if run.quiz_quality is not None:
            document["quiz_quality"] = run.quiz_quality.model_dump(exclude={"failures"})
    if students is not None:
        document["students"] = students_document(students)
        document.setdefault("config", {"provider": students.provider})
    return document


def markdown(run: EvalRun | None, students: StudentsRun | None = None) -> str:
    if run is None:
        provider = students.provider if students else "?"
        return "\n".join([f"# dlstudy evaluation: provider `{provider}`", ""]
                         + (markdown_section(students) if students else []))
    doc = run_document(run)
    s = run.summary
    lines = [f"# dlstudy evaluation: provider `{run.provider}`, retrieval `{run.retrieval}`, "
             f"guard {'on' if run.guard else 'off'}", "",
             f"{s.n} items (split: {run.split or 'all'}). Judge: {run.judge}.", "",
             "| metric | value | target | verdict |", "| --- | --- | --- | --- |"]
    lines += ["| " + " | ".join(row) + " |" for row in target_rows(doc, TARGETS)]
    for path in ("retrieval.hit@1", "retrieval.hit@3", "retrieval.ndcg@5", "scope_accuracy",
                 "answer_similarity", "answer_f1", "citation_precision"):
        value = lookup(doc, path)
        lines.append(f"| {path} | {fmt(value)} | | |")
    st = run.stages_ms
    lines += ["", "## Latency (ms)", "", "| stage | p50 | p95 |", "| --- | --- | --- |"]
    for name, scores in (("retrieve", st.retrieve), ("generate", st.generate), ("total", st.total)):
        lines.append(f"| {name} | {scores.p50} | {scores.p95} |")
    lines += ["", "## By week (in-scope answer items)", "", "| week | n | hit@5 | mrr |", "| --- | --- | --- | --- |"]
    for week, group in s.by_week.items():
        lines.append(f"| {week} | {group.n} | {fmt(group.hit_at_5)} | {fmt(group.mrr)} |")
    lines += ["", "## By item type", "", "| type | n | hit@5 | intent accuracy |", "| --- | --- | --- | --- |"]
    for kind, group in s.by_type.items():
        lines.append(f"| {kind} | {group.n} | {fmt(group.hit_at_5)} | {fmt(group.intent_accuracy)} |")
    lines += ["", "## Why targets are missed: the failing items", ""] + _failures(run)
    if run.quiz_quality is not None:
        lines += [""] + quiz_section(run.quiz_quality)
    lines += ["", "Plots: `hit5_by_week.png`, `latency.png`, `intents.png`.", ""]
    if students is not None:
        lines += markdown_section(students)
    return "\n".join(lines)


def _failures(run: EvalRun, limit: int = 25) -> list[str]:
    rows = []
    for item in run.items:
        problem = None
        if item.answerable and hit_at_k(item.retrieved_topics, item.expected_topics, 5) == 0:
            problem = f"not retrieved (got {', '.join(item.retrieved_topics[:3]) or 'nothing'})"
        elif item.expected_intent != item.intent:
            problem = f"routed to {item.intent}, expected {item.expected_intent}"
        elif item.supported and not all(item.supported):
            problem = f"{item.supported.count(False)} unsupported sentence(s)"
        if problem:
            rows.append(f"- `{item.id}` ({item.type}, expected {', '.join(item.expected_topics) or '-'}): {problem}")
    if not rows:
        return ["None."]
    more = [f"- ... and {len(rows) - limit} more (see items.jsonl)"] if len(rows) > limit else []
    return rows[:limit] + more


def _plots(run: EvalRun, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    weeks = list(run.summary.by_week)
    figure, axes = plt.subplots(figsize=(8, 3.5))
    axes.bar(weeks, [run.summary.by_week[w].hit_at_5 or 0 for w in weeks], color="#4C72B0")
    axes.axhline(0.95, color="#C44E52", linestyle="--", label="target 0.95")
    axes.set(xlabel="week", ylabel="hit@5", ylim=(0, 1.05), title="Retrieval hit@5 by week")
    axes.legend(loc="lower right")
    figure.tight_layout()
    figure.savefig(out / "hit5_by_week.png", dpi=110)
    plt.close(figure)

    figure, axes = plt.subplots(figsize=(8, 3.5))
    axes.hist([i.latency_ms for i in run.items], bins=30, color="#55A868")
    axes.set(xlabel="latency per request (ms)", ylabel="requests", title="Latency")
    figure.tight_layout()
    figure.savefig(out / "latency.png", dpi=110)
    plt.close(figure)

    kinds = ["answer", "quiz", "syllabus", "progress", "out_of_scope"]
    counts = [[sum(1 for i in run.items if i.expected_intent == e and i.intent == g) for g in kinds] for e in kinds]
    figure, axes = plt.subplots(figsize=(5.5, 4.5))
    axes.imshow(counts, cmap="Blues")
    axes.set_xticks(range(len(kinds)), kinds, rotation=30, ha="right")
    axes.set_yticks(range(len(kinds)), kinds)
    axes.set(xlabel="routed to", ylabel="expected", title="Intents")
    for row, values in enumerate(counts):
        for column, value in enumerate(values):
            axes.text(column, row, str(value), ha="center", va="center",
                      color="white" if value > max(map(max, counts)) / 2 else "black")
    figure.tight_layout()
    figure.savefig(out / "intents.png", dpi=110)
    plt.close(figure)


def compare(a: Path, b: Path) -> list[tuple[str, float | None, float | None, float | None]]:
    """(metric, A, B, B - A) for every numeric field the two summaries share."""
    docs = []
    for path in (a, b):
        if path.is_dir():
            path = path / SUMMARY_FILE
        try:
            docs.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError):
            from core.errors import UserError
            raise UserError(f"{path} is not an evaluation summary; pass the summary.json an eval run wrote") from None
    rows = []
    for key in _numeric_paths(docs[0]):
        left, right = lookup(docs[0], key), lookup(docs[1], key)
        delta = None if left is None or right is None else round(right - left, 4)
        rows.append((key, left, right, delta))
    return rows


def _numeric_paths(document: dict, prefix: str = "") -> list[str]:
    paths = []
    for key, value in document.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and key not in ("by_week", "by_type", "config"):
            paths += _numeric_paths(value, f"{path}.")
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            paths.append(path)
    return paths
