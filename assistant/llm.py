"""Generative answers from an OpenAI-compatible chat model, with every citation checked afterwards.

The only module that imports a provider package (``langchain-openai``). The answerer condenses a
follow-up into a standalone question (one model call), retrieves with the extractive assistant's
own retriever, gives the model the retrieved tasks labelled 【N】 and asks for a mark after each
claim, then verifies the reply claim by claim:

- a claim citing a task that was not in the context (or does not exist) is dropped, whole;
- a claim whose cited task does not support it (no shared wording, no semantic match) is dropped;
- a claim without any mark is dropped, unless it is the "the plan does not cover this" sentence the
  prompt asks for: a lead-in that states no fact ("具体包括：") is not shown either, nor is a model
  echoing its prompt (stray headings and punctuation), so only verified claims reach the user;
- each kept mark becomes a Citation quoting, verbatim and with offsets, the sentence of that task
  that best supports the claim.

Nothing ever leaves a user without an answer: the model slow, down, or answering garbage, and
the extractive answer is returned instead (``fallback`` says why), all within ``llm_budget_s``.
A question the plan does not cover never reaches the model.

Example::

    settings = Settings(llm_base_url="http://127.0.0.1:11434/v1", llm_model="qwen2.5:7b")
    assistant = Assistant(settings)
    assistant.warm_up()                     # builds the GenerativeAnswerer
    reply = assistant.ask("到2025年建设多少个未来社区？")
    reply.mode, reply.citations[0].task     # ("llm", 13)
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import openai
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from .answer import Answer, Citation
from .config import ROOT, Settings
from .corpus import Sentence, Task
from .text import CJK_RUN, bigrams, cjk_ratio, content_terms, normalize

if TYPE_CHECKING:
    from .answer import Assistant

log = logging.getLogger(__name__)

PROMPTS = ROOT / "prompts"
# Routes whose answer the model writes: a free question, and "第22条讲什么" (a summary of that task).
# Exact routes (section listings, desk lists and targets) stay extractive: complete by construction.
GENERATED_ROUTES = frozenset({"search", "task"})
CONTEXT_TASKS = 3  # retrieved tasks given to the model for a free question (plus the extractive picks)
MAX_CONTEXT_TASKS = 5  # with the tasks the extractive answer quoted
HISTORY_TURNS = 6  # turns shown to the condensing prompt
TURN_CHARS = 300
CONDENSE_SHARE = 0.4  # share of the remaining budget the condensing call may use
SUPPORT_FLOOR = 0.35  # share of a Chinese claim's bigrams a sentence of the cited task must hold
SUPPORT_COSINE = 0.25  # for a claim in another language: cosine to the cited task's best sentence
COSINE_MARGIN = 0.05  # … and no other context task may beat it by more than this
NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
TASK_REF_RE = re.compile(r"第\s*\d+\s*[条项]|(?:任务|task|item)\s*\d+|【\d+】", re.I)

# 【13】, 【第13条】, 【任务13】, 【13、14】, [13]: what models actually write; normalised to 【13】.
MARK_RE = re.compile(r"【([^【】\n]{1,24})】|\[(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\]")
MARK_INNER_RE = re.compile(r"^[\s\d,，、;；和及第条任务task#no.]+$", re.I)
PARTIAL_MARK_RE = re.compile(r"(【[^【】\n]{0,24}|\[[\d,，、\s]{0,16})$")
CLAIM_END = frozenset("。！？!?；;\n")
NOT_COVERED_RE = re.compile(
    r"(没有涉及|未涉及|没有提到|未提及|没有相关|不涉及|does not cover|doesn't cover|not covered|does not mention)", re.I
)
THINK_RE = re.compile(r"<think>.*?</think>", re.S)
TAG_RE = re.compile(r"<\s*/?\s*(context|question|history)\s*>", re.I)
QUOTES = "\"'“”‘’「」『』《》 \t"


class LLMFailure(Exception):
    """The model path failed; ``reason`` is what the API reports as ``fallback``."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


