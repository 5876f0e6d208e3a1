import pytest

from assistant.topics import TopicMatcher
from core.course import load_course


@pytest.fixture(scope="module")
def course():
    return load_course()


@pytest.fixture(scope="module")
def matcher(course):
    return TopicMatcher(course)
