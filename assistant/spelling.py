"""Correct homophone typos in a question against the plan's own wording.

Chinese typing errors are mostly homophones picked from the IME's list: 风桥 for 枫桥,
肖山 for 萧山, 垃圾分累 for 垃圾分类. A question word that does not occur in the plan is
replaced by a plan phrase of the same length that sounds the same (pinyin without tones,
polyphones included) and differs in at most half of its characters. Words that sound like
nothing in the plan (床位, 门票) are left alone, so they still count as "not in the plan".

Example::

    speller = Speller(corpus)
    speller.correct("风桥经验是哪条里的？")   # ("枫桥经验是哪条里的？", {"风桥": "枫桥"})
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .corpus import Corpus
from .profile import plan_text
from .synonyms import dictionary_words
from .text import CJK_RUN, MODALS, STOP_CHARS, _jieba, content_terms, cut, normalize, words

QUOTED = re.compile(r"“([^”]{2,20})”")
# Characters never swapped for a homophone: numerals and the words that name tasks ("第二十五条"
# is not a typo of "的二十五条"), and function characters and degree adverbs the IME rarely gets
# wrong (太差 is not 大差).
FIXED = frozenset("零一二三四五六七八九十百千万两第条其中的地得了着过是在有和与几多少哪什么谁啥怎吗呢太很更最挺")


@lru_cache(maxsize=8192)
def sounds(ch: str) -> frozenset[str]:
    """Toneless pinyin readings of one character (every reading of a polyphone)."""
    from pypinyin import Style, pinyin

    return frozenset(pinyin(ch, style=Style.NORMAL, heteronym=True)[0])


@lru_cache(maxsize=65536)
def read_as(phrase: str) -> tuple[str, ...]:
    """Toneless pinyin of each character as the phrase is read (人大: ren da, never the dai of 大夫)."""
    from pypinyin import Style, pinyin

    readings = pinyin(phrase, style=Style.NORMAL)
    return tuple(r[0] for r in readings) if len(readings) == len(phrase) else ()


# How an IME's fuzzy pinyin (and a southern accent) hears alike: front and back nasals, flat and curled tongue,
# n and l (健生 for 健身, 自能 for 智能). One such character of a two-character word may differ, when nothing sounds
# the same (not of a longer one: 担责任 is no 党责任).
FUZZY = ((re.compile(r"^zh"), "z"), (re.compile(r"^ch"), "c"), (re.compile(r"^sh"), "s"), (re.compile(r"^l"), "n"),
         (re.compile(r"ng$"), "n"))


def _fuzzy(reading: str) -> str:
    for pattern, plain_form in FUZZY:
        reading = pattern.sub(plain_form, reading)
    return reading


def _fuzzy_alike(typed: str, phrase: str, k: int) -> bool:
    """Whether a character typed sounds, to fuzzy pinyin, like the one at ``k`` of a plan phrase as the phrase
    reads it (each in its usual reading: 厂 is chang, not the an of its radical)."""
    mine, theirs = read_as(typed), read_as(phrase)
    return bool(mine and theirs) and _fuzzy(mine[0]) == _fuzzy(theirs[k])


CJK_PAIR = re.compile(r"[\u4e00-\u9fff]{2}")
# Characters a typo cut in two is never read from: degree words (好, 太), measure words (办个事: one thing)
# and negations (啥事不干: does nothing, not 不敢)
NEGATIONS = frozenset("不没")
# (nor a numeral or 里 standing alone: 河一 of 那条河一到夏天, 里用 of 医院里用过的)
BODY_HEADS = frozenset("院馆局站所校厅")  # what ends the name of a body or a place, as typed: kept
NOT_IN_PAIRS = frozenset("好很太真多少大小个只件位次条张所家些种一二三四五六七八九十里") | NEGATIONS
PAIR_SCAN = 120  # characters of a question looked at for a typo cut in two
COMMON_WORD = 10  # jieba's dictionary frequency from which a word is taken as meant, never as a typo


def is_common_word(word: str) -> bool:
    """A word people really use: common in jieba's dictionary (失业: 1283; 肖山: 0; 风桥: absent), or a
    headword of the CC-CEDICT dictionary (限行, which jieba lacks, is not a typo of 先行)."""
    return word_frequency(word) >= COMMON_WORD or word in dictionary_words()


def word_frequency(word: str) -> int:
    """How often jieba's dictionary has seen a word (0: never)."""
    return _jieba().dt.FREQ.get(word) or 0


