"""The phrasings topics are recognised by (assistant/data/topic_phrasings.jsonl): every topic of
the bundled course has them, and another checklist finds them by title."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from assistant.phrasings import PHRASINGS, topic_phrasings
from assistant.rerank import TopicReranker
from assistant.service import Assistant
from core.course import load_course, parse_checklist
from core.embedding_models import score_profile
from core.settings import Settings


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


def test_the_phrasings_are_embedded_once_per_user_not_once_per_index(data_dir: Path, tmp_path: Path):
    """They depend only on dlstudy's data and the model: a second index reuses them."""
    assistant = Assistant(Settings(data_dir=data_dir), provider="extractive")
    course = parse_checklist("# A course\n\n**Week 1: Basics**\n====\n"
                             "1. **GANs**<br>  Two networks.\n2. **Dropout in Tensorflow**<br>  Units off.\n")
    embedded: list[str] = []

    def embed(texts: list[str]) -> list[list[float]]:
        embedded.extend(texts)
        return assistant.embedder.embed_documents(texts)

    for index in ("one", "two"):
        (tmp_path / index).mkdir()
        TopicReranker(assistant.retriever, course, embed, assistant.embedder.model_id, tmp_path / index,
                      profile=score_profile(assistant.settings.embedding_model), shared_cache=tmp_path / "shared")
    phrasings = [line for lines in topic_phrasings(course) for line in lines]
    assert phrasings and all(embedded.count(line) == 1 for line in phrasings)
    assert embedded.count("GANs") == 2  # the course's own texts are kept beside each index
