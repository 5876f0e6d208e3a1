"""The Review tab: today's due flashcards one at a time: read the front, show the answer, rate it.

Ratings are buttons with the keys 1-4 as shortcuts (Space shows the answer), as in Anki. Every
rating is written to the progress database at once (assistant.review), so the queue, the
sidebar's "due today" and the CLI agree after each card.
"""

from __future__ import annotations

import time

import streamlit as st

from assistant import Assistant
from assistant.review import DueCard, Reviewer
from assistant.srs import RATING_NAMES
from ui.safe_text import escape_markdown, markdown_link

REVIEW_TAB = ":material/style: Review"
ARTICLES_TTL_S = 300  # the index's articles are re-read this often (an ingest may add some)
SHOWN_KEY = "review-shown"  # the card whose answer is showing
STARTED_KEY = "review-started"  # (card id, when it was first shown): the answering time
RATING_HELP = {1: "Forgot it: see it again soon", 2: "Recalled with serious difficulty",
               3: "Recalled after a hesitation", 4: "Recalled easily"}


@st.cache_resource(ttl=ARTICLES_TTL_S, show_spinner=False)
def _reviewer(key: str, _assistant: Assistant) -> Reviewer:
    return Reviewer.from_settings(_assistant.settings, _assistant.progress, _assistant.course)


def get_reviewer(assistant: Assistant) -> Reviewer:
    """One Reviewer per configuration (its cards are built once), shared by every session."""
    return _reviewer(assistant.settings.model_dump_json(), assistant)


def render_review(assistant: Assistant, week: int | None) -> None:
    reviewer = get_reviewer(assistant)
    due = reviewer.due(week=week)
    scope = f" in week {week}" if week else ""
    if not due.due:
        later = f" The next card is due {due.next_due:%Y-%m-%d %H:%M} UTC." if due.next_due else ""
        st.info(f"Nothing to review right now{scope}.{later} Tick topics off as studied in the sidebar, "
                "or take a quiz: their cards join the review.", icon=":material/task_alt:")
        return
    card = due.due[0]
    started = st.session_state.get(STARTED_KEY)
    if not started or started[0] != card.card_id:
        st.session_state[STARTED_KEY] = (card.card_id, time.monotonic())
    st.caption(f"**{due.due_count}** due today{scope}")
    shown = st.session_state.get(SHOWN_KEY) == card.card_id
    _render_card(card, shown)
    if not shown:
        st.button("Show answer", key="review-show", type="primary", shortcut="Space",
                  on_click=_show, args=(card.card_id,), icon=":material/visibility:")
        return
    for column, (rating, name) in zip(st.columns(4), RATING_NAMES.items(), strict=True):
        column.button(name, key=f"review-rate-{rating}", shortcut=str(rating), help=RATING_HELP[rating],
                      width="stretch", on_click=_rate, args=(reviewer, card.card_id, rating))


def _render_card(card: DueCard, shown: bool) -> None:
    kind = "Topic" if card.kind == "topic" else "Key term"
    status = "new card" if card.due is None else f"{card.state}, seen {card.reviews}×"
    with st.container(border=True):
        st.caption(escape_markdown(f"{kind} · week {card.week} · {status}"))
        st.markdown(escape_markdown(card.front))
        if shown:
            st.divider()
            st.markdown(escape_markdown(card.back))
            link = markdown_link(card.source.topic, card.source.url) if card.source.url else \
                escape_markdown(card.source.topic)
            st.caption(f"Source: {link} ({card.source.source})")


def _show(card_id: str) -> None:
    st.session_state[SHOWN_KEY] = card_id


def _rate(reviewer: Reviewer, card_id: str, rating: int) -> None:
    started = st.session_state.get(STARTED_KEY)
    duration = time.monotonic() - started[1] if started and started[0] == card_id else None
    state = reviewer.rate(card_id, rating, duration_s=duration)
    st.session_state.pop(SHOWN_KEY, None)
    st.session_state.pop(STARTED_KEY, None)
    st.toast(f"{RATING_NAMES[rating]}: next review {state.due_at:%Y-%m-%d %H:%M} UTC", icon=":material/schedule:")
