"""API keys, rate limits and the body cap, through real servers on loopback (the full app, chat UI included).

Per-address limits are exercised with ``X-Forwarded-For``: these servers list 127.0.0.1 in
``ASSISTANT_TRUSTED_PROXIES``, exactly as when nginx runs in front on the same host, so each
forwarded address is a distinct client to the limiter (tests/test_attacks.py checks the default,
which believes no one).
"""

from __future__ import annotations

import json

import httpx
import pytest
from conftest import SOURCE, LiveServer

from assistant.config import Settings
from assistant.security import DEFAULT_UI_LIMIT, RateLimiter

KEYS = ["key-alpha-7f3a", "key-beta-91c2"]


def serve(index_dir, assistant, ui: bool = True, **settings):
    from app import create_app

    settings.setdefault("trusted_proxies", "127.0.0.1")
    return LiveServer(create_app(settings=Settings(source=SOURCE, index_dir=index_dir, **settings),
                                 assistant=assistant, ui=ui))


@pytest.fixture(scope="module")
def keyed(assistant, index_dir):
    """Keys and a limit of 3 a minute: the service as an operator exposes it to bots."""
    with serve(index_dir, assistant, api_keys=",".join(KEYS), rate_limit="3/minute") as server:
        yield server


@pytest.fixture(scope="module")
def keys_only(assistant, index_dir):
    """Keys but no rate limit: the API is unlimited for key holders, the open UI still is not."""
    with serve(index_dir, assistant, api_keys=KEYS) as server:
        yield server


@pytest.fixture(scope="module")
def keyless(assistant, index_dir):
    """No keys, a limit of 2 a minute per client address."""
    with serve(index_dir, assistant, ui=False, rate_limit="2/minute", max_body_bytes=64 * 1024) as server:
        yield server


def ask(server, question: str, key: str | None = None, client: str | None = None) -> httpx.Response:
    headers = {}
    if key:
        headers["X-API-Key"] = key
    if client:
        headers["X-Forwarded-For"] = client
    return httpx.post(f"{server.url}/api/ask", json={"question": question}, headers=headers, timeout=30)


_ui_paths: dict[str, str] = {}


def ui_call(server, client: str) -> httpx.Response:
    """What a script driving the chat UI's own API sends: a call to its first named endpoint."""
    if server.url not in _ui_paths:
        info = httpx.get(f"{server.url}/gradio_api/info", timeout=30)
        named = list(info.json().get("named_endpoints", {})) if info.status_code == 200 else []
        _ui_paths[server.url] = f"/gradio_api/call{named[0]}" if named else "/gradio_api/queue/join"
    return httpx.post(f"{server.url}{_ui_paths[server.url]}", json={"data": ["第22条讲什么？", []]},
                      headers={"X-Forwarded-For": client}, timeout=30)


# ---- API keys -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/ask", "/api/tasks", "/api/tasks/22", "/api/sections", "/api/no-such-route"])
def test_every_api_call_needs_a_key(keyed, path):
    r = httpx.request("POST" if path == "/api/ask" else "GET", f"{keyed.url}{path}",
                      json={"question": "第22条讲什么？"} if path == "/api/ask" else None)
    assert r.status_code == 401
    assert "X-API-Key" in r.json()["detail"]


def test_a_wrong_key_is_refused_with_a_message(keyed):
    r = ask(keyed, "第22条讲什么？", key="key-alpha-7f3b")
    assert r.status_code == 401
    assert "not a valid key" in r.json()["detail"]


def test_the_chat_page_health_and_docs_stay_open(keyed):
    for path in ("/", "/healthz", "/docs", "/openapi.json"):
        r = httpx.get(f"{keyed.url}{path}", timeout=30)
        assert r.status_code == 200, path


def test_the_docs_tell_bots_which_header_to_send(keyed):
    schema = httpx.get(f"{keyed.url}/openapi.json").json()
    assert schema["components"]["securitySchemes"]["APIKey"] == {
        "type": "apiKey", "in": "header", "name": "X-API-Key", "description": "one of the keys in ASSISTANT_API_KEYS"}
    assert schema["paths"]["/api/ask"]["post"]["security"] == [{"APIKey": []}]
    assert "security" not in schema["paths"]["/healthz"]["get"]


# ---- rate limits --------------------------------------------------------------------------------


def test_limit_per_key_with_retry_after_and_another_key_unaffected(keyed):
    alpha, beta = KEYS
    remaining = []
    for _ in range(3):
        r = ask(keyed, "到2025年建设多少个未来社区？", key=alpha)
        assert r.status_code == 200
        assert r.json()["citations"][0]["task"] == 13
        remaining.append(int(r.headers["X-RateLimit-Remaining"]))
    assert remaining == [2, 1, 0]
    over = ask(keyed, "到2025年建设多少个未来社区？", key=alpha)
    assert over.status_code == 429
    assert 1 <= int(over.headers["Retry-After"]) <= 60
    assert "retry in" in over.json()["detail"] and "3 per 1 minute" in over.json()["detail"]
    # Another bot's key has its own budget.
    other = ask(keyed, "第22条讲什么？", key=beta)
    assert other.status_code == 200 and other.json()["citations"][0]["task"] == 22


