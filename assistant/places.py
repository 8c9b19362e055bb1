"""Places of government China-wide, to tell a question about another place from one about the plan's.

"上城区到2025年要建几个未来社区？" shares every topic word with a plan of 萧山区: answered from it, the
reply would give 萧山's number as 上城's. A plan never names the districts it is not about, so a place
of government (``data/places-cn.tsv``) that the question asks about and the plan never names means the
plan does not answer it. The plan's own place (萧山) and any place its text names are never "another
place"; the city and province it is in (杭州, 浙江省) are, when asked about without it.

A full name (上城区, 蜀山区, 南阳市) is a place wherever it is said, as whole words of the question as jieba
cuts it (上城区 = 上 + 城区; not 马上 + 城区). A short name is also a street, a word or a shop's name
somewhere (蜀山 and 南阳 are streets of 萧山; 长寿, 安宁 and 和平 are words): it counts only for the places
a resident of the plan's place compares it with, the other districts of its city (余杭, 滨江), the cities
of its province (绍兴, 宁波), the provinces and their capitals (上海, 南京). English questions name those
by their pinyin (Yuhang, Ningbo).

Towns and streets (瓜沥镇, 城厢街道) are below the table: a name of two characters before 镇 or 街道 that
the plan never writes, not a word that ends in the kind (城镇, 小镇) nor a phrase that points (我们镇, 这条街道),
is one (:meth:`Places.local`). The plan is about them too, but says nothing of any one of them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from .spelling import read_as
from .text import CJK_RUN, _jieba, normalize

PLACES = Path(__file__).resolve().parent / "data" / "places-cn.tsv"
LONGEST = 9  # characters of the longest name looked for (新疆维吾尔自治区 is 8)
LATIN_WORD = re.compile(r"[a-z]+")
SPACED = re.compile(r"(?<=[\u4e00-\u9fff])[\s\-·]+(?=[\u4e00-\u9fff])")  # 余 杭 区, 余-杭
LOCAL = re.compile(r"(?=([\u4e00-\u9fff]{2})(街道|镇)(?![\u4e00-\u9fff]{0,1}[长委政府干区]))")  # 瓜沥镇 (not 镇长)
# 我们镇, 这条街道, 还有镇上: a pointer or a function word, not a town's name
POINTING = re.compile(r"[的这那哪个条些每各全本该此某我你他她它们咱俺在到从去是和与跟等有还也]")


@lru_cache(maxsize=1)
def _places() -> tuple[tuple[str, str, str], ...]:
    """(six-digit area code, full name, short name) of every place."""
    with open(PLACES, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]
    return tuple((code, full, short) for code, full, short, *_ in rows)


def _level(code: str) -> str:
    return "province" if code[2:] == "0000" else "city" if code[4:] == "00" else "county"


class Places:
    """The places of government a plan never names, found in a question."""

    def __init__(self, plan_text: str, plan_words: Iterable[str] = (), own: Iterable[str] = (), title: str = ""):
        self.own = set(own)
        words = set(plan_words)
        never = lambda name: name not in self.own and name not in words  # noqa: E731
        places = _places()
        known = {name for _, full, short in places for name in (full, short)}
        own_places = {o for o in self.own if o in known}
        # The plan's own place: the places its profile names that its title names too (萧山区 of 萧山区…规划,
        # not 杭州: "杭州上城区…" asks about 上城区); all of them when the title names none.
        self.home = {o for o in own_places if o in title} or own_places
        homes = {code for code, full, short in places if full in self.home or short in self.home}
        home = min(homes, key=lambda c: (_level(c) != "county", c), default="")
        self.names: set[str] = set()
        self.short: set[str] = set()
        for code, full, short in places:
            if len(full) > 2 and full not in plan_text and never(full):  # (not 城区, 东区: words too)
                self.names.add(full)
            level = _level(code)
            compared = (level == "province" or (level == "city" and (code[2:4] == "01" or code[:2] == home[:2]))
                        or (level == "county" and bool(home) and code[:4] == home[:4]))
            if compared and len(short) >= 2 and short != full and never(short) and code not in homes:
                self.short.add(short)
        self.names |= self.short
        # The city and province the plan's place is in (杭州, 浙江省): another place when asked about without it
        # ("杭州的未来社区有多少个" is not 萧山's), not in a name of the plan's (杭州城市大脑, 浙江省油画院)
        parents = {home[:2] + "0000", home[:4] + "00"} - {home} if home else set()
        self.parents = {n for code, full, short in places if code in parents for n in (full, short) if len(n) >= 2}
        self.names |= self.parents
        self.plan_text = plan_text
        self.starts = {name[:2] for name in self.names}  # a question with none of these names no place: not cut
        self.home_readings = {"".join(read_as(h)) for h in self.home}
        self._english: dict[str, str] | None = None

    @property
    def english(self) -> dict[str, str]:
        """The pinyin of each short name → the name (yuhang → 余杭), read on the first English question."""
        if self._english is None:
            # (not 钱塘 of 钱塘江: "the Qiantang River" is the plan's, and English has no jieba word to tell)
            # (nor the plan's city or province: Zhejiang University, Hangzhou West Station are the plan's names)
            readings = {short: "".join(read_as(short)) for short in sorted(self.short) if short not in self.plan_text}
            self._english = {r: s for s, r in readings.items() if len(r) >= 5 and r not in self.home_readings}
        return self._english

    def home_in(self, text: str) -> bool:
        """Whether a question names the plan's own place (萧山, Xiaoshan)."""
        text = normalize(text)
        return any(h in text for h in self.home) or not self.home_readings.isdisjoint(LATIN_WORD.findall(text))

    def named(self, text: str) -> tuple[str, ...]:
        """The places a question names that the plan does not, in the order named (in pinyin, as spelled)."""
        text = SPACED.sub("", normalize(text))
        home = self.home_in(text)
        found = [w.capitalize() for w in LATIN_WORD.findall(text) if w in self.english]
        if any(text[i:i + 2] in self.starts for i in range(len(text) - 1)):
            edges = sorted({i for _, start, end in _jieba().tokenize(text, HMM=False) for i in (start, end)})
            # (the ends within LONGEST of each start only: a pasted page of text is not tried end to end)
            spans = [(i, j) for n, i in enumerate(edges) for j in edges[n + 1:bisect_right(edges, i + LONGEST)]
                     if text[i:j] in self.names]
            # the longest of names that overlap (临平区, not 临平 and 临平区)
            found += [text[i:j] for i, j in spans
                      if not any(a <= i and j <= b and (a, b) != (i, j) for a, b in spans)
                      and not (text[i:j] in self.parents and (home or self._in_a_name(text, i, j)
                                                               or any(a == j for a, _ in spans)))]  # 杭州上城区
        return tuple(dict.fromkeys(found))

    def local(self, text: str) -> tuple[str, ...]:
        """The towns and streets a clause names that the plan never writes (瓜沥镇, 城厢街道; not 城镇, 美丽城镇,
        我们镇, 乡镇街道: a word of the kind, a phrase of the plan's, a pointer, the kinds themselves)."""
        text = normalize(text)
        found = []
        for m in LOCAL.finditer(text):
            name, kind = m.group(1), m.group(2)
            place, after = name + kind, text[m.start() + 1:m.start() + 3 + len(kind)]  # (评村社抓镇街: 抓镇街)
            if (POINTING.search(name) or place in self.plan_text or after in self.plan_text or name in self.own
                    or is_word(name[1] + kind) or is_word(name[1] + kind[0]) or name in ("乡镇", "城乡", "镇街")):
                continue
            found.append(place)
        return tuple(dict.fromkeys(found))

    def _in_a_name(self, text: str, i: int, j: int) -> bool:
        return in_a_name(self.plan_text, text, i, j)


def is_word(text: str) -> bool:
    """A word of jieba's dictionary (城镇, 小镇, 村镇)."""
    return (_jieba().dt.FREQ.get(text) or 0) > 0


def in_a_name(plan_text: str, text: str, i: int, j: int) -> bool:
    """Whether text[i:j] is part of a longer name of the plan's there: with the two characters before or
    after it, a phrase the plan writes (杭州城市大脑, 浙江省油画院, 平安萧山, 萧山火车西站)."""
    before, after = text[max(0, i - 2):i], text[j:j + 2]
    return any(len(side) == 2 and CJK_RUN.fullmatch(side) is not None and phrase in plan_text
               for side, phrase in ((before, before + text[i:j]), (after, text[i:j] + after)))
