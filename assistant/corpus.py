"""Parse a plan into sections, tasks and sentences, keeping character offsets into the source.

A plan is written as section lines ("五、推进现代化品质生活建设,打造…") each followed by numbered
task paragraphs ("13.打造共富标志性成果。实施…"). Every piece keeps ``start``/``end`` offsets into
its document's text, so ``corpus.text(doc)[start:end]`` is always the piece itself, verbatim.

Example::

    corpus = load_corpus(Path("index/source"))
    task = corpus.task(13)
    assert corpus.quote(task.sentences[0]) == task.sentences[0].text
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

SECTION_RE = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
TASK_RE = re.compile(r"^(\d{1,3})[.．、](.+)$")
# Sentences end at 。 or ； (the plan's full stops and clause separators); "!" and "?" rarely occur.
SENTENCE_END = "。；！？!?"


class PlanFormatError(ValueError):
    """A plan document does not follow the "X、section / N.task" layout; the message names the line."""


def chinese_numeral(text: str) -> int:
    """Value of a Chinese numeral up to 999 ("七" → 7, "二十九" → 29, "十三" → 13)."""
    if not text:
        raise ValueError("empty numeral")
    total, current = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + current


@dataclass(frozen=True)
class Sentence:
    """One sentence of a task; ``text`` is ``source[start:end]`` of its document."""

    doc: str
    task: int
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Task:
    """A numbered task: the unit of citation ("第13条 打造共富标志性成果")."""

    doc: str
    number: int
    title: str
    section: str
    start: int  # offset of the task text, after the "13." label
    end: int
    text: str
    sentences: tuple[Sentence, ...]

    @property
    def label(self) -> str:
        return f"第{self.number}条 {self.title}"


@dataclass(frozen=True)
class Section:
    """A section ("七、实现现代化生态治理,…") and the numbers of its tasks."""

    doc: str
    numeral: str
    order: int
    title: str
    start: int
    end: int
    tasks: tuple[int, ...]

    @property
    def label(self) -> str:
        return f"{self.numeral}、{self.title}"


@dataclass(frozen=True)
class Document:
    """One plan document as read from disk."""

    name: str
    text: str
    sha256: str


def split_sentences(doc: str, task: int, text: str, offset: int) -> tuple[Sentence, ...]:
    """Split a task's text after each sentence end, keeping offsets into the document."""
    out: list[Sentence] = []
    begin = 0
    for i, ch in enumerate(text):
        if ch in SENTENCE_END or i == len(text) - 1:
            piece = text[begin : i + 1]
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                s = offset + begin + lead
                out.append(Sentence(doc, task, len(out), s, s + len(stripped), stripped))
            begin = i + 1
    return tuple(out)


def parse_document(name: str, text: str) -> tuple[list[Section], list[Task]]:
    """Parse one document into its sections and tasks; raise PlanFormatError naming a bad line."""
    sections: list[Section] = []
    tasks: list[Task] = []
    current: dict | None = None
    pos = 0
    for lineno, raw in enumerate(text.splitlines(keepends=True), start=1):
        line_start = pos
        pos += len(raw)
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        lead = len(line) - len(line.lstrip())
        body = line.strip()
        body_start = line_start + lead
        if m := SECTION_RE.match(body):
            if current is not None:
                sections.append(_close_section(name, current, tasks))
            current = {
                "numeral": m.group(1),
                "title": m.group(2).strip(),
                "start": body_start,
                "end": body_start + len(body),
                "tasks": [],
            }
            continue
        if m := TASK_RE.match(body):
            if current is None:
                raise PlanFormatError(
                    f"{name}, line {lineno}: task {m.group(1)} comes before any section line "
                    f"(a section line looks like '五、推进…')"
                )
            number = int(m.group(1))
            t_text = m.group(2)
            t_start = body_start + m.start(2)
            sentences = split_sentences(name, number, t_text, t_start)
            title = sentences[0].text.rstrip(SENTENCE_END)
            tasks.append(
                Task(name, number, title, current["numeral"], t_start, t_start + len(t_text), t_text, sentences)
            )
            current["tasks"].append(number)
            current["end"] = t_start + len(t_text)
            continue
        raise PlanFormatError(
            f"{name}, line {lineno}: expected a section line ('五、…') or a numbered task ('13.…'), got {body[:30]!r}"
        )
    if current is not None:
        sections.append(_close_section(name, current, tasks))
    if not tasks:
        raise PlanFormatError(f"{name}: no numbered tasks found (a task line looks like '13.打造…。')")
    return sections, tasks


