"""The civil servants' desk: complete lists, quantitative targets and named programmes of a plan.

Similarity search ranks and cuts; a person checking responsibilities needs *every* task that
mentions a topic, every number the plan commits to, and where each named programme sits. This
module computes those exactly from a Corpus (no embeddings, no scores) and reads the question
frames that ask for them. Everything carries character offsets into the plan document.

Matching rules for complete lists (``Catalog.mentions``), tried in this order, the first that
finds anything wins and the answer says which one it was:

1. ``exact``: the topic occurs in a sentence, after both are folded (traditional → simplified,
   full-width → half-width, lower case; quotation marks, "·" and spaces dropped, so “一老一小”,
   一老一小 and 一老一小 all match); or, written as the plan writes it, a count in the other kind of
   numerals (十分钟健身圈 → 10分钟健身圈, 3个 → 三个).
2. ``all_words``: every topic word (jieba, question words dropped) occurs in one sentence
   ("养老托育" finds the sentence holding both 养老 and 托育).
3. ``core``: a topic of 4+ characters ending in a generic head word (改革, 建设, 工作, 体系, …)
   matches on what is left when that head is dropped, if 2+ characters ("数字治理工作" → 数字治理).
4. ``lexicon``: the topic is what residents say for a thing the plan names formally (托儿所 → 托育,
   养老院 → 养老机构, 打官司 → 公共法律服务): the first of the policy lexicon's terms for it that the
   plan uses and does not use all over (``assistant/data/policy-terms.tsv``, see :mod:`assistant.synonyms`).
5. ``stem``: a Chinese topic of 3+ characters matches on itself without its last character, the
   plan's shorter form of the same thing (亚运会 → 亚运, 健身房 → 健身, 信访办 → 信访), where that form
   is a word of a sentence as jieba cuts it (不动产 is not 不动 of 不动摇). A leading character is
   never dropped: that would broaden the meaning, not shorten the form.
6. ``abbreviation``: a Chinese topic of 3+ characters written shorter or longer than the plan's
   form, as Chinese abbreviates: its characters in order, close together, in a phrase of the plan
   starting with its first (浙二总部 → 浙大二院总部), or a name the plan quotes whose characters are
   in order in the topic (千村示范万村整治工程 → 千万工程).

Example::

    catalog = Catalog(corpus)
    [m.task.number for m in catalog.mentions("养老").mentions]      # [16]
    [t.what for t in catalog.targets if t.kind == "target"][:2]     # ['未来社区', '未来乡村']
    catalog.name("亲上加清").places[0].task.number                    # 29
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from .corpus import Corpus, Sentence, Task, chinese_numeral
from .profile import common_words
from .spelling import is_common_word
from .synonyms import POLICY_TERMS_EN, bridge_terms, cilin_groups, policy_terms
from .text import CJK_RUN, content_terms, cut, normalize, word_edges

MAX_LISTED = 12  # a list answer names at most this many tasks, and says so when it cuts

# ---- folding ----------------------------------------------------------------------------------

_FOLD_DROP = re.compile(r"[“”‘’\"'「」『』《》〈〉·•・\s]")
_KEY_DROP = re.compile(r"[^0-9a-z+%.\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def fold(text: str) -> str:
    """Text as the list matcher compares it: normalised, without quotation marks, dots or spaces."""
    return _FOLD_DROP.sub("", normalize(text))


def name_key(text: str) -> str:
    """A programme name as looked up: normalised, every punctuation mark dropped."""
    return _KEY_DROP.sub("", normalize(text))


# ---- quantitative targets -------------------------------------------------------------------

# Units a plan counts and measures in; longer alternatives first (周年 before 年, 平方公里 before 公里).
UNITS = (
    "平方公里|平方米|万平方米|公顷|万亩|亩|公里|千米|米|万吨|吨|万千瓦|千瓦|亿元|万元|元|万人|万户|人次|人|户|家|所|座|条|"
    "个|项|张|处|辆|台|套|支|批|分钟|小时|天|周年|年|倍|版|%|‰"
)
NUMBER_RE = re.compile(
    r"(?P<pre>不低于|不少于|不超过|不高于|至少|超过|高于|低于)?"
    r"(?P<num>\d+(?:\.\d+)?(?:\+\d+)+|\d+(?:\.\d+)?)"
    rf"(?P<unit>{UNITS})?"
    r"(?P<post>及以上|以上|以下|以内|左右)?"
)
# "到2025年", "2025年前", "至2025年底": a deadline for the numbers after it in the same sentence.
DEADLINE_RE = re.compile(
    r"(?:到|至|截至|截止到?)\s*((?:19|20)\d{2})\s*年(?:底|末)?|((?:19|20)\d{2})\s*年(?:底|末)?(?:前|以前)"
)
YEAR_RE = re.compile(r"(?:19|20)\d{2}\s*年")
# Counts written in Chinese numerals ("三张金名片", "八大行动", "三年行动计划"). "一" is left out: it
# is nearly always "a" (一批, 一流, 一体化); "第/新/首" make an ordinal; "党的二十大" is a congress.
CN_COUNT_RE = re.compile(
    r"(?<![第新首届二三四五六七八九十两])(?<!党的)(?P<num>[二三四五六七八九十两]{1,3})(?P<unit>年|大|张|项|种|级|个|类|批)(?=[\u4e00-\u9fff])"
)
CN_VALUES = {"二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
QUOTED_RE = re.compile(r"“([^“”]{1,60})”")
CLAUSE_END = "，,；;。：:！!？?"
LIST_SEP = "、和与及"
# Verbs and prepositions that open a clause ("到2025年建设未来社区50个"), and that close one
# before a number ("利用率达到93%"); dropped from the object's name.
LEAD_WORDS = re.compile(
    r"^(?:迭代升级|持续|全面|加快|积极|着力|力争|争取|确保|累计|新增|新建|建设|建成|打造|实现|达到|完成|构建|形成|升级|"
    r"推进|推动|提升|提高|培育|创建|争创|保持|控制|实施|开展|落实|建立|培养|引进|发展|为|同|对|在|使|让|将|把)+"
)
TAIL_WORDS = re.compile(r"(?:提高到|提升到|提升至|提高至|控制在|保持在|达到|达|为|至|在|的)+$")
TARGET_UNITS = set(UNITS.split("|")) - {"周年", "版"}
TIME_UNITS = {"分钟", "小时", "天"}


@dataclass(frozen=True)
class Target:
    """A number the plan states, with what it counts and the sentence it stands in.

    ``kind`` is ``target`` for a quantity the plan commits to (50个, 93%以上, 15分钟); the other
    numbers are ``version`` (2.0版), ``anniversary`` (20周年), ``structure`` ("1+8"),
    ``duration`` (三年行动计划) and ``count`` (八大行动, 三张金名片).
    """

    task: int
    kind: str
    what: str
    number: str  # as written: "50", "93", "2.0", "1+8", "三"
    value: float | None
    unit: str
    bound: str  # 以上, 以下, 不低于 … or ""
    deadline: str  # "2025年" when the sentence sets one, else ""
    phrase: str  # the clause holding the number, verbatim
    quote: str  # the whole sentence, verbatim
    start: int  # offsets of the number with its unit and bound in the plan document
    end: int
    sentence: Sentence

    @property
    def amount(self) -> str:
        """The number as a person reads it: 50个, 93%以上, 不低于3个."""
        pre = self.bound if self.bound.startswith(("不", "至少", "超过", "高于", "低于")) else ""
        post = self.bound if not pre else ""
        return f"{pre}{self.number}{self.unit}{post}"

    @property
    def label(self) -> str:
        """The number with what it counts, in the plan's word order: 杭州城市大脑2.0, 三年行动计划."""
        after = self.kind in ("version", "anniversary") or self.kind == "target" and self.unit not in TIME_UNITS
        return f"{self.what}{self.amount}" if after else f"{self.amount}{self.what}"


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around text[start:end]: from after the previous clause end to the next one."""
    left = max((text.rfind(c, 0, start) for c in CLAUSE_END), default=-1) + 1
    rights = [i for c in CLAUSE_END if (i := text.find(c, end)) != -1]
    return left, min(rights) if rights else len(text)


def _before_object(text: str, left: int, start: int) -> str:
    """The noun phrase just before a number ("建设未来社区50个" → 未来社区)."""
    piece = text[left:start]
    cut = max(piece.rfind(c) for c in LIST_SEP)
    piece = piece[cut + 1 :] if cut >= 0 else piece
    piece = DEADLINE_RE.sub("", piece)
    piece = LEAD_WORDS.sub("", piece.strip())
    return TAIL_WORDS.sub("", piece).strip()


def _after_object(text: str, end: int, right: int) -> str:
    """The noun phrase just after a number ("15分钟品质文化生活圈" → 品质文化生活圈)."""
    piece = text[end:right]
    cut = min((i for c in LIST_SEP if (i := piece.find(c)) != -1), default=len(piece))
    return piece[:cut].strip("“”\"' ")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in QUOTED_RE.finditer(text)]


def _kind(num: str, unit: str) -> str:
    if "+" in num:
        return "structure"
    if unit == "周年":
        return "anniversary"
    if unit == "版" or (not unit and "." in num):
        return "version"
    if unit in TARGET_UNITS:
        return "target"
    return "number"


def extract_targets(corpus: Corpus) -> list[Target]:
    """Every number a plan states, sentence by sentence, in document order."""
    out: list[Target] = []
    for task in corpus.tasks:
        for s in task.sentences:
            text = s.text
            deadlines = [(m.start(), m.group(1) or m.group(2)) for m in DEADLINE_RE.finditer(text)]
            years = [(m.start(), m.end()) for m in YEAR_RE.finditer(text)]
            for m in NUMBER_RE.finditer(text):
                a, b = m.span("num")
                if any(ys <= a < ye for ys, ye in years):
                    continue  # a year is a date (and maybe a deadline), not an amount
                if a > 0 and re.match(r"[a-zA-Z]", text[a - 1]):
                    continue  # part of a name such as "G20"
                num, unit = m.group("num"), m.group("unit") or ""
                kind = _kind(num, unit)
                left, right = _clause_bounds(text, m.start(), m.end())
                before, after = _before_object(text, left, m.start()), _after_object(text, m.end(), right)
                if kind == "structure" or unit in TIME_UNITS and after:
                    what = after  # the number qualifies what follows: "15分钟品质文化生活圈", "“1+8”运作机制"
                else:
                    what = before or after  # "未来社区50个", "利用率达到93%以上", "“八八战略”实施20周年"
                due = next((y for p, y in reversed(deadlines) if p < m.start()), "")
                out.append(_target(s, kind=kind, what=what, number=num, value=_value(num), unit=unit,
                                   bound=m.group("pre") or m.group("post") or "", deadline=f"{due}年" if due else "",
                                   phrase=text[left:right], span=(m.start(), m.end())))
            quoted = _quoted_spans(text)
            for m in CN_COUNT_RE.finditer(text):
                if any(qs <= m.start() < qe for qs, qe in quoted):
                    continue  # inside a quoted name ("两个确立", "五张责任清单"): indexed as a name
                left, right = _clause_bounds(text, m.start(), m.end())
                unit = m.group("unit")
                value = _cn_value(m.group("num"))
                due = next((y for p, y in reversed(deadlines) if p < m.start()), "")
                kind = "duration" if unit == "年" else "count"
                out.append(_target(s, kind=kind, what=_after_object(text, m.end(), right), number=m.group("num"),
                                   value=value, unit=unit, bound="", deadline=f"{due}年" if due else "",
                                   phrase=text[left:right], span=(m.start(), m.end())))
    out.sort(key=lambda t: (t.task, t.start))
    return out


def _target(s: Sentence, *, span: tuple[int, int], **fields) -> Target:
    """A Target in sentence ``s``; ``span`` is the number's offsets within the sentence."""
    return Target(task=s.task, quote=s.text, start=s.start + span[0], end=s.start + span[1], sentence=s, **fields)


