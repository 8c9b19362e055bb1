"""The civil servants' desk: complete lists, mentions, the targets and named programmes, as answers and as data.

The router decides that a question is a list ("哪些任务提到了养老"), a mention ("规划提到停车了吗"),
a targets ("有哪些量化指标") or a name question ("“亲上加清”是什么"); the Desk answers it exactly
from the Catalog (no ranking, nothing cut), with the same Answer/Citation types as every other
answer. The tables (targets, names, mentions) are returned as data rows; each edge renders them
(the API as JSON and CSV, the UI as tables).

Example::

    desk = Desk(corpus, catalog, citer)
    desk.list(router.understand("哪些任务提到了亚运？")).citations   # tasks 17 and 25, each with its sentence
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from .catalog import MAX_LISTED, Catalog, Mention, Mentions, Name, Target, spelled_out
from .corpus import Corpus, Section, Sentence
from .profile import plan_text
from .router import Query
from .text import content_terms
from .types import Answer, Citation, Citer, Route

KIND_CN = {"target": "量化指标", "version": "版本", "anniversary": "周年", "structure": "机制结构",
           "duration": "计划年限", "count": "数目", "number": "数字"}


@dataclass(frozen=True)
class TargetRow:
    """One number the plan states (the targets table's row, as the API, the CSV and the UI show it)."""

    task: int
    kind: str  # target (a quantity the plan commits to), version, anniversary, structure, duration, count, number
    what: str  # what is counted or measured, e.g. 未来社区
    amount: str  # the number as read, with unit and bound, e.g. 3个以上
    number: str  # as written: 50, 93, 2.0, 1+8, 三
    value: float | None
    unit: str
    bound: str  # 以上, 以下, 不低于 … or ""
    deadline: str  # "2025年" when the sentence sets a deadline
    phrase: str  # the clause holding the number, verbatim
    quote: str  # the whole sentence, verbatim: plan[quote_start:quote_end]
    start: int  # offsets of the number (with unit and bound) in the plan document
    end: int
    doc: str
    reference: str
    quote_start: int = 0  # offsets of the sentence (quote) in the plan document
    quote_end: int = 0


@dataclass(frozen=True)
class PlaceRow:
    task: int
    title: str
    sentence: str  # the sentence of the name's first mention in this task, verbatim
    start: int  # offsets of the name in the plan document
    end: int
    mentions: int
    doc: str
    reference: str
    sentence_start: int = 0  # offsets of the sentence: plan[sentence_start:sentence_end] == sentence
    sentence_end: int = 0


@dataclass(frozen=True)
class NameRow:
    name: str  # as the plan quotes it
    tasks: list[int]
    places: list[PlaceRow]


@dataclass(frozen=True)
class MentionRow:
    task: int
    title: str
    sentence: str  # the first sentence of the task that mentions the topic, verbatim
    start: int
    end: int
    sentences: int  # how many of the task's sentences mention the topic
    doc: str
    reference: str


@dataclass(frozen=True)
class MentionsTable:
    topic: str
    how: str  # exact | all_words | core | lexicon | synonym | stem | abbreviation | none: the rule that matched
    matched: list[str]
    count: int
    tasks: list[MentionRow]


# Topics asked about together ("讲党建、从严治党的是哪几条", "Are A and B in the plan?"): each on its own.
TOPIC_SEPARATORS = re.compile(r"\s*(?:[、，,/；;]|以及|\band\b|\bor\b)\s*", re.IGNORECASE)
# only next to a word the plan has on its own (和谐 is one word; 或者, not 者地铁)
TOPIC_JOINERS = re.compile(r"还有|或者|或是|还是|以及|[和与及或跟]")
MAX_TOPICS = 4


MAX_ECHOED = 20  # characters of a topic the plan does not mention that a "no" repeats (English: three times)
MENTIONED_PER_TASK = 3  # sentences quoted per task when a topic is mentioned in this many tasks or fewer


class Desk:
    """The list, mention, targets and name routes over one plan's Catalog."""

    def __init__(self, corpus: Corpus, catalog: Catalog, citer: Citer, near: Callable[[str], str] | None = None,
                 alike: Callable[[str, str], bool] | None = None):
        self.corpus = corpus
        self.catalog = catalog
        self.citer = citer
        self.near = near  # a plan word near in meaning to a word the plan never uses (Searcher.agreed_word)
        self.alike = alike  # whether two words mean the same to the encoder (Searcher.alike)
        self._text = plan_text(corpus)

    def _cite(self, sentence: Sentence) -> Citation:
        return self.citer.cite(self.corpus.task(sentence.task), sentence, 1.0)

    # ---- complete lists -----------------------------------------------------------------------

    def list(self, query: Query) -> Answer:
        """Every task mentioning the topic, by number, each with its matching sentence; asked of an area
        ("文化方面有哪些任务"), also the part of the plan about it, with its tasks."""
        if parts := self.topics(query):
            return self._each(replace(query, section=None), parts, self.list)
        answer = self._list(query)
        if query.section is None:
            # The parts whose titles name the topic, when no task's text has it (从严治党: part 九's title):
            # a literal list stays literal.
            return answer if answer.found or not (titled := self._titled(query)) else self._title_answer(
                query, titled, Route.LIST)
        section = query.section  # asked of an area ("文化方面"): also the part of the plan about it
        if set(section.tasks) <= {c.task for c in answer.citations}:
            return answer
        tasks, en = [self.corpus.task(n) for n in section.tasks], query.english
        names = self._task_names(section, en)
        line = (f"Section {section.numeral} (“{section.title}”) is the part of the plan about it: {names}" if en
                else f"规划中讲这方面的是第{section.numeral}部分“{section.title}”：{names}")
        text = line if not answer.found else answer.answer + "\n" + line
        cited = {c.task for c in answer.citations}  # each task's title line, for those not quoted above
        citations = [*answer.citations, *(self._cite(t.sentences[0]) for t in tasks if t.number not in cited)]
        return Answer(text, True, citations=citations, route=Route.LIST, question=query.text)

    @staticmethod
    def _unquoted(topic: str) -> str:
        return topic.strip("“”\"'")

    def _titled(self, query: Query) -> list[Section]:
        """The parts of the plan whose titles have the topic as written (先行实践地: all five)."""
        topic = self._unquoted(query.topic)
        if query.english or query.scope or len(topic) < 2:
            return []
        return [s for s in self.corpus.sections if topic in s.title]

    def _title_answer(self, query: Query, sections: list[Section], route: Route) -> Answer:
        """Yes: the parts whose titles name the topic, each with its tasks (cited by their title sentences)."""
        topic = self._unquoted(query.topic)
        yes = "有：" if route == Route.MENTION else ""
        lines = [f"{yes}规划原文中，以下部分的标题提到“{topic}”：" if len(sections) > 1
                 else f"{yes}规划第{sections[0].numeral}部分的标题提到“{topic}”："]
        lines += [f"- 第{s.numeral}部分“{s.title}”，任务：{self._task_names(s, False)}" for s in sections]
        citations = [self._cite(self.corpus.task(n).sentences[0]) for s in sections for n in s.tasks]
        return Answer("\n".join(lines), True, citations=citations, route=route, question=query.text)

    def _task_names(self, section: Section, english: bool) -> str:
        """A part's tasks, each by number and title with its mark, in one line."""
        tasks = [self.corpus.task(n) for n in section.tasks]
        if english:
            return "; ".join(f"task {t.number} ({t.title})【{t.number}】" for t in tasks)
        return "；".join(f"第{t.number}条 {t.title}【{t.number}】" for t in tasks)

    def topics(self, query: Query) -> list[str]:
        """The topics of a question that names several ("党建、从严治党"), when the plan does not have them
        together as written; [] for one topic."""
        topic = self._unquoted(query.topic)
        if self.catalog.mentions(topic, query.scope).how == "exact" or self.catalog.numbered_short(topic):
            return []  # (one programme's parallel name, 千村示范、万村整治: the plan's 千万工程)
        parts = [p for p in TOPIC_SEPARATORS.split(topic) if p.strip()]
        if len(parts) < 2:
            parts = [p for p in TOPIC_JOINERS.split(topic) if p.strip()]
            if len(parts) < 2 or all(self.catalog.mentions(p, query.scope).how != "exact" for p in parts):
                return []
        return parts if len(parts) <= MAX_TOPICS and all(len(p) >= 2 for p in parts) else []

    def _each(self, query: Query, parts: list[str], answer) -> Answer:
        """One answer per topic, in the order asked, as one reply."""
        answers = [answer(replace(query, topic=p)) for p in parts]
        citations = list({(c.task, c.start): c for a in answers for c in a.citations}.values())
        return Answer("\n".join(a.answer for a in answers), any(a.found for a in answers), citations=citations,
                      route=answers[0].route, question=query.text)

    def _list(self, query: Query) -> Answer:
        found = self._mentions(query)
        if not found.mentions and not query.english:  # "哪些任务提到了老人": those that say 老年, said as such
            found = self._near(query) or found
        shown, where = self._unquoted(found.topic), query.scope_label
        en = query.english
        if not found.mentions:
            if en:
                return Answer(f"No task of the plan ({self.citer.span(True)}) mentions “{shown}”.",
                              False, route=Route.LIST, question=query.text)
            span = where or f"{self.citer.span()}中"
            return Answer(f"规划{span}没有任务提到“{shown}”（已按原文逐句查找，含简繁体写法和近似说法）。",
                          False, route=Route.LIST, question=query.text)
        total = len(found.mentions)
        if en:
            head = f"Tasks that mention “{'”, “'.join(found.matched)}”: {total}, by number"
            head += (f"; only the first {MAX_LISTED} are quoted:" if total > MAX_LISTED else ":")
        else:
            head = self._matched_head(found, shown, where) + f"的任务共{total}条"
            # Every task is listed and cited; past MAX_LISTED only the quotes are left out, and the answer says so.
            head += (f"，按任务编号列出；原文只引前{MAX_LISTED}条，其余{total - MAX_LISTED}条列出编号和标题："
                     if total > MAX_LISTED else "（按任务编号）：")
        lines, citations = [head], []
        for i, m in enumerate(found.mentions, 1):
            s, n = m.sentences[0], m.task.number
            label = f"task {n}, {m.task.title}" if en else f"第{n}条 {m.task.title}"
            if i <= MAX_LISTED:
                more = "" if len(m.sentences) == 1 else (
                    f" ({len(m.sentences)} sentences)" if en else f"（本条共{len(m.sentences)}句提到）")
                lines.append(f"{i}. {label}{more}{': ' if en else '：'}{self.corpus.quote(s)}【{n}】")
            else:
                lines.append(f"{i}. {label}【{n}】")
            citations.append(self._cite(s))
        return Answer("\n".join(lines), True, citations=citations, route=Route.LIST, question=query.text)

    @staticmethod
    def _matched_head(found: Mentions, shown: str, where: str) -> str:
        if found.how == "exact":
            return f"规划{where}提到“{shown}”"
        if found.how in ("numerals", "figure"):  # the same words, its numerals or their order as the plan has them
            return f"规划{where}提到“{found.matched[0]}”"
        if found.how == "lexicon":  # what residents say (托儿所) → the plan's formal term for it (托育)
            return f"规划原文没有“{shown}”这一说法；{where}提到相关的正式说法“{found.matched[0]}”"
        if found.how == "near":  # a word near in meaning, as the encoders read it (老人 → 老年)
            return f"规划原文没有“{shown}”这一说法；{where}提到相近的说法“{'”“'.join(found.matched)}”"
        if found.how == "synonym":  # the same thing in the plan's word (老师队伍 → 教师队伍)
            return f"规划原文没有“{shown}”这一说法；{where}提到同义说法“{found.matched[0]}”"
        if found.how == "all_words":
            return f"规划原文没有“{shown}”这一完整说法；{where}同一句里同时出现“{'”“'.join(found.matched)}”"
        return f"规划原文没有“{shown}”这一完整说法；{where}提到“{found.matched[0]}”"

    # ---- does the plan mention X ----------------------------------------------------------------

    def mention(self, query: Query) -> Answer:
        """Yes, with every task mentioning the topic (or its core), or a plain no."""
        if parts := self.topics(query):
            return self._each(query, parts, self.mention)
        found = self._mentions(query)
        if not found.mentions and not query.english:
            found = self._near(query) or found
        shown, where = query.topic, query.scope_label
        if found.how not in ("exact", "numerals") and (titled := self._titled(query)):
            # in parts' titles as written, and in no task's text so (先行实践地: every part's title; 生态治理,
            # not 生态 and 治理 apart in tasks): yes, those parts
            return self._title_answer(query, titled, Route.MENTION)
        if not found.mentions:
            # (a long text or a phone number is not repeated: a pasted notice would read as the plan's own words)
            echo = len(shown) <= MAX_ECHOED * (3 if query.english else 1) and not re.search(r"\d{5,}", shown)
            if query.english:
                what = f"“{shown}”" if echo else "what you asked about"
                span = (f"task{'s' if len(query.scope) > 1 else ''} {', '.join(map(str, sorted(query.scope)))}"
                        if query.scope else f"the plan ({self.citer.span(True)})")
                text = f"No: {span} does not mention {what}."
            else:
                span = where or self.citer.span() + "中"
                what = f"“{shown}”" if echo else "你问的这段文字"
                text = f"没有。规划{span}没有提到{what}（已按原文逐句查找，含近似说法）。"
            if query.scope is not None and (elsewhere := self._mentions(replace(query, scope=None))).mentions:
                # Not in the task or part asked about, but in others (托育是第14条的吧: 第16条): where it is.
                tasks = [m.task.number for m in elsewhere.mentions]
                if query.english:
                    text += f" It does mention it in task{'s' if len(tasks) > 1 else ''} {', '.join(map(str, tasks))}:"
                else:
                    text += f"规划提到“{elsewhere.matched[0]}”的是{'、'.join(f'第{n}条' for n in tasks)}："
                lines, citations = self._quoted(elsewhere.mentions, query.english, few=1)
                return Answer("\n".join([text, *lines]), False, citations=citations, route=Route.MENTION,
                              question=query.text)
            part = self.catalog.parts_mentioned(query.topic, query.scope)
            if not part.mentions:
                return Answer(text, False, route=Route.MENTION, question=query.text)
            # Part of the topic is there (钱塘江大桥: 钱塘江): still a "no", with where that part is.
            tasks = [m.task.number for m in part.mentions]
            if query.english:
                text += (f" It does mention “{'”, “'.join(part.matched)}”, in task{'s' if len(tasks) > 1 else ''} "
                         f"{', '.join(map(str, tasks))}:")
            else:
                text += f"规划提到的是“{'”“'.join(part.matched)}”，见{'、'.join(f'第{n}条' for n in tasks)}："
            lines, citations = self._quoted(part.mentions, query.english, few=1)  # (where the part is, once)
            return Answer("\n".join([text, *lines]), False, citations=citations, route=Route.MENTION,
                          question=query.text)
        # A flat yes only when the plan says the same thing (itself, its numerals, a true synonym, its short
        # form); a formal term, a shorter or wider word (社保卡 → 社保) or the words apart are said as what they are.
        # (the lexicon's formal term only when it spells the topic out, 保租房 → 保障性租赁住房: it may be the kind
        # the thing is, 越剧 → 地方戏曲, not the thing)
        same = found.how in ("exact", "numerals", "figure", "abbreviation", "synonym") or (
            found.how == "lexicon" and spelled_out(query.topic, found.matched[0]))
        if query.english:
            words = "”, “".join(found.matched)
            tasks = ", ".join(str(m.task.number) for m in found.mentions)
            said = "Yes: the plan mentions" if same else f"Not as “{shown}”; the plan mentions"
            lines = [f"{said} “{words}” in task{'s' if len(found.mentions) > 1 else ''} {tasks}:"]
        else:
            tasks = "、".join(f"第{m.task.number}条" for m in found.mentions)
            lines = [f"{'有：' if same else ''}{self._matched_head(found, shown, where)}，见{tasks}："]
        quoted, citations = self._quoted(found.mentions, query.english)
        if found.how == "exact" and (titled := self._titled(query)):  # and in parts' titles (共同富裕: part 五's)
            quoted.append("另外，" + "、".join(f"第{s.numeral}部分" for s in titled) + f"的标题也提到“{shown}”。")
        if query.scope is not None and (others := [m.task.number for m in self.catalog.mentions(
                found.matched[0]).mentions if m.task.number not in query.scope]) and found.how != "all_words":
            # (asked of one task or part: that the plan says it elsewhere too, 历史文化 of 第19条 and 第18条)
            quoted.append(f"It is also mentioned in task{'s' if len(others) > 1 else ''} {', '.join(map(str, others))}."
                          if query.english else
                          f"规划另在{'、'.join(f'第{n}条' for n in others)}也提到“{found.matched[0]}”。")
        return Answer("\n".join([*lines, *quoted]), True, citations=citations, route=Route.MENTION,
                      question=query.text)

    def _mentions(self, query: Query) -> Mentions:
        """The catalog's mentions of the topic; a thesaurus synonym only when the encoder reads the two forms as
        alike too (老师队伍 → 教师队伍, not 运动 → 活动: the thesaurus's sense of 运动 is lobbying)."""
        found = self.catalog.mentions(query.topic, query.scope)
        if found.how == "synonym" and self.alike is not None and not self.alike(query.topic, found.matched[0]):
            return Mentions(found.topic, (found.topic,), "none", ())
        return found

    def _near(self, query: Query) -> Mentions | None:
        """The topic with its words the plan never uses put in the plan's nearest words (老人 → 老年), when the plan
        says that as written (not 儿童友好 as 幼儿 and 友好 in one sentence: 老年友好型社会 and 幼儿园)."""
        if self.near is None or not (words := content_terms(query.topic)):
            return None
        put = [w if w in self._text else self.near(w) for w in words]
        if put == list(words) or not all(put):
            return None
        found = self.catalog.mentions("".join(put), query.scope)
        if found.how != "exact" or not found.mentions:
            return None
        return Mentions(query.topic, found.matched, "near", found.mentions)

    def _quoted(self, mentions: tuple[Mention, ...], english: bool, few: int = MENTIONED_PER_TASK
                ) -> tuple[list[str], list[Citation]]:
        """One line per task (at most MAX_LISTED), its number, title and first sentence that mentions the
        topic; and that sentence cited. In an answer of a few tasks, each task's other sentences that mention
        it follow (up to MENTIONED_PER_TASK in all: 未来乡村 is in the scene of task 13 and in its target)."""
        lines, citations = [], []
        per_task = few if len(mentions) <= few else 1
        for i, m in enumerate(mentions):
            n, title, s = m.task.number, m.task.title, m.sentences[0]
            citations.append(self._cite(s))
            if i < MAX_LISTED:
                head = f"task {n}, {title}: " if english else f"第{n}条 {title}："
                lines.append(f"- {head}{self.corpus.quote(s)}【{n}】")
                for more in m.sentences[1:per_task]:
                    lines.append(f"  {self.corpus.quote(more)}【{n}】")
                    citations.append(self._cite(more))
            else:  # past MAX_LISTED, named and cited without the quote (as a list answer does)
                lines.append(f"- task {n}, {title}【{n}】" if english else f"- 第{n}条 {title}【{n}】")
        return lines, citations

    # ---- targets --------------------------------------------------------------------------------

    def targets(self, query: Query) -> Answer:
        """Every quantitative target (optionally only those due by a year), then the plan's other numbers."""
        scope, where, deadline, cat = query.scope, query.scope_label, query.deadline, self.catalog
        due = cat.quantitative(deadline, scope)
        if query.topic and due:  # "关于空气质量的量化指标": those that speak of it, or say there is none
            about = [t for t in due if any(w in t.phrase or w in t.what for w in query.topic.split("、"))]
            if not about:
                lines = [f"规划{where}没有写明关于“{query.topic}”的量化指标；"
                         f"写明的量化指标共{len(due)}项（按任务编号）："]
                lines += [self._target_line(i, t) for i, t in enumerate(due, 1)]
                return Answer("\n".join(lines), False, citations=self._target_citations(due), route=Route.TARGETS,
                              question=query.text)
            due = about
        undated = [t for t in cat.quantitative("", scope) if not t.deadline] if deadline else []
        in_scope = [t for t in cat.targets if scope is None or t.task in scope]
        others = [] if deadline else [t for t in in_scope if t.kind != "target"]
        if query.english:
            return self._targets_en(query, due, undated, others)
        if not due and (deadline or not others):
            years = sorted({t.deadline for t in cat.quantitative("", scope) if t.deadline})
            hint = (f"规划{where}写明期限的量化指标都是到{'、'.join(years)}，可以问“到{years[0]}要完成什么”。"
                    if years else "")
            what = f"到{deadline}要完成的" if deadline else ""
            return Answer(f"规划{where}没有写明{what}量化指标。{hint}", False, route=Route.TARGETS, question=query.text)
        if not due:
            head = f"规划{where}没有写明量化指标。"
        elif deadline:
            head = f"规划{where}写明到{deadline}要完成的量化指标共{len(due)}项："
        else:
            head = f"规划{where}写明的量化指标共{len(due)}项（按任务编号）："
        lines = [head] + [self._target_line(i, t) for i, t in enumerate(due, 1)]
        # Only the targets asked for are quoted and cited; the rest are pointed to, without marks.
        if undated:
            where_undated = "、".join(dict.fromkeys(f"第{t.task}条" for t in undated))
            lines.append(f"另有{len(undated)}项量化指标没有写明期限（{where_undated}），可以问“有哪些量化指标”查看。")
        if others:
            lead = f"此外，规划{where}还写到" if due else f"规划{where}写到"
            lines.append(f"{lead}{len(others)}处其他数字（版本、周年、计划年限、数目，不是量化指标）："
                         + "；".join(f"{t.label}（{KIND_CN[t.kind]}，第{t.task}条）" for t in others) + "。")
        citations = self._target_citations(due)
        return Answer("\n".join(lines), bool(due), citations=citations, route=Route.TARGETS, question=query.text)

    def _targets_en(self, query: Query, due: list[Target], undated: list[Target], others: list[Target]) -> Answer:
        """The same list, framed in English (the plan's own words quoted as they are)."""
        scope, deadline = query.scope, query.deadline.rstrip("年")
        where = f" (in task{'s' if len(scope) > 1 else ''} {', '.join(map(str, sorted(scope)))})" if scope else ""
        by = f" due by {deadline}" if deadline else ""
        if not due and (deadline or not others):
            years = sorted({t.deadline.rstrip("年") for t in self.catalog.quantitative("", scope) if t.deadline})
            hint = f" Its dated targets are due by {', '.join(years)}." if years else ""
            return Answer(f"The plan{where} sets no quantitative target{by}.{hint}", False, route=Route.TARGETS,
                          question=query.text)
        lines = [f"The plan{where} sets {len(due)} quantitative target{'s' if len(due) != 1 else ''}{by}, by task:"
                 if due else f"The plan{where} sets no quantitative target."]
        for i, t in enumerate(due, 1):
            when = f", by {t.deadline.rstrip('年')}" if t.deadline else ""
            lines.append(f"{i}. {t.what}: {t.amount}{when} (task {t.task}, the plan's words “{t.phrase}”)【{t.task}】")
        if undated:
            tasks = ", ".join(dict.fromkeys(str(t.task) for t in undated))
            lines.append(f"{len(undated)} more quantitative target{'s' if len(undated) > 1 else ''} give no date "
                         f"(task {tasks}).")
        if others:
            lines.append(f"The plan{where} also has {len(others)} other number{'s' if len(others) > 1 else ''} "
                         "(versions, anniversaries, durations, counts; not targets): "
                         + "; ".join(f"{t.label} ({t.kind}, task {t.task})" for t in others) + ".")
        citations = self._target_citations(due)
        return Answer("\n".join(lines), bool(due), citations=citations, route=Route.TARGETS, question=query.text)

    def _target_citations(self, due: list[Target]) -> list[Citation]:
        """Each sentence the targets stand in, cited once, in the plan's order."""
        cited = list(dict.fromkeys(t.sentence for t in due))
        return [self._cite(s) for s in sorted(cited, key=lambda s: (s.task, s.start))]

    @staticmethod
    def _target_line(i: int, t: Target) -> str:
        due = f"，期限：到{t.deadline}" if t.deadline else ""
        return f"{i}. {t.what}：{t.amount}{due}（第{t.task}条，原文“{t.phrase}”）【{t.task}】"

    # ---- names ----------------------------------------------------------------------------------

    def name(self, query: Query) -> Answer:
        """Where a named programme sits; or that the plan never uses a quoted term."""
        if query.name is None:
            return Answer(f"规划{self.citer.span()}中没有“{query.topic}”这个提法（已按原文逐句查找，含简繁体写法）。",
                          False, route=Route.NAME, question=query.text)
        name: Name = query.name
        lines = []
        if len(name.places) == 1:
            p = name.places[0]
            sec = self.corpus.section_of(p.task)
            lines.append(f"“{name.name}”出自第{p.task.number}条“{p.task.title}”（{sec.numeral}、{sec.title}）。")
            lines.append(f"原文：{self.corpus.quote(p.sentence)}【{p.task.number}】")
        else:
            lines.append(f"“{name.name}”出现在{len(name.places)}条任务中（按任务编号）：")
            for i, p in enumerate(name.places, 1):
                n = p.task.number
                lines.append(f"{i}. 第{n}条 {p.task.title}：{self.corpus.quote(p.sentence)}【{n}】")
        citations = [self._cite(p.sentence) for p in name.places]
        return Answer("\n".join(lines), True, citations=citations, route=Route.NAME, question=query.text)

    # ---- the tables, as data --------------------------------------------------------------------

    def target_rows(self) -> list[TargetRow]:
        """One row per number the plan states, in document order."""
        return [TargetRow(task=t.task, kind=t.kind, what=t.what, amount=t.amount, number=t.number, value=t.value,
                          unit=t.unit, bound=t.bound, deadline=t.deadline, phrase=t.phrase, quote=t.quote,
                          start=t.start, end=t.end, doc=t.sentence.doc,
                          reference=self.citer.reference(self.corpus.task(t.task)),
                          quote_start=t.sentence.start, quote_end=t.sentence.end)
                for t in self.catalog.targets]

    def name_rows(self) -> list[NameRow]:
        """Every quoted name with the tasks naming it and the sentence of its first mention in each."""
        return [self.name_row(n) for n in self.catalog.names]

    def name_row(self, n: Name) -> NameRow:
        places = [PlaceRow(task=p.task.number, title=p.task.title, sentence=self.corpus.quote(p.sentence),
                           start=p.start, end=p.end, mentions=p.count, doc=p.task.doc,
                           reference=self.citer.reference(p.task), sentence_start=p.sentence.start,
                           sentence_end=p.sentence.end) for p in n.places]
        return NameRow(name=n.name, tasks=n.tasks, places=places)

    def mention_rows(self, topic: str) -> MentionsTable:
        """The complete list for a topic as data: every task mentioning it, by number."""
        found = self.catalog.mentions(topic)
        rows = [MentionRow(task=m.task.number, title=m.task.title, sentence=self.corpus.quote(m.sentences[0]),
                           start=m.sentences[0].start, end=m.sentences[0].end, sentences=len(m.sentences),
                           doc=m.task.doc, reference=self.citer.reference(m.task)) for m in found.mentions]
        return MentionsTable(topic=topic, how=found.how, matched=list(found.matched), count=len(rows), tasks=rows)


__all__ = ["KIND_CN", "Desk", "MentionRow", "MentionsTable", "NameRow", "PlaceRow", "TargetRow"]
