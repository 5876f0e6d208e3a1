"""Asking the assistant a conversation, turn by turn, as the chat does."""

from __future__ import annotations

from assistant.conversation import Conversation
from assistant.models import AskResult
from assistant.service import Assistant


def last_reply(assistant: Assistant, *questions: str) -> AskResult:
    """The reply to the last of `questions`, each asked with the ones before it as history."""
    conversation = Conversation()
    for question in questions:
        result = assistant.ask(question, history=conversation.turns)
        conversation.add(result)
    return result