def _value(num: str) -> float | None:
    try:
        return float(num)
    except ValueError:
        return None


def _cn_value(num: str) -> float:
    if num.startswith("十"):
        return 10 + CN_VALUES.get(num[1:], 0) if len(num) > 1 else 10
    if "十" in num:
        tens, _, ones = num.partition("十")
        return CN_VALUES[tens] * 10 + CN_VALUES.get(ones, 0)
    return CN_VALUES[num]


# ---- named programmes -----------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a name stands: its task, the sentence of its first mention there, and its offsets."""

    task: Task
    sentence: Sentence
    start: int
    end: int
    count: int  # mentions in this task


@dataclass(frozen=True)
class Name:
    """A programme or slogan the plan writes in quotation marks (“亲上加清”), and every task naming it."""

    name: str
    key: str
    places: tuple[Place, ...]

    @property
    def tasks(self) -> list[int]:
        return [p.task.number for p in self.places]


def extract_names(corpus: Corpus) -> list[Name]:
    """Every quoted name of a plan, with the tasks that mention it (quoted or not), in order of first mention."""
    first: dict[str, tuple[str, int]] = {}
    for task in corpus.tasks:
        for m in QUOTED_RE.finditer(task.text):
            key = name_key(m.group(1))
            if len(key) >= 2 and key not in first:
                first[key] = (m.group(1), task.start + m.start(1))
    names = []
    for key, (name, _) in sorted(first.items(), key=lambda kv: kv[1][1]):
        places = []
        for task in corpus.tasks:
            hits = [(s, i) for s in task.sentences for i in _find_all(name_key(s.text), key)]
            if not hits:
                continue
            s = hits[0][0]
            # Offsets of the name in the sentence: found verbatim when possible, else the sentence.
            at = s.text.find(name)
            start, end = (s.start + at, s.start + at + len(name)) if at >= 0 else (s.start, s.end)
            places.append(Place(task, s, start, end, len(hits)))
        names.append(Name(name, key, tuple(places)))
    return names


