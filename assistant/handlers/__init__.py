"""One handler per intent (see `registry`); importing the package registers them all."""

from assistant.handlers import answer, progress, quiz, refusal, syllabus
from assistant.handlers.registry import HANDLERS, Handler, Request, dispatch, handles

__all__ = ["HANDLERS", "Handler", "Request", "answer", "dispatch", "handles", "progress", "quiz",
           "refusal", "syllabus"]