def _close_section(doc: str, data: dict, tasks: list[Task]) -> Section:
    if not data["tasks"]:
        raise PlanFormatError(f"{doc}: section {data['numeral']}、{data['title'][:20]} has no tasks")
    return Section(
        doc,
        data["numeral"],
        chinese_numeral(data["numeral"]),
        data["title"],
        data["start"],
        data["end"],
        tuple(data["tasks"]),
    )


class Corpus:
    """All plan documents of a folder: sections and tasks, looked up by number.

    Task numbers are unique across documents (a plan split over several files keeps counting).
    """

    def __init__(self, documents: list[Document]):
        self.documents = {d.name: d for d in documents}
        self.sections: list[Section] = []
        self._tasks: dict[int, Task] = {}
        for d in documents:
            secs, tasks = parse_document(d.name, d.text)
            for s in secs:
                if any(o.order == s.order for o in self.sections):
                    raise PlanFormatError(f"{d.name}: section {s.numeral} appears twice in the corpus")
                self.sections.append(s)
            for t in tasks:
                if t.number in self._tasks:
                    raise PlanFormatError(f"{d.name}: task {t.number} already defined in {self._tasks[t.number].doc}")
                self._tasks[t.number] = t
        self.sections.sort(key=lambda s: s.order)
        self.sha256 = hashlib.sha256(
            "\n".join(f"{d.name}:{d.sha256}" for d in sorted(documents, key=lambda d: d.name)).encode()
        ).hexdigest()

    @property
    def tasks(self) -> list[Task]:
        return sorted(self._tasks.values(), key=lambda t: t.number)

    @property
    def sentences(self) -> list[Sentence]:
        return [s for t in self.tasks for s in t.sentences]

    def task(self, number: int) -> Task | None:
        return self._tasks.get(number)

    def section(self, numeral_or_order: str | int) -> Section | None:
        order = numeral_or_order if isinstance(numeral_or_order, int) else chinese_numeral(numeral_or_order)
        return next((s for s in self.sections if s.order == order), None)

    def section_of(self, task: Task) -> Section:
        return next(s for s in self.sections if s.doc == task.doc and task.number in s.tasks)

    def text(self, doc: str) -> str:
        return self.documents[doc].text

    def quote(self, piece: Sentence | Task) -> str:
        """The verbatim source text at a piece's offsets."""
        return self.documents[piece.doc].text[piece.start : piece.end]

    def heading(self, piece: Task | Section) -> str:
        """A task's or a section's heading as the plan writes it: "13.打造共富标志性成果" (its number and title,
        not the sentences after it), "七、实现现代化生态治理,…" (its whole line)."""
        text = self.documents[piece.doc].text
        if isinstance(piece, Section):
            end = text.find("\n", piece.start)
            return text[piece.start : end if end >= 0 else len(text)].rstrip()
        line = text.rfind("\n", 0, piece.start) + 1
        return text[line : piece.start + len(piece.title)].strip()


def read_document(path: Path) -> Document:
    """Read one UTF-8 plan file (a BOM is dropped, line ends kept as they are)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanFormatError(f"{path.name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return Document(path.name, text, hashlib.sha256(raw).hexdigest())


def load_corpus(source: Path) -> Corpus:
    """Load every ``*.txt`` plan in a folder (or one file) into a Corpus."""
    paths = [source] if source.is_file() else sorted(source.glob("*.txt"))
    if not paths:
        raise PlanFormatError(f"no plan files (*.txt) in {source}")
    return Corpus([read_document(p) for p in paths])