_NUMERAL_CHARS = "0123456789.零一二两三四五六七八九十百千万"


@lru_cache(maxsize=1024)
def _whole_number(form: str) -> re.Pattern | None:
    """For a form that begins or ends with a numeral, a pattern finding it only as a whole number: 5分钟 is
    not in 15分钟, 3% not in 93%, 5年 not in 2025年. None for a form without one at its edges."""
    if not (form[0] in _NUMERAL_CHARS or form[-1] in _NUMERAL_CHARS):
        return None
    before = rf"(?<![{_NUMERAL_CHARS}])" if form[0] in _NUMERAL_CHARS else ""
    after = rf"(?![{_NUMERAL_CHARS}])" if form[-1] in _NUMERAL_CHARS else ""
    return re.compile(before + re.escape(form) + after)


def _said_as_words(form: str, text: str) -> bool:
    """Whether a text says a short form as a word, the start or the end of one, or several (老年 of 老年友好型社会,
    健身 of 全民健身), not from inside one word into the next (部队 of 干部 + 队伍); one character as a word of its
    own (水 of 以水为脉, 湖 of 湘湖; not 水 of 水平, nor 山 of 萧山)."""
    if len(form) > 1:
        edges = word_edges(text, split_taught=True)
        return any(i in edges or i + len(form) in edges for i in _find_all(text, form))
    # (by the dictionary's words alone: 以水为脉 and 湘湖 as characters, not as an idiom and a guessed name)
    edges = set(accumulate(len(w) for w in cut(text, False)))
    return any(i + 1 in edges and (i == 0 or i in edges) for i in _find_all(text, form))