class Speller:
    """Homophone corrections drawn from the plan's character n-grams."""

    def __init__(self, corpus: Corpus, max_len: int = 6):
        text = plan_text(corpus)
        self.text = text
        self.max_len = max_len
        dictionary_words()  # read CC-CEDICT's headwords now, not on the first question (~0.3 s)
        # Candidate corrections: the plan's CJK n-grams of 3+ characters, and its two-character
        # words (two-character n-grams across word borders, like 要生 in 需要生态, are not words).
        counts: Counter[str] = Counter()
        for m in CJK_RUN.finditer(text):
            run = m.group(0)
            for n in range(3, max_len + 1):
                counts.update(run[i : i + n] for i in range(len(run) - n + 1))
        counts.update(w for w in words(text) if len(w) == 2 and CJK_RUN.fullmatch(w))
        for name in QUOTED.findall(text):  # named programmes (“五星三色”): every pair inside counts
            counts.update(name[i : i + 2] for i in range(len(name) - 1) if CJK_RUN.fullmatch(name[i : i + 2]))
        self.counts = counts
        # At most half the characters may differ, so a candidate shares at least one character
        # in place with the word: index the candidates by (length, position, character).
        self.by_char: dict[tuple[int, int, str], list[str]] = {}
        for gram in counts:
            for i, ch in enumerate(gram):
                self.by_char.setdefault((len(gram), i, ch), []).append(gram)
        for ch in set(text):
            if CJK_RUN.match(ch):
                sounds(ch)

    def suggest(self, word: str, exact: int = 0) -> str | None:
        """The plan phrase this word is most likely a homophone typo of, if any (``exact``: differing in that
        many characters only); else, for a word of two characters, one it sounds like to fuzzy pinyin, one
        character off."""
        return self._suggest(word, exact) or (self._suggest(word, 1, fuzzy=True) if len(word) == 2 else None)

    def _suggest(self, word: str, exact: int = 0, fuzzy: bool = False) -> str | None:
        n = len(word)
        if n < 2 or n > self.max_len or word in self.text or not CJK_RUN.fullmatch(word):
            return None
        if is_common_word(word):
            return None  # a real, common word (失业, 看病) is what was meant, not a typo of a plan word
        budget = max(1, n // 2)
        best, best_count = None, 0
        candidates = {g for i, ch in enumerate(word) for g in self.by_char.get((n, i, ch), ())}
        for gram in candidates:
            count = self.counts[gram]
            diff = 0
            for k, (a, b) in enumerate(zip(word, gram, strict=True)):
                if a != b:
                    diff += 1
                    if diff > budget or a in FIXED or b in FIXED or not (
                            _fuzzy_alike(a, gram, k) if fuzzy else (sounds(a) & sounds(b))):
                        break
                    if k == n - 1 and a in BODY_HEADS:  # 一院 (a hospital's short name) is no typo of 一源
                        break
                    # A polyphone of the plan is heard as the phrase reads it (the typo: any reading).
                    # (fuzzy: each in its usual reading already)
                    if not fuzzy and len(sounds(b)) > 1 and (reading := read_as(gram)) and reading[k] not in sounds(a):
                        break
            else:
                if 0 < diff <= budget and (not exact or diff == exact) and (count, gram) > (best_count, best or ""):
                    best, best_count = gram, count
        return best

    def correct(self, question: str) -> tuple[str, dict[str, str]]:
        """The question with homophone typos replaced, and the replacements made."""
        q = normalize(question)
        fixes: dict[str, str] = {}
        said_twice = [m.group() for m in re.finditer(r"([\u4e00-\u9fff])一\1", q)]  # 治一治, 管一管
        for term in content_terms(q):
            if term in self.text or is_common_word(term):
                continue  # a word of the plan, or a common real word (失业): not a typo
            if any(term in w for w in said_twice):
                continue  # 一治 of 治一治 is no typo of 一支
            if len(term) == 2 and term[0] in NEGATIONS:
                continue  # a negation and its verb (啥事不干: does nothing) is no typo of 不敢
            if (fix := self.suggest(term)) is not None:
                fixes[term] = fix
                continue
            if _jieba().dt.FREQ.get(term):
                continue  # a word of the dictionary (低保户) is not a typo glued to its neighbour
            # jieba may glue a typo to its neighbour ("健康肖山" → one word): try its sub-spans.
            for n in range(min(len(term), self.max_len), 1, -1):
                for i in range(len(term) - n + 1):
                    part = term[i : i + n]
                    if part[0] in NOT_IN_PAIRS or part[-1] in NOT_IN_PAIRS:
                        continue  # (a numeral at its edge is where a word ends: 河一 of 河一到)
                    if part not in self.text and (fix := self.suggest(part)) is not None:
                        fixes[part] = fix
                        break
                else:
                    continue
                break
        # A typo of two characters the segmenter cut into two single ones (湘胡 → 湘 + 胡, each a real word):
        # the run read together.
        tokens = cut(q[:PAIR_SCAN], hmm=False)  # (its start: a 1,000-character "question" is none)
        for i in range(len(tokens) - 1):
            pair = tokens[i] + tokens[i + 1]
            if len(tokens[i]) == len(tokens[i + 1]) == 1 and CJK_PAIR.fullmatch(pair) and pair not in self.text \
                    and not any(c in STOP_CHARS or c in MODALS or c in NOT_IN_PAIRS for c in pair) \
                    and not is_common_word(pair) and not any(pair in w or w in pair for w in [*fixes, *said_twice]) \
                    and (fix := self.suggest(pair)) is not None:
                fixes[pair] = fix
        # A word of the plan's and a real word after it that, one character heard alike changed, is the rest of
        # a phrase of the plan's (未来 + 设区 → 未来社区): the segmenter cut the typo as a word of its own.
        for first, second in zip(tokens, tokens[1:], strict=False):
            joined = first + second
            if len(first) >= 2 and first in self.text and len(second) >= 2 and second not in self.text \
                    and CJK_RUN.fullmatch(joined) and not any(second in w or w in second for w in fixes) \
                    and (fix := self.suggest(joined, exact=1)) is not None and fix.startswith(first):
                fixes[second] = fix[len(first):]
        for wrong, right in fixes.items():
            q = q.replace(wrong, right)
        return q, fixes
