"""The package's public surface: what `ui`, `eval` and the CLI import from `assistant`."""

import subprocess
import sys

import pytest

import assistant
from assistant.models import AskResult
from assistant.service import Assistant

PUBLIC = {"AskResult", "Assistant", "Citation", "Conversation", "Coverage", "Grade", "IntentKind",
          "ProgressReport", "ProgressStore", "Quiz", "QuizQuestion", "QuizSource", "TopicSuggestion", "Turn"}


def test_the_public_surface_is_these_names_each_the_object_its_module_defines():
    assert assistant.__all__ == sorted(PUBLIC) == sorted(assistant._EXPORTS)
    assert set(PUBLIC) <= set(dir(assistant))
    assert assistant.Assistant is Assistant and assistant.AskResult is AskResult
    for name in PUBLIC - {"Coverage", "IntentKind"}:  # those two are Literal aliases, not classes
        assert getattr(assistant, name).__name__ == name


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="has no attribute 'Nothing'"):
        assistant.Nothing  # noqa: B018


def test_the_result_types_load_without_the_retrieval_and_model_stack():
    code = "import sys\nfrom assistant import AskResult, QuizQuestion\nprint(' '.join(sorted(sys.modules)))"
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout.split())
    assert "assistant.models" in loaded
    assert not loaded & {"assistant.service", "assistant.retrieval", "chromadb", "langchain_core", "torch"}
