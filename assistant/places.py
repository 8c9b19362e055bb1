"""Places of government China-wide, to tell a question about another place from one about the plan's.

"上城区到2025年要建几个未来社区？" shares every topic word with a plan of 萧山区: answered from it, the
reply would give 萧山's number as 上城's. A plan never names the districts it is not about, so a place
of government (a province, city, county or district: ``data/places-cn.tsv``) that the question asks
about and the plan never names means the plan does not answer it. The plan's own places (its profile's
stop words: 萧山, 杭州) and any place its text names are never "another place".

A name counts only as whole words of the question as jieba cuts it (上城区 = 上 + 城区; not 马上 + 城区),
and a short name (富阳 of 富阳区) only where it is no everyday word of another kind: the short names of
3,180 places include 资源, 合作 and 平安, which jieba knows as a noun, a verb and an adjective. English
questions name a place by its pinyin (Yuhang, Binjiang).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from .spelling import read_as
from .text import _jieba, normalize

PLACES = Path(__file__).resolve().parent / "data" / "places-cn.tsv"
PLACE_TAGS = frozenset({"ns", "nr", "nrt", "nz"})  # jieba tags a place as a place, or as a name (余杭: nr)
LONGEST = 9  # characters of the longest name looked for (内蒙古自治区 is 6)
LATIN_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=1)
def _places() -> tuple[tuple[str, str], ...]:
    with open(PLACES, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]
    return tuple((full, short) for full, short, *_ in rows)


def _a_name(word: str) -> bool:
    """Whether jieba reads a short name as a name: its dictionary tags it as one, or lacks it."""
    from jieba import posseg

    return not _jieba().dt.FREQ.get(word) or posseg.dt.word_tag_tab.get(word) in PLACE_TAGS


class Places:
    """The places of government a plan never names, found in a question."""

    def __init__(self, plan_text: str, own: Iterable[str] = (), title: str = ""):
        self.own = set(own)
        never = lambda name: name not in plan_text and name not in self.own  # noqa: E731
        self.names: set[str] = set()
        self.short: set[str] = set()
        for full, short in _places():
            if never(full) and (len(full) > 2 or _a_name(full)):  # (not 城区, 郊区: names, and everyday words)
                self.names.add(full)
            if len(short) >= 2 and short != full and never(short) and _a_name(short):
                self.short.add(short)
        self.names |= self.short
        self.starts = {name[:2] for name in self.names}  # a question with none of these names no place: not cut
        # The plan's own place: the places its profile names that its title names too (萧山区 of 萧山区…规划,
        # not 杭州: "杭州上城区…" asks about 上城区); all of them when the title names none.
        known = {name for pair in _places() for name in pair}
        own_places = {o for o in self.own if o in known}
        self.home = {o for o in own_places if o in title} or own_places
        self.home_readings = {"".join(read_as(h)) for h in self.home}
        self._english: dict[str, str] | None = None

    @property
    def english(self) -> dict[str, str]:
        """The pinyin of each short name → the name (yuhang → 余杭), read on the first English question."""
        if self._english is None:
            own = {"".join(read_as(o)) for o in self.own if o}
            readings = {short: "".join(read_as(short)) for short in sorted(self.short)}
            self._english = {r: s for s, r in readings.items() if len(r) >= 5 and r not in own}
        return self._english

    def home_in(self, text: str, english: bool = False) -> bool:
        """Whether a question names the plan's own place (萧山, Xiaoshan)."""
        text = normalize(text)
        if english:
            return not self.home_readings.isdisjoint(LATIN_WORD.findall(text))
        return any(h in text for h in self.home)

    def named(self, text: str, english: bool = False) -> tuple[str, ...]:
        """The places a question names that the plan does not, in the order named (in English, as spelled)."""
        text = normalize(text)
        if english:
            return tuple(dict.fromkeys(w.capitalize() for w in LATIN_WORD.findall(text) if w in self.english))
        if not any(text[i:i + 2] in self.starts for i in range(len(text) - 1)):
            return ()
        edges = sorted({i for _, start, end in _jieba().tokenize(text, HMM=False) for i in (start, end)})
        found: list[str] = []
        for n, i in enumerate(edges):
            for j in edges[n + 1:]:
                if j - i > LONGEST:
                    break
                if text[i:j] in self.names:
                    found.append((i, j))
        # the longest of names that overlap (临平区, not 临平 and 临平区)
        longest = [(i, j) for i, j in found if not any(a <= i and j <= b and (a, b) != (i, j) for a, b in found)]
        return tuple(dict.fromkeys(text[i:j] for i, j in longest))
