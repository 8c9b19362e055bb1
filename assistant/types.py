"""What every layer passes around: routes, answers, citations and how the plan is referred to.

This module imports no logic (only the corpus's dataclasses), so the router, the handlers, the
generative path and the edges can all depend on it without depending on each other.

Example::

    citer = Citer(corpus, "某区现代化建设规划")
    citer.cite(task, task.sentences[0], 1.0).reference   # "《某区…》五、…，第13条 …"
    citer.span()                                          # "第13条至第29条"
"""

from __future__ import annotations

import re
import uuid
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any

from .corpus import Corpus, Sentence, Task
from .text import plain

MARK_RE = re.compile(r"【(\d{1,3})】")  # a task mark in an answer: 【13】


class Route(StrEnum):
    """How a question was understood (and so which handler answered it)."""

    TASK = "task"  # names a task ("第22条")
    MISSING_TASK = "missing_task"  # names a task the plan does not have
    SECTION = "section"  # names a section ("第七部分", "生态这一部分")
    OVERVIEW = "overview"  # asks about the plan itself ("有多少条任务")
    TARGETS = "targets"  # asks for the quantitative targets
    LIST = "list"  # asks for every task mentioning a topic
    MENTION = "mention"  # asks whether the plan mentions something
    NAME = "name"  # asks what or where a named programme is
    SEARCH = "search"  # anything else: ranked retrieval
    PARTIAL = "partial"  # (an outcome of search) the plan covers the topic, not what is asked about it


@dataclass(frozen=True)
class Citation:
    """A cited task and the verbatim quote (with offsets into its document) that supports the answer."""

    task: int
    section: str
    title: str
    quote: str
    start: int
    end: int
    score: float
    doc: str = ""
    reference: str = ""


@dataclass
class Answer:
    """An answer as every edge (API, UI, WeChat) returns it."""

    answer: str
    found: bool
    mode: str = "extractive"
    citations: list[Citation] = field(default_factory=list)
    route: Route = Route.SEARCH
    question: str = ""  # the standalone question that was answered (follow-ups resolved)
    fallback: str | None = None  # why a generative answer fell back to the extractive one
    timings: dict[str, float] = field(default_factory=dict)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)  # what feedback and the question log refer to
    retrieval: Any = field(default=None, repr=False, compare=False)  # for the eval; not serialised

    def to_dict(self) -> dict:
        # Drop the retrieval first: asdict would deep-copy every ranked sentence of it.
        out = asdict(replace(self, retrieval=None))
        out.pop("retrieval", None)
        out["route"] = str(self.route)
        out["question"] = plain(self.question)  # what was understood, never the client's markup back
        return out


class Citer:
    """Citations and formal references to one corpus, under the plan's title."""

    def __init__(self, corpus: Corpus, title: str):
        self.corpus = corpus
        self.title = title

    def reference(self, task: Task) -> str:
        """A formal, citable reference to a task."""
        sec = self.corpus.section_of(task)
        return f"《{self.title}》{sec.numeral}、{sec.title}，第{task.number}条 {task.title}"

    def cite(self, task: Task, piece: Sentence | Task, score: float) -> Citation:
        """A citation of a sentence (or a whole task), quoted verbatim at its offsets."""
        return Citation(task=task.number, section=task.section, title=task.title, quote=self.corpus.quote(piece),
                        start=piece.start, end=piece.end, score=round(float(score), 4), doc=task.doc,
                        reference=self.reference(task))

    def span(self, english: bool = False) -> str:
        """The plan's task range: "第13条至第29条" (or "tasks 13 to 29")."""
        tasks = self.corpus.tasks
        first, last = tasks[0].number, tasks[-1].number
        return f"tasks {first} to {last}" if english else f"第{first}条至第{last}条"


__all__ = ["MARK_RE", "Answer", "Citation", "Citer", "Route"]
