"""The students' sets load, are big enough to measure issue 9's targets, and a broken line is
rejected with one line naming the file and the line."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from assistant.intent_model import load_examples, other_subjects
from assistant.phrasings import topic_phrasings
from core.course import load_course
from core.errors import QASetError
from eval.dataset import load_qa
from eval.students_data import (
    load_conversations,
    load_coverage,
    load_intents,
    load_questions,
    load_student_sets,
)

GOOD = {
    load_conversations: {"id": "c1", "split": "dev", "turns": [
        {"question": "What is dropout?", "kind": "first", "intent": "answer", "expected_topics": ["w08-t09"],
         "week": None},
        {"question": "quiz me on that", "kind": "quiz_on_that", "intent": "quiz", "expected_topics": ["w08-t09"],
         "week": None}]},
    load_intents: {"id": "i1", "split": "dev", "text": "quiz me on week 2 pls", "intent": "quiz", "week": 2,
                   "count": None, "topic_ids": [], "voice": "terse"},
    load_questions: {"id": "q1", "split": "test", "question": "why do nets forget units on purpose",
                     "expected_topics": ["w08-t09"], "voice": "lowercase"},
    load_coverage: {"id": "v1", "split": "test", "question": "What is batch normalization?",
                    "coverage": "partial", "expected_topics": [], "nearest_topics": ["w02-t25"]},
}


def _turns(**second: object) -> dict:
    item = json.loads(json.dumps(GOOD[load_conversations]))
    item["turns"][1].update(second)
    return item


# (loader, the broken second line, what the message must say)
BROKEN = [
    (load_conversations, _turns(expected_topics=["w99-t01"]), "turns.1: unknown topic id 'w99-t01'"),
    (load_conversations, _turns(intent="answer"), "a quiz_on_that turn must have intent 'quiz'"),
    (load_conversations, _turns(kind="sideways"), "turns.1.kind"),
    (load_conversations, {**GOOD[load_conversations], "turns": GOOD[load_conversations]["turns"][::-1]},
     "turns.0: a quiz_on_that turn cannot open a conversation"),
    (load_conversations, _turns(kind="out_of_scope", intent="out_of_scope"),
     "an out_of_scope turn has no expected topics"),
    (load_intents, {**GOOD[load_intents], "intent": "joke"}, "intent"),
    (load_intents, {**GOOD[load_intents], "week": 14}, "week 14 is outside the course (weeks 1 to 13)"),
    (load_intents, {**GOOD[load_intents], "intent": "syllabus", "count": 3},
     "only a quiz request has a question count"),
    (load_questions, {**GOOD[load_questions], "expected_topics": []}, "expected_topics"),
    (load_questions, {**GOOD[load_questions], "voice": ""}, "voice"),
    (load_coverage, {**GOOD[load_coverage], "nearest_topics": []},
     "a partial question needs at least one nearest topic"),
    (load_coverage, {**GOOD[load_coverage], "coverage": "none", "expected_topics": ["w08-t09"]},
     "a question the course does not cover has no expected topics"),
    (load_coverage, {**GOOD[load_coverage], "split": "train"}, "split"),
]


@pytest.mark.parametrize(("loader", "broken", "message"), BROKEN,
                         ids=[f"{loader.__name__}-{n}" for n, (loader, _, _) in enumerate(BROKEN)])
def test_a_broken_line_is_one_line_naming_file_and_line(tmp_path: Path, loader, broken: dict, message: str):
    good = GOOD[loader]
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps(good) + "\n\n" + json.dumps({**broken, "id": "second"}) + "\n", encoding="utf-8")
    with pytest.raises(QASetError) as caught:
        loader(path)
    text = str(caught.value)
    assert text.startswith(f"{path}:3: ") and "\n" not in text
    assert message in text


@pytest.mark.parametrize("loader", list(GOOD), ids=lambda loader: loader.__name__)
def test_a_good_line_loads_and_a_repeated_id_or_bad_json_does_not(tmp_path: Path, loader):
    path = tmp_path / "set.jsonl"
    line = json.dumps(GOOD[loader])
    path.write_text(line + "\n", encoding="utf-8")
    assert [item.id for item in loader(path)] == [GOOD[loader]["id"]]
    assert loader(path, split="dev" if GOOD[loader]["split"] == "test" else "test") == []
    path.write_text(line + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(QASetError, match=rf"^{path}:2: id '\w+' already used on line 1$"):
        loader(path)
    path.write_text(line + "\n{not json\n", encoding="utf-8")
    with pytest.raises(QASetError, match=rf"^{path}:2: not valid JSON"):
        loader(path)


def test_the_bundled_sets_are_big_enough_for_the_targets_in_both_splits():
    sets = load_student_sets()
    assert len(sets.conversations) >= 40 and len(sets.intents) >= 150 and len(sets.questions) >= 100
    kinds = Counter(turn.kind for conversation in sets.conversations for turn in conversation.turns)
    assert {"follow_up", "change_of_subject", "out_of_scope", "quiz_on_that"} <= set(kinds)
    assert len({item.voice for item in sets.intents}) >= 5
    assert {item.coverage for item in sets.coverage} == {"covered", "partial", "none"}
    for name in ("conversations", "intents", "questions", "coverage"):
        assert {item.split for item in getattr(sets, name)} == {"dev", "test"}, name
    test = load_student_sets("test")
    assert 0 < len(test.questions) < len(sets.questions)
    assert all(item.split == "test" for item in test.intents)


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _evaluated() -> set[str]:
    """Every line the evaluation asks, normalised."""
    sets = load_student_sets()
    evaluated = {item.text for item in sets.intents} | {item.question for item in sets.questions}
    evaluated |= {item.question for item in sets.coverage} | {item.question for item in load_qa()}
    evaluated |= {turn.question for conversation in sets.conversations for turn in conversation.turns}
    return {_normal(text) for text in evaluated}


def test_no_evaluation_line_is_among_the_router_training_phrasings():
    """A phrasing the intent model was trained on (or a question scope compares requests with)
    would be scored as if the model had generalized to it: the evaluation must only hold lines the
    router has never seen."""
    seen = {_normal(example.text) for example in load_examples()} | {_normal(text) for text in other_subjects()}
    assert sorted(_evaluated() & seen) == []


def test_no_evaluation_line_is_among_the_topic_phrasings():
    """The same for the phrasings the reranker recognises topics by (assistant/rerank)."""
    said = {_normal(line) for lines in topic_phrasings(load_course()) for line in lines}
    assert sorted(_evaluated() & said) == []


def _write_sets(directory: Path, dev_line: dict, test_line: dict) -> None:
    """A set directory laid out as the bundled one: a file per set and split."""
    for name, loader in (("conversations", load_conversations), ("intents", load_intents),
                         ("questions", load_questions), ("coverage", load_coverage)):
        for split, line in (("dev", dev_line), ("test", test_line)):
            item = {**GOOD[loader], "id": f"{name}-{split}", "split": split}
            if name == "intents":  # the one set the case is about
                item = {**item, **line}
            (directory / f"{name}.{split}.jsonl").write_text(json.dumps(item) + "\n", encoding="utf-8")


def test_a_set_is_read_from_a_file_per_split_and_each_split_alone(tmp_path: Path):
    _write_sets(tmp_path, {"id": "i1"}, {"id": "i2"})
    assert [item.id for item in load_student_sets(data_dir=tmp_path).intents] == ["i1", "i2"]
    assert [item.id for item in load_student_sets("test", data_dir=tmp_path).intents] == ["i2"]


@pytest.mark.parametrize(("dev_line", "test_line", "message"), [
    ({"id": "i1"}, {"id": "i2", "split": "dev"}, "intents.test.jsonl:1: a dev item in the test split's file"),
    ({"id": "i1"}, {"id": "i1"}, "intents.test.jsonl:1: id 'i1' already used in intents.dev.jsonl"),
])
def test_an_item_in_the_wrong_splits_file_or_an_id_used_in_both_is_one_clear_line(tmp_path: Path, dev_line,
                                                                                 test_line, message):
    _write_sets(tmp_path, dev_line, test_line)
    with pytest.raises(QASetError, match=re.escape(message)):
        load_student_sets(data_dir=tmp_path)
