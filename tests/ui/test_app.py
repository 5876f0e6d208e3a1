"""The study app, driven through Streamlit's AppTest against a real index and progress database.

Each test opens the app on its own copy of the prebuilt checklist index (see conftest.py) with
the extractive provider, and checks what a student would see: answers with sources, week
scoping, ticks that persist, quizzes that are graded and recorded, and the first-run screen.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.progress import ProgressStore
from core.course import load_course
from ui.launch import APP
from ui.resources import forget_assistant
from ui.session import PROGRESS, QUIZ, TAB_KEY

TIMEOUT_S = 300  # the first run of a session loads the embedding model and the index
CITATION = re.compile(r"^\*\*\[(?P<n>\d+)\]\*\* Week (?P<week>\d+) · ")
MARKUP = "<>[]()`*_"

pytestmark = pytest.mark.timeout(900)


def open_app(data_dir: Path, env: pytest.MonkeyPatch) -> AppTest:
    env.setenv("DLSTUDY_HOME", str(data_dir))
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def ask(app: AppTest, question: str) -> AppTest:
    app.chat_input[0].set_value(question).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def cited_weeks(app: AppTest) -> list[int]:
    """The week of every source listed under the latest answer, as shown on the page."""
    sources = [e for e in app.expander if e.label.startswith("Sources")]
    assert sources, "the answer shows no sources"
    lines = [m.value for m in sources[-1].markdown]
    return [int(match["week"]) for line in lines if (match := CITATION.match(line))]


def button(app: AppTest, label: str):
    matches = [b for b in app.button if b.label == label]
    assert matches, f"no {label!r} button among {[b.label for b in app.button]}"
    return matches[0]


def unescaped_markup(markdown: str) -> list[str]:
    """Markup characters in a markdown source that are not backslash-escaped (so would render)."""
    return re.findall(rf"(?<!\\)[{re.escape(MARKUP)}]", markdown.replace("\\\\", ""))


# -- chat -----------------------------------------------------------------------------------------

def test_a_question_gets_an_answer_with_its_sources(data_dir, app_env):
    app = open_app(data_dir, app_env)
    assert [b.label for b in app.button if b.label.startswith("Quiz me on week")], \
        "an empty chat suggests first questions"

    ask(app, "What is linear regression?")

    user, answer = app.chat_message[-2], app.chat_message[-1]
    assert user.name == "user" and answer.name == "assistant"
    assert answer.markdown[0].value.strip()
    assert "does not cover" not in answer.markdown[0].value
    sources = next(e for e in answer.expander if e.label.startswith("Sources"))
    shown = "\n".join(m.value for m in sources.markdown)
    assert "Linear Regression" in shown
    assert "](https://iq.opengenus.org/linear-regression/)" in shown, "sources link their article"
    assert cited_weeks(app)


def test_the_study_week_scopes_the_sources(data_dir, app_env):
    question = "What is object detection?"
    app = open_app(data_dir, app_env)
    ask(app, question)
    unscoped = cited_weeks(app)
    assert 5 not in unscoped, "unscoped, the best passages on object detection are in week 7"

    app.selectbox(key="week").select(5).run()
    ask(app, question)

    scoped = cited_weeks(app)
    assert scoped and set(scoped) == {5}
    assert not app.chat_message[-1].info, "a week with enough material is not widened"


def test_a_widened_search_says_so(data_dir, app_env):
    app = open_app(data_dir, app_env)
    app.selectbox(key="week").select(13).run()

    ask(app, "How does a CNN work?")

    notes = [n.value for n in app.chat_message[-1].info]
    assert any("Week 13" in n and "whole course" in n for n in notes)
    assert set(cited_weeks(app)) - {13}, "the sources come from outside week 13"


def test_user_text_is_shown_literally_never_as_markup(data_dir, app_env):
    app = open_app(data_dir, app_env)
    question = "What is ReLU? <img src=x onerror=alert(1)> [click](javascript:alert(1)) **bold**"

    ask(app, question)

    shown = app.chat_message[-2].markdown[0].value
    assert unescaped_markup(shown) == []
    assert re.sub(r"\\(.)", r"\1", shown) == question  # every character is still there
    assert not app.get("html")


# -- progress in the sidebar ----------------------------------------------------------------------

def test_a_ticked_topic_survives_a_rerun_and_a_restart(data_dir, app_env):
    topic = load_course().week(2).topics[2]
    key = f"studied-{topic.id}"
    app = open_app(data_dir, app_env)
    app.selectbox(key="week").select(2).run()
    assert app.checkbox(key=key).value is False
    assert app.checkbox(key=key).label.startswith(topic.title.split()[0])

    app.checkbox(key=key).check().run()
    app.run()

    assert app.checkbox(key=key).value is True
    assert "**1 / 173** topics studied" in [p.text for p in app.sidebar.get("progress")]
    assert ProgressStore(data_dir / "progress.sqlite3").studied_topics() == {topic.id}

    forget_assistant()  # a restart: nothing cached in this process survives
    restarted = open_app(data_dir, app_env)
    restarted.selectbox(key="week").select(2).run()
    assert restarted.checkbox(key=key).value is True

    restarted.checkbox(key=key).uncheck().run()
    assert ProgressStore(data_dir / "progress.sqlite3").studied_topics() == set()


# -- quizzes --------------------------------------------------------------------------------------

def answer_current_question(app: AppTest, right: bool) -> str:
    """Answer the question on screen (rightly or wrongly) and return the grade's message."""
    run = app.session_state["quiz"]
    question = run.questions[run.index]
    if question.type == "mcq":
        wrong = next(o for o in question.options if o != question.answer)
        app.radio[0].set_value(question.answer if right else wrong)
    else:
        app.text_input[0].input(question.answer if right else "no idea at all")
    button(app, "Check my answer").click().run()
    assert not app.exception, [e.message for e in app.exception]
    verdicts = [*app.success, *app.error]
    assert len(verdicts) == 1
    return verdicts[0].value


