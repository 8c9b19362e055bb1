"""The holes found by attacking the running server (issue 10), each sent exactly as the attacker sent it.

Every test here failed on the code before the fix: a file read through the chat, a body cap walked
past with Content-Length plus chunked, a WeChat signature replayed with another body, and the
smaller points of the same pass.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import time
import uuid

import httpx
import pytest
from conftest import SOURCE, LiveServer
from pydantic import ValidationError
from test_wechat import AES_KEY, APPID, TOKEN, new_user, reply_of, safe_server, send, signed_params, text_xml  # noqa: F401

from assistant.config import Settings

# ---- 1. no file on the server can be read through the chat ---------------------------------------


@pytest.fixture(scope="module")
def ui_server(assistant, index_dir):
    from app import create_app

    with LiveServer(create_app(settings=Settings(source=SOURCE, index_dir=index_dir), assistant=assistant)) as s:
        yield s


@pytest.fixture()
def secret_file(tmp_path_factory):
    """A file outside every path the app may serve, holding a value that must never come back."""
    secret = f"SECRET-{uuid.uuid4().hex}"
    path = tmp_path_factory.mktemp("outside") / "credentials.env"
    path.write_text(f"API_KEY={secret}\n", encoding="utf-8")
    return path, secret


def file_part(path) -> list[dict]:
    return [{"type": "file", "file": {"path": str(path), "meta": {"_type": "gradio.FileData"}}}]


def poisoned_history(path) -> list[dict]:
    return [{"role": "user", "content": file_part(path)},
            {"role": "assistant", "content": [{"type": "text", "text": "好的"}]}]


def leaked(server, text: str, secret: str) -> bool:
    """Whether the secret is in a response, or behind any file URL the response hands out."""
    if secret in text:
        return True
    for url in set(re.findall(r"(?:https?://[^\"'\s]+)?/gradio_api/file=[^\"'\s\\]+", text)):
        full = url if url.startswith("http") else server.url + url
        if secret in httpx.get(full, timeout=30).text:
            return True
    return False


def sse_text(server, path: str, payload: dict) -> str:
    """POST a /call/ request, then read its event stream to the end."""
    r = httpx.post(f"{server.url}{path}", json=payload, timeout=30)
    out = r.text
    if r.status_code == 200 and "event_id" in r.json():
        out += httpx.get(f"{server.url}{path}/{r.json()['event_id']}", timeout=60).text
    return out


def named_endpoints(server) -> list[str]:
    info = httpx.get(f"{server.url}/gradio_api/info", timeout=30).json()
    return list(info.get("named_endpoints", {}))


def test_chat_history_cannot_carry_a_file_out(ui_server, secret_file):
    path, secret = secret_file
    endpoints = named_endpoints(ui_server)
    assert endpoints, "the UI has API endpoints to attack"
    history = poisoned_history(path)
    payloads = [
        ["第22条讲什么？", history],  # the attacker's exact shape: message, then the chat's history
        [history],
        [history, "第22条讲什么？"],
        ["第22条讲什么？", history, history],
    ]
    for endpoint in endpoints:  # the chat, the example buttons' endpoints, everything else named
        for data in payloads:
            run = httpx.post(f"{ui_server.url}/gradio_api/run{endpoint}", json={"data": data}, timeout=60)
            assert run.status_code < 500, (endpoint, run.status_code, run.text[:200])
            assert not leaked(ui_server, run.text, secret), endpoint
            call = sse_text(ui_server, f"/gradio_api/call{endpoint}", {"data": data})
            assert not leaked(ui_server, call, secret), endpoint


def test_the_browser_queue_path_cannot_carry_a_file_out(ui_server, secret_file):
    path, secret = secret_file
    config = httpx.get(f"{ui_server.url}/config", timeout=30).json()
    for position, dep in enumerate(config["dependencies"]):
        fn_index = dep.get("id", position)
        if not dep.get("backend_fn", True):
            continue  # runs in the browser only
        session = uuid.uuid4().hex[:11]
        data = [poisoned_history(path) if i else "第22条讲什么？" for i in range(len(dep.get("inputs", [])))]
        join = httpx.post(f"{ui_server.url}/gradio_api/queue/join", timeout=30, json={
            "data": data, "fn_index": fn_index, "session_hash": session, "event_data": None, "trigger_id": None})
        if join.status_code != 200:
            assert join.status_code < 500, join.text[:200]
            continue
        stream = httpx.get(f"{ui_server.url}/gradio_api/queue/data", params={"session_hash": session}, timeout=60)
        assert "no backend method" not in stream.text  # the call reached the handler
        assert not leaked(ui_server, stream.text, secret), dep.get("api_name")


def test_gradio_client_cannot_carry_a_file_out(ui_server, secret_file):
    from gradio_client import Client, handle_file

    path, secret = secret_file
    client = Client(ui_server.url, verbose=False, download_files=False)
    for endpoint in named_endpoints(ui_server):
        try:
            result = client.predict("第22条讲什么？", api_name=endpoint)
        except Exception as exc:  # refused is fine: what matters is that nothing leaks
            result = str(exc)
        assert not leaked(ui_server, json.dumps(result, ensure_ascii=False, default=str), secret)
    with pytest.raises(Exception):  # noqa: B017 - the upload is refused, whatever the client calls it
        client.predict(handle_file(str(path)), api_name=named_endpoints(ui_server)[0])


def test_the_file_route_does_not_serve_arbitrary_paths(ui_server, secret_file):
    path, secret = secret_file
    for url in (f"/gradio_api/file={path}", "/gradio_api/file=/proc/self/environ", "/gradio_api/file=/etc/passwd"):
        r = httpx.get(ui_server.url + url, timeout=30)
        assert r.status_code in (403, 404) and secret not in r.text and "root:" not in r.text


def test_uploads_are_refused_and_nothing_is_stored(ui_server):
    marker = f"UPLOADED-{uuid.uuid4().hex}"
    r = httpx.post(f"{ui_server.url}/gradio_api/upload", files={"files": ("a.txt", marker.encode())}, timeout=30)
    assert r.status_code == 404 and "no uploads" in r.json()["detail"]


def test_a_chat_turn_returns_only_what_the_server_wrote(ui_server):
    """The chat's output is bounded by the server's own history, not by what the client sends."""
    big = [{"role": "user", "content": "甲" * 900}] * 20
    stream = sse_text(ui_server, "/gradio_api/call/chat", {"data": ["第22条讲什么？", big]})
    last = [line[len("data: "):] for line in stream.splitlines() if line.startswith("data: ")][-1]
    text = json.dumps(json.loads(last), ensure_ascii=False)
    assert "甲" * 100 not in text
    assert "【22】" in text and len(last) < 20 * 1024


def test_malformed_ui_calls_get_a_short_4xx(ui_server):
    for body in ({"data": "not a list"}, {"data": [{"deep": ["x"] * 50_000}]}, {"nothing": 1}, []):
        r = httpx.post(f"{ui_server.url}/gradio_api/run/chat", json=body, timeout=30)
        assert 400 <= r.status_code < 500, (body if len(str(body)) < 80 else "big", r.status_code, r.text[:200])
        assert len(r.content) < 4096


# ---- 2. the body cap counts what arrives ----------------------------------------------------------


def raw_request(server, head: str, body: bytes = b"", read_timeout: float = 20) -> bytes:
    """Send bytes on a raw socket (no client library fixes the framing) and read the response."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=read_timeout) as sock:
        sock.sendall(head.encode("latin-1") + body)
        got = b""
        try:
            while data := sock.recv(65536):
                got += data
                head_end = got.find(b"\r\n\r\n")
                length = re.search(rb"content-length: (\d+)", got[:head_end], re.I) if head_end >= 0 else None
                if length and len(got) >= head_end + 4 + int(length.group(1)):
                    break
        except (TimeoutError, ConnectionResetError):
            pass
        return got


