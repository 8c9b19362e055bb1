"""Find the tasks a question is about: exact routes first, then dense + lexical search, fused.

Exact routes bypass similarity altogether: "第22条", "任务22", "task 22" fetch that task;
"第七部分", "生态这一部分" fetch a section. Everything else is ranked at sentence level by
the FAISS index (dense) and BM25 (lexical), fused with reciprocal rank fusion and rolled up to
tasks (a task scores as its best sentence).

Example::

    retriever = Retriever(corpus, embedder, store, mode="fused")
    result = retriever.retrieve("到2025年建设多少个未来社区？")
    result.tasks[0].task.number  # 13
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .corpus import Corpus, Section, Sentence, Task, chinese_numeral
from .store import VectorStore
from .text import STOP_CHARS, bigrams, content_terms, normalize, words

MODES = ("fused", "dense", "lexical")
# Fusion: cosine + BM25 / (BM25 + LEXICAL_HALF). The saturating transform puts BM25 on the
# cosine's 0..1 scale without max-normalising it (which would inflate a weak lexical match
# into a strong one). Measured on eval/questions.jsonl (python -m eval.run), it beat
# reciprocal rank fusion (hit@1 0.91 vs 0.84 on free-text questions): with ~100 sentences,
# RRF gives a flat, uninformative dense ranking as much say as a sharp lexical one.
# Results are flat for half-saturation values 5–20; 10 sits in the middle.
LEXICAL_HALF = 10.0

NUM = r"(\d{1,3}|[一二三四五六七八九十百两]{1,4})"
TASK_ROUTES = [
    re.compile(rf"第\s*{NUM}\s*[条项个]"),
    re.compile(rf"(?:任务|条目)\s*(?:第\s*)?{NUM}"),
    re.compile(rf"^\s*{NUM}\s*[条项]"),
    re.compile(rf"(?<![\d.]){NUM}\s*号?任务"),
    re.compile(r"\b(?:task|item|article)\s*(?:no\.?|number|#)?\s*(\d{1,3})\b"),
]
SECTION_ROUTES = [
    re.compile(rf"第\s*{NUM}\s*(?:部分|章|篇|节|板块|大项)"),
    re.compile(r"^\s*([一二三四五六七八九十]{1,3})、"),
    re.compile(r"\b(?:section|part|chapter)\s*(\d{1,2}|[ivx]{1,5})\b"),
]
SECTION_WORDS = re.compile(r"(?:部分|章|板块|篇|一块|这块|那块|section|part|chapter)")
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


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
    """What the retriever found, and how (``route``: task, section or search)."""

    query: str
    route: str
    tasks: list[TaskHit]
    section: Section | None = None
    dense_top: float = 0.0  # best cosine between the question and any sentence
    coverage: float = 0.0  # share of the question's topic words found in the best task
    missing: int | None = None  # a task number the question names that the plan does not have
    missing_terms: list[str] = field(default_factory=list)  # topic words found nowhere in the plan
    missing_share: float = 0.0  # their share of the question's topic words (by characters)
    stand_ins: dict[str, str] = field(default_factory=dict)  # everyday word → the plan's word for it


def _number(token: str) -> int | None:
    token = token.strip()
    if token.isdigit():
        return int(token)
    if token in ROMAN:
        return ROMAN[token]
    try:
        return chinese_numeral(token)
    except ValueError:
        return None


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
    """Dense, lexical and exact lookups over a corpus, fused into ranked tasks."""

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

    # ---- exact routes -------------------------------------------------------------------

    def task_route(self, query: str) -> int | None:
        """The task number a question names ("第22条", "任务22", "task 22"), whether or not it exists."""
        q = normalize(query)
        for pattern in TASK_ROUTES:
            if m := pattern.search(q):
                n = _number(m.group(1))
                if n is not None:
                    return n
        return None

    def section_route(self, query: str) -> Section | None:
        """The section a question names ("第七部分", "section 7", "生态这一部分")."""
        q = normalize(query)
        for pattern in SECTION_ROUTES:
            if m := pattern.search(q):
                n = _number(m.group(1))
                if n is not None and (s := self.corpus.section(n)) is not None:
                    return s
        if not SECTION_WORDS.search(q):
            return None
        # "生态这一部分": the section whose title (or whose tasks' titles) holds the topic word.
        terms = [t for t in content_terms(q) if not SECTION_WORDS.fullmatch(t)]
        best, best_score = None, 0
        for s in self.corpus.sections:
            title = normalize(s.title)
            titles = " ".join(normalize(self.corpus.task(n).title) for n in s.tasks)
            score = sum(2 * len(t) if t in title else len(t) if t in titles else 0 for t in terms)
            if score > best_score:
                best, best_score = s, score
            elif score == best_score and score > 0:
                best = None if best is not None and best.order != s.order else best
        return best

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

    def coverage(self, query: str, task: Task, stand_ins: dict[str, str] | None = None) -> float:
        """Share of the question's topic words (by characters) that occur in a task's text."""
        terms = content_terms(query)
        if not terms:
            return 0.0
        text = self._task_text[task.number]
        stand_ins = stand_ins or {}
        total = sum(len(t) for t in terms)
        found = 0.0
        for t in terms:
            if t in text or stand_ins.get(t, "\0") in text:
                found += len(t)
            elif len(t) > 2:  # partial credit for a long word whose bigrams occur (typos, variants)
                grams = [t[i : i + 2] for i in range(len(t) - 1)]
                found += len(t) * sum(g in text for g in grams) / len(grams) * 0.5
        return found / total

    def search(
        self, query: str, k: int = 5, stand_ins: dict[str, str] | None = None, vector: np.ndarray | None = None
    ) -> Retrieval:
        """Ranked tasks for a free question (no exact route)."""
        hits, dense_top = self.rank_sentences(query, stand_ins, vector)
        by_task: dict[int, TaskHit] = {}
        for h in hits:
            th = by_task.get(h.sentence.task)
            if th is None:
                th = by_task[h.sentence.task] = TaskHit(self.corpus.task(h.sentence.task), h.score)
            th.sentences.append(h)
        ranked = sorted(by_task.values(), key=lambda t: -t.score)[:k]
        cov = self.coverage(query, ranked[0].task, stand_ins) if ranked else 0.0
        return Retrieval(normalize(query), "search", ranked, dense_top=dense_top, coverage=cov)

    def route(self, query: str) -> Retrieval | None:
        """The exact route when the question names a task (even one the plan lacks) or a section."""
        number = self.task_route(query)
        if number is not None:
            task = self.corpus.task(number)
            if task is None:
                return Retrieval(normalize(query), "missing_task", [], missing=number)
            return Retrieval(normalize(query), "task", [TaskHit(task, 1.0, [])], dense_top=1.0, coverage=1.0)
        section = self.section_route(query)
        if section is not None:
            hits = [TaskHit(self.corpus.task(n), 1.0, []) for n in section.tasks]
            return Retrieval(normalize(query), "section", hits, section=section, dense_top=1.0, coverage=1.0)
        return None

    def retrieve(
        self, query: str, k: int = 5, stand_ins: dict[str, str] | None = None, vector: np.ndarray | None = None
    ) -> Retrieval:
        """Exact route when the question names a task or section, ranked search otherwise."""
        return self.route(query) or self.search(query, k, stand_ins, vector)