def load_prompt(name: str, folder: Path = PROMPTS) -> str:
    """A prompt template by name (``prompts/<name>.txt``).

    Templates are f-strings: {context}, {question}, {history}, {plan_title}; a literal brace is doubled.
    """
    path = folder / f"{name}.txt"
    if not path.exists():
        raise FileNotFoundError(f"no prompt {name!r}: expected {path}")
    return path.read_text(encoding="utf-8").strip()


def make_chat_model(settings: Settings) -> ChatOpenAI:
    """The chat model for any OpenAI-compatible server; no retries (the budget allows none)."""
    return ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url,
        # Local servers (vLLM, Ollama) take any key; the client insists on one.
        api_key=settings.llm_api_key or SecretStr("not-needed"),
        timeout=settings.llm_budget_s,
        max_retries=0,
        temperature=0,
    )


def sanitize(text: str) -> str:
    """User text as prompt data: our delimiter tags removed so it cannot close its own block."""
    return TAG_RE.sub("", text).strip()


# ---- claims --------------------------------------------------------------------------------


def mark_numbers(match: re.Match) -> list[int]:
    """Task numbers of one mark match ([] when the brackets hold something else, e.g. 【注】)."""
    inner = match.group(1) if match.group(1) is not None else match.group(2)
    if not MARK_INNER_RE.match(inner) or not re.search(r"\d", inner):
        return []
    return [int(n) for n in re.findall(r"\d{1,3}", inner)]


def split_claims(buffer: str, final: bool) -> tuple[list[str], str]:
    """Cut complete claims off the front of a (possibly still growing) text.

    A claim ends at 。！？；, a newline, or an English full stop before a space, and takes the
    marks right after it ("…50个。【13】"). While streaming (``final`` false) a claim is complete
    only once the character after its marks has arrived, so a mark split across chunks is never
    cut in half. Returns the claims and the rest of the buffer.
    """
    claims: list[str] = []
    start = i = 0
    n = len(buffer)
    while i < n:
        ch = buffer[i]
        end = ch in CLAIM_END or ch == "." and (i + 1 < n and buffer[i + 1].isspace() or i + 1 == n and final)
        if not end:
            i += 1
            continue
        j = i + 1
        while j < n:  # marks (and spaces between them) after the full stop belong to this claim
            m = MARK_RE.match(buffer, j)
            if m and mark_numbers(m):
                j = m.end()
            elif buffer[j] in " \t" and j + 1 < n and buffer[j + 1] in "【[":
                j += 1
            else:
                break
        if not final and (j == n or PARTIAL_MARK_RE.search(buffer[j:])):
            break  # a mark may still be on its way
        claims.append(buffer[start:j])
        start = i = j
    if final and start < n:
        claims.append(buffer[start:])
        start = n
    return claims, buffer[start:]


def _grams(text: str) -> set[str]:
    """Chinese character bigrams and Latin words of the normalised text (no single characters)."""
    return {g for g in bigrams(text) if not (len(g) == 1 and CJK_RUN.fullmatch(g))}


@dataclass
class Checked:
    """One claim after verification: the text to show ("" when dropped), its citations, and why."""

    text: str
    citations: list[Citation]
    kind: str  # cited, connective, not_covered, blank, invented, unsupported, unmarked


@dataclass
class Plan:
    """Everything the generation step needs, decided before the model is called."""

    question: str  # as the user asked it
    standalone: str  # after condensing
    route: str
    context: list[Task]
    english: bool
    fallback: Answer  # the extractive answer, ready if the model fails
    started: float
    deadline: float
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def numbers(self) -> set[int]:
        return {t.number for t in self.context}


