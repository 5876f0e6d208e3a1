"""Commands that start something bigger: the web UI and the evaluation."""

from __future__ import annotations

from pathlib import Path

import click

from core.course import course_for, is_bundled
from dlstudy.options import common_options, emit_json, make_settings
from dlstudy.render import err_console, out_console
from dlstudy.reports import ItemProgress, render_comparison, render_eval_summary


@click.command()
@click.option("--port", type=click.IntRange(1, 65535), metavar="P", help="Port on 127.0.0.1 (default 8501).")
@common_options
def ui(port: int | None, data_dir: Path | None, chroma_url: str | None, json_output: bool) -> None:
    """Start the study app in the browser.

    Serves the Streamlit app on 127.0.0.1 (health check at /_stcore/health).
    """
    from ui.launch import serve

    raise SystemExit(serve(make_settings(data_dir, chroma_url), port))


@click.command(name="eval")
@click.option("--qa", "qa_set", type=click.Path(path_type=Path), metavar="FILE",
              help="A Q&A set in JSON lines (default: the bundled one, for the bundled course only).")
@click.option("--set", "old_qa_set", type=click.Path(path_type=Path), hidden=True)  # --qa's earlier name
@click.option("--split", type=click.Choice(["dev", "test", "all"]),
              help="Split to run (default: all of the Q&A set, the test split of the students' sets).")
@click.option("--suite", type=click.Choice(["all", "qa", "students"]),
              help="The Q&A set, the students' sets (conversations, intents, questions, coverage), or both "
                   "(default: both on the bundled course, the Q&A set on another).")
@click.option("--limit", type=click.IntRange(1), metavar="N", help="Only the first N items.")
@click.option("--provider", metavar="P", help="extractive, llamacpp, ollama or openai.")
@click.option("--retrieval", type=click.Choice(["hybrid", "dense"]), help="Retrieval mode to evaluate.")
@click.option("--no-guard", is_flag=True, help="Measure generated answers without the groundedness guard.")
@click.option("--peer", is_flag=True, help="Evaluate the tutorial LangChain RAG baseline instead.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("eval-report"),
              show_default=True, help="Where the report goes.")
@click.option("--compare", nargs=2, type=click.Path(exists=True, path_type=Path), metavar="A B",
              help="Print the deltas between two summary.json files (or report dirs) and exit.")
@common_options
def evaluate(qa_set: Path | None, old_qa_set: Path | None, split: str | None, suite: str | None,
             limit: int | None, provider: str | None,
             retrieval: str | None, no_guard: bool, peer: bool, out: Path, compare: tuple[Path, Path] | None,
             data_dir: Path | None, chroma_url: str | None, json_output: bool) -> None:
    """Run the evaluation and write its report.

    Runs the Q&A set and writes JSON, Markdown and PNG plots into --out. The bundled sets are
    written for the bundled course: on an index of another course, pass your own with --qa FILE.
    """
    from eval.report import compare as compare_runs
    from eval.report import run_document, write_report

    if compare:
        rows = compare_runs(*compare)
        if json_output:
            emit_json([{"metric": m, "a": a, "b": b, "delta": d} for m, a, b, d in rows])
        else:
            render_comparison(out_console(), compare, rows)
        return
    from assistant.service import Assistant
    from eval.dataset import load_qa
    from eval.run import evaluate as run_evaluation
    from eval.students_data import load_student_sets

    overrides = {"guard": not no_guard, **({"retrieval": retrieval} if retrieval else {})}
    settings = make_settings(data_dir, chroma_url, **overrides)
    course = course_for(settings.paths)
    suite = suite or ("all" if is_bundled(course) else "qa")
    qa_set = qa_set or old_qa_set
    run = students = None
    assistant = None if peer else Assistant(settings, course, provider=provider)
    students_split = None if split == "all" else split or "test"
    if suite != "qa" and assistant is not None:  # loaded first: a bad set fails before a long run
        sets = load_student_sets(students_split, course).limited(limit)
    if suite != "students":
        items = load_qa(qa_set, split=None if (split or "all") == "all" else split, course=course)[:limit]
    if suite != "students" and assistant is None:
        from eval.peer import evaluate_peer

        run = evaluate_peer(items, settings, split=split or "all")
    elif suite != "students" and assistant is not None:  # (the peer has no assistant)
        with ItemProgress(err_console(), len(items)) as progress:
            run = run_evaluation(assistant, items, split=split or "all", on_item=lambda item: progress.advance())
    if suite != "qa" and assistant is not None:
        from eval.students_run import count_requests, run_students

        with ItemProgress(err_console(), count_requests(sets)) as progress:
            students = run_students(assistant, sets, split=students_split, on_request=progress.advance)
    report = write_report(run, out, students)
    err_console().print(f"Report written to {report}")
    if json_output:
        emit_json(run_document(run, students))
        return
    if run is not None:
        render_eval_summary(out_console(), run_document(run))
    if students is not None:
        from rich.table import Table

        from eval.students_report import student_tables

        for title, header, cells in student_tables(students):
            table = Table(*header, title=title, title_justify="left")
            for row in cells:
                table.add_row(*row)
            out_console().print(table)
