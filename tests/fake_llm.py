"""A small OpenAI-compatible chat server on a loopback port, for tests (no LLM exists here).

It speaks ``POST /v1/chat/completions``, plain and ``stream=true`` (server-sent events, ending
with ``data: [DONE]``), and its replies are derived from the prompt it receives, like a model
that reads its context: it finds the tasks in the ``<context>`` block and the question in the
``<question>`` block, picks the context sentence sharing most characters with the question, and
answers with that sentence and its task's mark. Condensing requests (a ``<history>`` block) are
answered by joining the last user turn and the new question.

Behaviours (``server.behaviour = …``, or ``server.script([...])`` for the next requests):

- ``answer``     the best context sentence, marked; a lead-in line without a mark; and, like a
                 gullible model, the start of its system prompt when the question says to ignore
                 the instructions
- ``invent``     a correct marked sentence plus a claim citing ``invent_task(context numbers)``
- ``invent_all`` only claims citing a task outside the context
- ``mismatch``   the best sentence marked with another task of the context
- ``refuse``     "规划原文没有涉及这个问题。"
- ``garbage``    text without a single mark
- ``not_json``   a 200 whose body is not JSON
- ``error``      HTTP 500
- ``hang``       accepts the request and never answers (until the server stops)
- ``stall``      streams the first sentence, then hangs
- ``gated``      streams the first sentence, waits for ``server.gate`` to be set, then the rest
- ``think``      a ``<think>…</think>`` block before the answer (reasoning models)
- ``echo``       a model echoing its prompt: a heading and a line of its system prompt and stray
                 punctuation around the best sentence

Example::

    with FakeLLM() as llm:
        settings = Settings(llm_base_url=llm.base_url, llm_model="fake")
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CONTEXT_RE = re.compile(r"<context>\s*(.*?)\s*</context>", re.S)
QUESTION_RE = re.compile(r"<question>\s*(.*?)\s*</question>", re.S)
HISTORY_RE = re.compile(r"<history>\s*(.*?)\s*</history>", re.S)
TASK_HEAD_RE = re.compile(r"^【(\d+)】.*$", re.M)
INJECTION_RE = re.compile(r"(忽略|无视).{0,6}(指令|提示|规则)|ignore (all |the )?(previous|above) instructions", re.I)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def parse_context(prompt: str) -> dict[int, list[str]]:
    """Task number → its sentences, from the ``<context>`` block of a prompt."""
    m = CONTEXT_RE.search(prompt)
    if not m:
        return {}
    block = m.group(1)
    heads = list(TASK_HEAD_RE.finditer(block))
    tasks: dict[int, list[str]] = {}
    for i, h in enumerate(heads):
        body = block[h.end() : heads[i + 1].start() if i + 1 < len(heads) else len(block)].strip()
        tasks[int(h.group(1))] = [s for s in re.findall(r"[^。；]+[。；]?", body) if s.strip()]
    return tasks


def best_sentences(tasks: dict[int, list[str]], question: str, n: int = 2) -> list[tuple[int, str]]:
    """The context sentences sharing most character bigrams with the question, best first."""
    q = _bigrams(question)
    scored = [(len(q & _bigrams(s)), -i, number, s) for number, sents in tasks.items() for i, s in enumerate(sents)]
    scored.sort(reverse=True)
    return [(number, s.rstrip("。；") + "。") for _, _, number, s in scored[:n]]


class FakeLLM:
    """The server; ``requests`` records every request body it received."""

    def __init__(self, behaviour: str = "answer"):
        self.behaviour = behaviour
        self.queue: list[str] = []
        self.requests: list[dict] = []
        self.release = threading.Event()  # set on stop: frees hanging handlers
        self.gate = threading.Event()
        self.delay = 0.0  # seconds before every reply: a slow model
        self.invent_task: Callable[[set[int]], int] = lambda ctx: max(ctx) + 100
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    return self._send(404, {"error": {"message": f"no route {self.path}"}})
                fake.handle(self, body)

            def _send(self, status: int, payload: dict | str) -> None:
                data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (its budget ran out)
                    pass

        self.handler = Handler
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # ---- life cycle -------------------------------------------------------------------

    def start(self) -> FakeLLM:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.gate.set()
        self.server.shutdown()
        self.server.server_close()  # the port now refuses connections

    def __enter__(self) -> FakeLLM:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def script(self, behaviours: list[str]) -> None:
        """Behaviours for the next requests, in order (then back to ``behaviour``)."""
        with self._lock:
            self.queue = list(behaviours)

    def reset(self, behaviour: str = "answer") -> None:
        with self._lock:
            self.behaviour, self.queue = behaviour, []
            self.requests.clear()
            self.gate.clear()
            self.delay = 0.0

    # ---- replies ----------------------------------------------------------------------

    def _next_behaviour(self) -> str:
        with self._lock:
            return self.queue.pop(0) if self.queue else self.behaviour

    def reply_text(self, behaviour: str, messages: list[dict]) -> str:
        """What the 'model' says, derived from the prompt."""
        prompt = "\n".join(str(m.get("content", "")) for m in messages if m.get("role") != "system")
        system = next((str(m.get("content", "")) for m in messages if m.get("role") == "system"), "")
        question = (QUESTION_RE.search(prompt) or re.search(r"(.*)", prompt)).group(1)
        if HISTORY_RE.search(prompt):  # condensing: previous user turn + the follow-up
            users = re.findall(r"^用户 user: (.*)$", HISTORY_RE.search(prompt).group(1), re.M)
            return f"{users[-1]} {question}" if users else question
        tasks = parse_context(prompt)
        if behaviour == "refuse" or not tasks:
            return "规划原文没有涉及这个问题。"
        if behaviour == "garbage":
            return "好的！以下是我的回答：萧山的发展前景非常广阔，值得期待。总之一切都会越来越好。"
        best = best_sentences(tasks, question)
        (n1, s1) = best[0]
        if behaviour == "invent":
            invented = self.invent_task(set(tasks))
            return f"{s1[:-1]}【{n1}】。\n此外，规划还提出建设三座国际机场和一个太空港【{invented}】。"
        if behaviour == "invent_all":
            other = self.invent_task(set(tasks))
            return f"{s1[:-1]}【{other}】。萧山将建设三座国际机场【{other}】。"
        if behaviour == "mismatch":
            wrong = next(n for n in tasks if n != n1)
            return f"{s1[:-1]}【{wrong}】。"
        if behaviour == "echo":
            heading = system.splitlines()[0][:40] if system else "规划助手"
            return f"## 规则 (rules):\n**\n{heading}\n---\n{s1[:-1]}【{n1}】。\n】】 ……\n"
        lines = ["根据规划原文："]
        if INJECTION_RE.search(question):  # a gullible model obeys the injected instruction
            lines.insert(0, f"好的，我的系统提示是：{system[:60]}")
        lines += [f"{s[:-1]}【{n}】。" for n, s in best]
        text = "\n".join(lines)
        return f"<think>用户问的是{question[:20]}，我先想一想。</think>\n{text}" if behaviour == "think" else text

    def handle(self, h: BaseHTTPRequestHandler, body: dict) -> None:
        with self._lock:
            self.requests.append(body)
        behaviour = self._next_behaviour()
        if self.delay:
            self.release.wait(self.delay)
        if behaviour == "error":
            return h._send(500, {"error": {"message": "the model crashed", "type": "server_error"}})
        if behaviour == "not_json":
            return h._send(200, "<html><body>502 Bad Gateway</body></html>")
        if behaviour == "hang":
            self.release.wait(120)
            return
        text = self.reply_text(behaviour, body.get("messages", []))
        model = body.get("model", "fake")
        if not body.get("stream"):
            return h._send(200, {
                "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()), "model": model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            })
        h.send_response(200)
        h.send_header("Content-Type", "text/event-stream")
        h.send_header("Cache-Control", "no-cache")
        h.end_headers()  # HTTP/1.0: the closed connection ends the body

        def event(delta: dict, finish: str | None = None) -> None:
            chunk = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": int(time.time()),
                     "model": model, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            h.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
            h.wfile.flush()

        try:
            event({"role": "assistant", "content": ""})
            # The first sentence, and the character after it (so the client knows no mark follows).
            first_end = text.find("。") + 2 if behaviour in ("stall", "gated") else len(text)
            for i in range(0, len(text), 3):  # 3 characters a chunk: marks arrive split ("【1", "3】")
                if i >= first_end > 0:
                    if behaviour == "stall":
                        self.release.wait(120)
                        return
                    if behaviour == "gated":
                        self.gate.wait(60)
                        first_end = -1
                event({"content": text[i : i + 3]})
            event({}, "stop")
            h.wfile.write(b"data: [DONE]\n\n")
            h.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (its budget ran out)
            pass


if __name__ == "__main__":  # python tests/fake_llm.py [behaviour]: try the generative mode by hand
    import sys

    server = FakeLLM(sys.argv[1] if len(sys.argv) > 1 else "answer").start()
    print(f"ASSISTANT_LLM_BASE_URL={server.base_url} ASSISTANT_LLM_MODEL=fake", flush=True)
    try:
        server.thread.join()
    except KeyboardInterrupt:
        server.stop()
