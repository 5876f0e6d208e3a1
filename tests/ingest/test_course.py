"""The checklist parser: the course as the user's own document describes it."""

import re
from pathlib import Path

import pytest

from core.course import load_course, parse_checklist
from core.errors import ChecklistError

EXPECTED_TOPICS_PER_WEEK = [10, 25, 8, 21, 21, 14, 9, 13, 13, 9, 11, 7, 12]


@pytest.fixture(scope="module")
def course():
    return load_course()


def test_the_course_has_13_weeks_173_topics_and_87_articles(course):
    assert course.title == "Deep Learning Checklist: 13 Months course"
    assert [len(week.topics) for week in course.weeks] == EXPECTED_TOPICS_PER_WEEK
    assert len(course.topics) == 173
    assert len(course.article_urls) == 87
    assert course.week(5).title == "CNN Models"


def test_topic_ids_are_stable_and_unique(course):
    ids = [topic.id for topic in course.topics]
    assert len(set(ids)) == 173
    assert course.topic("w05-t11").title == "AlexNet"
    assert all(re.fullmatch(r"w\d\d-t\d\d", i) for i in ids)


def test_titles_are_verbatim_including_typos(course):
    titles = {topic.title for topic in course.topics}
    assert {"Dialted Convolution", "Image Segementation", "Exploration Exploitation Dilema",
            "Feature Selection?", "ShuffleNeT"} <= titles


def test_smeared_links_are_recovered_as_text_and_one_link(course):
    topic = course.topic("w01-t03")
    assert topic.title == "Linear Regression"
    assert topic.description.startswith("Linear Regression is a fundamental concept even high school students")
    assert "(think of two categories like pass or fail)" in topic.description
    assert topic.urls == ["https://iq.opengenus.org/linear-regression/"]


def test_gelu_description_is_plain_text(course):
    topic = course.topic("w02-t17")
    assert topic.description == ("In BERT, GeLU is used as the activation function instead of ReLU "
                                 "and ELU. In this article, we have explained (both based on "
                                 "experiments and theoretically) why GELU is used in BERT model.")


def test_no_markdown_debris_in_any_description(course):
    for topic in course.topics:
        assert not re.search(r"\[|\]\(|<br|\*\*|https?://|\s{2,}", topic.description), topic.id


def test_a_topic_with_several_links_keeps_each_once(course):
    assert course.topic("w05-t15").urls == [
        "https://iq.opengenus.org/vgg16/", "https://iq.opengenus.org/vgg19-architecture/",
        "https://iq.opengenus.org/vgg54-and-vgg22/"]


@pytest.mark.parametrize("text, line, fragment", [
    ("", 1, "empty"),
    ("   \n\n", 1, "empty"),
    ("no title here\n", 1, "course title"),
    ("# Course\n\n1. **Orphan**<br> text\n", 3, "before any"),
    ("# Course\n\n**Week 2: Skipped**\n====\n1. **T**<br> x\n", 3, "should be week 1"),
    ("# Course\n\n**Week 1: A**\n====\n1. **T**<br> x\n3. **U**<br> y\n", 6, "should be 2"),
    ("# Course\n\n**Week 1: A**\n====\n**Week 2: B**\n====\n1. **T**<br> x\n", 5, "has no topics"),
    ("# Course\n\nJust prose.\n", 3, "no '**Week"),
])
def test_a_malformed_checklist_names_the_file_and_line(text, line, fragment):
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(text, "my.md")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"my.md:{line}: ")
    assert fragment in str(caught.value)


def test_a_missing_checklist_file_is_a_user_error(tmp_path: Path):
    with pytest.raises(ChecklistError, match="file not found"):
        load_course(tmp_path / "nope.md")