class ClaimVerifier:
    """Checks each claim of a generated answer against the tasks the model was given."""

    def __init__(self, assistant: Assistant, plan: Plan):
        self.assistant = assistant
        self.retriever = assistant.retriever
        self.context = plan.numbers
        self.question_terms = set(content_terms(plan.standalone))
        self._rows = {(s.doc, s.start): i for i, s in enumerate(self.retriever.sentences)}

    def _windows(self, task: Task) -> list[tuple[Sentence, set[str]]]:
        """Each sentence of a task with the bigrams of itself and its successor (claims may fuse two)."""
        grams = [_grams(s.text) for s in task.sentences]
        return [(s, grams[i] | (grams[i + 1] if i + 1 < len(grams) else set())) for i, s in enumerate(task.sentences)]

    def _cosines(self, body: str, task: Task, dense) -> list[float]:
        return [float(dense[self._rows[(s.doc, s.start)]]) if (s.doc, s.start) in self._rows else 0.0
                for s in task.sentences]

    def support(self, body: str, task: Task) -> tuple[bool, Sentence, float]:
        """Whether a task supports a claim, the sentence that supports it best, and that score.

        A Chinese claim must share ≥35% of its bigrams with one sentence of the task (with the next
        one, for a claim fusing two); a cited task from elsewhere in the plan shares under 20%
        (measured: a task-13 sentence against every other task). Cosines between unrelated plan
        sentences reach 0.5, so meaning decides only for claims in another language (English), where
        a translated sentence scored 0.26–0.64 against its source task and 0.08–0.27 against others:
        cosine ≥ 0.25, and no other context task may match it better (by more than 0.05). In every
        language, each figure the claim states must occur in the cited task.
        """
        grams = _grams(body)
        dense = self.retriever.dense_scores(normalize(body))
        cos = self._cosines(body, task, dense)
        lexical = [len(grams & g) / len(grams) if grams else 0.0 for _, g in self._windows(task)]
        scores = [x + c for x, c in zip(lexical, cos, strict=True)]
        i = max(range(len(scores)), key=scores.__getitem__)
        if not self.numbers_in(body, task):
            ok = False
        elif cjk_ratio(body) >= 0.3:
            ok = max(lexical) >= SUPPORT_FLOOR
        else:
            others = [max(self._cosines(body, t, dense)) for n in self.context if n != task.number
                      if (t := self.assistant.corpus.task(n)) is not None]
            ok = max(cos) >= SUPPORT_COSINE and max(cos) >= max(others, default=0.0) - COSINE_MARGIN
        return ok, task.sentences[i], scores[i]

    @staticmethod
    def numbers_in(body: str, task: Task) -> bool:
        """Every figure the claim states ("50个", "2025年", "3.5%") occurs in the cited task."""
        claim = TASK_REF_RE.sub("", normalize(body))
        return set(NUMBER_RE.findall(claim)) <= set(NUMBER_RE.findall(normalize(task.text)))

    def connective(self, body: str) -> bool:
        """Text that states no fact: no digits, and a lead-in ("根据规划原文：") or at most one topic
        word the question did not already use."""
        if re.search(r"\d", body):
            return False
        stripped = body.strip().strip("*#-— ")
        if stripped.endswith(("：", ":")) and len(stripped) <= 24:
            return True
        new = [t for t in content_terms(body) if t not in self.question_terms]
        return len(new) <= 1

    def check(self, claim: str) -> Checked:
        marks = [(m, mark_numbers(m)) for m in MARK_RE.finditer(claim)]
        marks = [(m, ns) for m, ns in marks if ns]
        body = MARK_RE.sub(lambda m: "" if mark_numbers(m) else m.group(0), claim)
        if not body.strip():
            # Line breaks between claims stay; stray marks and punctuation do not.
            return Checked(claim if not marks and not claim.strip() else "", [], "blank")
        if not marks:
            if NOT_COVERED_RE.search(body):
                return Checked(claim, [], "not_covered")
            if self.connective(body):
                # States no fact, but is not a verified claim either: a lead-in, or an echo of the
                # prompt's own headings. Only verified claims are shown.
                return Checked("", [], "connective")
            log.info("dropped a claim without a citation: %r", body[:80])
            return Checked("", [], "unmarked")
        numbers = list(dict.fromkeys(n for _, ns in marks for n in ns))
        invented = [n for n in numbers if n not in self.context or self.assistant.corpus.task(n) is None]
        if invented:
            log.info("dropped a claim citing task(s) %s outside the context %s: %r", invented, sorted(self.context),
                     body[:80])
            return Checked("", [], "invented")
        citations: list[Citation] = []
        kept: set[int] = set()
        for n in numbers:
            task = self.assistant.corpus.task(n)
            ok, sentence, score = self.support(body, task)
            if ok:
                kept.add(n)
                citations.append(self.assistant.cite(task, sentence, score))
            else:
                log.info("dropped mark 【%d】: the task does not support %r", n, body[:80])
        if not kept:
            return Checked("", [], "unsupported")

        def rewrite(m: re.Match) -> str:
            ns = mark_numbers(m)
            if not ns:
                return m.group(0)
            return "".join(f"【{n}】" for n in ns if n in kept)

        return Checked(MARK_RE.sub(rewrite, claim), citations, "cited")


