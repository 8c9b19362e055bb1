"""Answers for the civil servants' desk: complete lists, the targets table, named programmes.

``Desk.answer`` reads the question's frame; when it is a list ("哪些任务提到了养老"), a targets
("有哪些量化指标", "到2025年要完成什么") or a name question ("“亲上加清”是什么"), it answers
exactly from the Catalog, with the same Answer/Citation types as every other answer; otherwise it
returns None and the ranked search answers.

Example::

    desk = Desk(assistant)             # after assistant.warm_up()
    desk.answer("哪些任务提到了亚运？").citations   # tasks 17 and 25, each with its sentence
"""

from __future__ import annotations

import csv
import io
import re

from .answer import Answer, Assistant, Citation
from .catalog import MAX_LISTED, Catalog, Mentions, Name, Target, list_topic, scope_of, targets_question
from .text import normalize

# "那托育呢？", "还有湘湖呢": a bare topic with 呢 (a question of its own, "第22条讲什么？", is not one).
FOLLOWUP_TOPIC = re.compile(r"^(?:那|那么|还有|再看看?|换成)?(?P<t>[^，,。？?]{1,12}?)(?:呢|的呢)[?？。]*$")
TARGET_HEADERS = ["任务", "类别", "对象", "数量", "期限", "原文", "引用"]
NAME_HEADERS = ["提法", "所在任务", "原文（首次出现的句子）"]
CSV_FIELDS = ["task", "kind", "what", "amount", "number", "unit", "bound", "deadline", "phrase", "quote", "start",
              "end", "doc", "reference"]