def test_a_quiz_asked_for_in_the_chat_is_graded_and_recorded(data_dir, app_env):
    app = open_app(data_dir, app_env)

    ask(app, "quiz me on week 5")

    assert app.session_state[TAB_KEY] == QUIZ
    run = app.session_state["quiz"]
    assert run.week == 5 and run.questions
    assert {q.week for q in run.questions} == {5}
    total = len(run.questions)
    for number in range(total):
        right = number == 0
        verdict = answer_current_question(app, right)
        assert verdict.startswith("Correct" if right else "Not quite")
        assert "Source" in verdict
        button(app, "See my score" if number == total - 1 else "Next question").click().run()

    assert f"Your score: 1 / {total}" in [h.value for h in app.subheader]
    button(app, "See my progress").click().run()

    assert app.session_state[TAB_KEY] == PROGRESS
    answers = next(m for m in app.metric if m.label == "Quiz answers")
    assert answers.value == str(total)
    history = app.dataframe[0].value
    assert len(history) == total and (history["Result"] == "✅").sum() == 1
    attempts = ProgressStore(data_dir / "progress.sqlite3").history()
    assert [a.correct for a in attempts] == [True] + [False] * (total - 1)
    app.selectbox(key="week").select(5).run()
    first = run.questions[0].topic_id
    assert "badge[" in app.checkbox(key=f"studied-{first}").label, "quizzed topics show their mastery"


def test_a_quiz_started_from_the_quiz_tab(data_dir, app_env):
    app = open_app(data_dir, app_env)
    app.session_state[TAB_KEY] = QUIZ  # what clicking the tab does
    app.run()
    app.slider[0].set_value(2)
    app.selectbox[-1].select(3)
    button(app, "Start the quiz").click().run()

    run = app.session_state["quiz"]
    assert len(run.questions) == 2 and {q.week for q in run.questions} == {3}
    assert answer_current_question(app, right=True).startswith("Correct")
    button(app, "Stop the quiz").click().run()

    assert "Your score: 1 / 1" in [h.value for h in app.subheader]
    assert len(ProgressStore(data_dir / "progress.sqlite3").history()) == 1


# -- first run ------------------------------------------------------------------------------------

def test_without_an_index_the_page_offers_to_build_it(tmp_path, app_env):
    app = open_app(tmp_path / "empty", app_env)

    assert button(app, "Build the index")
    assert not app.chat_input

    app.toggle[0].set_value(True)  # offline: the article site is not reachable from the tests
    button(app, "Build the index").click().run()
    assert not app.exception, [e.message for e in app.exception]
    assert any("Indexed 173 passages" in s.value for s in app.success)
    button(app, "Start studying").click().run()

    assert app.chat_input, "with the index built, the chat is there"
    ask(app, "What is dropout?")
    assert cited_weeks(app)
