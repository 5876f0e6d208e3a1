"""The provider contracts shared by the registry and the in-process llama.cpp model."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.errors import UserError

# The way out a user always has: answers that need no language model at all.
FALLBACK = "choose --provider extractive"


@dataclass(frozen=True)
class ProviderInfo:
    """What a provider answers with, for `--json` output, the UI and the evaluation report."""

    name: str
    model: str
    generative: bool


class ProviderUnavailable(UserError):
    """A provider cannot be used as configured: its server is down, its model file is missing.

    A `UserError`, so the CLI prints the one line and exits 2. The parts stay readable for callers
    that render them differently (the UI shows `fix` as a hint).
    """

    def __init__(self, provider: str, state: str, where: str, reason: str, fix: str) -> None:
        self.provider, self.where, self.reason, self.fix = provider, where, one_line(reason), fix
        super().__init__(f"{provider} {state} at {where} ({self.reason}); {fix}")


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
