"""The progress view: how much of each week is studied and mastered, how quizzes have gone, and
the reviews ahead (a 30-day forecast of due flashcards, and the share recalled so far)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from assistant import Assistant
from assistant.progress import QuizAttempt
from assistant.progress_report import ProgressReport, progress_report
from assistant.review import ForecastDay, Retention
from core.course import Course
from ui.review_view import get_reviewer
from ui.safe_text import escape_markdown

ROLLING_WINDOW = 10  # quiz answers per point of the rolling accuracy line
RECENT_ROWS = 20


def render_progress(assistant: Assistant) -> None:
    reviewer = get_reviewer(assistant)
    report = progress_report(reviewer)
    history = assistant.progress.history()
    _render_metrics(report)
    st.subheader("By week")
    st.altair_chart(week_chart(report), width="stretch")
    render_reviews_ahead(reviewer.forecast(), reviewer.retention())
    st.subheader("Quiz history")
    if not history:
        st.info("No quiz answers yet. Start one from the Quiz tab, or type *quiz me on week 1*.",
                icon=":material/quiz:")
        return
    st.altair_chart(history_chart(history), width="stretch")
    _render_due_topics(report)
    st.caption("Latest answers")
    st.dataframe(attempts_table(history[-RECENT_ROWS:][::-1], assistant.course), hide_index=True,
                 width="stretch")


def _render_metrics(report: ProgressReport) -> None:
    overall = report.overall
    studied, mastery, answers, due = st.columns(4)
    studied.metric("Topics studied", f"{overall.studied} / {overall.total}",
                   help=f"{overall.completion_pct:.1f}% of the course")
    quizzed = [t.mastery for t in report.topics if t.attempts]
    mastery.metric("Mastery", f"{sum(quizzed) / len(quizzed):.0%}" if quizzed else "–",
                   help=f"Mean over the {len(quizzed)} topics quizzed so far; {overall.mean_mastery:.0%} "
                        "over the whole course. Right answers in a row raise it, a wrong one resets it.")
    accuracy = f"{overall.accuracy:.0%} right" if overall.accuracy is not None else None
    answers.metric("Quiz answers", overall.attempts, delta=accuracy, delta_color="off")
    due.metric("Due today", overall.due_cards, help="Flashcards to review in the Review tab, scheduled "
               "by FSRS from your quiz answers and reviews; new cards come from topics you studied.")


MEASURES = ["Studied", "Quizzed", "Mastery"]


def week_chart(report: ProgressReport) -> alt.Chart:
    """Per week: the share of topics ticked off, the share quizzed, and the mean mastery of the
    quizzed ones (averaging in never-quizzed topics would flatten every bar to nothing)."""
    rows = []
    for week in report.weeks:
        topics = [t for t in report.topics if t.week == week.week]
        quizzed = [t.mastery for t in topics if t.attempts]
        values = {"Studied": week.completion_pct / 100, "Quizzed": len(quizzed) / len(topics),
                  "Mastery": sum(quizzed) / len(quizzed) if quizzed else 0.0}
        rows += [{"week": week.week, "title": week.title, "measure": m, "value": values[m]} for m in MEASURES]
    return alt.Chart(pd.DataFrame(rows)).mark_bar(cornerRadiusEnd=2).encode(
        x=alt.X("week:O", title="Week", axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("measure:N", sort=MEASURES),
        y=alt.Y("value:Q", title=None, axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("measure:N", title=None, sort=MEASURES, legend=alt.Legend(orient="top"),
                        scale=alt.Scale(domain=MEASURES, range=["#3558d6", "#9bb0f0", "#2e9d6a"])),
        tooltip=[alt.Tooltip("week:O", title="Week"), alt.Tooltip("title:N", title="Title"),
                 alt.Tooltip("measure:N", title="Measure"),
                 alt.Tooltip("value:Q", format=".0%", title="Value")],
    ).properties(height=260)


def history_chart(history: list[QuizAttempt]) -> alt.LayerChart | alt.FacetChart:
    """Every answer as a dot (right or wrong) under the rolling share of right answers."""
    frame = pd.DataFrame({
        "answer": range(1, len(history) + 1),
        "result": ["Right" if a.correct else "Wrong" for a in history],
        "score": [a.score for a in history],
        "week": [a.week for a in history],
        "when": [a.answered_at.isoformat(timespec="seconds") for a in history],
    })
    frame["accuracy"] = (frame["result"] == "Right").rolling(ROLLING_WINDOW, min_periods=1).mean()
    base = alt.Chart(frame).encode(
        x=alt.X("answer:Q", title="Quiz answer", axis=alt.Axis(tickMinStep=1, format="d")))
    line = base.mark_line(point=False, interpolate="monotone").encode(
        y=alt.Y("accuracy:Q", title=f"Right (last {ROLLING_WINDOW})", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])))
    dots = base.mark_circle(size=70).encode(
        y=alt.Y("score:Q"),
        color=alt.Color("result:N", scale=alt.Scale(domain=["Right", "Wrong"], range=["#2e7d32", "#c62828"]),
                        legend=alt.Legend(orient="top", title=None)),
        tooltip=["answer:Q", "result:N", alt.Tooltip("score:Q", format=".2f"), "week:O", "when:N"])
    return alt.layer(line, dots).properties(height=260)


def attempts_table(attempts: list[QuizAttempt], course: Course) -> pd.DataFrame:
    """Quiz answers as rows a person reads (plain text cells: st.dataframe never renders markup)."""
    return pd.DataFrame([{"When": a.answered_at.strftime("%Y-%m-%d %H:%M"), "Week": a.week,
                          "Topic": course.topic(a.topic_id).title, "Type": a.question_type,
                          "Your answer": a.response, "Result": "✅" if a.correct else "❌",
                          "Score": round(a.score, 2)} for a in attempts])


def _render_due_topics(report: ProgressReport) -> None:
    titles = [f"{topic.title} (week {topic.week})" for topic in report.due_topics()]
    if titles:
        more = f" and {len(titles) - 8} more" if len(titles) > 8 else ""
        st.caption(escape_markdown(f"Due for review: {', '.join(titles[:8])}{more}"))


def render_reviews_ahead(forecast: list[ForecastDay], retention: Retention) -> None:
    st.subheader("Reviews ahead")
    recalled = f"{retention.rate:.0%}" if retention.rate is not None else "–"
    st.metric("Retention so far", recalled,
              help=f"{retention.recalled} of {retention.reviews} reviews of cards seen before were "
                   "recalled (rated Hard, Good or Easy); a card's first review does not count.")
    if not any(day.due for day in forecast):
        st.caption("No reviews scheduled yet: quiz yourself or review cards to build a schedule.")
        return
    st.altair_chart(forecast_chart(forecast), width="stretch")


def forecast_chart(forecast: list[ForecastDay]) -> alt.Chart:
    """Cards falling due on each of the next days (today includes everything overdue)."""
    frame = pd.DataFrame({"day": [d.day.isoformat() for d in forecast], "due": [d.due for d in forecast]})
    return alt.Chart(frame).mark_bar(color="#3558d6", cornerRadiusEnd=2).encode(
        x=alt.X("day:T", title=None, axis=alt.Axis(format="%b %d")),
        y=alt.Y("due:Q", title="Cards due", axis=alt.Axis(tickMinStep=1, format="d")),
        tooltip=[alt.Tooltip("day:T", title="Day", format="%a %b %d"), alt.Tooltip("due:Q", title="Due")],
    ).properties(height=200)