def chunked(payload: bytes, size: int = 65536) -> bytes:
    out = b"".join(f"{len(payload[i:i + size]):x}\r\n".encode() + payload[i:i + size] + b"\r\n"
                   for i in range(0, len(payload), size))
    return out + b"0\r\n\r\n"


@pytest.mark.parametrize("path", ["/api/ask", "/gradio_api/upload", "/wechat"])
def test_content_length_plus_chunked_is_a_400(ui_server, path):
    body = chunked(json.dumps({"question": "第22条讲什么？", "pad": "x" * 2_000_000}).encode())
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n")
    response = raw_request(ui_server, head, body)
    assert response.startswith(b"HTTP/1.1 400"), response[:200]
    assert b"not both" in response


def test_a_chunked_body_is_cut_at_the_cap_on_every_route(ui_server):
    payload = json.dumps({"question": "第22条讲什么？", "pad": "x" * 3_000_000}).encode()
    for path in ("/api/ask", "/wechat", "/gradio_api/run/chat"):
        head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n")
        started = time.monotonic()
        response = raw_request(ui_server, head, chunked(payload))
        assert response.startswith(b"HTTP/1.1 413"), (path, response[:200])
        assert time.monotonic() - started < 10


# ---- 3. a WeChat signature cannot be replayed -----------------------------------------------------


