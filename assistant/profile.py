"""The plan's identity as data: its title, example questions, welcome text and its own stop words.

Nothing about one particular plan lives in the code. A small ``profile.json`` beside the plan text
(``<folder>/profile.json`` for a folder of plans, ``<file>.profile.json`` for one file) names it::

    {"title": "萧山区现代化建设规划",
     "examples": ["到2025年建设多少个未来社区？", "哪一条讲养老？"],
     "stop_words": ["萧山", "杭州"]}

Every field is optional; what is missing is derived from the text: examples from its tasks and
sections, and as stop words the words so common in the plan that they say nothing about which task
a question is about (a district's own name appears in most tasks).

Example::

    profile = load_profile(Path("index/source"), corpus)
    profile.title, profile.examples[:2]
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .corpus import Corpus, PlanFormatError
from .text import CJK_RUN, STOP_WORDS, normalize, words

log = logging.getLogger(__name__)

COMMON_SHARE = 0.5  # a word in more than this share of the tasks is a stop word of this plan
DEFAULT_TITLE = "本规划"


@dataclass(frozen=True)
class Profile:
    """How the assistant names and presents one plan."""

    title: str
    examples: tuple[str, ...]
    stop_words: frozenset[str]
    welcome: str = ""  # the first line of the WeChat welcome; derived from the title when empty

    @property
    def heading(self) -> str:
        return f"{self.title} · 规划助手"


def profile_path(source: Path) -> Path:
    return source / "profile.json" if source.is_dir() else source.with_name(source.name + ".profile.json")


def plan_text(corpus: Corpus) -> str:
    """Every task's text, normalised and joined: where a question's words are looked for."""
    return normalize("".join(t.text for t in corpus.tasks))


@lru_cache(maxsize=8)
def common_words(corpus: Corpus, share: float = COMMON_SHARE) -> frozenset[str]:
    """Words (2+ Chinese characters) that occur in more than ``share`` of the plan's tasks.

    Computed once per corpus and share (~15 ms): the profile, the catalog and the searcher all ask.
    """
    tasks = corpus.tasks
    seen: Counter[str] = Counter()
    for t in tasks:
        seen.update({w for w in words(t.text) if len(w) >= 2 and CJK_RUN.fullmatch(w)})
    return frozenset(w for w, n in seen.items() if n > share * len(tasks))


def derived_examples(corpus: Corpus) -> tuple[str, ...]:
    """Example questions any plan can answer: a task, a section, a topic list, the plan's parts."""
    tasks, sections = corpus.tasks, corpus.sections
    mid = tasks[len(tasks) // 2]
    sec = sections[min(2, len(sections) - 1)]
    common = common_words(corpus)
    candidates = (w for t in tasks[len(tasks) // 2:] + tasks for w in words(t.title)
                  if len(w) >= 2 and CJK_RUN.fullmatch(w) and w not in STOP_WORDS and w not in common)
    topic = next(candidates, mid.title[:4])
    return (f"第{mid.number}条讲什么？", f"第{sec.numeral}部分有哪些任务？", f"哪些任务提到了{topic}？",
            "这个规划包括哪几部分？")


def load_profile(source: Path, corpus: Corpus, title: str | None = None) -> Profile:
    """The profile beside the plan (or derived from its text); ``title`` (a setting) wins over the file's."""
    path = profile_path(source)
    data: dict = {}
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise PlanFormatError(f"{path.name}: not valid JSON ({exc})") from None
        if not isinstance(data, dict):
            raise PlanFormatError(f"{path.name}: expected an object with title, examples, stop_words")
    examples = tuple(str(q) for q in data.get("examples") or ()) or derived_examples(corpus)
    listed = {normalize(str(w)) for w in data.get("stop_words") or ()}
    stop = listed or common_words(corpus)  # listed by the plan's editors, or the words in most of its tasks
    return Profile(title=title or str(data.get("title") or DEFAULT_TITLE), examples=examples,
                   stop_words=frozenset(stop), welcome=str(data.get("welcome") or ""))


__all__ = ["Profile", "common_words", "derived_examples", "load_profile", "profile_path"]
