"""Generative answers: the model writes, every claim is checked against the tasks it was given.

The router has already understood the question (route, follow-up resolved): this module only
decides what the model sees, calls it through a :class:`~assistant.chat.ChatModel`, and keeps the
claims that :class:`~assistant.verify.ClaimVerifier` accepts. The extractive answer is computed
first (milliseconds) and is the safety net: a question the plan does not cover never reaches the
model, and a model that is slow, down or answering nothing verifiable yields the extractive answer
(``fallback`` says why), all within ``llm_budget_s``.

Example::

    generator = GenerativeAnswerer(model, corpus, retriever, citer, assistant.extractive_answer,
                                   searcher.not_covered, title="…", budget_s=4.0)
    reply = generator.ask(router.understand("到2025年建设多少个未来社区？"))
    reply.mode, reply.citations[0].task     # ("llm", 13)
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.prompts import ChatPromptTemplate

from .chat import ChatFailure, ChatModel, Deadline
from .config import ROOT
from .corpus import Corpus, Task
from .retrieve import Retriever
from .router import Query
from .text import content_terms
from .types import Answer, Citation, Citer, Route
from .verify import ClaimVerifier, split_claims

log = logging.getLogger(__name__)

PROMPTS = ROOT / "prompts"
CONTEXT_TASKS = 3  # retrieved tasks given to the model for a free question (plus the extractive picks)
MAX_CONTEXT_TASKS = 5  # with the tasks the extractive answer quoted
THINK_RE = re.compile(r"<think>.*?</think>", re.S)
TAG_RE = re.compile(r"<\s*/?\s*(context|question|history)\s*>", re.I)


def load_prompt(name: str, folder: Path = PROMPTS) -> str:
    """A prompt template by name (``prompts/<name>.txt``); placeholders {context}, {question}, {plan_title}."""
    path = folder / f"{name}.txt"
    if not path.exists():
        raise FileNotFoundError(f"no prompt {name!r}: expected {path}")
    return path.read_text(encoding="utf-8").strip()


def sanitize(text: str) -> str:
    """User text as prompt data: our delimiter tags removed so it cannot close its own block."""
    return TAG_RE.sub("", text).strip()


@dataclass
class Plan:
    """What one generation works from, decided before the model is called."""

    query: Query
    context: list[Task]
    fallback: Answer  # the extractive answer, ready if the model fails
    started: float
    deadline: Deadline
    timings: dict[str, float] = field(default_factory=dict)


class GenerativeAnswerer:
    """Prompt → generate → verify over one plan; ``ask`` returns an Answer, ``ask_stream`` deltas then the Answer."""

    def __init__(self, model: ChatModel, corpus: Corpus, retriever: Retriever, citer: Citer,
                 extractive: Callable[[Query], Answer], not_covered: Callable[[Query], Answer], *, title: str,
                 stop_words: frozenset[str] = frozenset(), budget_s: float = 4.0, stream_budget_s: float = 30.0,
                 prompts: Path = PROMPTS):
        self.model = model
        self.corpus = corpus
        self.retriever = retriever
        self.citer = citer
        self.extractive = extractive
        self.not_covered = not_covered
        self.stop = stop_words
        self.budget_s = budget_s
        self.stream_budget_s = stream_budget_s
        self.prompt = ChatPromptTemplate.from_messages(
            [("system", load_prompt("system", prompts)), ("human", load_prompt("answer", prompts))]
        ).partial(plan_title=title)
        # An edited prompt that lost a placeholder would silently send the model no context: refuse to start.
        if missing := {"context", "question"} - set(self.prompt.input_variables):
            raise ValueError(f"prompts/system + answer: the placeholder(s) {{{'}, {'.join(sorted(missing))}}} "
                             "are missing")

    # ---- before the model ---------------------------------------------------------------------

    def plan(self, query: Query) -> Plan | Answer:
        """What to generate from, or the answer itself when the model must not be asked."""
        started = time.monotonic()
        fallback = self.extractive(query)  # milliseconds; the safety net
        if not fallback.found:
            # Not covered (or covered only in part): the model is never asked.
            return fallback
        if query.route == Route.TASK:
            tasks = [self.corpus.task(query.task)]
        else:
            ranked = fallback.retrieval.tasks if fallback.retrieval is not None else []
            tasks = [h.task for h in ranked[:CONTEXT_TASKS]]
            # The tasks the extractive answer quoted are always in the context (follow-ups refer back to them).
            for c in fallback.citations:
                if all(t.number != c.task for t in tasks) and len(tasks) < MAX_CONTEXT_TASKS:
                    tasks.append(self.corpus.task(c.task))
        deadline = Deadline.after(self.budget_s, self.stream_budget_s)
        return Plan(query, tasks, fallback, started, deadline)

    def messages(self, plan: Plan):
        blocks = []
        for t in plan.context:
            sec = self.corpus.section_of(t)
            blocks.append(f"【{t.number}】第{t.number}条 {t.title}（{sec.numeral}、{sec.title}）\n{t.text}")
        question = sanitize(plan.query.retrieval_text if plan.query.followup else plan.query.asked)
        return self.prompt.invoke({"context": "\n\n".join(blocks), "question": question}).to_messages()

    def verifier(self, plan: Plan) -> ClaimVerifier:
        terms = set(content_terms(plan.query.retrieval_text, self.stop))
        return ClaimVerifier(self.corpus, self.retriever, self.citer, {t.number for t in plan.context}, terms)

    # ---- after the model ----------------------------------------------------------------------

    def finish(self, plan: Plan, shown: str, citations: list[Citation], kinds: list[str]) -> Answer:
        """The verified answer, the "not covered" answer, or ChatFailure when nothing held up."""
        unique = list({(c.task, c.start): c for c in citations}.values())
        timings = dict(plan.timings, total_ms=(time.monotonic() - plan.started) * 1000)
        route, question = plan.fallback.route, plan.fallback.question
        if unique:
            return Answer(shown.strip(), True, mode="llm", citations=unique, route=route, question=question,
                          timings=timings)
        if "not_covered" in kinds:
            refusal = self.not_covered(plan.query)
            refusal.mode, refusal.timings = "llm", timings
            return refusal
        raise ChatFailure("invalid output", f"no claim survived verification ({', '.join(kinds) or 'empty reply'})")

    @staticmethod
    def fell_back(answer: Answer, failure: ChatFailure, started: float) -> Answer:
        log.warning("generative answer fell back to the extractive one: %s", failure)
        answer.fallback = failure.reason
        answer.timings["total_ms"] = (time.monotonic() - started) * 1000
        return answer

    # ---- public -------------------------------------------------------------------------------

    def ask(self, query: Query) -> Answer:
        """A generated answer with verified citations, or the extractive one (``fallback`` says why)."""
        started = time.monotonic()
        plan = self.plan(query)
        if isinstance(plan, Answer):
            return plan
        try:
            t0 = time.monotonic()
            text = self.model.complete(self.messages(plan), plan.deadline)
            plan.timings["generate_ms"] = (time.monotonic() - t0) * 1000
            verifier = self.verifier(plan)
            claims, _ = split_claims(THINK_RE.sub("", text).strip(), final=True)
            checked = [verifier.check(c) for c in claims]
            shown = "".join(c.text for c in checked)
            return self.finish(plan, shown, [x for c in checked for x in c.citations], [c.kind for c in checked])
        except ChatFailure as failure:
            return self.fell_back(plan.fallback, failure, started)
        except Exception as exc:  # a bug in the checks: logged with its trace, the user still gets an answer
            log.exception("the generative path failed")
            return self.fell_back(plan.fallback, ChatFailure("error", f"{type(exc).__name__}: {exc}"), started)

    def ask_stream(self, query: Query) -> Iterator[str | Answer]:
        """Verified text deltas as the model writes them, then the final Answer.

        Each delta is a whole claim that passed verification. If the model fails part-way, the final
        Answer is the extractive one with ``fallback`` set: it replaces whatever was shown.
        """
        started = time.monotonic()
        plan = self.plan(query)
        if isinstance(plan, Answer):
            yield plan.answer
            yield plan
            return
        shown: list[str] = []
        try:
            answer = yield from self._stream(plan, shown)
        except ChatFailure as failure:
            answer = self.fell_back(plan.fallback, failure, started)
        except Exception as exc:  # a bug in the checks: logged with its trace, the user still gets an answer
            log.exception("the generative path failed")
            answer = self.fell_back(plan.fallback, ChatFailure("error", f"{type(exc).__name__}: {exc}"), started)
        if not shown:
            yield answer.answer
        yield answer

    def _stream(self, plan: Plan, shown: list[str]):
        verifier = self.verifier(plan)
        buffer, pending, citations, kinds = "", [], [], []
        t0 = time.monotonic()
        for final, piece in _with_end(self.model.stream(self.messages(plan), plan.deadline)):
            buffer += piece
            if buffer.lstrip().startswith("<think>"):  # reasoning models: skip the thinking
                if "</think>" not in buffer:
                    if final:
                        raise ChatFailure("invalid output", "the reply never left its <think> block")
                    continue
                buffer = buffer.split("</think>", 1)[1]
            claims, buffer = split_claims(buffer, final)
            for claim in claims:
                c = verifier.check(claim)
                kinds.append(c.kind)
                if c.kind == "cited":
                    text = "".join(pending) + c.text
                    pending = []
                    if not shown:
                        text = text.lstrip()
                    shown.append(text)
                    citations.extend(c.citations)
                    yield text
                elif c.text:
                    pending.append(c.text)
        plan.timings["generate_ms"] = (time.monotonic() - t0) * 1000
        return self.finish(plan, "".join(shown), citations, kinds)


def _with_end(pieces: Iterator[str]) -> Iterator[tuple[bool, str]]:
    """Each piece with a flag that is true on the last call (an empty piece after the stream ends)."""
    for piece in pieces:
        yield False, piece
    yield True, ""


__all__ = ["GenerativeAnswerer", "load_prompt", "sanitize"]