@pytest.fixture(scope="module")
def wechat(assistant, index_dir):
    from app import create_app

    settings = Settings(source=SOURCE, index_dir=index_dir, wechat_token=TOKEN)
    with LiveServer(create_app(settings=settings, assistant=assistant, ui=False)) as server:
        yield server


def test_a_replayed_signature_with_another_body_and_sender_is_refused(wechat):
    params = signed_params()
    first = send(wechat, text_xml("第22条讲什么？", new_user()), params)
    assert "【22】" in reply_of(first).content
    victim = new_user()
    replay = send(wechat, text_xml("第13条讲什么？", victim), params)
    assert replay.status_code == 403 and "already used" in replay.json()["detail"]


def test_a_retry_of_the_same_message_is_still_answered(wechat):
    params, xml = signed_params(), text_xml("第22条讲什么？", new_user())
    assert reply_of(send(wechat, xml, params)).content == reply_of(send(wechat, xml, params)).content


@pytest.mark.parametrize("timestamp", [str(int(time.time()) - 30 * 86400), str(int(time.time()) + 365 * 86400),
                                       "yesterday", "-5", str(int(time.time()) - 301)])
def test_timestamps_outside_the_window_are_refused(wechat, timestamp):
    from wechatpy.utils import WeChatSigner

    nonce = uuid.uuid4().hex[:10]
    signer = WeChatSigner()
    signer.add_data(TOKEN, timestamp, nonce)
    params = {"signature": signer.signature, "timestamp": timestamp, "nonce": nonce}
    r = send(wechat, text_xml("第22条讲什么？", new_user()), params)
    assert r.status_code == 403 and "timestamp" in r.json()["detail"]
    check = httpx.get(f"{wechat.url}/wechat", params={**params, "echostr": "42"}, timeout=30)
    assert check.status_code == 403


def test_with_an_aes_key_plaintext_messages_are_refused(safe_server):  # noqa: F811 - the fixture of test_wechat
    r = send(safe_server, text_xml("第22条讲什么？", new_user()))
    assert r.status_code == 403 and "WECHAT_COMPAT" in r.json()["detail"]


def test_compatible_mode_accepts_plaintext_when_asked_for(assistant, index_dir):
    from app import create_app

    settings = Settings(source=SOURCE, index_dir=index_dir, wechat_token=TOKEN, wechat_aes_key=AES_KEY,
                        wechat_appid=APPID, wechat_compat=True)
    with LiveServer(create_app(settings=settings, assistant=assistant, ui=False)) as server:
        assert "【22】" in reply_of(send(server, text_xml("第22条讲什么？", new_user()))).content


def test_the_access_log_keeps_no_signature():
    import uvicorn

    from app import configure_logging

    configure_logging()
    uvicorn.Config(lambda scope, receive, send: None)  # uvicorn re-configures its loggers: the filter stays
    access = logging.getLogger("uvicorn.access")
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5", "POST", "/wechat?signature=abc123&timestamp=1&nonce=n", "1.1", 200),
                               None)
    assert all(f.filter(record) for f in access.filters)
    assert "abc123" not in record.getMessage() and "/wechat" in record.getMessage()


# ---- the smaller points ---------------------------------------------------------------------------


@pytest.mark.parametrize("settings,secret", [
    ({"wechat_aes_key": "short-aes-secret-value"}, "short-aes-secret-value"),
    ({"redis_url": "http://user:pa55w0rd-secret@10.0.0.1:6379/0"}, "pa55w0rd-secret"),
    ({"llm_base_url": "http://127.0.0.1:9/v1", "llm_api_key": "sk-secret-4242"}, "sk-secret-4242"),
])
def test_invalid_settings_never_print_a_secret(settings, secret):
    with pytest.raises((ValidationError, ValueError)) as caught:
        Settings(**settings)
    assert secret not in str(caught.value)
    assert secret not in repr(Settings.model_construct(**settings))


@pytest.fixture(scope="module")
def api(assistant, index_dir):
    from app import create_app

    settings = Settings(source=SOURCE, index_dir=index_dir, rate_limit="2/minute")
    with LiveServer(create_app(settings=settings, assistant=assistant, ui=False)) as server:
        yield server


