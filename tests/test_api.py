"""The JSON contract bots rely on, through FastAPI's client and over real HTTP."""

import json

import httpx
import pytest


def test_ask_returns_cited_answer(client):
    r = client.post("/api/ask", json={"question": "到2025年要建多少个未来社区?"})
    assert r.status_code == 200
    body = r.json()
    assert body["found"] is True and body["mode"] == "extractive"
    assert "未来社区50个" in body["answer"]
    top = body["citations"][0]
    assert top["task"] == 13 and top["section"] == "五" and top["title"] == "打造共富标志性成果"
    assert "【13】" in body["answer"]


def test_blank_question_is_422_with_message(client):
    r = client.post("/api/ask", json={"question": "   "})
    assert r.status_code == 422
    assert "blank" in r.json()["detail"]


def test_live_server_answers_over_http(live_server):
    r = httpx.post(f"{live_server.url}/api/ask", json={"question": "第22条"}, timeout=30)
    assert r.status_code == 200
    assert r.json()["citations"][0]["task"] == 22
    assert httpx.get(f"{live_server.url}/healthz", timeout=10).json()["status"] == "ok"


def test_a_method_a_path_does_not_take_is_405_naming_the_one_it_does(live_server):
    # (an attack's) with the chat UI mounted at /, GET /api/ask was the UI's 404
    r = httpx.get(f"{live_server.url}/api/ask", timeout=10)
    assert r.status_code == 405 and r.headers["allow"] == "POST" and "use POST" in r.json()["detail"]
    assert httpx.put(f"{live_server.url}/api/tasks", timeout=10).status_code == 405
    forged = httpx.get(f"{live_server.url}/api/ask", params={"allowed": "GET, EVIL"}, timeout=10)
    assert forged.headers["allow"] == "POST" and "EVIL" not in forged.text  # nothing of the client's is repeated
    assert httpx.get(f"{live_server.url}/", timeout=10).status_code == 200  # the chat is still there


@pytest.mark.parametrize("content, kind", [("第22条讲什么", "text/plain"),
                                           ("question=第22条", "application/x-www-form-urlencoded")])
def test_a_body_that_is_not_a_json_object_says_to_send_one(client, content, kind):
    r = client.post("/api/ask", content=content.encode(), headers={"content-type": kind})
    assert r.status_code == 422 and "Content-Type: application/json" in r.json()["detail"]


