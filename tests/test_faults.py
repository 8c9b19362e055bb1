"""Faults at start and at stop: damaged index files, a malformed plan, a shutdown mid-question.

Whatever happens to the built index, the assistant either rebuilds it at start and then answers
exactly as one with a clean index does, or refuses to start with an error that says what to fix;
it never serves answers from damaged vectors. A question in flight when the server stops gets
its answer or a clean connection error, never a hang or a garbled body.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import faiss
import httpx
import numpy as np
import pytest
from conftest import ROOT, SOURCE, LiveServer, free_port

from assistant.answer import Assistant
from assistant.config import Settings
from assistant.corpus import PlanFormatError
from assistant.store import _slug
from eval.bench import mixed_requests, valid_answer

# Questions answered from the index (not by the exact 第N条 routes, which do not touch it).
SEARCHED = [
    json.loads(line)
    for line in (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    if '"kind": "fact"' in line
][:8]
COMMUNITIES = next(q for q in SEARCHED if q["gold_tasks"] == [13])


def answers(assistant: Assistant) -> list[tuple[str, list[int]]]:
    out = []
    for q in SEARCHED:
        a = assistant.ask(q["question"])
        out.append((a.answer, [c.task for c in a.citations]))
    return out


@pytest.fixture(scope="module")
def reference(assistant) -> list[tuple[str, list[int]]]:
    """What the session's assistant (a clean index, built this session) answers."""
    return answers(assistant)


@pytest.fixture
def damaged(tmp_path, assistant):
    """A copy of a good built index in a folder of its own, to damage; returns (index_dir, target)."""
    index_dir = tmp_path / "index"
    slug = _slug(assistant.retriever.embedder.id)
    shutil.copytree(assistant.settings.index_dir / slug, index_dir / slug)
    return index_dir, index_dir / slug


@pytest.fixture
def start(assistant, monkeypatch):
    """Start an assistant the way the app does, on another index folder (or plan).

    It shares the session's warmed encoder (the same class and weights) instead of loading the
    weights again: what is under test is the index handling, and that stays the real code.
    """
    import assistant.answer as answer_module

    monkeypatch.setattr(answer_module, "make_embedder", lambda *a, **k: assistant.retriever.embedder)

    def _start(index_dir: Path, source: Path = SOURCE) -> Assistant:
        a = Assistant(Settings(source=source, index_dir=index_dir))
        a.warm_up()
        return a

    return _start


def assert_serves_a_sound_index(a: Assistant, target: Path, clean: Assistant, reference) -> None:
    """The index on disk is readable and holds the clean vectors; the answers are the clean ones."""
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["source_sha256"] == a.corpus.sha256 and manifest["embedder"] == a.retriever.embedder.id
    on_disk = faiss.read_index(str(target / "vectors.faiss"))
    good = clean.retriever.store.index
    assert on_disk.ntotal == good.ntotal == len(a.corpus.sentences)
    assert np.allclose(on_disk.reconstruct_n(0, on_disk.ntotal), good.reconstruct_n(0, good.ntotal), atol=1e-5)
    assert answers(a) == reference
    top = a.ask(COMMUNITIES["question"])
    assert top.found and top.citations[0].task == 13 and "【13】" in top.answer


def test_missing_index_is_built_at_start(tmp_path, assistant, reference, start):
    index_dir = tmp_path / "never-built"
    a = start(index_dir)
    assert_serves_a_sound_index(a, index_dir / _slug(a.retriever.embedder.id), assistant, reference)


def _truncate(p: Path) -> None:
    p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])


def _garbage(p: Path) -> None:
    p.write_bytes(np.random.default_rng(0).bytes(p.stat().st_size))


def _bit_rot(p: Path) -> None:
    # The header stays intact, so FAISS reads the file without complaint: only the vectors are wrong.
    data = bytearray(p.read_bytes())
    data[1000:60000] = np.random.default_rng(1).bytes(59000)
    p.write_bytes(bytes(data))


def _deleted(p: Path) -> None:
    p.unlink()


@pytest.mark.parametrize("damage", [_truncate, _garbage, _bit_rot, _deleted], ids=lambda f: f.__name__[1:])
def test_damaged_vectors_are_rebuilt_never_served(damaged, assistant, reference, start, damage):
    index_dir, target = damaged
    damage(target / "vectors.faiss")
    a = start(index_dir)
    assert_serves_a_sound_index(a, target, assistant, reference)


def _other_source(m: dict) -> None:
    m["source_sha256"] = "0" * 64


def _other_embedder(m: dict) -> None:
    m["embedder"] = "some-other-encoder@1.0"


def _other_format(m: dict) -> None:
    m["format"] = 0


def _shifted_offsets(m: dict) -> None:
    m["sentences"][5][3] += 1


@pytest.mark.parametrize("edit", [_other_source, _other_embedder, _other_format, _shifted_offsets],
                         ids=lambda f: f.__name__[1:])
def test_manifest_that_does_not_match_is_rebuilt(damaged, assistant, reference, start, edit):
    index_dir, target = damaged
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    edit(manifest)
    (target / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    a = start(index_dir)
    assert_serves_a_sound_index(a, target, assistant, reference)


@pytest.mark.parametrize("content", [b"{not json", "清单".encode("gbk")], ids=["not-json", "not-utf8"])
def test_unreadable_manifest_is_rebuilt(damaged, assistant, reference, start, content):
    index_dir, target = damaged
    (target / "manifest.json").write_bytes(content)
    a = start(index_dir)
    assert_serves_a_sound_index(a, target, assistant, reference)


def _malformed_plan(tmp_path: Path) -> tuple[Path, int]:
    """A copy of the plan with one line that is neither a section nor a task; returns (folder, line)."""
    src = tmp_path / "plan"
    src.mkdir()
    plan = next(SOURCE.glob("*.txt"))
    lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("15"))  # before a task line mid-plan
    lines.insert(at, "这一行既不是部分标题也不是编号任务\n")
    (src / plan.name).write_text("".join(lines), encoding="utf-8")
    return src, at + 1


