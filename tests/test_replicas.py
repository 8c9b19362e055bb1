"""Several copies of the app sharing one real Redis: one limit, one answer per WeChat message, Redis lost.

A real ``redis-server`` runs on a free loopback port (no disk), and three real ``python app.py``
processes start at the same moment against one empty index folder:

- A and B (``ASSISTANT_REDIS_FAIL=open``) and C (``closed``), each on its own port;
- all of them use a local OpenAI-compatible fake model (tests/fake_llm.py), which records every
  request: that is how "the answer was computed once" is observed across processes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from conftest import ROOT, SOURCE, free_port
from test_wechat import MARK, TOKEN, new_user, reply_of, signed_params, text_xml

from assistant.config import Settings
from assistant.state import PREFIX, RETRY_S, RedisUnavailable, make_state, safe_url

REDIS = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(
    REDIS is None, reason="redis-server is not installed (bash scripts/test installs Debian's redis-server)")

LIMIT = 5  # per minute, per API key: ASSISTANT_RATE_LIMIT=5/minute
KEYS = ["k-shared", "k-down", "k-back", "k-closed", "k-bench"]
QUESTION = "到2025年建设多少个未来社区？"


class RedisServer:
    """redis-server on a loopback port, in a temporary folder, saving nothing; can be stopped and restarted."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        self.proc = subprocess.Popen(
            [REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        for _ in range(100):
            try:
                client.ping()
                return self
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None

    def client(self):
        import redis

        return redis.Redis(port=self.port, decode_responses=True)


class AppProcess:
    """``python app.py --port P`` with its own environment; its log (stdout and stderr) in a file."""

    def __init__(self, name: str, env: dict[str, str], folder: Path):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = folder / f"{name}.log"
        self.env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", **env}
        self.proc: subprocess.Popen | None = None

    def start(self) -> AppProcess:
        log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([sys.executable, "app.py", "--port", str(self.port)], cwd=ROOT, env=self.env,
                                     stdout=log, stderr=subprocess.STDOUT)
        log.close()
        return self

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.log()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not become ready:\n{self.log()}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def log(self) -> str:
        return self.log_path.read_text("utf-8", "replace")

    def tasks(self, key: str) -> httpx.Response:
        return httpx.get(f"{self.url}/api/tasks", headers={"X-API-Key": key}, timeout=30)

    def wechat(self, xml: str, params: dict | None = None) -> httpx.Response:
        return httpx.post(f"{self.url}/wechat", params=params or signed_params(), content=xml.encode("utf-8"),
                          headers={"Content-Type": "text/xml"}, timeout=30)


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def fake_llm():
    from fake_llm import FakeLLM

    with FakeLLM() as fake:
        yield fake


@pytest.fixture(scope="module")
def copies(redis_server, fake_llm, tmp_path_factory):
    """Three app processes started together against one EMPTY index folder: A, B (fail open), C (closed)."""
    folder = tmp_path_factory.mktemp("copies")
    env = {
        "ASSISTANT_SOURCE": str(SOURCE), "ASSISTANT_INDEX_DIR": str(folder / "index"),
        "ASSISTANT_REDIS_URL": redis_server.url, "ASSISTANT_RATE_LIMIT": f"{LIMIT}/minute",
        "ASSISTANT_API_KEYS": ",".join(KEYS), "WECHAT_TOKEN": TOKEN,
        "ASSISTANT_LLM_BASE_URL": fake_llm.base_url, "ASSISTANT_LLM_MODEL": "fake-model",
    }
    procs = {
        "A": AppProcess("A", env, folder), "B": AppProcess("B", env, folder),
        "C": AppProcess("C", {**env, "ASSISTANT_REDIS_FAIL": "closed"}, folder),
    }
    try:
        for p in procs.values():
            p.start()
        for p in procs.values():
            p.wait_ready()
        yield procs
    finally:
        for p in procs.values():
            p.stop()


# ---- the store itself, against the real server -------------------------------------------------


def test_redis_store_claims_once_and_hands_the_reply_to_every_copy(redis_server):
    settings = Settings(source=SOURCE, redis_url=redis_server.url)
    one, two = make_state(settings), make_state(settings)  # two copies' views of the same Redis
    try:
        key = f"wechat:reply:{time.time_ns()}"
        assert one.store.claim(key, 30) is True
        assert two.store.claim(key, 30) is False  # the other copy must wait, not compute
        assert two.store.get(key) is None  # claimed, no reply yet
        one.store.put(key, "答复【13】", 30)
        assert two.store.get(key) == "答复【13】"
        one.store.put(key + ":short", "x", 0.05)
        time.sleep(0.2)
        assert two.store.get(key + ":short") is None  # expired
        assert redis_server.client().exists(PREFIX + key)  # namespaced keys
    finally:
        one.close()
        two.close()


def test_redis_unreachable_at_start_is_a_clear_error(tmp_path):
    dead = f"redis://:s3cret@127.0.0.1:{free_port()}/0"
    with pytest.raises(RedisUnavailable) as err:
        make_state(Settings(source=SOURCE, redis_url=dead))
    assert safe_url(dead) in str(err.value) and "s3cret" not in str(err.value)
    assert "not reachable" in str(err.value) and "unset ASSISTANT_REDIS_URL" in str(err.value)
    # and the real command refuses to start, naming the URL, before loading anything
    env = {**os.environ, "ASSISTANT_REDIS_URL": dead, "ASSISTANT_INDEX_DIR": str(tmp_path),
           "GRADIO_ANALYTICS_ENABLED": "False"}
    run = subprocess.run([sys.executable, "app.py", "--port", str(free_port())], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert f"ASSISTANT_REDIS_URL={safe_url(dead)}: Redis is not reachable" in run.stderr
    assert "Traceback" not in run.stderr and not list(tmp_path.iterdir())  # no index was built


# ---- copies: one index build, one limit, one answer per WeChat message -----------------------------


def test_copies_started_together_build_the_index_once(copies):
    builds = {name: p.log().count("building the index") for name, p in copies.items()}
    assert sum(builds.values()) == 1, builds
    index_dir = Path(copies["A"].env["ASSISTANT_INDEX_DIR"])
    built = [d for d in index_dir.iterdir() if d.is_dir()]
    assert len(built) == 1 and (built[0] / "manifest.json").exists()  # no temporary build left over
    for p in copies.values():
        assert p.log().count("shared state in Redis at") == 1


def test_one_client_has_one_limit_whichever_copy_it_hits(copies):
    a, b = copies["A"], copies["B"]
    seen = []
    for i in range(LIMIT):
        r = (a, b)[i % 2].tasks("k-shared")
        assert r.status_code == 200, r.text
        seen.append(int(r.headers["X-RateLimit-Remaining"]))
    assert seen == list(range(LIMIT - 1, -1, -1))  # one count, shared: 4 3 2 1 0 across A, B, A, B, A
    for p in (b, a):  # the 6th and 7th, on either copy
        r = p.tasks("k-shared")
        assert r.status_code == 429 and "Retry-After" in r.headers
        assert "too many requests" in r.json()["detail"]
    assert a.tasks("k-back").status_code == 200  # another key has its own limit


def test_a_wechat_retry_on_another_copy_gets_the_first_answer_computed_once(copies, fake_llm, redis_server):
    a, b = copies["A"], copies["B"]

    def asked() -> int:  # the model's requests for this question (condensing and answering alike)
        return sum(QUESTION in json.dumps(r, ensure_ascii=False) for r in fake_llm.requests)

    # A model that takes 1.5 s: WeChat's retry reaches copy B while copy A is still computing.
    user, msg_id = new_user(), time.time_ns() >> 4
    before = asked()
    fake_llm.delay = 1.5
    try:
        first: dict = {}
        t = threading.Thread(target=lambda: first.setdefault("r", a.wechat(text_xml(QUESTION, user, msg_id))))
        t.start()
        time.sleep(0.5)
        retry = reply_of(b.wechat(text_xml(QUESTION, user, msg_id)))
        t.join()
    finally:
        fake_llm.delay = 0.0
    original = reply_of(first["r"])
    assert retry.content == original.content and MARK.search(original.content)
    once = asked() - before
    # The third attempt, after the first finished, is answered from Redis too.
    assert reply_of(a.wechat(text_xml(QUESTION, user, msg_id))).content == original.content
    assert asked() - before == once

    # The same question as a NEW message (another user) costs one computation: the retries cost none.
    base = asked()
    assert MARK.search(reply_of(b.wechat(text_xml(QUESTION, new_user()))).content)
    assert once == asked() - base >= 1
    # The user's history (what a follow-up on any copy reads) holds the question once.
    history = json.loads(redis_server.client().get(f"{PREFIX}wechat:history:{user}")[1:])
    assert [t["content"] for t in history if t["role"] == "user"] == [QUESTION]


def test_a_signature_replayed_to_another_copy_is_refused(copies):
    params = signed_params()
    assert MARK.search(reply_of(copies["A"].wechat(text_xml("第22条讲什么？", new_user()), params)).content)
    replay = copies["B"].wechat(text_xml("第13条讲什么？", new_user()), params)
    assert replay.status_code == 403 and "already used" in replay.json()["detail"]


# ---- Redis lost while running, then back ----------------------------------------------------------


def test_redis_lost_answers_keep_flowing_and_the_log_says_so_once(copies, redis_server):
    a, c = copies["A"], copies["C"]
    redis_server.stop()
    try:
        # fail open: over the limit and still answered, WeChat included
        assert [a.tasks("k-down").status_code for _ in range(LIMIT + 3)] == [200] * (LIMIT + 3)
        ask = httpx.post(f"{a.url}/api/ask", json={"question": "第14条讲什么？"}, headers={"X-API-Key": "k-down"},
                         timeout=30)
        assert ask.status_code == 200 and "【14】" in ask.json()["answer"]
        assert "【15】" in reply_of(a.wechat(text_xml("第15条讲什么？", new_user()))).content
        # fail closed: limited routes refuse with a reason; unlimited ones (health) still answer
        for _ in range(3):
            r = c.tasks("k-closed")
            assert r.status_code == 503 and "Redis is unreachable" in r.json()["detail"]
            assert r.headers["Retry-After"]
        assert httpx.get(f"{c.url}/healthz", timeout=10).status_code == 200
        assert "稍后再试" in reply_of(c.wechat(text_xml("第16条讲什么？", new_user()))).content
        for p in (a, c):
            assert p.log().count("is unreachable") == 1, p.log()[-3000:]
        assert "rate limits are NOT enforced (ASSISTANT_REDIS_FAIL=open)" in a.log()
        assert "refused with 503 (ASSISTANT_REDIS_FAIL=closed)" in c.log()
    finally:
        redis_server.start()  # same port, empty

    time.sleep(RETRY_S + 0.3)  # the next request past the retry interval finds Redis again
    statuses = [a.tasks("k-back").status_code for _ in range(LIMIT + 1)]
    assert statuses == [200] * LIMIT + [429]  # enforced again (the restarted Redis starts empty)
    assert c.tasks("k-closed").status_code == 200
    for p in (a, c):
        assert p.log().count("reachable again") == 1
        assert p.log().count("is unreachable") == 1
