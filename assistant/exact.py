"""Answers read straight off the plan's structure: a task, a section, the plan as a whole.

No ranking is involved: "第22条" is that task, "第七部分" that section's tasks, "有多少条任务" the
plan's own outline, each cited.

Example::

    plan = PlanAnswers(corpus, citer)
    plan.task(router.understand("第22条")).citations[0].task    # 22
"""

from __future__ import annotations

import re
from dataclasses import replace

from .corpus import Corpus, Sentence, Task
from .router import MAX_TASKS_WHOLE, Query
from .types import Answer, Citer, Route

YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def whole_task(corpus: Corpus, citer: Citer, task: Task, question: str, route: Route = Route.TASK,
               english: bool = False) -> Answer:
    """A task quoted whole, with its section (introduced in the question's language), cited as one piece."""
    sec = corpus.section_of(task)
    head = (f"Task {task.number}, “{task.title}” (section {sec.numeral}, {sec.title}):" if english
            else f"第{task.number}条 {task.title}（{sec.numeral}、{sec.title}）")
    text = f"{head}\n\n{task.text}【{task.number}】"
    return Answer(text, True, citations=[citer.cite(task, task, 1.0)], route=route, question=question)


def together(parts: list[Answer], route: Route, question: str) -> Answer:
    """Answers to what was asked together (several tasks, several parts), one after another."""
    return Answer("\n\n".join(p.answer for p in parts), True, citations=[c for p in parts for c in p.citations],
                  route=route, question=question)


