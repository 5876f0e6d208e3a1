"""A conversation: the earlier turns a follow-up is resolved against.

Kept by whoever talks to the assistant (the chat REPL, a UI session, `ask --batch` per
conversation id) and passed to `Assistant.ask(..., history=conversation.turns)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.models import AskResult, Turn

MAX_TURNS = 12  # older turns no longer help resolve "it"


@dataclass
class Conversation:
    turns: list[Turn] = field(default_factory=list)

    def add(self, result: AskResult) -> None:
        self.turns.append(result.as_turn())
        del self.turns[:-MAX_TURNS]

    def clear(self) -> None:
        self.turns.clear()
