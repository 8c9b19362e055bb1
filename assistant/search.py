"""The search route: rank the plan, decide whether it covers what is asked, and quote what answers it.

Whether "the plan does not say" is decided on the question's *focus* (what it asks about, found by
the router), not on every word it uses: who asks, where, why and how they feel are context. A focus
word counts as covered in a task when the task uses it, its core (a two-character morpheme inside
it: 健身房 → 健身, 信访办 → 信访), or a plan word the encoder puts next to it (租房 → 租赁). The
decision (:class:`Calibration`) combines that lexical coverage with the encoder's cosine between
the question and the best whole task, with thresholds fitted on the dev split of the eval
(``python -m eval.run --calibrate``); docs/evaluation.md has the curve. An English question's words
are covered through their dictionary translations (jobs → 就业).

When the plan covers the focus but not the kind of answer asked for (a date, a count, an amount of
money, a place, an office, the members by name, progress so far: :meth:`Searcher.lacks_asked_value`),
the answer says so and shows what the plan does say (``route: partial``, ``found: false``).

Example::

    searcher = Searcher(corpus, retriever, synonyms, citer, stop_words, Calibration())
    answer = searcher.answer(router.understand("到2025年建设多少个未来社区？"))
    answer.citations[0].task    # 13
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from functools import cached_property, lru_cache
from itertools import product
from pathlib import Path

import numpy as np

from .catalog import GENERIC_HEADS, name_key
from .corpus import Corpus, Task, chinese_numeral
from .exact import whole_task
from .places import in_a_name
from .profile import common_words, plan_text
from .retrieve import Retrieval, Retriever, SentenceHit
from .router import (
    AREA_FORMS,
    ASKS_HOURS,
    ASKS_MEMBERS,
    ASKS_PERSON,
    ASKS_PHONE,
    ASKS_WH,
    CHECKS_CLAIM,
    CLAIM_TAG,
    CLAUSE_SPLIT,
    CONTEXT_WORDS,
    EN_QUESTION,
    NAMED_KINDS,
    POINTS_BACK,
    QUOTED_TERM,
    Query,
    Want,
    asks,
    last_asking_clause,
    tagged_words,
)
from .spelling import is_common_word, read_as, word_frequency
from .synonyms import ENGLISH_WORD, GLOSS_FILLER, Synonyms, english_forms
from .text import CJK_RUN, STOP_WORDS, _jieba, content_terms, dictionary_segment, normalize, segment, word_edges
from .types import Answer, Citation, Citer, Route

log = logging.getLogger(__name__)

COMMON_SHARE = 0.3  # a plan word in more than this share of tasks (工作, 建设) says nothing about a topic
HAS_YEAR = re.compile(r"\d{4}年")
# A number that counts something: digits or a Chinese numeral with a counting unit. A year, a
# duration (三年, 15分钟) or an ordinal (第三轮) does not answer "how many X".
NUMERAL = r"(?<![第\d])(?:\d+(?:\.\d+)?[万千亿]?|[一二三四五六七八九十百千万两]+)\s*"  # 10万人 counts people
COUNT_RE = re.compile(NUMERAL + r"(?:%|个|项|条|所|座|家|张|套|批|处|辆|台|支|户|人|万人|亿元|万元"
                      r"|元|倍|成|种|类|级|本|份|公里|平方米|亩|吨)")
# A question about money (多少钱, 房价, 收费, cost) and the amounts that answer it.
ASKS_MONEY = re.compile(r"多少钱|几块钱|价格|价钱|房价|收费|费用|租金|学费|票价|门票|工资|补贴多少"
                        r"|费(?:是|要)?(?:多少|几)"  # 物业费多少, 停车费要几块
                        r"|多少亿|几亿|多少万|几万|(?:投资|投入|资金|经费|预算|花)了?(?:多少|几)"
                        # "能拿到多少奖励资金", "补助有多少": how much money, said after 多少
                        r"|多少(?:奖励|补助|补贴|扶持|专项)?(?:资金|经费|奖金|补贴|补助|钱款|费用)"
                        r"|(?:交|付|花|收)(?:什么|啥|哪些)(?:钱|费)"
                        r"|贵不贵|是否贵|贵吗|便宜吗|是否便宜|几[百千万]?块"  # 托育贵不贵 (folded: 是否贵), 能领几百块
                        r"|\b(?:cost|price|fee|fees)\b")
ASKS_DAY = re.compile(r"几号|哪一?天|几月|哪(?:一|个)?(?:学期|季度|月份?)")
STATES_DAY = re.compile(r"\d+月|\d+日|[一二三四五六七八九十]+月|学期|季度")
MONEY_RE = re.compile(NUMERAL + r"(?:元|万元|亿元|块)")
# The unit a "how many" question names: 几分钟, 多少周年, 多少个, 几所 (a noun after it is not a unit); 几点 is a
# time of day, 几点几 a version (2.0); 几大行动 is counted as the plan counts its programmes (八大行动).
ASKED_UNIT = re.compile(r"(?<!第)(?:几|多少)(平方公里|平方米|公里|分钟|小时|周年|个|项|条|所|座|家|张|套|批|处|辆|台"
                        r"|户|倍|年|天|亩|吨|人|名|点(?!几)|%|大(?=[\u4e00-\u9fff]))")  # (第几项: which, not a unit)
CN_NUMBER = r"[零〇一二两三四五六七八九十百]+"
# A figure: digits, or a Chinese numeral before a measure word or unit (五十个, 三年; not 一网通办), or a percent said
# in words (百分之九十三)
FIGURE = re.compile(rf"百分之(?P<pct>{CN_NUMBER}|\d+(?:\.\d+)?)|(?<![\d.])(?P<d>\d+(?:\.\d+)?)"
                    rf"|(?P<cn>{CN_NUMBER})(?=\s*(?:个|所|家|项|条|座|亿|万|元|倍|周年|年|轮|张|种|大|人|名|批|分钟))")
CLAIM_UNIT = re.compile(r"\s*(?:%|％|个|所|家|项|条|座|亿|万|元|倍|周年|年|轮|张|种|人|名|批|分钟)?")


NAMED_PART = re.compile(r"第\s*[\d一二三四五六七八九十百]+\s*(?:条|项|部分|章)|(?:任务|task)\s*\d+", re.I)
CONFIRMS = re.compile(rf"(?:{CLAIM_TAG.pattern}|是吗)[?？]?$"  # the router's tags for a claim, at the end
                      r"|(?:是不是|是否)(?:说|讲|写|提到|规定)"  # 第16条是不是说…
                      r"|^(?:听说|据说)?(?:规划|文件)(?:里|上|中)?(?:要求|规定|说|写|讲)(?:了|的是)?"
                      r"(?![^，,。；;？?]*(?:什么|啥|哪|几|多少|怎么|如何|咋))")  # (规划要求锤炼哪几种能力: asks)
ASKED_KIND_OF_PLACE = re.compile(r"哪(?:一?个|[一几]?条)(镇|街道|村|社区|区|县|市|路|街|河)")  # 哪个街道, 哪几条路
MAX_CLAIMED = 3  # phrases and figures a question claims that the plan does not say, repeated in the answer
# a phrase as a claim quotes one: Chinese words, with figures or a Latin name (“5分钟健身圈”, “湘湖EOD”), not markup
CLAIMED_PHRASE = re.compile(r"(?=(?:.*[\u4e00-\u9fff]){2})[\u4e00-\u9fff0-9A-Za-z%.·、\- ]{2,30}")
PREPOSITION = re.compile(r"\b(?:for|of|to|in|on|at|about|with|from|by)\b", re.IGNORECASE)


def _head(word: str) -> str:
    """A word's head character: its last, or the one before a noun suffix (村子: 村)."""
    return word[-2] if len(word) >= 2 and word[-1] in "子儿头" else word[-1]


def _figures(text: str) -> list[tuple[str, str]]:
    """(value as digits, as written with its unit) of each figure in a text (五十个 → ("50", "五十个"))."""
    return [(value, written) for value, written, _, _ in _figure_spans(text)]


def _figure_spans(text: str) -> list[tuple[str, str, int, int]]:
    """Each figure of a text: its value as digits, as written with its unit, where it starts and ends (with it)."""
    out = []
    for m in FIGURE.finditer(text):
        written = m.group("pct") or m.group("d") or m.group("cn")
        if re.fullmatch(r"[\d.]+", written):
            value = written
        elif len(written) > 1 and not re.search("[十百]", written):  # 二零二五: digits said one by one
            value = "".join(str(max(0, "零一二三四五六七八九".find(c))) for c in written)
        else:
            try:
                value = str(chinese_numeral(written.replace("两", "二").replace("〇", "零")))
            except ValueError:
                continue
        unit = CLAIM_UNIT.match(text, m.end())
        written = text[m.start():m.end()] + ("" if m.group("pct") else unit.group().strip())
        out.append((value, written, m.start(), m.end() if m.group("pct") else unit.end()))
    return out


ATTACHED_GAP = 3  # characters at most between a thing and the figure that counts it (样板区要建50个: 要建)
# a figure across these counts another thing (50个、城乡风貌样板区)
FIGURE_STOP = re.compile(r"[、，,。；;：:和与及或]")


def misattached_figures(question: str, quotes: str) -> list[str]:
    """The figures a question claims of a thing that the quotes give another figure for ("城乡风貌样板区要建50个以上"
    where they say 城乡风貌样板区3个以上, the 50 being 未来社区's; "15分钟健身圈" where they say 10分钟健身圈)."""
    found = []
    quoted = _figure_spans(quotes)
    for value, written, start, end in _figure_spans(question):
        for thing in (_thing_beside(question, start, quotes, before=True),
                      _thing_beside(question, end, quotes, before=False)):
            if not thing:
                continue
            given = set()
            for m in re.finditer(re.escape(thing), quotes):
                for v, _, a, b in quoted:  # the figures beside the thing in the quotes, on either side
                    gap = quotes[m.end():a] if a >= m.end() else quotes[b:m.start()] if b <= m.start() else "、"
                    if len(gap) <= ATTACHED_GAP and not FIGURE_STOP.search(gap) and not _figures(gap):
                        given.add(v)
            if given and value not in given:
                found.append(written)
                break
    return found


def _thing_beside(text: str, at: int, quotes: str, before: bool) -> str:
    """The longest run of two to eight characters the quotes say, ending (before=True) or starting within a few
    characters of a position of the text, with no stop between: what a figure there counts."""
    best = ""
    for gap in range(ATTACHED_GAP + 1):
        edge = at - gap if before else at + gap
        between = text[edge:at] if before else text[at:edge]
        if FIGURE_STOP.search(between) or _figures(between):
            break
        for n in range(8, 1, -1):
            piece = text[edge - n:edge] if before else text[edge:edge + n]
            if len(piece) == n and CJK_RUN.fullmatch(piece) and piece in quotes and n > len(best):
                best = piece
                break
    return best


POINTED_COUNT = re.compile(r"[这那][两二三四五几]\s*[个件样项条点]")  # 这两个, 那三件: a pointer back, no figure


def unsaid_numbers(question: str, quotes: str) -> list[str]:
    """The figures a question claims ("…达到99%，对吗", "五十个") that the quotes answering it never state, in
    digits or in words."""
    # (in English, of the sentence that asks: "My kid is 2 … Does the plan have childcare?" claims no 2)
    if not CJK_RUN.search(question) and (asking := EN_QUESTION.findall(question)):
        question = asking[-1]
    # (a statement claims what it states; so does a yes-or-no question, 萧山要打造20分钟健身圈？, but not one
    # that asks for the figure, 要建多少个)
    if not CHECKS_CLAIM.search(question) and asks(question):
        if ASKS_WH.search(question):
            return []
        # (the figures of the clause that asks, not of the story before it: 打官司拖了一年多，法院会不会改进)
        clauses = [c for c in CLAUSE_SPLIT.split(question) if c.strip()]
        question = last_asking_clause(clauses) or question
    figures = _figures(quotes)
    said = {value for value, _ in figures}
    # (a value said in another unit the quote uses for another value is not said: 八种能力 where it says
    # “八项本领”“七种能力”)
    units: dict[str, set[str]] = {}
    for value, written in figures:
        units.setdefault(_unit(written), set()).add(value)
    question = NAMED_PART.sub(" ", question)  # (第16条 names a task; 一个 is "a", no count claimed)
    question = POINTED_COUNT.sub(" ", question)  # ("这两个规划有没有说": the two just asked about, no count claimed)
    return list(dict.fromkeys(written for value, written in _figures(question)
                              if (value not in said or (u := _unit(written)) and u in units and value not in units[u])
                              and not re.fullmatch(r"一[个所家座项条]", written)))


# Characters whose swap makes another name (浙大一院 / 浙大二院, 一源两带 / 一源三带, 浙西 / 浙东运河)
CONTRASTS = ("一二两三四五六七八九十", "东西南北", "国省市区县镇村")


