"""The bundled question set keeps its promises, and the loader rejects a broken set clearly."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from core.course import load_course
from core.errors import UserError
from eval.dataset import QAItem, load_qa

COURSE = load_course()
ITEMS = load_qa()
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "tenth", "eleventh", "twelfth", "thirteenth"]
NUMBERS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
           "twelve", "thirteen"]


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def of_type(kind: str) -> list[QAItem]:
    return [item for item in ITEMS if item.type == kind]


# --- the bundled set -----------------------------------------------------------------------


def test_every_course_topic_has_a_topic_question():
    covered = {item.expected_topics[0] for item in of_type("topic")}
    assert covered == {topic.id for topic in COURSE.topics}
    assert len(COURSE.topics) == 173


def test_the_set_has_enough_items_of_every_type():
    counts = Counter(item.type for item in ITEMS)
    assert len(ITEMS) >= 280
    assert counts["multi"] >= 20 and counts["week_scoped"] >= 20 and counts["misspelled"] >= 20
    assert counts["out_of_scope"] >= 30 and counts["command"] >= 18
    assert all(len(item.expected_topics) >= 2 for item in of_type("multi"))


def test_out_of_scope_items_include_prompt_injection_attempts():
    injection = re.compile(r"\b(ignore|disregard|forget|you are now|pretend|reveal|system|act as|instructions)\b",
                           re.IGNORECASE)
    attempts = [item for item in of_type("out_of_scope") if injection.search(item.question)]
    assert len(attempts) >= 8
    assert all(item.expected_topics == [] and item.intent == "out_of_scope" for item in of_type("out_of_scope"))


def test_ids_are_unique_and_topic_ids_exist():
    assert len({item.id for item in ITEMS}) == len(ITEMS)
    known = {topic.id for topic in COURSE.topics}
    assert all(set(item.expected_topics) <= known for item in ITEMS)
    assert len({item.question.lower() for item in ITEMS}) == len(ITEMS)


def test_week_is_the_week_of_the_first_expected_topic():
    for item in ITEMS:
        if item.expected_topics:
            assert item.week == COURSE.topic(item.expected_topics[0]).week, item.id
        elif item.type == "out_of_scope":
            assert item.week is None, item.id


def test_both_splits_hold_about_a_quarter_and_three_quarters_of_every_type():
    dev, test = load_qa(split="dev"), load_qa(split="test")
    assert {item.split for item in dev} == {"dev"} and {item.split for item in test} == {"test"}
    assert len(dev) + len(test) == len(ITEMS)
    for kind in Counter(item.type for item in ITEMS):
        in_dev = sum(item.type == kind for item in dev)
        assert 0.2 <= in_dev / len(of_type(kind)) <= 0.3, kind


def test_no_question_copies_eight_consecutive_words_of_its_topics_description():
    for item in ITEMS:
        question = " ".join(words(item.question))
        for topic_id in item.expected_topics:
            description = words(COURSE.topic(topic_id).description)
            runs = {" ".join(description[i:i + 8]) for i in range(len(description) - 7)}
            assert not any(run in question for run in runs), (item.id, topic_id)


def test_topic_questions_are_not_just_what_is_the_title():
    bare = [item.id for item in of_type("topic")
            if words(item.question)[:2] == ["what", "is"]
            and words(item.question)[2:] == words(COURSE.topic(item.expected_topics[0]).title)]
    assert bare == []


def test_references_are_one_to_three_sentences():
    for item in ITEMS:
        assert item.reference.strip(), item.id
        sentences = re.findall(r"[.!?](?=\s+[A-Z]|\s*$)", item.reference.strip())
        assert 1 <= len(sentences) <= 3, item.id


def test_week_scoped_questions_name_their_week_and_ask_about_it():
    for item in of_type("week_scoped"):
        n = item.scope_week
        title = COURSE.week(n).title.lower()
        names = [f"week {n}", f"week {NUMBERS[n - 1]}", f"{ORDINALS[n - 1]} week", f"{title} week",
                 f"week on {title}"]
        assert any(name in item.question.lower() for name in names), item.id
        assert all(COURSE.topic(t).week == n for t in item.expected_topics), item.id


def test_misspelled_questions_contain_a_word_found_nowhere_in_the_course():
    vocabulary = {w for topic in COURSE.topics for w in words(f"{topic.title} {topic.description}")}
    vocabulary |= {w for item in ITEMS if item.type != "misspelled" for w in words(item.question)}
    for item in of_type("misspelled"):
        assert set(words(item.question)) - vocabulary, item.id


def test_commands_cover_quiz_syllabus_and_progress_with_the_weeks_they_name():
    commands = {item.question: (item.intent, item.scope_week) for item in of_type("command")}
    assert commands["quiz me on week 5"] == ("quiz", 5)
    assert commands["test me on CNN models"] == ("quiz", 5)
    assert commands["what is in week 3?"] == ("syllabus", 3)
    assert commands["how am I doing?"] == ("progress", None)
    assert {intent for intent, _ in commands.values()} == {"quiz", "syllabus", "progress"}


# --- the loader ----------------------------------------------------------------------------


def valid_line(**changes) -> str:
    item = {"id": "x1", "question": "Why does BERT use GELU rather than ReLU?", "type": "topic",
            "expected_topics": ["w02-t17"], "week": 2, "scope_week": None,
            "reference": "BERT uses GELU instead of ReLU and ELU.", "intent": "answer", "split": "dev"}
    return json.dumps(item | changes)


def write_set(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "qa.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_custom_set_loads_and_blank_lines_are_skipped(tmp_path):
    path = write_set(tmp_path, valid_line(), "", valid_line(id="x2", split="test"))
    assert [item.id for item in load_qa(path)] == ["x1", "x2"]
    assert [item.id for item in load_qa(path, split="test")] == ["x2"]


@pytest.mark.parametrize(("line", "problem"), [
    ("{not json", "not valid JSON"),
    (valid_line(expected_topics=["w99-t01"]), "unknown topic id 'w99-t01'"),
    (valid_line(type="trivia"), "type:"),
    (valid_line(intent="chat"), "intent:"),
    (valid_line(week=4), "week should be 2"),
    (valid_line(type="out_of_scope", intent="out_of_scope"), "out_of_scope item has no expected topics"),
    (valid_line(type="multi"), "at least two expected topics"),
    (valid_line(type="week_scoped"), "needs scope_week"),
    (valid_line(scope_week=20, type="week_scoped"), "scope_week 20 is outside the course"),
    (valid_line(type="command", intent="quiz"), "a command item has no expected topics"),
    (valid_line(type="command", intent="quiz", expected_topics=[]), "week and scope_week are the week it names"),
    (valid_line(type="command", intent="answer", expected_topics=[], week=None), "intent is one of"),
    (valid_line(split="train"), "split:"),
])
def test_a_broken_line_is_reported_with_its_file_and_line(tmp_path, line, problem):
    path = write_set(tmp_path, valid_line(id="ok"), line)
    with pytest.raises(UserError) as caught:
        load_qa(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:2: ") and problem in message
    assert "\n" not in message


def test_a_repeated_id_names_both_lines(tmp_path):
    path = write_set(tmp_path, valid_line(), valid_line())
    with pytest.raises(UserError, match=r"qa\.jsonl:2: id 'x1' already used on line 1"):
        load_qa(path)


def test_missing_empty_and_binary_files_are_user_errors(tmp_path):
    with pytest.raises(UserError, match="file not found"):
        load_qa(tmp_path / "nope.jsonl")
    with pytest.raises(UserError, match="no items"):
        load_qa(write_set(tmp_path, ""))
    binary = tmp_path / "set.bin"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(UserError, match="not a UTF-8 text file"):
        load_qa(binary)


def test_an_unknown_split_is_a_user_error():
    with pytest.raises(UserError, match="unknown split 'train'"):
        load_qa(split="train")
