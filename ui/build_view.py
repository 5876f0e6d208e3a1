"""The first-run screen: there is no course index yet, so offer to build it, with progress."""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.course import Course
from core.errors import UserError
from core.settings import Settings
from ingest.models import IngestSummary
from ingest.pipeline import run_ingest
from ui.resources import forget_assistant
from ui.safe_text import escape_markdown

STAGE_LABELS = {"fetch": "Fetching the linked articles", "extract": "Extracting article text",
                "embed": "Embedding passages", "sentences": "Embedding sentences"}


class ProgressReporter:
    """The ingest pipeline's `Reporter`, drawn as one Streamlit progress bar per stage."""

    def __init__(self, container) -> None:
        self.container = container
        self.bars: dict[str, Any] = {}  # Streamlit's progress elements
        self.totals: dict[str, int] = {}
        self.done: dict[str, int] = {}

    def start(self, stage: str, total: int) -> None:
        self.totals[stage], self.done[stage] = total, 0
        self.bars[stage] = self.container.progress(0.0 if total else 1.0, text=self._text(stage))

    def advance(self, stage: str, amount: int = 1) -> None:
        if stage not in self.bars:
            self.start(stage, 0)
        self.done[stage] += amount
        total = self.totals[stage]
        fraction = min(self.done[stage] / total, 1.0) if total else 1.0
        self.bars[stage].progress(fraction, text=self._text(stage))

    def _text(self, stage: str) -> str:
        label = STAGE_LABELS.get(stage, stage.capitalize())
        total = self.totals[stage]
        return f"{label}: {self.done[stage]} / {total}" if total else f"{label}: nothing to do"


def render_build_index(settings: Settings, course: Course, problem: str) -> None:
    """Explain what is missing and build the index on request; reruns the app when it is ready."""
    st.title(f":material/neurology: {escape_markdown(course.title)}")
    st.subheader("Build the course index first")
    st.markdown(
        f"Answers come only from the **{escape_markdown(course.title)}**: its "
        f"{len(course.weeks)} weeks, {len(course.topics)} topics and the {len(course.article_urls)} "
        "articles they link. Building the index fetches those articles and embeds them on this "
        "machine; it takes a few minutes the first time.")
    st.caption(escape_markdown(f"Why: {problem}"))
    offline = st.toggle("Offline: use cached pages only (topics stay searchable from the checklist)",
                        key="build_offline")
    if not st.button("Build the index", type="primary", icon=":material/build:"):
        return
    with st.status("Building the course index…", expanded=True) as status:
        try:
            summary = run_ingest(settings, course, offline=offline, reporter=ProgressReporter(st))
        except UserError as error:
            status.update(label="The index could not be built", state="error")
            st.error(escape_markdown(str(error)))
            return
        status.update(label="The course index is ready", state="complete")
    _report(summary)
    forget_assistant()
    st.button("Start studying", type="primary", icon=":material/school:")


def _report(summary: IngestSummary) -> None:
    st.success(f"Indexed {summary.chunks.total} passages from {summary.topics} topics and "
               f"{summary.articles.linked - summary.articles.failed} of {summary.articles.linked} articles.")
    for warning in summary.warnings:
        st.warning(escape_markdown(warning))