def unsaid_variants(question: str, cited: str, plan_text: str) -> list[str]:
    """A name in the question that the plan never says, one numeral, direction or level away from a name the
    cited tasks do say (浙大一院 where they say 浙大二院): a claim of another thing, said as the plan's."""
    found: list[str] = []
    for run in CJK_RUN.findall(question):
        edges: frozenset[int] | None = None
        for i, c in enumerate(run):
            group = next((g for g in CONTRASTS if c in g), None)
            if group is None or FIGURE.match(run, i) and _figures(run[i:i + 4]):
                continue  # (a count, 四张金名片: the figures' check says it)
            # a span of four around it that the plan never says while a swap of it is cited: one the segmenter
            # cuts at its ends first (浙大一院 of 建成浙大一院总部), then one with it nearest the middle
            edges = word_edges(run) if edges is None else edges
            starts = sorted(range(max(0, i - 3), min(i, len(run) - 4) + 1),
                            key=lambda b: (not (b in edges and b + 4 in edges), abs(i - b - 1.5)))
            for start in starts:
                span = run[start:start + 4]
                if span in plan_text:
                    continue
                if any(span[:i - start] + alt + span[i - start + 1:] in cited for alt in group if alt != c):
                    found.append(span)
                    break
    return list(dict.fromkeys(found))


def _says(text: str, phrase: str) -> bool:
    """Whether a text says a phrase; a figure as a whole number (5分钟 is not said by 15分钟), a word not negated
    (面积不减少 says no 减少)."""
    if phrase[:1].isdigit():
        return re.search(rf"(?<![\d.]){re.escape(phrase)}", text) is not None
    return re.search(rf"(?<![不没未无]){re.escape(phrase)}", text) is not None


UNIT_AT_END = re.compile(r"(?:%|％|个|所|家|项|条|座|亿|万|元|倍|周年|年|轮|张|种|人|名|批|分钟)$")


def _unit(written: str) -> str:
    """A figure's unit as written (八种 → 种, 93% → %), or ""."""
    return m.group() if (m := UNIT_AT_END.search(written)) else ""


MAX_TOPIC_SAID = 12  # characters of the last topic said back in "规划没有写到“农村的…”"
# Which version a thing is ("城市大脑是几点零", "评价体系是哪个版本"): a version number answers (2.0), no count
ASKS_VERSION = re.compile(r"几点[零几0]|(?:哪个|什么|哪一)版本?|第几版|\bwhich version\b")
VERSION_RE = re.compile(r"\d+\.\d+")
# Words that claim a thing of all of its kind ("每个村都要建未来乡村"): a plan that sets a number does not say them.
ALL_OF = frozenset({"每个", "每一个", "所有", "全部", "一律", "统统", "全都"})


# Words a claim may swap for the plan's (全省 for 全国, 以下 for 以上, 城市 for 城乡): one of a group said where the
# quote says another, with the same words beside it, is a claim the plan does not make.
QUALIFIERS = (("全国", "全省", "全市", "全区", "国家级", "省级", "市级", "区级", "国家"),
              ("以上", "以下", "以内", "不少于", "不超过", "至少", "最多"),
              ("城乡", "城市", "城镇", "农村", "乡村"), ("新建", "改扩建", "扩建", "改建", "重建"))
QUALIFIER_GROUP = {q: group for group in QUALIFIERS for q in group}
QUALIFIER_RE = re.compile("|".join(sorted(QUALIFIER_GROUP, key=len, reverse=True)))  # (改扩建 before 扩建)
# What a claim may say is to be undone or forbidden ("取消双减", "关掉民办幼儿园"): a plan that does not say it
# does not do it
# Opposites: a claim of one where the quotes say the other ("规划说要扩大城乡差距": 缩小“三大差距”)
ANTONYMS = (("扩大", "缩小"), ("缩小", "扩大"), ("增加", "减少"), ("提高", "降低"), ("放松", "加强"), ("放宽", "从严"),
            ("拆除", "保护"), ("拆掉", "保护"))
CONTRARY = ("取消", "关闭", "关掉", "停止", "禁止", "废除", "撤销", "砍掉", "叫停", "不再", "限购", "不能买", "不准",
            "取缔", "关停", "停办", "暂停", "停掉", "不搞", "退出", "放宽", "放松", "限制", "缩小", "削减", "减少",
            "降低")


def unsaid_qualifiers(question: str, quotes: str) -> list[str]:
    """A claim's swapped qualifiers, with the words beside them ("全省义务教育" where the quote says 全国义务教育,
    "93%以下" where it says 93%以上), and what it says is undone or forbidden when the quotes never say it."""
    found = []
    if said := list(QUALIFIER_RE.finditer(question)):
        quotes = re.sub(r"[“”‘’\"]", "", quotes)  # (全国“信访工作示范县” says 全国信访工作示范县)
    for m in said:
        q, group = m.group(), QUALIFIER_GROUP[m.group()]
        before = question[max(0, m.start() - 3):m.start()]
        after = next((a for n in (6, 4, 3, 2) if len(a := question[m.end():m.end() + n]) == n
                      and CJK_RUN.fullmatch(a) and any(g + a in quotes for g in group if g != q)), "")
        if after and q + after not in quotes:
            found.append(q + after)
        elif before and before + q not in quotes and any(before + g in quotes for g in group if g != q):
            found.append(before + q)
    if CHECKS_CLAIM.search(question) or not asks(question):  # (what is undone: only in a claim made)
        # (said as the plan says it only if not negated there: 面积不减少 says no 减少)
        # (nor a claim that negates it too: 面积不能减少 is the plan's 不减少)
        found += [c for c in CONTRARY if _says(question, c) and not _says(quotes, c)
                  and not re.search(rf"[不没未无别][能会可要得许]?{re.escape(c)}", question)]
        # a level claimed with nothing beside it ("智慧健康养老示范基地是省级的吗"): the quote says another level
        levels = QUALIFIERS[0]
        found += [m.group() for m in said if m.group() in levels and m.group() not in quotes
                  and not any(m.group() in f for f in found) and any(g in quotes for g in levels if g != m.group())]
    return list(dict.fromkeys(found))


# What a plan says to do away with (破除论资排辈, 杜绝…): a claim that it is to be done is the opposite
DONE_AWAY_WITH = "破除|杜绝|防止|遏制|反对|严禁|禁止|根除|消除|摒弃|克服|纠治|整治|打击|惩治|铲除"
UNDONE_IN_A_CLAIM = "打破|破|取消|废除|去除|去掉|改掉|不搞|不再"  # (the claim's own: 打破论资排辈 is the plan's 破除)


def contradicted(question: str, quotes: str) -> list[str]:
    """What a claim says that the quotes say the opposite of (扩大 where they say 缩小 of it), or say not to do
    (规划支持炒房吧: 房住不炒), and do not say as claimed."""
    if not (CHECKS_CLAIM.search(question) or not asks(question)):
        return []
    found = [a for a, b in ANTONYMS if _says(question, a) and b in quotes and not _says(quotes, a)]
    found += [w for w in segment(question) if len(w) == 2 and CJK_RUN.fullmatch(w) and _says(question, w)
              and not _says(quotes, w)
              and re.search(rf"[不没未](?:{w}|{w[0]}(?![\u4e00-\u9fff]))", quotes)
              and not re.search(rf"[不没未别][\u4e00-\u9fff]?{w}", question)]  # (面积不能减少: the plan's 不减少)
    # and what the quotes say to do away with (破除论资排辈), claimed as to be done ("提拔要论资排辈对吗")
    found += [w for w in segment(question) if len(w) >= 2 and CJK_RUN.fullmatch(w) and w not in found
              and re.search(rf"(?:{DONE_AWAY_WITH})了?{w}", quotes)
              and not re.search(rf"(?:{DONE_AWAY_WITH}|{UNDONE_IN_A_CLAIM}|[不没未别])[\u4e00-\u9fff]{{0,3}}{w}",
                                question)]
    return found


LACKING_EN = {"具体时间": "when", "具体数字": "how many or how much", "具体地点": "where",
              "由谁负责、找哪个部门": "who is responsible or whom to contact",
              "现在的进展（规划写的是要做什么）": "how far it has got (a plan says what is to be done)",
              "具体是哪些": "which ones", "申请条件和办理手续": "the conditions or how to apply",
              "具体的计算办法和标准": "how it is worked out",
              "具体是谁": "who it is (a plan names bodies, not people)", "联系电话": "a phone number",
              "与别处的比较": "how it compares with elsewhere", "每年的具体数字": "a figure per year",
              "针对个人情况的建议（规划写的是全区要做什么）":
                  "what to do in a case of your own (a plan says what the district will do)"}
# Where a thing the asker tells of is ("家门口那条河", "楼下的垃圾站"): its place, not what is asked about;
# searched for, it finds the plan's own phrases of it (家家门口都有好学校) instead of the thing
LOCATING = re.compile(r"(?:我家|我们家|我们)?(?:家门口|门口|楼下|楼上|隔壁|对面|旁边|边上|附近|村口)"
                      r"(?=(?:那|这)[条个片座家所栋间块]|的)")
CLOCK_RE = re.compile(r"\d{1,2}[:：]\d{2}|[\d一二三四五六七八九十]+点(?:半|钟)?")  # what answers "opening hours"
ASKS_AGE = re.compile(r"距今|(?:多少|几)(?:千|百|万)?年(?:前|历史)|有(?:多少|几)(?:千|百)?年(?:了|的)?历史|\bhow old\b")
STATES_AGE = re.compile(r"距今|年前|年(?:的)?历史|\d+\s*多?年")  # (the plan's own years are dates, not ages)
NOT_COUNTED = re.compile(r"一批|一系列|若干|一些")  # "打造一批美丽公路": some, not a count
# A quote that says how to qualify or apply (放宽落户条件, 简化办理流程).
STATES_PROCEDURE = re.compile(r"条件|手续|流程|材料|申请|办理|报名")
STATES_METHOD = re.compile(r"计算|核算|标准|按[^，,。；;]{1,10}(?:计|收|算|发放)")  # (按人口比例计算)
# A number asked per year or month (每年建多少个), which a total by a year does not give
ASKS_RATE = re.compile(r"每一?年|每个?月|年均|平均每|一年(?:能|要|建|办|搞|修|造)|\b(?:per|each|every) (?:year|month)\b"
                       r"|\ba (?:year|month)\b", re.IGNORECASE)
STATES_RATE = re.compile(r"每年|年均|每个?月|逐年")
ASKED_YEAR = re.compile(r"(?:19|20)\d{2}年")
EN_BY_YEAR = re.compile(r"\b(?:by|in|until|before) ((?:19|20)\d{2})\b", re.IGNORECASE)
REPORTED = re.compile(r"已经|已(?:建|完成|实现|开通|覆盖)")  # a quote that reports progress, not a goal
# What answers "where": a place the quote names, a word ending in a place word (湘湖, 瓜沥镇, 校区).
PLACE_ENDS = ("省", "市", "区", "县", "镇", "乡", "街道", "村", "社区", "路", "街", "江", "河", "湖", "山", "岛",
              "园", "馆", "站", "校区", "广场")
REGION_ENDS = ("省", "市", "区", "县", "镇", "乡", "街道", "村")  # a named place of government (余杭区, 义桥镇)
# Where a thing is (在哪, 建在萧山哪条路上, 地址), not somewhere to go
ASKS_LOCATION = re.compile(r"在哪|在[^，,。？?哪]{1,6}哪(?:里|儿|个|条|一)|哪一?条[路街巷]|地址"
                           r"|去哪(?:里|儿)?(?:申请|办|报名|领|交|看|登记|咨询|投诉)"  # 去哪申请: an office, by name
                           r"|\bwhere (?:is|are|will)\b", re.I)
# What answers "who": a body the quote names (公安局, 法院, 委员会, 党委, 调解中心).
BODY_ENDS = ("局", "厅", "委员会", "委", "办公室", "政府", "法院", "检察院", "部门", "中心", "机构", "公司", "协会",
             "党委", "支部")
RESPONSIBLE = re.compile(r"牵头|负责|主管|主抓|主责|责任单位|由[\u4e00-\u9fff]{2,12}(?:组织|实施|承担|统筹|落实)")
# Who said or set it ("“当好全市领头雁”是谁提出的"): a person or body the quote says it of (总书记提出的)
ASKS_PROPOSER = re.compile(r"谁(?:提出|提|说|讲|定|制定|部署|要求)(?:的|了|过)?")
PROPOSER = re.compile(r"(?:总书记|书记|主席|党中央|中央|国务院|省委|市委|区委|省政府|市政府|区政府)(?:亲自)?"
                      r"(?:提出|强调|指出|要求|部署|赋予)")
# English words for where a question is asked and of whom (the district, the local government): context
EN_CONTEXT = frozenset("""district city government authorities local here area town xiaoshan hangzhou
    everywhere everyone everybody always now recently soon""".split())  # (as 所有, 现在 are)
# Whom an English question is about, as the asker tells it (my kid, my mum): context, as 我家老人 is in Chinese
EN_PEOPLE = frozenset("""kid kids child children son sons daughter daughters baby babies mum mom mums moms dad dads
    mother father parent parents grandma grandpa grandmother grandfather grandparent grandparents wife husband family
    families friend friends neighbour neighbours neighbor neighbors""".split())
