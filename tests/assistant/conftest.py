import pytest

from assistant.service import Assistant
from assistant.topics import TopicMatcher
from core.course import load_course
from core.settings import Settings


@pytest.fixture(scope="module")
def course():
    return load_course()


@pytest.fixture(scope="module")
def matcher(course):
    return TopicMatcher(course)


@pytest.fixture(scope="module")
def assistant(course_index) -> Assistant:
    """The extractive assistant on the shared offline index (a module may define its own)."""
    return Assistant(Settings(data_dir=course_index), provider="extractive")
