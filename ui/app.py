"""The Streamlit study app: `dlstudy ui` serves this script (see ui/launch.py).

Layout: the sidebar holds progress and the study week; the main area has three tabs (chat, quiz,
progress). Only the selected tab runs, so asking a question never redraws charts. With no index
yet, the page offers to build it instead.

Settings come from the environment (`DLSTUDY_HOME`, ...), exactly as the CLI passes them; the
course is the one the data dir's index was built from.
"""

from __future__ import annotations

import streamlit as st

from core.errors import UserError
from ui.build_view import render_build_index
from ui.chat import render_chat
from ui.progress_view import render_progress
from ui.quiz_view import render_quiz
from ui.resources import course_title, get_assistant, index_problem, load_settings
from ui.review_view import REVIEW_TAB, render_review
from ui.safe_text import escape_markdown
from ui.session import (
    TAB_KEY,
    TABS,
    apply_navigation,
    chat_history,
    queue_typed_question,
)
from ui.sidebar import render_sidebar


def main() -> None:
    settings = load_settings()
    st.set_page_config(page_title=f"dlstudy · {course_title(settings)}",
                       page_icon=":material/neurology:", layout="centered",
                       initial_sidebar_state="expanded")
    try:
        assistant = get_assistant(settings)
    except UserError as error:
        st.error(escape_markdown(str(error)), icon=":material/error:")
        st.stop()
    with st.spinner("Loading the course index…"):
        problem = index_problem(assistant)
    if problem:
        render_build_index(settings, assistant.course, problem)
        st.stop()

    apply_navigation()
    week = render_sidebar(assistant, settings)
    chat_tab, quiz_tab, progress_tab, review_tab = st.tabs((*TABS, REVIEW_TAB), key=TAB_KEY, on_change="rerun")
    if chat_tab.open:
        scope = f"week {week}" if week else "the course"
        with chat_tab:
            # Filled after the chat: a conversation that starts in this very run (questions
            # queued while the page loaded) must offer "New chat" without waiting for a rerun.
            new_chat = st.empty()
            render_chat(assistant, week)
            if chat_history():
                new_chat.button("New chat", on_click=chat_history().clear, type="tertiary",
                                icon=":material/add_comment:")
        # A question typed while an answer is being computed is queued by the callback and
        # answered after it (see render_chat); the input is pinned to the page's bottom.
        st.chat_input(f"Ask about {scope}, or say “quiz me”", key="question",
                      max_chars=settings.max_question_chars, on_submit=queue_typed_question)
    if quiz_tab.open:
        with quiz_tab:
            render_quiz(assistant, week)
    if progress_tab.open:
        with progress_tab:
            render_progress(assistant)
    if review_tab.open:
        with review_tab:
            render_review(assistant, week)


main()
