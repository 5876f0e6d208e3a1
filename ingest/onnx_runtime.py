"""A bundled model (MiniLM, mpnet) as an ONNX graph: embeddings with onnxruntime + tokenizers, no torch.

Importing torch and sentence-transformers costs a cold process ~10 s; this path costs well under
one. It reproduces the sentence-transformers pipeline of all-MiniLM-L6-v2 and all-mpnet-base-v2
exactly (both mean-pool and normalise): the same
tokenizer (truncated at the model's `max_seq_length`, padded to the longest text of a batch),
the transformer (the exported graph), mean pooling over real tokens, then L2 normalisation.
The graph itself is made by `ingest.onnx_export` at ingest time.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import onnxruntime
from tokenizers import Tokenizer

INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
# Two threads (idle ones do not spin): ingest embeds its chunks in ~60% of the time on one, and
# an answer's batch of candidate sentences gains too; a one-text query loses nothing (`make bench`).
THREADS = min(2, os.cpu_count() or 1)
OUTPUT_NAME = "last_hidden_state"


class OnnxEncoder:
    """Sentence embeddings from an exported transformer graph and the model's own tokenizer."""

    def __init__(self, graph: Path, model_dir: Path, threads: int = THREADS) -> None:
        config = json.loads((model_dir / "sentence_bert_config.json").read_text(encoding="utf-8"))
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        # tokenizer.json ships with fixed padding to 128 and truncation at 128; sentence-transformers
        # overrides both (longest-in-batch padding, truncation at max_seq_length=256), so do we.
        self.tokenizer.enable_truncation(max_length=int(config["max_seq_length"]))
        pad = self.tokenizer.padding or {}
        self.tokenizer.enable_padding(pad_id=pad.get("pad_id", 0), pad_token=pad.get("pad_token", "[PAD]"))
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Idle worker threads must not spin: next to Chroma's threads on 2 cores, spinning made
        # the slowest queries several times slower.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        self.dimension = int(self.session.get_outputs()[0].shape[-1])
        self.inputs = {graph_input.name for graph_input in self.session.get_inputs()}  # mpnet: no token types

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Unit vectors, one row per text, in input order. Batches are made of texts of similar
        length (as sentence-transformers does), so little of each batch is padding."""
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda row: len(texts[row]))
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            vectors[rows] = self._batch([texts[row] for row in rows])
        return vectors

    def _batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        mask_ids = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": mask_ids,
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        (hidden,) = self.session.run([OUTPUT_NAME], {k: v for k, v in feeds.items() if k in self.inputs})
        mask = mask_ids[..., None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