class PlanAnswers:
    """The task, missing-task, section and overview routes of one plan."""

    def __init__(self, corpus: Corpus, citer: Citer):
        self.corpus = corpus
        self.citer = citer

    def task(self, query: Query) -> Answer:
        """The whole task a question names; only its title when that is what is asked ("这条的标题是什么")."""
        task = self.corpus.task(query.task)
        if query.rule == "title of the task pointed back to":
            text = (f"Task {task.number} is titled “{task.title}”.【{task.number}】" if query.english
                    else f"第{task.number}条的标题是“{task.title}”。【{task.number}】")
            return Answer(text, True, citations=[self.citer.cite(task, task.sentences[0], 1.0)], route=Route.TASK,
                          question=query.text)
        if query.rule in ("titles of the tasks pointed back to", "how tasks relate") and not query.refers_to:
            text = ("The last answer quoted nothing from the plan, so there is nothing to say shorter." if query.english
                    else "上一个回答没有引用规划原文，没有可以概括的内容。")
            return Answer(text, False, route=Route.TASK, question=query.text)
        if query.rule == "no original quoted":  # "原文怎么说" after an answer that cited nothing
            text = ("The last answer quoted nothing from the plan." if query.english
                    else "上一个回答没有引用规划原文。可以直接问规划写到的内容，例如“第22条讲什么？”。")
            return Answer(text, False, route=Route.TASK, question=query.text)
        if query.rule == "how what relates":  # "两个有什么关系" with nothing two before it
            text = ("Which two? Name them, e.g. “How do 一网通办 and 一网统管 relate?”" if query.english
                    else "请说明是哪几项，例如“一网通办和一网统管有什么关系？”")
            return Answer(text, False, route=Route.TASK, question=query.text)
        if query.rule == "how tasks relate":  # the plan states no relation between its tasks: where each stands
            tasks = [self.corpus.task(n) for n in query.refers_to]
            lines = ["The plan does not say how these tasks relate; where each stands:" if query.english
                     else "规划没有写这几条之间的关系。它们在规划中的位置："]
            for t in tasks:
                s = self.corpus.section_of(t)
                lines.append(f"- task {t.number} {t.title} (section {s.numeral})【{t.number}】" if query.english
                             else f"- 第{t.number}条 {t.title}（第{s.numeral}部分“{s.title}”）【{t.number}】")
            return Answer("\n".join(lines), False, citations=[self.citer.cite(t, t.sentences[0], 1.0) for t in tasks],
                          route=Route.TASK, question=query.text)
        if query.rule == "titles of the tasks pointed back to":  # "总结一下": what each cited task is, in its title
            tasks = [self.corpus.task(n) for n in query.refers_to]
            lines = ["In short, by the title of each task cited:" if query.english
                     else "简单地说（按所引任务的标题）："]
            lines += [f"- task {t.number}: {t.title}【{t.number}】" if query.english
                      else f"- 第{t.number}条 {t.title}【{t.number}】" for t in tasks]
            return Answer("\n".join(lines), True, citations=[self.citer.cite(t, t.sentences[0], 1.0) for t in tasks],
                          route=Route.TASK, question=query.text)
        if query.rule == "no translation":  # the plan is quoted as written; the reply's own words are English
            text = ("I quote the plan as it is written, in Chinese, and do not translate it. Ask in English "
                    f"(e.g. “What does task {task.number} say?”) and the reply's own words are English."
                    if query.english else "我只引用规划原文（中文），不做翻译。可以直接用英文提问，例如“What does task "
                    f"{task.number} say?”，回答会用英文说明，引用的原文仍是中文。")
            return Answer(text, False, route=Route.TASK, question=query.text)
        if query.rule == "nth sentence of no task":  # (refers_to: the several tasks the last answer cited)
            task = self.corpus.task(query.refers_to[0]) if query.refers_to else task
            cited = "、".join(f"第{n}条" for n in query.refers_to)
            text = (f"Which task's sentence? Name one, e.g. “What is the first sentence of task {task.number}?” "
                    f"(the plan has {self.citer.span(True)})." if query.english
                    else (f"上面的回答引用了{cited}，" if cited else "")
                    + f"请说明是哪一条任务的句子，例如“第{task.number}条的第一句是什么？”"
                      f"（规划的任务编号为{self.citer.span()}）。")
            return Answer(text, False, route=Route.TASK, question=query.text)
        if query.rule == "nth sentence":  # "它的第一句是什么": that sentence, or how many the task has
            count = len(task.sentences)
            i = query.sentence - 1 if query.sentence > 0 else query.sentence
            if query.sentence == 0 or not -count <= i < count:
                text = (f"Task {task.number} has {count} sentences; there is no sentence {query.sentence}."
                        if query.english else f"第{task.number}条共{count}句，没有第{query.sentence}句。")
                return Answer(text, False, route=Route.TASK, question=query.text)
            s = task.sentences[i]
            place = "最后一句" if query.sentence < 0 else f"第{s.index + 1}句"
            said = f"{self.corpus.quote(s)}【{task.number}】"
            text = (f"Sentence {s.index + 1} of task {task.number} ({task.title}): {said}" if query.english
                    else f"第{task.number}条“{task.title}”的{place}：{said}")
            return Answer(text, True, citations=[self.citer.cite(task, s, 1.0)], route=Route.TASK, question=query.text)
        if query.rule == "several tasks":  # whole, a few; more, by title
            tasks = [self.corpus.task(n) for n in query.refers_to]
            if len(tasks) <= MAX_TASKS_WHOLE:
                return together([whole_task(self.corpus, self.citer, t, query.text, english=query.english)
                                 for t in tasks], Route.TASK, query.text)
            lines = [f"Tasks {tasks[0].number} to {tasks[-1].number}, by title:" if query.english
                     else f"所问的{len(tasks)}条任务（按编号）："]
            lines += [f"task {t.number} {t.title}【{t.number}】" if query.english
                      else f"第{t.number}条 {t.title}【{t.number}】" for t in tasks]
            return Answer("\n".join(lines), True, citations=[self.citer.cite(t, t.sentences[0], 1.0) for t in tasks],
                          route=Route.TASK, question=query.text)
        if query.rule == "no task before":  # "下一条" as a first question: next to nothing
            span = self.citer.span(query.english)
            text = ("“The next one” follows on from a task: ask about one first, e.g. “What does task "
                    f"{task.number} say?” (the plan has {span})." if query.english
                    else f"“下一条”“上一条”要接着一条任务问：请先问一条，例如“第{task.number}条讲什么？”"
                         f"（规划的任务编号为{span}）。")
            return Answer(text, False, route=Route.TASK, question=query.text)
        if query.rule == "no task past the end":  # "下一条呢" after the last task, "上一条" after the first
            last, n = task.number == self.corpus.tasks[-1].number, task.number
            text = (f"Task {n} is the plan's {'last' if last else 'first'} task: there is none "
                    f"{'after' if last else 'before'} it.【{n}】" if query.english
                    else f"第{n}条是规划的{'最后' if last else '第'}一条任务，"
                         f"{'后' if last else '前'}面没有了。【{n}】")
            return Answer(text, True, citations=[self.citer.cite(task, task.sentences[0], 1.0)], route=Route.TASK,
                          question=query.text)
        return whole_task(self.corpus, self.citer, task, query.text, english=query.english)

    def missing_task(self, query: Query) -> Answer:
        """A task number the plan does not have: say which numbers it has."""
        if query.rule == "nth of section past its end":  # "第六部分的第五条": that part has three
            section = query.section
            first, last = section.tasks[0], section.tasks[-1]
            text = (f"Section {section.numeral} has {len(section.tasks)} tasks (tasks {first} to {last}); there is "
                    f"no task {query.task} in it." if query.english
                    else f"第{section.numeral}部分只有{len(section.tasks)}条任务（第{first}条至第{last}条），"
                         f"没有其中的第{query.task}条。")
            return Answer(text, False, route=Route.MISSING_TASK, question=query.text)
        n, tasks = query.topic or query.task, self.corpus.tasks  # (topic: a number no plan has, as asked: 13.5)
        if n == "…":  # (too many digits to repeat)
            text = (f"The plan has no task of that number; its tasks are numbered {tasks[0].number} to "
                    f"{tasks[-1].number}." if query.english
                    else f"这份规划原文中没有这一条：它的任务编号为{self.citer.span()}。")
        else:
            text = (f"The plan has no task {n}; its tasks are numbered {tasks[0].number} to {tasks[-1].number}."
                    if query.english else f"这份规划原文中没有第{n}条：它的任务编号为{self.citer.span()}。")
        return Answer(text, False, route=Route.MISSING_TASK, question=query.text)

    def section(self, query: Query) -> Answer:
        """Every task of the section a question names, each cited by its title sentence (of each, for several)."""
        if query.sections:
            return together([self.section(replace(query, section=s, sections=())) for s in query.sections],
                            Route.SECTION, query.text)
        section, english = query.section, query.english
        lines = [f"Section {section.numeral} (“{section.title}”) has {len(section.tasks)} tasks:" if english
                 else f"第{section.numeral}部分“{self.corpus.heading(section)}”包括{len(section.tasks)}条任务："]
        if query.rule == "section by position":  # "第一部分" of parts numbered 五 to 九: the first of them
            first, last = self.corpus.sections[0].numeral, self.corpus.sections[-1].numeral
            n, asked = section.numeral, query.topic
            lines[0] = (f"The plan's sections are numbered {first} to {last}; by order, {asked} is section {n}. "
                        if english else f"规划的各部分编号为{first}至{last}，按顺序{asked}是第{n}部分。") + lines[0]
        citations = []
        for n in section.tasks:
            task = self.corpus.task(n)
            # (as the plan heads it, "20.建设全域美丽大花园": its own words, its own numbering)
            lines.append(f"- Task {n}, {task.title}【{n}】" if english else f"- {self.corpus.heading(task)}【{n}】")
            citations.append(self.citer.cite(task, task.sentences[0], 1.0))
        return Answer("\n".join(lines), True, citations=citations, route=Route.SECTION, question=query.text)

    def years(self, query: Query) -> Answer:
        """"规划到哪一年": the text states no period of its own; the years it names, each with the tasks that
        name it (the first such sentence in each, quoted and cited)."""
        found: dict[str, dict[int, Sentence]] = {}
        for s in self.corpus.sentences:
            for year in dict.fromkeys(YEAR.findall(s.text)):
                found.setdefault(year, {}).setdefault(s.task, s)
        citations = [self.citer.cite(self.corpus.task(n), s, 1.0) for t in found.values() for n, s in t.items()]
        if query.english:
            lines = ["The text of the plan does not state a period of its own. "
                     + ("The years it names:" if found else "It names no year.")]
            lines += [f"- {y}, task {n}: {self.corpus.quote(s)}【{n}】" for y, t in found.items() for n, s in t.items()]
        else:
            lines = ["规划原文没有写规划的起止年份。" + ("文中写到的年份：" if found else "文中没有写到年份。")]
            lines += [f"- {y}年，第{n}条：{self.corpus.quote(s)}【{n}】" for y, t in found.items()
                      for n, s in t.items()]
        # found: false, as for who issued it: the period asked about is not in the text, only the years it names
        return Answer("\n".join(lines), False, citations=citations, route=Route.OVERVIEW, question=query.text)

    def overview(self, query: Query) -> Answer:
        """The plan as a whole: how many tasks and sections, each section with its tasks (all cited)."""
        if query.rule == "years":
            return self.years(query)
        sections, tasks = self.corpus.sections, self.corpus.tasks
        citations = [self.citer.cite(t, t.sentences[0], 1.0) for t in tasks]
        if query.english:
            lines = [f"The plan ({self.citer.title}) has {len(tasks)} numbered tasks, {self.citer.span(True)}, "
                     f"in {len(sections)} sections:"]
            # (each task by its title, in the plan's words, as the Chinese outline lists them)
            lines += [f"- Section {s.numeral} ({s.title}): " + "; ".join(
                f"task {n}, {self.corpus.task(n).title}【{n}】" for n in s.tasks) for s in sections]
            lines.append("Ask about any task by its number (e.g. 'task 22') or about a topic.")
        else:
            lines = [f"《{self.citer.title}》共{len(sections)}个部分、{len(tasks)}条任务（{self.citer.span()}）："]
            for s in sections:
                names = "；".join(f"{self.corpus.heading(self.corpus.task(n))}【{n}】" for n in s.tasks)
                lines.append(f"{self.corpus.heading(s)}（{len(s.tasks)}条）：{names}")
            lines.append("可以按编号问某一条（如“第22条讲什么”），也可以问某个话题。")
        if query.rule == "not in the text":  # who issued it, when, how it is carried out: not in the text it has
            lines[0] = (f"The text of the plan ({self.citer.span(True)}) holds its tasks only: it does not say who "
                        "issued it or when, nor how it is carried out, revised, published or funded. "
                        if query.english else
                        f"规划原文（{self.citer.span()}）只有各条任务，没有写制定机关和发布时间，也没有写实施、修订、"
                        "发布和经费等情况。") + lines[0]
            return Answer("\n".join(lines), False, citations=citations, route=Route.OVERVIEW, question=query.text)
        if query.rule == "count claimed":  # "规划一共30条任务对吧": whether that is the count, then the outline
            n, what = query.topic.split()
            actual = len(sections) if what == "sections" else len(tasks)
            if int(n) == actual:
                lines[0] = ("Yes. " if query.english else "是的。") + lines[0]
            else:
                unit = what if query.english else ("个部分" if what == "sections" else "条任务")
                lines[0] = (f"No, not {n} {unit}. " if query.english else f"不是{n}{unit}。") + lines[0]
        if query.rule == "missing section":  # named a part the plan does not have: the outline instead
            missing = f"The plan has no {query.topic}. " if query.english else f"规划中没有{query.topic}。"
            lines[0] = missing + lines[0]
            return Answer("\n".join(lines), False, citations=citations, route=Route.OVERVIEW, question=query.text)
        return Answer("\n".join(lines), True, citations=citations, route=Route.OVERVIEW, question=query.text)


__all__ = ["PlanAnswers", "whole_task"]