EN_SIZES = frozenset("little small tiny big large huge".split())
NOT_COVERED = (
    "规划原文没有涉及这个问题，我不能凭空回答。我只依据《{title}》{span}的原文作答；"
    "可以换个说法，或问问规划写到的内容，例如{examples}。"
)
SMALL_TALK_LEAD = {"thanks": "不客气。", "bye": "再见。", "hello": "您好！"}
SMALL_TALK_LEAD_EN = {"thanks": "You're welcome.", "bye": "Goodbye.", "hello": "Hello!"}
SMALL_TALK_ZH = "{lead}我回答关于《{title}》{span}的问题，每个回答都引用原文并注明出自哪一条。可以问，例如{examples}。"
SMALL_TALK_EN = ("{lead} I answer questions about {span} of the plan, quoting its text and citing the task each "
                 "quote comes from; e.g. 'What are the plan's parts?' or 'task {first}'.")
NOT_COVERED_EN = (
    "The plan does not cover this question, so I will not guess. I answer only from the text of "
    "{span} of the plan; try rephrasing, or ask about what it covers, e.g. 'What are the plan's parts?' "
    "or 'task {first}'."
)


# English words for a kind of place and the syllables Chinese names end in for it (river: 江 or 河).
PLACE_KINDS = {"district": ("qu",), "city": ("shi",), "province": ("sheng",), "river": ("jiang", "he"),
               "lake": ("hu",), "mountain": ("shan",), "hill": ("shan",), "town": ("zhen",), "village": ("cun",),
               "county": ("xian",), "street": ("jiedao", "jie"), "road": ("lu",), "bridge": ("qiao",),
               "station": ("zhan",), "canal": ("yunhe", "he"), "island": ("dao",), "park": ("gongyuan",)}
MAX_SPELLED_WORDS = 3  # jieba words of the plan one pinyin spelling may run over (跨湖 + 桥)
# English words that name a kind of thing done about a topic, not a topic ("elderly care", "housing policy").
GENERIC_EN = frozenset("""care service services policy policies issue issues problem problems support measure measures
    plan plans planning matter matters work development construction system systems programme program programs
    programmes project projects help people residents citizens improve improving improved better somewhere anywhere
    anything place places start starting begin beginning continue""".split())  # (start taking: when, not what)


# The encoder's cosine above which its nearest plan word counts when the word vectors pick the same one (地铁 →
# 火车 at 0.54 is where both are only alike in kind)
AGREED_COSINE = 0.6
TAKES_THE_LEAD = 0.6  # a task of the top three with this share of the focus goes before a first with under half
SENSE_COSINE = 0.66  # an English word and a dictionary translation in its sense (trains: 火车 0.72, 培训 0.54)
# Whether a trouble told gets better ("…跑好几趟，有改善吗"): asked of the story, naming no topic of its own
GETS_BETTER = frozenset("改善 改进 好转 解决 改变 变好 缓解 整改".split())
# Words that name people, whom a question is about rather than what (老年人, 孩子, 村民)
PEOPLE = re.compile(r"[\u4e00-\u9fff]{1,3}人|[\u4e00-\u9fff]{0,2}(?:老人|孩子|小孩|学生|家长|居民|村民|市民|群众"
                    r"|百姓|儿童|妇女|青年|老年|小孩子|娃|娃娃|残疾人|员工|工人)|[她他你我]们(?:这些)?(?:老人|人)?")
UNSAID_YEAR = re.compile(r"(?:19|20)\d\d年")  # a year as the router keeps one the plan never names


@dataclass(frozen=True)
class Calibration:
    """When the plan covers a free question, fitted by ``python -m eval.run --calibrate`` (dev split).

    A Chinese question is covered when its focus words are covered in the best task (``focus``,
    by characters), or when they are partly covered (``focus_partial``) and the question is close
    to that whole task in meaning (``task_cos``), or, when the plan has every focus word somewhere
    (none missing), when the best task covers ``focus_whole`` of them, or when a few are covered (``focus_low``)
    and the question is very close to the task (``task_cos_high``: 大型文化场馆, near task 19's 博览馆 and
    油画院; these two fitted on every dev split). An English question is covered when its cosine to the best
    sentence reaches ``sentence_cos_en`` (across languages the encoder matches a sentence better than a whole
    task), or when the dictionary translations of its words cover
    ``focus_en`` of them in the best task. An encoder neighbour at ``synonym`` or above joins the search;
    only one at ``cover`` or above also counts as the plan covering the word. ``synonym`` is the cosine at which a plan
    word stands in for a question word the plan does not use (孩子 → 幼儿). ``wv_synonym`` and ``wv_cover``
    are the same two cosines for the word vectors' neighbour, tried first (楼市 → 房地产).
    """

    focus: float = 0.99
    focus_whole: float = 1.01
    focus_partial: float = 0.5
    task_cos: float = 0.3
    sentence_cos_en: float = 0.3
    synonym: float = 0.8
    cover: float = 0.9
    focus_en: float = 1.01
    wv_synonym: float = 1.01
    wv_cover: float = 1.01
    focus_low: float = 1.01
    task_cos_high: float = 1.01

    @classmethod
    def load(cls, path: Path, key: str) -> Calibration:
        """The thresholds fitted for this retrieval configuration, or defaults (with a warning)."""
        if not path.exists():
            log.warning("no calibration file at %s: using default thresholds", path)
            return cls()
        fitted = json.loads(path.read_text(encoding="utf-8")).get("thresholds", {}).get(key)
        if fitted is None:
            log.warning("%s has no thresholds for %s: using defaults", path, key)
            return cls()
        names = {f.name for f in fields(cls)}
        return cls(**{k: float(v) for k, v in fitted.items() if k in names})

    def covered(self, coverage: float, cosine: float, english: bool, whole: bool = False) -> bool:
        """``cosine``: to the best whole task for a Chinese question, to the best sentence for an English one;
        ``whole``: the plan has every focus word (or a word standing in for it) somewhere."""
        if english:
            return cosine >= self.sentence_cos_en or coverage >= self.focus_en
        return (coverage >= self.focus or (whole and coverage >= self.focus_whole)
                or (coverage >= self.focus_partial and cosine >= self.task_cos)
                or (coverage >= self.focus_low and cosine >= self.task_cos_high))


@dataclass
class Coverage:
    """How a question's focus is covered by the plan."""

    missing: list[str]  # focus words the plan never uses in any form
    share: float  # covered share of the focus, by characters, in the best task


