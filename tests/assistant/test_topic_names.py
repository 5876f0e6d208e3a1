"""Naming topics as the course names them: id, title, or one close enough name."""

from __future__ import annotations

import pytest

from assistant.topic_names import resolve_topic
from core.errors import AmbiguousTopic, UserError


@pytest.mark.parametrize("name", ["w05-t11", "W05-T11", "w5-t11", "AlexNet", "alexnet", "  ALEXNET ", "alexnt"])
def test_a_topic_is_found_by_id_title_or_a_near_spelling(course, name):
    assert resolve_topic(course, name).id == "w05-t11"


def test_an_exact_title_wins_over_longer_titles_that_contain_it(course):
    topic = resolve_topic(course, "shufflenet")
    assert topic.title == "ShuffleNeT" and topic.week == 5


def test_spacing_and_case_do_not_tell_titles_apart(course):
    assert resolve_topic(course, "resnet50").title == "Resnet 50"


def test_a_name_may_begin_the_words_of_a_title_but_not_cut_across_them(course):
    assert resolve_topic(course, "layer norm").title == "Layer Normalization"
    with pytest.raises(AmbiguousTopic) as raised:
        resolve_topic(course, "gan")
    assert "Training and Inference" not in str(raised.value) and "GANs" in str(raised.value)


def test_an_ambiguous_name_lists_its_candidates(course):
    with pytest.raises(AmbiguousTopic) as raised:
        resolve_topic(course, "attention")
    ids = [topic.id for topic in raised.value.candidates]
    assert sorted(ids) == ["w11-t03", "w11-t09", "w12-t04"]  # Scaled Dot Product, Mechanism, Self
    message = str(raised.value)
    assert message.startswith("'attention' could be 3 topics: ") and all(i in message for i in ids)
    assert "\n" not in message


@pytest.mark.parametrize("name, fragment", [("w99-t01", "unknown topic id"), ("quantum gravity", "no topic is called"),
                                            ("   ", "no topic is called")])
def test_an_unknown_name_says_where_the_names_are(course, name, fragment):
    with pytest.raises(UserError, match=fragment) as raised:
        resolve_topic(course, name)
    assert "dlstudy syllabus" in str(raised.value)