@pytest.mark.parametrize("body", [b"{bad", b'{"question": "a"} xxx', b'{"question": "\xe5\x85\xbb\xe8\x80\x81"'])
def test_a_body_that_is_not_json_is_400_as_documented(client, body):
    # an attack (seventeenth round): these were 422 json_invalid, while /openapi.json documents 400
    r = client.post("/api/ask", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 400 and "could not be parsed as JSON" in r.json()["detail"]
    assert "bad" not in r.text and "xxx" not in r.text
    documented = client.get("/openapi.json").json()["paths"]["/api/ask"]["post"]["responses"]
    assert "400" in documented


@pytest.mark.parametrize("question", ["规划有没有提到www.evil.com", "规划有没有提到evil@example.com",
                                      "规划提到${jndi:ldap://evil/a}了吗", "Does the plan mention evil.example.com?"])
def test_a_link_or_address_typed_is_not_repeated_in_the_answer(client, question):
    # an attack (seventeenth round): "没有提到“www.evil.com”" would render as a link the assistant gives
    r = client.post("/api/ask", json={"question": question}).json()
    assert not r["found"] and "evil" not in r["answer"] and "（链接）" in r["answer"]


def test_undecodable_body_says_to_send_utf8(client):
    r = client.post("/api/ask", content=b'{"question": "\xff\xfe"}', headers={"content-type": "application/json"})
    assert r.status_code == 400 and "UTF-8" in r.json()["detail"]


def test_unknown_task_is_404_with_the_valid_range(client):
    r = client.get("/api/tasks/5")
    assert r.status_code == 404 and "13 to 29" in r.json()["detail"]


def test_too_long_a_history_names_the_limit_that_applies_once(client):
    history = [{"role": "user", "content": "养老"}] * 1000  # past the parser's bound as well as the setting
    r = client.post("/api/ask", json={"question": "那托育呢", "history": history})
    limit = client.app.state.assistant.settings.max_history_turns
    assert r.status_code == 422 and r.json()["detail"] == f"'history' has too many items: keep the last {limit}"
    errors = [json.dumps(e, sort_keys=True) for e in r.json()["errors"]]
    assert len(errors) == len(set(errors)) and all(str(limit) in e["msg"] for e in r.json()["errors"])


def test_too_long_a_question_names_the_limit_that_applies(client):
    limit = client.app.state.assistant.settings.max_question_chars
    for n in (limit + 1, 10_001):  # (past the setting, and past the parser's bound too: an attack's)
        r = client.post("/api/ask", json={"question": "养" * n})
        assert r.status_code == 422 and f"at most {limit} characters" in r.json()["detail"]
        assert all(str(limit) in e["msg"] for e in r.json().get("errors", []))  # (an attack: they said 10000)


def test_invisible_characters_are_not_repeated_and_do_not_split_a_word(client):
    r = client.post("/api/ask", json={"question": "规划有提\u200b养\u202e老\u200b吗"}).json()
    assert r["found"] and r["route"] == "mention" and "“养老”" in r["answer"]
    assert not any(c in r["answer"] for c in "\u200b\u202e")


def test_markup_sent_is_never_echoed_back(client):
    ask = client.post("/api/ask", json={"question": "<script>alert(1)</script>规划里有没有提到养老?",
                                        "history": [{"role": "user", "content": "<b onclick=x>那托育呢</b>"}]})
    assert ask.status_code == 200 and "<script>" not in ask.text and "<b " not in ask.text
    rows = client.get("/api/mentions", params={"topic": "<img src=x>养老"})
    assert rows.status_code == 200 and "<img" not in rows.text and rows.json()["topic"] == "养老"
    name = client.get("/api/names/<i>亲上加清x</i>")
    assert name.status_code == 404 and "<i>" not in name.text


@pytest.mark.parametrize("question", [
    "<<script>script>alert(1)<</script>/script>第13条",  # nested: one pass of a tag stripper leaves a tag
    "<<img>img src=x onerror=alert(1)>养老",
    "第13条<<iframe>iframe src=//evil.example>",
    "规划提到![x](http://evil/x.png)养老了吗",  # markdown: an image, a link
    "规划提到[养老](javascript:alert(1))了吗",
    "第13\u0000条讲什么",  # a control character
    "< script >alert(1)< /script >第13条",  # spaced tags
    "&lt;script&gt;alert(1)&lt;/script&gt;第13条",  # encoded: read as what it encodes, then taken out
    "%3Cscript%3Ealert(1)%3C/script%3E第13条",
    "规划提到javascript:alert(1)吗",  # a link that runs
])
def test_no_markup_comes_back_however_it_is_nested(client, question):
    for path in ("/api/ask", "/api/ask/stream"):
        r = client.post(path, json={"question": question,
                                    "history": [{"role": "user", "content": "<<b>b onclick=x>托育"}]})
        assert r.status_code == 200
        for bad in ("<script", "<img", "<iframe", "<b", "script", "javascript", "http://evil", "onerror", "onclick",
                    "\\u0000", "&lt;", "%3C"):
            assert bad not in r.text, (path, bad)
    mention = client.post("/api/ask", json={"question": "规划提到[养老](javascript:alert(1))了吗"}).json()
    assert mention["found"] and "“养老”" in mention["answer"]  # the link's words are what is asked about
    chinese = client.post("/api/ask", json={"question": "<script>alert(1)</script>第13条"}).json()
    assert chinese["answer"].startswith("第13条")  # markup does not make a question English
    rows = client.get("/api/mentions", params={"topic": "<<img>img src=x onerror=alert(1)>养老"})
    assert "<" not in rows.text and rows.json()["topic"] == "养老"


@pytest.mark.parametrize("question", ["\u200b\u200b", "\ufeff", "<img src=x onerror=alert(1)>"])
def test_a_question_of_markup_or_invisible_characters_only_is_blank(client, question):
    r = client.post("/api/ask", json={"question": question})
    assert r.status_code == 422 and "blank" in r.text


def test_an_unknown_field_in_a_turn_is_refused_without_repeating_its_name(client):
    turn = {"role": "user", "content": "托育", "<script>alert(1)</script>": "x"}
    r = client.post("/api/ask", json={"question": "养老", "history": [turn]})
    # an attack (sixteenth round) got its key back in the 422, markup and all
    assert r.status_code == 422 and r.json()["detail"].startswith("'history.0' has a field that is not allowed")
    assert "script" not in r.text and "alert" not in r.text


def test_an_unknown_top_level_field_is_ignored_and_not_repeated(client):
    r = client.post("/api/ask", json={"question": "养老", "<script>alert(1)</script>": 1})
    assert r.status_code == 200 and "script" not in r.text and "alert" not in r.text
