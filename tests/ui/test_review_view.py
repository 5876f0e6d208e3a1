"""The Review tab, the sidebar's "due today" and the progress view's reviews ahead, through
Streamlit's AppTest on a real index and a real progress database."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assistant.progress import ProgressStore, QuizAttempt
from core.course import load_course
from tests.ui.test_app import button, open_app
from ui.review_view import REVIEW_TAB
from ui.session import PROGRESS, TAB_KEY

pytestmark = pytest.mark.timeout(900)
COURSE = load_course()


def answered_wrongly(data_dir: Path, topic_id: str, days_ago: float) -> None:
    ProgressStore(data_dir / "progress.sqlite3").record_attempt(QuizAttempt(
        topic_id=topic_id, week=COURSE.topic(topic_id).week, question_id=f"{topic_id}-q", question_type="mcq",
        correct=False, score=0.0, response="x", answered_at=datetime.now(UTC) - timedelta(days=days_ago)))


def sidebar_captions(app) -> list[str]:
    return [c.value for c in app.sidebar.caption]


def test_a_due_card_is_shown_revealed_and_rated(data_dir, app_env):
    answered_wrongly(data_dir, "w02-t15", days_ago=2)
    ProgressStore(data_dir / "progress.sqlite3").mark_studied("w05-t11")
    app = open_app(data_dir, app_env)
    assert any("**2** due today" in c for c in sidebar_captions(app))

    app.session_state[TAB_KEY] = REVIEW_TAB  # what clicking the tab does
    app.run()
    title = COURSE.topic("w02-t15").title
    shown = "\n".join(m.value for m in app.markdown)
    assert title not in shown, "the front never shows the answer"
    assert not [b for b in app.button if b.label in ("Again", "Good")], "no rating before the answer"

    button(app, "Show answer").click().run()
    assert any(m.value.startswith(title) for m in app.markdown), "the answer is revealed"
    assert [b.label for b in app.button if b.key and b.key.startswith("review-rate-")] == \
        ["Again", "Hard", "Good", "Easy"]

    button(app, "Good").click().run()
    assert not app.exception, [e.message for e in app.exception]
    with sqlite3.connect(data_dir / "progress.sqlite3") as connection:
        log = connection.execute("SELECT card_id, source, rating FROM review_log ORDER BY id").fetchall()
    assert log[-1] == ("w02-t15/topic", "flashcard", 3)
    assert any("**1** due today" in c for c in sidebar_captions(app))
    front = "\n".join(m.value for m in app.markdown)
    assert "AlexNet" not in front and "new card" in "\n".join(c.value for c in app.caption)


def test_with_nothing_due_the_tab_says_how_cards_join(data_dir, app_env):
    app = open_app(data_dir, app_env)
    assert any("Nothing due today" in c for c in sidebar_captions(app))
    app.session_state[TAB_KEY] = REVIEW_TAB
    app.run()
    assert "Nothing to review right now" in app.info[0].value


def test_the_progress_view_forecasts_reviews_and_shows_retention(data_dir, app_env):
    store = ProgressStore(data_dir / "progress.sqlite3")
    t0 = datetime.now(UTC) - timedelta(days=20)
    for day, right in [(0, True), (3, True), (10, False), (11, True)]:  # a card reviewed four times
        store.record_attempt(QuizAttempt(topic_id="w01-t03", week=1, question_id=f"q{day}", question_type="mcq",
                                         correct=right, score=float(right), response="x",
                                         answered_at=t0 + timedelta(days=day)))
    app = open_app(data_dir, app_env)
    app.session_state[TAB_KEY] = PROGRESS
    app.run()
    retention = next(m for m in app.metric if m.label == "Retention so far")
    assert retention.value == "67%"  # two of the three repeat reviews recalled
    assert "Reviews ahead" in [h.value for h in app.subheader]
    charts = [chart.proto.spec for chart in app.get("vega_lite_chart")]
    forecast = [spec for spec in charts if "Cards due" in spec]
    assert len(charts) == 3 and len(forecast) == 1, "week bars, the review forecast and the quiz history"


def test_the_sidebar_and_the_progress_view_count_what_the_review_holds(data_dir, app_env):
    answered_wrongly(data_dir, "w02-t15", days_ago=2)  # forgotten: due today
    ProgressStore(data_dir / "progress.sqlite3").mark_studied("w05-t11")  # a new card today
    app = open_app(data_dir, app_env)
    app.session_state[TAB_KEY] = PROGRESS
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    assert any("**2** due today" in c for c in sidebar_captions(app))
    assert next(m for m in app.metric if m.label == "Due today").value == "2"
    due = f"Due for review: {COURSE.topic('w02-t15').title} (week 2), AlexNet (week 5)"
    assert due in [c.value.replace("\\", "") for c in app.caption]
