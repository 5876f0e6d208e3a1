"""The ONNX query model: exported from the bundled model once per data dir, kept with the index.

Ingest makes it (torch is loaded there anyway); a process that finds an index built before this
file existed makes it on first use, saying so on one line. Its sha256 goes into the manifest, and
a file whose size or mtime changed since is rehashed: a truncated or replaced graph is rebuilt
from the hash-verified weights rather than trusted.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from core.embedding_models import MINILM, bundled_model
from core.settings import Settings
from ingest.manifest import Manifest, ModelFileRecord, file_sha256
from ingest.onnx_runtime import INPUT_NAMES, OUTPUT_NAME

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

FILE_NAME = f"{MINILM.name}.onnx"  # the default model's graph
OPSET = 17
# Two texts of different lengths, so the traced graph keeps the attention-mask path for padding.
_EXAMPLE = ["An example sentence.", "A longer example sentence, so that this batch needs padding."]


@dataclass(frozen=True)
class _Exported:
    """The last graph this process exported: later data dirs get a copy instead of a re-export."""

    path: Path
    record: ModelFileRecord


_LAST: dict[str, _Exported] = {}  # weights sha256 -> the file exported from them


def query_model_path(settings: Settings) -> Path:
    """One graph per bundled model, so two models' indexes may share a data dir."""
    return settings.paths.models / f"{(bundled_model(settings.embedding_model) or MINILM).name}.onnx"


def ensure_query_model(settings: Settings, load_model: Callable[[], SentenceTransformer], *,
                       notice: bool) -> Path:
    """The verified ONNX graph for this data dir, exported first if missing or not as recorded.

    `load_model` gives the verified sentence-transformers model; it is called only to export.
    `notice` prints one line on stderr before an export (a query process pays it once).
    """
    path = query_model_path(settings)
    manifest = Manifest(settings.paths.manifest)
    try:
        record = manifest.model_file(path.name)
        verified = _verified(path, record, settings.weights_sha256)
        if verified is not None:
            if verified != record:  # a copied or restored index: hash it once, not every start
                manifest.put_model_file(verified)
            return path
        if notice:
            sys.stderr.write(f"dlstudy: making the fast query model for this index, once ({path})\n")
        path.parent.mkdir(parents=True, exist_ok=True)
        record = _copy_last(path, settings.weights_sha256) or _export(path, load_model(), settings.weights_sha256)
        manifest.put_model_file(record)
        _LAST[settings.weights_sha256] = _Exported(path, record)
        return path
    finally:
        manifest.close()


def _verified(path: Path, record: ModelFileRecord | None, source_sha256: str) -> ModelFileRecord | None:
    """The record of `path` as it is now, if it holds what `record` says; else None. Only a file
    whose size or mtime differs from the record is hashed again."""
    if record is None or record.source_sha256 != source_sha256:
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    if (stat.st_size, stat.st_mtime_ns) == (record.size, record.mtime_ns):
        return record
    if stat.st_size != record.size or file_sha256(path) != record.sha256:
        return None
    return replace(record, mtime_ns=stat.st_mtime_ns)


def _copy_last(target: Path, source_sha256: str) -> ModelFileRecord | None:
    last = _LAST.get(source_sha256)
    if last is None or last.path == target or _verified(last.path, last.record, source_sha256) is None:
        return None
    temporary = _temporary(target)
    try:
        shutil.copyfile(last.path, temporary)
        return _install(temporary, target, last.record.sha256, source_sha256)
    finally:
        temporary.unlink(missing_ok=True)


def _export(target: Path, model: SentenceTransformer, source_sha256: str) -> ModelFileRecord:
    """Trace the transformer (pooling and normalising stay in numpy, see `OnnxEncoder`), then let
    onnxruntime's BERT optimizer fuse it: with attention traced in its plain ("eager") form it
    becomes fused Attention and LayerNorm ops, embedding long chunks ~30% faster than the traced
    scaled-dot-product attention and as fast as torch, with the same vectors."""
    import torch
    from onnxruntime.transformers.optimizer import optimize_model

    class LastHiddenState(torch.nn.Module):
        def __init__(self, transformer: torch.nn.Module) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, *inputs):
            return self.transformer(**dict(zip(names, inputs, strict=True))).last_hidden_state

    transformer = model[0].auto_model.eval()
    if transformer.config.model_type == "bert":
        transformer.set_attn_implementation("eager")
    features = model.preprocess(_EXAMPLE)
    names = [name for name in INPUT_NAMES if name in features]  # mpnet takes no token_type_ids
    dynamic = {name: {0: "batch", 1: "sequence"} for name in (*names, OUTPUT_NAME)}
    traced, temporary = _temporary(target, "traced"), _temporary(target)
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tracer notes about constants in transformers' own code
            torch.onnx.export(LastHiddenState(transformer), tuple(features[name] for name in names),
                              str(traced), dynamo=False, input_names=names,
                              output_names=[OUTPUT_NAME], dynamic_axes=dynamic, opset_version=OPSET)
        optimize_model(str(traced), model_type="bert", num_heads=transformer.config.num_attention_heads,
                       hidden_size=transformer.config.hidden_size).save_model_to_file(str(temporary))
        return _install(temporary, target, file_sha256(temporary), source_sha256)
    finally:
        traced.unlink(missing_ok=True)
        temporary.unlink(missing_ok=True)  # gone already once installed; a failed export's leftovers


def _temporary(target: Path, stage: str = "partial") -> Path:
    """A name of this process and thread's own, next to the target (same file system)."""
    return target.with_name(f".{target.name}.{os.getpid()}-{threading.get_ident()}.{stage}")


def _install(temporary: Path, target: Path, sha256: str, source_sha256: str) -> ModelFileRecord:
    """Move a complete file into place atomically: a killed run never leaves half a graph."""
    with temporary.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, target)
    stat = target.stat()
    return ModelFileRecord(name=target.name, sha256=sha256, size=stat.st_size,
                           mtime_ns=stat.st_mtime_ns, source_sha256=source_sha256)
