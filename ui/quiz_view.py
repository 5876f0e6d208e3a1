"""Quiz mode: one question at a time, graded the moment it is answered, every answer recorded.

A quiz starts from the form here or from the chat ("quiz me on week 5"); either way it is a
`QuizRun` in the session. Each graded answer goes to the progress database at once, so closing
the tab mid-quiz loses nothing already answered.
"""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from assistant import Assistant, QuizQuestion
from assistant.grading import LETTERS
from core.errors import UserError
from ui.safe_text import escape_markdown, markdown_link, safe_url
from ui.session import (
    PROGRESS,
    QuizOutcome,
    QuizRun,
    active_quiz,
    end_quiz,
    go_to,
    start_quiz,
)

TYPE_LABELS = {"mcq": "Multiple choice", "cloze": "Fill in the blank", "open": "Open question"}
PLACEHOLDERS = {"cloze": "The missing term", "open": "Answer in a sentence or two"}
DEFAULT_QUESTIONS = 5


def render_quiz(assistant: Assistant, week: int | None) -> None:
    run = active_quiz()
    if run is None:
        _render_start(assistant, week)
    elif run.finished:
        _render_summary(assistant, run)
    else:
        _render_question(assistant, run)


def _begin(assistant: Assistant, week: int, n: int) -> None:
    try:
        quiz = assistant.quiz(week, n=n)
    except UserError as error:
        st.error(escape_markdown(str(error)))
        return
    if not quiz.questions:
        st.warning(f"Week {week} has no topics to quiz on yet.")
        return
    start_quiz(QuizRun(week=quiz.week, questions=quiz.questions))
    st.rerun()


def _render_start(assistant: Assistant, week: int | None) -> None:
    course = assistant.course
    st.subheader("Quiz yourself")
    st.markdown("Questions come from the checklist itself; topics you have not been quizzed on, "
                "or are due to review, come first. Every answer updates your mastery.")
    with st.form("quiz-start", border=True):
        left, right = st.columns([3, 2])
        chosen = left.selectbox("Week", [w.week for w in course.weeks], index=(week or 1) - 1,
                                format_func=lambda n: f"Week {n} · {course.week(n).title}")
        n = right.slider("Questions", min_value=1, max_value=15, value=DEFAULT_QUESTIONS)
        if st.form_submit_button("Start the quiz", type="primary", icon=":material/quiz:"):
            _begin(assistant, chosen, n)


def _render_question(assistant: Assistant, run: QuizRun) -> None:
    question, total = run.current, len(run.questions)
    st.progress(run.index / total, text=f"Question {run.index + 1} of {total} · week {run.week} · "
                                        f"{run.correct} right so far")
    with st.container(border=True):
        outcome = run.current_outcome
        # The topic's name would give an mcq away, so it is shown only once the answer is graded.
        topic = f" · {escape_markdown(assistant.course.topic(question.topic_id).title)}" if outcome else ""
        st.caption(f"{TYPE_LABELS[question.type]}{topic}")
        st.markdown(escape_markdown(question.question))
        if outcome is None:
            _render_answer_form(assistant, run, question)
        else:
            _render_feedback(outcome)
    if outcome is not None:
        last = run.index + 1 == total
        st.button("See my score" if last else "Next question", type="primary", on_click=_next, args=(run,),
                  icon=":material/arrow_forward:")
    st.button("Stop the quiz", on_click=_stop, args=(run,), type="tertiary")


def _render_answer_form(assistant: Assistant, run: QuizRun, question: QuizQuestion) -> None:
    # When the question was first shown: the answer's time is part of its FSRS rating.
    st.session_state.setdefault(f"shown-{run.run_id}-{run.index}", time.monotonic())
    with st.form(f"quiz-{run.run_id}-{run.index}", border=False):
        if question.type == "mcq":
            letters = dict(zip(question.options, LETTERS, strict=False))
            response = st.radio("Your answer", question.options, index=None,
                                format_func=lambda o: f"{letters[o]}) {escape_markdown(o)}")
        else:
            response = st.text_input("Your answer", placeholder=PLACEHOLDERS[question.type])
        submitted = st.form_submit_button("Check my answer", type="primary")
    if not submitted:
        return
    if response is None or not response.strip():
        st.warning("Answer first: pick an option or type something.")
        return
    _grade_and_record(assistant, run, question, response)
    st.rerun()


def _grade_and_record(assistant: Assistant, run: QuizRun, question: QuizQuestion, response: str) -> None:
    shown = st.session_state.pop(f"shown-{run.run_id}-{run.index}", None)
    duration = time.monotonic() - shown if shown is not None else None
    result = assistant.answer_quiz(question, response, duration_s=duration)
    run.outcomes.append(QuizOutcome(question=question, response=response, grade=result))


def _render_feedback(outcome: QuizOutcome) -> None:
    shown = st.success if outcome.grade.correct else st.error
    icon = ":material/check_circle:" if outcome.grade.correct else ":material/cancel:"
    shown(escape_markdown(outcome.grade.feedback), icon=icon)
    st.caption(f"You answered: {escape_markdown(outcome.response)}")
    source = outcome.question.source
    if safe_url(source.url):
        st.markdown(f"Read more: {markdown_link(source.topic, source.url)} (week {outcome.question.week})")


def _next(run: QuizRun) -> None:
    run.index += 1


def _stop(run: QuizRun) -> None:
    """Leave the quiz; answers already given stay recorded, so show the score for them."""
    if run.outcomes:
        run.questions = run.questions[:len(run.outcomes)]
        run.index = len(run.outcomes)
    else:
        end_quiz()


def _render_summary(assistant: Assistant, run: QuizRun) -> None:
    total = len(run.outcomes)
    st.subheader(f"Your score: {run.correct} / {total}")
    st.progress(run.correct / total if total else 0.0,
                text=f"{run.correct / total:.0%} right on week {run.week}" if total else "No answers")
    rows = [{"Question": o.question.question, "Your answer": o.response,
             "Right answer": o.question.answer, "Result": "✅" if o.grade.correct else "❌",
             "Topic": assistant.course.topic(o.question.topic_id).title} for o in run.outcomes]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    again, progress, done = st.columns(3)
    if again.button("Another quiz on this week", type="primary", icon=":material/replay:"):
        _begin(assistant, run.week, max(total, 1))
    progress.button("See my progress", on_click=_show_progress, icon=":material/insights:")
    done.button("Done", on_click=end_quiz, icon=":material/done:")


def _show_progress() -> None:
    end_quiz()
    go_to(PROGRESS)