@lru_cache(maxsize=1024)
def _tag(word: str) -> str:
    """jieba's part of speech of a word read alone ("" when it cuts it). (Not router.tagged_words: the router
    imports this module, and the package keeps no import cycles.)"""
    from jieba import posseg

    from .text import _jieba

    _jieba()  # the dictionary, loaded once
    tagged = posseg.lcut(word)
    return tagged[0].flag if len(tagged) == 1 else ""


def _find_all(text: str, key: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(key), text)]


# ---- complete lists -------------------------------------------------------------------------

GENERIC_HEADS = ("建设", "改革", "工作", "工程", "体系", "机制", "制度", "服务", "管理", "发展", "行动", "问题",
                 "方面", "领域", "事业", "政策", "项目", "活动", "精神", "保护", "传承", "目标", "战略", "任务", "机构",
                 "遗址")


# A count: a numeral before a measure word (十分钟, 3个, 两所); other numerals (一网通办, 十四五) are names.
_MEASURED = r"(?=分钟|小时|个|家|所|条|项|年|天|座|张|岁|公里|米|万|亿|%)"
NUMBER_CHARS = frozenset("一二两三四五六七八九十百千万亿")
_CN_COUNT = re.compile(r"[一二两三四五六七八九十百]+" + _MEASURED)
_DIGIT_COUNT = re.compile(r"(?<![\d.])\d{1,3}" + _MEASURED)
# A figure of a count said with its noun (50个, 93%以上, 2025年, 三年); between it and its noun, a verb at most.
_FIGURE = re.compile(r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百]+)"
                     r"(?:分钟|小时|个|家|所|条|项|年|天|座|张|岁|公里|米|万|亿|%)(?:以上|以下|左右)?")
_FIGURE_GAP = re.compile(r"^(?:的|达到|达|为|超过|不少于|不低于|建设|建成|新建|建|打造)?")


def _chinese(n: int) -> str:
    """A number below 1000 in Chinese numerals (10 → 十, 15 → 十五, 120 → 一百二十)."""
    digits = "零一二三四五六七八九"
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    out = f"{digits[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (digits[ones] if ones or not n else "")


def numeral_forms(topic: str) -> list[str]:
    """The topic with its counts written in the other kind of numerals (十分钟 ↔ 10分钟), if it has any."""
    forms = []
    if re.search(r"[一二两三四五六七八九]{2}", topic):
        return []  # 两三个, 三四年: about two or three, no number of the plan's
    if _CN_COUNT.search(topic):
        try:
            forms.append(_CN_COUNT.sub(lambda m: str(chinese_numeral(m.group())), topic))
        except ValueError:  # not a numeral after all (一百一 is not written so)
            pass
    if _DIGIT_COUNT.search(topic):
        forms.append(_DIGIT_COUNT.sub(lambda m: _chinese(int(m.group())), topic))
    return [f for f in forms if f != topic]


def _in_order(short: str, text: str) -> str:
    """The stretch of ``text`` from its start to where every character of ``short`` has come, in order; or ""."""
    i = 0
    for j, c in enumerate(text):
        if c == short[i]:
            i += 1
            if i == len(short):
                return text[:j + 1]
    return ""


