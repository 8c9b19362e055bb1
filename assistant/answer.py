"""Grounded answers with task citations; nothing here knows about HTTP or the UI.

The extractive answerer quotes the plan verbatim: every quoted sentence is followed by its
task's mark 【13】 and comes back as a citation with its character offsets. When the question
is not covered by the plan, ``found`` is false and the answer says so plainly instead of
dressing up the nearest sentence.

Example::

    assistant = Assistant(Settings())
    assistant.warm_up()
    reply = assistant.ask("到2025年建设多少个未来社区？")
    reply.citations[0].task   # 13
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from .config import Settings
from .corpus import Corpus, Section, Sentence, Task, load_corpus
from .embed import make_embedder
from .retrieve import Retrieval, Retriever, SentenceHit
from .spelling import Speller
from .store import load_or_build
from .synonyms import Synonyms
from .text import cjk_ratio, content_terms, normalize

log = logging.getLogger(__name__)

MARK_RE = re.compile(r"【(\d{1,3})】")
WHICH_TASK_RE = re.compile(r"(哪一?条|哪几条|哪个任务|哪项任务|哪一项|哪部分|属于|which task|which item|what task)")
# A follow-up leans on the previous turn: "那未来乡村呢？", "它在住房方面怎么说？", "what about …".
FOLLOWUP_RE = re.compile(
    r"(^(那|那么|还有|另外|其他|其它|其中|它|这条|该条|and\b|what about|how about)|呢[?？]?$|里面|其中|它)"
)
REFERS_BACK_RE = re.compile(r"(里面|其中|它|这条|该条|这一条|这部分|this task|this one|\bit\b)")
# Questions that ask for a number or a date can only be answered by a sentence that states one.
ASKS_WHEN_RE = re.compile(r"(什么时候|何时|哪一年|哪年|几月|哪天|多久|\bwhen\b|what year)")
ASKS_NUMBER_RE = re.compile(r"((?<![哪第])几(?!乎)|多少|多大|多高|多长|\bhow (?:many|much)\b)")
HAS_YEAR_RE = re.compile(r"\d{4}年")
HAS_NUMBER_RE = re.compile(r"\d|[一二三四五六七八九十百千万两]+(?:个|项|条|年|次|所|套|张|倍|成|大|种|本|张|份|级)")
NTH_RE = re.compile(r"其中(?:的)?第\s*([一二三四五六七八九十\d]{1,3})\s*[条项个]")

NOT_COVERED = (
    "规划原文没有涉及这个问题，我不能凭空回答。我只依据《{title}》第{first}条至第{last}条的原文作答；"
    "可以换个说法，或问问规划写到的内容，例如“到2025年建设多少个未来社区？”“第22条讲什么？”。"
)
NOT_COVERED_EN = (
    "The plan does not cover this question, so I will not guess. I answer only from the text of "
    "tasks {first} to {last} of the plan; try rephrasing, or ask about what it covers, e.g. "
    "'How many future communities by 2025?' or 'task 22'."
)


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
    route: str = "search"
    question: str = ""  # the standalone question that was answered (follow-ups resolved)
    fallback: str | None = None  # why a generative answer fell back to the extractive one
    timings: dict[str, float] = field(default_factory=dict)
    retrieval: Retrieval | None = field(default=None, repr=False, compare=False)  # for eval; not serialised

    def to_dict(self) -> dict:
        # Drop the retrieval first: asdict would deep-copy every ranked sentence of it (measured
        # 1.4 ms p50 of a request's ~7 ms; 0.05 ms without).
        out = asdict(replace(self, retrieval=None))
        out.pop("retrieval", None)
        return out


@dataclass(frozen=True)
class Calibration:
    """Thresholds for "does the plan cover this question", fitted by ``python -m eval.run --calibrate``.

    A Chinese question is covered when its topic words occur in the best task (``coverage``) or
    it is close in meaning to a sentence (``dense``) or both together pass ``combined`` — and no
    more than ``missing`` of its topic words are absent from the whole plan (a word counts as
    present when a plan word is within cosine ``synonym`` of it: 租房 ~ 租赁). An English question
    has no words to match, so only its closeness in meaning counts (``dense_en``).
    """

    coverage: float = 0.6
    dense: float = 0.55
    combined: float = 0.9
    missing: float = 0.3
    dense_en: float = 0.35
    synonym: float = 0.8  # cosine at which a plan word stands in for a question word it does not use

    @classmethod
    def load(cls, path: Path, retrieval: str = "fused", tokenizer: str = "bigram") -> Calibration:
        """The thresholds fitted for this retrieval mode, or defaults (with a warning)."""
        if not path.exists():
            log.warning("no calibration file at %s: using default refusal thresholds", path)
            return cls()
        data = json.loads(path.read_text(encoding="utf-8")).get("thresholds", {})
        fitted = data.get(f"{retrieval}/{tokenizer}")
        if fitted is None:
            log.warning("%s has no thresholds for %s/%s: using defaults", path, retrieval, tokenizer)
            return cls()
        return cls(**{k: float(v) for k, v in fitted.items() if k in cls.__dataclass_fields__})

    def covered(self, retrieval: Retrieval, english: bool) -> bool:
        if retrieval.route in ("task", "section"):
            return True
        if not retrieval.tasks:
            return False
        if english:
            return retrieval.dense_top >= self.dense_en
        if retrieval.missing_share > self.missing:
            return False
        return (
            retrieval.coverage >= self.coverage
            or retrieval.dense_top >= self.dense
            or retrieval.coverage + retrieval.dense_top >= self.combined
        )


class Assistant:
    """The plan assistant: corpus, index and retriever loaded once, answering questions.

    ``__init__`` only stores settings; ``warm_up()`` loads (or builds) everything and is safe to
    call twice.
    """

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        self.corpus: Corpus | None = None
        self.retriever: Retriever | None = None
        self.calibration = Calibration()
        self.ready = False
        self.llm = None  # a GenerativeAnswerer when settings.llm_base_url is set (built by warm_up)
        self._lock = threading.Lock()
        self.desk = None  # complete lists, targets, named programmes (assistant.desk), built in warm_up

    # ---- start-up -------------------------------------------------------------------------

    def warm_up(self, progress=None) -> None:
        """Load the corpus, the embedder and the index (building it if needed). Idempotent."""
        with self._lock:
            if self.ready:
                return
            s = self.settings
            self.corpus = load_corpus(s.source)
            embedder = make_embedder(s.embedder, s.embed_model, s.embed_threads)
            embedder.warm_up()
            store = load_or_build(self.corpus, embedder, s.index_dir, progress=progress)
            self.retriever = Retriever(self.corpus, embedder, store, mode=s.retrieval, tokenizer=s.tokenizer)
            self.calibration = Calibration.load(s.calibration, s.retrieval, s.tokenizer)
            self.speller = Speller(self.corpus)
            self.synonyms = Synonyms(self.corpus, embedder)
            from .desk import Desk  # imported here: desk.py builds on this module's Answer

            self.desk = Desk(self)
            normalize("預熱")  # load the character converter and jieba now, not on the first question
            content_terms("预热")
            if s.llm_base_url:
                from .llm import GenerativeAnswerer  # only then: the provider package loads on demand

                self.llm = GenerativeAnswerer(self)
            self.ready = True

    # ---- helpers --------------------------------------------------------------------------

    def reference(self, task: Task) -> str:
        """A formal, citable reference to a task."""
        sec = self.corpus.section_of(task)
        return f"《{self.settings.plan_title}》{sec.numeral}、{sec.title}，第{task.number}条 {task.title}"

    def cite(self, task: Task, piece: Sentence | Task, score: float) -> Citation:
        quote = self.corpus.quote(piece)
        return Citation(
            task=task.number,
            section=task.section,
            title=task.title,
            quote=quote,
            start=piece.start,
            end=piece.end,
            score=round(float(score), 4),
            doc=task.doc,
            reference=self.reference(task),
        )

    def _not_covered(self, english: bool, question: str, route: str = "search") -> Answer:
        tasks = self.corpus.tasks
        template = NOT_COVERED_EN if english else NOT_COVERED
        text = template.format(title=self.settings.plan_title, first=tasks[0].number, last=tasks[-1].number)
        return Answer(text, False, route=route, question=question)

    # ---- follow-ups -----------------------------------------------------------------------

    def standalone(self, question: str, history: list[dict] | None) -> tuple[str, list[int], list[str]]:
        """Resolve a follow-up against the history.

        Returns the query to retrieve with, the tasks the question refers back to (cited in the
        last answer), and the words the new question is about (what the answer must focus on).
        """
        history = history or []
        users = [m["content"] for m in history if m.get("role") == "user" and m.get("content", "").strip()]
        if not users:
            return question, [], []
        q = normalize(question)
        # A follow-up says so ("那…呢", "其中", "它", "and the…") or has no topic of its own ("具体呢").
        # A question that names a task or a section stands alone, however short.
        is_followup = bool(FOLLOWUP_RE.search(q)) or not content_terms(q)
        if not is_followup or self.retriever.route(q) is not None and not NTH_RE.search(q):
            return question, [], []
        last_answer = next((m["content"] for m in reversed(history) if m.get("role") == "assistant"), "")
        cited = [int(n) for n in dict.fromkeys(MARK_RE.findall(last_answer)) if self.corpus.task(int(n))]
        previous = users[-1]
        focus = content_terms(q)
        return f"{previous} {question}", cited if REFERS_BACK_RE.search(q) else [], focus

    # ---- answering ------------------------------------------------------------------------

    def ask(self, question: str, history: list[dict] | None = None) -> Answer:
        """Answer one question (with optional chat history): generated when an LLM is configured."""
        self.warm_up()
        if self.llm is not None and not self._is_desk(question, history):
            return self.llm.ask(question, history)
        return self.extractive(question, history)

    def ask_stream(self, question: str, history: list[dict] | None = None) -> Iterator[str | Answer]:
        """Text deltas of the answer as it is written, then the final Answer (authoritative).

        The extractive answer comes as one delta; a generated one claim by claim.
        """
        self.warm_up()
        if self.llm is not None and not self._is_desk(question, history):
            yield from self.llm.ask_stream(question, history)
            return
        answer = self.extractive(question, history)
        yield answer.answer
        yield answer

    def _is_desk(self, question: str, history: list[dict] | None) -> bool:
        """A list, targets or name question: answered exactly from the text, never generated from top-k."""
        return self.desk.answer(question.strip(), history) is not None

    def extractive(self, question: str, history: list[dict] | None = None) -> Answer:
        """The extractive answer: verbatim sentences of the plan, each with its task's mark."""
        self.warm_up()
        started = time.perf_counter()
        english = cjk_ratio(question) < 0.3
        asked, fixes = self.speller.correct(question.strip())
        answer = self._answer(asked, history, english)
        if fixes and answer.found:
            note = "、".join(f"“{w}”按“{r}”" for w, r in fixes.items())
            answer.answer = f"（{note}理解）\n{answer.answer}"
        answer.timings["total_ms"] = round((time.perf_counter() - started) * 1000, 3)
        return answer

    def _answer(self, question: str, history: list[dict] | None, english: bool) -> Answer:
        query, refers_to, focus = self.standalone(question, history)

        # "其中第二条" after a section question: the N-th task of that section.
        if (m := NTH_RE.search(question)) and history:
            previous = next((t.get("content", "") for t in reversed(history) if t.get("role") == "user"), "")
            section = self.retriever.section_route(previous)
            if section is not None:
                n = self.retriever.task_route(f"第{m.group(1)}条")
                if n is not None and 1 <= n <= len(section.tasks):
                    return self._task_answer(self.corpus.task(section.tasks[n - 1]), question)

        # Lists, targets and programme names are answered exactly, never by ranked search.
        if (desk := self.desk.answer(question, history)) is not None:
            return desk
        searched = query if focus or refers_to else question
        retrieval = self.retriever.route(searched)
        if retrieval is None:
            # Words the plan never uses: a near plan word stands in for each (孩子 → 幼儿); those
            # with none stay missing, which is evidence that the plan does not cover the question.
            missing = self.speller.missing(question) if not english else []
            vector, near = None, {}
            if missing:  # one batched encoding for the question and its missing words: ~8 ms instead of ~11
                vectors = self.retriever.embedder.encode([normalize(searched), *missing])
                vector, near = vectors[:1], self.synonyms.nearest(missing, vectors[1:])
            stand_ins = {t: w for t, (w, cos) in near.items() if cos >= self.calibration.synonym}
            retrieval = self.retriever.search(searched, self.settings.top_k, stand_ins, vector)
            retrieval.stand_ins = stand_ins
            retrieval.missing_terms = [t for t in missing if t not in stand_ins]
        if retrieval.route == "task":
            return self._task_answer(retrieval.tasks[0].task, question)
        if retrieval.route == "missing_task":
            first, last, n = self.corpus.tasks[0].number, self.corpus.tasks[-1].number, retrieval.missing
            text = (
                f"The plan has no task {n}; its tasks are numbered {first} to {last}."
                if english
                else f"规划中没有第{n}条。本规划的任务编号为第{first}条至第{last}条。"
            )
            return Answer(text, False, route="missing_task", question=question)
        if retrieval.route == "section":
            return self._section_answer(retrieval.section, question)
        if refers_to:
            retrieval.tasks.sort(key=lambda t: (t.task.number not in refers_to, -t.score))
            retrieval.coverage = max(
                retrieval.coverage, self.retriever.coverage(question, retrieval.tasks[0].task, retrieval.stand_ins)
            )
        terms = content_terms(question)
        retrieval.missing_share = sum(len(t) for t in retrieval.missing_terms) / max(1, sum(len(t) for t in terms))
        if refers_to or self.calibration.covered(retrieval, english):
            answer = self._search_answer(retrieval, question, query, focus)
            if (lacking := self._lacks_asked_value(question, answer)) is not None:
                return self._partial_answer(retrieval, question, focus, lacking)
            return answer
        present = 1.0 - retrieval.missing_share
        if retrieval.missing_terms and present > 0 and retrieval.coverage / present >= 0.5:
            return self._partial_answer(retrieval, question, focus, "“" + "”“".join(retrieval.missing_terms) + "”")
        answer = self._not_covered(english, query)
        answer.retrieval = retrieval
        return answer

    def _task_answer(self, task: Task, question: str) -> Answer:
        sec = self.corpus.section_of(task)
        text = f"第{task.number}条 {task.title}（{sec.numeral}、{sec.title}）\n\n{task.text}【{task.number}】"
        return Answer(text, True, citations=[self.cite(task, task, 1.0)], route="task", question=question)

    def _section_answer(self, section: Section, question: str) -> Answer:
        lines = [f"第{section.numeral}部分“{section.title}”包括{len(section.tasks)}条任务："]
        citations = []
        for n in section.tasks:
            task = self.corpus.task(n)
            lines.append(f"- 第{n}条 {task.title}【{n}】")
            citations.append(self.cite(task, task.sentences[0], 1.0))
        return Answer("\n".join(lines), True, citations=citations, route="section", question=question)

    def _pick_sentences(self, retrieval: Retrieval, focus: list[str], limit: int = 3) -> list[tuple[Task, SentenceHit]]:
        """The sentences that answer the question: the best, and close runners-up from the top tasks."""
        candidates: list[tuple[float, Task, SentenceHit]] = []
        terms = content_terms(retrieval.query)
        for rank, th in enumerate(retrieval.tasks[:3]):
            for h in th.sentences[:4]:
                text = normalize(h.sentence.text)
                # Prefer sentences holding the question's own words, and for a follow-up its new topic.
                overlap = sum(len(t) for t in terms if t in text) / max(1, sum(len(t) for t in terms))
                focus_hit = any(f in text for f in focus) if focus else True
                score = h.score * (1 + overlap) * (1.0 if focus_hit else 0.3) * (1.0 - 0.1 * rank)
                candidates.append((score, th.task, h))
        candidates.sort(key=lambda c: -c[0])
        if not candidates:
            return []
        best = candidates[0][0]
        picked = [c for c in candidates if c[0] >= 0.8 * best][:limit]
        return [(t, h) for _, t, h in picked]

    @staticmethod
    def _lacks_asked_value(question: str, answer: Answer) -> str | None:
        """What the question asks for that the quoted sentences do not state (a date, a number)."""
        quotes = "".join(c.quote for c in answer.citations)
        if ASKS_WHEN_RE.search(question) and not HAS_YEAR_RE.search(quotes):
            return "具体时间"
        if ASKS_NUMBER_RE.search(question) and not HAS_NUMBER_RE.search(quotes):
            return "具体数字"
        return None

    def _partial_answer(self, retrieval: Retrieval, question: str, focus: list[str], lacking: str) -> Answer:
        """The plan covers the topic but not what is asked about it: say so, then show what it does say."""
        picked = self._pick_sentences(retrieval, focus, limit=1)
        task, hit = picked[0]
        text = (
            f"规划没有写到{lacking}，不能据此回答这个问题。"
            f"规划中相关的原文是第{task.number}条“{task.title}”：{self.corpus.quote(hit.sentence)}【{task.number}】"
        )
        return Answer(
            text,
            False,
            citations=[self.cite(task, hit.sentence, hit.score)],
            route="partial",
            question=question,
            retrieval=retrieval,
        )

    def _search_answer(self, retrieval: Retrieval, question: str, query: str, focus: list[str]) -> Answer:
        picked = self._pick_sentences(retrieval, focus)
        if picked and picked[0][1].sentence.index == 0 and not focus:
            # The question matches a task's title ("健康萧山包括哪些内容"): it is about the whole task.
            answer = self._task_answer(picked[0][0], question)
            answer.route, answer.retrieval = "search", retrieval
            return answer
        top = retrieval.tasks[0].task
        parts: list[str] = []
        which = bool(WHICH_TASK_RE.search(normalize(question)))
        if which:
            sec = self.corpus.section_of(top)
            parts.append(f"这属于第{top.number}条“{top.title}”（{sec.numeral}、{sec.title}）。")
        # Group the quotes by task, in the order their best sentence was picked.
        by_task: dict[int, list[SentenceHit]] = {}
        for task, h in picked:
            by_task.setdefault(task.number, []).append(h)
        citations: list[Citation] = []
        for number, hits in by_task.items():
            task = self.corpus.task(number)
            hits.sort(key=lambda h: h.sentence.start)
            quote = "".join(self.corpus.quote(h.sentence) for h in hits)
            lead = "原文：" if which and number == top.number else f"第{number}条“{task.title}”提出："
            parts.append(f"{lead}{quote}【{number}】")
            for h in sorted(hits, key=lambda h: -h.score):
                citations.append(self.cite(task, h.sentence, h.score))
        citations.sort(key=lambda c: -c.score)
        # Keep the best-first order at task level: the first picked task leads.
        order = list(by_task)
        citations.sort(key=lambda c: order.index(c.task))
        return Answer("\n".join(parts), True, citations=citations, route="search", question=query, retrieval=retrieval)


__all__ = ["Answer", "Assistant", "Calibration", "Citation"]
