"""The intent handlers' registry and the request every handler receives.

`Assistant.ask` validates, resolves follow-ups, routes and times a request; what is done with it
depends on its intent, and each intent's handler registers itself here with `@handles(kind)`
(the way llm's plugins register models), so adding an intent adds one module and `ask` stays
as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.intents import Intent
from assistant.models import AskResult, IntentKind

if TYPE_CHECKING:  # handlers receive the Assistant; the service imports this module
    from assistant.router import Routed
    from assistant.service import Assistant

TokenSink = Callable[[str], None]


@dataclass(frozen=True, kw_only=True)
class Request:
    """One validated, resolved and routed request."""

    question: str  # as the student wrote it
    standalone: str  # resolved against the conversation ("Why is it used?" -> "Why is GELU used?")
    searched: str  # the standalone question as retrieval reads it (spelling corrected)
    vector: Sequence[float]  # its embedding, computed once
    routed: Routed
    week: int | None  # the week asked for (--week) or named in the request
    carried: list[str]  # topics carried over from the conversation, best first
    k: int  # passages to retrieve
    provider: str
    on_token: TokenSink | None = None
    leans_on_nothing: bool = False  # "why does it help?" with no conversation before it
    just_answered: list[str] = field(default_factory=list)  # the topics the previous answer cited
    earlier: list[str] = field(default_factory=list)  # the conversation's course questions, latest first
    discussed: list[str] = field(default_factory=list)  # the topics it answered or quizzed, latest first

    @property
    def intent(self) -> Intent:
        return self.routed.intent

    def result(self, **fields: Any) -> AskResult:
        """An AskResult for this request; `fields` fill in the rest (and may set the week)."""
        return AskResult(**{"question": self.question, "standalone_question": self.standalone,
                            "week": self.week, "provider": self.provider, **fields})


Handler = Callable[["Assistant", Request], AskResult]

HANDLERS: dict[IntentKind, Handler] = {}


def handles(kind: IntentKind) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of `kind` (one handler per intent)."""
    def register(handler: Handler) -> Handler:
        if kind in HANDLERS:
            raise ValueError(f"intent {kind!r} already has a handler: {HANDLERS[kind].__qualname__}")
        HANDLERS[kind] = handler
        return handler
    return register


def dispatch(assistant: Assistant, request: Request) -> AskResult:
    return HANDLERS[request.intent.kind](assistant, request)
