"""Chat models behind one small interface: text in, text pieces out, within a deadline.

:class:`ChatModel` is what the generative answerer needs: ``stream(messages, deadline)`` yields the
reply's text as it arrives and ``complete(messages, deadline)`` returns it whole; both raise
:class:`ChatFailure` (``reason`` "timeout" or "error") and never outlast their deadline. The one
implementation that talks to a server is :class:`OpenAIChatModel` (any OpenAI-compatible server,
through ``langchain-openai``); this is the only module that imports a provider package.

The deadline is enforced here, by a wall-clock guard around a worker thread: the client's own
timeout only bounds each socket read, and a server trickling bytes would outlast it.

Example::

    model = OpenAIChatModel(base_url="http://127.0.0.1:11434/v1", model="qwen2.5:7b")
    deadline = Deadline.after(4.0)
    text = model.complete([("system", "…"), ("human", "…")], deadline)
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger(__name__)

Messages = Sequence  # of langchain BaseMessage, or (role, text) pairs


class ChatFailure(Exception):
    """The model call failed; ``reason`` ("timeout", "error", "invalid output") is what the API reports."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class Deadline:
    """When a model call must have started answering (``first_by``), keep answering (``stall``) and end."""

    first_by: float  # monotonic time by which the first piece must arrive
    end_by: float  # monotonic time by which the whole reply must have arrived
    stall: float  # longest silence between two pieces, in seconds

    @classmethod
    def after(cls, seconds: float, total: float | None = None) -> Deadline:
        now = time.monotonic()
        return cls(now + seconds, now + max(seconds, total or seconds), seconds)

    def remaining(self) -> float:
        return max(0.05, self.first_by - time.monotonic())


class ChatModel(Protocol):
    """A chat model: streamed or whole replies, within a deadline, failing with ChatFailure."""

    id: str

    def stream(self, messages: Messages, deadline: Deadline) -> Iterator[str]: ...

    def complete(self, messages: Messages, deadline: Deadline) -> str: ...


def guarded(produce: Callable[[], Iterable[str]], deadline: Deadline, classify: Callable[[BaseException], ChatFailure]
            ) -> Iterator[str]:
    """Pieces from ``produce()`` run in a worker thread, under ``deadline``; errors mapped by ``classify``."""
    pieces: queue.Queue = queue.Queue()
    stop = threading.Event()

    def run() -> None:
        try:
            for piece in produce():
                if stop.is_set():
                    return  # closes the stream (and its connection) early
                pieces.put(("piece", piece))
            pieces.put(("end", None))
        except Exception as exc:  # handed to the caller, who maps it to a failure reason
            pieces.put(("error", exc))

    threading.Thread(target=run, name="chat-call", daemon=True).start()
    limit_at = deadline.first_by
    try:
        while True:
            wait = min(limit_at, deadline.end_by) - time.monotonic()
            if wait <= 0:
                raise ChatFailure("timeout", "the model did not answer within the budget")
            try:
                kind, value = pieces.get(timeout=wait)
            except queue.Empty:
                raise ChatFailure("timeout", "the model did not answer within the budget") from None
            if kind == "end":
                return
            if kind == "error":
                raise classify(value)
            yield value
            limit_at = time.monotonic() + deadline.stall
    finally:
        stop.set()


class OpenAIChatModel:
    """Any OpenAI-compatible server (vLLM, Ollama, DeepSeek, Qwen …) through langchain-openai; no retries."""

    def __init__(self, base_url: str, model: str, api_key: str | None = None, timeout: float = 4.0):
        from langchain_openai import ChatOpenAI
        from pydantic import SecretStr

        self.id = f"openai-compatible:{model}@{base_url}"
        self.client = ChatOpenAI(
            model=model, base_url=base_url,
            api_key=SecretStr(api_key or "not-needed"),  # local servers take any key; the client insists on one
            timeout=timeout, max_retries=0, temperature=0,
        )

    def _bound(self, deadline: Deadline):
        return self.client.bind(timeout=deadline.remaining())

    def stream(self, messages: Messages, deadline: Deadline) -> Iterator[str]:
        model = self._bound(deadline)
        for piece in guarded(lambda: (c.content for c in model.stream(list(messages))), deadline, _classify):
            if isinstance(piece, str) and piece:
                yield piece

    def complete(self, messages: Messages, deadline: Deadline) -> str:
        model = self._bound(deadline)
        replies = list(guarded(lambda: [model.invoke(list(messages)).content], deadline, _classify))
        return "".join(r for r in replies if isinstance(r, str))


def _classify(exc: BaseException) -> ChatFailure:
    import openai

    if isinstance(exc, ChatFailure):
        return exc
    if isinstance(exc, openai.APITimeoutError | TimeoutError):
        return ChatFailure("timeout", str(exc))
    if not isinstance(exc, openai.OpenAIError | ValueError):
        log.exception("unexpected error calling the chat model", exc_info=exc)
    return ChatFailure("error", f"{type(exc).__name__}: {exc}")


__all__ = ["ChatFailure", "ChatModel", "Deadline", "OpenAIChatModel", "guarded"]
