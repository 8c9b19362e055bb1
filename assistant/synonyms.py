"""Map a question's everyday words onto the plan's own words (孩子 → 幼儿, 租房 → 租赁).

The public asks in plain words the plan never uses. Each question word that occurs nowhere in
the plan is embedded and compared with the plan's vocabulary (its jieba words); a near
neighbour above a calibrated cosine stands in for it, both as evidence that the plan covers
the question and as an extra lexical search term. Words with no near neighbour (床位, 区长)
stay missing, which is what makes the assistant refuse questions the plan does not answer.

Example::

    syn = Synonyms(corpus, embedder)
    syn.nearest(["孩子", "床位"])   # {"孩子": ("幼儿", 0.85), "床位": ("房地", 0.57)}
"""

from __future__ import annotations

import numpy as np

from .corpus import Corpus
from .text import CJK_RUN, normalize, words


class Synonyms:
    """The plan's vocabulary, embedded once, searched by cosine for a question word's stand-in."""

    def __init__(self, corpus: Corpus, embedder):
        text = normalize("".join(t.text for t in corpus.tasks))
        self.vocab = sorted({w for w in words(text) if len(w) >= 2 and CJK_RUN.fullmatch(w)})
        self.embedder = embedder
        self.vectors = embedder.encode(self.vocab)  # ~1,000 words: about a second, once, at start-up

    def nearest(self, terms: list[str], vectors: np.ndarray | None = None) -> dict[str, tuple[str, float]]:
        """For each term, the closest plan word and its cosine (``vectors``: the terms already encoded)."""
        if not terms or not self.vocab:
            return {}
        vectors = self.embedder.encode(list(terms)) if vectors is None else vectors
        sims = vectors @ self.vectors.T  # unit vectors: inner product = cosine
        best = np.argmax(sims, axis=1)
        return {t: (self.vocab[j], float(sims[i, j])) for i, (t, j) in enumerate(zip(terms, best, strict=True))}