class Searcher:
    """Ranked retrieval, the covered-or-not decision and the extractive answer for the search route."""

    def __init__(self, corpus: Corpus, retriever: Retriever, synonyms: Synonyms, citer: Citer,
                 stop_words: frozenset[str], calibration: Calibration, examples: tuple[str, ...] = (), top_k: int = 5,
                 abbreviated: Callable[[str], str] = lambda term: ""):
        self.corpus = corpus
        self.retriever = retriever
        self.synonyms = synonyms
        self._vocab = frozenset(synonyms.vocab)  # the plan's words (a sibling's first two characters are one)
        # its three-character words as the segmenter cuts it, whole or as a word and its one-character head (博览 馆)
        cut = segment(plan_text(corpus))
        pairs = zip(cut, cut[1:], strict=False)
        whole = dict.fromkeys([*(w for w in cut if len(w) == 3),
                               *(a + b for a, b in pairs if len(a) == 2 and len(b) == 1)])
        self._whole_by_head: dict[str, list[str]] = {}  # (not 惠民工 of 惠民工程: a word the plan says)
        for w in whole:
            if CJK_RUN.fullmatch(w):
                self._whole_by_head.setdefault(w[-1], []).append(w)
        self.citer = citer
        self.stop = stop_words
        self.calibration = calibration
        self.examples = examples
        self.top_k = top_k
        self.abbreviated = abbreviated  # the plan's long form of a short one (the catalog's: 浙二 → 浙大二院)
        self.plan_text = plan_text(corpus)
        self.common = common_words(corpus, COMMON_SHARE)  # too common to stand in for a question word
        # The words of each task as jieba segments it (no sub-words): what a translation must match whole.
        # (With the plan's terms taught and by jieba's own dictionary: a term taught whole, 智慧健康养老,
        # must not hide the words it is made of, 养老, from a translation.)
        self._task_words = {t.number: frozenset([*segment(t.text), *dictionary_segment(t.text)])
                            for t in corpus.tasks}
        # Where a quoted phrase is, whatever punctuation either uses (“一网通办、一网统管”: “一网通办”“一网统管”)
        self._keyed_tasks = {t.number: name_key(t.text) for t in corpus.tasks}

    # ---- the answer ---------------------------------------------------------------------------

    def answer(self, query: Query) -> Answer:
        """The extractive answer to a search question: quotes, a partial answer, or "not covered"."""
        if query.rule == "more of a whole text":  # 还有吗 after a whole task or the outline: that was all
            return self.nothing_more(query)
        if query.rule == "small talk":
            return self.small_talk(query)
        if query.before and (parallel := self.parallel(query)):
            # "那农村呢" after 未来社区: the plan's term of the same make for it (未来乡村), asked as the last was
            term, old = parallel
            alike = replace(query, focus=(term,), before=(), standalone=query.retrieval_text.replace(old, term))
            retrieval, coverage = self.retrieve(alike)
            if (answer := self.decide(alike, retrieval, coverage)).found and any(term in c.quote
                                                                                 for c in answer.citations):
                return self._judged(answer, retrieval, coverage)
        if query.before:  # "那农村呢" after 养老: first as 养老 in 农村, when the plan says both in one task
            narrowed = replace(query, focus=(*query.before, *query.focus), before=())
            retrieval, coverage = self.retrieve(narrowed)
            # … and what it quotes says X: "文化的呢" after 10分钟健身圈 is the cultural one, not 健身圈 in 文化.
            if coverage.share >= 1.0 and (answer := self.decide(narrowed, retrieval, coverage)).found and all(
                    any(f in c.quote for c in answer.citations) for f in query.focus):
                return self._judged(answer, retrieval, coverage)
            if len(query.focus) == 1 and (forms := AREA_FORMS.get(query.focus[0])):
                # "那农村呢" after 养老: the kind of place narrows the last topic, it is not a new one (农村 alone
                # is said once, of schools). What the plan says of the topic there, in its words (城乡一体…养老);
                # else that it does not say, and what it says of the topic.
                area = query.focus[0]
                topic = replace(query, focus=query.before, before=(), standalone=" ".join(query.before))
                retrieval, coverage = self.retrieve(topic)
                if coverage.share >= 0.5 and retrieval.tasks:  # (the topic's task, then its sentences of the place)
                    there = replace(topic, standalone=" ".join((*query.before, *forms)),
                                    refers_to=(retrieval.tasks[0].task.number,))
                    again, covered = self.retrieve(there)
                    answer = self.decide(there, again, covered)
                    if answer.found and any(any(w in c.quote for w in forms) for c in answer.citations):
                        retrieval, coverage = again, covered
                    else:
                        # (the last topic as words of the plan's reading, two at most: no client text at length)
                        said = "".join(w for w in query.before[:2] if CJK_RUN.fullmatch(w))[:MAX_TOPIC_SAID]
                        answer = self.partial(topic, retrieval, [f"{area}的{said}" if said else area])
                    return self._judged(answer, retrieval, coverage)
        retrieval, coverage = self.retrieve(query)
        retrieval.focus_share, retrieval.focus_whole = coverage.share, not coverage.missing
        if query.shown and not (first := self.decide(replace(query, shown=""), retrieval, coverage)).found \
                and first.route != Route.PARTIAL:
            first.retrieval = retrieval  # "还有吗" after a refusal: the question is still not answered
            return first
        answer = self.decide(query, retrieval, coverage)
        # "那托育呢" after 学前教育: read alone, a new topic, when read with the last question it is not answered,
        # or answered only by quotes that never say it ("看病呢" after 上学 quoted the schooling task again,
        # "那停车呢" after 托儿所 the 托育 sentence): then alone, answered or not.
        said = answer.found and any(f in c.quote for f in query.focus for c in answer.citations)
        if query.before and not said:
            alone = replace(query, standalone="", before=())
            again, covered = self.retrieve(alone)
            if (second := self.decide(alone, again, covered)).found or answer.found:
                again.focus_share, again.focus_whole = covered.share, not covered.missing
                answer, retrieval = second, again
        answer.retrieval = retrieval
        return answer

    @staticmethod
    def _judged(answer: Answer, retrieval: Retrieval, coverage: Coverage) -> Answer:
        """An answer with the retrieval it was judged on, and how that covered the focus (for the API's readers)."""
        retrieval.focus_share, retrieval.focus_whole = coverage.share, not coverage.missing
        answer.retrieval = retrieval
        return answer

    def _english_stand_ins(self, words: list[str], text: str) -> dict[str, str]:
        """The plan's words for English ones: the lexicon's for its phrases in the text (garbage sorting →
        垃圾分类), then the dictionary's (jobs → 就业)."""
        lexicon = [({f for w in k.split() for f in english_forms(w)}, kept)  # (sort: of garbage sorting)
                   for k, ps in self.synonyms.everyday_en(text).items()
                   if (kept := [p for p in ps if not self.is_common(p)])]
        stand_ins = {}
        for t in words:
            # (a past form by its verb, graduated: graduate's; not -ing, parking is no park)
            forms = english_forms(t, derived=t.endswith("ed"))
            terms = next((ps[:3] for ws, ps in lexicon if any(f in ws for f in forms)), [])
            if ws := [*terms, *self.translations(t)[:2]]:
                stand_ins[t] = " ".join(dict.fromkeys(ws))
        return stand_ins

    def _tasks_saying(self, word: str) -> list[int]:
        return [t.number for t in self.corpus.tasks if word in self.retriever.task_text(t.number)]

    def parallel(self, query: Query) -> tuple[str, str] | None:
        """A term of the plan's made like the last topic with the follow-up's word (or its synonym) for its head:
        未来社区 with 农村 → 未来乡村; and the last topic it stands for. None when the plan has no such term."""
        if len(query.focus) != 1 or len(x := query.focus[0]) < 2:
            return None
        for old in (b for b in query.before if len(b) >= 4 and CJK_RUN.fullmatch(b) and b in self.plan_text):
            for head in (x, *self.synonyms.thesaurus.get(x, ()), *AREA_FORMS.get(x, ())):  # (城里: 美丽城镇)
                if (term := old[:-len(head)] + head) != old and term in self.plan_text and len(head) == 2:
                    return term, old
        return None

    def retrieve(self, query: Query) -> tuple[Retrieval, Coverage]:
        """Rank the plan for a question, with plan words standing in for the words it never uses."""
        asked: list[str] = []
        told: list[str] = []
        phrases: dict[str, list[str]] = {}
        if query.english:  # the plan's words for the English ones
            stand_ins = self._english_stand_ins([t for t in query.focus if not CJK_RUN.search(t)],
                                                query.retrieval_text)
            for t in query.focus:
                # a Chinese word in an English question ("养老", then "Which task is that?")
                if CJK_RUN.search(t) and (w := t if t in self.plan_text else self.stand_in(t)):
                    stand_ins[t] = w
            # The kind of place after a name in pinyin is part of the name (Xianghu lake is 湘湖, not 湘湖 and 河湖).
            for before, t in zip(query.focus, query.focus[1:], strict=False):
                if t in PLACE_KINDS and (name := next(filter(None, (self.spelled_in_pinyin(
                        spelled, common=True) for spelled in [*(before + k for k in PLACE_KINDS[t]), before])), None)):
                    stand_ins[before] = stand_ins[t] = name  # (Qiantang River: 钱塘江, spelled with its kind)
        else:
            # (not for the question's framing: 到底 → 干净, 办法 → 艺术 would only pull the ranking astray)
            terms = list(dict.fromkeys([*query.focus, *(t for t in query.terms if t not in CONTEXT_WORDS)]))
            stand_ins = {t: w for t in terms if t not in self.plan_text and (w := self.stand_in(t))}
            # English words in a Chinese question ("规划里的future community要建多少个"): as an English one's
            if latin := [t for t in query.focus if re.fullmatch(r"[a-z][a-z'-]{3,}", t)]:  # (not app, a name)
                stand_ins |= self._english_stand_ins(latin, " ".join(latin))
            # The policy lexicon's terms for the phrases a question word is in or is (没人带孩子 → 托育)
            # come first: they were written for what residents mean, not found by likeness.
            phrases = {k: kept for k, ps in self.synonyms.everyday(query.retrieval_text).items()
                       if (kept := [p for p in ps if not self.is_common(p)])}
            # A word the plan uses in passing whose formal term it also uses (幼儿园, said once in task 16's 托幼一体化;
            # 学前教育 in task 14): the formal term ranks beside it, as residents mean it.
            for t in (t for t in query.focus if t in self.synonyms.lexicon and t in self.plan_text
                      and len(self._tasks_saying(t)) <= 1):
                # (not a longer or shorter form of it: 生活垃圾分类 for 垃圾分类 adds nothing)
                also = [p for p in self.synonyms.lexicon[t] if t not in p and p not in t and not self.is_common(p)]
                if also:
                    stand_ins[t] = " ".join(also[:2])
            for t in (t for t in terms if t not in self.plan_text):
                # (or whose words, said apart, one is inside it: 手机 of 不会用手机 in "不会用智能手机")
                if plan_terms := next((ps for k, ps in phrases.items() if t in k or k in t or any(
                        w in t for w in self.synonyms.key_words(k) if w not in STOP_WORDS)), ()):
                    stand_ins[t] = " ".join(plan_terms)
                # (a phrase of it that is the word and one character more, when nothing else stands in: 托儿 of 托儿所)
                elif t not in stand_ins and (plan_terms := [p for p in self.synonyms.lexicon_stems.get(t, ())
                                                            if not self.is_common(p)]):
                    stand_ins[t] = " ".join(plan_terms)
            # A phrase of the lexicon in the clause that asks (来回跑好几趟) names what is asked about;
            # anywhere in the question when that clause names nothing ("放高利贷的，有没有人管") or
            # points back at the story ("彩礼越要越高，…这种风气有没有人管").
            asking = last_asking_clause([c for c in CLAUSE_SPLIT.split(query.retrieval_text) if c.strip()])
            # (or names only the people it is about: "不会用智能手机，…有没有考虑过老年人" asks of their trouble)
            # (or only whether it gets better: "跑好几趟，有改善吗" asks of the story's trouble, not of 改善)
            if not any(t in asking for t in query.focus) or POINTS_BACK.search(asking) or all(
                    PEOPLE.fullmatch(t) or t in GETS_BETTER for t in query.focus if t in asking):
                asking = query.retrieval_text
            asked = [k for k in phrases if self.synonyms.says(k, asking) and k not in self.plan_text]
            # (and one none of whose words is a term of the question: 找工作 → 找 + 工作, a verb and a generic word)
            for k in asked:
                if not any(len(t) > 1 and (t in k or k in t) for t in [*terms, *stand_ins]):
                    stand_ins[k] = " ".join(phrases[k])
            # and one in the story before it (请不起律师, 想做慈善) names it too, when the best task has its term
            told = [k for k in phrases if k not in asked and k not in self.plan_text]
        # Neighbours (the word vectors', else the encoder's) are asked for the focus only, and for real
        # words (not 建, 刚).
        unknown = [t for t in query.focus if len(t) > 1 and t not in self.plan_text and t not in stand_ins
                   and not query.english]
        vector, text, cal, weak = None, self._without_own_place(query.retrieval_text), self.calibration, {}
        text = LOCATING.sub(" ", text) if content_terms(LOCATING.sub(" ", text), self.stop) else text
        if unknown:  # the word vectors first, for the words they know (楼市 → 房地产)
            near = self.synonyms.word_neighbours(unknown, avoid=self.common)
            # (a neighbour nearer than halfway that has the word's head, its last character, is near twice
            # over: 小区 → 社区, 脏水 → 污水, 村子 → 乡村; not 限行 → 限度, 工地 → 工程, 电瓶车 → 火车)
            weak = {t: w for t, (w, cos) in near.items() if cal.wv_synonym <= cos < cal.wv_cover
                    and not (cos >= (cal.wv_synonym + cal.wv_cover) / 2 and (_head(t) in w or t[0] == w[0]))}
            stand_ins |= {t: w for t, (w, cos) in near.items() if cos >= cal.wv_synonym}
            # The encoder only for a word people use (a dictionary has it): for one the segmenter made
            # up from a casual sentence (看展, 起婚) its nearest plan word is noise.
            unknown = [t for t in unknown if t not in near and is_common_word(t)]
        if unknown:  # one batched encoding for the question and the unknown words not met before
            near = self.synonyms.nearest_known(unknown)
            if new := [t for t in unknown if t not in near]:
                vectors = self.retriever.embedder.encode([text, *new])
                vector = vectors[:1]
                near |= self.synonyms.nearest(new, vectors[1:])
            # (and one that shares a character with the word but not its head: 限行 → 限度, alike in writing)
            weak |= {t: w for t, (w, cos) in near.items()
                     if cal.synonym <= cos < cal.cover or (set(t) & set(w) and _head(t) not in w)}
            stand_ins |= {t: w for t, (w, cos) in near.items() if cos >= cal.synonym}
        # A plan word inside the question's word stands for it only as its stem (健身房 → 健身): at its
        # end it is a broader word (中医院 is not any 医院).
        stand_ins = {t: w for t, w in stand_ins.items() if (w not in t or t.startswith(w)) and not opposites(t, w)}
        # A phrase of the plan's the question quotes (“红领通”) is in the task it is about, however jieba cuts it
        quoting = tuple(n for n, keyed in self._keyed_tasks.items() if any(name_key(q) in keyed for q in query.quoted))
        retrieval = self.retriever.search(text, self.top_k, stand_ins, vector, keep=query.refers_to + quoting)
        if quoting and not query.refers_to and retrieval.tasks[0].task.number not in quoting:
            retrieval.tasks.sort(key=lambda t: t.task.number not in quoting)  # (stable: their own order kept)
        # A weak neighbour helps ranking but is no evidence that the plan covers the word.
        covering = {t: w for t, w in stand_ins.items() if t not in weak}
        covering |= {k: " ".join(phrases[k]) for k in (*asked, *told)}
        coverage = self.coverage(query, retrieval, covering, asked, told)
        if query.refers_to:  # "这一条里…": the task(s) just cited come first
            retrieval.tasks.sort(key=lambda t: (t.task.number not in query.refers_to, -t.score))
        return retrieval, coverage

    def _without_own_place(self, text: str) -> str:
        """A question as searched: without its profile's stop words, the plan's own place names and the words
        for its government (萧山的托育 → 的托育; 区里, 政府), which are in every task and put those with the place
        in their title first (平安萧山, 清廉萧山); kept when nothing else is left. (Router._without_own_places
        trims the same words from a mention's topic, by its own rule: at its end or before 的.)"""
        out = text
        for name in sorted((w for w in self.stop if len(w) >= 2), key=len, reverse=True):
            # (not inside a name of the plan's: 平安萧山, 萧山火车西站)
            out = re.sub(re.escape(name), lambda m: m.group() if in_a_name(self.plan_text, m.string, m.start(),
                                                                            m.end()) else " ", out)
        return out if content_terms(out, self.stop) else text

    def stand_in(self, term: str) -> str:
        """A plan word for a question word the plan does not use: its core (健身房 → 健身), or a thesaurus synonym."""
        # Only a trailing character is dropped (健身房 → 健身, 信访办 → 信访, 志愿者 → 志愿): a leading one
        # narrows the meaning (中医院 is not any 医院), and so does a dropped head (老年食堂 is not 老年).
        core = term[:-1]
        if len(term) >= 3 and CJK_RUN.fullmatch(term) and core in self.plan_text and core not in self.common:
            return core
        # A short form of a name of the plan's, as Chinese abbreviates (浙二 → 浙大二院)
        if len(term) == 2 and not is_common_word(term) and len(short := self.abbreviated(term)) > 2 \
                and short in self.plan_text and not self.is_common(short):
            return short
        # A name of two words, as Chinese shortens it: the first word's first character and the second's first or
        # last (公共交通 → 公交, 美术学院 → 美院), a form rarer than either word (not 专家门诊 → 专门, a word itself)
        if len(term) == 4 and CJK_RUN.fullmatch(term) and is_common_word(term[:2]) and is_common_word(term[2:]):
            for short in (term[0] + term[2], term[0] + term[3]):
                if short in self.plan_text and not self.is_common(short) \
                        and word_frequency(short) < min(word_frequency(term[:2]), word_frequency(term[2:])):
                    return short
        for w in self.synonyms.thesaurus.get(term, ()):
            if w not in self.common:
                return w
        return self.sibling(term)

    def agreed_word(self, term: str) -> str:
        """The plan word that both the word vectors and the encoder find nearest to a word the plan never uses,
        written with one of its characters (老人 → 老年), or "": two readings of meaning picking the same word
        is the evidence (each alone also picks 警察 → 保安, 河流 → 湿地 or 运河), and a shared character tells
        the same thing from one of its kind (both put 停车场 next to 公园). Without a shared character the
        lexicon must link the two as well, a phrase of the word's bridged to the plan's (公安 → 警务, through
        公安局; 贪污 → 腐败, through 贪污腐败)."""
        if len(term) < 2 or not CJK_RUN.fullmatch(term) or term in self.plan_text:
            return ""
        wv = self.synonyms.word_neighbours([term], avoid=self.common).get(term)
        if not wv or wv[1] < self.calibration.wv_synonym:
            return ""
        near = self.synonyms.nearest_known([term]) or self.synonyms.nearest([term])
        word, cosine = near.get(term, ("", 0.0))
        if word != wv[0] or cosine < AGREED_COSINE or self.is_common(word):
            return ""
        return word if set(word) & set(term) or self._bridged(term, word) else ""

    def _bridged(self, term: str, word: str) -> bool:
        """Whether a lexicon phrase that begins or ends with a word has a plan term saying another."""
        return any((k.startswith(term) or k.endswith(term)) and any(word in t for t in ts)
                   for k, ts in self.synonyms.lexicon.items())

    def sibling(self, term: str) -> str:
        """A plan word of the same kind as a three-character word it does not use: the same head and one more
        character in its place (博物馆, 展览馆 → 博览馆), its first two characters a word of the plan's."""
        if len(term) != 3 or not CJK_RUN.fullmatch(term):
            return ""
        for w in self._whole_by_head.get(term[-1], ()):
            if w == term or w[:2] not in self._vocab or self.is_common(w):
                continue
            # (the middle character alone only when the encoder finds them synonyms: 展览馆 and 博览馆, not
            # 居委会 and 常委会)
            if w[0] == term[0] or (w[1] == term[1] and self._cosine(term, w) >= self.calibration.synonym):
                return w
        return ""

    def in_sense(self, english: str, word: str) -> bool:
        """Whether the encoder reads a plan word as what an English phrase means, of the dictionary's senses of
        its words (trains → 火车, not 培训; fines → 罚款, not 美好): their cosine at least SENSE_COSINE (judges →
        判断 is 0.655, below it)."""
        return self._cosine(english, word) >= SENSE_COSINE

    def alike(self, a: str, b: str) -> bool:
        """Whether the encoder reads two words as synonyms (cosine at least the calibrated ``synonym``)."""
        return self._cosine(a, b) >= self.calibration.synonym

    def _cosine(self, a: str, b: str) -> float:
        va, vb = self.retriever.embedder.encode([a, b])
        return float(va @ vb / (np.linalg.norm(va) * np.linalg.norm(vb) or 1.0))

    def translate_topic(self, topic: str) -> str | None:
        """The plan's word for an English list or mention topic (the Asian Games → 亚运), never one it
        uses all over (a list of 工作 says nothing of "jobs"); None when the dictionary has none. The
        English lexicon's term comes first when the whole topic is one of its phrases (garbage sorting)."""
        topic = re.sub(r"\s+at all\W*$", "", topic.strip())  # "Hangzhou at all"
        if re.fullmatch(r"[A-Za-z]*\d[A-Za-z\d.+-]*[A-Za-z\d+]|[A-Za-z]+\d[\w.+-]*", topic):
            return topic  # a name of letters and digits (PM2.5, 5G) is looked for as written
        tokens = [t for t in ENGLISH_WORD.findall(topic.lower()) if t not in GLOSS_FILLER]
        if len(tokens) == 1 and len(tokens[0]) >= 2 and re.search(rf"(?<![a-z]){tokens[0]}(?![a-z])", self.plan_text):
            return tokens[0]  # a Latin name the plan itself writes (EOD)
        # A place named in pinyin with the kind of place in English (the Qiantang River → 钱塘江, Xiaoshan
        # District → 萧山区, or 萧山 when the plan never writes 萧山区).
        kinds = [t for t in tokens if t in PLACE_KINDS]
        if len(kinds) == 1 and (name := "".join(t for t in tokens if t not in PLACE_KINDS)):
            for spelled in [*(name + s for s in PLACE_KINDS[kinds[0]]), name]:
                if found := self.spelled_in_pinyin(spelled, common=True):
                    return found
        hits = self.synonyms.everyday_en(" ".join(tokens))
        # One word the dictionary translates whole: its word, when the lexicon's term only narrows it (ecology is
        # 生态, not the lexicon's 生态修复; safety is 安全, not 安全生产).
        exact = self.synonyms.glossary.phrase(topic, self.common, self.in_sense) if len(tokens) == 1 else None
        if exact and any(exact in t and exact != t for ts in hits.values() for t in ts):
            return exact
        if len(hits) == 1 and len(next(iter(hits)).split()) == len(tokens):
            terms = next(iter(hits.values()))
            if term := next((t for t in terms if not self.is_common(t)), None):
                # a word the plan uses all over that the term only lengthens is the topic itself:
                # "reform" is 改革 (seven tasks), not 改革开放 (one)
                shorter = [t for t in terms if t != term and t in term and self.is_common(t)]
                return max(shorter, key=len) if shorter else term
        # A name spelled in pinyin is exact, even for a word the plan uses all over (Xiaoshan → 萧山).
        found = (self.synonyms.glossary.phrase(topic, self.common, self.in_sense)
                 or self.spelled_in_pinyin("".join(tokens), common=True) or self.composed(tokens))
        # An English noun phrase ends in what it names: "teaching people party history" is about party history
        # (the last words the dictionary has as one sense; never a last word alone, too broad a topic). Not
        # past a preposition: "jobs for young people" is about jobs, and is left to what follows.
        for n in range(len(tokens) - 1, 1, -1):
            if found or PREPOSITION.search(topic):
                break
            if (tail := self.translate_topic(" ".join(tokens[-n:]))) and CJK_RUN.search(tail):
                found = tail
        if not found and any(self.synonyms.glossary.foreign(t) for t in tokens if t not in GENERIC_EN):
            # parking, Xiaoshan airport: the dictionary's words for one of them are none of the plan's, so "No"
            return topic
        if not found and 0 < len(kept := [t for t in tokens if t not in GENERIC_EN]) < len(tokens):
            return self.translate_topic(" ".join(kept))  # "elderly care": what is cared for is the topic
        return found

    def composed(self, tokens: list[str]) -> str | None:
        """The plan's phrase that the words' translations make in order, for two or three words (the Fengqiao
        experience → 枫桥 + 经验 → 枫桥经验; a name in pinyin or a dictionary word each), if the plan has it."""
        if not 2 <= len(tokens) <= 3:
            return None
        options = [[w for w in [self.spelled_in_pinyin(t, common=True), *self.synonyms.glossary.plan_words(t)] if w]
                   for t in tokens]
        for parts in product(*options):
            if len(phrase := "".join(parts)) >= 3 and phrase in self.plan_text:
                return phrase
        return None

    def translations(self, word: str) -> list[str]:
        """The plan's words for an English word, without those it uses all over (工作 for "jobs"); a plan
        word it spells in pinyin when the dictionary does not know it (Xianghu → 湘湖)."""
        found = [w for w in self.synonyms.glossary.plan_words(word) if not self.is_common(w)]
        if not found and not self.synonyms.glossary.knows(word) and (w := self.spelled_in_pinyin(word)):
            found = [w]
        return found

    @cached_property
    def _spellings(self) -> dict[str, dict[str, int]]:
        """A word's first syllable (toneless pinyin) → what the plan spells from there, over one or more of
        its jieba words (xianghu: 湘湖), and how often. Built once, at start-up (pypinyin over the plan)."""
        index: dict[str, dict[str, int]] = {}
        for run in re.findall(r"[\u4e00-\u9fff]+", self.plan_text):
            reading = read_as(run)  # (empty if pypinyin did not read it character by character)
            if not reading:
                continue
            edges = sorted(word_edges(run))  # where jieba's words of the run start and end
            for i, start in enumerate(edges[:-1]):  # from a word's start to the end of one of the next words
                for end in edges[i + 1:i + 1 + MAX_SPELLED_WORDS]:
                    if end - start >= 2:  # two syllables at least
                        spelled = index.setdefault(reading[start], {})
                        key = "".join(reading[start:end]) + "\t" + run[start:end]
                        spelled[key] = spelled.get(key, 0) + 1
        return index

    def spelled_in_pinyin(self, word: str, common: bool = False) -> str | None:
        """The plan word a pinyin spelling names (place names: Xianghu → 湘湖, Guali → 瓜沥), one or more of
        jieba's words of the plan read as the word is spelled; None for anything else, and for a word the
        plan uses all over unless ``common`` (a list or mention topic is looked for as named)."""
        key = re.sub(r"[^a-z]", "", word.lower())
        if len(key) < 4:
            return None
        found: dict[str, int] = {}
        for n in range(1, 7):  # a syllable has one to six letters
            for spelled, count in self._spellings.get(key[:n], {}).items():
                reading, _, w = spelled.partition("\t")
                if reading == key:
                    found[w] = found.get(w, 0) + count
        if not found:  # the first characters of one longer word of the plan (fengqiao: 枫桥 of 枫桥经验)
            for n in range(1, 7):
                for spelled, count in self._spellings.get(key[:n], {}).items():
                    reading, _, w = spelled.partition("\t")
                    if reading.startswith(key) and len(_jieba().lcut(w, HMM=False)) == 1 and (syllables := read_as(w)):
                        joined = ""
                        for k, syllable in enumerate(syllables, 1):
                            joined += syllable
                            if joined == key and k >= 2:
                                found[w[:k]] = found.get(w[:k], 0) + count
                            if len(joined) >= len(key):
                                break
        best = max(found, key=lambda w: (found[w], w), default=None)
        return best if best and (common or not self.is_common(best)) else None

    def task_words(self, task: int) -> frozenset[str]:
        """The words of a task as jieba segments it (no sub-words): what a translation must match whole."""
        return self._task_words[task]

    def english_coverage(self, query: Query, retrieval: Retrieval, stand_ins: dict[str, str]) -> Coverage:
        """How an English question's words are covered, through their translations, by the best of the top three tasks.

        A word the dictionary has only for words the plan never uses (parking) counts as not
        covered; a word it does not know (a typo) counts for nothing.
        """
        glossary = self.synonyms.glossary
        # A word the plan has only in a longer sense (xiaoshan: "Xiaoshan district of Hangzhou") or
        # only in words it uses all over says nothing either way.
        # The sentences before the one that asks tell the story: their words are no evidence either way.
        said = [t for t in query.focus if t in stand_ins or glossary.foreign(t)]
        counted = [t for t in said if t not in query.told]
        # (unless the one that asks names no topic of its own: "…can't find a job. Does the plan help people
        # like me?" asks of the story's)
        if not [t for t in counted if t.lower() not in GENERIC_EN | EN_CONTEXT | EN_PEOPLE]:
            counted = said
        # "elderly care": what is cared for is the topic; care itself (护工?) says nothing of coverage
        # (not one of a phrase the lexicon has: work of "work out" is exercise, 健身)
        phrased = {w for k in self.synonyms.everyday_en(query.retrieval_text) if " " in k for w in k.split()}
        topical = [t for t in counted if t.lower() not in GENERIC_EN or t.lower() in phrased]
        if counted and not topical:  # "Are there places to work near me?": no topic to find (地方 of 地方戏曲)
            return Coverage(counted, 0.0)
        counted = topical
        # "Is the district making…": the place asked of is context, as 区里 is in Chinese
        counted = [t for t in counted if t.lower() not in EN_CONTEXT | EN_PEOPLE] or counted
        # "childcare for little kids": how big the thing is describes it, as 小 does in Chinese; no topic
        counted = [t for t in counted if t.lower() not in EN_SIZES] or counted
        # "Is anyone fixing water quality?": a verb the plan has no word for is what is done, in the plan's own
        # verbs (治理); one it has a word for (reduce: 减负) is evidence like any other word
        counted = [t for t in counted if t in stand_ins or not glossary.is_verb(t)] or counted
        missing = [t for t in counted if t not in stand_ins]
        if not counted or not retrieval.tasks:
            return Coverage(missing, 0.0)

        def share(task: int) -> float:  # a two-character translation counts as a word of the task (书记 is
            used, text = self.task_words(task), self.retriever.task_text(task)  # not in 总书记); a longer one anywhere
            return sum(any(w in used or (len(w) > 2 and w in text) for w in stand_ins[t].split())
                       for t in counted if t in stand_ins) / len(counted)

        shares = [(share(th.task.number), -rank) for rank, th in enumerate(retrieval.tasks[:3])]
        best = max(shares)
        if shares[0][0] == 0 and best[0] > 0:
            retrieval.tasks.insert(0, retrieval.tasks.pop(-best[1]))
        return Coverage(missing, best[0] if shares[0][0] == 0 else shares[0][0])

    def coverage(self, query: Query, retrieval: Retrieval, stand_ins: dict[str, str],
                 asked: list[str] | tuple[str, ...] = (), told: list[str] | tuple[str, ...] = ()) -> Coverage:
        """How the focus is covered by the best task (by the best-covering of the top three when the best has none).

        Words the plan uses all over (建设, 发展: in most of its tasks) say nothing about which task a
        question is about, nor whether the plan covers it: they are left out when other words remain.
        ``asked``: phrases of the policy lexicon in the clause that asks (跑好几趟): one that the best
        task has in the plan's words (一网通办) covers the question, whatever words jieba cut around it;
        a task retrieved that has it comes first when the best has neither it nor the whole focus.
        ``told``: the lexicon's phrases in the story before that clause (请不起律师): one the best task
        has also covers it, but moves no task first.
        """
        if query.english:
            return self.english_coverage(query, retrieval, stand_ins)
        # (no topic in the clause that asks, "能不能网上一次办掉": the words the plan or its lexicon speaks to)
        focus = list(query.focus or [t for t in query.terms if len(t) > 1 and (t in stand_ins or t in self.plan_text)
                                     and t not in CONTEXT_WORDS]  # (not 解决 of "停车难咋解决")
                     or query.terms)
        focus = [t for t in focus if not self.is_common(t)] or focus
        focus = self.without_generic_heads(focus, query.text)  # (养老服务: 养老)
        if not focus or not retrieval.tasks:
            return Coverage(list(focus), 0.0)
        # A year the plan never names ("2035年要建多少未来社区") is a detail it does not give of the topic, not a
        # topic of its own: it is missing, and the share is the topic's.
        unsaid_years = [t for t in focus if UNSAID_YEAR.fullmatch(t) and t not in self.plan_text]
        focus = [t for t in focus if t not in unsaid_years] or focus
        shares = [(self._share(focus, th.task.number, stand_ins), -rank) for rank, th in enumerate(retrieval.tasks[:3])]
        share, best = shares[0][0], max(shares)
        # The ranking put none (or under half) of what is asked about first, and another of the top three has
        # it all (湘湖EOD: 湘湖 in task 19, both in 22): the task that has it.
        if (share == 0 and best[0] > 0) or (share < 0.5 and best[0] >= TAKES_THE_LEAD) \
                or (share < WHOLE_TAKES_THE_LEAD and best[0] == 1.0):
            retrieval.tasks.insert(0, retrieval.tasks.pop(-best[1]))
            share = best[0]
        missing = [t for t in focus if t not in self.plan_text and t not in stand_ins and t not in unsaid_years]
        missing += unsaid_years
        # A task retrieved that has the plan's term for a phrase asked about (移风易俗 for 彩礼, 红白喜事) is
        # what the question is about, when the best-ranked one has neither it nor all of the focus.
        # (a phrase of several words first, by the lexicon's terms for it: 当官的和老板走得近 → 新型政商关系, task 29,
        # over 当官的 → 干部 and 老板 → 企业家 apart)
        several = [k for k in asked if self.synonyms.key_words(k)]

        def has(k: str, task: int) -> bool:
            return self._covered(k, task, stand_ins) == 1.0 or (k in several and any(
                p in self.retriever.task_text(task) for p in self.synonyms.lexicon.get(k, ()) if not self.is_common(p)))
        has_several = [any(has(k, th.task.number) for k in several) for th in retrieval.tasks]
        has_asked = [any(has(k, th.task.number) for k in asked) for th in retrieval.tasks]
        first = has_several if True in has_several else has_asked
        if not first[0] and True in first:
            at = first.index(True)
            retrieval.tasks.insert(0, retrieval.tasks.pop(at))
            has_asked.insert(0, has_asked.pop(at))
        if has_asked[0] or any(self._covered(k, retrieval.tasks[0].task.number, stand_ins) == 1.0 for k in told):
            share = 1.0
        return Coverage(missing, share)

    def without_generic_heads(self, focus: list[str], text: str) -> list[str]:
        """The focus without a generic head said after another focus word (养老服务: 养老 + 服务): the kind of
        thing, not a second topic (unless the plan writes the compound: 浙大二院总部项目's 项目 is of its name)."""
        return [t for t in focus if not (t in GENERIC_HEADS and any(
            f + t in text and f + t not in self.plan_text for f in focus if f != t))] or focus

    def _covered(self, term: str, task: int, stand_ins: dict[str, str]) -> float:
        """How much of ``term`` a task's text has: 1 for itself, its stand-in or all its morphemes
        (环境保护 → 环境 + 保护: the plan may say both without the compound), else the share of its
        morphemes it has (贪污腐败: 腐败 only), the plan's most common words not counting."""
        text = self.retriever.task_text(task)
        if len(term) == 1:  # a lone character, as a word of the task's or its stem (建 of 建成; not 诗 of 唐诗之路)
            return 1.0 if any(w.startswith(term) for w in self._task_words[task]) else 0.0
        if term in text or any(w in text for w in stand_ins.get(term, "").split()):  # a stand-in may be several
            return 1.0
        parts = morphemes(term)
        if len(parts) == 1 and len(term) == len(parts[0]) + 1:
            # a word and one character more (水污染: 污染 and 水): covered where one sentence of the task
            # says both (…污染防治…水…), as the plan writes the compound's sense apart
            return 1.0 if any(said_apart(term, s.text) for s in self.corpus.task(task).sentences) else 0.0
        if len(parts) < 2:
            return 0.0
        if all(p in text for p in parts):
            return 1.0
        return sum(len(p) for p in parts if p in text and not self.is_common(p)) / sum(len(p) for p in parts)

    def is_common(self, term: str) -> bool:
        """A word the plan uses all over, or made only of such words (服务体系 = 服务 + 体系)."""
        parts = morphemes(term)
        return term in self.common or (len(parts) >= 2 and all(p in self.common for p in parts))

    def _share(self, focus: list[str], task: int, stand_ins: dict[str, str]) -> float:
        weights = [len(t) * _weight(t) for t in focus]
        return sum(w * self._covered(t, task, stand_ins) for t, w in zip(focus, weights, strict=True)) / sum(weights)

    def decide(self, query: Query, retrieval: Retrieval, coverage: Coverage) -> Answer:
        cosine = retrieval.dense_top if query.english else retrieval.task_top
        covered = self.calibration.covered(coverage.share, cosine, query.english, not coverage.missing)
        if query.english and coverage.missing and coverage.share == 0:
            # "Is there enough parking in Xiaoshan?": a word the plan has no word for, and none of the others
            # in the best text: its likeness in meaning (萧山 in two titles) does not answer it.
            covered = False
        if not query.english and any(t.endswith(REGION_ENDS) and self.names_place(t) and t in query.text
                                     for t in coverage.missing):  # (not one of the question before: "那萧山呢")
            # "进化镇有没有未来乡村？": a place the plan never names is not where its words apply
            covered = False
        if not (query.focus or query.before or query.refers_to or any(
                len(t) > 1 and (t in self.plan_text or t in retrieval.stand_ins) for t in query.terms)
                or any(len(k) > 2 and k in query.text for k in retrieval.stand_ins)):  # (a phrase: 找工作)
            return self.not_covered(query)  # an attack's "点我", "好的", "人呢": no word of the plan's, nothing asked
        if query.elsewhere and retrieval.tasks:
            # "上城区要建几个未来社区？": the plan's words, of another district; its numbers are not that one's
            return self.partial(query, retrieval, list(query.elsewhere))
        if (years := [t for t in coverage.missing if UNSAID_YEAR.fullmatch(t)]) and coverage.share >= 0.5 \
                and retrieval.tasks:
            return self.partial(query, retrieval, years)  # the topic, but not of that year: what it says instead
        if query.refers_to and retrieval.tasks and retrieval.tasks[0].task.number in query.refers_to:
            covered = covered or coverage.share > 0 or not query.focus
            if not covered and query.rule == "within named tasks" and query.focus:
                # "第16条是不是说要限购": that task does not say it; what it says nearest, not "the plan is silent"
                return self.partial(query, retrieval, coverage.missing or "")
        if covered and retrieval.tasks:
            answer = self.quote(query, retrieval)
            if (lacking := self.lacks_asked_value(query, answer.citations)) is not None:
                return self.partial(query, retrieval, lacking)
            return answer
        # The related text is shown only when at least half of what is asked about is in it: below
        # that, the "related" sentence shares a character or a side word and would mislead.
        # (not when what it has of the question is only what is done, 扩建 of "萧山机场要扩建吗": its related
        # sentence, 医院改扩建, is about another thing)
        if coverage.missing and self._only_doings_covered(query, coverage):
            return self.not_covered(query)
        if coverage.missing and coverage.share >= 0.5 and retrieval.tasks:
            return self.partial(query, retrieval, coverage.missing)
        if coverage.share >= 0.5 and retrieval.tasks and not query.english:
            # Every word of it in the plan, but not together ("农村也要搞垃圾分类吗": 城乡生活垃圾分类): "the
            # plan does not touch this" would be untrue; it does not answer it, and shows what it says.
            # (An English word's coverage is its dictionary translations': too weak a sign for this.)
            return self.partial(query, retrieval, "")
        return self.not_covered(query)

    @staticmethod
    def _only_doings_covered(query: Query, coverage: Coverage) -> bool:
        """Whether every focus word the plan has is a verb, as the question uses it, and a missing one is a thing
        (机场 扩建: the plan's 扩建 is of something else)."""
        tags = dict(tagged_words(query.text))
        covered = [f for f in query.focus if f not in coverage.missing]
        return bool(covered) and all(tags.get(f, "").startswith("v") and tags.get(f) != "vn" for f in covered) \
            and any(tags.get(m, "n").startswith(("n", "s")) for m in coverage.missing)

    def small_talk(self, query: Query) -> Answer:
        """A greeting or thanks: what the assistant is for, with examples to ask (found: nothing was asked)."""
        kind = "thanks" if re.search(r"谢|thank", query.text) else "bye" if re.search(r"再见|拜拜|bye", query.text) \
            else "hello"
        if query.english:
            text = SMALL_TALK_EN.format(lead=SMALL_TALK_LEAD_EN[kind], span=self.citer.span(True),
                                        first=self.corpus.tasks[0].number)
        else:
            text = SMALL_TALK_ZH.format(lead=SMALL_TALK_LEAD[kind], title=self.citer.title, span=self.citer.span(),
                                        examples=self._examples())
        return Answer(text, False, route=Route.SEARCH, question=query.retrieval_text)

    def not_covered(self, query: Query) -> Answer:
        if query.english:
            text = NOT_COVERED_EN.format(span=self.citer.span(True), first=self.corpus.tasks[0].number)
        else:
            text = NOT_COVERED.format(title=self.citer.title, span=self.citer.span(), examples=self._examples())
        return Answer(text, False, route=Route.SEARCH, question=query.retrieval_text)

    def _examples(self) -> str:
        """Two questions to try, quoted, as the Chinese refusal and greeting offer them."""
        return "“" + "”“".join(self.examples[:2]) + "”" if self.examples else "“第一部分讲什么？”"

    # ---- quoting ------------------------------------------------------------------------------

    def pick_sentences(self, query: Query, retrieval: Retrieval, limit: int = 3,
                       lacking: tuple[str, ...] = ()) -> list[tuple[Task, SentenceHit]]:
        """The sentences that answer the question: the best, and close runners-up from the top tasks.
        ``lacking``: focus words the plan never uses (a partial answer's), not asked of more sentences."""
        candidates: list[tuple[float, Task, SentenceHit]] = []
        # A stand-in may be several plan words (an English word's translations: "就业 工作").
        terms = [*content_terms(retrieval.query, self.stop), *" ".join(retrieval.stand_ins.values()).split()]
        stand_ins = " ".join(retrieval.stand_ins[f] for f in query.focus if f in retrieval.stand_ins)
        # (a generic head after another focus word is the kind of thing, as the coverage reads it: 托育服务 asks of
        # 托育, not of every sentence that says 服务, 公共法律服务)
        focus = [*self.without_generic_heads(list(query.focus), query.text), *stand_ins.split()]
        # (in the task the coverage was judged on, the plan's word for an everyday one anywhere in the
        # question is what it means too: 不会用智能手机 → 数字鸿沟)
        bridged = [w for w in " ".join(retrieval.stand_ins.values()).split() if len(w) > 2]
        top = retrieval.tasks[0].task.number if retrieval.tasks else None
        if query.followup:
            focus = focus or list(query.terms)
        shown = normalize(query.shown)  # "还有别的吗": what the last answer quoted is left out
        tasks = retrieval.tasks[:5] if shown else retrieval.tasks[:3]
        if query.refers_to and any(th.task.number in query.refers_to for th in tasks):
            tasks = [th for th in tasks if th.task.number in query.refers_to]  # "这个…": that task, no other
        for rank, th in enumerate(tasks):
            for h in th.sentences[:8] if shown else th.sentences[:4]:
                text = normalize(h.sentence.text)
                if shown and (text[:24] in shown or (h.sentence.index == 0 and normalize(th.task.title) in text)):
                    continue  # (nor, as "more", the task's title standing as its first sentence)
                overlap = sum(len(t) for t in terms if t in text) / max(1, sum(len(t) for t in terms))
                focus_hit = any(f in text or said_apart(f, text) for f in focus + bridged * (th.task.number == top)) \
                    if focus else True
                if shown and not all(f in text or any(w in text for w in retrieval.stand_ins.get(f, "").split())
                                     for f in query.focus if f not in lacking):
                    continue  # more of the topic asked about (all of it: 垃圾 and 分类), not more of anything
                score = h.score * (1 + overlap) * (1.0 if focus_hit else 0.3) * (1.0 - 0.1 * rank)
                candidates.append((score, th.task, h))
        candidates.sort(key=lambda c: -c[0])
        if not candidates:
            return []
        # The task the coverage was judged on leads: its best sentence first, then close runners-up.
        top = retrieval.tasks[0].task.number
        lead = next((c for c in candidates if c[1].number == top), candidates[0])
        picked = [lead] + [c for c in candidates if c is not lead and c[0] >= 0.7 * lead[0]][:limit - 1]
        return [(t, h) for _, t, h in picked]

    def quote(self, query: Query, retrieval: Retrieval) -> Answer:
        picked = self.pick_sentences(query, retrieval)
        question = query.retrieval_text
        if not picked and query.shown:  # every related sentence was in the last answer
            return self.nothing_more(query)
        if picked and picked[0][1].sentence.index == 0 and not query.followup and query.wants == Want.EXPLANATION:
            # The question matches a task's title ("健康萧山包括哪些内容"): it is about the whole task.
            return whole_task(self.corpus, self.citer, picked[0][0], question, Route.SEARCH, english=query.english)
        top = retrieval.tasks[0].task
        parts: list[str] = []
        which = query.wants == Want.WHICH_TASK
        if which:
            sec = self.corpus.section_of(top)
            parts.append(f"This is task {top.number}, “{top.title}” (section {sec.numeral}, {sec.title})."
                         if query.english else f"这属于第{top.number}条“{top.title}”（{sec.numeral}、{sec.title}）。")
        by_task: dict[int, list[SentenceHit]] = {}
        for task, h in picked:
            by_task.setdefault(task.number, []).append(h)
        citations: list[Citation] = []
        for number, hits in by_task.items():
            task = self.corpus.task(number)
            hits.sort(key=lambda h: h.sentence.start)
            # Sentences that are not next to each other in the plan are shown apart: "…" where text is left out.
            quote = self.corpus.quote(hits[0].sentence) + "".join(
                ("" if h.sentence.start == prev.sentence.end else "…") + self.corpus.quote(h.sentence)
                for prev, h in zip(hits, hits[1:], strict=False))
            if query.english:  # the plan's text is quoted as it is, introduced in the question's language
                lead = "The plan's text: " if which and number == top.number else f"Task {number} ({task.title}) says: "
            else:
                lead = "原文：" if which and number == top.number else f"第{number}条“{task.title}”提出："
            parts.append(f"{lead}{quote}【{number}】")
            citations += [self.citer.cite(task, h.sentence, h.score) for h in sorted(hits, key=lambda h: -h.score)]
        order = list(by_task)  # the first picked task leads
        citations.sort(key=lambda c: (order.index(c.task), -c.score))
        quotes = "".join(c.quote for c in citations)
        # and a phrase it quotes that the plan never says ("“15分钟健身圈”怎么打造": the plan's is 10分钟)
        # (a phrase in the plan's writing, and a few at most: quote marks in pasted text or markup are no claim,
        # and what a client wrote is not repeated at length)
        cited = "".join(self.corpus.task(n).text for n in by_task)
        said_of = NAMED_PART.sub(" ", query.text)  # (第19条 names the task the claim is of: it claims no 19条)
        claimed = [*(q for q in QUOTED_TERM.findall(query.text) if CLAIMED_PHRASE.fullmatch(q) and name_key(q)
                     and not any(name_key(q) in keyed for keyed in self._keyed_tasks.values())),
                   *unsaid_numbers(said_of, quotes), *unsaid_qualifiers(said_of, quotes),
                   *unsaid_variants(said_of, cited, self.plan_text),
                   *self.unsaid_words(query, retrieval, quotes)]
        # (not a word inside a longer phrase claimed: 全国 of 全国营商环境最优)
        claimed = [c for c in dict.fromkeys(claimed) if not any(c in o and c != o for o in claimed)][:MAX_CLAIMED]
        # (one the cited tasks say elsewhere may be right: no note; one another task says is not what the plan
        # says of this, but "the plan never says it" would be false: 全国 of 全省营商环境最优区)
        claimed = [c for c in claimed if not _says(cited, c)]
        # and a figure the quotes do say, but of another thing than the one it is claimed of (样板区要建50个: 3个)
        if CHECKS_CLAIM.search(query.text) or not ASKS_WH.search(query.text):
            claimed += [f for f in misattached_figures(said_of, quotes) if f not in claimed][:MAX_CLAIMED]
        # and what the quotes say the opposite of (扩大城乡差距: 缩小), whatever the cited tasks say elsewhere
        claimed += [c for c in contradicted(said_of, quotes) if c not in claimed][:MAX_CLAIMED - len(claimed)]
        elsewhere = [c for c in claimed if _says(self.plan_text, c)]
        if claimed:
            # "规划说要达到99%，对吗？": the plan's figure is shown, and that the one asked about is not it
            said = "”“".join(_unechoed(claimed, query.english))
            if query.english:
                parts.insert(0, f"The plan does not say “{said}” of this. What it says:" if elsewhere
                             else f"The plan does not say “{said}”. What it says:")
            else:
                parts.insert(0, f"规划原文说的不是“{said}”，原文是这样写的：" if elsewhere
                             else f"规划原文没有“{said}”这个说法，原文是这样写的：")
        return Answer("\n".join(parts), True, citations=citations, route=Route.SEARCH, question=question)

    def unsaid_words(self, query: Query, retrieval: Retrieval, quotes: str) -> list[str]:
        """A claim's words that the quotes do not say ("规划说要关闭所有区级医院，是吗": 关闭, 所有), for a Chinese
        question that asks to confirm a claim (是吗, 对吧, 是真的吗), by itself or a word standing in for it."""
        if query.english or not CONFIRMS.search(query.text):
            return []
        # The claim's words, not only its focus: what would be done (拆除湘湖), to whom (每个村), on what condition
        # (不分就罚款) is what makes it true or not. Read in the clause that claims (not the story before it).
        clauses = [c for c in CLAUSE_SPLIT.split(CLAIM_TAG.sub("", query.text)) if c.strip()]
        claim = clauses[-1] if clauses else ""
        words = [*query.focus, *(t for t in query.terms if t in claim and t not in query.focus
                                 and (t not in CONTEXT_WORDS or t in ALL_OF) and t not in self.stop
                                 and not _figures(t))]  # (a figure is compared as a number: unsaid_numbers)
        # (a stem is no evidence for a claim: 火车西站 says 火车, not that a 火车站 will be built; but a word of the
        # claim beside its topic is taken as said when the quotes have a character of it, as a plan says a thing in
        # its own words: 提高 of 提升, 集团化 of 集团办学, 更严 of 严格; nor is 这场 or 那个 a claim)
        lower = quotes.lower()  # (an English letter term is lower case in the question: eod of EOD)
        done_away = re.search(DONE_AWAY_WITH, quotes)  # (打破 of a claim is the quotes' 破除)
        return [f for f in words if len(f) > 1 and f not in quotes and f not in lower and f not in self.common
                and not (done_away and re.fullmatch(UNDONE_IN_A_CLAIM, f))
                and not (len(f) == 2 and f[0] in "说讲" and f not in query.focus)  # (说乱 of 规划说乱扔…)
                and not any(w in quotes for w in retrieval.stand_ins.get(f, "").split() if not f.startswith(w))
                and (f in query.focus or f in ALL_OF or not (set(f) & set(quotes) or f[0] in "这那"))]

    @staticmethod
    def nothing_more(query: Query) -> Answer:
        text = ("The answer above already quotes the plan's text on this; I found nothing more."
                if query.english else "上面的回答已经引用了规划里与此相关的原文，没有找到更多。")
        return Answer(text, False, route=Route.SEARCH, question=query.retrieval_text)

    def lacks_asked_value(self, query: Query, citations: list[Citation]) -> str | None:
        """What the question asks for that the quoted sentences do not state (a date, a count of it)."""
        quotes = "".join(c.quote for c in citations)
        if query.wants == Want.COMPARISON:
            return "与别处的比较"  # "萧山的教育和余杭比哪个好": a plan compares with nothing
        if query.wants == Want.ADVICE:
            return "针对个人情况的建议（规划写的是全区要做什么）"
        if query.wants == Want.RULE:
            return "具体的管理规定（能不能做、怎么收费或交税）"
        if query.wants == Want.DATE and not (CLOCK_RE if ASKS_HOURS.search(query.text) else HAS_YEAR).search(quotes):
            return "具体时间"
        if query.wants == Want.DATE and ASKS_DAY.search(query.text) and not STATES_DAY.search(quotes):
            return "具体时间"  # "几号开始报名", "哪个学期": a year ("到2025年") names no day or term
        if query.wants == Want.WHO and ASKS_PERSON.search(query.text):
            return "具体是谁"
        if query.wants == Want.WHO and ASKS_PHONE.search(query.text) and not re.search(r"\d{5,}", quotes):
            return "联系电话"
        if query.wants == Want.MEMBERS and not names_members(query.text, quotes):
            return "具体是哪些"
        if query.wants == Want.STATUS and not REPORTED.search(quotes):
            return "现在的进展（规划写的是要做什么）"
        if query.wants == Want.PROCEDURE and not STATES_PROCEDURE.search(quotes):
            return "申请条件和办理手续"
        if query.wants == Want.METHOD and not STATES_METHOD.search(quotes):
            return "具体的计算办法和标准"
        if query.wants in (Want.PLACE, Want.WHO):
            # Whole words only (区域 is no 区), and the plan's own place name (萧山区) names no particular place.
            # Nor the thing asked about (未来社区在哪里: 社区 in the quote names no place for it).
            named = [w for w in segment(quotes) if len(w) >= 2 and w not in self.stop
                     and not any(f in w or w in f for f in query.focus)]
            if query.wants == Want.PLACE:
                # "X在哪里" asks where X is: a place's name answers, not what the quote lists beside X
                # (世界旅游博览馆、浙江省油画院). "哪里可以健身" asks for somewhere to go: a kind of place
                # answers too (文化公园, 健身中心).
                if kind := ASKED_KIND_OF_PLACE.search(query.text):  # 建在哪个街道: a 街道's name (not 萧山段)
                    places = [w for w in named if w.endswith(kind.group(1)) and self.names_place(w)]
                elif ASKS_LOCATION.search(query.text):
                    siblings = {i for item in re.split(r"[,，。;；:：]", quotes) if "、" in item
                                and any(f in item for f in query.focus) for i in segment(item)}
                    places = [w for w in named if self.names_place(w) and w not in siblings]
                else:
                    places = [w for w in named if w.endswith(PLACE_ENDS)]
                if not places:
                    return "具体地点"
            # A body the quote names as the one that does it (由区安委会…, …牵头) answers who; one it merely
            # names (促部门, 党群服务中心 beside “红领萧山”) does not, nor does a two-character 格局 or 客厅.
            elif ASKS_PROPOSER.search(query.text) and PROPOSER.search(quotes):
                pass  # who proposed it, and the quote says who did
            elif not (RESPONSIBLE.search(quotes) and any(w.endswith(BODY_ENDS) and not (len(w) == 2 and w[-1] in "局厅")
                                                         for w in named)):
                return "由谁负责、找哪个部门"
        if ASKS_AGE.search(query.text) and not STATES_AGE.search(quotes):
            return "具体数字"  # how old (距今多少年): a programme's length (三年行动计划) is no age
        if query.wants == Want.NUMBER and ASKS_RATE.search(query.text) and not STATES_RATE.search(quotes):
            return "每年的具体数字"  # "每年建多少个未来社区": the plan gives 50 by 2025, not a yearly figure
        if query.wants == Want.NUMBER and (year := ASKED_YEAR.search(query.text)) and not HAS_YEAR.search(quotes):
            return f"“{year.group()}”这个期限"  # "耕地安全利用率2025年目标多少": the 93% is given no year
        if query.english and query.wants == Want.NUMBER and (year := EN_BY_YEAR.search(query.text)) \
                and year.group(1) + "年" not in quotes:
            return f"“by {year.group(1)}”"  # "How many future communities by 2030?": the plan's 50 are by 2025
        if query.wants == Want.NUMBER and ASKS_VERSION.search(query.text):  # "城市大脑是几点零": 2.0 answers
            return None if VERSION_RE.search(quotes) else "具体数字"
        if query.wants == Want.NUMBER:
            # "几分钟", "多少周年": a number in that unit answers; "多少学校": a number that counts.
            unit = ASKED_UNIT.search(query.text)
            counted = re.compile(NUMERAL + re.escape(unit.group(1))) if unit else COUNT_RE
            if ASKS_MONEY.search(query.text):  # 多少钱, 价格, 收费: only an amount of money answers
                counted = MONEY_RE
            if query.english:  # "how many minutes": the unit is in English, any figure may be it
                counted = re.compile(r"\d")
            if not counted.search(NOT_COUNTED.sub("", HAS_YEAR.sub("", quotes))):
                return "具体费用和金额" if counted is MONEY_RE else "具体数字"
        return None

    def names_place(self, word: str) -> bool:
        """Whether a word of a quote names a place ("where" is answered by 瓜沥镇, 湘湖, 湘湖校区), not a kind
        of place (现代社区, 文化公园, 校区, 城市) or a scope (全省)."""
        if not word.endswith(PLACE_ENDS) or word in self.common or word.startswith("全"):
            return False
        if set(word) <= set("省市区县镇乡街道村社"):  # levels of government (区镇村, 镇街), no place
            return False
        words = tagged_words(word)
        head, flag = words[-1]  # 湘湖校区 → 湘湖 + 校区; 现代社区 → 现代 + 社区
        name = word[: -len(head)]
        if not name:  # a word of its own: a place name to the tagger (湘湖, 亚运村), or a common noun (校区)
            return flag == "ns"
        if len(name) == 1:  # 瓜 + 沥镇 is a name; 抓 + 镇 (a verb before a bare 镇) is not
            return len(head) > 1
        return not is_common_word(name)  # not 现代 + 社区

    def partial(self, query: Query, retrieval: Retrieval, lacking: str | list[str]) -> Answer:
        """The plan covers the topic but not what is asked about it: say so, then show what it does say.

        ``lacking``: the kind of value the quotes do not give ("具体时间", "具体数字"), the words the plan
        never uses, or "" when it uses them all but not together (nothing it says answers the question).
        """
        never_used = () if isinstance(lacking, str) else tuple(lacking)
        if query.shown and query.focus and all(f in never_used for f in query.focus):
            return self.nothing_more(query)  # none of it is in the plan: any "more" would be unrelated text
        picked = self.pick_sentences(query, retrieval, limit=1, lacking=never_used)
        if not picked:  # "还有吗" after a partial answer: every related sentence was shown
            return self.nothing_more(query)
        task, hit = picked[0]
        # When words asked about are missing, the related sentence says one that is not (or its stand-in), or it
        # is not shown: "老旧小区改造" related task 15's 医院改扩建 by its sound alone.
        said = [f for f in query.focus if f not in never_used]
        said += [w for f in said for w in retrieval.stand_ins.get(f, "").split()]
        if never_used and said and not query.english and not query.refers_to and not any(
                w in normalize(hit.sentence.text) for w in said):
            return self.not_covered(query)
        quote = f"{self.corpus.quote(hit.sentence)}【{task.number}】"
        place = bool(never_used) and set(never_used) == set(query.elsewhere)  # another district's question
        if query.english and place:
            text = (f"This plan ({self.citer.title}) is about its own district; it says nothing of "
                    + " or ".join(never_used) + f" in particular. The closest text is in task {task.number} "
                    f"({task.title}): {quote}")
        elif query.english:
            # An English word is looked up through a dictionary, so its absence is what was found, not a fact.
            what = (f"The plan does not say {LACKING_EN.get(lacking, lacking)}" if isinstance(lacking, str)
                    else "I found no word in the plan for " + " or ".join(f'"{w}"' for w in lacking))
            text = (f"{what}, so I cannot answer that from it. "
                    f"The closest text is in task {task.number} ({task.title}): {quote}")
        elif place:
            text = (f"《{self.citer.title}》写的是本地的安排，没有专门写到“" + "”“".join(never_used)
                    + f"”，不能据此回答这个问题。{RELATED_LEAD}第{task.number}条“{task.title}”：{quote}")
        else:
            what = lacking if isinstance(lacking, str) else "“" + "”“".join(lacking) + "”"
            lead = f"规划没有写到{what}，不能据此回答这个问题。" if lacking else "规划没有直接回答这个问题。"
            # a figure the question claims that the plan never states ("规划里说要建50所学校对吧"): said plainly
            if not lacking and CHECKS_CLAIM.search(query.text) and (claimed := [
                    n for n in unsaid_numbers(query.text, quote) if n not in self.plan_text][:MAX_CLAIMED]):
                lead = "规划原文没有“" + "”“".join(_unechoed(claimed, False)) + "”这个说法。"
            text = f"{lead}{RELATED_LEAD}第{task.number}条“{task.title}”：{quote}"
        return Answer(text, False, citations=[self.citer.cite(task, hit.sentence, hit.score)], route=Route.PARTIAL,
                      question=query.retrieval_text)