class Desk:
    """The list, targets and name routes of one warmed-up Assistant."""

    def __init__(self, assistant: Assistant):
        self.assistant = assistant
        self.corpus = assistant.corpus
        self.catalog = Catalog(assistant.corpus)

    # ---- routing ------------------------------------------------------------------------

    def answer(self, question: str, history: list[dict] | None = None) -> Answer | None:
        """The desk's answer to a list, targets or name question; None for any other question."""
        wants_targets, deadline = targets_question(question)  # first: "哪些任务有量化指标" is about targets
        if wants_targets:
            return self.targets_answer(question, deadline)
        topic = list_topic(question) or self._followup_topic(question, history)
        if topic is not None:
            return self.list_answer(topic, question)
        if (name := self.catalog.name_in(question)) is not None:
            return self.name_answer(name, question)
        if (term := self.catalog.quoted_unknown(question)) is not None:
            first, last = self.corpus.tasks[0].number, self.corpus.tasks[-1].number
            return Answer(f"规划第{first}条至第{last}条中没有“{term}”这个提法（已按原文逐句查找，含简繁体写法）。",
                          False, route="name", question=question)
        return None

    def _followup_topic(self, question: str, history: list[dict] | None) -> str | None:
        """"那托育呢？" right after a list question: the same list for the new topic."""
        users = [m.get("content", "") for m in history or [] if m.get("role") == "user"]
        if not users or list_topic(users[-1]) is None:
            return None
        if self.assistant.retriever.route(question) is not None:
            return None  # "那第七部分呢？" asks about a section, not for a list
        m = FOLLOWUP_TOPIC.match(normalize(question))
        return m.group("t").strip("“”\"' ") if m and m.group("t").strip("“”\"' ") else None

    def _scope(self, question: str) -> tuple[set[int] | None, str]:
        """The tasks a question limits itself to ("第13条…", "第七部分…"), and how to say so."""
        retriever = self.assistant.retriever
        number = retriever.task_route(question)
        if number is not None and self.corpus.task(number) is not None:
            return {number}, f"第{number}条中"
        names_section = re.search(r"第\S{1,3}部分|^[一二三四五六七八九十]+、", normalize(question))
        section = retriever.section_route(question) if names_section else None
        if section is not None:
            return scope_of(self.corpus, None, section), f"第{section.numeral}部分中"
        return None, ""

    def _cite(self, task_number: int, sentence) -> Citation:
        return self.assistant.cite(self.corpus.task(task_number), sentence, 1.0)

    # ---- complete lists -----------------------------------------------------------------

    def list_answer(self, topic: str, question: str) -> Answer:
        """Every task mentioning the topic, by number, each with its matching sentence."""
        scope, where = self._scope(question)
        found = self.catalog.mentions(topic, scope)
        return self._render_list(found, question, where)

    def _render_list(self, found: Mentions, question: str, where: str) -> Answer:
        shown = found.topic.strip("“”\"'")
        tasks = self.corpus.tasks
        if not found.mentions:
            span = where or f"第{tasks[0].number}条至第{tasks[-1].number}条中"
            return Answer(f"规划{span}没有任务提到“{shown}”（已按原文逐句查找，含简繁体写法和近似说法）。",
                          False, route="list", question=question)
        total = len(found.mentions)
        if found.how == "exact":
            head = f"规划{where}提到“{shown}”的任务共{total}条"
        elif found.how == "all_words":
            words = "”“".join(found.matched)
            head = f"规划原文没有“{shown}”这一完整说法；{where}同一句里同时出现“{words}”的任务共{total}条"
        else:
            head = f"规划原文没有“{shown}”这一完整说法；{where}提到“{found.matched[0]}”的任务共{total}条"
        # Every task is listed and cited; past MAX_LISTED only the quotes are left out, and the answer says so.
        head += (f"，按任务编号列出；原文只引前{MAX_LISTED}条，其余{total - MAX_LISTED}条列出编号和标题："
                 if total > MAX_LISTED else "（按任务编号）：")
        lines, citations = [head], []
        for i, m in enumerate(found.mentions, 1):
            s = m.sentences[0]
            if i <= MAX_LISTED:
                more = f"（本条共{len(m.sentences)}句提到）" if len(m.sentences) > 1 else ""
                quote = self.corpus.quote(s)
                lines.append(f"{i}. 第{m.task.number}条 {m.task.title}{more}：{quote}【{m.task.number}】")
            else:
                lines.append(f"{i}. 第{m.task.number}条 {m.task.title}【{m.task.number}】")
            citations.append(self._cite(m.task.number, s))
        return Answer("\n".join(lines), True, citations=citations, route="list", question=question)

    # ---- targets --------------------------------------------------------------------------

    def targets_answer(self, question: str, deadline: str = "") -> Answer:
        """Every quantitative target (optionally only those due by a year), then the plan's other numbers."""
        scope, where = self._scope(question)
        cat = self.catalog
        due = cat.quantitative(deadline, scope)
        undated = [t for t in cat.quantitative("", scope) if not t.deadline] if deadline else []
        in_scope = [t for t in cat.targets if scope is None or t.task in scope]
        others = [] if deadline else [t for t in in_scope if t.kind != "target"]
        if deadline:
            head = f"规划{where}写明到{deadline}要完成的量化指标共{len(due)}项："
        else:
            head = f"规划{where}写明的量化指标共{len(due)}项（按任务编号）："
        if not due and (deadline or not others):
            years = sorted({t.deadline for t in cat.quantitative("", scope) if t.deadline})
            hint = (f"规划{where}写明期限的量化指标都是到{'、'.join(years)}，可以问“到{years[0]}要完成什么”。"
                    if years else "")
            what = f"到{deadline}要完成的" if deadline else ""
            return Answer(f"规划{where}没有写明{what}量化指标。{hint}", False, route="targets", question=question)
        lines, cited = [head if due else f"规划{where}没有写明量化指标。"], []
        lines += [self._target_line(i, t) for i, t in enumerate(due, 1)]
        # Only the targets asked for are quoted and cited; the rest are pointed to, without marks.
        if undated:
            where_undated = "、".join(dict.fromkeys(f"第{t.task}条" for t in undated))
            lines.append(f"另有{len(undated)}项量化指标没有写明期限（{where_undated}），可以问“有哪些量化指标”查看。")
        if others:
            lead = f"此外，规划{where}还写到" if due else f"规划{where}写到"
            lines.append(f"{lead}{len(others)}处其他数字（版本、周年、计划年限、数目，不是量化指标）："
                         + "；".join(f"{t.label}（{_KIND_CN[t.kind]}，第{t.task}条）" for t in others)
                         + "。完整的数字表见“指标表”或 /api/targets。")
        for t in due:
            if all(t.sentence != s for s in cited):
                cited.append(t.sentence)
        citations = [self._cite(s.task, s) for s in sorted(cited, key=lambda s: (s.task, s.start))]
        return Answer("\n".join(lines), bool(due), citations=citations, route="targets", question=question)

    @staticmethod
    def _target_line(i: int, t: Target) -> str:
        due = f"，期限：到{t.deadline}" if t.deadline else ""
        return f"{i}. {t.what}：{t.amount}{due}（第{t.task}条，原文“{t.phrase}”）【{t.task}】"

    # ---- names ----------------------------------------------------------------------------

    def name_answer(self, name: Name, question: str) -> Answer:
        """Where a named programme sits: each task naming it and the sentence that does."""
        lines, citations = [], []
        if len(name.places) == 1:
            p = name.places[0]
            sec = self.corpus.section_of(p.task)
            lines.append(f"“{name.name}”出自第{p.task.number}条“{p.task.title}”（{sec.numeral}、{sec.title}）。")
            lines.append(f"原文：{self.corpus.quote(p.sentence)}【{p.task.number}】")
        else:
            lines.append(f"“{name.name}”出现在{len(name.places)}条任务中（按任务编号）：")
            for i, p in enumerate(name.places, 1):
                quote = self.corpus.quote(p.sentence)
                lines.append(f"{i}. 第{p.task.number}条 {p.task.title}：{quote}【{p.task.number}】")
        for p in name.places:
            citations.append(self._cite(p.task.number, p.sentence))
        return Answer("\n".join(lines), True, citations=citations, route="name", question=question)

    # ---- tables for the API and the UI ------------------------------------------------------

    def target_rows(self) -> list[dict]:
        """The targets table: one row per number the plan states, in document order."""
        rows = []
        for t in self.catalog.targets:
            rows.append({
                "task": t.task, "kind": t.kind, "what": t.what, "amount": t.amount, "number": t.number,
                "value": t.value, "unit": t.unit, "bound": t.bound, "deadline": t.deadline, "phrase": t.phrase,
                "quote": t.quote, "start": t.start, "end": t.end, "doc": t.sentence.doc,
                "reference": self.assistant.reference(self.corpus.task(t.task)),
            })
        return rows

    def targets_csv(self) -> str:
        """The targets table as CSV text (the API adds a BOM so Excel reads the Chinese right)."""
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(self.target_rows())
        return buf.getvalue()

    def mention_rows(self, topic: str) -> dict:
        """The complete list for a topic as data: every task mentioning it, by number."""
        found = self.catalog.mentions(topic)
        return {
            "topic": topic, "how": found.how, "matched": list(found.matched), "count": len(found.mentions),
            "tasks": [
                {"task": m.task.number, "title": m.task.title, "sentence": self.corpus.quote(m.sentences[0]),
                 "start": m.sentences[0].start, "end": m.sentences[0].end, "sentences": len(m.sentences),
                 "doc": m.task.doc, "reference": self.assistant.reference(m.task)}
                for m in found.mentions
            ],
        }

    def target_table(self) -> list[list]:
        """The targets table as the UI shows it (columns: TARGET_HEADERS), quantitative targets first."""
        rows = sorted(self.catalog.targets, key=lambda t: (t.kind != "target", t.task, t.start))
        return [[f"第{t.task}条", _KIND_CN.get(t.kind, "量化指标"), t.what, t.amount, t.deadline or "未写明", t.phrase,
                 self.assistant.reference(self.corpus.task(t.task))] for t in rows]

    def name_table(self) -> list[list]:
        """The named programmes as the UI shows them (columns: NAME_HEADERS)."""
        return [[n.name, "、".join(f"第{p.task.number}条" for p in n.places), self.corpus.quote(n.places[0].sentence)]
                for n in self.catalog.names]

    def name_rows(self) -> list[dict]:
        """Every quoted name with the tasks naming it and the sentence of its first mention in each."""
        return [
            {
                "name": n.name,
                "tasks": n.tasks,
                "places": [
                    {"task": p.task.number, "title": p.task.title, "sentence": self.corpus.quote(p.sentence),
                     "start": p.start, "end": p.end, "mentions": p.count, "doc": p.task.doc,
                     "reference": self.assistant.reference(p.task)}
                    for p in n.places
                ],
            }
            for n in self.catalog.names
        ]


_KIND_CN = {"version": "版本", "anniversary": "周年", "structure": "机制结构", "duration": "计划年限",
            "count": "数目", "number": "数字"}

__all__ = ["NAME_HEADERS", "TARGET_HEADERS", "Desk"]
