"""The sidebar: where the student is in the course, and which week the chat is scoped to.

Studied topics are read from the progress database on every run and written back the moment a
checkbox changes, so the ticks survive reruns, restarts and changes made from the CLI.
"""

from __future__ import annotations

import streamlit as st

from assistant.progress_report import ProgressReport, TopicProgress, progress_report
from assistant.service import Assistant
from core.course import Course
from core.settings import Settings
from ui.resources import provider_status
from ui.review_view import get_reviewer
from ui.safe_text import escape_markdown
from ui.session import WEEK_KEY

# Mastery (0..1, see assistant.progress_report.mastery_score) at or above which a badge turns this colour.
MASTERY_COLOURS = ((0.6, "green"), (0.2, "orange"), (0.0, "red"))


ALL_WEEKS = 0  # the selector's value for "All weeks" (None would make the box clearable)


def render_week_selector(course: Course) -> int | None:
    """'All weeks' or one week; the chat searches only the chosen week."""
    def label(week: int) -> str:
        return "All weeks" if week == ALL_WEEKS else f"Week {week} · {course.week(week).title}"

    chosen = st.selectbox("Study week", [ALL_WEEKS, *(w.week for w in course.weeks)], format_func=label,
                          key=WEEK_KEY, help="Answers and quizzes are scoped to this week.")
    return chosen or None


def render_overview(report: ProgressReport) -> None:
    overall, due_cards = report.overall, report.overall.due_cards
    st.progress(overall.studied / overall.total if overall.total else 0.0,
                text=f"**{overall.studied} / {overall.total}** topics studied")
    st.caption(f":material/style: **{due_cards}** due today" if due_cards else
               ":material/style: Nothing due today", help="Flashcards to review in the Review tab.")


def render_week_topics(assistant: Assistant, report: ProgressReport, week: int | None) -> None:
    """The chosen week's topics as checkboxes, each with its quiz mastery."""
    if week is None:
        st.caption("Pick a week to tick off its topics.")
        return
    summary = report.weeks[week - 1]
    st.markdown(f"**Week {week} topics** · {summary.studied}/{summary.total} studied")
    for topic in (t for t in report.topics if t.week == week):
        key = f"studied-{topic.topic_id}"
        st.session_state[key] = topic.studied  # the database is the source of truth
        st.checkbox(_topic_label(topic), key=key, help=_mastery_help(topic),
                    on_change=_save_studied, args=(assistant, topic.topic_id, key))


def _save_studied(assistant: Assistant, topic_id: str, key: str) -> None:
    assistant.progress.mark_studied(topic_id, studied=bool(st.session_state[key]))


def _topic_label(topic: TopicProgress) -> str:
    label = escape_markdown(topic.title)
    if topic.attempts == 0:
        return label
    colour = next(c for floor, c in MASTERY_COLOURS if topic.mastery >= floor)
    return f"{label} :{colour}-badge[{topic.mastery:.0%}]"


def _mastery_help(topic: TopicProgress) -> str | None:
    if topic.attempts == 0:
        return None
    review = " Due for review." if topic.due else ""
    return (f"Mastery {topic.mastery:.0%} from {topic.attempts} quiz answers "
            f"({topic.correct} right).{review}")


def render_week_bars(report: ProgressReport, current: int | None) -> None:
    """One bar per week, like the checklist page's own progress list."""
    with st.expander("All weeks", expanded=current is None, icon=":material/checklist:"):
        for week in report.weeks:
            marker = "▸ " if week.week == current else ""
            title = escape_markdown(week.title)
            st.progress(week.completion_pct / 100,
                        text=f"{marker}W{week.week} · {title} — {week.studied}/{week.total}")


def render_provider(assistant: Assistant, settings: Settings) -> None:
    info, problem = provider_status(assistant.provider, settings, settings.model_dump_json())
    name = escape_markdown(info.name)
    if not info.generative:
        st.caption(f"Answers: **{name}** — quotes the course passages, no language model.")
    else:
        st.caption(f"Answers: **{name}** · model {escape_markdown(info.model)}")
    if problem:
        st.caption(f":orange[Unavailable: {escape_markdown(problem)}] "
                   "Answers fall back to quoting the course.")


def render_sidebar(assistant: Assistant, settings: Settings) -> int | None:
    """Draw the sidebar and return the week the student is studying (None: all weeks)."""
    with st.sidebar:
        st.title(":material/neurology: dlstudy")
        st.caption(escape_markdown(assistant.course.title))
        overview = st.container()
        week = render_week_selector(assistant.course)
        report = progress_report(get_reviewer(assistant))
        with overview:
            render_overview(report)
        render_week_topics(assistant, report, week)
        render_week_bars(report, week)
        st.divider()
        render_provider(assistant, settings)
    return week