# ---- the answerer --------------------------------------------------------------------------


def _guarded(produce: Callable[[], Iterable[str]], first_by: float, stall: float, end_by: float) -> Iterator[str]:
    """Pieces from a model call run in a worker thread, under a wall-clock guard.

    The first piece must arrive by ``first_by``, later ones within ``stall`` seconds of the last,
    and all by ``end_by`` (monotonic times); otherwise LLMFailure("timeout"). The client's own
    timeout only bounds each socket read: a server trickling bytes would outlast it.
    """
    pieces: queue.Queue = queue.Queue()
    stop = threading.Event()

    def run() -> None:
        try:
            for piece in produce():
                if stop.is_set():
                    return  # closes the stream (and its connection) early
                pieces.put(("piece", piece))
            pieces.put(("end", None))
        except Exception as exc:  # handed to the caller, who maps it to a fallback reason
            pieces.put(("error", exc))

    threading.Thread(target=run, name="llm-call", daemon=True).start()
    limit_at = first_by
    try:
        while True:
            wait = min(limit_at, end_by) - time.monotonic()
            if wait <= 0:
                raise LLMFailure("timeout", "the model did not answer within the budget")
            try:
                kind, value = pieces.get(timeout=wait)
            except queue.Empty:
                raise LLMFailure("timeout", "the model did not answer within the budget") from None
            if kind == "end":
                return
            if kind == "error":
                raise _failure(value)
            yield value
            limit_at = time.monotonic() + stall
    finally:
        stop.set()


def _failure(exc: BaseException) -> LLMFailure:
    if isinstance(exc, LLMFailure):
        return exc
    if isinstance(exc, openai.APITimeoutError | TimeoutError):
        return LLMFailure("timeout", str(exc))
    if not isinstance(exc, openai.OpenAIError | ValueError):
        log.exception("unexpected error in the generative path", exc_info=exc)
    return LLMFailure("error", f"{type(exc).__name__}: {exc}")