def test_deeply_nested_json_gets_a_400_that_says_so(api):
    body = '{"question": "第22条", "history": ' + "[" * 100_000 + "]" * 100_000 + "}"
    r = httpx.post(f"{api.url}/api/ask", content=body, headers={"Content-Type": "application/json"}, timeout=30)
    assert r.status_code == 400 and "nested" in r.json()["detail"]


def test_a_number_too_long_for_the_parser_is_named_not_called_bad_json(api):
    body = '{"question": "第22条", "x": ' + "9" * 5000 + "}"  # valid JSON; Python reads at most 4,300 digits
    r = httpx.post(f"{api.url}/api/ask", content=body, headers={"Content-Type": "application/json"}, timeout=30)
    assert r.status_code == 400 and "more than 4300 digits" in r.json()["detail"]


def test_a_utf16_body_is_refused_as_documented(api):
    body = json.dumps({"question": "第22条讲什么？"}).encode("utf-16")
    r = httpx.post(f"{api.url}/api/ask", content=body, headers={"Content-Type": "application/json",
                                                                   "X-Forwarded-For": "198.51.100.99"}, timeout=30)
    assert r.status_code == 400 and "UTF-8" in r.json()["detail"]


def test_x_forwarded_for_is_not_believed_by_default(api):
    codes = [httpx.post(f"{api.url}/api/ask", json={"question": "第22条"}, timeout=30,
                        headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code for i in range(3)]
    assert codes == [200, 200, 429]  # one client, whatever it claims to be


def test_x_forwarded_for_is_believed_from_a_trusted_proxy(assistant, index_dir):
    from app import create_app

    settings = Settings(source=SOURCE, index_dir=index_dir, rate_limit="1/minute", trusted_proxies="127.0.0.1")
    with LiveServer(create_app(settings=settings, assistant=assistant, ui=False)) as server:
        codes = [httpx.post(f"{server.url}/api/ask", json={"question": "第22条"}, timeout=30,
                            headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code for i in (1, 2, 1)]
    assert codes == [200, 200, 429]


def test_a_trickled_body_is_dropped(api):
    with socket.create_connection(("127.0.0.1", api.port), timeout=30) as sock:
        sock.sendall(b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n"
                     b"X-Forwarded-For: 198.51.100.77\r\n\r\n{")
        started = time.monotonic()
        response = sock.recv(4096)
    assert response.startswith(b"HTTP/1.1 408"), response[:100]
    assert time.monotonic() - started < 20


# ---- the second pass (an attacker's report on the fixed server) ----------------------------------


@pytest.mark.parametrize("path", ["/gradio_api/process_recording", "/gradio_api/upload", "/gradio_api/login",
                                  "/gradio_api/stream/x", "/gradio_api/component_server"])
def test_only_the_chat_s_own_post_routes_are_open(ui_server, path):
    marker = f"RECORDED-{uuid.uuid4().hex}"
    r = httpx.post(f"{ui_server.url}{path}", files={"video": ("v.mp4", marker.encode(), "video/mp4")}, timeout=30)
    assert r.status_code == 404 and marker not in r.text


def test_an_oversized_input_is_not_echoed_in_an_error_event(ui_server):
    for endpoint in named_endpoints(ui_server):
        text = sse_text(ui_server, f"/gradio_api/call{endpoint}", {"data": ["A" * 65_000, None]})
        assert "A" * 2000 not in text and len(text) < 8192, endpoint


def test_a_url_check_signature_cannot_sign_a_message(wechat):
    params = signed_params()
    assert httpx.get(f"{wechat.url}/wechat", params={**params, "echostr": "e1"}, timeout=30).text == "e1"
    r = send(wechat, text_xml("第22条讲什么？", new_user()), params)
    assert r.status_code == 403


@pytest.mark.parametrize("timestamp", ["¹" + str(int(time.time()))[1:], "9" * 5000,
                                       "".join(chr(0x660 + int(d)) for d in str(int(time.time())))])
def test_odd_digits_in_a_signed_timestamp_are_a_403(wechat, timestamp):
    from wechatpy.utils import WeChatSigner

    signer = WeChatSigner()
    signer.add_data(TOKEN, timestamp, "n7")
    r = httpx.post(f"{wechat.url}/wechat", params={"signature": signer.signature, "timestamp": timestamp,
                                                    "nonce": "n7"}, content=b"<xml/>", timeout=30)
    assert r.status_code == 403


def test_markup_in_a_question_is_not_repeated_in_the_answer(wechat):
    evil = "哪些任务提到了[点此领取补贴](http://evil.example)<img src=http://evil.example/t.png><b>假通知</b>？"
    r = httpx.post(f"{wechat.url}/api/ask", json={"question": evil}, timeout=30)
    answer = r.json()["answer"]
    for piece in ("<img", "<b>", "](", "http://evil"):
        assert piece not in answer


def test_a_claim_repeats_only_a_few_phrases_that_read_as_phrases(assistant):
    # An attack: pasted JSON had its keys repeated as claims ("The plan does not say “found”“answer”…"), and
    # 630 random characters had 150 of them repeated between quote marks.
    reply = assistant.ask('{"found": true, "answer": "房价5万"}')
    assert "found" not in reply.answer and "answer”" not in reply.answer
    junk = "”{托}开c“{托bc{萧老未}【发c？“育价萧开“湘养b托c养老价<a发<}a老区区“？3价商育>价商湖{b开未}"
    reply = assistant.ask("养老房“来价开b！房】湘湘山【湘价" + junk * 4)
    said = reply.answer.split("这个说法")[0] if "这个说法" in reply.answer else ""
    assert len(said) <= 3 * 32 + 10 and not any(c in said for c in "{}<>【】")
    assert not any(junk[i:i + 12] in reply.answer for i in range(len(junk) - 12))  # none of it at length


def test_terminal_colour_codes_and_a_quote_of_a_link_leave_nothing_behind(assistant):
    # The second attack: ESC[31m left "31m红色0m" as the topic; a quoted link was "没有“”这个提法"
    reply = assistant.ask("规划提到\x1b[31m红色\x1b[0m了吗")
    assert "“红色”" in reply.answer and "31m" not in reply.answer
    reply = assistant.ask('"http://evil.com/领补贴"是什么')
    assert "“”" not in reply.answer and "evil" not in reply.answer


# ---- the fourteenth round's HTTP points ------------------------------------------------------------


def test_another_site_cannot_read_answers_from_a_browser(ui_server):
    # The chat UI's framework echoed any Origin back with Access-Control-Allow-Credentials when the server's
    # host name was not localhost, as it is once deployed.
    preflight = {"Host": "plan.example.gov", "Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"}
    r = httpx.options(f"{ui_server.url}/api/ask", headers=preflight, timeout=10)
    assert "access-control-allow-origin" not in r.headers and "access-control-allow-credentials" not in r.headers
    r = httpx.post(f"{ui_server.url}/api/ask", json={"question": "第22条"}, timeout=30,
                   headers={"Host": "plan.example.gov", "Origin": "https://evil.example"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers


@pytest.mark.parametrize("origins", ["null", "good.example", "https://*.example.com", "https://x.gov/path"])
def test_an_origin_that_is_not_one_is_refused_at_start(origins):
    # (the second attack's) each was accepted; a trailing slash matched nothing, silently
    with pytest.raises(ValidationError, match="cors_origins"):
        Settings(cors_origins=origins)
    assert Settings(cors_origins="https://a.example.gov/,*").cors_origins == ["https://a.example.gov", "*"]


def test_a_configured_origin_may_call_the_api_without_cookies(assistant):
    from fastapi.testclient import TestClient

    from app import create_app

    settings = Settings(source=SOURCE, cors_origins="https://portal.example.gov")
    with TestClient(create_app(settings=settings, assistant=assistant, ui=False)) as client:
        r = client.options("/api/ask", headers={"Origin": "https://portal.example.gov",
                                                "Access-Control-Request-Method": "POST"})
        assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "https://portal.example.gov"
        assert "access-control-allow-credentials" not in r.headers


def test_head_is_answered_as_get_and_trace_is_405(ui_server):
    # A monitor probing /healthz with HEAD saw 404, so the service looked down.
    for path in ("/healthz", "/api/tasks"):
        r = httpx.head(f"{ui_server.url}{path}", timeout=10)
        assert r.status_code == 200 and r.content == b""
    for method in ("TRACE", "HEAD"):  # (HEAD of a path that takes POST only: 405 too, not the UI's 404)
        r = httpx.request(method, f"{ui_server.url}/api/ask", timeout=10)
        assert r.status_code == 405 and r.headers["allow"] == "POST"
    assert httpx.put(f"{ui_server.url}/healthz", timeout=10).headers["allow"] == "GET, HEAD"