@dataclass(frozen=True)
class Mention:
    """A task that mentions the topic, with every matching sentence in order."""

    task: Task
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Mentions:
    """Every task mentioning a topic, by task number; ``how`` says which matching rule found them."""

    topic: str
    matched: tuple[str, ...]  # the folded form(s) that matched
    how: str  # exact | all_words | core | lexicon | synonym | stem | abbreviation | none; part (not a mention)
    mentions: tuple[Mention, ...]

    @property
    def tasks(self) -> list[int]:
        return [m.task.number for m in self.mentions]


@lru_cache(maxsize=1)
def _synonym_index() -> dict[str, tuple[str, ...]]:
    """A word → the words of two characters or more that share a true-synonym group with it (the thesaurus)."""
    index: dict[str, list[str]] = {}
    for group in cilin_groups():
        for w in group:
            index.setdefault(w, []).extend(o for o in group if o != w and len(o) >= 2)
    return {w: tuple(dict.fromkeys(os)) for w, os in index.items() if os}


def _synonyms_of(word: str) -> tuple[str, ...]:
    return _synonym_index().get(word, ())


def spelled_out(short: str, term: str) -> bool:
    """Whether a term spells a shorter form out: its characters, in order, in the longer term (保租房 in
    保障性租赁住房), as an abbreviation is made."""
    chars = iter(term)
    return len(short) < len(term) and all(c in chars for c in short)


# Characters that, swapped for another, name another thing (一院/二院, 东/西, 省级/市级, 城镇/乡镇, 大/小)
CONTRASTED = frozenset("一二三四五六七八九十百千万亿两零东南西北中上下前后内外省市区县乡镇村城国大小新老高低多少正副")
PLACE_HEADS = frozenset("村湾岛山江河湖路街桥港站城镇区县乡馆院楼塔寺庙宫园场")  # the last character of a place's name


# The kind at the end of a name as abbreviations contract it (浙二医院 is also 浙二院; 萧山中学, 萧中).
CONTRACTED_KINDS = (("医院", "院"), ("学校", "校"), ("中学", "中"), ("小学", "小"), ("大学", "大"))


