"""Text normalisation and tokenisation shared by retrieval and answering.

Questions arrive in simplified or traditional characters, full-width or half-width forms, and
English. ``normalize`` folds all of that to the plan's own forms (simplified, half-width,
lower-case) before anything is matched; offsets are never taken from normalised text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from itertools import accumulate
from urllib.parse import unquote

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RUN = re.compile(f"[{CJK}]+")
WORD_RE = re.compile(f"[{CJK}]+|[a-z0-9]+(?:\\.[0-9]+)?%?")

# Words that carry the question's form, not its topic: they must not count as evidence that
# the plan covers a question. A plan's own place names ("萧山的天气怎么样" shares 萧山 with every
# task) are its profile's stop words (assistant/profile.py), passed to content_terms.
STOP_WORDS = frozenset(
    """
    的 了 是 在 有 和 与 及 或 要 会 将 把 被 对 从 到 为 以 等 也 都 就 还 又 呢 吗 吧 啊 呀 么 嘛 哦
    什么 怎么 怎样 怎么样 如何 哪些 哪个 哪项 哪条 哪一条 哪几条 哪里 哪儿 多少 几个 几 多 谁 何时 什么时候
    为什么 是否 有没有 能不能 可以 请问 请 一下 告诉 我 我们 你 你们 他 她 它 这 那 这个 那个 这些 那些
    规划 计划 方案 文件 里面 里 中 方面 部分 这一部分 一部分 任务 条 内容 提到 说 讲
    主要 具体 相关 关于 目标 措施 举措 工作 情况 问题 打算 准备 提出 包括 一些 哪 么样 啥 咋 咱 说说 介绍
    干嘛 干啥 干什么 好多 很多 许多 好些 没错 是吧 对吧 对不对
    叫 名字 属于 归 出现 写 写在 第几条 安排 时候 以后 现在 版本 定位 称号 位置 目的 需要 采用 为了 除了
    涉及 意思 甚么 说法 这块 怎么办 怎么说 能不能 会不会 不会 还是 哪些方面 地方 哪些地方 什么样 样子
    东西 事 事情 规划里 提的 讲的 其他 其它 另外 那么 然后 以及 多久 哪一年 年份 什么 有何 何 一块 一章
    这一块 那一块 那一部分 这一章 那一章 说了 讲了 内容是 是什么 指的是 指 哪一项 第几 领域
    一条 这条 那条 这一条 那一条 一项 这项 那项 这一项 那一项 几条 几项 不能 能否 可否 不可以 可不可以
    已经 进展 进度 好了吗 怎么样了 一共 总共 共计 下设 涵盖 包含
    出去 出来 进去 进来 上去 下去 起来 过来 回来 回去
    the a an of to in on for and or is are was be what which how when where who why does do did will
    plan plans task tasks about tell me say says said any there this that it its by with from as
    many much more most new some anything something everything can could would should shall may might must
    have has had get got i my we our us you your they their them he his she her planned planning going
    mean means meant already progress been mention mentions mentioned cover covers covered covering
    doing done find finding instead near nearby live lives living where's what's government
    anyone someone somebody make making made getting than
    here being both several each every few lots lot under over including also even still yet ever very
    really only just able end up want wants need needs expect hope wonder worry worries worried heard hear
    told know think guess seems please thanks one two three four five six seven eight nine ten hundred
    at too into onto if not no so then but whether either because while during since until like well ok okay
    now nowadays currently today soon lately anymore out close am im stuff thing things kinda sorta
    咋个 咋子 啥子 么子 阿拉 侬 俺 俺们 伲
    """.split()
)
STOP_CHARS = frozenset(
    "的了是在有和与及或要会将把被对从到为以等也都就还又呢吗吧啊呀么嘛哦我你他她它这那哪几多谁啥咋请说讲搞做弄管办叫写归提给让想看去来跑找买吃第"
)
MODALS = frozenset("要会能该可还都就才再将有没")  # "要建", "能变", "有厂": a modal or 有 glued to a word

# A client's markup (what a browser or a chat app would render): tags, nested ones too (<<script>script>),
# and markdown images and links, whose words are kept (规划提到[养老](javascript:…)了吗 asks about 养老).
_TAG = re.compile(r"<\s*(script|style)\b[^<>]*>.*?<\s*/\s*\1\s*>|<\s*[A-Za-z/!?][^<>]*>?",
                  re.IGNORECASE | re.DOTALL)  # (a script's or a style's text is no words of the question either)
_MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)")  # (a URL may hold parentheses)
_ENCODED = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});|%[0-9a-f]{2}", re.IGNORECASE)
# a link that runs or loads, to the next space or Chinese character
_SCHEME = re.compile(r"(?<![A-Za-z])(?:javascript|vbscript|data|file)\s*:[^\s\u3000-\u9fff\uff00-\uffef]*",
                     re.IGNORECASE)


# A link or an address a client typed (www.evil.com, evil@example.com, ldap://…): repeated in an answer ("没有提到
# “www.evil.com”") a chat app or WeChat would render it clickable, as if the assistant pointed there.
_LINK = re.compile(r"(?:[a-z][a-z0-9+.-]{1,15}://|www\.)[^\s\u3000-\u9fff\uff00-\uffef“”\"'<>]*"
                   r"|[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+"
                   r"|(?<![\w.])(?:[a-z0-9-]+\.)+(?:com|net|org|cn|gov|edu|io|info|top|xyz|me|cc|co|app|dev|link|site|"
                   r"online|shop|vip|club|ru|uk|de|jp)\b(?:/[^\s\u3000-\u9fff\uff00-\uffef“”\"'<>]*)?",
                   re.IGNORECASE | re.ASCII)


def unlinked(text: str, source: str = "") -> str:
    """An answer's text without the links or addresses a client typed into it (the plan's own are kept)."""
    return _LINK.sub(lambda m: m.group() if m.group() in source else "（链接）", text)


_ANSI = re.compile(r"\x1b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")


def plain(text: str) -> str:
    """A client's text as words only: HTML entities and %-escapes read as what they encode, then without
    markup (tags, spaced or nested, until none is left; a script's text with its tags; Markdown links and
    images but their words; javascript: and data: links), control and invisible format characters; an
    angle bracket left is a full-width one. What a question is read from and what is ever shown back of it."""
    for _ in range(3):  # (&amp;lt; is &lt; is <)
        if not _ENCODED.search(text):
            break
        text = _ENCODED.sub(lambda m: html.unescape(m.group()) if m.group().startswith("&")
                            else unquote(m.group()), text)
    text = _ANSI.sub("", text)  # a terminal's colour codes (ESC[31m) whole, not their letters left behind
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf") or c in "\n\t")
    text = _MD_LINK.sub(r"\1", text)
    while (stripped := _TAG.sub("", text)) != text:
        text = stripped
    text = _SCHEME.sub("", text)
    return text.replace("<", "＜").replace(">", "＞")  # (PM2.5<35: a comparison, shown harmless)


_T2S = None


def _converter():
    global _T2S
    if _T2S is None:
        import opencc

        _T2S = opencc.OpenCC("t2s")
    return _T2S


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Fold traditional to simplified characters, full-width to half-width, case to lower, and a hyphen
    between letters to a space (shared-ownership: two words; the length stays)."""
    text = unicodedata.normalize("NFKC", text)
    text = _converter().convert(text)
    text = re.sub(r"(?<=[A-Za-z])-(?=[A-Za-z])", " ", text)
    text = text.replace("部份", "部分")  # (a variant spelling, as common as the standard one in questions)
    return re.sub(r"\s+", " ", text).strip().lower()


