"""The FAISS index and its manifest: built once, reused, rebuilt when the source or embedder changes."""

import json
import shutil
from pathlib import Path

import numpy as np

from assistant.corpus import load_corpus
from assistant.store import _slug, load, load_or_build

SOURCE = Path(__file__).resolve().parent.parent / "index" / "source"


def test_build_then_reuse(tmp_path, assistant):
    embedder = assistant.retriever.embedder
    corpus = load_corpus(SOURCE)
    store = load_or_build(corpus, embedder, tmp_path)
    manifest = json.loads((tmp_path / _slug(embedder.id) / "manifest.json").read_text())
    assert manifest["embedder"] == embedder.id and manifest["dim"] == 512
    assert manifest["source_sha256"] == corpus.sha256 and manifest["count"] == len(corpus.sentences)
    mtime = (tmp_path / _slug(embedder.id) / "vectors.faiss").stat().st_mtime_ns
    again = load_or_build(corpus, embedder, tmp_path)
    assert (tmp_path / _slug(embedder.id) / "vectors.faiss").stat().st_mtime_ns == mtime  # loaded, not rebuilt
    assert again.index.ntotal == store.index.ntotal


def test_search_finds_the_sentence_itself(assistant):
    store = assistant.retriever.store
    s = store.sentences[10]
    scores, rows = store.search(assistant.retriever.embedder.encode([s.text]), k=3)
    assert rows[0][0] == 10 and scores[0][0] > 0.99  # inner product of unit vectors = cosine


def test_changed_source_is_rebuilt(tmp_path, assistant):
    embedder = assistant.retriever.embedder
    src = tmp_path / "src"
    shutil.copytree(SOURCE, src)
    load_or_build(load_corpus(src), embedder, tmp_path / "idx")
    plan = next(src.glob("*.txt"))
    plan.write_text(plan.read_text(encoding="utf-8") + "\n30.新增一条任务。内容。\n", encoding="utf-8")
    changed = load_corpus(src)
    assert load(changed, embedder, tmp_path / "idx" / _slug(embedder.id)) is None  # stale: refused
    store = load_or_build(changed, embedder, tmp_path / "idx")
    assert store.index.ntotal == len(changed.sentences) and store.sentences[-1].task == 30


def test_other_embedder_is_refused(tmp_path, assistant):
    embedder = assistant.retriever.embedder
    corpus = load_corpus(SOURCE)
    load_or_build(corpus, embedder, tmp_path)
    target = tmp_path / _slug(embedder.id)
    m = json.loads((target / "manifest.json").read_text())
    m["embedder"] = "some-other-model"
    (target / "manifest.json").write_text(json.dumps(m))
    assert load(corpus, embedder, target) is None


def test_vectors_are_unit_length(assistant):
    v = assistant.retriever.embedder.encode(["未来社区", "Future communities"])
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)
