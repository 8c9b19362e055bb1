"""Rank the plan's tasks for a free question: dense + lexical search at sentence level, fused.

Questions that name a task or a section never come here (the router sends them to an exact
route). A question is ranked sentence by sentence by the FAISS index (cosine, dense) and by BM25
(lexical); the two are fused as ``cosine + bm25 / (bm25 + LEXICAL_HALF)`` and rolled up to tasks
(a task scores as its best sentence). Each task is also embedded whole: the cosine between a
question and its best task is the retriever's signal of whether the plan covers the question at all.

Example::

    retriever = Retriever(corpus, embedder, store, mode="fused")
    result = retriever.search("到2025年建设多少个未来社区？")
    result.tasks[0].task.number  # 13
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .corpus import Corpus, Sentence, Task
from .store import VectorStore
from .text import STOP_CHARS, bigrams, normalize, words

MODES = ("fused", "dense", "lexical")
# Fusion: cosine + BM25 / (BM25 + LEXICAL_HALF). The saturating transform puts BM25 on the
# cosine's 0..1 scale without max-normalising it (which would inflate a weak lexical match into a
# strong one); it beat reciprocal rank fusion on this corpus size (docs/evaluation.md).
LEXICAL_HALF = 10.0

@dataclass(frozen=True)
class SentenceHit:
    sentence: Sentence
    score: float  # fused (or single-mode) score used for ranking
    dense: float  # cosine similarity to the question (0 when not ranked densely)
    lexical: float  # BM25 score (0 when the sentence shares no term)


@dataclass
class TaskHit:
    task: Task
    score: float
    sentences: list[SentenceHit] = field(default_factory=list)  # best first


@dataclass
class Retrieval:
    """What the retriever found for a question, with the signals the answerer decides on."""

    query: str
    tasks: list[TaskHit]
    dense_top: float = 0.0  # best cosine between the question and any sentence
    task_top: float = 0.0  # best cosine between the question and any whole task
    stand_ins: dict[str, str] = field(default_factory=dict)  # everyday word → the plan's word for it
    focus_share: float = 0.0  # covered share of the question's focus in the best task (set by the answerer)
    focus_whole: bool = False  # every focus word is in the plan, or has a word standing in for it (the answerer's)


class BM25:
    """Okapi BM25 over pre-tokenised documents (k1=1.5, b=0.75)."""

    def __init__(self, docs: list[list[str]], k1: float = 1.5, b: float = 0.75):
        self.k1, self.b = k1, b
        self.tfs = [Counter(d) for d in docs]
        self.lengths = np.array([len(d) for d in docs], dtype=np.float32)
        self.avg = float(self.lengths.mean()) if docs else 0.0
        df = Counter(t for d in docs for t in set(d))
        n = len(docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        # Postings: term -> (doc rows, term frequencies), so a query touches only its terms' rows.
        post: dict[str, list[tuple[int, int]]] = {}
        for i, tf in enumerate(self.tfs):
            for t, c in tf.items():
                post.setdefault(t, []).append((i, c))
        norm = self.k1 * (1 - self.b + self.b * self.lengths / max(self.avg, 1e-9))
        self.postings = {
            t: (np.array([r for r, _ in p]), np.array([c for _, c in p], dtype=np.float32)) for t, p in post.items()
        }
        self.norm = norm

    def scores(self, query: list[str]) -> np.ndarray:
        out = np.zeros(len(self.tfs), dtype=np.float32)
        for t in set(query):
            if t not in self.postings:
                continue
            rows, tf = self.postings[t]
            out[rows] += self.idf[t] * tf * (self.k1 + 1) / (tf + self.norm[rows])
        return out


TOKENIZERS = {"bigram": bigrams, "jieba": words}


class Retriever:
    """Dense and lexical search over a corpus, fused into ranked tasks."""

    def __init__(self, corpus: Corpus, embedder, store: VectorStore, mode: str = "fused", tokenizer: str = "bigram"):
        if mode not in MODES:
            raise ValueError(f"unknown retrieval mode {mode!r}: use one of {', '.join(MODES)}")
        if tokenizer not in TOKENIZERS:
            raise ValueError(f"unknown tokenizer {tokenizer!r}: use one of {', '.join(TOKENIZERS)}")
        self.corpus = corpus
        self.embedder = embedder
        self.store = store
        self.mode = mode
        self.tokenize = TOKENIZERS[tokenizer]
        self.sentences = store.sentences
        self.bm25 = BM25([self.tokenize(s.text) for s in self.sentences])
        self._task_text = {t.number: normalize(t.text) for t in corpus.tasks}
        self._task_numbers = [t.number for t in corpus.tasks]
        self.task_vectors = embedder.encode([t.text for t in corpus.tasks])  # unit vectors, one per task

    # ---- ranked search ------------------------------------------------------------------

    def dense_scores(self, query: str, vector: np.ndarray | None = None) -> np.ndarray:
        """Cosine of the query with every sentence (``vector``: the query already encoded)."""
        vec = self.embedder.encode([query]) if vector is None else vector
        scores, rows = self.store.search(vec, k=len(self.sentences))
        out = np.zeros(len(self.sentences), dtype=np.float32)
        out[rows[0]] = scores[0]
        return out

    def rank_sentences(
        self, query: str, stand_ins: dict[str, str] | None = None, vector: np.ndarray | None = None
    ) -> tuple[list[SentenceHit], float]:
        """All sentences ranked by the retriever's mode; also the best dense cosine.

        ``stand_ins`` maps question words the plan does not use to plan words that mean the same
        (孩子 → 幼儿): the plan words join the lexical query.
        """
        q = normalize(query)
        lexical_q = " ".join([q, *(stand_ins or {}).values()])
        n = len(self.sentences)
        dense = self.dense_scores(q, vector) if self.mode in ("dense", "fused") else np.zeros(n, dtype=np.float32)
        if self.mode in ("lexical", "fused"):
            # Single function characters (的, 是, 哪…) of the question are noise, not evidence.
            lexical = self.bm25.scores([t for t in self.tokenize(lexical_q) if t not in STOP_CHARS])
        else:
            lexical = np.zeros(n, dtype=np.float32)
        if self.mode == "dense":
            fused = dense
        elif self.mode == "lexical":
            fused = lexical
        else:
            fused = dense + lexical / (lexical + LEXICAL_HALF)
        order = np.argsort(-fused, kind="stable")
        hits = [SentenceHit(self.sentences[i], float(fused[i]), float(dense[i]), float(lexical[i])) for i in order]
        return hits, float(dense.max()) if len(dense) else 0.0

    def task_text(self, number: int) -> str:
        """A task's normalised text (what coverage is checked against)."""
        return self._task_text[number]

    def search(
        self, query: str, k: int = 5, stand_ins: dict[str, str] | None = None, vector: np.ndarray | None = None,
        keep: tuple[int, ...] = (),
    ) -> Retrieval:
        """Ranked tasks for a free question, best first, with the dense signals of coverage; the tasks in
        ``keep`` (a follow-up's "这条") are among them even when they rank below the first ``k``."""
        q = normalize(query)
        if vector is None and self.mode != "lexical":
            vector = self.embedder.encode([q])
        hits, dense_top = self.rank_sentences(q, stand_ins, vector)
        by_task: dict[int, TaskHit] = {}
        for h in hits:
            th = by_task.get(h.sentence.task)
            if th is None:
                th = by_task[h.sentence.task] = TaskHit(self.corpus.task(h.sentence.task), h.score)
            th.sentences.append(h)
        ordered = sorted(by_task.values(), key=lambda t: -t.score)
        ranked = ordered[:k] + [t for t in ordered[k:] if t.task.number in keep]
        task_top = float((vector @ self.task_vectors.T).max()) if vector is not None else 0.0
        return Retrieval(q, ranked, dense_top=dense_top, task_top=task_top, stand_ins=dict(stand_ins or {}))