def is_english(text: str) -> bool:
    """A question written mostly in Latin letters (answered in English); markup (<script>) is no writing,
    and a question with no letters at all is answered in Chinese, the plan's language."""
    # (nor is a link, "https://example.com/规划提到停车了吗", nor markup in full-width brackets, ＜script＞)
    text = _LINK.sub(" ", re.sub(r"<[^<>]*>", "", unicodedata.normalize("NFKC", text)))
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and cjk_ratio("".join(letters)) < 0.3


def cjk_ratio(text: str) -> float:
    """Share of letters that are Chinese characters (0 for an English question); digits are neither."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if CJK_RUN.match(c)) / len(letters)


def bigrams(text: str) -> list[str]:
    """Character unigrams and bigrams of Chinese runs, whole words of Latin runs."""
    out: list[str] = []
    for m in WORD_RE.finditer(normalize(text)):
        w = m.group(0)
        if CJK_RUN.fullmatch(w):
            out.extend(w)
            out.extend(w[i : i + 2] for i in range(len(w) - 1))
        else:
            out.append(w)
    return out


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def teach_words(terms) -> bool:
    """Make jieba keep these terms whole, as nouns (a plan's programme names and policy terms: 一网通办,
    碳中和); whether any was new (then what was cached of segmenting is stale). jieba's dictionary is the
    process's: a second plan loaded in the same process adds its terms to the first's."""
    jieba = _jieba()
    new = [t for t in sorted(terms) if 2 <= len(t) <= 8 and CJK_RUN.fullmatch(t) and t not in jieba.dt.FREQ]
    for t in new:
        jieba.add_word(t, jieba.suggest_freq(t, tune=False), tag="n")
    _TAUGHT.update(new)
    return bool(new)


_TAUGHT: set[str] = set()  # the terms teach_words added (word_edges still sees the words inside them)


def words(text: str) -> list[str]:
    """jieba search-mode words (overlapping sub-words included) of the normalised text."""
    jieba = _jieba()
    out = []
    for m in WORD_RE.finditer(normalize(text)):
        w = m.group(0)
        out.extend(jieba.lcut_for_search(w) if CJK_RUN.fullmatch(w) else [w])
    return out


@lru_cache(maxsize=4096)
def cut(text: str, hmm: bool = True) -> tuple[str, ...]:
    """jieba's words of a text as given, ``hmm``: guessing words its dictionary lacks (cached: the speller,
    the router and the retriever each cut the same question, some more than once)."""
    return tuple(_jieba().lcut(text, HMM=hmm))


def segment(text: str) -> list[str]:
    """jieba's words of the normalised text, without overlapping sub-words (总书记, not 书记 too)."""
    return [w.strip() for w in cut(normalize(text)) if w.strip()]


