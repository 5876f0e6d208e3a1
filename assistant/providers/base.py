"""The provider contracts shared by the registry and the in-process llama.cpp model."""

from __future__ import annotations

from dataclasses import dataclass

# The way out a user always has: answers that need no language model at all.
FALLBACK = "choose --provider extractive"


@dataclass(frozen=True)
class ProviderInfo:
    """What a provider answers with, for `--json` output, the UI and the evaluation report."""

    name: str
    model: str
    generative: bool
