"""Understand a question once: (question, history) → a typed Query with its Route.

Every question pattern of the assistant lives here, and the order in which routes are tried is
:data:`ORDER` (the first that matches wins; ``search`` always matches):

1. ``nth of section``  "其中第二条呢？" after a section question → that task
2. ``targets``         "有哪些量化指标", "到2025年要完成什么"
3. ``list``            "哪些任务提到了养老", "讲到亚运的条目有哪些" (and "那托育呢？" after a list)
4. ``mention``         "规划提到停车了吗", "Is childcare in the plan?", "里面有没有提到扫黑？" (after a task)
5. ``name``            "“亲上加清”是什么" (a name the plan quotes, or a quoted term it never uses)
6. ``overview``        "这个规划有多少条任务", "规划分几部分", "What is this plan about?"
7. ``task``            "第22条", "任务22", "task 22" (also a number the plan lacks: ``missing_task``)
8. ``section``         "第七部分", "section 7", "生态这一部分"
9. ``search``          everything else: ranked retrieval, answered only when the plan covers the focus

Along the way the question is normalised once (traditional → simplified, full-width → half-width,
lower case; homophone typos corrected against the plan's words), its language is read, a
follow-up is resolved against the previous turn, and its *focus* (what it asks about, as opposed
to who asks, where and why) and the kind of answer it wants (a number, a date, yes/no …) are found.

Example::

    router = Router(corpus, catalog, speller, profile.stop_words)
    q = router.understand("第二十二條講什麼？")
    q.route, q.task          # (Route.TASK, 22)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property, lru_cache

from .catalog import Catalog, Name, fold, name_key
from .corpus import Corpus, Section, chinese_numeral
from .places import SPACED, Places
from .profile import plan_text
from .spelling import Speller, is_common_word
from .text import (
    CJK_RUN,
    STOP_CHARS,
    STOP_WORDS,
    _jieba,
    content_terms,
    cut,
    is_english,
    normalize,
    plain,
    segment,
    word_starts,
)
from .types import MARK_RE, Route
from .viterbi import viterbi

ORDER = ("nth of section", "targets", "list", "mention", "name", "overview", "task", "section", "search")


class Want(StrEnum):
    """The kind of answer a question asks for."""

    NUMBER = "number"  # 多少, 几个, how many
    DATE = "date"  # 什么时候, 哪一年, when
    STATUS = "status"  # 已经…了吗, 进展, 搞得怎么样了: how far it has got, which a plan does not report
    PROCEDURE = "procedure"  # 要什么条件, 怎么申请, 什么手续: how to qualify or apply, which a plan does not say
    METHOD = "method"  # 怎么算, 按什么标准: how an amount is worked out, which a plan does not say either
    MEMBERS = "members"  # 哪几家医院, 哪三个地方: the members named, not their number
    PLACE = "place"  # 在哪里, 去哪, where
    WHO = "who"  # 谁负责, 找哪个部门, 电话, who
    YESNO = "yesno"  # 有没有, 是否, 吗
    WHICH_TASK = "which_task"  # 哪一条, which task
    COMPARISON = "comparison"  # 和余杭比哪个好, which is better: a plan says what it will do, not how it compares
    ADVICE = "advice"  # 要不要去医院, 帮我查一下原因, 我们村能不能评上: one's own case, which a plan does not decide
    RULE = "rule"  # 能带狗进去吗, 能下去游泳吗, 捐款能抵税吗: what is allowed or charged, which a plan does not rule
    EXPLANATION = "explanation"  # what, how, anything else


@dataclass(frozen=True)
class Query:
    """A question as understood: what the handlers read (nothing re-reads the raw text)."""

    asked: str  # as sent, stripped
    text: str  # normalised once, typos corrected
    english: bool
    route: Route
    rule: str  # which pattern routed it (for the API's readers and the tests)
    fixes: dict[str, str] = field(default_factory=dict)  # homophone corrections made ("风桥" → "枫桥")
    standalone: str = ""  # what to retrieve with: a follow-up joined to the question it follows
    followup: bool = False
    refers_to: tuple[int, ...] = ()  # tasks a follow-up points back to (cited in the previous answer)
    focus: tuple[str, ...] = ()  # topic words of the asking clause (what is asked about)
    terms: tuple[str, ...] = ()  # topic words of the whole question (context included)
    wants: Want = Want.EXPLANATION
    task: int | None = None
    section: Section | None = None
    scope: frozenset[int] | None = None  # tasks a list, targets or mention question limits itself to
    scope_label: str = ""  # how to say the scope: "第13条中", "第七部分中"
    topic: str = ""  # the topic of a list or mention question, or an unknown quoted name
    deadline: str = ""  # the year a targets question names ("2025年")
    name: Name | None = None
    shown: str = ""  # "还有别的吗": the last answer, whose quotes are not repeated
    before: tuple[str, ...] = ()  # "那农村呢": the previous question's focus, which X may narrow (养老 in 农村)
    told: tuple[str, ...] = ()  # English: focus words only of the sentences before the one that asks
    sections: tuple[Section, ...] = ()  # parts asked about together ("第八部分和第九部分"), in order
    elsewhere: tuple[str, ...] = ()  # places of government it asks about that the plan never names (上城区)
    quoted: tuple[str, ...] = ()  # phrases it quotes that the plan says word for word (“红领通”)
    sentence: int = 0  # "它的第一句是什么": which sentence of the task, from 1 (-1: the last)

    @property
    def retrieval_text(self) -> str:
        return self.standalone or self.text


# A kind of place a follow-up narrows the last topic to ("那农村呢" after 养老), and the words a plan says it
# with (城乡 is both town and country).
AREAS = ((("农村", "乡村", "乡下", "村里", "农村地区"), ("农村", "乡村", "城乡", "农民")),
         (("城里", "城区", "市区", "城市"), ("城市", "城区", "城镇", "城乡")))
AREA_FORMS = {a: forms for group, forms in AREAS for a in group}


# ---- numbers and names of tasks and sections -----------------------------------------------------

NUM = r"(\d{1,3}|[一二三四五六七八九十百两]{1,6})"  # (一百二十三: 5)
TASK_ROUTES = [
    # (第N个 only as a task: "第十五个未来乡村是哪个" counts villages)
    re.compile(rf"第\s*{NUM}\s*(?:[条项]|个(?=\s*(?:任务|$|[?？吗呢呀啊是讲说的])))"),
    re.compile(rf"(?:任务|条目)\s*(?:第\s*)?{NUM}(?![共起直定样些般下切把])"),  # (not 任务一共, 任务一直)
    re.compile(rf"^\s*{NUM}\s*[条项](?![\u4e00-\u9fff](?<![讲是说的呢吗啊]))"),  # (not 七项本领: a count of a thing)
    re.compile(rf"(?<![\d.]){NUM}\s*号?任务"),
    re.compile(r"\b(?:task|item|article)\s*(?:no\.?|number|#)?\s*(\d{1,3})\b(?!\.\d)"),
]
LIST_FILLER = re.compile(r"具体|分别|到底|究竟|都|一共|总共")  # what a list question says of no topic
# Asked of the last answer: to say it shorter, to translate it, how the last two topics relate.
RESTATE = re.compile(r"(?:请|麻烦|能不能|可以|能)?(?:再|帮我)?(?:总结|概括|归纳|简单(?:点|些|一点)?(?:说|讲)"
                     r"|说简单[点些]|讲简单[点些]|简单说说|一句话(?:说|讲|概括|总结)|说重点|讲重点|说人话"
                     r"|通俗[点些]?(?:说|讲))(?:一下|下)?(?:吗|嘛|呗|吧|行吗|好吗)?")
TRANSLATE = re.compile(r"(?:请|麻烦|能不能|可以|能)?(?:再)?(?:用|翻译成|翻成|换成|说成)(?:英文|英语|日语|日文|韩语|韩文"
                       r"|法语|德语|俄语|西班牙语|粤语|外语)(?:说|讲|回答|翻译)?(?:一下|下)?(?:吗|嘛|呗|吧)?"
                       r"|(?:英文|英语)(?:版|的呢|呢)"
                       r"|(?:please )?(?:translate(?: it| that| this)?(?: into english| to english)?"
                       r"|in english|say (?:it|that) in english)(?: please)?", re.IGNORECASE)
# The plan's own words for what was just answered ("原文怎么说", "原文是什么", "show me the original text")
ORIGINAL = re.compile(r"(?:那|请|麻烦)?(?:把|给我)?(?:规划)?(?:的)?原(?:文|话)(?:里|中|是|上)?(?:怎么|咋|如何)"
                      r"(?:说|写|讲)的?|(?:规划)?(?:的)?原(?:文|话)(?:是|有)?(?:什么|啥|怎样)(?:样)?"
                      r"|(?:给我)?(?:看|发)(?:一下|看|下)?原文|原(?:文|话)呢"
                      r"|(?:show me |what(?:'s| is| does) )?the (?:original|exact) (?:text|words?)(?: say)?"
                      r"|(?:show me|quote) the (?:plan|text)", re.IGNORECASE)
RELATION = re.compile(r"(?:那)?(?:这|那)?(?:(?P<n>[两二三四五])(?:个|条|项|者|样)|二者|它们|它俩|这俩|这些|它们几个)"
                      r"(?:之间)?(?:有)?(?:什么|啥)(?:关系|区别|不同|联系)(?:吗|呢)?")
MAX_RESTATED = 5  # tasks whose titles say an answer shorter
MAX_NTH_BACK = 5  # answers looked back over for the list "那第三个呢" counts in
SHORT_CLAIM = 10  # characters: a claim this short after a question is about its topic ("全国最优是吧")
SHORT_FOLLOWUP = 8  # characters: a question this short after another may ask of its topic ("门票多少钱")
# One of the tasks the last answer listed, by its place in the list: "第二个讲了什么", "第一个是哪条的", "那第三个呢".
NTH_LISTED = re.compile(rf"^(?:那|那么|其中)?第\s*{NUM}\s*个(?:任务|条目)?(?:再|又)?(?:具体|详细|主要)?"
                        r"(?:讲讲|说说|讲一下|说一下|讲了?|说了?|写了?|是讲|是说|是)?(?:的)?"
                        r"(?:什么|啥|哪条|哪一条|哪个)?(?:的|内容|的内容|具体内容)?(?:呢|啊|呀)?$")
# One sentence of a task by its place: "第一句", "第3句话", "最后一句", "开头一句".
NTH_SENTENCE = re.compile(rf"第\s*{NUM}\s*句话?|(?P<last>最后一|倒数第一)句话?|(?P<head>开头|头)一?句话?"
                          r"|\b(?:the )?(?:(?P<en>first|second|third|fourth|fifth)|(?P<enlast>last)) sentence\b")
ASKS_ITS_TASKS = re.compile(r"(?:几|哪些|哪几)(?:条|项|个)?任务|哪几条")  # of a part: its tasks are the answer
# "最后一条呢" after a list of tasks (第七部分有哪几条): the last one listed, not the plan's last
LAST_LISTED = re.compile(r"^(?:那|那么|其中)?最后(?:一|那一?)[个条项](?:任务|条目)?"
                         r"(?:呢|是什么|是啥|讲什么|讲了什么|讲的啥|说了什么|是哪条|是哪一条)?$")
NTH_LISTED_TIAO = re.compile(NTH_LISTED.pattern.replace(r"个(?:任务|条目)?", r"[个条项](?:任务|条目)?", 1))
# A task numbered in a way no plan numbers them: negative (第-1条), in Roman numerals (第XVI条, task XVI),
# with a decimal point (第13.5条), zero (第〇条) or too many digits to be one (第999999999999条).
ODD_TASK = re.compile(r"第\s*(-\s*\d{1,3}|[ivxlc]{1,7}|\d+\.\d+|\d{4,}|[〇零0]+)\s*[条项]"
                      r"|\btask\s+(-\s*\d{1,3}|[ivxlc]{2,7}|\d+\.\d+|\d{4,})\b", re.IGNORECASE)
NO_TASK = 0  # the number task_named gives for one no plan can have (13.5, 〇): a missing task, said as asked
# Several tasks by number: "第13条和第14条", "第13、14、15条", "第20条到第22条", "tasks 13 and 14".
_N = r"(?:\d{1,3}|[一二三四五六七八九十]{1,3})"
_AND = r"(?:[、,，和及与跟?？!！;；。]|以及)"  # (第13条？第14条？: asked one after the other)
SEVERAL_TASKS = re.compile(rf"第\s*{_N}\s*(?:条|项)?(?:\s*{_AND}\s*第?\s*{_N}\s*(?:条|项)?)+"
                           r"(?<=[条项])"
                           rf"|第\s*(?P<a>{_N})\s*(?:条|项)?\s*(?:到|至|[-~—－])\s*第?\s*(?P<b>{_N})\s*(?:条|项)"
                           r"|\btasks?\s+\d{1,3}(?:\s*(?:,|and|&)\s*(?:task\s+)?\d{1,3})+\b"
                           r"|\btasks?\s+(?P<c>\d{1,3})\s*(?:to|-|through)\s*(?P<d>\d{1,3})\b")
MAX_TASKS_WHOLE = 3  # tasks asked for together quoted whole; more are listed by title
# Several parts: "第八部分和第九部分", "第六部分、第九部分", "sections 7 and 8".
SEVERAL_SECTIONS = re.compile(rf"第\s*{_N}\s*(?:部分)?(?:\s*(?:[、,，和及与跟]|以及)\s*第?\s*{_N}\s*(?:部分)?)+"
                              r"(?<=部分)|\b(?:sections|parts)\s+\d(?:\s*(?:,|and|&)\s*\d)+\b")
THIS_PART = re.compile(r"这一?部分|该部分|这一?章|\bthis (?:section|part)\b")
# What such a question asks of the part: its tasks, how many, what it is about (no topic of its own).
THIS_PART_ASKS = re.compile(r"还有|其他|别的|哪些|哪几条|几条|多少条|任务|一共|总共|讲什么|讲的是?什么|是什么|讲啥|内容"
                            r"|标题|包括|有哪些|\bwhat\b|\bis\b|\babout\b|\btasks?\b|\bother\b|\bhow many\b")
SECTION_ROUTES = [
    re.compile(rf"第\s*{NUM}\s*个?\s*(?:部分|章|篇|节|板块|大项)"),
    re.compile(r"^\s*([一二三四五六七八九十]{1,3})、"),
    re.compile(r"\b(?:section|part|chapter)\s*(\d{1,2}|[ivx]{1,5})\b"),
]
SECTION_WORDS = re.compile(r"(?:部分|章|板块|篇|一块|这块|那块|\b(?:section|part|chapter)s?\b)")
ASKS_TASKS = re.compile(r"任务|几条|哪[一几]?条|哪些条")  # "…那一块有哪些任务": the tasks, a part's or a list's
PART_NAMED = re.compile(r"部分|章|板块|篇|\b(?:section|part|chapter)s?\b")  # a part as such (not 这块, an area)
# A part of the plan said as such by what it is about ("生态环境的那部分", "环保那部分"), not an area (养老这块)
# nor the parts in general (每个部分的名字)
PART_WORDS = re.compile(r"[\u4e00-\u9fff](?:的|那|这|的那|的这|的是哪|是哪)[一个]?(?:部分|板块|章节|篇章)"
                        r"|(?:讲|关于|写)[\u4e00-\u9fff]{1,8}(?:的那|的这)一?块")  # "讲文化的那一块"
SECTION_SCOPE = re.compile(r"第\S{1,3}部分|^[一二三四五六七八九十]+、")
ROMAN_PARTS = 10  # a part named in Roman numerals (part iv) is one of the first ten
# The plan's last task by position, whatever its number ("最后一条任务", "the last task").
LAST_TASK_RE = re.compile(r"最后一(?:条|项|个)(?:任务)?|\blast\s+(?:task|item)\b"
                          r"|\b(?:task|item) (?:is|comes) (?:the )?last\b")  # "which task is the last one"
# The first task by position when the plan has no task 1 ("规划的第一条任务", "the first task"): its 13.
FIRST_TASK_RE = re.compile(r"第一(?:条|项)任务|(?:规划|文件)的?第一(?:条|项)|^第一(?:条|项)是哪"
                           r"|\bfirst\s+(?:task|item)\b|\b(?:task|item) (?:is|comes) (?:the )?first\b")
# Its first and last tasks by position, asked together ("第一条和最后一条分别讲什么", "the first and last tasks")
FIRST_AND_LAST = re.compile(r"(?:第一|首)(?:条|项|个)(?:任务)?\s*(?:和|跟|与|、|及|还有)\s*最后一(?:条|项|个)"
                            r"|\bfirst and (?:the )?last (?:tasks?|items?|ones?)\b")
COUNT_ASK = re.compile(r"多少|几|\bhow many\b")
# A task by position when the plan has no task of that number ("第二条任务", "the third task"), or counted
# from the end ("倒数第二条"): 14 and 28 of a plan numbered 13 to 29.
NTH_BY_POSITION = re.compile(r"倒数第\s*(?P<end>[一二三四五六七八九十\d]{1,2})\s*(?:[条项]|个任务)"
                             r"|\b(?P<enend>second|third|fourth)[- ](?:to[- ]|from[- ])?last\b|\b(?P<pen>penultimate)\b"
                             r"|^第(?P<n3>[二三四五六七八九十])个任务"
                             r"|第(?P<n>[二三四五六七八九十])(?:条|项)任务"
                             r"|(?:规划|文件)的?第(?P<n2>[二三四五六七八九十])(?:条|项)"
                             r"|\b(?P<en>second|third|fourth|fifth|sixth|seventh|eighth) (?:task|item)\b"
                             r"(?! (?:of|in)\b)")
# English parts by position ("What is the first part about?"), since their numbers are the plan's own.
NTH_SECTION_EN = re.compile(r"\b(?P<n>first|second|third|fourth|fifth) (?:section|part|chapter)\b")
LAST_NTH_SECTION = re.compile(r"倒数第\s*([一二三四五六七八九十\d]{1,2})\s*(?:个|大)?(?:部分|章|板块)")
LAST_SECTION_RE = re.compile(r"最后一(?:个|大)?(?:部分|章|板块)|\blast\s+(?:section|part|chapter)\b")
# "第二个呢" after a part's tasks were listed: the second of them (when the plan has no task 2).
SHORT_NTH_RE = re.compile(r"^(?:那)?第\s*([一二三四五六七八九十\d]{1,3})()\s*[条项个]"
                          r"(?:呢|讲什么|讲的啥|是什么|是啥)?\s*[?？]?$")
ORDINALS_EN = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8}
IN_SECTION_NTH = re.compile(
    r"(?:部分|章|板块)(?:的|里的?|中的?)?(?:第\s*(?P<n>[一二三四五六七八九十\d]{1,3})|(?P<last>最后)一)\s*[条项个]"
    r"|\b(?:the )?(?P<n2>first|second|third|fourth|fifth|sixth|seventh|eighth|(?P<last2>last))"
    r" (?:task|item) (?:of|in) (?:the )?\b"
    r"|\b(?:task|item) (?P<n3>\d) (?:of|in) (?:the )?(?:section|part)"
    r"|\b(?:section|part) \S+ task (?P<n4>\d)\b")
NEXT_TASK = re.compile(r"^(?:那)?(?:它|这条|这一条)?(?:的)?(?:再)?(?:往)?"
                       r"(下|上|后|前)一(?:条|项|个)(?:任务)?(?:呢|讲什么|讲的啥|是什么|是啥)?$"
                       r"|^(?:and |what about )?(?:the )?(next|previous) (?:one|task)\??$")
# The ordinal of a task in a question naming a part by its topic, left out when the part is read.
ORDINAL_TASK = re.compile(r"(?:第\s*[一二三四五六七八九十\d]{1,3}|最后一)\s*[条项个]"
                          r"|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|last) (?:task|item)\b"
                          r"|\b(?:task|item) \d\b")
NTH_RE = re.compile(r"其中(?:的)?(?:第\s*([一二三四五六七八九十\d]{1,3})|(最后)一)\s*[条项个]")


def _as_claim(text: str) -> str:
    """A question as its claim patterns read it: no end punctuation, a tag after a comma joined on ("…的内容，对吗"),
    no hedge or lead-in before it ("我觉得…", "嗯，…")."""
    return LEADING_HEDGES.sub("", CLAIM_COMMA.sub(r"\1", re.sub(r"[\s?？。!！.,，]+$", "", text)))


def _number(token: str) -> int | None:
    token = token.strip()
    if token.isdigit():
        return int(token)
    if (value := roman_value(token)) is not None and value <= ROMAN_PARTS:
        return value
    try:
        return chinese_numeral(token)
    except ValueError:
        return None


def roman_value(token: str) -> int | None:
    """A Roman numeral's value (xvi → 16), None when the letters are not one."""
    if not re.fullmatch(r"c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})", token := token.lower()) or not token:
        return None  # (not "civil": letters of Roman numerals that make none)
    values = [{"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}[c] for c in token]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if total > 0 else None


def _numbers(text: str) -> list[int]:
    """The numbers a phrase names, digits or Chinese numerals ("第13、14条", "第八部分和第九部分")."""
    return [n for t in re.findall(r"\d{1,3}|[一二三四五六七八九十]{1,3}", text) if (n := _number(t))]


# ---- follow-ups ---------------------------------------------------------------------------------

# A follow-up leans on the previous turn: "那未来乡村呢？", "它在住房方面怎么说？", "what about …".
FOLLOWUP_RE = re.compile(
    r"(^(那|那么|还有|另外|其他|其它|其中|它|这条|该条|这一条|and\b|what about|how about)|呢[?？]?$"
    r"|里面|其中|它|这一条|这条|该条"
    r"|这个任务|这部分|^具体"
    # "提到了哪个品牌名字" right after an answer: what it (the task just cited) mentions
    r"|^(?:还|又|都|另外)?(?:提到|提及|说到|讲到|写到)(?:了|过)?(?:哪|什么|啥)"
    # "这个什么时候完成", "这事谁管"; "农村也搞吗" (the topic left out: the one just asked about)
    r"|^(?:这个|这些|那个|这事|这件事|这项|这方面))"
)
# "农村也搞吗" right after "垃圾分类怎么搞": the topic is the one just asked about, said of something else.
ALSO_RE = re.compile(r"^[^，,。？?]{1,6}也(?:搞|要|有|会|能|算|做|行|可以|一样|适用|包括)(?P<rest>[^，,。？?]{0,4})$")
REFERS_BACK_RE = re.compile(r"(里面|其中|它|这条|该条|这一条|这个任务|这一?部分|该部分|这一?章|this task|this one"
                            r"|this (?:section|part)|\bit\b|^具体"
                            r"|^(?:还|又|都|另外)?(?:提到|提及|说到|讲到|写到)(?:了|过)?(?:哪|什么|啥)"
                            r"|^(?:这个|这项|这事|这件事)(?![\u4e00-\u9fff]{0,3}(?:呢|吗)?$))")
_FRAME_LEFTOVER = re.compile(r"[是不没有在吗呢的了过要会能可否这那个里中]+")  # what a mention frame leaves of itself
# Answers that show all there is of what was asked: a whole text, or every task that mentions a word.
WHOLE_TEXTS = (Route.TASK, Route.SECTION, Route.OVERVIEW, Route.LIST, Route.MENTION, Route.TARGETS)
PREVIOUS_CHARS = 200  # of the previous question a follow-up carries (the client's history: bounded)
# "还有别的吗？", "tell me more": more of what was just asked, without what the last answer quoted.
MORE_RE = re.compile(r"^(?:那)?(?:还有(?:别的|其他的?|其它的?|什么|没有|吗|呢)+|(?:其他|其它|别)的(?:呢|还有吗)"
                     r"|再多说(?:点|一点|一些)|多说(?:点|一点|一些)|更多|再说说|再讲讲|接着说|接着讲|继续|还有更多的?吗|详细(?:点|一点|一些|说说)|展开(?:说说|讲讲))[?？。!！]*$"
                     r"|^(?:any(?:thing)? (?:more|else)|more|tell me more|what else|go on|continue)\W*$", re.I)
# "这条的标题是什么", "这一条讲什么": the task just cited, as a whole.
TITLE_ASK = re.compile(r"标题|题目|名称|叫什么|\btitle\b")
WHOLE_TASK_ASK = re.compile(r"(?:讲|说|写)(?:了)?(?:什么|啥|些什么)|标题|题目|名称|叫什么|全文|原文|主要内容|内容是什么"
                            r"|\bwhat does it say\b|\btitle\b|\bfull text\b")
FOLLOWUP_TOPIC = re.compile(r"^(?:那|那么|还有|再看看?|换成)?(?P<t>[^，,。？?]{1,12}?)(?:呢|的呢)[?？。]*$")

# ---- what kind of answer is wanted --------------------------------------------------------------

# Opening hours (门诊时间, 几点开门): a clock time answers, not a year.
ASKS_HOURS = re.compile(r"(?:开放|营业|门诊|上班|办公|开门|接待|探视)时间|几点(?:开门|关门|上班|下班)"
                        r"|\b(?:opening|visiting|office|business) hours\b"
                        r"|开门(?:吗|么|不)|是否开门"  # 周末开门吗, 开不开门 (folded: 是否开门)
                        # (社区医院周末上不上班: which days it is open; folded: 周末是否上班)
                        r"|(?:周末|周六|周日|星期天|星期六|节假日|晚上|中午)(?:也|还)?(?:是否|能|有没有人)?(?:上班|营业|开放|看病|接诊)"
                        r"|\bwhat time\b")
ASKS_DATE = re.compile(r"(什么时候|啥时候|啥时|几时|什么时间|何时|哪一年|哪年|哪[两三四五六七八九十几]年|几月|哪天|多久"
                       r"|(?:啥|什么)辰光|啥时光|几号(?![线楼门房床])|哪(?:一|个)?(?:学期|季度|月份?)"  # (Wu: 啥辰光)
                       r"|几年内|" + ASKS_HOURS.pattern + r"|\bwhen\b|what year)")
_NOT_A_TASK = r"(?![路街河线江道巷桥地公])"  # 哪条路, 哪条地铁线: a road, not a task
# "几条线" counts lines; "几条" alone asks for tasks. A price named (门票, 学费) asks for an amount.
ASKS_NUMBER = re.compile(rf"((?<![哪第])几(?!乎|部分|条{_NOT_A_TASK})|多少|多大|多高|多长"
                         # a count of what is made (美丽河湖要建几条), a rank (营商环境全省第几), not which task
                         r"|(?<=[建修造开搞办])几条|(?:排|排名|名列|位列|全省|全国|全市|全区)第几"
                         r"|门票|票价|价格|价钱|收费|学费|租金|贵不贵|是否贵|贵吗|便宜吗|是否便宜|便宜不|多少钱|几[百千万]?块"
                         r"|(?:交|付|花|收)(?:什么|啥|哪些)(?:钱|费)"  # 要交什么钱
                         r"|\bhow (?:many|much)\b)")
ASKS_STATUS = re.compile(r"(已经|进展|进度|怎么样了|搞得怎样|(?:建|做|办|修|弄)好了|成功了"
                         r"|(?:现在|目前)(?:是|有|达到)?(?:多少|几)"  # the value now, not the plan's target
                         r"|(?:建成|建完|完工|竣工|开通|通车|开业|投用|启用|完成|落实|到位|实现|评上|评为|办成)了(?:吗|没)"
                         r"|(?:建成|建好|建完|开通|开业|完成|评上|评为|办成)(?:了)?没(?:有)?(?=[啊呀呢?？]|$)"  # 评上没
                         # how many so far, how many to go (未来社区建成多少了, 还差多少个)
                         r"|(?:建成|建了|建好|完成|办了|做了|评上|已建|已有)了?(?:多少|几)(?:个|家|所|处)?了"
                         r"|(?:还差|还剩)(?:多少|几)|还有(?:多少|几)(?:个|家|所|处)?没"
                         r"|\balready\b|\bprogress\b|\bso far\b"
                         r"|\b(?:has|have) (?:\w+ ){0,8}been (?:completed|built|finished|opened|done)\b)")
# Kinds of places and bodies that have names (what "哪些" of them asks for).
NAMED_KINDS = ("小区|村庄|村|镇街|镇|街道|学校|名校|小学|中学|幼儿园|医院|公园|园区|企业|公司|社区|单位|场馆|景点|餐馆"
               "|饭店")
# "哪几家医院", "是哪三个地方": which ones, by name (the word after the measure is what is named).
ASKS_MEMBERS = re.compile(r"哪(?:几|[一二三四五六七八九十两]|\d+)(?![条年月天日号部期次届倍])[\u4e00-\u9fff]"
                          r"(?P<what>[\u4e00-\u9fff]{1,4})?|叫(?:什么|啥)名字?|名单|都叫(?:什么|啥)"  # 有哪50个, 哪五馆
                          r"|分别(?:是|叫|有)(?:哪些|哪几个|什么|啥)"  # "50个未来社区分别是哪些"
                          # which ones a counted name is ("八项本领七种能力是哪些", "三张金名片是什么")
                          r"|(?:[一二三四五六七八九十两]|\d+)[个项种张类大条家所](?P<counted>[\u4e00-\u9fff]{1,6}?)"
                          r"(?:分别)?(?:是|有|指)"
                          r"(?:哪些|哪几个|哪几项|哪几种|什么|啥)(?=[啊呀呢?？]|$)"
                          # what a counted name counts, of a name said before: "三医联动的三医是什么", "1+8里的8是什么"
                          r"|(?:的|里的|中的)(?:[一二三四五六七八九十两]|\d+)[\u4e00-\u9fff]?(?:是|指)(?:的是)?(?:什么|哪些|啥|哪几)"
                          # "具体是哪些小区", "要建哪些学校", "园区有哪些": which places or bodies, by name (not
                          # 具体有哪些措施: what is done)
                          rf"|哪(?:些|几个|几家|几所)(?P<named>{NAMED_KINDS}|地块|路段|河道)"
                          rf"|(?P<named2>{NAMED_KINDS})(?:都)?有哪(?:些|几个)"
                          r"|\bwhich (?:are|were) (?:the|they)\b|\bwhat are (?:the names|they called)\b")
ASKS_PLACE = re.compile(r"(在哪(?!些?任务|一?条|几条|个任务|项|部分)|哪[一几]?条[路街道巷河]|去哪|哪里|哪儿|什么地方"
                        r"|哪一?个(?:镇|街道|村|社区|区|县|市)"  # 建在哪个街道: which town, street, village
                        # "where" that asks, not the frame "near where I live"
                        # (什么位置 is as often a rank: 进入什么位置; 哪些地方戏曲 asks which operas)
                        r"|哪个地方|哪些地方(?![戏性志特病])|地址|哪个位置"
                        r"|(?<!near )(?<!around )(?<!from )\bwhere\b(?! (?:i|we|you|they) (?:live|am|are|stay)))")
BODY_KINDS = ("单位", "部门", "机构")
ASKS_WHO = re.compile(r"(谁|哪位|(?:哪个|哪家|什么)(?:单位|部门|机构|公司|企业|领导)|(?:单位|部门|机构)是哪(?:个|家)"
                      r"|电话|联系方式|热线"
                      r"|(?:投诉|举报|反映|申诉)(?:到|去)?(?:哪里|哪儿|哪个|哪)"  # 投诉到哪里: to which body
                      # (not "who's checking food safety": whether anyone does, as 有没有人管)
                      # (nor "families who need daycare": who after a noun says which ones, it asks nothing)
                      r"|(?:^|[.?!,;:(\"]\s*|\b(?:and|but|or|so|me|us|know|ask|asking|wonder|wondering|tell|then|now)\s+)"
                      r"who\b(?!(?:'s| is| are)? (?:checking|handling|dealing|looking after|taking care|doing))"
                      r"|\bwhom\b|\bphone\b|\bcontact\b)")
ASKS_PHONE = re.compile(r"电话|联系方式|热线|号码|\bphone\b|\bcontact\b")  # a number to call, not a body
# "院长是谁", "谁是负责人": a person, whom a plan does not name (a body it names answers "谁负责" only).
ASKS_PERSON = re.compile(r"(?:长|书记|主任|主席|经理|负责人|老板|老师|医生|专家|代表)(?:是|叫)(?:谁|哪位|什么名字)"
                         r"|哪位|哪个领导"
                         r"|谁是.{0,6}(?:长|书记|主任|主席|经理|负责人)"
                         r"|\bwho is the (?:head|director|president|mayor|chief)\b")
ASKS_PROCEDURE = re.compile(r"(什么条件|啥条件|哪些条件|条件是什么|什么手续|啥手续|哪些手续|什么材料|哪些材料|流程"
                            r"|(?:怎么|如何|怎样|咋)(?:申请|报名|报考|办理)|申请条件|办理条件|(?:好|难|容易)(?:申请|办理|报名)"
                            r"|(?:年龄|学历|户籍|身高)(?:限制|要求)"  # (年龄限制多少: who qualifies)
                            # what a person does to take part (怎么捐款, 如何加入), or how one is chosen (怎么评)
                            r"|(?:怎么|如何|怎样|咋)(?:捐|参加|加入|预约|报销|领(?!导)|(?:补|续)?缴|补办|补(?=[的呢?？吗]|$)|评选|选举|(?:选|评)(?=[的呢?？]|$)"
                            r"|赔偿|理赔|索赔|起诉|告状|打官司|维权|投诉|举报|查(?=[到询呢?？吗]|$))"
                            # whether the asker qualifies (我没有户口，能不能住进公办养老院; 我能申请吗)
                            r"|(?:能不能|能否|可不可以|能|可以)(?:申请|报名|入住|住进|转学|插班|落户|入学)"
                            # the way to do it oneself ("具体通过什么渠道捐"; not "有啥渠道": whether there is one)
                            r"|通过(?:什么|哪个|哪些|啥)(?:渠道|途径|方式|平台)"
                            # (社保关系怎么转过来: one's own records moved)
                            # (not 怎么转型, 怎么转变: how a thing changes)
                            r"|(?:怎么|如何|咋)(?:转移|转接|转(?![型变化让载换折])|迁)(?:过来|过去|回来|出去|进来)?"
                            # (社保能不能转回去: whether one's own can be moved)
                            r"|(?:能不能|能否|可不可以|能|可以)(?:转移|转接|转|迁)(?:过来|过去|回来|回去|出去|走)"
                            # (在哪下载, 怎么注册: an app of one's own to set up)
                            r"|(?:在哪|哪里|哪儿|怎么|如何|咋)(?:能|可以)?(?:下载|注册|登录|安装)"
                            # (要不要提前预约: how to book)
                            r"|(?:要不要|需不需要|用不用|需要|得)(?:提前|先)?(?:预约|挂号|排队|登记|报名)"
                            r"|要(?:提前|先)(?:预约|挂号|登记|报名)"  # (要提前预约吗)
                            # (要不要办狗证, 需不需要办居住证: a licence or card of one's own)
                            r"|(?:要不要|需不需要|用不用|需要|得|要)办(?:理)?[\u4e00-\u9fff]{0,4}(?:证|卡|执照|许可)"
                            r"|\bhow (?:do|can) (?:i|we) (?:apply|qualify|register|donate|join|sign up|take part)\b"
                            r"|\brequirements?\b|\beligib)")
# How an amount is worked out (养老金是怎么算的, 补偿款怎么算, 物业费按什么标准收): a rule of the asker's case
ASKS_METHOD = re.compile(r"(?:怎么|如何|怎样|咋)(?:个)?(?:打分|评分|算|计算|核算|折算|计|收费|定价|定|划分|划|分配|分"
                         r"|认定|界定|判定)"
                         r"(?:的|法)?"
                         r"(?=[的呢啊呀?？吗]|$)|(?:按|依)(?:什么|啥|哪个)标准|(?:什么|啥)标准|标准是(?:多少|什么|啥)|计算(?:方法|办法|公式)"
                         r"|\bhow (?:is|are|do they|will they) [\w\s]{1,40}(?:calculated|worked out|computed)\b")
ASKS_YESNO = re.compile(r"(有没有|是否|是不是|会不会|能不能|可不可以|吗[?？]?$|\b(?:is|are|does|do|will|can) there\b)")
WHICH_TASK_RE = re.compile(rf"(哪一?条{_NOT_A_TASK}|哪几条{_NOT_A_TASK}|哪个任务|哪项任务|哪一项|哪几项任务|哪部分|属于"
                           r"|(?:是|在|属)第几[条项]"  # "养老是第几条"
                           # where in the plan ("两个确立在规划哪里", "…在规划里哪里提到了"), not where a thing is
                           r"|(?:规划|文件)(?:里|中)?的?(?:哪里|哪儿|哪个地方)"
                           # "“一老一小”在哪儿提到的", "未来社区在哪一部分", "出现在哪里": where in the plan it is said
                           r"|在哪(?:里|儿)?(?:提到|提出|提过|提|说|讲|写|出现)(?:的|了|过)?(?=[啊呀呢?？]|$)"
                           r"|出现在哪|在哪一?(?:个)?部分|(?:第几|哪一|哪个)(?:个)?(?:部分|大块|板块|块)"
                           r"|which task|which item|what task|where in the plan)")

# The kind of answer a question wants: the first of these that matches (a task before a date, a
# date before a count: "哪一条写了到2025年的目标" asks for a task).
ASKS_COMPARISON = re.compile(r"(?:哪个|哪家|哪边|哪里|谁)(?:更|比较)?(?:好|强|高|多|便宜|划算|厉害)"
                             # which one of a kind is best: a recommendation (哪家驾校便宜点, 哪所学校最好)
                             r"|(?:哪家|哪所|哪个)[\u4e00-\u9fff]{1,4}(?:更|比较|最)?(?:便宜|划算|靠谱|厉害|好一点|最好|比较好|好)"
                             # (or with what is bought between: 哪家健身房办年卡最便宜, 哪里租房便宜)
                             r"|(?:哪家|哪所|哪个|哪里|哪儿)[\u4e00-\u9fff]{1,6}?(?:更|比较|最)?(?:便宜|划算|实惠)"
                             r"(?=[点些的啊呀呢吗?？,，]|$)"
                             r"|比[^，,。？?]{1,10}(?:更)?(?:好|强|差)(?:吗|不|没有)"
                             r"|比[^，,。？?]{1,10}(?:更|还)?(?:贵|便宜)"  # 物业费会不会比普通小区贵
                             r"|\bwhich (?:is|one is) better\b|\bbetter than\b")
# What one should do in a case of one's own, or a check of it ("孩子发烧38度5，要不要马上去医院",
# "我的低保申请被退回来了，能帮我查一下是什么原因吗", "报哪个岗位比较容易上"; not "…，我该怎么办", said as often of
# a trouble the plan does address: 老人不会用智能手机，我该怎么办)
ASKS_ADVICE = re.compile(r"(?:要不要|该不该|需不需要|用不用)(?:马上|赶紧|立刻|先|再)?"
                         r"(?:去|送|找|吃|打|报|换|买|卖|搬|住|带|穿)"
                         # (a check of one's own matter: "帮我查一下是什么原因"; not "帮我查一下养老政策", a question)
                         r"|(?:帮我|给我)(?:查|看看|问问)(?:一下|下|查)?(?:是|是什么|什么|为什么|啥)?(?:原因|进度|结果|怎么回事)"
                         # whether one's own village or home gets it ("我们村能不能评上", "那我能买第二套吗")
                         r"|我(?:们)?(?:村|家|小区|社区|单位)?(?:能不能|能否|可不可以|能|可以)(?:评上|评为|分到|买)"
                         # or is among those a programme covers ("我们小区算不算未来社区", "我们戴村在里面吗"): no plan
                         # lists them
                         r"|我(?:们|家)?(?:[\u4e00-\u9fff]{0,3}(?:村|小区|社区|单位|学校|镇|街道)|这边|那边|这里|这片)也?"
                         r"(?:算不算|能不能算|是否算|算(?=[吗伐呢么?？]|$)|在不在|是否在|在(?:这个|那个)?(?:里面|名单|其中)"
                         r"|有没有份|有份"
                         r"|包不包括|轮得到|轮不轮得到)"
                         r"|(?:报|选|考)哪个[\u4e00-\u9fff]{0,4}(?:比较|更)?容易"
                         # the school one's own home is assigned to ("我家新买的房子对口哪个学校"; not "…怎么查": how)
                         r"|对口(?:哪个|哪所|哪家|什么)[\u4e00-\u9fff]{0,3}(?=[啊呀呢吗?？]|$)"
                         # one's own dispute or request ("养老院不肯赔", "能让物业挪走伐", "老板拖了工资，我去哪里讨"),
                         # or a review of one place ("小区旁边那家养老院伙食怎么样")
                         r"|(?:不肯|不给|不愿意?|拒绝)(?:赔|退|给钱|还钱|付钱|处理)"
                         r"|(?:能|能不能|可以|可不可以)?让(?:物业|居委会?|社区|城管|邻居|房东|老板|学校|医院)"
                         r"(?:把|给|来|帮)?[\u4e00-\u9fff]{0,4}(?:挪|搬|修|赔|退|处理|管)"
                         r"|(?:去|到)?(?:哪里|哪儿|哪)(?:讨|要|告|讨说法|讨薪|要钱)(?=[啊呀呢?？吗]|$)"
                         r"|(?:那家|这家|那所|这所)[\u4e00-\u9fff]{1,8}(?:怎么样|好不好|靠不靠谱|靠谱吗|行不行)"
                         # a job there for oneself ("浙大二院总部项目招护士吗", "招不招人"): no plan hires
                         r"|招(?:不招|聘|募)|招(?:人|工|护士|老师|医生|保安|保洁|社工|物业|员工)(?=[吗伐呢啊?？]|$)"
                         # whether one's own child gets into a school by name ("能不能进高桥小学")
                         r"|(?:能不能|能否|可不可以|能)(?:进|上|读)[\u4e00-\u9fff]{1,6}(?:小学|中学|学校|幼儿园)"
                         # a wrong done to one's own child or family ("孩子被同学欺负了怎么办"), or whether what someone
                         # did is lawful ("公司不给交社保合法吗"): a case, which a plan does not judge
                         r"|被[\u4e00-\u9fff]{0,4}(?:欺负|霸凌|咬|打伤|打了|骂)|被[\u4e00-\u9fff]{0,6}骗"
                         r"|(?:能不能|能否|可不可以|可以|要不要)(?:去)?(?:法院)?(?:告|起诉)(?:他|她|他们|对方|邻居|老板|公司)"
                         r"|(?:合法|违法|犯法|合规|违规)的?(?:吗|不|伐|么|呢|[?？]|$)"
                         # or a party that will not see to one's matter ("园方不管怎么办", "物业不让怎么办")
                         r"|(?:物业|园方|老师|学校|房东|老板|公司|邻居|医院|养老院|单位|保险公司)(?:也|就|都|一直|根本)?"
                         r"(?:不管|不让|不理|不肯|不给|不退|不赔)(?:[^，,。？?]{0,6})(?:怎么办|咋办|咋整)"
                         r"|\bshould i\b|\bcan you (?:check|look into|help me)\b")
# What one may do at a place or with a thing, or what it costs in tax ("湘湖能带狗进去吗", "那条河能不能下去游泳",
# "亚运场馆现在能进去打球吗", "捐款能抵个税吗"): a rule of its manager's or the law's, which a plan does not set.
ASKS_RULE = re.compile(r"(?:能|能不能|能否|可以|可不可以|让不让|准不准|允许|允不允许)(?:带(?:狗|猫|宠物|小狗|狗狗)"
                       r"[\u4e00-\u9fff]{0,3}|下(?:去|河|水)(?:游泳|玩水|钓鱼)?|进去(?:打球|玩|游泳|参观|锻炼)?"
                       r"|在[\u4e00-\u9fff]{1,6}(?:钓鱼|遛狗|烧烤|露营|摆摊|游泳))(?=[^，,。？?]{0,4}(?:吗|伐|么|呢|[?？]|$))"
                       r"|(?:能|可以|能不能|可不可以)(?:抵|抵扣|抵扣掉|减免|免)(?:个税|个人所得税|税)"
                       r"|要?交(?:哪些|什么|多少)税")
WANTS = [(WHICH_TASK_RE, Want.WHICH_TASK), (ASKS_COMPARISON, Want.COMPARISON), (ASKS_ADVICE, Want.ADVICE),
         (ASKS_RULE, Want.RULE),
         (ASKS_DATE, Want.DATE),
         (ASKS_STATUS, Want.STATUS), (ASKS_MEMBERS, Want.MEMBERS), (ASKS_PROCEDURE, Want.PROCEDURE),
         (ASKS_METHOD, Want.METHOD), (ASKS_WHO, Want.WHO), (ASKS_PLACE, Want.PLACE),
         (ASKS_NUMBER, Want.NUMBER), (ASKS_YESNO, Want.YESNO)]

# ---- complete lists, targets, names ---------------------------------------------------------------

_P = (r"(?:提到|提及|提出|涉及|包含|包括|含有|讲到|写到|说到|谈到|出现|关于|有关于|有关|关系到|用到"
      r"|写了|讲了|提了|说了|谈及)")
# A mention topic made of the frame's own words ("没有提到" of "湘湖，规划里有没有提到"): no topic
_FRAME_ONLY = re.compile(rf"(?:没有|没|有没有|是否|有无|有)?(?:{_P}|提|说|讲|写|办法)(?:了|过|到)?(?:吗|没有|没)?")
_WHICH = r"(?:哪(?:些|几条|几个|几项|一些)|几条|多少条)"
# "第七部分…", "规划中…": a scope or filler before the frame (the scope itself is read separately).
_LEAD = r"^(?:规划|文件)?(?:第[一二三四五六七八九十\d]{1,3}部分)?(?:中|里|的)?(?:有|都有)?"
LIST_FRAMES = [
    # "碳达峰和垃圾分类分别是哪一条", "教育和托育分别在哪条": the tasks of each
    re.compile(r"^(?:请问)?(?P<t>.+?)分别(?:是|在)(?:规划的?)?(?:哪一?条|哪几条|哪个任务|哪些任务|第几条)(?:任务)?(?:里|中)?"
               r"(?:的)?(?:内容)?$"),
    re.compile(rf"{_LEAD}{_WHICH}(?:任务|条目|条|内容)?(?:中|里)?(?:都|一共|总共)?{_P}(?:了|过|到)?(?P<t>.+)$"),
    re.compile(rf"{_LEAD}{_WHICH}(?:任务|条目|条)?(?:和|与|跟|同)(?P<t>.+?)(?:有关|相关)$"),
    re.compile(rf"{_LEAD}{_WHICH}(?:任务|条目|条)(?:里|中)?(?:有|含)(?P<t>.+)$"),
    re.compile(rf"{_LEAD}{_P}(?:了)?(?P<t>.+?)的(?:任务|条目|条|内容)?(?:都)?(?:有|是)?{_WHICH}(?:任务|条)?$"),
    re.compile(rf"^(?P<t>.+?)(?:都|分别)?(?:出现|写|提|提到|提及)?在(?:规划的?)?{_WHICH}(?:任务|条目|条)?(?:里|中|当中)?"
               r"(?:被)?(?:出现|提到|提及|提|有写|写了|写)?(?:过|了)?$"),
    re.compile(rf"^(?:请)?(?:列出|列举|找出)(?:所有|全部)?{_P}(?:了)?(?P<t>.+?)的(?:所有|全部)?(?:任务|条目)$"),
    # "文化方面有哪些任务", "环保相关的条目有哪几条", "关于养老的任务有哪些"
    re.compile(rf"^(?:关于)?(?P<t>.+?)(?:方面|领域|相关|这块)的?(?:任务|条目)?(?:都)?(?:有|包括|是)?{_WHICH}(?:任务|条目|条)?$"),
    re.compile(rf"^关于(?P<t>.+?)的(?:任务|条目)(?:都)?(?:有|是)?{_WHICH}(?:任务|条)?$"),
    re.compile(r"^which (?:tasks|items|parts)(?: (?:in|of) (?:the|this) plan)? (?:mention|cover|refer to|talk about"
               r"|include|deal with|are about|relate to|concern|address|focus on)(?P<t>.+)$"),
    re.compile(r"^(?:please )?list (?:all |every )?(?:the )?(?:tasks|items) (?:that|which) "
               r"(?:mention|cover|refer to|talk about|include)s?(?P<t>.+)$"),
    re.compile(r"^(?:please )?list (?:all |every )?(?:the )?(?:tasks|items) (?:about|on|regarding|related to|"
               r"concerning|dealing with) (?P<t>.+)$"),
]
# a list asked of an area, not a word ("文化方面有哪些任务", "Which tasks deal with culture?")
AREA_WORDS = re.compile(r"方面|领域|这块|那块|板块|\b(?:area|field)\b"
                        r"|\b(?:deals? with|(?:are|is) about|cover|concern|relate to|focus on)\b")
# The general list frame: asks for several tasks, with a verb of mentioning; the topic is what is
# left when the frame's words are taken out ("讲到亚运的条目有哪些", "X类的内容出现在哪些任务里").
LIST_ASK = re.compile(r"哪些|哪几|哪一些|几条|多少条|列出|列一下|列举|找出|所有|全部"
                      r"|分别(?:是|在)(?:规划的?)?(?:哪|第几)")
LIST_NOUN = re.compile(r"任务|条目|条款|哪几条|几条|多少条|哪些条|哪一条|(?<!一)条(?!例)")
LIST_FRAME_WORDS = re.compile(
    rf"第[一二三四五六七八九十\d]{{1,3}}部分|规划|文件|请|帮我|麻烦|一下|列出来|列出|列一下|列举|找出|找找|查一下|查查|所有|全部|"
    rf"分别|都|哪几条|哪几|哪一些|哪些条|哪些|几条|"
    rf"多少条|{_P}|任务|条目|条款|条|出现在|出现|在|里面|里|中|当中|有写|写|提|的要求|要求|类的|类|相关的|相关|有关|"
    rf"方面的|方面|"
    r"内容|说法|字样|这个词|有哪些|有|是|过|了|呢|吗|[，,？?。！!：: ]|讲|说|谈|把(?=.*[列找])"  # 说 after 说法
)
LEADING_VERBS = re.compile(r"^(?:打造|建设|推进|推动|加强|加快|提升|深化|实施|开展|构建|完善|健全|发展|培育"
                           # "规划里有保护戏曲吗": 戏曲; "有没有说建保障房": 保障房
                           r"|保护|支持|鼓励|扶持|促进|新建|建(?![成设筑档])|修(?![缮复建])|造|搞)(?=..)")
MARKUP = re.compile(r"<[^>]*>|[<>\[\]()（）{}`*_#|\\!【】]|https?://\S+")  # (【N】 is the answers' own mark)
MAX_TOPIC = 30
_TRAILING = re.compile(r"(?:[\s?？。!！.,，]|[噻咯哦噢啦呗])+$|(?:呢|吗|啊|呀)$")  # (噻, 咯: dialect particles)
_TOPIC_TRIM = re.compile(r"^(?:了|到|过|的|关于|有关|对|给)|^(?:我们|咱们|俺们|我家|咱)(?=..)"  # 我们萧山 → 萧山
                         r"|^(?:我想知道|想知道|我想问问?|想问问?|请问一下|请问|问一下|问下)(?=..)"  # 我想知道养老
                         r"|^(?:这个|这种|这项|那个)(?=..)"  # "这个分级诊疗规划里有没有写"
                         r"|^(?:这个|这份)?(?:规划|文件)(?:里|中|里面)(?=..)"  # "规划里亚运出现了几次"
                         r"|(?<=.)(?:是否|是不是|有没有|在不在)$"  # "萧山在不在规划里" (folded: 萧山是否在…)
                         # "跟党建有关系", "和教育相关的": what it relates to
                         r"|^(?:跟|和|与|同)(?=..+(?:有关系?|相关的?)$)|(?<=..)(?:有关系?|相关的?)$"
                         r"|(?:的|等|这个词|这个说法|(?<=..)(?:这个|这些|这种|这项|那个)|一词|字样|相关内容|的内容|内容|方面|要求|任务|表述|说法|分布|之类"
                         r"|这一?块|那一?块|那边|这边|那一带|这一带|(?<=..)的(?:那|这)|[咯噻哦噢呗啦嘛伐])$"
                         # "教育类的内容" → 教育; but 分类, 种类, 人类 are words of their own
                         r"|(?:相关|(?<![分种门人各归品大])类|方面)(?:的)?(?:内容|表述|要求|说法|创建目标|目标|计划|打算|安排)?(?:分布)?$"
                         r"|\s*[(（].*$"
                         # an appositive at the end: "红领通这个平台", "碳中和这个目标", "垃圾分类的事"
                         r"|(?:这|那)(?:个|项|种|件|一)[\u4e00-\u9fff]{1,3}$|的事情?$")

TARGET_Q = re.compile(
    r"(?:量化|定量|数量|数字|硬性?)(?:指标|目标|任务)|指标有哪些|有哪些指标|哪些指标|所有指标|全部指标"
    r"|quantitative|numeric target|targets"
)
EN_TARGET_FRAME = frozenset("what is are its their the this that task section set does have any".split())
TARGET_FRAME = frozenset("规划 指标 目标 任务 量化 数字 数量 内容 要求 方面 领域 相关 完成 实现 达到 建设 哪些 具体"
                         .split())  # (the words of a targets question that name no topic)
DEADLINE_Q = re.compile(r"((?:19|20)\d{2})\s*年(?:底|末|前)?.{0,10}?(?:完成|实现|达到|做到|建成|建设|目标|指标)")
YEAR_RE = re.compile(r"(?:19|20)\d{2}\s*年")
# The targets of a task named or just cited, asked for with nothing else ("它的目标是多少", "那这条的指标呢",
# "what is its target?")
TASK_TARGET_WORD = re.compile(r"量化目标|量化指标|目标|指标|具体数字|数字(?!化)|数据|数值"
                              r"|\b(?:targets?|goals?|numbers|figures)\b", re.IGNORECASE)
FIGURES_ASKED = re.compile(r"指标|量化|数字(?!化)|数据|数值|\b(?:numbers|figures)\b", re.IGNORECASE)  # not 目标: aims
ASKS_WHAT = re.compile(r"什么|哪些|啥|列出|列举|有没有|what|which")
NAME_FRAME = re.compile(
    r"^(?:请问)?(?:规划|文件)?(?:中|里)?(?:的|提到的|所说的|说的|讲的)?(?:什么是|什么叫|何为|何谓|解释一下|介绍一下|说说)?"
    r"@(?:这个|这一)?(?:[\u4e00-\u9fff]{0,4}?(?:工程|行动|品牌|体系|机制|制度|改革|理念|说法|提法|要求|模式|建设|战略|活动))?"
    r"(?:是什么|指的是什么|指什么|是指什么|是啥|是什么意思|什么意思|啥意思|的含义是什么|的含义|的意思|具体指什么|具体是什么"
    r"|是哪条|是哪一条|在哪条|在哪一条|在哪个任务|在哪项任务|在哪里|在哪儿|在哪|出自哪条|出自哪一条|出自哪里|出自哪个任务"
    r"|属于哪条|属于哪一条|属于哪个任务|属于哪项任务|是第几条|在第几条|写在哪|写在哪条|出现在哪|出现在哪个任务|出现在哪条"
    r"|是哪一条的内容|是哪条的内容|是哪个任务的|是哪一条讲的|是哪条讲的|归哪条)?(?:任务)?(?:里|中|的)?(?:内容)?"
    r"(?:工程|行动|品牌|体系|机制|制度|改革|理念|说法|提法|要求|模式|战略|活动)?$"
)
NAME_FRAME_EN = re.compile(r"^(?:what|where) (?:is|are|does) @(?: mean| come from| stand for)?$")
QUOTED_TERM = re.compile(r"[“\"「『]([^”\"」』]{2,30})[”\"」』]")

# ---- mentions: "does the plan mention X" -------------------------------------------------------

# How a mention question may open ("想问下规划有没有讲养老的") and what may follow its topic ("…的内容").
_ASK_LEAD = r"^(?:请问一下|请问|想问一下|想问下|想问问|问一下|问下|我想知道|想知道|我想问)?"
_TOPIC_END = r"(?:相关的?内容|方面的?内容|的内容|的事情|的事|的东西|的)?"
_SEE = r"(?:能|可以)?(?:看到|看得到|找到|找得到|查到)"  # "规划里能看到垃圾分类吗"
_IN = r"(?:里|中|里面|里头)"
_NAMED_SCOPE = r"第\s*[\d一二三四五六七八九十两]{1,4}\s*(?:条|项|部分)"  # "第14条有没有说养老": within it
_AMONG = r"(?:在|列)(?:这)?(?:里面|其中|名单里|名单上|之列)(?:吗|没有|没|呢)?"  # among those named (区中医院在不在里面)
MENTION_FRAMES = [
    # "规划提到了几次亚运", "亚运在规划里出现过几次": how often, answered by every task that says it
    re.compile(r"^(?:这个)?(?:规划|文件)?(?:里|中|里面)?(?:一共|总共)?(?:提到|提及|出现|写到)(?:了|过)?(?:几次|多少次)"
               r"(?P<t>.+)$"),
    re.compile(r"^(?P<t>.+?)(?:在)?(?:这个)?(?:规划|文件)?(?:里|中|里面)?(?:一共|总共)?(?:被)?(?:提到|提及|出现|写到)"
               r"(?:了|过)?(?:几次|多少次)$"),
    re.compile(r"^(?:这个)?(?:规划|文件)(?:里|中|里面)?(?:一共|总共)?(?:提到|提及|写到)?(?:了|过)?(?P<t>.+?)"
               r"(?:一共|总共)?(?:出现|提到)?(?:了|过)?(?:几次|多少次)$"),  # 规划提到钱塘江几次, 规划里亚运出现了几次
    # 提 alone (规划有提X吗, 是否提过X), but not the first character of 提高, 提升…
    re.compile(rf"{_ASK_LEAD}(?:这个)?(?:规划|文件|它|这一条|这条|该条|这一?部分|该部分|里面|其中|{_NAMED_SCOPE})?{_IN}?"
               r"(?:有没有|是否|有无|有)?"
               rf"(?:{_P}|写|说|讲|提(?![高升供前倡醒拔])|{_SEE})(?:了|过|到)?(?P<t>.+?){_TOPIC_END}(?:了|过)?"
               r"(?:吗|没有|没|嘛)?$"),
    # "有没有在规划里提到托儿所"
    re.compile(rf"{_ASK_LEAD}(?:有没有|是否)在(?:这个)?(?:规划|文件){_IN}?(?:{_P}|写|说|讲|提(?![高升供前倡醒拔]))"
               rf"(?:了|过|到)?(?P<t>.+?){_TOPIC_END}(?:吗)?$"),
    # "垃圾分类是不是规划里的内容", "X算不算规划的一部分"
    re.compile(rf"{_ASK_LEAD}(?P<t>.+?)(?:是不是|是否算|是否|算不算|是|属于)(?:这个)?(?:规划|文件){_IN}?的?"
               r"(?:内容|一部分|范围)(?:吗|之一吗)?$"),
    re.compile(r"^(?:请问)?(?P<t>.+?)(?:在|进)(?:这个)?(?:规划|文件)(?:里|中|里面)?(?:有没有|是否|有)?"
               rf"(?:{_P}|写|说|讲)?(?:了|过|到)?(?:吗|有没有|有吗|没有|没)?$"),
    # Without 在, a verb or 里有 must follow: "双碳目标规划有没有涉及", "教共体这块规划写了没", "…规划里能找到",
    # "无废城市规划里有" (not "养老有没有规划": a plan for 养老)
    re.compile(r"^(?:请问)?(?P<t>.+?)(?:规划|文件)(?:里|中|里面)?(?:都|也)?(?:有没有|是否|有|能)?"
               rf"(?:{_P}|写|说|讲|提|涉及|找到|找得到)(?:了|过|到)?(?:吗|有没有|有吗|没有|没|不)?$"),
    # ("亚运和湘湖规划里都有吗": each of them)
    re.compile(r"^(?:请问)?(?P<t>.+?)(?:规划|文件)(?:里|中|里面)(?:都|也)?有(?:吗|没有|没)?$"),
    re.compile(r"^(?:请问)?(?P<t>.+?)有没有(?:这个|这种|这样的)?(?:说法|提法)$"),  # "十分钟健身圈有没有这个说法"
    # "…是哪几家医院？区中医院在不在里面": among those the plan names (not one's own: "我们村在里面吗", a case)
    re.compile(rf"^(?:请问)?(?!我|咱|俺)(?P<t>[^，,。？?]+?)(?:也)?(?:是否|有没有)?{_AMONG}$"),
    re.compile(rf"^(?:请问)?(?P<t>.+?)(?:有没有|是否)(?:{_P}|提|说|讲|写)$"),  # "扩中提低有没有提"
    re.compile(r"^(?:请问)?(?:规划|文件)(?:里|中|里面)?有没有(?:提|说|讲|写)?(?P<t>.+?)(?:的内容|的说法|这个说法|这一项)?$"),
    # "规划里有老旧小区改造吗": has it, said plainly (a question word in the topic is not this: 有什么)
    re.compile(r"^(?:请问)?(?:这个)?(?:规划|文件)(?:里|中|里面)有(?P<t>.+?)(?:没有|没|嘛)?$"),
    re.compile(r"^(?:is|are) there (?:anything|something|any mention) (?:on|about|of) (?P<t>.+?) in (?:the|this) "
               r"plan$"),
    re.compile(r"^(?:is|are) (?P<t>.+?) (?:in|mentioned in|part of|covered (?:by|in)) (?:the|this) plan$"),
    re.compile(r"^does (?:the|this) plan (?:mention|cover|include|talk about|say anything about) (?P<t>.+)$"),
]
EN_TOPIC_SEPARATORS = re.compile(r"\s*(?:,|;|\band\b|\bor\b)\s*", re.IGNORECASE)
WILL_DO = re.compile(r"(?:要|会|将|能|准备|打算|计划|考虑|不要|别|不准|不许)[\u4e00-\u9fff]"  # a plan of action
                     r"|(?:让|使|帮|给)(?:我们|我|大家|老百姓|群众|咱们)"
                     r"|.*的(?:办法|措施|政策|打算|安排|举措)$")  # "让我们多挣点的办法", "不要打扰企业": for search
BY_MEANS = re.compile(r"(?:用|通过|靠|借助)(?P<means>.{2,})")  # "用枫桥经验化解": a way of doing it
ASKS_WH = re.compile(r"哪|什么|啥|谁|几|多少|怎么|怎样|如何|咋")
MENTION_ASKS = re.compile(r"提到|提及|涉及|写到|说到|讲到|谈到|包括|包含|在(?:这个|这份)?规划|进规划|有没有"
                          r"|(?:规划|文件)(?:里|中|里面)(?:都|也)?有"
                          # at the end only: "…规划里提了没", "…规划写了没", "…规划里能找到", "…规划有讲没"
                          # ("规划说的共同富裕离我们远吗" asks about what it says, not whether it says it)
                          r"|(?:规划|文件)(?:里|中|里面)?(?:都|也)?(?:有|能)?(?:提|写|讲|说|找到|找得到)(?:了|过|到)?"
                          r"(?:没有|没|不)?$"
                          # "规划有提垃圾分类吗", "规划里说了X没有", "规划里能看到X吗", "X是不是规划里的内容"
                          r"|(?:规划|文件)(?:里|中|里面|里头)?(?:有|是否)?(?:提(?![高升供前倡醒拔])|说了|讲了|写了|提了)."
                          r"|(?:规划|文件)(?:里|中|里面|里头)?(?:能|可以)?(?:看到|看得到|找到|找得到|查到)."
                          r"|(?:规划|文件)(?:里|中|里面|里头)?的?(?:内容|一部分|范围)"
                          # "规划里出现过X吗" (not 讲没讲X, folded to 是否讲X: search answers it better when X is
                          # written otherwise than the plan writes it)
                          r"|(?:规划|文件)(?:里|中|里面|里头)?出现(?:过|了)|出现(?:了|过)?(?:几次|多少次)"
                          rf"|{_AMONG}$"
                          r"|mention|in the plan|cover|say anything|talk about")

# Words that name the kind of answer asked for ("有啥办法", "要什么条件"), not a thing it is asked which of
ANSWER_KINDS = frozenset("""办法 条件 材料 态度 手续 电话 动作 东东 东西 名气 说法 辰光 时间 评比 政策 要求 规定 措施
    安排 标准 机制 制度 部署 活动 渠道 途径 方式 方法 流程 程序 好处 区别 作用 意义 用处 打算
    计划 想法 情况 进展 结果 原因 理由 补贴 资金 费用 价格 地址 网址 号码 热线 部门 单位 机构
    领导 名字 名称 年 一年 天 人 钱""".split())
# What a resident asks the plan to give, not a thing it would name ("规划里有支持吗", "…有没有帮扶")
KINDS_OF_HELP = frozenset("支持 扶持 帮助 帮扶 照顾".split())

# ---- the plan itself ----------------------------------------------------------------------------

OVERVIEW_RE = re.compile(
    r"(?:规划|文件|它)?(?:一共|总共|共)?(?:有|分|包括|包含|分为|分成)?(?:多少|几)(?:条|项|个)?(?:具体|主要|重点)?"
    r"(?:任务|部分|章|大部分|方面|大块|板块)"  # ("一共列了多少条具体任务", "分几个大块"; not 几块钱)
    r"|(?:哪几|哪些)(?:个)?(?:部分|大块|章节|方面)(?:组成)?|(?:这个|这份|本)?规划(?:是什么|是啥|讲的?什么|讲了?些?什么|主要讲|主要内容"
    r"|的主要内容|包括什么|包括哪些|有哪些内容|都写了什么|说了什么|概述|总体|的结构|的框架"
    r"|是怎么组织的|怎么组织|如何组织|按什么顺序)"
    r"|^(?:这个|这份)?规划(?:呢)?$|各部分(?:分别)?(?:讲|是)什么|每(?:个|一)?部分(?:分别)?(?:讲|是)什么"
    # "各部分的标题是什么", "五个部分分别叫什么", "每个部分的名字", "What are the section titles?"
    r"|(?:各|每个|每一个|每一|几个|[二三四五六七八九十]个)(?:大)?部分(?:的)?(?:标题|名字|名称|题目)"
    r"|(?:各|每个|几个|[二三四五六七八九十]个)(?:大)?部分(?:分别)?(?:叫|是)(?:什么|啥)"
    # "所有任务的标题", "各条任务的名称是什么", "任务清单", "List the titles of all tasks"
    r"|(?:所有|全部|每条|各条|每一条|每个|各个|各项|每项)(?:的)?任务(?:的)?(?:标题|名称|题目|名字|清单|列表)|任务(?:清单|列表|目录)"
    r"|\b(?:titles|names|list) of (?:all |every |each |the )*tasks\b|\ball (?:the )?task (?:titles|names)\b"
    r"|\b(?:titles|names) of (?:the |its )?(?:sections|parts|chapters)\b|\b(?:section|part|chapter) (?:titles|names)\b"
    r"|how many (?:tasks|sections|parts|items)|^what (?:is|does) (?:this|the) plan(?: (?:about|say|cover))?\??$"
    r"|(?:sections|parts) of (?:this|the) plan|what are the (?:\w+ )?(?:sections|parts)\b"
    r"|summari[sz]e (?:this|the) plan"
    # "List the tasks of the plan", "Which district is this plan for?", "规划是哪个区的"
    r"|\blist (?:all )?(?:the |its )?(?:tasks|sections|parts)\b"
    r"|\bwhich (?:district|city|place|area) is (?:this|the) plan (?:for|about)\b"
    r"|(?:规划|文件)是(?:哪个|哪里|什么)(?:区|地方)的"
    # "简单介绍一下这个规划", "这份文件是干什么的", "规划有几大块", "规划的全称是什么", "这是哪里的规划"
    r"|(?:介绍|讲讲|说说|谈谈|概括|总结|简介)(?:一下)?(?:这个|这份|本|该)?(?:规划|文件)(?:吧|呗|呢|啊)?[?？。!！]*$"
    r"|(?:这个|这份|本)?(?:规划|文件)(?:是)?(?:干什么|干啥|做什么|干嘛)(?:的|用的)?"
    r"|(?:规划|文件)(?:一共|总共|共)?(?:有|分)?(?:几|多少)(?:大块|块|个板块|板块)"
    r"|(?:规划|文件)的?(?:全称|名称|名字|标题)|(?:规划|文件)(?:一共|总共)?(?:有多长|多长|篇幅|字数|(?:有)?多少字)|这是(?:哪里|哪个地方|什么)的(?:规划|文件)"
    r"|^(?:这个|这份|本)?(?:规划|文件)的?(?:总体|主要)?目标(?:是什么|是啥|有哪些)?$"
    # "一共多少条", "规划从第几条开始": the numbering of the tasks
    r"|^(?:这个|这份|本)?(?:规划|文件)?(?:里|中)?(?:一共|总共|共)(?:有)?(?:多少|几)条[?？]?$|从第几条开始|到第几条(?:结束|为止)?"
    r"|(?:main |overall )?(?:goals|aims|objectives|priorities) of (?:this|the) plan"
    r"|(?:summary|overview|outline) of (?:this|the) plan|tell me about (?:this|the) plan\W*$"
    r"|what(?:'s| is) in (?:this|the) plan\W*$"
)
# A question whose only words, apart from the question's form, are these asks about the plan as a whole
# ("规划的核心内容有哪些", "这个文件讲的是哪方面的规划", "How is the plan organized?"); it must name the plan.
PLAN_ITSELF = frozenset("""核心 核心内容 重点 要点 重点任务 板块 大块 章节 章 结构 框架 覆盖 大概 概况 概要 梗概 主题
    简介 大纲 目录 called name title full official 全称 名称
    全貌 整体 总体 全文 大意 作用 用处 用 讲讲 谈谈 概括 总结 组成 构成 分成 分为 各 每 大 几大 分别 主要内容
    sections section parts part topics topic areas area points point main key overview summary summarize summarise
    organized organised organization structure structured cover covers covered contents content chapters chapter
    goals goal aims aim priorities priority outline whole overall general big number numbered contain contains
    include includes consist consists divided split""".split())
ASKS_MENTION = re.compile(r"提到|提及|提过|提了|提没提|是否提|有没有提|出现")
NAMES_THE_PLAN = re.compile(r"规划|文件|\b(?:plan|document)\b")
FORM_TAGS = frozenset("m mq q r rr rz u uj ul uz ud ug uv y e o x c zg".split())  # numerals, pronouns, particles…
# Facts about the document that its text does not give (who issued it, when): said so, with the outline.
# Also how it is carried out, revised, published or funded, and on what grounds: a document's own facts.
# The plan's own period: when it ends, what years it covers (its text names the years of its targets only).
PLAN_PERIOD_RE = re.compile(
    r"^(?:这个|这份|本|该)?(?:规划|文件)(?:的)?(?:什么时候|哪年|哪一年|何时|到什么时候)?(?:结束|到期|截止|为止)"
    r"|^(?:这个|这份|本|该)?(?:规划|文件)(?:的)?(?:期限|时限|年限|周期|起止年份|起止时间|规划期|实施期)"
    r"|^(?:这个|这份|本|该)?(?:规划|文件)(?:管|管到|到)(?:哪年|哪一年|什么时候|几几年)|(?:几几年|哪一?年)的(?:规划|文件)"
    r"|\b(?:what|which) (?:period|years?|time ?frame) does (?:this|the) plan (?:cover|span|run)"
    r"|\bwhen does (?:this|the) plan (?:end|expire|run (?:to|until))|\buntil when does (?:this|the) plan run"
    r"|\bhow long does (?:this|the) plan (?:run|last)|\b(?:this|the) plan'?s? (?:period|time ?frame|end date)\b"
)
PLAN_META_RE = re.compile(
    r"^(?:这个|这份|本|该)?(?:规划|文件)(?:是)?(?:由)?(?:谁|哪个部门|哪个单位|什么部门|哪家|哪些部门)"
    r"(?:来)?(?:制定|编制|编写|编|写|起草|发布|出|印发|出台|定|搞|弄|负责|实施|执行|牵头|落实)"
    r"|^(?:这个|这份|本|该)?(?:规划|文件)(?:是)?(?:哪一年|哪年|什么时候|何时|几时)(?:制定|编制|写|发布|出|印发|出台|通过"
    r"|开始实施|实施|生效|开始)"
    r"|^谁(?:来)?(?:制定|编制|写|起草|发布|出台|定|负责|实施|执行|牵头)(?:了|的)?(?:这个|这份|本|该)(?:规划|文件)"
    r"|^(?:这个|这份|本|该)?(?:规划|文件)的?(?:依据|法律效力|效力|预算|经费|作者|起草人|编制单位|实施主体|英文版|下载地址)"
    r"|^(?:这个|这份|本|该)?(?:规划|文件)(?:是)?(?:根据|依据|按照)(?:什么|啥|哪些)"
    r"|^(?:这个|这份|本|该)?(?:规划|文件)(?:以后)?(?:会不会|会|能不能|可不可以|多久|多长时间|多少年)(?:改|修改|修订|调整|变|更新)"
    r"|^(?:这个|这份|本|该)?(?:规划|文件)(?:的)?(?:全文|原文|英文版|PDF|pdf)?(?:在)?(?:哪里|哪儿|哪)(?:可以|能)?(?:下载|看到?|查到?|找到?)"
    r"|^(?:这个|这份|本|该)?(?:规划|文件)(?:有没有|有)(?:英文版|法律效力|预算)"
    r"|^(?:这个|这份|本|该)?(?:规划|文件)(?:一共)?(?:花了|要花|投入|需要)(?:多少钱|多少资金|多少经费)"
    r"|^(?:这个|这份|本|该)?(?:规划|文件)(?:现在)?(?:执行|实施|落实|完成|推进)(?:得|了)?(?:怎么样|如何|情况|多少|到哪)"
    r"|^(?:这个|这份|本|该)?(?:规划|文件)的?(?:进展|有效期|页数|字数)"  # (期限, 规划期: PLAN_PERIOD_RE, read first)
    r"|^(?:这个|这份|本|该)?(?:规划|文件)(?:为期|有多少页|有几页|有多少字|是不是|是)(?:几年|十四五|十五五)?"
    r"(?:规划)?(?:吗)?[?？]?$"
    r"|(?:在)?(?:哪里|哪儿)(?:可以|能)?(?:下载|看到|找到)(?:这个|这份|本)?(?:规划|文件)(?:全文|原文)?[?？。]*$"
    r"|who (?:approved|adopted|implements|is implementing|is responsible for implementing) (?:this|the) plan"
    r"|(?:how much will|what will) (?:this|the) plan cost|(?:this|the) plan'?s budget"
    r"|has (?:this|the) plan been implemented"
    r"|how far along is (?:this|the) plan|progress (?:of|on) (?:this|the) plan"
    r"|who (?:wrote|made|issued|published|drafted) (?:this|the) plan"
    r"|when was (?:this|the) plan (?:written|made|issued|published|adopted|released)"
    r"|who is (?:responsible for|in charge of|behind) (?:this|the) plan"
    r"|where can i (?:download|read|find|get|see) (?:this|the) (?:whole |full )?plan"
    r"|(?:english|full) (?:version|text) of (?:this|the) plan|(?:this|the) plan (?:is )?legally binding"
    r"|(?:how much|what) does (?:this|the) plan cost|budget (?:of|for) (?:this|the) plan"
)

# A greeting, thanks or goodbye and nothing else: answered as such, not as a question the plan does not cover.
SMALL_TALK = re.compile(r"(?:(?:好的|好|嗯|哦|ok|okay)[,，、 ]*)?"
                        r"(?:谢谢(?:你|您)?(?:了|啦)?|多谢|感谢|谢了|辛苦了|你好|您好|在吗|再见|拜拜"
                        r"|thanks?(?: you)?(?: very much| a lot)?|thank you|hi|hello|hey|bye|goodbye)"
                        r"[!！。.~～?？]*", re.IGNORECASE)

# Framing and context around the question: not what it is about (kind 2 of issue 12).
CONTEXT_WORDS = frozenset(
    """
    想问 问问 想知道 想了解 了解 知道 打听 咨询 请教 麻烦 据说 听说 听人说 听讲 碰到 遇到 发现 觉得 感觉 好像
    看到 看见 听到 刷到 注意到 瞧见 全部 所有 全都 统统
    我家 我们家 家里 老人家 我儿子 儿子 女儿 我妈 我爸 老公 老婆 小囡 囡囡 孩子他妈 爷爷 奶奶 外公 外婆 爸妈 我爸妈
    喜欢 喜爱 爱好 担心 害怕 希望 盼望 期待 不太好 不好 不让 老家 菜场 菜市场 超市 只能 只好 放心 不用 接下来
    邻居 朋友 同事 楼下 楼上 附近 那一带 这一带
    我们小区 小区里 那边 这边 现在 最近 今年 明年 去年 今天 明天 后天 昨天 以后 将来 平时 一直 总是
    太 真的 实在 特别 非常 有点 一点 一些 比较
    太贵 太少 太多 太难 很难 不够 没用 不行 怎么办 咋办 办法 政策 措施 规定 安排 情况 方面 问题 事情 规划里 这块
    没有 没 不要 或者 还是 还有 以及 新 再 刚 还 也 要 想 能 会 帮 帮忙 有人 人 事 打算 要求 部署 举措 作了 作出 提出
    怎么回事 回事 表述 说法 解决 关系 自己 跟 搞 怎么搞 做 弄 具体 到底 究竟 是不是 真的 吗 呢 啊 老百姓 普通人 大家
    普通 用来 用于 动作 大动作 新动作 行动 概括 概述 形容 描述 描写 数字 具体数字 数目 专门 没人管 没人问 没人理
    才能 办事 做事 做法 方法 手段
    可能 估计 也许 大概 记得 我记得 不确定 来着 没记错 原文 原话 那句话 发给 总结 解释 介绍 具体措施
    一条 这一条 那一条 这条 那条 该条 一项 这项 这个 那个 里面 帮我 找找 找一下 查一下 查查 看看
    继续 开始 进行 加以 予以 接着 正在 还在
    晓得 不晓得 咯 嘛 啦 呗 哇 真的假 真的假的 假的 这回事 回事 靠谱 人家 担心 怕 希望 可惜
    瞎传 乱传 谣传 传言 瞎说 乱说 路子 法子 门路 进去 出来 起来 下去 上去 过来 进来 回来 新规 新政 新政策
    要死 要命 死了 不得了
    得到 拿到 领到 分到 弄到 搞到
    渠道 途径 组织
    电视 电视上 电视里 新闻 新闻里 报纸 报纸上 广播 朋友圈 抖音 视频 公众号 微信群 群里 宣传栏 横幅 标语
    """.split()
)
ASKERS = frozenset("我 我们 俺 俺们 咱 咱们".split())  # who tells of themselves
CHANNELS = frozenset("网上 线上 掌上 手机上".split())  # how a service is reached, not where the asker is
LOCATIVES = "里上边内"  # after a one-character noun (河里, 湖边): a place in it, the story's setting
PREDICATE_END = frozenset("吗 嘛 么 呢 ? ？ 了吗".split())  # an adjective before these is asked about (安全吗)
# Parts of speech that are context, not topic (jieba's tags): place and time words (村里, 附近,
# 最近), adjectives and adverbs (新, 太少, 很; but see PREDICATE_END), pronouns (自己, 我家),
# prepositions, conjunctions, particles, interjections, onomatopoeia, idioms (乱七八糟) and status
# words (灰蒙蒙). Numerals the plan uses stay ("三孩"; one it does not, 万一 or 两句, frames or counts: see
# _focus_terms), and so do adjectives used as nouns (an: 矛盾, 安全).
CONTEXT_TAGS = frozenset("s f t tg a ad ag d dg zg r rr rz p c u uj ul uz ud ug uv y e o x i z".split())
ASKS_MEANING = re.compile(r"什么意思|啥意思|是什么|是啥|是个啥|是个什么|什么东西|啥东西|指什么|指啥")
INSTEAD_OF = re.compile(r"\b(?:instead of|rather than)\b[^.,;?!]*")
ALTERNATIVES = re.compile(r"是(?:个|一个|一种|指)?([\u4e00-\u9fff]{1,6}?)还是")  # 是个小区还是个啥: 小区 offered
# 最美萧山人这个评选: the one thing; 绍剧莲花落这些老戏: the things named
APPOSITION = frozenset({"这个", "这种", "这类", "这项", "这样", "这一", "这些", "等"})
POINTED_LAST = re.compile(r"(?:这个|这些|这)$")  # "规划里有这个吗" (the particle gone): the thing told before
POINTER_ONLY = re.compile(r"(?:[这那该此](?:[一两二三四五六七八九十几]?[个些种样项条件类点])?"
                          r"|它们?|他们|她们|上述|以上|二者|两者)"
                          r"(?:在|的)?(?:规划|文件)?(?:里|中|里面)?")  # 这两个, 这两个规划 (…有没有说)
POINTS_BACK = re.compile(r"这些|这个|这种|这类|这几|它们|他们|上述|以上")  # the asking clause names its topic before
# Words that are the question's form or its pointing, whatever jieba tags them: 啥意思, 那阵子, 一次.
# Also: spoken degree and amount words (多一些, 多建点, 好一点), what counts nothing (一件, 好几个, 一大堆,
# 一半), and a verb said twice, "do a bit of" (管管, 修一修, 整治整治): the question's form, not its topic.
FORM_WORD = re.compile(r"啥|咋|什么|怎么|怎样|哪|多少|^[这那](?!里面)|^[一几两][次片下阵会些点块个]$"
                       r"|^[多少好快早大小高低建修搞弄办盖开]?一?[些点]儿?$|^(?:一|好几|几|两)(?:大)?(?:个|件|些|点|次|下|半|堆|起|阵|趟|遍|会儿?|截|年|天|种|批|所|家|位|栋|套)?$|^个$"
                       r"|^([\u4e00-\u9fff])一?\1$|^([\u4e00-\u9fff]{2})\2$"
                       # an age or a stretch of time (一百多年, 三个多月), "did a" (开了个小厂), "full of" (一肚子)
                       r"|^[\d一二两三四五六七八九十百千]+多?个?多?(?:年|岁|天|月)$|^.了一?个$|^一(?:肚子|屋子|身)$")
# What government does about a topic, when a resident asks whether it will ("有没有人治理", "以后会改善伐",
# "政府有没有考虑过"): said of the topic, which the story before it names, like an adjective asked about.
FIELD_HEADS = frozenset("建设 工作 体系 行动 工程 治理 创建".split())  # what is done in a field's name (平安建设)
DEALT_WITH = frozenset("""管 管理 治理 整治 改善 改进 改 考虑 重视 解决 处理 落实 抓 帮 帮扶 扶持 照顾 支持 关心 关注
    准备 安排 加大 加强 提高 提升 保障 负责 过问 搞好 做好 办好 弄好 人管 来管 谁管 谁来管 有人管
    严打 搞定 应付 应对 出钱 掏钱 促进 推动 鼓励 稳住 稳定住 保持 保持住 维持 坚持住 继续 欢迎 提倡 倡导
    整改 关停 取缔 查处 处罚 罚款 清理 拆除 限制 禁止 管控 控制 减少 规范 新造 新建 新修 新盖 多建 多造""".split())
# After a degree adverb a verb or adjective is how the asker finds things (觉得很震撼, 挺麻烦), not the topic.
NOUN_TAGS = frozenset("n nz ng nr ns nt nrt".split())  # jieba's nouns (not vn, 印发: a verb used as one)
MODAL_WORDS = frozenset("会 能 要 不 也 都 还 到底 究竟 有没有 会不会 能不能 要不要 是否 可不可以 肯不肯 愿不愿意"
                        .split())  # between who acts and what it would do: 学校*到底*管不管
DEGREE = frozenset("很 太 挺 蛮 超 真 好 老 特别 非常 十分 越来越".split())
# A question that states a figure and asks whether it is so ("规划说要建100个，对吗？", "听说要达到99%，是真的吗")
CHECKS_CLAIM = re.compile(r"对吗|对不对|对吧|是吧|是真的吗|真的吗|真的假的|是不是真的"
                          r"|有这回事吗|是这样吗|没错吧|是吗[?？]?$|吧[?？]?$"
                          r"|是不是"
                          r"|是[^，,。；;]{1,12}吗[?？]?$"  # "是99%吗？", "利用率是百分之九十三吗"
                          # (not "规划提出的两个称号分别是什么": the rest of its clause asks)
                          r"|(?:规划|文件|上面|新闻|听说|据说|说是)(?:里|上)?(?:说|写|讲|提)"
                          r"(?![^，,。；;？?]*(?:什么|啥|哪|几|多少|怎么|如何|咋))"
                          r"|\b(?:is (?:it|that) (?:true|right|correct)|right\?|true\?|correct\?)")
FIGURE_WORD = re.compile(r"(?:百分之)?(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+)"
                         r"(?:%|个|所|家|项|条|座|亿|万|元|倍|周年|年|轮|张|种|人|名|批|分钟)?")  # 一百个, 99%, 十分钟
# A topic claimed of a task: "托育是第14条的内容吧", "养老是在第15条里吧", "X属于第16条吗", "X是第18条提出的？",
# "X，规划第28条，没错吧", "第21条讲的是碳达峰吧", "我记得第23条说了扫黑除恶"
_CLAIM_END = r"(?:吧|吗|对吗|对吧|是吧|是不是|没错吧|对不对|没错|是的吧)?(?:嘛|呢|呀|啊|哈|啦)?"
_TASK_REF = r"第[\d一二两三四五六七八九十百零〇]{1,6}条"
# How a claim is hedged or led into, which is none of what it claims ("我觉得湿地是第27条", "垃圾分类应该是第27条吧",
# "嗯，是第13条吧", "不对，是第20条", "规划说是1+8运作机制是第24条吧"): taken off before the claim is read
HEDGE = (r"(?:我觉得|我感觉|我记得|我猜|我想|我看|我估计|感觉|觉得|记得|应该|好像|似乎|可能|大概|肯定|一定|估计"
         r"|听说|据说|确定|所以|难道|其实|反正|哦|噢|嗯|啊|哎|诶|欸|不对|对了|那么|那(?![个些])|规划(?:里|中)?(?:说|讲|写)(?:的)?(?:是)?)")
LEADING_HEDGES = re.compile(rf"^(?:{HEDGE}[，,\s]*)+")
TRAILING_HEDGES = re.compile(r"(?:应该|好像|似乎|可能|大概|肯定|一定|估计|就|也|都)+$")
TOPIC_THEN_TASK = re.compile(rf"^(?P<topic>[^，,。；;]+?)[，,]?(?:是不是|是|就是)?"
                             rf"(?:写在|放在|列在|出现在|在|属于|出自|来自)?(?:规划的?)?"
                             rf"{_TASK_REF}"
                             rf"(?:的|里的?|里面的?|中的?)?(?:内容|任务|里面?|(?:提到|讲到|说到|提出|提|讲|说|写)[的了过]?)?"
                             rf"(?:的)?{_CLAIM_END}$")
TASK_THEN_TOPIC = re.compile(rf"^(?:我记得|记得|听说|好像|规划|你(?:上次|刚才|之前)?说(?:过)?)?{_TASK_REF}"
                             rf"(?:里|中|里面)?(?:(?:是不是|是|就是)"
                             rf"(?:(?:讲|说|写|提|关于|提到|讲到|说到|提出|有没有|有)(?:的|了|过)?(?:是|就是)?)?"
                             rf"|(?:讲|说|写|提|关于|提到|讲到|说到|提出|有没有|有)(?:的|了|过)?(?:是|就是)?)"
                             rf"(?P<topic>[^，,。；;]+?)(?:的)?{_CLAIM_END}$")
EN_TOPIC_THEN_TASK = re.compile(r"^(?:is |are |isn't |aren't )?(?:the )?(?P<topic>[a-z][\w' -]*?),? (?:is |are )?"
                                r"(?:in|part of|under|covered (?:in|by)|mentioned in|from) task \d+"
                                r"(?:,? (?:right|correct|isn't it|yes))?$", re.IGNORECASE)
EN_TASK_THEN_TOPIC = re.compile(r"^(?:is |does )?task \d+,? (?:is about|is on|covers?|talks? about|mentions?"
                                r"|deals? with|is (?:the one )?(?:on|about))? (?:the )?(?P<topic>[a-z][\w' -]*?)"
                                r"(?:,? (?:right|correct|yes))?$", re.IGNORECASE)
# The same claims of a part ("养老属于第八部分对吗", "第七部分是讲党建的吧", "湿地是第六部分的吧")
_PART_REF = r"第[\d一二三四五六七八九十]{1,3}(?:个)?(?:部分|板块|章|篇)"
TOPIC_THEN_PART = re.compile(TOPIC_THEN_TASK.pattern.replace(_TASK_REF, _PART_REF))
PART_THEN_TOPIC = re.compile(TASK_THEN_TOPIC.pattern.replace(_TASK_REF, _PART_REF))
# A task claimed of the last topic, with no topic of its own ("是第20条吧", "在第15条里吗", "is it task 20?")
_BARE_TAIL = r"(?:里|中|里面)?(?:也)?(?:有|的)?(?:内容|说的|讲的|提的|写的)?"
# A count of the plan's tasks or parts, claimed ("规划一共30条任务对吧", "有5个部分吧", "the plan has 20 tasks")
COUNT_CLAIMED = re.compile(r"(?:一共|总共|共|有)(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})(?:条|项|个)?"
                           r"(?:任务|(?P<part>部分|板块))"
                           r"|\bhas (?P<en>\d{1,3}) (?:tasks|(?P<enpart>sections|parts))\b", re.IGNORECASE)
BARE_TASK_CLAIM = re.compile(rf"^(?:我记得|记得|好像|应该|那|这|它|那个|这个)?"
                             rf"(?:(?:是不是|是|就是)(?:在|写在|属于)?|在|写在|属于)"
                             rf"{_TASK_REF}{_BARE_TAIL}"
                             rf"(?:吧|吗|对吧|对吗|是吧|没错吧|对不对)?$"
                             rf"|^(?:那|这|它)?{_TASK_REF}{_BARE_TAIL}(?:吧|吗|对吧|对吗|是吧|没错吧|对不对)$"
                             r"|^(?:is it|is that|it's|that's) (?:in )?task \d+(?:,? right)?$", re.IGNORECASE)
CLAIM_COMMA = re.compile(r"[，,]\s*(对吗|对吧|是吧|是不是|没错吧|对不对)$")  # "…的内容，对吗" as one clause
# What a task is said to say, to be confirmed ("第19条说要打造5分钟健身圈吧", "…原文是“…”，请确认"): a claim too
SAID_CLAIMED = re.compile(r"(?:说|讲|提出|写|规定)(?:了|过|的是)?要?[^，,。？?]{2,}吧\s*[?？。!！]*\s*$"
                          r"|请(?:帮我)?(?:确认|核实|核对)|(?:确认|核实|核对)一下")
CLAIM_TAG = re.compile(r"对吗|对不对|对吧|是吧|是真的吗|真的吗|是不是真的|没错吧|是这样吗")  # "…，对吧？"
COUNTED_FIGURE = re.compile(r"\d|[一二两三四五六七八九十百千万]+(?:个|所|家|项|座|亿|万|元|倍|%)")  # 100个, 五十所
COUNTING = frozenset({"多少", "几"})  # question words that ask a number of what follows
# What a question asks of tasks it names, rather than for their text (第15条…什么时候开业, …是不是说…)
WITHIN_WANTS = frozenset({Want.DATE, Want.NUMBER, Want.PLACE, Want.WHO, Want.PROCEDURE, Want.METHOD, Want.STATUS,
                          Want.ADVICE, Want.RULE,
                          Want.MEMBERS, Want.YESNO, Want.COMPARISON})
MEASURES = frozenset("个所家座项条张套批处辆台户名位栋间块")
# Words right after a question word name the kind of answer, not the topic ("哪个单位", "什么级别").
LIST_SEPARATOR = re.compile(r"[、，,/;；]")  # between the phrases of a list quoted (“领头雁、排头兵”)
QUESTION_WORDS = frozenset("哪个 哪些 哪家 哪一 哪种 哪类 什么 啥 有啥 几 多少 第几 哪 谁 which what".split())
ASKING = re.compile(r"[吗呢？?咋]|什么|啥|干嘛|哪|怎么|怎样|如何|多少|几|是否|有没有|能不能|会不会|可不可以|为什么|谁"
                    r"|要不要|需不需要|用不用"  # ("…能打疫苗吗，要不要预约": the second asks too)
                    r"|请问"
                    r"|\b(?:what|which|how|when|where|who|why|is|are|does|do|can|will)\b")
CLAUSE_SPLIT = re.compile(r"[，,。；;！!？?\n]+")
# Where a message that asks several questions breaks: after a sentence ends, and before a clause that starts
# another matter (another's "还有没有", "还有别的吗" ask for more of the same: no break)
PART_BREAK = re.compile(r"(?<=[。；;！!？?\n])"
                        r"|(?<=[，,\s])(?=(?:另外|此外|还有|顺便问|再问一?下|再有|二是|三是|其次)"
                        r"(?!没有|别的|其他|其它|什么|吗|呢))"
                        r"|(?<=[\u4e00-\u9fff])(?=另外(?![一两几的个些]))")  # (WeChat: 会不会多建另外孩子…)
# a closing statement that is a matter of its own
ADDS_A_MATTER = re.compile(r"^(?:另外|此外|还有|顺便|再有|再问|二是|三是|其次|那)|也")
# the word that joins a question to the one before it (另外哪些任务提到了湘湖: a list question, read as one)
LEADING_CONNECTIVE = re.compile(r"^(?:另外|此外|顺便问一?下|顺便|再问一?下|再有|二是|三是|其次"
                                r"|还有(?!没有|别的|其他|其它|什么|吗|呢))[,，]?\s*")
LEANS_BACK = re.compile(r"[这它其该此]|比如|例如|譬如|像是")  # a question that points at the one before it
# the kinds of answer a question with no topic of its own asks of the one before it (要多久建成, 在哪一条)
DETAILS = frozenset({Want.NUMBER, Want.DATE, Want.STATUS, Want.PROCEDURE, Want.METHOD, Want.MEMBERS, Want.PLACE,
                     Want.WHO, Want.WHICH_TASK})
# (and an English message's: after a question mark or a sentence's end; "and", "also" join the next question)
EN_PART_BREAK = re.compile(r"(?<=[?!;])\s+|(?<=\.)\s+(?=[a-z])")
# "第二个问题再详细说说", "关于第一个问题，是第几条": one question of the last message of several, asked again
NTH_ONE = re.compile(rf"^(?:那|那么)?第\s*{NUM}\s*个(?!\s*任务)")  # "第二个呢": the nth of something, not a task named
NTH_QUESTION = re.compile(r"^(?:那|关于|那个)?第\s*([一二三123])\s*个问题(?:的)?[,，]?(?P<rest>.*)$")
# what asks for the plan's outline itself (规划有几部分, 一共多少条任务), not a bare "规划咋说的" after a question
OUTLINE_ASKED = re.compile(r"部分|几条|多少条|任务|章节|结构|框架|核心|主要内容|讲(?:了)?什么|讲啥|几个方面"
                           r"|\b(?:sections?|parts?|tasks|chapters?|structure|about)\b")
PREAMBLE = re.compile(r"^(?:你好|您好|请问)?[,，]?(?:我)?(?:想|要)?(?:问|请教|咨询)(?:一下|下)?"
                      r"(?:[两二三四几]|好几)个问题[:：,，。]?")  # 我想问两个问题：
EN_ASKS = re.compile(r"(?:what|which|how|when|where|who|why|is|are|does|do|did|can|could|will|would|should|has|have)\b")
EN_LEADING_CONNECTIVE = re.compile(r"^(?:and|also|plus|besides|by the way|another (?:thing|question))\b[,:]?\s*")
EN_LEANS_BACK = re.compile(r".*\b(?:it|its|they|them|their|these|those)\b|(?:this|that|for example|e\.g\.)\b")
MAX_PARTS = 3  # questions answered one by one in a message; more: the message answered as one
CLAUSE_SPLIT_EN = re.compile(r"[.;!?,\n]+")  # an English question's clauses (EN_SENTENCE: its sentences)
# Where the asker comes from, not what they ask about: 从宁波搬来, 老家绍兴, 宁波来的, "moved from Ningbo"
ORIGIN = (r"(?:从|来自|老家(?:在|是)?|以前(?:在|住)|原来(?:在|住)|之前(?:在|住))(?:浙江|杭州)?{p}"
          r"|{p}(?:人)?(?:搬|嫁|调|转)?(?:来|过来)的?|\bfrom {p}"
          # or what it is compared with: 跟西湖比, 像绍兴那样, "like Ningbo"
          r"|(?:跟|和|与|同|比)\s*{p}\s*(?:比|相比|一样|那样)|像\s*{p}\s*(?:一样|那样)|\b(?:like|than) {p}")
WHO_ASKS = re.compile(r"(?:我|我们|俺|俺们|咱|咱们|屋里|家里|我家)(?:是|都是|家是|家)?[\u4e00-\u9fff]{1,8}的")
# …or what the asker (or someone they know) means to do: "想开个小店，听说…一号工程，是咋回事" (not the question)
INTENDS = re.compile(r"(?:我|我们|俺|咱|朋友|亲戚|邻居|家里)?(?:想|打算|准备|正想|要)(?:在[\u4e00-\u9fff]{1,4})?"
                     r"(?:开|办|去|做|搞|找|考|买|租|学|报)[\u4e00-\u9fff]{1,6}")
ABOUT_ASKER = re.compile(r"(?:我|俺|咱|本人|\bi\b|\bi'm\b|\bmy\b|\bwe\b|\bour\b)")  # a clause of the asker's
LIVES_IN = re.compile(r"住|家在|是.{1,6}的$|\blive|\bfrom\b")  # …where they live or come from
EN_QUESTION = re.compile(r"[^.!?\n]+\?")  # an English sentence that asks
EN_SENTENCE = re.compile(r"(?<=[a-z0-9])[.!?]+(?:\s+|$)|\n+")  # where an English sentence ends


class Router:
    """Classifies questions against one plan (its corpus, catalog and words)."""

    def __init__(self, corpus: Corpus, catalog: Catalog, speller: Speller, stop_words: frozenset[str] = frozenset(),
                 translate: Callable[[str], str | None] | None = None, plan_terms: frozenset[str] = frozenset(),
                 title: str = ""):
        self.corpus = corpus
        self.plan_terms = plan_terms  # its programme names and policy terms: a topic wherever a question says one
        self.translate = translate  # an English topic → the plan's word for it (the Asian Games → 亚运)
        self.catalog = catalog
        self.speller = speller
        self.stop = frozenset(stop_words)
        self.plan_text = plan_text(corpus)
        self.folded_plan = fold(self.plan_text)
        # The plan without any punctuation (a quote is matched whatever it uses), and where each of its
        # characters is in the plan's text
        kept = [(i, k) for i, c in enumerate(self.plan_text) if (k := name_key(c))]
        self.keyed_plan, self._keyed_at = "".join(k for _, k in kept), [i for i, _ in kept]
        self.places = Places(self.plan_text, segment(self.plan_text), self.stop, title)
        self._section_titles = {
            s.order: (normalize(s.title), " ".join(normalize(corpus.task(n).title) for n in s.tasks))
            for s in corpus.sections
        }

    # ---- the one entry point ----------------------------------------------------------------

    def understand(self, question: str, history: list[dict] | None = None) -> Query:
        """The question, understood: normalised, routed, its follow-up resolved, its focus found."""
        # Markup, control and invisible format characters (zero-width spaces, direction overrides) change no
        # word: dropped before anything reads or repeats the question or the client's history.
        asked = plain(question).strip()
        history = [{**turn, "content": plain(str(turn.get("content") or ""))} for turn in history or []
                   if isinstance(turn, dict)] or None
        english = is_english(_asking_clause(asked))
        text, fixes = self.speller.correct(fold_question_forms(normalize(asked)))
        users, last_answer = _previous(history)
        if last_answer and not self._as_quoted(last_answer):
            last_answer = ""  # a turn the client wrote as ours: its marks are not the plan's, nothing refers to them
        if users and last_answer and (m := NTH_QUESTION.match(_TRAILING.sub("", text))) \
                and "关于第二个问题" in last_answer and (n := _number(m.group(1))) \
                and 1 <= n <= len(parts := self.parts(normalize(users[-1]), in_a_chat=len(users) > 1)) > 1:
            # "第二个问题再详细说说" after an answer to a message of several questions: that question, asked again
            # alone (after the turns before that message), with what is said of it now
            before = history[:max(i for i, t in enumerate(history or []) if t.get("role") == "user")]
            rest = m.group("rest").strip(" ,，?？")
            return self.understand(parts[n - 1].rstrip("?？。") + (f"，{rest}" if rest else ""), before or None)
        if users and NTH_LISTED.match(_TRAILING.sub("", text)) and not _listed(last_answer, self.corpus):
            last_answer = self._list_before(history or []) or last_answer  # "那第三个呢" after "第二个讲了什么"
        base = dict(asked=asked, text=text, english=english, fixes=fixes, wants=_wants(text),
                    elsewhere=self._elsewhere(text, english),
                    quoted=self.quoted_in_plan(text) or self.names_said(text))  # (the plan's names, quoted or not)
        if users and MORE_RE.match(text) and (query := self._more(base, history or [])):
            return query
        if query := self._about_the_answer(text, base, users, last_answer):
            return query
        for route in ORDER:
            if base["elsewhere"] and route in ("targets", "list", "overview", "task") and not (
                    route == "list" and self.list_topic(text)[0] in base["elsewhere"]):
                continue  # "上城区2025年的目标有哪些", "宁波的规划是什么": not this plan's, as the search says
                # (but "哪些任务提到了杭州" asks where the plan writes the name: a list)
            query = getattr(self, "_" + route.replace(" ", "_"))(text, base, users, last_answer)
            if query is not None:
                return query
        raise AssertionError("the search route always matches")  # pragma: no cover

    def _as_quoted(self, answer: str) -> bool:
        """Whether the words before each mark of an answer are the text of the task it marks, as the assistant
        quotes it (the history is the client's: "有：规划第15条提出“到2025年建成地铁3号线延伸段”。【15】" is not)."""
        for m in MARK_RE.finditer(answer):
            task = self.corpus.task(int(m.group(1)))
            before = re.sub(r"[\s“”‘’。，,、；;：:.…!！?？)）]+$", "", answer[max(0, m.start() - 16):m.start()])
            tail = CJK_RUN.findall(before)[-1:] if CJK_RUN.search(before[-1:] or " ") else []
            if task is None or (tail and len(tail[0]) >= 4 and tail[0][-8:] not in task.text):
                return False
        return True

    def _list_before(self, history: list[dict]) -> str:
        """The last answer that listed tasks, when every question since asked for one of them by its place
        ("第二个讲了什么", then "那第三个呢": the third of the list, not of the answer about the second); else ""."""
        for question, answer in reversed(_pairs(history)[-MAX_NTH_BACK:]):
            if _listed(answer, self.corpus):
                return answer
            if not NTH_LISTED.match(_TRAILING.sub("", normalize(question))):
                return ""
        return ""

    def _elsewhere(self, text: str, english: bool) -> tuple[str, ...]:
        """The places a question asks about that the plan never names ("上城区有几个未来社区", "Yuhang"). Not one
        said as where the asker comes from ("刚从宁波搬来，…") or what is compared with ("跟西湖比"), nor one that
        describes a thing of the plan's in a clause that does not ask ("浙大二院本部在上城区，萧山这边…"), nor,
        when the question names the plan's own place, one outside the clause that asks ("我在滨江上班，萧山…")."""
        clauses = [c for c in (CLAUSE_SPLIT_EN if english else CLAUSE_SPLIT).split(text) if c.strip()]
        home = self.places.home_in(text)
        asking = last_asking_clause(clauses)
        found: list[str] = []
        for c in clauses:
            told = c != asking and not asks(c)
            if told and (home or self.quoted_in_plan(c) or any(t in c for t in self.plan_terms if len(t) > 2)
                         or (ABOUT_ASKER.match(c.strip()) and not LIVES_IN.search(c))):
                continue  # (我爸最爱听绍兴大班: the asker's story; not 我住余杭, 我家在滨江: where "here" is)
            found += [p for p in self.places.named(c) if not re.search(
                ORIGIN.format(p=re.escape(p)), SPACED.sub("", c), re.IGNORECASE)]
            if c == asking and not english:  # a town or street asked about (瓜沥镇有几个未来社区), not one told of
                found += self.places.local(c)
        return tuple(dict.fromkeys(found))

    # ---- routes, in ORDER -----------------------------------------------------------------------

    def _nth_of_section(self, text, base, users, last_answer) -> Query | None:
        # "第六部分的第二条是什么", "the second task of section 6": the part named, then which of its tasks
        # (when the plan has no task of that number: its tasks are numbered on from the parts before).
        if (m := IN_SECTION_NTH.search(text)) and (section := self.section_named(ORDINAL_TASK.sub(" ", text))):
            if m.group("last") or m.group("last2"):  # "生态部分的最后一条": that part's last, not the plan's
                n = len(section.tasks)
            elif number := m.group("n") or m.group("n3") or m.group("n4"):
                n = _number(number)
            else:
                n = ORDINALS_EN[m.group("n2")]
            named = n is not None and self.corpus.task(n) is not None and not (m.group("last") or m.group("last2"))
            if n is not None and not named and 1 <= n <= len(section.tasks):  # (第七部分的第22条 is task 22)
                return Query(**base, route=Route.TASK, rule="nth of section", task=section.tasks[n - 1])
            if n is not None and not named and n > len(section.tasks):  # "第六部分的第五条": it has three
                return Query(**base, route=Route.MISSING_TASK, rule="nth of section past its end", task=n,
                             section=section)
        if not users:
            return None
        if not (m := NTH_RE.search(text)):
            # "第二个呢" right after a part's tasks were listed, when the plan has no task 2.
            short = SHORT_NTH_RE.match(text)
            if short is None or (n := _number(short.group(1))) is None or self.corpus.task(n) is not None:
                return None
            m = short
        section = self.section_named(normalize(users[-1]))
        n = len(section.tasks) if section is not None and m.group(2) else _number(m.group(1) or "")
        if section is None or n is None or not 1 <= n <= len(section.tasks):
            return None
        return Query(**base, route=Route.TASK, rule="nth of section", task=section.tasks[n - 1], followup=True)

    def _targets(self, text, base, users, last_answer) -> Query | None:
        deadline = ""
        if TARGET_Q.search(text):
            m = YEAR_RE.search(text) or (re.search(r"\b((?:19|20)\d{2})\b", text) if base["english"] else None)
            deadline = (m.group(0).replace(" ", "") if m.group(0).endswith("年") else f"{m.group(1)}年") if m else ""
        elif (m := DEADLINE_Q.search(text)) and ASKS_WHAT.search(text) and "多少" not in text and "几" not in text:
            deadline = f"{m.group(1)}年"
        elif TASK_TARGET_WORD.search(text) and not content_terms(TASK_TARGET_WORD.sub(" ", REFERS_BACK_RE.sub(
                " ", _without_named_parts(text))), self.stop | TARGET_FRAME | EN_TARGET_FRAME):
            scope, label = self.scope_of(text)
            if scope is None and users and (tasks := self._shown(users, last_answer)):
                scope, label = frozenset(tasks), "、".join(f"第{n}条" for n in tasks) + "中"
            # (a task's aims asked with 是什么 are its text, when it sets no figure: "第26条的目标是什么")
            if scope is None or (base["wants"] != Want.NUMBER and not FIGURES_ASKED.search(text)
                                 and not self.catalog.quantitative("", scope)):
                return None
            return Query(**base, route=Route.TARGETS, rule="targets of the task", scope=scope, scope_label=label,
                         followup=self.task_named(text) is None, refers_to=tuple(sorted(scope)))
        else:
            return None
        scope, label = self.scope_of(text)
        if scope is None and users and REFERS_BACK_RE.search(text) and (tasks := self._shown(users, last_answer)):
            # "它有量化指标吗" after a task: its targets, not the plan's six
            return Query(**base, route=Route.TARGETS, rule="targets of the task", scope=frozenset(tasks),
                         scope_label="、".join(f"第{n}条" for n in tasks) + "中", followup=True, refers_to=tuple(tasks))
        # what the targets are to be about ("关于空气质量的量化指标"): the words besides the frame, the year, the scope
        rest = SECTION_SCOPE.sub(" ", _without_named_parts(TARGET_Q.sub(" ", DEADLINE_Q.sub(" ", text))))
        topic = "、".join(w for w in self.focus_of(rest) if len(w) > 1 and w not in TARGET_FRAME and w not in self.stop)
        return Query(**base, route=Route.TARGETS, rule="targets", deadline=deadline, scope=scope, scope_label=label,
                     topic=topic if not base["english"] else "")

    def _list(self, text, base, users, last_answer) -> Query | None:
        topic, rule = self.list_topic(text)
        if topic is None and users and BARE_LIST.fullmatch(text) and LIST_NOUN_OR_VERB.search(text):
            topic, rule = "", "list frame"  # "有哪些任务提到" after 湘湖: the list of the last topic (below)
        if topic is not None and users and not content_terms(LIST_FILLER.sub("", topic), self.stop) \
                and topic not in self.stop:  # (哪些任务提到了萧山: the plan's own place, named, is the topic)
            # "具体在哪几条" after "规划提到湘湖了吗": the tasks of the last question's topic, not of 具体
            last = self.understand(users[-1][-PREVIOUS_CHARS:])
            topic = last.topic if last.route in (Route.MENTION, Route.LIST) else (
                last.focus[0] if len(last.focus) == 1 else None)
            if topic is None:
                return None
            rule = "list of the last topic"
        if topic is None and users and self.list_topic(normalize(users[-1]))[0] is not None:
            # "那托育呢？" right after a list question: the same list for the new topic.
            if (m := FOLLOWUP_TOPIC.match(text)) and not self._names_task_or_section(text):
                topic, rule = _trim_topic(m.group("t")) or None, "list follow-up"
        if topic is None or (PART_WORDS.search(text) and self.section_named(text) is not None):
            return None  # (or "讲生态环境的那部分有哪几条": that part's tasks, the section route's)
        scope, label = self.scope_of(text)
        # "文化方面有哪些任务": the tasks that say 文化, and the part of the plan about it (section 六), if one is
        asked_of = text if rule != "list follow-up" else normalize(users[-1])
        area = self.section_named(f"{topic}部分") if AREA_WORDS.search(asked_of) and scope is None else None
        return Query(**base, route=Route.LIST, rule=rule, topic=_as_asked(topic, base["asked"]), scope=scope,
                     scope_label=label, section=area)

    def _mention(self, text, base, users, last_answer) -> Query | None:
        if users and not base["english"] and (m := FOLLOWUP_TOPIC.match(_TRAILING.sub("", text) + "呢")) \
                and (x := _trim_topic(m.group("t").lstrip("那"))) and len(x) >= 2 and not ASKS_WH.search(x) \
                and not MENTION_ASKS.search(x) \
                and not self._names_task_or_section(x) \
                and self.understand(users[-1][-PREVIOUS_CHARS:]).route == Route.MENTION:
            # "那越剧呢" right after "绍剧莲花落规划里有吗": whether it mentions that one too
            return Query(**base, route=Route.MENTION, rule="mention follow-up", topic=_as_asked(x, base["asked"]),
                         followup=True)
        # The clause that asks: "楼下老小区说要改造，规划里有提到老旧小区改造吗？" asks the second.
        q = _TRAILING.sub("", text) if base["english"] else _TRAILING.sub("", _asking_clause(text)).replace(" ", "")
        if not MENTION_ASKS.search(q) or WHICH_TASK_RE.search(q):  # (a list question never gets here)
            return None
        if CLAIM_TAG.search(text) and COUNTED_FIGURE.search(text):
            return None  # "规划说到2025年要建100个未来社区，对吧": a figure claimed: the search checks it
        found = self._mention_in(q, text, base, users, last_answer)
        if found is None and base["english"] and len(asked := EN_QUESTION.findall(text)) > 1:
            # "Where can people get legal help? Does the plan mention public legal services?": the last
            # question is whether it mentions them
            found = self._mention_in(_TRAILING.sub("", asked[-1].strip()), text, base, users, last_answer)
        clauses = [c for c in CLAUSE_SPLIT.split(text) if c.strip()]
        asking = _asking_clause(text)
        i = clauses.index(asking) if asking in clauses else 0
        if found is None and not base["english"] and i > 0:
            for joined in self._told_topic(q, clauses, i):  # (each looked for only if the one before was no topic)
                if (found := self._mention_in(joined, text, base, users, last_answer)) is not None:
                    break
        return found

    def _told_topic(self, q: str, clauses: list[str], i: int) -> Iterator[str]:
        """A clause that only asks whether the plan mentions it (clauses[i], ``q`` as read), with the topic the
        story before it names in its place, by each way a story names one, in turn."""
        # The topic before: "政务服务“一网通办”，规划提了吗" (a name, not a story: "楼下老是停满车，规划提了吗"
        # asks whether the plan deals with it, a question for search)
        if all(tag.startswith(("n", "vn", "eng", "m", "q", "x")) for _, tag in tagged_words(clauses[i - 1])):
            yield _TRAILING.sub("", clauses[i - 1] + clauses[i]).replace(" ", "")
        # or a term of the plan's in the story that the asking clause points at ("社区说要用枫桥经验调解，规划
        # 里有这个吗": 这个 is 枫桥经验)
        if m := POINTED_LAST.search(q):
            told = [self._focus_terms(c)[0] for c in reversed(clauses[:i])]
            # (two words the plan writes as one: 学二十大精神's 二十大 + 精神, over 社区 where it was heard)
            named = [w for ws in told for w in ws if w in self.plan_terms] + [
                a + b for ws in told for a, b in zip(ws, ws[1:], strict=False) if a + b in self.plan_text]
            if named:  # (the longest: 枫桥经验, not 社区 where the resident heard it)
                yield q[:m.start()] + max(named, key=len)
        # or what the story quotes ("支部开会老说“第一议题”，规划里有提到吗")
        if quoted := QUOTED_TERM.findall("，".join(clauses[:i])):
            yield _TRAILING.sub("", f"“{quoted[-1]}”" + clauses[i]).replace(" ", "")

    def _mention_in(self, q, text, base, users, last_answer) -> Query | None:
        for frame in MENTION_FRAMES:
            if (m := frame.match(q)) is None:
                continue
            if m.group("t").startswith("的"):
                return None  # "规划里讲到的健身圈离我家近吗": about what the plan says, not whether it says it
            if len(m.group("t")) > 2 * MAX_TOPIC:
                return None  # no name runs to a paragraph: not a question whether the plan says it
            topic = _trim_topic(m.group("t"))
            if not topic or topic in STOP_WORDS or TARGET_Q.search(topic) or ASKS_WH.search(topic):
                continue  # "提到哪个医院了" asks which, not whether
            if len(topic) == 1 and CJK_RUN.fullmatch(topic):
                continue  # "规划里有说法吗" (a position on it): 说 + 法 is no mention of 法
            if POINTER_ONLY.fullmatch(topic):
                continue  # "这两个规划有没有说": what the story before names, not the words 这两个
            # Only the frame's own words left ("是不是规划里的内容": 是不). A word of the plan's own stop
            # list (萧山, 杭州) is still a topic here: it says nothing of which task, but it is asked about.
            if CJK_RUN.search(topic) and (not content_terms(topic) or _FRAME_LEFTOVER.fullmatch(topic)
                                          or _FRAME_ONLY.fullmatch(topic)):
                continue  # (nor "没有提到" of "湘湖，规划里有没有提到": the topic is before the frame, if anywhere)
            if self._names_task_or_section(topic):
                return None  # "规划有提第21条吗": that task, not a phrase to look for
            if topic in CONTEXT_WORDS or topic in KINDS_OF_HELP or topic in DEALT_WITH:
                # "我想自己创业，规划里有支持吗", "老年人不会用手机，规划有没有考虑这个问题": whether it deals with the
                # story's topic, a question for search
                return None
            topic = self._without_own_places(topic)
            if WILL_DO.match(topic):  # "有没有说要保护古建筑": whether something will be done, a question for search
                return None
            # so is a thing to do that the plan does not say as such ("有没有说建健身的地方", "加强基层医疗")
            # (a verb and a thing: not a name or a set phrase, 保租房, 让利于民)
            if fold(topic) not in self.folded_plan and len(tagged := tagged_words(topic)) > 2 \
                    and tagged[0][1] == "v" and CJK_RUN.fullmatch(topic) and not is_common_word(topic) \
                    and any(tag in NOUN_TAGS and len(w) > 1 for w, tag in tagged[1:]):
                return None
            if len(topic) > 3 and CJK_RUN.fullmatch(topic) and fold(topic) not in self.folded_plan \
                    and (tagged := tagged_words(topic))[-1][1] == "a" and len(tagged) > 2 \
                    and any(tag in NOUN_TAGS for _, tag in tagged[:-1]):
                return None  # "孩子上幼儿园难有没有说法": a trouble told, not a phrase to look for: searched
            if (m := BY_MEANS.match(topic)) and any(t in m.group("means") for t in self.plan_terms):
                return None  # "有没有说用枫桥经验化解": whether the plan does it that way, a question for search
            # English: the plan's word for it, or ranked search. A Latin topic in a Chinese question
            # (规划有没有提到5G, PM2.5) is a name: looked for as written.
            if not re.search(r"[\u3400-\u9fff]", topic) and base["english"]:
                if not (topic := self.translated(topic)):
                    return None
            scope, label = self.scope_of(text)
            refers = ()
            if scope is None and users and REFERS_BACK_RE.search(q):
                # "里面有没有提到扫黑？" after "第25条讲什么？": within the task(s) just cited.
                refers = self._shown(users, last_answer)
                if refers:
                    scope, label = frozenset(refers), "、".join(f"第{n}条" for n in refers) + "中"
            return Query(**base, route=Route.MENTION, rule="mention", topic=_as_asked(topic, base["asked"]),
                         scope=scope, scope_label=label,
                         followup=bool(refers), refers_to=refers)
        return None

    def translated(self, topic: str) -> str | None:
        """The plan's word for an English list or mention topic; for several asked together ("garbage
        sorting and the metro") each one's, joined by 、 as the desk answers them, unless the whole is one
        name the dictionary has ("harmony between humanity and nature" is tried whole first)."""
        if not self.translate:
            return None
        whole = self.translate(topic)
        parts = [p for p in EN_TOPIC_SEPARATORS.split(topic) if p.strip()]
        each = [self.translate(p) for p in parts] if 1 < len(parts) <= 4 else []
        # (a whole that is only "not in the plan", or only one part's: "education and health care" is not 公共卫生)
        if each and all(each) and (not whole or whole == topic or whole in each):
            return "、".join(dict.fromkeys(each))
        return whole

    def _without_own_places(self, topic: str) -> str:
        """A topic the plan does not have whole, without the plan's own place names (浙大二院萧山 → 浙大二院,
        萧山的未来社区 → 未来社区): every word of the plan is about them. 红领萧山, a name of the plan, stays."""
        if fold(topic) in self.folded_plan:
            return topic
        for word in sorted(self.stop, key=len, reverse=True):
            # at the end, or before 的: 杭州西站, 杭州党校 and 萧山医院 are names of their own
            if m := re.fullmatch(rf"(.{{2,}}?)(?:的)?{re.escape(word)}|{re.escape(word)}的(.{{2,}})", topic):
                rest = m.group(1) or m.group(2)
                if rest not in self.stop and rest not in STOP_WORDS:  # 杭州市政府 is not 政府
                    return rest
        return topic

    def _name(self, text, base, users, last_answer) -> Query | None:
        if (name := self.name_in(text)) is not None:
            return Query(**base, route=Route.NAME, rule="name", name=name, topic=name.name)
        if (term := self.quoted_unknown(text)) is not None and (topic := _trim_topic(term)):
            return Query(**base, route=Route.NAME, rule="unknown name", topic=topic)  # (not one trimmed to nothing)
        return None

    def _overview(self, text, base, users, last_answer) -> Query | None:
        q = text.replace(" ", "") if not base["english"] else text
        if (m := COUNT_CLAIMED.search(q)) and NAMES_THE_PLAN.search(q.lower()) and CHECKS_CLAIM.search(q) \
                and (n := _number(m.group("n") or m.group("en"))) is not None:
            # "规划一共30条任务对吧", "The plan has 20 tasks, right?": the outline, saying whether that is so
            return Query(**base, route=Route.OVERVIEW, rule="count claimed",
                         topic=f"{n} {'sections' if m.group('part') or m.group('enpart') else 'tasks'}")
        if PLAN_PERIOD_RE.search(q):  # "规划什么时候结束", "What period does the plan cover?"
            return Query(**base, route=Route.OVERVIEW, rule="years")
        if PLAN_META_RE.search(q):
            return Query(**base, route=Route.OVERVIEW, rule="not in the text")
        # Not a part or task by number, even one the plan lacks (规划第一部分讲什么); its first and last tasks
        # are asked of the whole ("一共多少条任务？第一条和最后一条分别讲什么": the outline names them all).
        if self.corpus.task(1) is None and COUNT_ASK.search(q):
            text, q = FIRST_AND_LAST.sub(" ", text), FIRST_AND_LAST.sub(" ", q)
        itself = (not any(p.search(text) for p in (*SECTION_ROUTES, *TASK_ROUTES))
                  and self._about_the_plan_itself(q))
        if itself and base["wants"] == Want.DATE:  # "规划到哪一年": the years its text names
            return Query(**base, route=Route.OVERVIEW, rule="years")
        if not (OVERVIEW_RE.search(q) or itself) or self._names_task_or_section(text):
            return None
        if not itself and any(len(w) > 1 and w in self.plan_text for w in self._besides_the_plan(q)):
            return None  # "文化方面规划有哪些内容": what the plan says of a topic of it, not the whole plan
        return Query(**base, route=Route.OVERVIEW, rule="overview")

    def _about_the_plan_itself(self, q: str) -> bool:
        """The question names the plan and nothing in it: its other words are the question's form or
        words for a document's parts and gist (核心内容, 板块, 结构; sections, main points)."""
        short = len(q) <= 8 and not is_english(q)  # "规划的内容", "规划简介": a heading asks too
        if not NAMES_THE_PLAN.search(q.lower()) or not (short or ASKING.search(q.lower())) or ASKS_MENTION.search(q):
            return False  # (whether it mentions something, even a word taken for a frame's: 了解)
        return not self._besides_the_plan(q)

    def _besides_the_plan(self, q: str) -> list[str]:
        """A question's words other than its form and words for a document's parts and gist."""
        if is_english(q):
            words = re.findall(r"[a-z]+|[\u3400-\u9fff]+", q.lower().replace("'s", ""))  # a Chinese word: a topic
            return [w for w in words if w not in STOP_WORDS and w not in PLAN_ITSELF and w != "document"]
        return [w for w, tag in tagged_words(q) if w not in STOP_WORDS and w not in self.stop and w not in PLAN_ITSELF
                and tag not in FORM_TAGS and not (tag in ("d", "p") and len(w) == 1)  # 更新 (d), 依据 (p) stay
                and not FORM_WORD.search(w) and w not in CONTEXT_WORDS]

    def _task(self, text, base, users, last_answer) -> Query | None:
        # "下一条呢" / "上一条" / "next one?" right after an answer citing one task: the task after or before it.
        if (step := NEXT_TASK.match(_TRAILING.sub("", text))) and not users:
            # (an attack: "下一条" with no history got two tasks a search found for 下一条)
            return Query(**base, route=Route.TASK, rule="no task before", task=self.corpus.tasks[0].number)
        if users and step:
            # (the task the last answer cited, or, in a history of questions only, the one last asked for)
            cited = self._shown(users, last_answer)
            numbers = [t.number for t in self.corpus.tasks]
            forward = step.group(1) in ("下", "后") or "next" == step.group(2)
            run = sorted(set(cited))
            if len(run) > 1 and run == list(range(run[0], run[-1] + 1)):
                cited = (run[-1] if forward else run[0],)  # "第13条和第14条讲什么", then "下一条": 第15条
            if len(cited) == 1 and cited[0] in numbers:
                i = numbers.index(cited[0]) + (1 if forward else -1)
                if 0 <= i < len(numbers):
                    return Query(**base, route=Route.TASK, rule="next task", task=numbers[i], followup=True)
                # after the last or before the first: say so (not a search for 下一条)
                return Query(**base, route=Route.TASK, rule="no task past the end", task=cited[0], followup=True)
        # "第二个讲了什么" after a list of tasks (哪些任务提到了亚运: 第17条, 第25条): the second one listed, not task 2
        nth = NTH_LISTED.match(_TRAILING.sub("", text)) if users else None
        if users and not nth and (m := NTH_LISTED_TIAO.match(_TRAILING.sub("", text))) \
                and self.corpus.task(_number(m.group(1)) or 0) is None:
            nth = m  # "第二条讲了什么" after a list, in a plan with no task 2: the second listed
        last = users and LAST_LISTED.match(_TRAILING.sub("", text))
        if (nth or last) and len(cited := _listed(last_answer, self.corpus) or self._shown(users, last_answer)) > 1:
            if (n := len(cited) if last else _number(nth.group(1))) and 1 <= n <= len(cited):
                return Query(**base, route=Route.TASK, rule="nth task listed", task=cited[n - 1], followup=True,
                             refers_to=(cited[n - 1],))
        # "它的第一句是什么" after a task, "第15条最后一句": that sentence of it, not a search for 第一
        if (m := NTH_SENTENCE.search(text)) and not content_terms(
                REFERS_BACK_RE.sub("", WHOLE_TASK_ASK.sub("", _without_named_parts(NTH_SENTENCE.sub("", text)))),
                self.stop):
            named = self.task_named(text)
            tasks = (named,) if named is not None and self.corpus.task(named) else (
                self._shown(users, last_answer) if users and named is None else ())
            k = -1 if m.group("last") or m.group("enlast") else 1 if m.group("head") else (
                ORDINALS_EN[m.group("en")] if m.group("en") else _number(m.group(1) or "") or 0)
            if len(tasks) == 1:  # (k 0: "第0句", said to be none)
                return Query(**base, route=Route.TASK, rule="nth sentence", task=tasks[0], sentence=k,
                             followup=named is None, refers_to=tasks)
            if named is None:  # of no task, or of several just cited: say to name one (not a search for 第一)
                return Query(**base, route=Route.TASK, rule="nth sentence of no task", task=self.corpus.tasks[0].number,
                             sentence=k, refers_to=tasks)
        if several := self.tasks_named(text):  # "第13条和第14条讲什么"
            return Query(**base, route=Route.TASK, rule="several tasks", task=several[0], refers_to=several)
        if (n := self.task_named(text)) is None:
            # "这条的标题是什么" right after an answer citing one task: that task.
            # (or "标题是什么" alone: of what was just shown)
            cited = self._shown(users, last_answer) if users and (REFERS_BACK_RE.search(text) or (
                TITLE_ASK.search(text) and len(text) <= SHORT_FOLLOWUP)) \
                and not THIS_PART.search(text) else ()  # (这部分: the part, not the task)
            if len(cited) == 1 and WHOLE_TASK_ASK.search(text) and not content_terms(
                    WHOLE_TASK_ASK.sub("", REFERS_BACK_RE.sub("", text)), self.stop):
                rule = "title of the task pointed back to" if TITLE_ASK.search(text) else "task pointed back to"
                return Query(**base, route=Route.TASK, rule=rule, task=cited[0], followup=True,
                             refers_to=cited)
            return None
        route = Route.TASK if self.corpus.task(n) is not None else Route.MISSING_TASK
        if route == Route.MISSING_TASK and users and NTH_ONE.search(text):
            return None  # "第二个是什么" after "要打造哪些文化地标": the second of what was just asked, no task
        topic = self._claimed_in_task(text) if route == Route.TASK else ""
        if route == Route.TASK and not topic and users and BARE_TASK_CLAIM.match(_as_claim(text)):
            topic = self._last_topic(users)  # "垃圾分类规划怎么说", then "是第20条吧": 垃圾分类 in task 20?
        if topic:
            # "托育是第14条的内容吧？", "第21条讲的是碳达峰吧": whether that task says it, and where the plan does
            return Query(**base, route=Route.MENTION, rule="topic claimed of a task", topic=topic,
                         scope=frozenset({n}), scope_label=f"第{n}条中")
        if route == Route.TASK and (within := self._within(text, base, (n,))) is not None:
            return within  # "第15条的浙大二院什么时候开业": a date, asked within task 15
        # (a number no plan can have is said as asked, 13.5 or 〇; one of more digits than a number is not repeated)
        shown = re.sub(r"\s", "", m.group(1) or m.group(2)) if n == NO_TASK and (m := ODD_TASK.search(text)) else ""
        return Query(**base, route=route, rule="task number", task=n, topic=shown if len(shown) <= 6 else "…")

    def _last_topic(self, users: list[str]) -> str:
        """The topic of the last question that had one: its mention or list topic, or its longest focus word
        the plan says (for a claim about it: "是第20条吧" after "垃圾分类规划怎么说")."""
        for u in reversed(users[-3:]):
            last = self.understand(u[-PREVIOUS_CHARS:])  # (of a long turn, its end, as a follow-up carries it)
            if last.route in (Route.MENTION, Route.LIST, Route.NAME) and last.topic:
                return last.topic
            if said := [w for w in last.focus if len(w) > 1 and w in self.plan_text]:
                return max(said, key=len)
        return ""

    def _claimed_in_task(self, text: str, part: bool = False) -> str:
        """The topic a question claims one task (or part) is about, for it to be checked ("托育是第14条的内容吧" →
        托育, "第21条讲的是碳达峰吧" → 碳达峰, "养老属于第八部分对吗" → 养老), or ""."""
        q = _as_claim(text)
        m = (TOPIC_THEN_PART.match(q) or PART_THEN_TOPIC.match(q)) if part else (
            TOPIC_THEN_TASK.match(q) or TASK_THEN_TOPIC.match(q) or EN_TOPIC_THEN_TASK.match(q)
            or EN_TASK_THEN_TOPIC.match(q))
        if m is None:
            return ""
        topic = re.sub(r"^(?:那|这个|那个)|(?:是|在|的|就是)+$", "", m.group("topic")).strip()
        topic = TRAILING_HEDGES.sub("", LEADING_HEDGES.sub("", topic))  # (垃圾分类应该是…: 垃圾分类)
        if re.fullmatch(r"是不?是?|不是|就是|是的", topic) or self._names_task_or_section(topic):
            return ""  # ("是不是第13条": no topic of its own; "第13条?第99条?": two tasks asked for, no topic)
        if not topic or ASKS_WH.search(topic) or not content_terms(topic, self.stop) or WILL_DO.match(topic):
            return ""  # (第16条是不是说要限购: what it will do, searched within it)
        if fold(topic) not in self.folded_plan and len(tagged := tagged_words(topic)) > 1 \
                and any(tag == "v" for _, tag in tagged[1:]):
            return ""  # (第16条是不是说公办养老院免费入住: a statement, not a name, searched within it)
        if not CJK_RUN.search(topic):  # "Elderly care is in task 15, right?": the plan's word for it (养老)
            return self.translated(topic) or topic
        return topic

    def _within(self, text: str, base: dict, tasks: tuple[int, ...]) -> Query | None:
        """A question that names tasks (or a part) but asks a particular thing of them, a date, a number, who,
        whether (第16条是不是说公办养老院免费入住, 第15条的浙大二院什么时候开业): searched within them, so the
        answer quotes what they say of it, or says what they do not; not the whole text shown as the answer."""
        if base["wants"] not in WITHIN_WANTS and not CLAIM_TAG.search(text) and not SAID_CLAIMED.search(text):
            return None
        rest = _without_named_parts(text)
        if not self.focus_of(WHOLE_TASK_ASK.sub(" ", rest)):
            return None  # "第22条是什么时候的" asks nothing of a topic in it
        found = self._search(rest, base, [], "")
        return replace(found, rule="within named tasks", refers_to=tasks)

    def _section(self, text, base, users, last_answer) -> Query | None:
        if (m := SEVERAL_SECTIONS.search(text)) and len(several := tuple(dict.fromkeys(
                s for n in _numbers(m.group()) if (s := self.corpus.section(n))))) >= 2:
            return Query(**base, route=Route.SECTION, rule="several sections", section=several[0], sections=several)
        if (section := self.section_named(text)) is not None:
            if topic := self._claimed_in_task(text, part=True):  # "养老属于第八部分对吗": whether that part says it
                return Query(**base, route=Route.MENTION, rule="topic claimed of a task", topic=topic,
                             scope=frozenset(section.tasks), scope_label=f"第{section.numeral}部分中")
            # (not "生态环境那部分有几条任务,分别叫啥": its tasks are what is asked for)
            if not ASKS_ITS_TASKS.search(text) and (within := self._within(text, base, tuple(section.tasks))):
                return within  # "第五部分是不是说要取消中考"
            return Query(**base, route=Route.SECTION, rule="section", section=section)
        # "这部分讲什么", "这一部分还有哪些任务" right after one task was shown: the part it is in.
        if users and THIS_PART.search(text) and len(cited := self._shown(users, last_answer)) == 1 \
                and not content_terms(THIS_PART_ASKS.sub("", THIS_PART.sub("", text)), self.stop):
            section = self.corpus.section_of(self.corpus.task(cited[0]))
            return Query(**base, route=Route.SECTION, rule="section pointed back to", section=section, followup=True)
        for pattern in SECTION_ROUTES:  # "第一部分" of a plan whose parts are 五 to 九: say which it has
            if (m := pattern.search(text)) and (n := _number(m.group(1))) is not None:
                if pattern is not SECTION_ROUTES[1] and 0 < n <= len(self.corpus.sections):
                    # its n-th part, said so ("第一部分讲什么" after "共5个部分": the first of them, 五)
                    return Query(**base, route=Route.SECTION, rule="section by position",
                                 section=self.corpus.sections[n - 1], topic=m.group(0).strip())
                return Query(**base, route=Route.OVERVIEW, rule="missing section", topic=m.group(0).strip())
        return None

    def _about_the_answer(self, text, base, users, last_answer) -> Query | None:
        """What is asked of the last answer rather than of the plan: to say it shorter (总结一下, 简单点说: the
        titles of the tasks it cited, or that it cited none), in another language (用英文说: nothing is
        translated, said so), or how the last topics relate (两个有什么关系: the plan's text on both; for tasks
        named, where each stands; with nothing before, which ones)."""
        asked = _TRAILING.sub("", text)
        first = self.corpus.tasks[0].number
        if RESTATE.fullmatch(asked):  # (after an answer that cited nothing: nothing to say shorter, said so)
            cited = (_cited(last_answer, self.corpus) if last_answer else self._shown(users, last_answer)) \
                if users else ()
            return Query(**base, route=Route.TASK, rule="titles of the tasks pointed back to", task=first,
                         refers_to=cited[:MAX_RESTATED], followup=True)
        if TRANSLATE.fullmatch(asked):
            return Query(**base, route=Route.TASK, rule="no translation", task=first, followup=True)
        if ORIGINAL.fullmatch(asked) and users:  # the whole text of what was cited, verbatim; or that none was
            cited = _cited(last_answer, self.corpus) if last_answer else self._shown(users, last_answer)
            if len(cited) == 1:
                return Query(**base, route=Route.TASK, rule="task pointed back to", task=cited[0], followup=True,
                             refers_to=cited)
            if cited:
                return Query(**base, route=Route.TASK, rule="several tasks", task=cited[0],
                             refers_to=cited[:MAX_RESTATED], followup=True)
            return Query(**base, route=Route.TASK, rule="no original quoted", task=first, followup=True)
        if m := RELATION.fullmatch(asked):
            n = _number(m.group("n")) if m.group("n") else 2  # "两个", "三个", "这些": the last n questions
            asked_of = [normalize(u)[-PREVIOUS_CHARS:] for u in users[-(n or 2):]]
            tasks = tuple(dict.fromkeys(t for u in asked_of for t in self.tasks_named(u) or [
                x for x in [self.task_named(u)] if x is not None and self.corpus.task(x)]))
            if len(tasks) >= 2:  # "第13条", "第14条", then "两个有什么关系": the plan says no relation of its own
                return Query(**base, route=Route.TASK, rule="how tasks relate", task=tasks[0],
                             refers_to=tasks[:MAX_RESTATED], followup=True)
            focus = tuple(dict.fromkeys(w for u in asked_of for w in self.focus_of(u)))
            if len(focus) >= 2:
                return Query(**base, route=Route.SEARCH, rule="how two topics relate", focus=focus,
                             terms=focus, standalone=" ".join(asked_of), followup=True)
            return Query(**base, route=Route.TASK, rule="how what relates", task=first, followup=True)
        return None

    def _more(self, base: dict, history: list[dict]) -> Query | None:
        """"还有别的吗": the question before (the last that was not itself "more"), without the quotes of
        the answers since."""
        shown: list[str] = []
        for turn in reversed(history):
            content = str(turn.get("content") or "").strip()
            if turn.get("role") == "assistant":
                shown.append(content)
            elif turn.get("role") == "user" and content and not MORE_RE.match(normalize(content)):
                before = normalize(content)[-PREVIOUS_CHARS:]
                # quoted as that question would be, and judged on what it asked for (a count, a date)
                base = base | {"english": is_english(before), "wants": _wants(before)}
                if self.understand(before).route in WHOLE_TEXTS:  # a task, a section, the outline: all shown
                    return Query(**base, route=Route.SEARCH, rule="more of a whole text", standalone=before,
                                 followup=True, shown="\n".join(shown))
                return Query(**base, route=Route.SEARCH, rule="more", terms=content_terms(before, self.stop),
                             focus=self.focus_of(before), standalone=before, followup=True, shown="\n".join(shown))
        return None

    def _search(self, text, base, users, last_answer) -> Query:
        if SMALL_TALK.fullmatch(text.strip()):  # "谢谢", "你好", "thanks": no question to refuse
            return Query(**base, route=Route.SEARCH, rule="small talk")
        terms = content_terms(re.sub(r"^那(?:么)?", "", text), self.stop)  # not 那托育 (of 那托育呢)
        # (管托育 of "是否管托育": 托育; a made-up word of two characters, 看展, stays one to say it is not the plan's)
        terms = tuple(dict.fromkeys(w for t in terms for w, _ in (self._unglued(t, "") if len(t) > 2 else [(t, "")])
                                    if len(w) > 1 or w not in STOP_CHARS))
        # (nor 那湘湖, read as a place pointed at: "那湘湖呢" asks of 湘湖)
        focus = self.focus_of(re.sub(r"^那(?:么)?", "", text) if FOLLOWUP_TOPIC.match(text) else text)
        if not focus and users and len(terms) == 1 and terms[0] in AREA_FORMS:
            focus = terms  # "那城里呢": a kind of place (a place word to the tagger, no noun), asked of the last topic
        standalone, refers, followup = "", (), False
        also = ALSO_RE.match(_TRAILING.sub("", text))
        if users and also and not content_terms(also.group("rest"), self.stop):  # the last topic, of another thing
            before = normalize(users[-1])[-PREVIOUS_CHARS:]
            return Query(**base, route=Route.SEARCH, rule="search", terms=(*content_terms(before, self.stop), *terms),
                         focus=self.focus_of(before), standalone=f"{before} {text}", followup=True)
        before = ()
        # A word the plan or a dictionary has (not 建在 of 建在哪), or one of three characters or more
        # (河长制), is a topic of its own.
        own = any(len(t) > 2 or (len(t) == 2 and (t in self.plan_text or is_common_word(t))) for t in terms)
        # "那水呢": one character a noun of the plan, asked of the last topic, is a topic of its own (not 建)
        asked_of_last = FOLLOWUP_TOPIC.match(_TRAILING.sub("", text) + "呢")
        if not asked_of_last and len(clauses := [c for c in CLAUSE_SPLIT.split(text) if c.strip()]) > 1 \
                and clauses[0].startswith("那") and not any(len(t) > 1 and t not in CONTEXT_WORDS for c in clauses[1:]
                                                            for t in content_terms(c, self.stop)):
            # "那农村呢，有没有数字": the first clause is the topic asked of as the last; the rest, what of it
            asked_of_last = FOLLOWUP_TOPIC.match(_TRAILING.sub("", clauses[0]) + "呢")
        if asked_of_last and len(x := asked_of_last.group("t").lstrip("那")) == 1:
            own = own or (x in self.plan_text and any(w == x and f.startswith("n") for w, f in tagged_words(text)))
        # Right after a task or a part was asked for (by number, or 下一条), a question with no topic (no noun,
        # no term of the plan's: "谁负责", "为什么要建", "什么时候完成"; not "今天天气怎么样") is asked of it. (After
        # a question with a topic, the topic is what it asks about: "地铁7号线", then "为什么要建".)
        last = normalize(users[-1])[-PREVIOUS_CHARS:] if users else ""
        topicless = bool(users and focus and not base["english"]) and not any(
            (tag in NOUN_TAGS and not w.endswith(BODY_KINDS)) or w in self.plan_terms
            for w, tag in tagged_words(text) if w in focus)  # (负责单位 names the kind of answer, not a topic)
        # "看病呢", "那停车呢": a topic asked of as the last one was, a verb or not (not "怎么申请呢": a way of asking)
        # (the 呢 the question ends in is no part of it: "水污染呢？")
        if asked_of_last and (x := asked_of_last.group("t").lstrip("那").replace("的", "").removesuffix("呢")) \
                and (named := content_terms(x, self.stop)) and len("".join(named)) >= len(x):
            own, topicless = True, False
        of_shown = topicless and (self._names_task_or_section(last) or bool(NEXT_TASK.match(_TRAILING.sub("", last)))) \
            and 0 < len(self._shown(users, last_answer)) <= 4
        if users and (FOLLOWUP_RE.search(text) or not own or topicless or not focus):
            # (or with only the kind of answer asked, "标准是多少" after 低保: of the last topic)
            # A follow-up says so ("那…呢", "其中", "它", "具体…") or has no topic of its own ("具体呢", and
            # "为什么要建": 建 alone names nothing).
            followup = True
            # The last question with a topic of its own ("建在哪" after "为什么要建" after 浙大二院…): up to
            # three back.
            asked = [normalize(u)[-PREVIOUS_CHARS:] for u in reversed(users[-3:])]
            # (one with a thing of its own: "浙大二院总部项目是哪条的", not "啥时候建好" after it)
            previous = next((p for p in asked if any(len(w) > 1 and (tag in NOUN_TAGS or w in self.plan_terms)
                                                     for w, tag in tagged_words(p))), None) \
                or next((p for p in asked if any(len(t) > 1 for t in content_terms(p, self.stop))), asked[0])
            standalone = f"{previous} {text}"
            # "那未来乡村呢" after a question about 余杭区 is about 余杭区 too; "那萧山呢" is about the plan's own
            if not base["elsewhere"] and not self.places.home_in(text):
                base = {**base, "elsewhere": self._elsewhere(previous, base["english"])}
            if (not own or topicless or not focus) and not REFERS_BACK_RE.search(text) and not of_shown:
                focus = self.focus_of(previous) or focus  # "为什么要建": what the last question was about
            if REFERS_BACK_RE.search(text) or of_shown:
                refers = self._shown(users, last_answer)
            elif asked_of_last and focus and all(YEAR_ASKED.fullmatch(w) for w in focus):
                focus = (*self.focus_of(previous), *focus)  # "那2035年呢": the last topic, in that year
            elif asked_of_last and focus:
                before = tuple(w for w in self.focus_of(previous) if w not in focus)  # 那农村呢: 养老 in 农村?
        # A short question of a detail (how much, when, where) right after another, in words the plan never
        # uses ("湘湖", then "门票多少钱"), asks it of the last topic: the plan's text on it is shown, with what it
        # does not say. (Not "河长制有没有" after 垃圾分类: a new topic.)
        if users and not followup and focus and not base["english"] and len(text) <= SHORT_FOLLOWUP \
                and base["wants"] in WITHIN_WANTS - {Want.YESNO, Want.COMPARISON} \
                and not any(len(w) > 1 and w in self.plan_text for w in focus):  # (钱 is no word of 钱塘江's)
            previous = normalize(users[-1])[-PREVIOUS_CHARS:]
            if (earlier := self.focus_of(previous)) and all(w in self.plan_text for w in earlier):
                followup, standalone, focus = True, f"{previous} {text}", (*earlier, *focus)
        # A short claim right after a question ("营商环境要达到什么水平", then "全国最优是吧"): a claim about the
        # last topic, checked against what the plan says of it
        if users and not followup and not base["english"] and len(text) <= SHORT_CLAIM \
                and CLAIM_TAG.search(text[-4:]):
            previous = normalize(users[-1])[-PREVIOUS_CHARS:]
            if earlier := self.focus_of(previous):
                followup, standalone = True, f"{previous} {text}"
                focus = (*earlier, *(w for w in focus if w not in earlier))
        if not followup and not before and len(focus) == 1 and focus[0] in AREA_FORMS \
                and len(clauses := [c for c in CLAUSE_SPLIT.split(text) if c.strip()]) > 1:
            # "我家楼下垃圾桶分了四种，农村也要分吗": the kind of place narrows the story's topic, as "那农村呢" the
            # last question's (not 农村 alone, said once in a plan, of something else)
            story = "，".join(c for c in clauses if focus[0] not in c)
            before = tuple(w for w in self.focus_of(story) if w not in AREA_FORMS and len(w) > 1) if story else ()
        told = ()
        if base["english"] and (asked := EN_QUESTION.findall(text)) and EN_SENTENCE.search(
                text[: text.rindex(asked[-1])]):  # "Restaurant hygiene worries me. Does the plan say … food safety?"
            # (not when the last names nothing of its own: "Who checks food safety? Is it in the plan?" points back)
            if own_last := self._focus_terms(asked[-1])[0]:
                told = tuple(w for w in focus if w not in own_last)
        return Query(**base, route=Route.SEARCH, rule="search", terms=terms, focus=focus, standalone=standalone,
                     followup=followup, refers_to=refers, before=before, told=told)

    # ---- pieces the routes share ----------------------------------------------------------------

    def _shown(self, users: list[str], last_answer: str) -> tuple[int, ...]:
        """The tasks the last answer cited; in a history of questions only (the API allows one), those the
        last question named ("第18条", then "这条的标题是什么")."""
        if last_answer or not users:
            return _cited(last_answer, self.corpus)
        last = normalize(users[-1])
        return self.tasks_named(last) or tuple(n for n in [self.task_named(last)] if n and self.corpus.task(n))

    def _names_task_or_section(self, text: str) -> bool:
        return self.task_named(text) is not None or self.section_named(text) is not None

    def task_named(self, text: str) -> int | None:
        """The task number a question names ("第22条", "任务22", "task 22", "最后一条", "the first task"), whether
        or not it exists."""
        tasks = self.corpus.tasks
        if FIRST_TASK_RE.search(text) and tasks and self.corpus.task(1) is None:
            return tasks[0].number  # "规划的第一条任务" of a plan numbered from 13
        if (m := NTH_BY_POSITION.search(text)) and tasks:
            if m.group("end") or m.group("enend") or m.group("pen"):
                n = _number(m.group("end") or "") or ORDINALS_EN.get(m.group("enend") or "") or 2
                return tasks[-n].number if n <= len(tasks) else None
            n = _number(m.group("n") or m.group("n2") or m.group("n3") or "") or ORDINALS_EN.get(m.group("en") or "")
            if n and n <= len(tasks) and self.corpus.task(n) is None:
                return tasks[n - 1].number
        for pattern in TASK_ROUTES:
            if m := pattern.search(text):
                if text[m.start():m.end() + 2] in self.plan_text:  # "八项规定" is a phrase of the plan, not item 8
                    continue
                if (n := _number(m.group(1))) is not None:
                    return n
        if LAST_TASK_RE.search(text) and self.corpus.tasks:
            return self.corpus.tasks[-1].number
        if m := ODD_TASK.search(text):  # 第XVI条 is task 16; 第-1条 is none, said so
            token = re.sub(r"\s", "", m.group(1) or m.group(2))
            if token.startswith("-"):
                return -int(token[1:])
            return roman_value(token) if token.isalpha() and token.isascii() else NO_TASK
        return None

    def tasks_named(self, text: str) -> tuple[int, ...]:
        """The tasks a question names together, in order, that the plan has (two at least), else ()."""
        tasks = self.corpus.tasks
        if FIRST_AND_LAST.search(text) and len(tasks) >= 2 and self.corpus.task(1) is None:
            return tasks[0].number, tasks[-1].number  # "第一条和最后一条" of a plan numbered from 13
        m = SEVERAL_TASKS.search(text)
        if m is None:
            return ()
        if (a := m.group("a") or m.group("c")) and (b := m.group("b") or m.group("d")):
            lo, hi = _number(a), _number(b)
            numbers = list(range(lo, hi + 1)) if lo is not None and hi is not None and 0 < hi - lo < 40 else []
        else:
            numbers = _numbers(m.group())
        found = tuple(dict.fromkeys(n for n in numbers if self.corpus.task(n) is not None))
        return found if len(found) >= 2 else ()

    def section_named(self, text: str) -> Section | None:
        """The section a question names ("第七部分", "section 7", "生态这一部分", "最后一部分")."""
        if LAST_SECTION_RE.search(text) and self.corpus.sections:
            return self.corpus.sections[-1]
        if (m := NTH_SECTION_EN.search(text)) and ORDINALS_EN[m.group("n")] <= len(self.corpus.sections):
            return self.corpus.sections[ORDINALS_EN[m.group("n")] - 1]
        if (m := LAST_NTH_SECTION.search(text)) and (n := _number(m.group(1))) and n <= len(self.corpus.sections):
            return self.corpus.sections[-n]  # "倒数第二部分"
        for pattern in SECTION_ROUTES:
            if m := pattern.search(text):
                n = _number(m.group(1))
                if n is not None and (s := self.corpus.section(n)) is not None:
                    return s
        if not SECTION_WORDS.search(text):
            return None
        # "生态这一部分": the section whose title (or whose tasks' titles) holds the topic word, read in the clause
        # that names the part ("讲文化的是哪一部分，下面有几条任务": not 下面; "Which part is about the Party, and…")
        named = next((c for c in re.split(r"[，,；;。？?！!]|\band\b", text) if SECTION_WORDS.search(c)), text)
        terms = [t for t in content_terms(named, self.stop) if len(t) > 1 and not SECTION_WORDS.fullmatch(t)]
        best, tied = self._section_by_title(terms, text, every=True)
        if best is None and tied and named != text:
            # two parts' titles say it (governance: 生态治理, 治理体系): the rest of the question's words decide
            # ("Which part covers governance, rule of law and public safety": 法治 is a title of 八's tasks)
            more = [t for t in content_terms(text, self.stop) if len(t) > 1 and not SECTION_WORDS.fullmatch(t)]
            best, _ = self._section_by_title(more, text, every=False)
        if best is None and PART_WORDS.search(text) and not is_english(text):
            best = self._section_saying(terms)  # "讲生态环境的那部分": no title says 生态环境; one part's text does
        if best is not None and not PART_NAMED.search(text) and not ASKS_TASKS.search(text) and not any(
                t in self._section_titles[best.order][0] for t in terms):
            # "平安建设这块有啥打算": what is planned for an area (这块) a task's title names, not the part it is in
            # (not "讲法治和社会治理的那一块有哪些任务": the tasks of that area, the part's)
            return None
        return best

    def _section_by_title(self, terms: list[str], text: str, every: bool) -> tuple[Section | None, bool]:
        """The one part whose title (or whose tasks' titles) says the words (``every``: all of them; else the
        most), a title's own word counting double; and whether several tied."""
        forms = {t: (t,) for t in terms}
        if is_english(text) and self.translate:  # "the ecology section": 生态修复, or its words (生态)
            forms = {t: (w, *words_in_order(w), *(w[i:i + 2] for i in range(0, len(w) - 1, 2)))
                     for t in terms if t not in PLAN_ITSELF and (w := self.translate(t) if t.isascii() else t)}
        best, best_score, tied = None, 0, False
        for s in self.corpus.sections:
            title, titles = self._section_titles[s.order]
            found = [next((f for f in fs if len(f) > 1 and (f in title or f in titles)), None) for fs in forms.values()]
            if not forms or (every and None in found):
                continue  # "医改这块…改革": 医改 is in no title, so no part is named by it
            score = sum(2 * len(t) if t in title else len(t) for t in found if t)
            if score > best_score:
                best, best_score, tied = s, score, False
            elif score == best_score and score > 0:
                best, tied = None, True
        return best, tied

    def _section_saying(self, terms: list[str]) -> Section | None:
        """The one part whose tasks say these words (a word the plan never uses: its two-character parts) at
        least twice as often as any other part does."""
        counts = []
        for s in self.corpus.sections:
            text = "".join(self.corpus.task(n).text for n in s.tasks)
            counts.append(sum(text.count(w) for t in terms
                              for w in ((t,) if t in self.plan_text else {t[i:i + 2] for i in range(len(t) - 1)})))
        ranked = sorted(range(len(counts)), key=lambda i: -counts[i])
        if not counts or counts[ranked[0]] == 0 or (len(ranked) > 1 and counts[ranked[0]] < 2 * counts[ranked[1]]):
            return None
        return self.corpus.sections[ranked[0]]

    def scope_of(self, text: str) -> tuple[frozenset[int] | None, str]:
        """The tasks a question limits itself to ("第13条…", "第七部分…"), and how to say so."""
        n = self.task_named(text)
        if n is not None and self.corpus.task(n) is not None:
            return frozenset({n}), f"第{n}条中"
        if SECTION_SCOPE.search(text) and (section := self.section_named(text)) is not None:
            return frozenset(section.tasks), f"第{section.numeral}部分中"
        return None, ""

    def list_topic(self, text: str) -> tuple[str | None, str]:
        """The topic of a complete-list question ("哪些任务提到了养老？" → 养老) and the rule that found it.

        The frame is read in the clause that asks for the list ("涉及亚运的任务有哪些，麻烦列全"); a
        term the asker quotes is the topic as written ("哪些任务对“一把手”提出了要求").
        """
        clauses = [c for c in re.split(r"[，,；;。？?！!]", text) if c.strip()]
        asking = [c for c in clauses if LIST_ASK.search(c) and (LIST_NOUN.search(c) or "which" in c)]
        if not asking and not re.search(r"\b(?:which|list)\b", text):
            return None, ""
        q = asking[0] if asking else text
        while (t := _TRAILING.sub("", q)) != q:
            q = t
        quoted = QUOTED_TERM.findall(text)
        if quoted and re.search(_P + "|写|出现|提|含|列", text):
            topic = _trim_topic(quoted[-1])
            if len(topic) >= 2:
                return topic, "list: the quoted term"
        for i, frame in enumerate(LIST_FRAMES, 1):
            if m := frame.match(q):
                topic = _trim_topic(m.group("t"))
                if ASKS_WH.search(topic):  # "哪几条讲了什么时候完成" asks when, not for a list of a topic
                    break
                if not LIST_FILLER.sub("", topic).strip():  # "第八部分一共讲了几条任务": how many, of no topic
                    break
                if fold(topic) and re.search(r"[\u3400-\u9fff\d]", topic):
                    return topic, f"list frame {i}"
                # An English topic is looked for as the plan's word for it, if the dictionary has one;
                # otherwise ranked search answers it.
                if zh := self.translated(topic):
                    return zh, f"list frame {i}, translated"
        # The general frame: several tasks asked for, a verb of mentioning, and what is left is the topic.
        if LIST_ASK.search(q) and LIST_NOUN.search(q) and re.search(_P + "|写|出现|提|讲|说|谈|相关", q):
            rest = _without_frame_words(q, self.plan_text).split()
            if len(rest) == 1:
                topic = _trim_topic(rest[0])
                if len(topic) >= 2 and re.search(r"[\u3400-\u9fff]", topic) and not ASKS_WH.search(topic) \
                        and LIST_FILLER.sub("", topic).strip():
                    return topic, "list: topic left after the frame"
        return None, ""

    def name_in(self, text: str) -> Name | None:
        """The longest quoted name of the plan a question contains, when it asks what or where it is."""
        q = text
        for quote in "“”\"'「」『』《》":
            q = q.replace(quote, "")
        q = _TRAILING.sub("", q)
        qkey = name_key(q)
        for n in sorted(self.catalog.names, key=lambda n: -len(n.key)):
            if n.key not in qkey:
                continue
            spelled = normalize(n.name)
            framed = q.replace(spelled, "@", 1) if spelled in q else qkey.replace(n.key, "@", 1)
            framed = re.sub(r"\s+", " ", _TRAILING.sub("", framed)).strip()
            if NAME_FRAME.match(framed.replace(" ", "")) or NAME_FRAME_EN.match(framed):
                return n
        return None

    def quoted_unknown(self, text: str) -> str | None:
        """A quoted term asked about ("“共富工坊”是什么") that the plan's text never contains."""
        for m in QUOTED_TERM.finditer(text):
            term = m.group(1)
            framed = _TRAILING.sub("", text.replace(m.group(0), "@", 1)).replace(" ", "")
            if NAME_FRAME.match(framed) and not self.catalog.name(term) and not self.catalog.mentions(term).mentions:
                return term
        return None

    def parts(self, text: str, in_a_chat: bool = False) -> tuple[str, ...]:
        """The questions of a message that asks several ("要建保障房吗？另外找工作难，规划有没有说"), each with the
        context told before it; the message itself when it asks one (or more than MAX_PARTS).

        A message splits where a sentence ends (？。！；) or a clause starts another matter (另外, 此外, 还有…);
        what asks nothing joins the question after it (who asks, why), or, at the end, the one before it, unless
        it adds a matter of its own ("…管不管啊？冬天雾霾也重"). Each question must ask about a topic word of its
        own, none of the others' ("论资排辈？年轻人有没有机会" is two), or, marked as another (另外…), ask a detail
        of the one before it ("湘湖那边要怎么搞？另外要多久建成": when, of 湘湖); in a chat, the first may ask of the
        last answer's topic ("这个要多久？另外托育有什么政策"). "地方戏呢？提到哪几种" is one.
        """
        english = is_english(_asking_clause(text))
        if not CJK_RUN.search(text) and not english:
            return (text,)
        text = text if english else PREAMBLE.sub("", text) or text  # ("我想问两个问题：…": no question of its own)
        pieces = [s for s in (EN_PART_BREAK if english else PART_BREAK).split(text) if s and s.strip(" ,，")]
        parts: list[str] = []
        pending = ""
        for piece in pieces:
            pending += piece
            if (EN_ASKS.match(piece.strip()) or piece.rstrip().endswith("?")) if english else (
                    asks(piece) or _A_NOT_A.search(piece)):  # ("…总部？以后看大病是不是不用跑市区了": two)
                parts.append(pending)
                pending = ""
        if pending:
            if parts and not ADDS_A_MATTER.search(pending):
                parts[-1] += pending
            else:
                parts.append(pending)
        parts = [p.strip(" ,，") for p in parts]
        joining, leaning = (EN_LEADING_CONNECTIVE, EN_LEANS_BACK) if english else (LEADING_CONNECTIVE, LEANS_BACK)
        marked = [bool(i and joining.match(p)) for i, p in enumerate(parts)]  # (另外要多久建成)
        parts = [(joining.sub("", p) or p) if i else p for i, p in enumerate(parts)]
        for i in range(len(parts) - 1, 0, -1):  # "…多少个未来乡村？这个名额在哪一条里": of the one before, one question
            if leaning.match(parts[i]):
                parts[i - 1:i + 1] = [parts[i - 1] + parts[i]]
                del marked[i]
        if not 1 < len(parts) <= MAX_PARTS:
            return (text,)
        topics = [self._asked_about(p) for p in parts]
        own = [bool(t - set().union(*(o for j, o in enumerate(topics) if j != i))) for i, t in enumerate(topics)]
        # (the first of its topic, when those after it, each marked as another question, ask of more: "公办幼儿园会不会
        # 多一些？另外公办幼儿园收费多少")
        more = bool(topics[0]) and all(marked[1:]) and all(own[1:])
        if not all(mine or (marked[i] and _wants(parts[i]) in DETAILS) or (i == 0 and (in_a_chat or more)
                                                                            and all(own[1:]))
                   for i, mine in enumerate(own)):
            return (text,)
        return tuple(parts)

    def _asked_about(self, question: str) -> set[str]:
        """What one question of a message asks about: its focus words, or the topic of a list or mention question,
        or the task it names ("找工作难规划有没有说" → 找工作难, "第14条讲什么" → 第14条)."""
        q = self.understand(question)
        focus = {w for w in q.focus if len(w) > 1 and w not in CONTEXT_WORDS} or self.lexicon_phrases(q.text)
        return (focus | ({q.topic} if q.topic else set())
                | ({f"第{q.task}条"} if q.task else set()) | {f"第{n}条" for n in q.refers_to if q.route == Route.TASK}
                | ({f"第{q.section.numeral}部分"} if q.section and q.route == Route.SECTION else set())
                | ({f"{q.route}:{q.scope_label}"} if q.route == Route.TARGETS
                   or (q.route == Route.OVERVIEW and OUTLINE_ASKED.search(question)) else set()))

    def lexicon_phrases(self, text: str) -> set[str]:
        """The everyday phrases of the policy lexicon a question says (找工作 of "找工作也难，规划有没有说", whose words
        alone are a stop word and a verb), of three to six characters (the everyday ones: longer keys are phrases
        of several words, or English)."""
        key = fold(text)
        return {key[i:i + n] for n in range(3, 7) for i in range(len(key) - n + 1)
                if key[i:i + n] in self.catalog.lexicon}

    def focus_of(self, text: str) -> tuple[str, ...]:
        """What a question asks about: the topic words of its asking clause, without context and answer-type words.

        "我家老人家腿脚不好，养老方面有什么政策？" → (养老,): the first clause says who asks and why,
        "政策" is the kind of answer wanted. When the asking clause has no topic of its own
        ("垃圾分类，怎么搞？"), the whole question's topic words are the focus. When the question has
        none but the word naming the kind of answer ("这一条里提到哪个医院？"), that word is its topic.
        """
        text = INSTEAD_OF.sub(" ", text)  # what the asker would rather not do is no topic ("instead of queuing")
        text = A_BIT_BETWEEN.sub(_without_a_bit, text)  # "多挣点钱" asks of 挣钱: 点 is how it is said
        text = VERB_TWICE.sub(r"\1", text)  # "收入涨一涨", "管一管": the verb, said softly, once
        text = EN_CLAIM_TAG.sub("", text)  # "…a 5-minute fitness circle, correct?": the claim is the question
        clauses = [c for c in CLAUSE_SPLIT.split(text) if c.strip()]
        last = last_asking_clause(clauses)
        i = clauses.index(last) if last else 0
        # An English question goes on past a comma to the end of its sentence ("What is the plan for public,
        # government-run care homes…?": not only "public"); a Chinese comma ends a clause.
        asked = last
        if last and not CJK_RUN.search(text) and i + 1 < len(clauses) and not any(map(asks, clauses[i + 1:])):
            at = text.find(last)
            asked = re.split(r"[.?!;\n]", text[at:], maxsplit=1)[0]
        focus, kinds, said = self._focus_terms(asked) if asked else ((), (), ())
        if i > 0 and (m := POINTS_BACK.search(last)) and not self._names_before(last, m.start(), focus):
            # "爱听绍剧和莲花落，会不会扶持这些老戏？" (not "…，有智慧医疗这种东西吗": 这种 is its own clause's)
            # 这些老戏 is 绍剧 and 莲花落: the earlier clause's topic, not a word the plan must use.
            # But a word the plan itself uses is a topic of its own (这种地方戏: the plan says 地方戏曲).
            pointed = next((w for w, _ in tagged_words(last[m.end():]) if w not in STOP_WORDS), "")  # (not 的)
            if not pointed or pointed not in self.plan_text:
                # (the clause it points at: not one that asks nothing, "现在年轻人谁还听啊", between them)
                told = [j for j in range(i - 1, -1, -1) if not RHETORICAL.search(clauses[j])] or [0]
                # a term of the plan's own there is what is pointed at (看新闻说要搞碳中和，这个…: not 新闻),
                # or a phrase of it quoted (看到街上有“清风里”的牌子，这个…: not 牌子); in the nearest clause that
                # has one ("唱绍剧的，…，老爷子很失落。会不会扶持这种老戏": 绍剧, not the 老爷子 between)
                pointed_at = next(((j, anchored) for j in told if (anchored := self._anchored(clauses[j]))),
                                  (told[0], ()))
                earlier = pointed_at[1] or self._focus_terms(clauses[pointed_at[0]])[0]
                focus = tuple(dict.fromkeys([*earlier, *(w for w in focus if w != pointed)]))
        # the whole question's topic words, not those of a clause that only says who asks ("屋里种田的", "我是
        # 退伍回来的", "我们开小饭店的": the asker's trade, not the question's topic)
        # (nor of one that asks nothing: "现在年轻人谁还听啊" says no one does, 年轻人 is no topic)
        told_who = [c for c in clauses if WHO_ASKS.fullmatch(c.strip()) or (c != last and INTENDS.fullmatch(c.strip()))
                    or (c != last and RHETORICAL.search(c))]
        whole = ((told_who and self._focus_terms("，".join(c for c in clauses if c not in told_who))[0])
                 or self._focus_terms(text)[0])
        # the plan's own terms among them (一网通办, 碳中和), and any phrase of the plan's the question quotes
        # (when it quotes one, only those of the clause that asks: 社区 of "社区里老说“红领通”" is where it was heard)
        quoted = self.quoted_in_plan(text)
        # (not in a clause after the one that asks: "城市精神是哪几个字啊，孩子学校作业要查" says why, 学校 is no topic)
        upto = "，".join(clauses[:i + 1]) if any(len(w) > 1 for w in focus) else text
        named = [*quoted, *(w for w in (focus if quoted else whole) if w in self.plan_terms and w in upto)]
        # No topic word of its own ("规划里有没有说要建？"), or only what is said of it ("…，能变干净吗？"):
        # the whole question's, or, asking what it means ("…现在说一网通办，到底是什么意思"), the plan's term;
        # or what it quotes of the plan ("老师群里老说“智慧学校”，规划里怎么讲": not 群里).
        if not any(len(w) > 1 and w not in said for w in focus):
            # (or a programme the plan names, unquoted: "双减以后孩子作业少了，…，到底还搞不搞" is about 双减,
            # not the story's 作业 and 家长)
            # (or the thing it asks which of, when it is one: "萧山有啥新的展馆要造吗？周末想带孩子去逛逛" asks of
            # 展馆, not 孩子; not a kind of answer, 有啥办法没)
            tags = dict(tagged_words(asked or ""))
            things = tuple(k for k in kinds if len(k) > 1 and k not in ANSWER_KINDS and tags.get(k, "") in NOUN_TAGS
                           and not any(w in COUNTING for w in tags))  # (not "加几班车": how many)
            focus = (quoted or self.names_said(text) or tuple(named if ASKS_MEANING.search(last or "") else ())
                     or things or self._without_story(whole, clauses) or whole)
        # A term of the plan's own anywhere in the question is what it is about, whatever clause it is in.
        if named:
            focus = tuple(dict.fromkeys([*named, *focus]))
        # The answers it offers to choose from are no topic ("“清风里”是个小区还是个啥": 小区)
        offered = {w for m in ALTERNATIVES.finditer(last or text) for w, _ in tagged_words(m.group(1))}
        focus = tuple(w for w in focus if w not in offered) or focus
        # What a term of the plan's is called after 这个 ("最美萧山人这个评选", "一网通办这种服务") is that term.
        focus = tuple(w for w in focus if w not in self._called(last or text)) or focus
        # What government would do (治理, 重视) is the plan's to say in its own verbs: not a word it must use.
        # (and when the clauses left have none, the whole question's: "我想开民宿，村里支持吗" is about 民宿)
        focus = (tuple(w for w in focus if w not in DEALT_WITH) or tuple(w for w in whole if w not in DEALT_WITH)
                 or (told_who and tuple(w for w in self._focus_terms(text)[0] if w not in DEALT_WITH)) or focus)
        # The words that ask for a procedure, a method or a rule (怎么*申请*, 怎么*划分*, 能*带狗进去*) are the kind of
        # answer, not a topic.
        asks_how = "".join(m.group() for p in (ASKS_PROCEDURE, ASKS_METHOD, ASKS_RULE)
                           for m in p.finditer(last or text))
        helped = focus or kinds
        if helped and all(w in DEALT_WITH or w in KINDS_OF_HELP for w in helped) and (unknown := tuple(
                t for t in content_terms(text, self.stop) if len(t) > 1 and t not in self.plan_text
                and t not in CONTEXT_WORDS and t not in DEALT_WITH and t[0] not in "这那")):
            # "二胎三胎有什么支持": only the help asked for is left (the tagger took 二胎 for a numeral); what it is
            # for, which the plan never names, is what is asked about, not 支持 alone (any of its 支持 sentences)
            focus = unknown
        return tuple(w for w in focus or kinds if w not in asks_how) or (() if asks_how else focus or kinds)

    def _anchored(self, clause: str) -> tuple[str, ...]:
        """The plan's own words a clause says: a phrase of it quoted, a name, a term, else a word of two
        characters or more of its text."""
        focus = self._focus_terms(clause)[0]
        return (self.quoted_in_plan(clause) or self.names_said(clause)
                or tuple(w for w in focus if w in self.plan_terms)
                or tuple(w for w in focus if len(w) > 1 and w in self.plan_text))

    @staticmethod
    def _acts(tagged, i: int) -> bool:
        """Whether the noun at ``i`` is who would see to the topic ("学校管不管", "政府会不会重视"): the one that
        acts, before what government would do, not what is asked about."""
        if tagged[i][1] not in NOUN_TAGS:
            return False
        j = i + 1
        while j < len(tagged) and tagged[j][0] in MODAL_WORDS:
            j += 1
        return j < len(tagged) and tagged[j][0] in DEALT_WITH

    def _describes(self, tagged, i: int) -> bool:
        """Whether the adjective at ``i`` describes the noun after it ("便宜点的房子", "好一点的学校"), a word the plan
        does not use: how the thing asked about should be, not a topic."""
        j = i + 1
        if j < len(tagged) and tagged[j][0] in ("点", "一点", "些", "一些"):
            j += 1
        k = j + 1  # (and past 那种, 这样的: "便宜点的那种保障房")
        while k < len(tagged) and tagged[k][0] in ("那种", "这种", "那样", "这样", "的"):
            k += 1
        return (tagged[i][0] not in self.plan_text and j < len(tagged) and tagged[j][0] == "的"
                and k < len(tagged) and tagged[k][1] in NOUN_TAGS)

    def _without_story(self, whole: tuple[str, ...], clauses: list[str]) -> tuple[str, ...]:
        """The whole question's topic words without those of its story the plan never uses ("在厂里上班一个月到手
        也就五千出头，老听说要让普通人收入涨上去，规划里到底咋说的": not 上班, 出头), when the clauses that ask name
        none of their own; () for a question of two clauses or fewer (what comes before the one that asks is its
        topic: "小区门口的河水很脏，会变干净吗"), or one that asks to confirm a claim (what it claims is asked)."""
        if len(clauses) < 3 or any(CHECKS_CLAIM.search(c) for c in clauses):
            return ()
        asked = {w for c in clauses if asks(c) for w in self._focus_terms(c)[0]}
        kept = tuple(w for w in whole if w in self.plan_text or w in asked or w in self.catalog.lexicon)
        return kept if len(kept) < len(whole) and any(w in self.plan_text for w in kept) else ()

    def _called(self, clause: str) -> set[str]:
        """The words naming what a plan's term is, said after it and 这个/这种 (评选 of "最美萧山人这个评选")."""
        tagged = tagged_words(clause)
        return {w for (term, _), (pointer, _), (w, _) in zip(tagged, tagged[1:], tagged[2:], strict=False)
                if pointer in APPOSITION and (term in self.plan_terms or (len(term) > 2 and term in self.plan_text))
                and w not in self.plan_text}  # (绍剧莲花落这些老戏: the plan's 莲花落, not a term of the lexicons)

    def _names_before(self, clause: str, at: int, focus: tuple[str, ...]) -> bool:
        """Whether a topic noun of the clause comes right before ``at`` (智慧医疗 of "有智慧医疗这种东西吗")."""
        end = 0
        for w, tag in tagged_words(clause):
            end = clause.find(w, end) + len(w)
            if end == at:
                return w in focus and tag.startswith("n")
            if end > at:
                break
        return False

    def names_said(self, text: str) -> tuple[str, ...]:
        """The programme names the plan quotes (“双减”, “八八战略”) that a question says, quoted or not, as the
        plan writes them, longest first (not 红领通 inside 萧山·红领通), or a clause of one (萧山见行动 of
        “总书记有号令、…,萧山见行动”)."""
        key, found = name_key(text), []
        for name, k in self._names_and_clauses:
            if k in key:
                found.append(name)
                key = key.replace(k, "@")
        return tuple(found)

    @cached_property
    def _names_and_clauses(self) -> list[tuple[str, str]]:
        """The plan's quoted names and their clauses of four characters or more, with their keys, longest first; and
        a name's own part after the place it is of (红领通 of 萧山·红领通, as residents say it)."""
        said = {part for n in self.catalog.names
                for part in [n.name, *(p for p in re.split(r"[、,，]", n.name) if len(name_key(p)) >= 4),
                             *(p for p in re.split(r"[·・]", n.name)[1:] if len(name_key(p)) >= 3)]}
        return sorted(((n, name_key(n)) for n in said), key=lambda nk: -len(nk[1]))

    def quoted_in_plan(self, text: str) -> tuple[str, ...]:
        """The phrases a question quotes that the plan says word for word ("第一议题", "清风里" of 萧然·清风里), as
        the plan writes them ("评村社 抓镇街" → 评村社、抓镇街): what the question is about, whatever else it tells."""
        found = []
        for q in QUOTED_TERM.findall(text):
            # (or each phrase of a list quoted that the plan says apart: “领头雁、排头兵”)
            for part in ([q] if self._in_plan(q) or not LIST_SEPARATOR.search(q) else LIST_SEPARATOR.split(q)):
                if (said := self._in_plan(part)) is not None:
                    found.append(said)
        return tuple(dict.fromkeys(found))

    def _in_plan(self, phrase: str) -> str | None:
        """A phrase as the plan writes it, if the plan says it word for word (punctuation aside)."""
        key = name_key(phrase)
        if len(key) >= 2 and content_terms(phrase) and (at := self.keyed_plan.find(key)) >= 0:
            return self.plan_text[self._keyed_at[at]:self._keyed_at[at + len(key) - 1] + 1]
        return None

    def _guessed(self, word: str) -> bool:
        """A word only the tagger's guess made (no dictionary, the plan and the policy lexicon lack it)."""
        return (len(word) > 1 and CJK_RUN.fullmatch(word) is not None and not is_common_word(word)
                and word not in self.plan_text and word not in self.catalog.lexicon)

    def _joined(self, tagged: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
        """Single characters the segmenter left apart that spell a word of the plan (双 + 减 → 双减) or of the
        policy lexicon (非 + 遗 → 非遗) as one noun."""
        out: list[tuple[str, str]] = []
        i = 0
        while i < len(tagged):
            j = i  # (at most JOINED characters: a run of a thousand is not tried a thousand ways each)
            while j < min(len(tagged), i + JOINED) and len(tagged[j][0]) == 1 and CJK_RUN.fullmatch(tagged[j][0]):
                j += 1
            # The longest run of them from here that the plan spells ("双减还搞吗" → 双减).
            k = next((k for k in range(j, i + 1, -1)
                      if ((run := "".join(w for w, _ in tagged[i:k])) in self.plan_text or run in self.catalog.lexicon)
                      and run not in STOP_WORDS), i)  # (or a phrase of the policy lexicon: 非 + 遗 → 非遗)
            if k > i:
                out.append(("".join(w for w, _ in tagged[i:k]), "n"))
                i = k
            elif (len(tagged[i][0]) >= 2 and i + 1 < len(tagged) and len(tagged[i + 1][0]) == 1
                  and tagged[i + 1][0] not in STOP_WORDS and not tagged[i + 1][1].startswith("u")  # (not 打工 + 的)
                  and CJK_RUN.fullmatch(tagged[i][0] + tagged[i + 1][0])
                  and (run := tagged[i][0] + tagged[i + 1][0]) not in STOP_WORDS
                  and any(t[:3] in self.plan_text for t in self.catalog.lexicon.get(run, ()))):
                out.append((run, "n"))  # a word and a character: a phrase the plan has terms like (保障 + 房)
                i += 2
            elif (len(w := tagged[i][0]) == 2 and i + 1 < len(tagged) and len(c := tagged[i + 1][0]) == 1
                  and c not in STOP_CHARS  # (not 一共 + 有 → 一 + 共有)
                  and w not in self.plan_text and CJK_RUN.fullmatch(w + c) and (w[1] + c) in self.plan_text
                  and is_common_word(w[1] + c)):
                out += [(w[0], "v"), (w[1] + c, "n")]  # cut the other way, the plan's word (排污 + 水 → 排 + 污水)
                i += 2
            else:
                out += self._unglued(*tagged[i])
                i += 1
        return out

    def _unglued(self, word: str, tag: str) -> list[tuple[str, str]]:
        """A word the tagger guessed by gluing a verb or a particle to a word of the plan's (管 + 托育 of "是否管托育",
        村 + 想 of "我们村想评…") as its pieces: the glued character is no part of the topic."""
        if not self._guessed(word):
            return [(word, tag)]
        if word[0] in STOP_CHARS and (len(word) == 2 or word[1:] in self.plan_text or is_common_word(word[1:])):
            return [(word[0], "v"), (word[1:], "n")]
        if word[-1] in STOP_CHARS and (len(word) == 2 or word[:-1] in self.plan_text or is_common_word(word[:-1])):
            return [(word[:-1], "n"), (word[-1], "v")]
        return [(word, tag)]

    def _focus_terms(self, clause: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """A clause's topic words; apart from them, the words naming the kind of answer (哪个*单位*); and,
        among the topic words, the adjectives it asks about (安全吗: what is said of the topic, not the topic)."""
        out: list[str] = []
        said: list[str] = []
        kinds: list[str] = []  # the answer-type words: the topic when nothing else is ("提到哪个医院")
        after_question_word = False
        tagged = self._joined(tagged_words(clause))
        for i, (w, tag) in enumerate(tagged):
            # (but a term of the plan's own is what is asked about: "啥五星三色，到底是个啥")
            if after_question_word and w not in STOP_WORDS and not (len(w) > 2 and w in self.plan_terms):
                # The kind is the head of what follows: in "什么治理目标", "啥文化场馆", "啥补偿的说法" the word
                # before it says what about (治理, 文化, 补偿): the topic. (Before 的, only a generic head:
                # in "什么级别的景区" 级别 is still the kind.)
                head = tagged[i + 1] if i + 1 < len(tagged) else None
                generic = head is not None and head[0] == "的" and i + 2 < len(tagged) and (
                    tagged[i + 2][0] in STOP_WORDS or tagged[i + 2][0] in CONTEXT_WORDS)
                if not (generic or (head and (head[1] in NOUN_TAGS or head[1] == "vn") and head[0] != w)):
                    after_question_word = False
                    if w in content_terms(w, self.stop) and tag not in CONTEXT_TAGS:
                        kinds.append(w)
                    continue  # "哪个单位", "什么级别": the kind of answer, not the topic
            else:
                # (not after 多少/几 and a measure word: "多少所学校" counts 学校, the topic)
                after_question_word = ((w in QUESTION_WORDS and not (w in COUNTING and i + 1 < len(tagged)
                                                                      and tagged[i + 1][0] in MEASURES))
                                       or (after_question_word and w == "的"))
            # An adjective asked about is the question's predicate, not a hedge ("出门安全吗", "会变干净吗").
            # (not after 的: "身边的腐败吗" asks about the corruption, a noun there)
            asked = tag in ("a", "an") and len(w) > 1 and (i + 1 == len(tagged) or tagged[i + 1][0] in PREDICATE_END) \
                and not (i > 0 and tagged[i - 1][0] == "的")
            said_twice = any(0 <= j < len(tagged) and tagged[j][0] == w for j in (i - 1, i + 1))  # 整治 整治
            # jieba tags some nouns as status words (邻里纠纷 z): a description is short (破旧) or says a
            # character twice (灰蒙蒙, 破破烂烂).
            # (nor 湿地, z to jieba: a word of the plan's is a thing it is about)
            context_tag = tag in CONTEXT_TAGS and not (tag == "z" and ((len(w) >= 4 and len(set(w)) == len(w))
                                                                       or (len(w) > 1 and w in self.plan_text)))
            # An adjective of the plan's before what is done in its name (平安建设, 清廉建设, 美丽工程) names the field.
            if tag in ("a", "an") and len(w) > 1 and w in self.plan_text and i + 1 < len(tagged) \
                    and tagged[i + 1][0] in FIELD_HEADS:
                context_tag = False
            # An adjective a verb takes as its object is a thing (搞*腐败*, 治理*污染*), not a description.
            if tag in ("a", "an") and len(w) > 1 and i > 0 and tagged[i - 1][1].startswith("v") and not asked:
                context_tag = self._describes(tagged, i)  # (but not one that describes a thing: 有没有*便宜点的*房子)
            # (a numeral to the tagger that the plan does not use: 万一 "in case" frames, 两句 counts; no topic;
            # but a year it never names is what is asked about: "2035年要建多少", "那2035年呢")
            if tag == "m" and YEAR.fullmatch(w) and w not in self.plan_text and w + "年" not in out:
                out.append(w + "年")
                continue
            # (a number shaped like a hotline names a thing: "12345有用吗")
            context_tag = context_tag or (tag == "m" and w not in self.plan_text and not NUMBER_NAME.fullmatch(w))
            # (网上, 线上 are places to the tagger, but the way a thing is done: "能不能网上一次办完")
            context_tag = context_tag and w not in CHANNELS
            # (nor a set phrase that does a thing to a noun, 拖欠工资: what is done to 工资 is asked about)
            context_tag = context_tag and not (tag == "i" and len(w) == 4 and _noun_object(w[2:]))
            # (nor one the lexicon knows as everyday words for a matter of policy: 官商勾结 → 政商关系)
            context_tag = context_tag and not (tag in ("i", "l") and w in self.catalog.lexicon)
            # A thing and where in it (河里, 田里, 湖上): where the story happens, as 村里 and 楼下 are.
            context_tag = context_tag or (len(w) == 2 and w[1] in LOCATIVES and w not in CHANNELS
                                          and w not in self.plan_text and not tag.startswith("v"))
            if w in CONTEXT_WORDS or (context_tag and not asked) or FORM_WORD.search(w) or said_twice:
                continue
            if (tag.startswith("v") or (tag == "nr" and any(c in SPOKEN_GLUE for c in w))) and self._guessed(w):
                continue  # a verb the tagger made up of a spoken phrase (挣点, 办掉, 备得, 弄得好): no topic
            if FIGURE_WORD.fullmatch(w) and w not in self.plan_text and CHECKS_CLAIM.search(clause):
                continue  # a figure claimed ("听说要建一百个，是真的吗") is what is said of the topic, not one
            if len(w) > 2 and w.endswith(("规划", "文件")) and w not in self.plan_text:
                w = w[:-2]  # "千万工程规划里怎么说": 工程规划 is 工程 + the plan asked about
            if i > 0 and tagged[i - 1][0] in DEGREE and tag.startswith(("v", "a")) and not asked:
                continue
            # (and "又难进又贵": what a thing is like, said twice over, is a complaint about it, not a topic)
            if i > 0 and tagged[i - 1][0] == "又" and sum(1 for t in tagged if t[0] == "又") >= 2 \
                    and tag.startswith(("v", "a")):
                continue
            if tag.startswith("v") and i + 1 < len(tagged) and tagged[i + 1][0] in QUESTION_WORDS:
                continue  # "做到什么程度", "搞成什么样": the verb frames the question, the topic is elsewhere
            # What has happened to the asker ("我退休了就爱听绍剧和莲花落"): their story, not a word the plan must use
            # (not what would be done to the topic: "湿地会不会被拍卖掉" asks of 拍卖)
            if tag.startswith("v") and w not in self.plan_text and i > 0 and tagged[i - 1][0] in ASKERS \
                    and i + 1 < len(tagged) and tagged[i + 1][0] == "了":
                continue
            if asked or w in DEALT_WITH or self._acts(tagged, i):
                said.append(w)
            # (a phrase of the lexicon read as one, 保障房, though the segmenter cuts it)
            if (w in content_terms(w, self.stop) or (len(w) > 2 and w in self.catalog.lexicon)) and w not in out:
                out.append(w)
        if len(out) > 1:  # one character (建, 新) is weak evidence next to a word (not next to 人管 alone: 河)
            out = [w for w in out if len(w) > 1] if any(len(w) > 1 and w not in DEALT_WITH for w in out) else out
        return tuple(out), tuple(kinds), tuple(said)


def _without_named_parts(text: str) -> str:
    """A question without the tasks and parts it names by number (第15条, 任务22, 第五部分)."""
    for pattern in (*TASK_ROUTES, SEVERAL_TASKS, *SECTION_ROUTES):
        text = pattern.sub(" ", text)
    return text


def _without_frame_words(q: str, plan: str) -> str:
    """A list question without its frame words (帮我, 哪几, 讲…), never a piece of a word: a frame word of
    two or more characters where a jieba word starts; one character only as a word of its own, or
    before a word of the plan it was run into (讲湘湖 → 湘湖). 分类 keeps its 类, 谈判 its 谈, 宣讲 its 讲."""
    tokens = word_starts(q)
    spans = []
    for m in LIST_FRAME_WORDS.finditer(q):
        word, token = m.group(), tokens.get(m.start())
        if token is None:
            continue
        if len(word) >= 2 or token == word or (token not in plan and len(token) > 2 and token[1:] in plan):
            spans.append(m)
    for m in reversed(spans):
        q = q[:m.start()] + " " + q[m.end():]
    return q


def words_in_order(text: str) -> list[str]:
    """jieba's words of a text, in order (no overlapping sub-words)."""
    return [w for w, _ in tagged_words(text)]


YEAR = re.compile(r"(?:19|20)\d\d")
NUMBER_NAME = re.compile(r"\d{5,6}|11[09]|12[02]")  # 12345, 110: a number that names a line, not a count (500个)
YEAR_ASKED = re.compile(r"(?:19|20)\d\d年")  # a year kept as a focus word (one the plan never names)
# What a spoken phrase glues to a word (办*掉*, 河*老*有人): a name the tagger made up with one is no topic; one of
# two content characters (养狗: 养 + 狗) is a thing done, a topic. (A verb it made up is a spoken phrase: 乱涨.)
SPOKEN_GLUE = STOP_CHARS | frozenset("点掉得好完过着上下起一个些老乱很太挺真更最")
COMPLAINTS = frozenset("难贵慢少差脏乱挤远累吵臭")  # what a thing is like, glued to it in a rare word (看病贵)
GLUED_PARTICLES = frozenset("嘛咯伐哦噢呀啦吧呗噻撒")  # sentence-final particles the tagger may glue to a word
LATIN_PIECE = re.compile(r"[a-z0-9.+\-]+")  # a piece of a Latin name as the tagger cuts it (normalised: lower case)


@lru_cache(maxsize=4096)
def tagged_words(text: str) -> tuple[tuple[str, str], ...]:
    """jieba's words of a text with their part of speech, in order (cached: a clause is read by more
    than one route, and the same questions come back)."""
    from jieba import posseg

    posseg.viterbi = viterbi  # jieba's tagging pass, the same tags about four times faster
    text = normalize(text)
    _jieba()  # the dictionary, loaded once
    words: list[tuple[str, str]] = []
    for p in posseg.lcut(text, HMM=_guessable(text)):
        # The tagger cuts a Latin name with digits apart (pm2 + .5, 5 + g, covid + - + 19): one word again
        if words and LATIN_PIECE.fullmatch(p.word) and LATIN_PIECE.fullmatch(words[-1][0]) \
                and re.search("[a-z]", words[-1][0] + p.word):
            words[-1] = (words[-1][0] + p.word, "eng")
        elif words and len(prev := words[-1][0]) == 2 and prev[1] == "一" and p.word == prev[0]:
            words[-1] = (prev + p.word, "v")  # a verb said twice, cut 管一 + 管: 管一管
        elif len(p.word) > 1 and p.word[-1] in GLUED_PARTICLES and not _jieba().dt.FREQ.get(p.word):
            words += [(p.word[:-1], p.flag), (p.word[-1], "y")]  # 搞法嘛 cut 搞 + 法嘛 (not 步伐, a word)
        elif len(p.word) > 2 and p.word[-1] in COMPLAINTS and is_common_word(p.word[:-1]) \
                and not is_common_word(p.word):
            words += [*tagged_words(p.word[:-1]), (p.word[-1], "a")]  # 看病贵 is 看病 + 贵: a thing and what it is like
        else:
            words.append((p.word, p.flag))
    return tuple((w.strip(), flag) for w, flag in words if w.strip())


JOINED = 8  # single characters read together as a plan word at most (双 + 减 → 双减)
# jieba's tagger guesses words for runs of characters its dictionary lacks with a Viterbi pass that costs
# ~10 ms a character: a question of 1,000 unknown characters took 30 s of CPU. Past this many such
# characters it tags the dictionary's words only (each unknown character a word of its own).
GUESSED_CHARS = 24


def _guessable(text: str) -> bool:
    """Few enough characters outside jieba's dictionary words for its tagger to guess words from them."""
    if len(text) <= GUESSED_CHARS:
        return True  # (no more characters than that at all)
    run = unknown = 0
    for w in cut(text, hmm=False):
        if len(w) == 1 and CJK_RUN.fullmatch(w):
            run += 1
            continue
        unknown += run if run > 1 else 0  # (a single character between words is a word; no guess)
        run = 0
    return unknown + (run if run > 1 else 0) <= GUESSED_CHARS


CJK_NAME = re.compile(r"[\u3400-\u9fff][\u3400-\u9fff\d]+")


_GLOSS = r"[A-Za-z][A-Za-z'\-]{2,}(?: [A-Za-z][A-Za-z'\-]*)*"
_APART = r"\s*(?:和|与|或者|或|及|/|,|，|\band\b|\bor\b)?\s*"
_GLOSSED = re.compile(rf"(?P<zh>[\u3400-\u9fff]{{2,}}?){_APART}{_GLOSS}\s*")
_GLOSSED_AFTER = re.compile(rf"\s*{_GLOSS}{_APART}(?P<zh>[\u3400-\u9fff]{{2,}})")


def _as_asked(topic: str, asked: str) -> str:
    """A topic with Latin letters in the case the asker wrote it (5G, 湘湖EOD项目: the text was read in lower
    case); matching folds case anyway."""
    if re.search(r"[a-z]", topic) and (m := re.search(re.escape(topic), asked, re.I)):
        return m.group()
    return topic


def _trim_topic(topic: str) -> str:
    """A topic without the frame's leftovers ("打造品牌的要求" → 品牌, "“一老一小”" → 一老一小).

    The topic is repeated in the answer, so it keeps no markup (no tags, links or Markdown) and is
    at most MAX_TOPIC characters.
    """
    topic = MARKUP.sub("", topic).strip()
    # "affordable rental housing (保租房)": the Chinese name the asker gave is the topic to look for
    # (English words around it; an acronym inside a Chinese topic, 湘湖EOD, is part of the name).
    if re.search(r"[A-Za-z]+\s+[A-Za-z]+", topic) and (m := CJK_NAME.search(topic)):
        topic = m.group()
    # "托育和childcare", "childcare 托育": a Chinese name and its English gloss, apart: the Chinese one.
    elif m := (_GLOSSED.fullmatch(topic) or _GLOSSED_AFTER.fullmatch(topic)):
        topic = m.group("zh")
    # A name quoted inside the topic is what is asked about: "“枫桥”那套基层调解的做法" → 枫桥 (the frame
    # may have taken the opening mark).
    # (or before it: "政务服务“一网通办”")
    if ((m := re.search(r"“([^“”]{2,30})”.", topic)) or (m := re.match(r"([^“”]{2,30})”.", topic))
            or (m := re.search(r".“([^“”]{2,30})”$", topic))):
        topic = m.group(1)
    topic = topic.strip(" ,，、；;:：")  # (a clause's comma before its particle: "托育咯，")
    while (t := LEADING_VERBS.sub("", _TOPIC_TRIM.sub("", topic)).strip()) != topic:
        topic = t
    topic = topic.strip("“”‘’\"'「」『』 ,，、；;:：")
    if re.search(r"[\u3400-\u9fff]", topic) or len(topic) <= MAX_TOPIC:
        return topic[:MAX_TOPIC]
    # Latin letters run longer for the same name ("elderly care, the subway and Xianghu"): twice as many, cut
    # where a word ends, never inside one (a cut "x" was looked for as a topic).
    return topic[:2 * MAX_TOPIC].rsplit(" ", 1)[0] if len(topic) > 2 * MAX_TOPIC else topic


def _asking_clause(text: str) -> str:
    """The clause that asks (the first with a question word), or the whole text."""
    return next((c for c in CLAUSE_SPLIT.split(text) if c.strip() and asks(c)), text)


EN_CLAIM_TAG = re.compile(r",\s*(?:right|correct|true|isn't it|aren't they|is that (?:right|true|correct)|yes|no)"
                          r"\s*[?？.!]*\s*$", re.IGNORECASE)
A_BIT_BETWEEN = re.compile(r"([\u4e00-\u9fff])[点些]([\u4e00-\u9fff])")  # 挣点钱, 赚些钱: a verb and its object
VERB_TWICE = re.compile(r"([\u4e00-\u9fff])[一了]\1")  # 涨一涨, 看了看: a verb said twice, softly


def _without_a_bit(m: re.Match) -> str:
    return m.group(1) + m.group(2) if is_common_word(m.group(1) + m.group(2)) else m.group()


# A list question with no topic of its own ("有哪些任务提到", "在哪几条"): asked of the last question's topic
LIST_NOUN_OR_VERB = re.compile(r"任务|条|提到|讲到|说到|写到|涉及")  # (not "哪些" alone: which ones of an answer)
BARE_LIST = re.compile(r"(?:那|那么)?(?:都|还|具体|一共)?(?:有|是|在)?(?:哪些|哪几条|哪几个|哪几项)(?:任务|条目|条)?里?"
                       r"(?:提到|讲到|说到|写到|涉及|有)?(?:了|过|它)?(?:呢|吗|啊)?[?？。]*")


def last_asking_clause(clauses: list[str]) -> str:
    """The last of a question's clauses that asks (its question, after the story), else its last clause;
    "" for none."""
    return ([c for c in clauses if asks(c)] or clauses or [""])[-1]


# Spoken question forms folded to the written ones the patterns read: the Wu particle 伐 ends a
# question as 吗 does (枫桥经验有提伐 → …有提吗), and A-not-A asks yes or no (提没提 → 是否提,
# 管不管 → 是否管; 有没有, 是不是, 能不能, 会不会, 要不要, 可不可 are read as they are).
_WU_PARTICLE = re.compile(r"伐(?=\s*(?:[?？!！。，,]|$))")
_A_NOT_A = re.compile(r"([\u4e00-\u9fff])[不没]\1")


_NOT_HAVE = re.compile(r"冇|木有")  # 有冇, 有木有: 有没有
_HAS_V_NOT = re.compile(r"有([提说讲写])(?:了)?不(?=\s*(?:[?？!！。，,]|$))")  # 有提不 → 有没有提


# "谁来管管这种贪官" asks whether anyone will see to it, not who (not "归谁管", "由谁负责": a body)
_WHO_WILL = re.compile(r"谁来((?:管管|管一管|治治|(?:管|治|整治|处理)(?:一下|(?=这种|这些|这帮|这类))))"
                       r"|谁((?:管管|管一管|治治))"
                       # "食品安全谁来管啊", "到底谁管": a question that ends there asks whether anyone does
                       r"|(?<![归由])谁来?(管)(?=\s*[啊呀呢吗嘛哦?？!！。]*\s*(?:$|[，,]))")
_HAS_X_NOT = re.compile(r"(有[^，,。？?！!没]{1,12})没有?(?=\s*(?:[?？!！。，,]|$))")  # 有这种说法没 → …说法吗


_CN_YEAR = re.compile(r"((?:[一二][〇零一二三四五六七八九]{3}))年")  # a year in Chinese numerals


_HAS_ABOUT = re.compile(r"^((?:规划|文件)?(?:里|中|里面)?(?:面)?)有((?:关于|提到|说到|讲到|涉及)[^，,。？?]{1,20}?的"
                        r"(?:内容|说法|部分|规定|表述|政策|条目))吗(?=[?？。!！]*$)")
_OLD_TENS = re.compile(r"(?<=第)[廿卅]|[廿卅](?=[一二三四五六七八九]?[条项])")
_EN_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
             "seventeen eighteen nineteen").split()
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_EN_NUMBERED = re.compile(rf"\b(task|item|section|part|chapter|number|no\.)\s+((?:{'|'.join(_EN_TENS)})(?:[ -](?:"
                          rf"{'|'.join(_EN_UNITS[1:10])}))?|{'|'.join(_EN_UNITS)})\b")


def _en_number(words: str) -> int:
    """twenty-one → 21, thirteen → 13."""
    tens, _, unit = words.replace("-", " ").partition(" ")
    if tens in _EN_TENS:
        return _EN_TENS[tens] + (_EN_UNITS.index(unit) if unit else 0)
    return _EN_UNITS.index(words)


def fold_question_forms(text: str) -> str:
    """A question's spoken forms as written ones: X伐 → X吗, 提没提 → 是否提, 有提不 → 有没有提, 有冇 / 有木有
    → 有没有 (Cantonese, web slang), 有X没(有) → 有X吗, 谁来管管 → 有没有人管管; a year in Chinese numerals in
    digits (二〇三五年 → 2035年)."""
    text = _CN_YEAR.sub(lambda m: "".join(str("〇一二三四五六七八九".index(c)) for c in m.group(1).replace("零", "〇"))
                        + "年", text)  # 二〇三五年 → 2035年
    text = _HAS_ABOUT.sub(r"\1有没有\2", text)  # 有关于X的内容吗 → 有没有关于X的内容
    text = _OLD_TENS.sub(lambda m: {"廿": "二十", "卅": "三十"}[m.group()], text)  # 第廿条 → 第二十条
    text = _EN_NUMBERED.sub(lambda m: f"{m.group(1)} {_en_number(m.group(2))}", text)  # task thirteen → task 13
    text = _HAS_X_NOT.sub(r"\1吗", _NOT_HAVE.sub("没有", text))
    text = _WHO_WILL.sub(lambda m: "有没有人" + (m.group(1) or m.group(2) or m.group(3)), text)
    text = _HAS_V_NOT.sub(lambda m: "有没有" + m.group(1), _WU_PARTICLE.sub("吗", text))
    # (not 人没人: 老人没人照顾 says nobody looks after them; nor a set phrase: 爱理不理, 一动不动)
    return _A_NOT_A.sub(lambda m: m.group(0) if m.group(1) in "有是能会要可人事钱对" or (
        m.start() > 0 and is_common_word(m.string[m.start() - 1:m.end()])) else "是否" + m.group(1), text)


# 几 that counts nothing: 好几次, 多几个, 过几年 ("several", "a few more", "in a few years"), 前几天 (a few
# days ago), 几十份 (dozens), 拖了几年, 就那么几个 (only a few), and 几 in a clause that asks yes or no
# (会不会多建几所学校: "a few", as 什么 in 有没有什么 is "any"); 多造几所 (a few more), 走几步路就到 (just a few),
# 都是几个人说了算 (only a few).
_INDEFINITE_JI = re.compile(r"(?<=[好多过这那前了就没才么])几|(?<=多[\u4e00-\u9fff])几|(?<=都是)几|几(?=乎)"
                           r"|几(?=[十百千万](?![块元]))"
                           r"|几(?=[\u4e00-\u9fff]{1,2}就)")
# A question word that asks nothing: 啥都往一个桶里倒, 谁也不管 (anything, nobody).
_INDEFINITE_WH = re.compile(r"(?:啥|什么|谁|哪儿|哪里|哪)(?=都|也)|(?<=比)谁"  # (比谁家烟花放得多: a contest)
                            r"|谁(?=还?(?:敢|愿意|肯))"  # asks no one: 以后谁还敢干事 (nobody will)
                            r"|(?:(?<=[怕心])|(?<=万一)|(?<=不定))哪一?天")  # a day feared, not asked: 就怕哪天被开发了
_YES_NO_FORM = re.compile(r"会不会|能不能|要不要|可不可以|是不是|(?:会|能|要)(?!不).*吗$")
_SOME_DAY = re.compile(r"哪一?天")  # in a yes-or-no question, "some day": 会不会哪天被开发掉


def _definite(clause: str) -> str:
    """A clause without the 几 that counts nothing and the question words that ask nothing."""
    clause = _INDEFINITE_WH.sub("", _INDEFINITE_JI.sub("", clause))
    return _SOME_DAY.sub("", clause.replace("几", "")) if _YES_NO_FORM.search(clause) else clause


def asks(clause: str) -> bool:
    """The clause asks something ("一件事拖好几个礼拜" only tells)."""
    return bool(ASKING.search(_definite(clause)))


ENDS_WITH_JI = re.compile(r"几\s*[\u4e00-\u9fff]?\s*$")  # 弄几个: asks how many
# A question the asker says they cannot answer ("不知道找谁问"): what happened to them, not what they ask,
# when another clause asks after it
# (or said after it: "我们村能不能评上不知道，总共打算搞多少个" asks how many, not whether they will)
UNKNOWN_TO_ASKER = re.compile(r"(?:不知道|不晓得|不清楚|搞不清楚?|弄不清楚?|不懂)[^，,。？?]{0,6}?"
                              r"(?:谁|哪|什么|啥|怎么|几|多少)"
                              r"|(?:不知道|不晓得|不清楚|说不准|不好说)[啊呀呢哦]?\s*$")


# A choice offered ("会拆掉还是保护起来"): asks which, not how many ("有几栋老房子" before it tells)
ASKS_CHOICE = re.compile(r"(?:会|要|是|该|能)[\u4e00-\u9fff]{1,8}还是[\u4e00-\u9fff]{1,8}$")


# A clause that asks nothing ("现在年轻人谁还听啊", before "会不会就这么没了"): who would, said as no one does
RHETORICAL = re.compile(r"谁还(?:会|能|要|去)?[\u4e00-\u9fff]{1,3}(?:啊|呀|呢|哦|嘛)?$")


def _wants(text: str) -> Want:
    """The kind of answer wanted, read in the clauses that ask: "投诉好几次了，有没有人管" wants no count."""
    clauses = [_definite(c) for c in CLAUSE_SPLIT.split(text) if c.strip()]
    asked = [c for c in clauses if ASKING.search(c) or (c == clauses[-1] and ASKS_CHOICE.search(c))]
    asked = [c for c in asked[:-1] if not UNKNOWN_TO_ASKER.search(c) and not RHETORICAL.search(c)] + asked[-1:]
    if asked and (ASKS_YESNO.search(asked[-1]) or ASKS_CHOICE.search(asked[-1])):
        # Before a yes-or-no ask, a clause that asks only by a 几 inside it tells ("区里几个医院人太多了，
        # 有没有打算扩建"; not "萧山打算弄几个？我们小区能不能轮到", where 几 ends the clause)
        asked = [c for c in asked[:-1] if ASKING.search(c.replace("几", "")) or ENDS_WITH_JI.search(c)] + asked[-1:]
    asking = "，".join(asked) or "，".join(clauses)
    if WHAT_TO_DO.search(asking) and ASKS_ADVICE.search("，".join(clauses)):
        return Want.ADVICE  # "孩子被同学咬了，园方不管怎么办": what to do in the case the story tells
    return next((want for pattern, want in WANTS if pattern.search(asking)), Want.EXPLANATION)


# what to do, or what one gets back, in a case told (…园方不管怎么办, 被骗了两万块，钱还能追回来吗)
WHAT_TO_DO = re.compile(r"怎么办|咋办|咋整|怎么整|追回|要回|拿回|追得回|要得回|赔多少|能赔")


def _pairs(history: list[dict]) -> list[tuple[str, str]]:
    """The (question, answer) turns of a history, oldest first."""
    pairs: list[tuple[str, str]] = []
    for turn in history:
        content = str(turn.get("content") or "").strip()
        if turn.get("role") == "user" and content:
            pairs.append((content, ""))
        elif turn.get("role") == "assistant" and pairs:
            pairs[-1] = (pairs[-1][0], content)
    return pairs


def _previous(history: list[dict] | None) -> tuple[list[str], str]:
    """The user turns of a history (oldest first) and the last answer."""
    users, last_answer = [], ""
    for turn in history or []:
        content = str(turn.get("content") or "").strip()
        if turn.get("role") == "user" and content:
            users.append(content)
        elif turn.get("role") == "assistant":
            last_answer = content
    return users, last_answer


def _noun_object(word: str) -> bool:
    """Whether a two-character word is a noun (工资 of 拖欠工资), as the tagger reads it alone."""
    return len(tagged := tagged_words(word)) == 1 and (tagged[0][1] in NOUN_TAGS or tagged[0][1] == "vn")


def _listed(answer: str, corpus: Corpus) -> tuple[int, ...]:
    """The task each item of an answer's list cites ("1. 未来社区：50个…【13】", "- 第20条 建设全域美丽大花园【20】"),
    in order; () if it lists none."""
    items = [MARK_RE.findall(line) for line in answer.splitlines() if re.match(r"\s*(?:\d+\.|-)\s", line)]
    return tuple(int(marks[0]) for marks in items if marks and corpus.task(int(marks[0])) is not None)


def _cited(answer: str, corpus: Corpus) -> tuple[int, ...]:
    """The tasks an answer cites, in order, that exist."""
    return tuple(n for n in dict.fromkeys(int(m) for m in MARK_RE.findall(answer)) if corpus.task(n) is not None)


__all__ = ["ASKS_HOURS", "ASKS_PERSON", "ASKS_PHONE", "ORDER", "Query", "Router", "Want", "words_in_order"]