def _unechoed(claimed: list[str], english: bool) -> list[str]:
    """What a claim said that the plan does not, as the answer repeats it: a phone or account number the client
    typed (规划说领补贴要打13800138000) is said as "that number", not repeated back."""
    return list(dict.fromkeys(("that number" if english else "这串数字") if re.search(r"\d{6,}", c) else c
                              for c in claimed))


RELATED_LEAD = "规划中相关的原文是"  # what a partial answer says before the text it shows (not the answer)
OPPOSED = ("东西", "南北", "上下", "左右", "前后", "内外", "大小", "高低", "多少", "新旧", "进出", "男女", "老少",
           "早晚")


def opposites(word: str, other: str) -> bool:
    """Two words alike but for one character, the two a pair of opposites (东站 / 西站, 上游 / 下游): the word
    vectors put such siblings close, but one never stands for the other."""
    if len(word) != len(other) or word == other:
        return False
    diff = [(a, b) for a, b in zip(word, other, strict=True) if a != b]
    return len(diff) == 1 and any(set(diff[0]) == set(pair) for pair in OPPOSED)


def names_members(question: str, quotes: str) -> bool:
    """Whether the quotes name the members a question asks for ("哪几种文化": two or more items of a
    、 list that end in the word asked for: 跨湖桥文化、吴越文化), rather than only counting them
    ("城乡风貌样板区3个")."""
    m = ASKS_MEMBERS.search(question)
    if m is None:
        return True
    asked = m.group("what") or m.group("named") or m.group("named2")
    # "哪两个全国性的创建目标": a phrase with its modifier (的), not a head the items end in; what it names
    # is read with the subject, and the list is the one a word of the question takes (争创…区、…区)
    described = ""
    if asked and "的" in (rest := question[m.end() - len(asked):])[:len(asked) + 6].split("？")[0]:
        described = re.split(r"[?？。，,]", rest)[0]
        asked = None
    if (part := re.match(r"哪一?个?([段片])", m.group())) \
            and re.search(rf"[\u4e00-\u9fff]{{2,}}{part.group(1)}", quotes):
        return True  # "在萧山哪一段": the quote names one (浙东运河萧山段)
    if re.match(r"哪(?:几|[一二三四五六七八九十两]|\d+)个?[字句]", m.group()):  # "哪几个字", "哪三句(话)": the wording
        return re.search(r"“[^”]{2,}”", quotes) is not None  # itself, which the plan quotes (“奔竞不息、勇立潮头”)
    if asked is None:  # "都叫啥名字", "名单": names the plan quotes, other than the one asked about, and as
        # many as asked for ("八项本领是哪八项" is not answered by “八项本领”“七种能力”); "叫什么名字" asks one
        least = 1 if re.match(r"叫(?:什么|啥)名字?", m.group()) and "都" not in question else max(2, asked_count(m))
        # in what the quotes say of the thing asked about ("八项本领有哪几项": not “一把手” in another sentence)
        subject = [t for t in content_terms(question[:m.start()] + (m.group("counted") or "") + described)
                   if len(t) > 1]
        near = [c for c in re.split(r"[,，。;；:：]", quotes) if any(t in c for t in subject)]
        names = {n for n in re.findall(r"“([^”]{2,20})”", "，".join(near) if near else quotes) if n not in question}
        # or listed before it ("民营企业家、新的社会阶层人士、新乡贤统战工作三张金名片": the three), not beside it
        # as one of a list (城乡社区、两新组织、行业系统: 两新组织 is not defined there)
        for c in near:
            items = c.split("、")
            last = items[-1].rstrip("。“”等 ")  # (ending in the thing: 城乡风貌样板区3个以上 starts with it, a sibling)
            if len(items) >= max(2, asked_count(m)) and any(last.endswith(t) and last != t for t in subject) \
                    and not any(t in i for i in items[:-1] for t in subject):
                return True
            # or the list a word of the question takes ("两个称号分别是什么" of 争创全国…发展区、…普惠区: after
            # 争创, in no other item; not a list the thing asked about is one of: 建设未来社区50个、未来乡村50个),
            # or one "等" sums up as the thing asked about (绍剧、莲花落等地方戏曲艺术)
            if len(items) >= max(2, asked_count(m)) and not any(subject[-1] in i for i in items) and any(
                    t in items[0] and not items[0].endswith(t) and not any(t in i for i in items[1:])
                    for t in subject if len(t) > 1 and (i0 := items[0].find(t)) >= 0 and "等" not in items[0][:i0]):
                return True
            if len(items) >= 2 and (sums := re.search(r"等([\u4e00-\u9fff]{2,})", items[-1])) \
                    and any(t in sums.group(1) and not any(t in i for i in [*items[:-1], items[-1][:sums.start()]])
                            for t in subject):  # (not 城乡社区、两新组织、行业系统等领域党组织: 两新组织 is listed)
                return True
        if described:  # (a list, not names the plan quotes: "哪几个新的学校" is not “家家门口都有好学校”)
            return False
        # of the kind named before it ("新开的小学叫啥名字": a 小学's name, not the slogan “家家门口都有好学校”)
        if (kind := re.search(rf"({NAMED_KINDS})(?:都)?叫(?:什么|啥)", question)) is not None:
            names = {n for n in names if n.endswith(kind.group(1))}
        return len(names) >= least
    what = (parts := segment(asked) or [asked])[0]  # "医院改扩建" → 医院
    for clause in re.split(r"[,，。;；:：]", quotes):
        items = [item.strip("“”等 ") for item in clause.split("、")]
        if sum(1 for item in items if item.endswith(what)) >= max(2, asked_count(m)):
            return True
        # "生态走廊在哪几个地方": a list the thing asked about sums up names its places, whatever each is
        # (钱塘江、浦阳江、西山—北干山—长山等生态走廊; not 未来社区50个、…、城乡风貌样板区3个以上: nothing summed up)
        if what in PLACES_ASKED and len(items) >= max(2, asked_count(m)) and (sums := re.search(
                r"等([\u4e00-\u9fff]{2,})", clause)) and any(len(t) > 1 and t in sums.group(1) for t in
                                                             content_terms(question[:m.start()])):
            return True
        # of a kind named by its modifier and head ("哪几种政治能力": 政治判断力、政治领悟力、政治执行力)
        if len(parts) > 1 and sum(1 for item in items if what in item and item.endswith(asked[-1])
                                  and not item.endswith(asked)) >= max(2, asked_count(m)):
            return True
        # or listed before a counted name of them ("民营企业家、新的社会阶层人士、新乡贤统战工作三张金名片")
        if len(items) >= max(2, asked_count(m)) and re.search(rf"{COUNTED_NAME}{re.escape(asked)}$", items[-1]):
            return True
    return False