class _Untaught:
    """jieba's word frequencies as its own dictionary has them: a term taught since counts as no word."""

    def __init__(self, freq: dict[str, int]):
        self.freq = freq

    def __contains__(self, word: str) -> bool:  # (a prefix of longer words stays one, as jieba needs)
        return word in self.freq

    def __getitem__(self, word: str) -> int:
        return 0 if word in _TAUGHT else self.freq[word]

    def get(self, word: str, default=None):
        return 0 if word in _TAUGHT else self.freq.get(word, default)


def dictionary_segment(text: str) -> list[str]:
    """jieba's words of the normalised text by its own dictionary, without the plan terms taught to it
    (智慧健康养老 is 智慧 + 健康 + 养老 here; 义务教育, a word of jieba's, stays one)."""
    jieba = _jieba()
    untaught = jieba.Tokenizer()
    untaught.FREQ, untaught.total, untaught.initialized = _Untaught(jieba.dt.FREQ), jieba.dt.total, True
    return [w.strip() for w in untaught.lcut(normalize(text)) if w.strip()]


def word_starts(text: str) -> dict[int, str]:
    """Where each of jieba's words of ``text`` starts (offsets into ``text`` as given, not normalised) → the word."""
    return {start: w for w, start, _ in _jieba().tokenize(text)}


def word_edges(text: str, inside_taught: bool = False, split_taught: bool = False) -> frozenset[int]:
    """The offsets where jieba's words of ``text`` start or end: a phrase found between two of them is a
    word or several, not a piece of one (不动 in 基调不动摇, cut 不 + 动摇, is not). ``inside_taught``: a
    term taught whole (老年友好型社会) keeps the edges of the words inside it too (老年), every word jieba
    finds in it, overlapping; ``split_taught``: only those of the dictionary's own cut of it (干部队伍 is
    干部 + 队伍, so 部队 is no word of it; 公共卫生应急体系 has 应急)."""
    edges = {0}
    for w, start, end in _jieba().tokenize(text):
        edges.add(end)
        if inside_taught and w in _TAUGHT:
            edges.update(start + i for _, a, b in _jieba().tokenize(w, mode="search") for i in (a, b))
        elif split_taught and w in _TAUGHT:
            edges.update(start + i for i in _untaught_edges(w))
    return frozenset(edges)


@lru_cache(maxsize=1024)
def _untaught_edges(term: str) -> tuple[int, ...]:
    """Where the words of a taught term end, as jieba's own dictionary cuts it (干部队伍: 2, 4)."""
    return tuple(accumulate(len(w) for w in dictionary_segment(term)))


@lru_cache(maxsize=4096)
def content_terms(text: str, stop: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The topic words of a question: jieba words minus question and filler words (and ``stop``), in order.

    Cached: one question's words are asked for by the speller, the retriever and the answerer.
    """
    seen: list[str] = []
    for w in cut(normalize(text)):
        w = w.strip()
        if not w or w in STOP_WORDS or w in stop or not WORD_RE.fullmatch(w):
            continue
        if w.startswith(("几", "多少")):  # 几点, 几版, 多少钱: the question's form, not its topic
            continue
        if len(w) == 2 and w[0] in MODALS and w not in _jieba().dt.FREQ:  # 要建, 能变; not 就业, 还款
            w = w[1]
        elif len(w) == 2 and w[1] in MODALS and w not in _jieba().dt.FREQ:  # 村能 (of 村能不能), 二要; not 可能
            w = w[0]
        if len(w) == 1 and (w in STOP_CHARS or not CJK_RUN.fullmatch(w)):
            continue
        if w not in seen:
            seen.append(w)
    return tuple(seen)
