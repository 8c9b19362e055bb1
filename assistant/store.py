"""FAISS index of the plan's sentence vectors, with a manifest that says what built it.

The index lives in ``<index_dir>/<embedder slug>/`` as ``vectors.faiss`` + ``manifest.json``.
``load_or_build`` loads it when the manifest matches the corpus hash and the embedder, and
rebuilds it otherwise, so a changed plan or a different embedder never serves stale vectors.
A build writes to a temporary folder and renames it into place under a file lock: several
copies of the app starting together build once, and a reader never sees a half-written index.

Example::

    store = load_or_build(corpus, embedder, Path("index/built"))
    scores, rows = store.search(embedder.encode(["未来社区"]), k=5)
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from .corpus import Corpus, Sentence

FORMAT = 1
log = logging.getLogger(__name__)


@dataclass
class VectorStore:
    """Sentence vectors in a flat inner-product index (inner product = cosine on unit vectors)."""

    index: faiss.Index
    sentences: list[Sentence]
    manifest: dict

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, rows) for each query vector; rows index ``self.sentences``."""
        k = min(k, self.index.ntotal)
        return self.index.search(np.ascontiguousarray(queries, dtype=np.float32), k)


def _slug(embedder_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", embedder_id)


def _expected_manifest(corpus: Corpus, embedder) -> dict:
    return {"format": FORMAT, "embedder": embedder.id, "source_sha256": corpus.sha256}


def build(corpus: Corpus, embedder, target: Path, progress: Callable[[int, int], None] | None = None) -> VectorStore:
    """Embed every sentence and write the index to ``target`` atomically."""
    sentences = corpus.sentences
    vectors = []
    batch = 32
    for i in range(0, len(sentences), batch):
        vectors.append(embedder.encode([s.text for s in sentences[i : i + batch]]))
        if progress:
            progress(min(i + batch, len(sentences)), len(sentences))
    matrix = np.vstack(vectors).astype(np.float32)
    faiss.normalize_L2(matrix)  # a no-op for unit vectors, a guarantee for any other embedder
    index = faiss.IndexFlatIP(matrix.shape[1])  # exact search: a plan has hundreds of sentences, not millions
    index.add(matrix)
    manifest = _expected_manifest(corpus, embedder) | {
        "dim": int(matrix.shape[1]),
        "count": len(sentences),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "documents": sorted(corpus.documents),
        "sentences": [[s.doc, s.task, s.index, s.start, s.end] for s in sentences],
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        faiss.write_index(index, str(tmp / "vectors.faiss"))
        # FAISS reads a file whose vectors were damaged without complaint: the checksum catches it.
        manifest["vectors_sha256"] = hashlib.sha256((tmp / "vectors.faiss").read_bytes()).hexdigest()
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        old = target.with_name(f".{target.name}.old.{os.getpid()}")
        if target.exists():
            os.replace(target, old)
        os.replace(tmp, target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return VectorStore(index, sentences, manifest)


def load(corpus: Corpus, embedder, target: Path) -> VectorStore | None:
    """Load the index at ``target`` if it was built from this corpus by this embedder, else None."""
    manifest_path = target / "manifest.json"
    if not manifest_path.exists():
        return None
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("index manifest %s unreadable (%s): rebuilding", manifest_path, exc)
        return None
    expected = _expected_manifest(corpus, embedder)
    if any(manifest.get(k) != v for k, v in expected.items()):
        log.info("index at %s was built from another source or embedder: rebuilding", target)
        return None
    sentences = corpus.sentences
    if manifest.get("sentences") != [[s.doc, s.task, s.index, s.start, s.end] for s in sentences]:
        log.warning("index at %s does not match the parsed sentences: rebuilding", target)
        return None
    try:
        data = (target / "vectors.faiss").read_bytes()
    except OSError as exc:
        log.warning("index file in %s unreadable (%s): rebuilding", target, exc)
        return None
    if hashlib.sha256(data).hexdigest() != manifest.get("vectors_sha256"):
        log.warning("index file in %s does not match its manifest's checksum (damaged or older): rebuilding", target)
        return None
    try:
        index = faiss.deserialize_index(np.frombuffer(data, dtype=np.uint8))  # the very bytes just checked
    except RuntimeError as exc:
        log.warning("index file in %s unreadable (%s): rebuilding", target, str(exc).splitlines()[0])
        return None
    if index.ntotal != len(sentences) or index.d != manifest.get("dim"):
        log.warning(
            "index in %s has %d vectors of dim %d, expected %d: rebuilding",
            target,
            index.ntotal,
            index.d,
            len(sentences),
        )
        return None
    return VectorStore(index, sentences, manifest)


def load_or_build(
    corpus: Corpus,
    embedder,
    index_dir: Path,
    progress: Callable[[int, int], None] | None = None,
    rebuild: bool = False,
) -> VectorStore:
    """Load the matching index, or build it (once, under a lock shared by all local copies)."""
    target = index_dir / _slug(embedder.id)
    if not rebuild and (store := load(corpus, embedder, target)) is not None:
        return store
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another copy building? wait for it, then use its result
        try:
            if not rebuild and (store := load(corpus, embedder, target)) is not None:
                return store
            log.info("building the index for %s in %s", embedder.id, target)
            return build(corpus, embedder, target, progress)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
