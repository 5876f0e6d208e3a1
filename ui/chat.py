"""The chat: questions in, streamed answers out, each with the course passages it cites.

Everything the assistant returns (answers, snippets, notes) is untrusted text: it is escaped
before it reaches markdown, and links are built only from validated http(s) URLs.
"""

from __future__ import annotations

import streamlit as st

from assistant import AskResult, Assistant, Citation, Turn
from core.course import Course
from core.errors import UserError
from ui.safe_text import escape_markdown, markdown_link
from ui.session import (
    QUIZ,
    ChatTurn,
    QuizRun,
    answered,
    chat_history,
    go_to,
    next_queued_question,
    queue_question,
    start_quiz,
)

SOURCE_LABELS = {"article": "linked article", "checklist": "checklist description"}
SNIPPET_CHARS = 320
STREAM_CURSOR = " ▌"
AVATARS = {"user": ":material/person:", "assistant": ":material/school:"}


def render_chat(assistant: Assistant, week: int | None) -> None:
    """The conversation so far, then the answers to the queued questions (typed or buttons).

    A question sent while another is answered stops this run (Streamlit reruns on input); the
    one being answered stays queued, so the next run answers both, in order: none is lost."""
    history = chat_history()
    question = next_queued_question()
    if not history and not question:
        _render_welcome(assistant, week)
    # A question whose answer was interrupted is already in the history, unanswered: it is
    # answered now, not asked twice.
    unanswered = bool(question and history and history[-1].role == "user" and history[-1].text == question)
    if unanswered:
        history.pop()
    for position, turn in enumerate(history):
        _render_turn(assistant.course, turn, position)
    while question:
        _answer(assistant, question, week)
        question = next_queued_question()


def _render_welcome(assistant: Assistant, week: int | None) -> None:
    course = assistant.course
    scope = f"week {week} · {course.week(week).title}" if week else "the whole course"
    with st.chat_message("assistant", avatar=AVATARS["assistant"]):
        st.markdown(f"Ask me about **{escape_markdown(scope)}**. I answer only from the course's "
                    "checklist and the articles it links, and show the sources under every answer. "
                    "Say *quiz me* when you want to test yourself.")
    columns = st.columns(2)
    for i, suggestion in enumerate(suggested_questions(assistant, week)):
        columns[i % 2].button(escape_markdown(suggestion), key=f"suggest-{i}", on_click=queue_question,
                              args=(suggestion,), width="stretch", icon=":material/lightbulb:")


def suggested_questions(assistant: Assistant, week: int | None, n_topics: int = 2) -> list[str]:
    """First questions worth asking: about topics not yet studied in the week, its outline, a quiz."""
    course = assistant.course
    studied = assistant.progress.studied_topics()
    if week is None:
        week = next((w.week for w in course.weeks if any(t.id not in studied for t in w.topics)), 1)
        outline = "What does the course cover?"
    else:
        outline = f"What does week {week} cover?"
    topics = course.week(week).topics
    fresh = [t for t in topics if t.id not in studied] or topics
    asks = [t.title if t.title.endswith("?") else f"Explain {t.title}" for t in fresh[:n_topics]]
    return [*asks, outline, f"Quiz me on week {week}"]


def _render_turn(course: Course, turn: ChatTurn, position: int) -> None:
    with st.chat_message(turn.role, avatar=AVATARS[turn.role]):
        if turn.error:
            st.error(escape_markdown(turn.error), icon=":material/error:")
            return
        st.markdown(escape_markdown(turn.text))
        if turn.result is not None:
            render_result_details(course, turn.result, position)


def conversation(turns: list[ChatTurn]) -> list[Turn]:
    """The chat so far as the assistant reads it: one Turn per answered question."""
    return [turn.result.as_turn() for turn in turns if turn.result is not None]


def render_result_details(course: Course, result: AskResult, position: int) -> None:
    """Notes, sources, nearby topics and quiz links that belong under an answer."""
    if result.coverage == "partial":
        st.caption(":orange-badge[Partly covered by the course]")
    if result.standalone_question and result.standalone_question != result.question:
        st.caption(escape_markdown(f"Understood as: {result.standalone_question}"))
    show = st.warning if result.fallback else st.info  # a replaced answer deserves attention
    for note in result.notes:
        show(escape_markdown(note), icon=":material/warning:" if result.fallback else ":material/info:")
    if result.citations:
        with st.expander(f"Sources ({len(result.citations)})", icon=":material/menu_book:"):
            for number, citation in enumerate(result.citations, start=1):
                _render_citation(course, number, citation)
    if result.suggestions:
        st.caption("Ask about a nearby course topic instead:")
        with st.container(horizontal=True):
            for suggestion in result.suggestions:
                st.button(escape_markdown(suggestion.topic), help=f"Week {suggestion.week}",
                          key=f"nearest-{position}-{suggestion.topic_id}", on_click=queue_question,
                          args=(f"Explain {suggestion.topic}",))
    if result.intent == "quiz":
        st.button("Go to the quiz", key=f"to-quiz-{position}", on_click=go_to, args=(QUIZ,),
                  icon=":material/quiz:")


def _render_citation(course: Course, number: int, citation: Citation) -> None:
    # A checklist passage may carry no URL of its own; its topic's article is the place to read on.
    url = citation.url or next(iter(course.topic(citation.topic_id).urls), "")
    link = markdown_link(citation.topic, url)
    st.markdown(f"**[{number}]** Week {citation.week} · {link} "
                f":gray-badge[{SOURCE_LABELS[citation.source]}]")
    if citation.source == "article" and citation.heading:  # a checklist heading repeats the line above
        st.caption(escape_markdown(citation.heading))
    snippet = " ".join(citation.snippet.split())
    if len(snippet) > SNIPPET_CHARS:
        snippet = snippet[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    st.caption(escape_markdown(f"“{snippet}”"))


def _answer(assistant: Assistant, question: str, week: int | None) -> None:
    """Ask, streaming tokens into the page as they arrive, and keep the turn in the history."""
    history = chat_history()
    asked = ChatTurn("user", question)
    history.append(asked)
    _render_turn(assistant.course, asked, len(history) - 1)
    with st.chat_message("assistant", avatar=AVATARS["assistant"]):
        placeholder = st.empty()
        placeholder.caption("Searching the course…")
        tokens: list[str] = []

        def on_token(token: str) -> None:
            tokens.append(token)
            placeholder.markdown(escape_markdown("".join(tokens)) + STREAM_CURSOR)

        try:
            result = assistant.ask(question, week=week, on_token=on_token,
                                   history=conversation(history[:-1]))
        except UserError as error:
            answered()
            placeholder.empty()
            history.append(ChatTurn("assistant", "", error=str(error)))
            st.error(escape_markdown(str(error)), icon=":material/error:")
            return
        answered()
        placeholder.markdown(escape_markdown(result.answer))
        history.append(ChatTurn("assistant", result.answer, result=result))
        if result.intent == "quiz" and result.quiz:
            questions = list(result.quiz)
            start_quiz(QuizRun(week=result.week or questions[0].week, questions=questions))
            st.rerun()
        render_result_details(assistant.course, result, len(history) - 1)