class GenerativeAnswerer:
    """Condense → retrieve → prompt → generate → verify, over an Assistant's corpus and retriever.

    ``ask`` returns an Answer; ``ask_stream`` yields verified text deltas, then the Answer.
    """

    def __init__(self, assistant: Assistant, model: ChatOpenAI | None = None):
        self.assistant = assistant
        self.settings = assistant.settings
        self.model = model or make_chat_model(assistant.settings)
        title = self.settings.plan_title
        self.answer_prompt = ChatPromptTemplate.from_messages(
            [("system", load_prompt("system")), ("human", load_prompt("answer"))]
        ).partial(plan_title=title)
        self.condense_prompt = ChatPromptTemplate.from_messages([("human", load_prompt("condense"))])
        # An edited prompt that lost a placeholder would silently send the model no context: refuse to start.
        for name, prompt, needed in (("system + answer", self.answer_prompt, {"context", "question"}),
                                     ("condense", self.condense_prompt, {"history", "question"})):
            if missing := needed - set(prompt.input_variables):
                raise ValueError(f"prompts/{name}: the placeholder(s) {{{'}, {'.join(sorted(missing))}}} are missing")

    def _chain(self, prompt: ChatPromptTemplate, timeout: float):
        return prompt | self.model.bind(timeout=max(0.05, timeout)) | StrOutputParser()

    # ---- before the model -------------------------------------------------------------

    def _condense(self, question: str, history: list[dict], deadline: float) -> str:
        """The follow-up rewritten as a standalone question by the model (one call)."""
        lines = []
        for turn in history[-HISTORY_TURNS:]:
            who = "用户 user" if turn.get("role") == "user" else "助手 assistant"
            lines.append(f"{who}: {sanitize(str(turn.get('content', '')))[:TURN_CHARS]}")
        inputs = {"history": "\n".join(lines), "question": sanitize(question)}
        now = time.monotonic()
        by = now + CONDENSE_SHARE * (deadline - now)
        chain = self._chain(self.condense_prompt, by - now)
        text = "".join(_guarded(lambda: [chain.invoke(inputs)], by, by - now, by))
        text = THINK_RE.sub("", text).strip()
        text = re.sub(r"^(standalone question|rewritten question|改写后的问题|问题)\s*[:：]\s*", "", text, flags=re.I)
        text = text.splitlines()[0].strip(QUOTES) if text.strip() else ""
        if not text or len(text) > 2 * len(question) + 200:
            log.info("the condensed question was unusable (%r): resolving the follow-up without the model", text[:80])
            return self.assistant.standalone(question, history)[0]
        return text

    def _plan(self, question: str, history: list[dict] | None) -> Plan | Answer:
        """Decide what to generate from, or return the answer when no generation is needed."""
        started = time.monotonic()
        deadline = started + self.settings.llm_budget_s
        question = sanitize(question)  # our delimiter tags are never part of what the user asks
        history = history or []
        fallback = self.assistant.extractive(question, history)  # milliseconds; the safety net
        plan = Plan(question, question, fallback.route, [], cjk_ratio(question) < 0.3, fallback, started, deadline)
        has_users = any(t.get("role") == "user" and str(t.get("content", "")).strip() for t in history)
        base = fallback
        if has_users and self.assistant.retriever.task_route(question) is None:
            t0 = time.monotonic()
            try:
                plan.standalone = self._condense(question, history, deadline)
            finally:
                plan.timings["condense_ms"] = (time.monotonic() - t0) * 1000
            if normalize(plan.standalone) != normalize(question):
                base = self.assistant.extractive(plan.standalone)
        if not base.found or base.route not in GENERATED_ROUTES:
            # Not covered, a task number the plan does not have, or an exact answer (a section's task
            # list, every task naming a topic, the targets table): the model is never asked.
            base.question = plan.standalone
            return base
        # Retrieve with typos corrected (风桥 → 枫桥), as the extractive path does.
        corrected, _ = self.assistant.speller.correct(plan.standalone)
        retrieval = self.assistant.retriever.retrieve(corrected, k=self.settings.top_k)
        plan.route = retrieval.route
        if retrieval.route == "task":
            tasks = [retrieval.tasks[0].task]
        else:
            tasks = [h.task for h in retrieval.tasks[:CONTEXT_TASKS]]
        # The tasks the extractive answer quoted are always in the context (follow-ups refer back to them).
        for c in base.citations:
            if all(t.number != c.task for t in tasks) and len(tasks) < MAX_CONTEXT_TASKS:
                tasks.append(self.assistant.corpus.task(c.task))
        plan.context = tasks
        return plan

    def _inputs(self, plan: Plan) -> dict:
        blocks = []
        for t in plan.context:
            sec = self.assistant.corpus.section_of(t)
            blocks.append(f"【{t.number}】第{t.number}条 {t.title}（{sec.numeral}、{sec.title}）\n{t.text}")
        return {"context": "\n\n".join(blocks), "question": sanitize(plan.standalone)}

    # ---- after the model --------------------------------------------------------------

    def _finish(self, plan: Plan, shown: str, citations: list[Citation], kinds: list[str]) -> Answer:
        """The verified answer, the "not covered" answer, or LLMFailure when nothing held up."""
        seen: set[tuple[int, int]] = set()
        unique = []
        for c in citations:
            if (c.task, c.start) not in seen:
                seen.add((c.task, c.start))
                unique.append(c)
        timings = dict(plan.timings, total_ms=(time.monotonic() - plan.started) * 1000)
        if unique:
            return Answer(shown.strip(), True, mode="llm", citations=unique, route=plan.route,
                          question=plan.standalone, timings=timings)
        if "not_covered" in kinds:
            refusal = self.assistant._not_covered(plan.english, plan.standalone, route=plan.route)
            refusal.mode, refusal.timings = "llm", timings
            return refusal
        raise LLMFailure("invalid output", f"no claim survived verification ({', '.join(kinds) or 'empty reply'})")

    def _fell_back(self, plan_or_answer: Plan | Answer, failure: LLMFailure, started: float) -> Answer:
        answer = plan_or_answer.fallback if isinstance(plan_or_answer, Plan) else plan_or_answer
        log.warning("generative answer fell back to the extractive one: %s", failure)
        answer.fallback = failure.reason
        answer.timings["total_ms"] = (time.monotonic() - started) * 1000
        return answer

    # ---- public -----------------------------------------------------------------------

    def ask(self, question: str, history: list[dict] | None = None) -> Answer:
        """A generated answer with verified citations, or the extractive one (``fallback`` says why)."""
        started = time.monotonic()
        fallback: Answer | None = None
        try:
            plan = self._plan(question, history)
            if isinstance(plan, Answer):
                return plan
            fallback = plan.fallback
            chain = self._chain(self.answer_prompt, plan.deadline - time.monotonic())
            inputs = self._inputs(plan)
            t0 = time.monotonic()
            budget = self.settings.llm_budget_s
            text = "".join(_guarded(lambda: [chain.invoke(inputs)], plan.deadline, budget, plan.deadline))
            plan.timings["generate_ms"] = (time.monotonic() - t0) * 1000
            verifier = ClaimVerifier(self.assistant, plan)
            claims, _ = split_claims(THINK_RE.sub("", text).strip(), final=True)
            checked = [verifier.check(c) for c in claims]
            shown = "".join(c.text for c in checked)
            return self._finish(plan, shown, [x for c in checked for x in c.citations], [c.kind for c in checked])
        except Exception as exc:  # LLMFailure, or a surprise from the client: the user still gets an answer
            return self._fell_back(fallback or self.assistant.extractive(sanitize(question), history or []),
                                   _failure(exc), started)

    def ask_stream(self, question: str, history: list[dict] | None = None) -> Iterator[str | Answer]:
        """Verified text deltas as the model writes them, then the final Answer.

        Each delta is a whole claim that passed verification (connective text is held back until
        a cited claim follows it). If the model fails part-way, the final Answer is the extractive
        one with ``fallback`` set: it replaces whatever was shown.
        """
        started = time.monotonic()
        shown: list[str] = []
        fallback: Answer | None = None
        try:
            plan = self._plan(question, history)
            if isinstance(plan, Answer):
                yield plan.answer
                yield plan
                return
            fallback = plan.fallback
            verifier = ClaimVerifier(self.assistant, plan)
            chain = self._chain(self.answer_prompt, plan.deadline - time.monotonic())
            inputs = self._inputs(plan)
            end_by = plan.started + max(self.settings.llm_stream_budget_s, self.settings.llm_budget_s)
            buffer, pending, citations, kinds = "", [], [], []
            t0 = time.monotonic()
            pieces = _guarded(lambda: chain.stream(inputs), plan.deadline, self.settings.llm_budget_s, end_by)
            for final, piece in _with_end(pieces):
                buffer += piece
                if buffer.lstrip().startswith("<think>"):  # reasoning models: skip the thinking
                    if "</think>" not in buffer:
                        if final:
                            raise LLMFailure("invalid output", "the reply never left its <think> block")
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
            answer = self._finish(plan, "".join(shown), citations, kinds)
            if not shown:
                yield answer.answer
            yield answer
        except Exception as exc:  # LLMFailure, or a surprise from the client: the user still gets an answer
            answer = self._fell_back(fallback or self.assistant.extractive(sanitize(question), history or []),
                                     _failure(exc), started)
            if not shown:
                yield answer.answer
            yield answer


def _with_end(pieces: Iterator[str]) -> Iterator[tuple[bool, str]]:
    """Each piece with a flag that is true on the last call (an empty piece after the stream ends)."""
    for piece in pieces:
        yield False, piece
    yield True, ""


__all__ = ["ClaimVerifier", "GenerativeAnswerer", "LLMFailure", "load_prompt", "make_chat_model", "split_claims"]
