"""The phrasings topics are recognised by (assistant/data/topic_phrasings.jsonl): every topic of
the bundled course has them, and another checklist finds them by title."""

from __future__ import annotations

import json
from importlib import resources

from assistant.rerank import PHRASINGS, topic_phrasings
from core.course import load_course, parse_checklist


def test_every_topic_of_the_bundled_course_has_phrasings_and_every_phrasing_a_topic():
    """A title mistyped in the data would leave its phrasings unused, silently."""
    course = load_course()
    assert all(len(lines) >= 4 for lines in topic_phrasings(course))
    rows = resources.files("assistant").joinpath("data", PHRASINGS).read_text(encoding="utf-8").splitlines()
    assert {json.loads(row)["title"] for row in rows} == {topic.title for topic in course.topics}


def test_another_checklist_shares_the_phrasings_of_a_title_it_has_and_has_none_for_others():
    course = parse_checklist("# A course\n\n**Week 1: Basics**\n====\n"
                             "1. **dropout  in TensorFlow**<br>  Switching units off.\n"
                             "2. **Kernel Tricks**<br>  Not in the bundled course.\n")
    dropout, kernels = topic_phrasings(course)
    assert dropout and kernels == []