PLACES_ASKED = frozenset("地方 地区 区域 地点 位置 片区 处 地块 点位".split())  # "哪几个地方": any place names
PREDICATE_WEIGHT = 0.6
# Another of the top three with every focus word takes the lead from a first with under this share of them
# (湘湖EOD项目: 湘湖 and 项目 in task 19, all three in task 22)
WHOLE_TAKES_THE_LEAD = 0.75


@lru_cache(maxsize=4096)
def _weight(term: str) -> float:
    """What a focus word weighs in the share covered: what is asked about (a thing, a noun) more than what is
    said of it (开发 of 湿地会不会被开发: the plan may speak to the thing, 保护利用, in other verbs)."""
    tagged = tagged_words(term)
    return PREDICATE_WEIGHT if len(tagged) == 1 and tagged[0][1] in ("v", "a", "ad", "vd", "d") else 1.0


COUNTED_NAME = r"(?:[一二三四五六七八九十两]|\d+)[个项种张类大条家所]"


def asked_count(m: re.Match) -> int:
    """How many members a question asks for by number ("哪八项": 8), 0 when it does not say."""
    numeral = re.match(r"哪([一二三四五六七八九十两]|\d+)", m.group())
    return 0 if numeral is None else (int(numeral.group(1)) if numeral.group(1).isdigit()
                                      else "一二三四五六七八九十".find(numeral.group(1)) + 1 or 2)


def said_apart(term: str, text: str) -> bool:
    """Whether a text says a word of one word and one character more with the two apart (水污染: 污染 and 水)."""
    parts = morphemes(term)
    if len(parts) != 1 or len(term) != len(parts[0]) + 1 or parts[0] not in text:
        return False
    return term.replace(parts[0], "", 1) in text.replace(parts[0], "")


@lru_cache(maxsize=8192)
def morphemes(term: str) -> tuple[str, ...]:
    """The two-or-more-character words inside a Chinese word, itself excluded, without overlaps.

    jieba's search mode finds every dictionary word inside (缩小差距 → 缩小, 小差, 差距); the parts
    are read left to right, longest first, skipping any that overlaps one already taken (小差).
    """
    if len(term) < 3 or not CJK_RUN.fullmatch(term):
        return ()
    found = sorted((start, -(end - start), w) for w, start, end in _jieba().tokenize(term, mode="search")
                   if end - start >= 2 and w != term)
    parts, taken = [], 0
    for start, _, w in found:
        if start >= taken:
            parts.append(w)
            taken = start + len(w)
    return tuple(parts)


__all__ = ["Calibration", "Coverage", "Searcher", "morphemes"]