def test_malformed_plan_is_a_clear_error_naming_the_line(tmp_path, start):
    src, line = _malformed_plan(tmp_path)
    with pytest.raises(PlanFormatError, match=rf"line {line}\b.*(section|task)"):
        start(tmp_path / "index", source=src)
    assert not (tmp_path / "index").exists() or not any((tmp_path / "index").rglob("vectors.faiss"))


def server_env(**extra: str) -> dict:
    return os.environ | {"GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"} | extra


def test_server_with_malformed_plan_refuses_to_start_and_says_why(tmp_path):
    """What an operator sees: `python app.py` exits with the plan's file and line, never serves."""
    src, line = _malformed_plan(tmp_path)
    port = free_port()
    env = server_env(ASSISTANT_SOURCE=str(src), ASSISTANT_INDEX_DIR=str(tmp_path / "index"))
    proc = subprocess.run(
        [sys.executable, "app.py", "--port", str(port)], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "PlanFormatError" in out and f"line {line}" in out and next(SOURCE.glob("*.txt")).name in out


def test_question_in_flight_at_shutdown_is_answered(assistant, monkeypatch):
    """Graceful stop: the server stops accepting, finishes the question it holds, then exits."""
    from app import create_app

    entered, release = threading.Event(), threading.Event()
    real_ask = assistant.ask

    def held_ask(*args, **kwargs):
        entered.set()
        release.wait(timeout=30)  # hold the question inside the answer path while the server stops
        return real_ask(*args, **kwargs)

    monkeypatch.setattr(assistant, "ask", held_ask)
    result: dict = {}

    # (a grace long enough for a loaded machine: the polling below uses part of it; 2 s once ran out in CI)
    with LiveServer(create_app(assistant=assistant, ui=False), graceful=10) as server:

        def client() -> None:
            try:
                result["response"] = httpx.post(f"{server.url}/api/ask", json={"question": COMMUNITIES["question"]},
                                                timeout=30)
            except httpx.HTTPError as exc:
                result["error"] = exc

        t = threading.Thread(target=client)
        t.start()
        assert entered.wait(timeout=10), "the question never reached the assistant"
        server.server.should_exit = True  # what SIGINT/SIGTERM do to uvicorn
        deadline = time.time() + 10
        while time.time() < deadline:  # the listening socket closes first
            try:
                httpx.get(f"{server.url}/healthz", timeout=1)
            except httpx.ConnectError:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the server kept accepting new connections after it was told to stop")
        release.set()
        t.join(timeout=30)
        assert not t.is_alive(), "the client hung"
        server.thread.join(timeout=15)
        assert not server.thread.is_alive(), "the server did not finish shutting down"

    r = result.get("response")
    assert r is not None, f"the question in flight got no answer: {result.get('error')!r}"
    assert valid_answer(r) and r.json()["citations"][0]["task"] == 13


async def _burst(url: str, n: int, on_first) -> list:
    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=n)) as c:
        first = asyncio.Event()

        async def one(body):
            try:
                r = await c.post(f"{url}/api/ask", json=body)
                return r
            except httpx.TimeoutException as exc:
                return exc  # a hang: reported as a failure below
            except httpx.TransportError as exc:
                return exc  # refused / reset / closed: a clean connection error
            finally:
                if not first.is_set():
                    first.set()
                    on_first()

        return await asyncio.gather(*(one(b) for b in mixed_requests(n)))


@pytest.mark.parametrize("workers", [1, 2])
def test_sigterm_during_a_burst_answers_or_cleanly_refuses(tmp_path, workers):
    """The real server (`python app.py --workers N`) gets SIGTERM while 48 questions are in flight."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(tmp_path / "server.log", "w")
    # (48 clients, all on loopback: one address, so no cap on requests in progress per address)
    proc = subprocess.Popen([sys.executable, "app.py", "--port", str(port), "--workers", str(workers)], cwd=ROOT,
                            env=server_env(ASSISTANT_MAX_IN_FLIGHT="0"), stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 120
        while True:
            assert proc.poll() is None, (tmp_path / "server.log").read_text()
            try:  # every worker up, not just the first
                up = httpx.get(f"{url}/healthz", timeout=2).status_code == 200
                if up and (tmp_path / "server.log").read_text().count("Application startup complete") >= workers:
                    break
            except httpx.TransportError:
                pass
            assert time.time() < deadline, "the server did not start"
            time.sleep(0.1)
        results = asyncio.run(_burst(url, 48, lambda: proc.send_signal(signal.SIGTERM)))
        # uvicorn shuts down gracefully, then re-raises the signal it caught: -SIGTERM is a clean exit.
        assert proc.wait(timeout=30) in (0, -signal.SIGTERM), "the server did not exit on SIGTERM"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.close()

    server_log = (tmp_path / "server.log").read_text()
    assert server_log.count("Finished server process") == workers, server_log[-2000:]  # graceful, not killed
    hangs = [r for r in results if isinstance(r, httpx.TimeoutException)]
    assert not hangs, f"{len(hangs)} questions hung"
    responses = [r for r in results if isinstance(r, httpx.Response)]
    assert responses, "no question was answered before the server stopped"
    bad = [(r.status_code, r.text[:200]) for r in responses if not valid_answer(r)]
    assert not bad, f"garbled or failed answers: {bad[:3]}"
    errors = {type(r).__name__ for r in results if isinstance(r, Exception)}
    assert errors <= {"ConnectError", "RemoteProtocolError", "ReadError", "WriteError"}, errors
