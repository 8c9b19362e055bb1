"""The JSON contract bots rely on, through FastAPI's client and over real HTTP."""

import httpx


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


def test_undecodable_body_says_to_send_utf8(client):
    r = client.post("/api/ask", content=b'{"question": "\xff\xfe"}', headers={"content-type": "application/json"})
    assert r.status_code == 400 and "UTF-8" in r.json()["detail"]


def test_unknown_task_is_404_with_the_valid_range(client):
    r = client.get("/api/tasks/5")
    assert r.status_code == 404 and "13 to 29" in r.json()["detail"]
