"""Check a generated answer claim by claim against the plan tasks the model was given.

Pure text logic: no provider package is imported here, so the checks can be used (and tested)
without a model. The rules:

- a claim citing a task that was not in the context (or does not exist) is dropped, whole;
- a claim whose cited task does not support it (no shared wording, no semantic match) is dropped;
- a claim without any mark is dropped, unless it is the "the plan does not cover this" sentence the
  prompt asks for: a lead-in that states no fact ("具体包括：") is not shown either, nor is a model
  echoing its prompt (stray headings and punctuation), so only verified claims reach the user;
- each kept mark becomes a Citation quoting, verbatim and with offsets, the sentence of that task
  that best supports the claim.

Example::

    verifier = ClaimVerifier(corpus, retriever, citer, context={13, 14}, question_terms={"未来社区"})
    claims, rest = split_claims("到2025年建设未来社区50个【13】。", final=True)
    verifier.check(claims[0]).kind     # "cited"
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from .corpus import Corpus, Sentence, Task
from .retrieve import Retriever
from .text import CJK_RUN, bigrams, content_terms, is_english, normalize
from .types import Citation, Citer

log = logging.getLogger(__name__)

SUPPORT_FLOOR = 0.35  # share of a Chinese claim's bigrams a sentence of the cited task must hold
SUPPORT_COSINE = 0.25  # for a claim in another language: cosine to the cited task's best sentence
COSINE_MARGIN = 0.05  # … and no other context task may beat it by more than this
NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
TASK_REF_RE = re.compile(r"第\s*\d+\s*[条项]|(?:任务|task|item)\s*\d+|【\d+】", re.I)

# 【13】, 【第13条】, 【任务13】, 【13、14】, [13]: what models actually write; normalised to 【13】.
MODEL_MARK_RE = re.compile(r"【([^【】\n]{1,24})】|\[(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\]")
MARK_INNER_RE = re.compile(r"^[\s\d,，、;；和及第条任务task#no.]+$", re.I)
PARTIAL_MARK_RE = re.compile(r"(【[^【】\n]{0,24}|\[[\d,，、\s]{0,16})$")
CLAIM_END = frozenset("。！？!?；;\n")
NOT_COVERED_RE = re.compile(
    r"(没有涉及|未涉及|没有提到|未提及|没有相关|不涉及|does not cover|doesn't cover|not covered|does not mention)", re.I
)


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
            m = MODEL_MARK_RE.match(buffer, j)
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


class ClaimVerifier:
    """Checks each claim of a generated answer against the tasks the model was given."""

    def __init__(self, corpus: Corpus, retriever: Retriever, citer: Citer, context: set[int],
                 question_terms: set[str]):
        self.corpus = corpus
        self.retriever = retriever
        self.citer = citer
        self.context = set(context)
        self.question_terms = set(question_terms)
        self._rows = {(s.doc, s.start): i for i, s in enumerate(retriever.sentences)}

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
        elif not is_english(body):
            ok = max(lexical) >= SUPPORT_FLOOR
        else:
            others = [max(self._cosines(body, t, dense)) for n in self.context if n != task.number
                      if (t := self.corpus.task(n)) is not None]
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
        marks = [(m, mark_numbers(m)) for m in MODEL_MARK_RE.finditer(claim)]
        marks = [(m, ns) for m, ns in marks if ns]
        body = MODEL_MARK_RE.sub(lambda m: "" if mark_numbers(m) else m.group(0), claim)
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
        invented = [n for n in numbers if n not in self.context or self.corpus.task(n) is None]
        if invented:
            log.info("dropped a claim citing task(s) %s outside the context %s: %r", invented, sorted(self.context),
                     body[:80])
            return Checked("", [], "invented")
        citations: list[Citation] = []
        kept: set[int] = set()
        for n in numbers:
            task = self.corpus.task(n)
            ok, sentence, score = self.support(body, task)
            if ok:
                kept.add(n)
                citations.append(self.citer.cite(task, sentence, score))
            else:
                log.info("dropped mark 【%d】: the task does not support %r", n, body[:80])
        if not kept:
            return Checked("", [], "unsupported")

        def rewrite(m: re.Match) -> str:
            ns = mark_numbers(m)
            if not ns:
                return m.group(0)
            return "".join(f"【{n}】" for n in ns if n in kept)

        return Checked(MODEL_MARK_RE.sub(rewrite, claim), citations, "cited")


# ---- the answerer --------------------------------------------------------------------------


__all__ = ["Checked", "ClaimVerifier", "MODEL_MARK_RE", "NOT_COVERED_RE", "mark_numbers", "split_claims"]