class Catalog:
    """Targets, names and the complete-list matcher of one corpus, computed once.

    Example::

        catalog = Catalog(corpus)
        catalog.mentions("托育").tasks       # [16]
    """

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.targets = extract_targets(corpus)
        self.names = extract_names(corpus)
        self._by_key = {n.key: n for n in self.names}
        self._folded = [(s, fold(s.text)) for s in corpus.sentences]
        self.common = common_words(corpus)  # words in most tasks: no evidence of a topic
        # The lexicons' everyday phrases (folded) → their formal terms (Chinese and English phrases).
        self.lexicon = {fold(k): ts for lexicon in (bridge_terms(), policy_terms(POLICY_TERMS_EN))
                        for k, ts in lexicon.items()}

    # ---- lists --------------------------------------------------------------------------

    def _match(self, forms: list[str], scope, every: bool = False) -> tuple[Mention, ...]:
        found: dict[int, list[Sentence]] = {}
        patterns = [_whole_number(f) for f in forms]
        for s, text in self._folded:
            if scope is not None and s.task not in scope:
                continue
            hits = [f in text and (p is None or p.search(text) is not None)  # (p: the form as a whole number)
                    and (len(f) > 3 or not CJK_RUN.fullmatch(f) or _said_as_words(f, text))
                    for f, p in zip(forms, patterns, strict=True)]
            if all(hits) if every else any(hits):
                found.setdefault(s.task, []).append(s)
        return tuple(Mention(self.corpus.task(n), tuple(ss)) for n, ss in sorted(found.items()))

    def numbered_short(self, topic: str) -> str:
        """The plan's short name for a programme named by parallel phrases that each begin with a number, as
        Chinese shortens them, by those numbers and a head (千村示范、万村整治 → 千万工程); "" for none."""
        parts = [p for p in re.split(r"[、，,\s]+", topic) if p]
        if len(parts) == 1 and len(topic) >= 8 and len(topic) % 4 == 0 and CJK_RUN.fullmatch(topic):
            parts = [topic[i:i + 4] for i in range(0, len(topic), 4)]  # (千村示范万村整治, said without the mark)
        if not 2 <= len(parts) <= 4 or not all(len(p) >= 3 and p[0] in NUMBER_CHARS for p in parts):
            return ""
        initials = re.compile("".join(p[0] for p in parts) + r"[\u4e00-\u9fff]{2}")
        return next((m.group() for _, text in self._folded if (m := initials.search(text))), "")

    def mentions(self, topic: str, scope: frozenset[int] | set[int] | None = None) -> Mentions:
        """Every task (within ``scope`` if given) whose text mentions the topic; see the module docstring."""
        t = fold(topic)
        if not t:
            return Mentions(topic, (), "none", ())
        if found := self._match([t], scope):
            return Mentions(topic, (t,), "exact", found)
        for form in numeral_forms(t):
            if found := self._match([form], scope):
                return Mentions(topic, (form,), "numerals", found)
        for form in (t, *numeral_forms(t)):
            if found := self._figure_beside(topic, form, scope):
                return found  # 50个未来社区: the plan's 未来社区50个
        words = [fold(w) for w in content_terms(t)]
        words = [w for w in words if w]
        # A count is the plan's or not: 5分钟健身圈 is not its 10分钟健身圈 because 分钟, 健身 and 圈 are there.
        counted = bool(re.search(r"\d", t) or _CN_COUNT.search(t))
        # (nor a place named after one of its words: 钱塘区 is not 钱塘 and 区 in one sentence)
        named_place = len(words[-1]) == 1 and words[-1] in PLACE_HEADS if words else False
        # (a one-character adjective is how the asker sees it, not a word the plan must say: 老戏曲的传承 is 戏曲 and
        # 传承 in one sentence, 传承发展…地方戏曲艺术; "all_words" is said as the words apart, not a plain yes)
        said = [w for w in words if not (len(w) == 1 and _tag(w) == "a")] if len(words) >= 3 else words
        if len(said) >= 2 and not counted and not named_place and (found := self._match(said, scope, every=True)):
            return Mentions(topic, tuple(said), "all_words", found)
        if len(t) >= 4:
            for head in GENERIC_HEADS:
                core = t[: -len(head)]
                if t.endswith(head) and len(core) >= 2:
                    if found := self._match([core], scope):
                        return Mentions(topic, (core,), "core", found)
                    if (short := self.abbreviated(core)) and (found := self._match([short], scope)):
                        return Mentions(topic, (short,), "abbreviation", found)  # 非遗保护 → 非物质文化遗产
                    if found := self._by_lexicon(topic, core, scope):  # 双碳目标 → 双碳 → 碳达峰碳中和
                        return found
        if short := self.numbered_short(topic):  # 千村示范、万村整治 → 千万工程
            if found := self._match([short], scope):
                return Mentions(topic, (short,), "abbreviation", found)
        if found := self._by_lexicon(topic, t, scope):  # before the plan's shorter forms: 养老院 is 养老机构
            return found  # more than 养老
        if found := self._by_synonym(topic, t, words, scope):  # 老师队伍 → 教师队伍: the same, in the plan's word
            return found
        # The last word is what it is about, in everyday words the plan does not use: 中小学生减负 → 减负 → 双减
        if len(words) >= 2 and len(words[-1]) >= 2 and not self._match([words[-1]], scope) \
                and (found := self._by_lexicon(topic, words[-1], scope)):
            return found
        if len(t) >= 3 and CJK_RUN.fullmatch(t):
            # (not a place or a building named after it: 亚运村 is not 亚运, 杭州湾 not 杭州, 湘湖路 not 湘湖)
            if t[-1] not in PLACE_HEADS and (found := self._match([t[:-1]], scope)) and self._a_word(t[:-1], found):
                return Mentions(topic, (t[:-1],), "stem", found)
            if short := self.abbreviated(t):
                return Mentions(topic, (short,), "abbreviation", self._match([short], scope))
            # A name's kind contracted, as abbreviations do (浙二医院 → 浙二院, in the plan's 浙大二院).
            for kind, contracted in CONTRACTED_KINDS:
                if t.endswith(kind) and len(t) > len(kind) + 1 and (short := self.abbreviated(
                        t[: -len(kind)] + contracted)) and (found := self._match([short], scope)):
                    return Mentions(topic, (short,), "abbreviation", found)
                # (and with what follows the name: 浙二医院总部 → 浙大二院总部)
                at = t.find(kind)
                if 1 < at and at + len(kind) < len(t) and (short := self.abbreviated(t[:at] + contracted)) \
                        and (found := self._match([whole := short + t[at + len(kind):]], scope)):
                    return Mentions(topic, (whole,), "abbreviation", found)
        # (not a word of its own: 软件 is not 软硬件, nor 浦江 浦阳江)
        if len(t) == 2 and CJK_RUN.fullmatch(t) and not is_common_word(t) and (longer := self._two_of_three(t)) \
                and (found := self._match([longer], scope)):
            return Mentions(topic, (longer,), "near", found)  # 钱江 → 钱塘江: said as near, not as the same
        if len(t) >= 4 and CJK_RUN.fullmatch(t) and (alike := self._one_character_off(t)) \
                and (found := self._match([alike], scope)):
            return Mentions(topic, (alike,), "near", found)  # 之江艺术走廊 → 之江艺术长廊: said as near
        return Mentions(topic, (t,), "none", ())

    def _one_character_off(self, t: str) -> str:
        """The one phrase the plan writes that a topic of four characters or more is one character off, past its
        first (之江艺术走廊 of 之江艺术长廊), or "": not where the two differ in a number, a direction, a level or
        town and country (浙大一院 is not 浙大二院, 美丽乡镇 not 美丽城镇), which name another thing."""
        found = set()
        for _, text in self._folded:
            for i in range(len(text) - len(t) + 1):
                if text[i] != t[0]:
                    continue
                s = text[i:i + len(t)]
                if len(off := [j for j in range(len(t)) if s[j] != t[j]]) == 1 and CJK_RUN.fullmatch(s) \
                        and s[off[0]] not in CONTRASTED and t[off[0]] not in CONTRASTED:
                    found.add(s)
        return found.pop() if len(found) == 1 else ""

    def _two_of_three(self, t: str) -> str:
        """The one word of three characters the plan says that a two-character topic shortens, keeping its
        first and last (钱江 of 钱塘江), or "" when there is none or more than one."""
        found = set()
        for _, text in self._folded:
            if t[0] not in text:
                continue
            edges = word_edges(text)
            for i in _find_all(text, t[0]):
                if text[i + 2:i + 3] == t[1] and i in edges and i + 3 in edges and CJK_RUN.fullmatch(text[i:i + 3]):
                    found.add(text[i:i + 3])
        # (a name, as the tagger reads it alone: 钱塘江, not 严肃查 or 作为者)
        return found.pop() if len(found) == 1 and _tag(next(iter(found))) in ("ns", "nz", "nt", "nr", "n") else ""

    def _figure_beside(self, topic: str, t: str, scope) -> Mentions | None:
        """A count said with what it counts in another order than the plan's (50个未来社区 of its 未来社区50个,
        93%以上的安全利用率 of 安全利用率达到93%以上): a sentence with every figure, as a whole number, and
        every other word, a figure right beside one of them (a verb like 达到 between, no punctuation). Its
        span of the plan is what is matched. Not another figure: 20分钟健身圈 is not 10分钟健身圈, and 50个
        of 未来乡村50个、城乡风貌样板区 does not count 城乡风貌样板区 (a 、 between)."""
        figures = _FIGURE.findall(t)
        words = [w for w in (_FIGURE_GAP.sub("", r, count=1).removesuffix("的")
                             for r in _FIGURE.sub(" ", t).split()) if len(w) >= 2]
        if not figures or not words:
            return None
        found: dict[int, list[Sentence]] = {}
        spans: list[str] = []
        for s, text in self._folded:
            if scope is not None and s.task not in scope or not all(w in text for w in words):
                continue
            at = [[(i, e + 2 if text[e:e + 2] in ("以上", "以下", "左右") else e)  # (3个 of its 3个以上: all of it)
                   for i, e in ([m.span() for m in _whole_number(f).finditer(text)] if _whole_number(f) else
                                [(i, i + len(f)) for i in _find_all(text, f)])] for f in figures]
            if not all(at):
                continue
            beside = [text[min(i, j): max(e, k)] for spans_f in at for i, e in spans_f
                      for w in words for j in _find_all(text, w) for k in (j + len(w),)
                      if _FIGURE_GAP.fullmatch(text[k:i] if k <= i else text[e:j] if e <= j else "-")]
            if beside:
                found.setdefault(s.task, []).append(s)
                spans.append(min(beside, key=len))
        if not found:
            return None
        mentions = tuple(Mention(self.corpus.task(n), tuple(ss)) for n, ss in sorted(found.items()))
        return Mentions(topic, (spans[0],), "figure", mentions)

    def _by_synonym(self, topic: str, t: str, words: list[str], scope) -> Mentions | None:
        """The topic with one of its words the plan does not use written as a true synonym of it (the
        thesaurus's ``=`` groups), when the plan says that whole form (老师队伍 → 教师队伍)."""
        for w in words:
            if len(w) < 2 or any(w in text for _, text in self._folded):
                continue
            for other in _synonyms_of(w):
                if (form := t.replace(w, other, 1)) != t and (found := self._match([form], scope)):
                    return Mentions(topic, (form,), "synonym", found)
        return None

    def _by_lexicon(self, topic: str, phrase: str, scope) -> Mentions | None:
        """The first of the lexicon's terms for an everyday phrase that the plan mentions (not one it uses
        all over), as the topic's mentions."""
        for term in self.lexicon.get(phrase, ()):
            if term not in self.common and (found := self._match([fold(term)], scope)):
                return Mentions(topic, (term,), "lexicon", found)
        return None

    @staticmethod
    def _a_word(form: str, found: tuple[Mention, ...]) -> bool:
        """``form`` is a word of its own somewhere it was found, as jieba cuts the sentence: 健身 in 全民健身工程
        is; 不动 in 基调不动摇 (不 + 动摇) is not, so 不动产 is not found as 不动."""
        for m in found:
            for s in m.sentences:
                text = fold(s.text)
                edges = word_edges(text, inside_taught=True)  # 老年 in 老年友好型社会
                if any(i in edges and i + len(form) in edges for i in _find_all(text, form)):
                    return True
        return False

    def abbreviated(self, t: str) -> str:
        """The plan's form of a topic written shorter or longer, as Chinese abbreviates: the same first
        character, then the other's characters in order, close together (浙二总部 in 浙大二院总部, 教共体 in
        城乡教育共同体; a name the plan quotes inside the topic: 千万工程 in 千村示范万村整治工程)."""
        # The topic shortened: its characters in order within a phrase of the plan. Not for a word of its own
        # (高新区, 机会主义, 劳动力 are no abbreviations), nor across a pause or a number (机构作用,推动社会主义).
        for _, text in self._folded if not is_common_word(t) else ():
            for m in re.finditer(re.escape(t[0]), text):
                span = _in_order(t, text[m.start():m.start() + 3 * len(t)])
                if span and re.search(r"[\d,，、。；;：:（）()“”]", span) and not re.search(r"\d", t):
                    continue
                if span:  # to the end of the plan's word it stops in (非遗: 非物质文化遗 → 非物质文化遗产)
                    end = m.start() + len(span)
                    return text[m.start():min((e for e in word_edges(text) if e >= end), default=end)]
        for _, text in self._folded:  # the plan's short form of the topic (中国美院 for 中国美术学院): the same
            starts = [m.start() for m in re.finditer(re.escape(t[0]), text)]  # first and last characters, the
            edges = word_edges(text) if starts else frozenset()  # others in order, ending where a word ends
            for start in starts:
                for end in range(min(len(text), start + len(t) - 1), start + 2, -1):
                    short = text[start:end]
                    # (starting where a word starts, and at least half the topic: 大…工作 of 大学毕业生找工作 is the
                    # 大工作 of 人大工作, no short form of it)
                    # (or a quarter, for a name of four characters or more: 浙大二院 of 浙江大学医学院附属第二医院)
                    if short[-1] == t[-1] and end in edges and start in edges and _in_order(short, t) \
                            and (2 * len(short) >= len(t) or (len(short) >= 4 and 4 * len(short) >= len(t))):
                        return short
        for name in self.names:  # a quoted name of the plan, shortened from the topic
            key = fold(name.name)
            if len(key) >= 3 and key[0] == t[0] and key not in t and _in_order(key, t):
                return key
        return ""

    def parts_mentioned(self, topic: str, scope: frozenset[int] | set[int] | None = None) -> Mentions:
        """When the plan does not mention a topic: those of its words it does mention (余杭区的未来社区 →
        未来社区, 跨湖桥遗址 → 跨湖桥), if they make at least half of it, and none it uses all over.

        The related text of a "no", never a "yes": the plan says nothing of the topic as asked.
        """
        t = fold(topic)
        words: list[str] = []
        for w in (fold(w) for w in content_terms(t)):  # neighbours the plan has together stay one (未来 + 社区)
            if words and words[-1] + w in t and self._match([words[-1] + w], scope):
                words[-1] += w
            else:
                words.append(w)
        words = [w for w in words if len(w) >= 2]
        found = [w for w in words if w not in self.common and self._match([w], scope)]
        if not found or 2 * sum(map(len, found)) < sum(map(len, words)):
            return Mentions(topic, (), "none", ())
        return Mentions(topic, tuple(found), "part", self._match(found, scope))

    # ---- names --------------------------------------------------------------------------

    def name(self, text: str) -> Name | None:
        """The indexed name spelled ``text`` (quotation marks, punctuation and script ignored)."""
        return self._by_key.get(name_key(text))

    # ---- targets ------------------------------------------------------------------------

    def quantitative(self, deadline: str = "", scope: frozenset[int] | None = None) -> list[Target]:
        """The quantitative targets (kind ``target``), optionally only those due by a year, within a scope."""
        return [t for t in self.targets if t.kind == "target" and (not deadline or t.deadline == deadline)
                and (scope is None or t.task in scope)]


__all__ = [
    "MAX_LISTED", "YEAR_RE", "Catalog", "Mention", "Mentions", "Name", "Place", "Target", "extract_names",
    "extract_targets", "fold", "name_key",
]