def test_limit_per_client_address_without_keys(keyless):
    for _ in range(2):
        assert ask(keyless, "第22条讲什么？", client="198.51.100.7").status_code == 200
    over = ask(keyless, "第22条讲什么？", client="198.51.100.7")
    assert over.status_code == 429 and int(over.headers["Retry-After"]) >= 1
    assert "your address" in over.json()["detail"]
    assert ask(keyless, "第22条讲什么？", client="198.51.100.8").status_code == 200


def test_the_ui_api_is_limited_per_address_and_the_page_is_not(keyed):
    first = [ui_call(keyed, "203.0.113.20") for _ in range(3)]
    assert all(r.status_code not in (401, 429) for r in first), [r.status_code for r in first]
    over = ui_call(keyed, "203.0.113.20")
    assert over.status_code == 429 and int(over.headers["Retry-After"]) >= 1
    assert ui_call(keyed, "203.0.113.21").status_code != 429  # another visitor
    page = httpx.get(keyed.url + "/", headers={"X-Forwarded-For": "203.0.113.20"}, timeout=30)
    assert page.status_code == 200  # reading the page is never throttled


def test_keys_without_a_limit_leave_the_api_free_but_not_the_ui(keys_only):
    for _ in range(5):
        assert httpx.get(f"{keys_only.url}/api/tasks/22", headers={"X-API-Key": KEYS[0]}).status_code == 200
    allowed = int(DEFAULT_UI_LIMIT.split("/")[0])
    codes = [ui_call(keys_only, "203.0.113.30").status_code for _ in range(allowed + 1)]
    assert 429 not in codes[:allowed] and codes[-1] == 429


def test_a_limit_of_several_rates_holds_each(tmp_path):
    limiter = RateLimiter("2/second;3/minute")
    assert [limiter.hit("api", "k") for _ in range(2)] == [None, None]
    assert limiter.hit("api", "k") is not None  # 2/second
    assert limiter.hit("api", "other") is None
    with pytest.raises(ValueError, match="20/minute"):
        Settings(rate_limit="twenty a minute")


# ---- body cap -----------------------------------------------------------------------------------


def test_a_body_over_the_cap_is_refused_before_parsing(keyless):
    big = json.dumps({"question": "第22条讲什么？", "pad": "x" * (80 * 1024)}).encode()
    r = httpx.post(f"{keyless.url}/api/ask", content=big, headers={"Content-Type": "application/json",
                                                                      "X-Forwarded-For": "198.51.100.50"})
    assert r.status_code == 413 and "at most 65536 bytes" in r.json()["detail"]

    def chunks():  # no Content-Length: the body is read only up to the cap
        for _ in range(100):
            yield b"x" * 1024

    r = httpx.post(f"{keyless.url}/api/ask", content=chunks(), headers={"Content-Type": "application/json",
                                                                           "X-Forwarded-For": "198.51.100.51"})
    assert r.status_code == 413


def test_the_default_cap_admits_the_largest_valid_request(keyed):
    """1000-character question and 20 turns of 4000 characters, JSON-escaped: still under the 1 MiB default."""
    history = [{"role": "user" if i % 2 == 0 else "assistant", "content": "未" * 4000} for i in range(20)]
    body = json.dumps({"question": "那未来乡村呢？" + "？" * 990, "history": history}).encode()  # \\u escapes
    assert len(body) > 450_000
    r = httpx.post(f"{keyed.url}/api/ask", content=body, timeout=30,
                   headers={"Content-Type": "application/json", "X-API-Key": KEYS[1]})
    assert r.status_code == 200, r.text[:300]


def test_one_client_may_have_only_a_few_questions_in_progress_at_once(assistant, index_dir):
    """A burst of the costliest questions from one address: past the cap they get 429 at once (with a
    message and Retry-After), not a place in the queue every other client waits in; another address, and
    the same one once its answers are back, are served."""
    import asyncio

    story = "我家老人腿脚不好，想问问养老方面有什么政策，社区里能不能上门照顾。" * 90  # (about 3,000 characters)
    history = [{"role": "user" if i % 2 == 0 else "assistant", "content": story} for i in range(20)]
    body = {"question": "那托育呢？" + "还有" * 400, "history": history}

    async def burst(url: str) -> list[httpx.Response]:
        async with httpx.AsyncClient(timeout=60) as c:
            return await asyncio.gather(*(c.post(f"{url}/api/ask", json=body, headers={"X-Forwarded-For": "10.0.0.7"})
                                          for _ in range(8)))

    with serve(index_dir, assistant, ui=False, max_in_flight=2) as server:
        results = asyncio.run(burst(server.url))
        codes = sorted(r.status_code for r in results)
        assert set(codes) == {200, 429} and codes.count(200) >= 2, codes
        refused = next(r for r in results if r.status_code == 429)
        assert refused.headers["Retry-After"] == "1" and "at most 2 in progress" in refused.json()["detail"]
        assert ask(server, "第22条讲什么？", client="10.0.0.8").status_code == 200  # another address
        assert ask(server, "第22条讲什么？", client="10.0.0.7").status_code == 200  # its answers are back
