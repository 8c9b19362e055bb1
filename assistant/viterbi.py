"""jieba's part-of-speech Viterbi pass, the same result about four times faster.

jieba tags the runs of characters its dictionary lacks (most of a resident's colloquial question)
with a Viterbi pass over ~250 states, written to try every previous state for every state: most of
the first asking of a question went there. This one visits only the previous states that can move
into a state (jieba's own transition table, read backwards once), and falls back to jieba's exact
rule when none can. ``tests/test_text.py`` checks it returns what jieba's own does.
"""

from __future__ import annotations

MIN_FLOAT = -3.14e100  # jieba's "never emitted" log probability
MIN_INF = float("-inf")

_INTO: dict[int, dict] = {}  # id(transition table) → {state: {previous state: log p}}


def _into(trans_p: dict) -> dict:
    into = _INTO.get(id(trans_p))
    if into is None:
        into = {}
        for before, nexts in trans_p.items():
            for state, p in nexts.items():
                into.setdefault(state, {})[before] = p
        _INTO[id(trans_p)] = into
    return into


def viterbi(obs, states, start_p, trans_p, emit_p):
    """jieba.posseg.viterbi's signature and result: (log probability, [state of each character])."""
    into = _into(trans_p)
    all_states = trans_p.keys()
    scores = {y: start_p[y] + emit_p[y].get(obs[0], MIN_FLOAT) for y in states.get(obs[0], all_states)}
    path: list[dict] = [dict.fromkeys(scores, "")]
    for char in obs[1:]:
        before = [x for x in path[-1] if trans_p[x]]
        alive = set(before)
        expected: set = set()
        for x in before:
            expected.update(trans_p[x])
        here = set(states.get(char, all_states)) & expected or expected or all_states
        now, back = {}, {}
        for y in here:
            emit = emit_p[y].get(char, MIN_FLOAT)
            source = into.get(y, {})
            best = None
            pairs = ((x, p) for x, p in source.items() if x in alive) if len(source) < len(before) \
                else ((x, source[x]) for x in before if x in source)
            for x, p in pairs:
                candidate = (scores[x] + p + emit, x)
                if best is None or candidate > best:
                    best = candidate
            if best is None or best[0] == MIN_INF:  # nothing can move here: jieba's max over every state
                best = max((scores[x] + source.get(x, MIN_INF) + emit, x) for x in before)
            now[y], back[y] = best
        scores = now
        path.append(back)
    prob, state = max((scores[y], y) for y in path[-1])
    route = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = path[i][state]
    return prob, route
