"""Subcommands about the course itself: syllabus and ingest."""

from __future__ import annotations

from pathlib import Path

import click

from core.course import course_for, load_course
from dlstudy.options import common_options, emit_json, make_settings, week_option
from dlstudy.render import err_console, out_console
from dlstudy.reports import IngestProgress, render_ingest_summary, render_syllabus, render_warnings


@click.command()
@week_option
@common_options
def syllabus(week: int | None, data_dir: Path | None, chroma_url: str | None, json_output: bool) -> None:
    """Print the course of the index: weeks, topics and their articles.

    The topic ids (w05-t11) and titles are what `study --done` and `quiz --topic` accept.
    """
    course = course_for(make_settings(data_dir, chroma_url).paths)
    if week is not None:
        course = course.model_copy(update={"weeks": [course.require_week(week)]})
    if json_output:
        emit_json(course)
    else:
        render_syllabus(out_console(), course)


@click.command()
@click.option("--checklist", type=click.Path(path_type=Path), metavar="FILE",
              help="A checklist in the course's markdown format (default: the bundled course).")
@click.option("--offline", is_flag=True, help="Use cached pages only; never touch the network.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="HOST",
              help="Also fetch from HOST; it may be a loopback or private address.")
@click.option("--refresh", is_flag=True, help="Re-extract every page even if it is unchanged.")
@click.option("--rebuild", is_flag=True,
              help="Replace the index, even one of another course (its progress is kept).")
@common_options(creates_data_dir=True)
def ingest(checklist: Path | None, offline: bool, allow_hosts: tuple[str, ...], refresh: bool, rebuild: bool,
           data_dir: Path | None, chroma_url: str | None, json_output: bool) -> None:
    """Build or update the index: fetch, chunk and embed the articles.

    Creates the data dir if needed. The index remembers its course: every other command then
    works on it. A data dir holds one course; another checklist needs --rebuild or another
    --data-dir. Articles that cannot be fetched are listed by reason; every topic stays
    searchable from its checklist description.
    """
    from assistant.service import Assistant
    from ingest.pipeline import run_ingest

    settings = make_settings(data_dir, chroma_url)
    if allow_hosts:
        settings = settings.model_copy(update={
            "allow_hosts": [*settings.allow_hosts, *allow_hosts],
            "explicit_hosts": [*settings.explicit_hosts, *allow_hosts]})
    course = load_course(checklist)
    with IngestProgress(err_console()) as progress:
        summary = run_ingest(settings, course, offline=offline, refresh=refresh, rebuild=rebuild,
                             reporter=progress)
    with err_console().status("Preparing the assistant for the first question..."):
        Assistant(settings, course).prepare()
    if json_output:
        emit_json(summary)
    else:
        render_ingest_summary(out_console(), summary)
    render_warnings(err_console(), summary.warnings)
