"""Every intent the router can return has exactly one handler."""

from typing import get_args

import pytest

from assistant.handlers import HANDLERS, handles
from assistant.models import AskResult, IntentKind


def test_every_intent_kind_has_a_handler():
    assert set(HANDLERS) == set(get_args(IntentKind))


def test_a_second_handler_for_an_intent_is_refused():
    def another(assistant, request) -> AskResult:
        raise AssertionError("never called")

    with pytest.raises(ValueError, match="intent 'quiz' already has a handler: quiz"):
        handles("quiz")(another)
    assert HANDLERS["quiz"] is not another
