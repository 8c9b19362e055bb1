"""The question log wired into the app (issue 13): every channel records, ids come back, feedback, staff keys.

Real servers on loopback over the session's assistant; the log is SQLite in a scratch folder, or a
PostgreSQL server the test starts itself (and kills mid-run).
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import httpx
import pytest
from conftest import SOURCE, LiveServer
from test_questionlog import postgres  # noqa: F401 - the session's PostgreSQL server fixture
from test_wechat import TOKEN, new_user, reply_of, send, text_xml

from assistant import ui
from assistant.config import Settings

ADMIN = "staff-key-9f1c"
BOT = "bot-key-3a7e"


def serve(assistant, tmp_path, ui_on: bool = False, **settings):
    from app import create_app

    s = Settings(source=SOURCE, index_dir=assistant.settings.index_dir, data_dir=tmp_path, admin_keys=ADMIN,
                 wechat_token=TOKEN, **settings)
    return LiveServer(create_app(settings=s, assistant=assistant, ui=ui_on))


def flushed(server) -> None:
    """Wait until the server's question log has written what it queued (it writes off the request path)."""
    assert server.server.config.app.state.questions.flush(10)


def insights(server, key: str = ADMIN) -> dict:
    flushed(server)
    r = httpx.get(f"{server.url}/api/insights", params={"days": 1}, headers={"X-API-Key": key}, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture(scope="module")
def server(assistant, tmp_path_factory):
    with serve(assistant, tmp_path_factory.mktemp("qlog"), api_keys=BOT) as s:
        yield s


def ask(server, question: str, **kw) -> httpx.Response:
    return httpx.post(f"{server.url}/api/ask", json={"question": question, **kw}, timeout=30,
                      headers={"X-API-Key": BOT})


def test_an_api_answer_has_an_id_and_is_recorded_without_the_person(server):
    r = ask(server, "停车位太少了怎么办？我的手机13812345678")
    body = r.json()
    assert r.status_code == 200 and len(body["id"]) == 32 and body["found"] is False
    got = insights(server)
    assert got["per_channel"] and any(c["channel"] == "api" for c in got["per_channel"])
    stored = [g["question"] for g in got["unanswered"]]
    assert any("[手机号]" in q for q in stored) and not any("13812345678" in q for q in stored)
    csv = httpx.get(f"{server.url}/api/insights/questions.csv", params={"days": 1}, headers={"X-API-Key": ADMIN},
                    timeout=30)
    assert csv.content.startswith(b"\xef\xbb\xbf") and BOT.encode() not in csv.content
    assert b"13812345678" not in csv.content


def test_a_streamed_answer_has_the_id_in_its_done_event(server):
    with httpx.stream("POST", f"{server.url}/api/ask/stream", json={"question": "第22条讲什么？"},
                      headers={"X-API-Key": BOT}, timeout=30) as r:
        text = "".join(r.iter_text())
    done = json.loads(text.split("event: done\ndata: ", 1)[1].split("\n", 1)[0])
    assert len(done["id"]) == 32 and done["route"] == "task"
    assert any(t["task"] == 22 for t in insights(server)["per_task"])


def test_feedback_for_an_answer_and_its_errors(server):
    answer = ask(server, "哪一条讲养老？").json()
    ok = httpx.post(f"{server.url}/api/feedback", json={"id": answer["id"], "rating": "down", "comment": "太笼统"},
                    headers={"X-API-Key": BOT}, timeout=30)
    assert ok.status_code == 200 and ok.json() == {"id": answer["id"], "rating": "down"}
    again = httpx.post(f"{server.url}/api/feedback", json={"id": answer["id"], "rating": "up"},
                       headers={"X-API-Key": BOT}, timeout=30)
    assert again.status_code == 200  # a second rating replaces the first
    assert not any(d["id"] == answer["id"] for d in insights(server)["rated_down"])
    unknown = httpx.post(f"{server.url}/api/feedback", json={"id": "0" * 32, "rating": "up"},
                         headers={"X-API-Key": BOT}, timeout=30)
    assert unknown.status_code == 404 and "id" in unknown.json()["detail"]
    bad = httpx.post(f"{server.url}/api/feedback", json={"id": answer["id"], "rating": "meh"},
                     headers={"X-API-Key": BOT}, timeout=30)
    assert bad.status_code == 422 and "rating" in bad.json()["detail"]


def test_staff_keys_open_insights_and_bot_keys_do_not(server):
    assert httpx.get(f"{server.url}/api/insights", headers={"X-API-Key": BOT}, timeout=30).status_code == 401
    assert httpx.get(f"{server.url}/api/insights", timeout=30).status_code == 401
    assert httpx.get(f"{server.url}/api/insights", headers={"X-API-Key": ADMIN}, timeout=30).status_code == 200


def test_insights_need_an_admin_key_even_when_the_api_is_open(assistant, tmp_path):
    from app import create_app

    s = Settings(source=SOURCE, index_dir=assistant.settings.index_dir, data_dir=tmp_path)
    with LiveServer(create_app(settings=s, assistant=assistant, ui=False)) as open_server:
        assert httpx.post(f"{open_server.url}/api/ask", json={"question": "第22条"}).status_code == 200
        r = httpx.get(f"{open_server.url}/api/insights", timeout=30)
        assert r.status_code == 401 and "ASSISTANT_ADMIN_KEYS" in r.json()["detail"]


def test_wechat_questions_are_recorded_with_a_hashed_sender(server):
    user = new_user()
    reply = reply_of(send(server, text_xml("第13条讲什么？", user)))
    assert "【13】" in reply.content
    flushed(server)
    rows = list(server.server.config.app.state.questions.rows(days=1))
    mine = [r for r in rows if r.get("channel") == "wechat"]
    assert mine and all(user not in json.dumps(r, ensure_ascii=False, default=str) for r in rows)


def test_the_chat_records_its_answers_and_their_likes(assistant, tmp_path):
    from assistant.questionlog import open_log

    log = open_log(Settings(source=SOURCE, data_dir=tmp_path))
    steps = list(ui.chat_turn(assistant, log, "哪一条讲养老？", None))
    session = steps[-1][2]
    # The buttons sit under the answer's last message (its quote panel, when it has one).
    liked = ui.gr.LikeData(target=None, data={"index": len(session["ids"]) - 1, "value": "…", "liked": "答非所问"})
    ui.rate(log, session, liked)
    log.flush(10)
    got = log.insights(days=1)
    assert [c["channel"] for c in got["per_channel"]] == ["ui"]
    assert got["rated_down"][0]["comment"] == "答非所问"
    # Follow-up turns keep each answer's id next to its message.
    steps = list(ui.chat_turn(assistant, log, "第22条讲什么？", session))
    session = steps[-1][2]
    assert len(session["ids"]) == len(session["messages"]) and sum(1 for i in session["ids"] if i) == 2
    log.close()


def test_recording_off_records_nothing_and_feedback_says_so(assistant, tmp_path):
    with serve(assistant, tmp_path, log_questions=False) as s:
        answer = httpx.post(f"{s.url}/api/ask", json={"question": "第22条"}, timeout=30).json()
        assert len(answer["id"]) == 32
        r = httpx.post(f"{s.url}/api/feedback", json={"id": answer["id"], "rating": "up"}, timeout=30)
        assert r.status_code == 409 and "ASSISTANT_LOG_QUESTIONS" in r.json()["detail"]
    assert not (tmp_path / "questions.sqlite3").exists()


def test_the_database_killed_mid_run_changes_no_answer_and_healthz_says_degraded(assistant, postgres):  # noqa: F811
    url = postgres.new_database()
    with serve(assistant, Path(os.environ["ASSISTANT_DATA_DIR"]), database_url=url) as s:
        assert httpx.post(f"{s.url}/api/ask", json={"question": "第22条"}, timeout=30).status_code == 200
        flushed(s)
        assert httpx.get(f"{s.url}/healthz", timeout=30).json()["status"] == "ok"
        postgres.stop("immediate")
        try:
            for i in range(20):
                r = httpx.post(f"{s.url}/api/ask", json={"question": f"第{13 + i % 17}条"}, timeout=30)
                assert r.status_code == 200 and r.json()["found"]
            s.server.config.app.state.questions.flush(15)
            health = httpx.get(f"{s.url}/healthz", timeout=30).json()
            assert health["status"] == "degraded" and health["question_log"]["lost"] >= 20
        finally:
            postgres.start()


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium (scripts/test installs it)")
def test_the_board_in_a_browser_shows_what_residents_asked(assistant, tmp_path):
    from playwright.sync_api import sync_playwright

    with serve(assistant, tmp_path) as s:
        for q in ["停车位太少了怎么办", "停车位太少怎么办？", "哪一条讲养老？", "第22条讲什么？",
                  "老小区加装电梯有补贴吗", "到2025年建设多少个未来社区？", "垃圾分类有什么安排？"]:
            httpx.post(f"{s.url}/api/ask", json={"question": q}, timeout=30)
        flushed(s)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 1100})
            page.goto(s.url + "/board")
            page.fill("#key", ADMIN)
            page.click("text=进入看板")
            page.wait_for_selector("#per-day svg", state="attached")
            unanswered = page.text_content("#unanswered")
            assert "停车位太少" in unanswered and "电梯" in unanswered
            if os.environ.get("SCREENSHOT_DIR"):
                shot = Path(os.environ["SCREENSHOT_DIR"]) / "screenshot-board.png"
                page.screenshot(path=str(shot), full_page=True)
            browser.close()


def test_answers_ids_are_unique(server):
    ids = {ask(server, "第22条").json()["id"] for _ in range(3)}
    assert len(ids) == 3 and all(uuid.UUID(i) for i in ids)


def test_sigterm_writes_what_was_queued_and_a_restart_keeps_it(tmp_path):
    """The app as a process: answers, SIGTERM at once, and every answer is in the database afterwards."""
    from test_replicas import AppProcess

    from assistant.questionlog import SqlStore, sqlite_url

    env = {"ASSISTANT_SOURCE": str(SOURCE), "ASSISTANT_INDEX_DIR": str(tmp_path / "index"),
           "ASSISTANT_DATA_DIR": str(tmp_path / "data")}
    app = AppProcess("recording", env, tmp_path).start()
    try:
        app.wait_ready()
        ids = [httpx.post(f"{app.url}/api/ask", json={"question": f"第{13 + i % 17}条"}, timeout=30).json()["id"]
               for i in range(25)]
    finally:
        app.stop()  # SIGTERM right after the last answer: the writer's queue is flushed on the way out
    store = SqlStore(sqlite_url(tmp_path / "data"))
    try:
        assert all(store.exists(i) for i in ids)
    finally:
        store.close()


def test_two_app_copies_record_into_one_postgres_and_a_third_reads_the_board(postgres, tmp_path):  # noqa: F811
    from test_replicas import AppProcess

    url = postgres.new_database()
    env = {"ASSISTANT_SOURCE": str(SOURCE), "ASSISTANT_INDEX_DIR": str(tmp_path / "index"),
           "ASSISTANT_DATABASE_URL": url, "ASSISTANT_LOG_SECRET": "shared-secret", "ASSISTANT_ADMIN_KEYS": ADMIN}
    copies = [AppProcess(name, env, tmp_path) for name in ("one", "two", "reader")]
    try:
        for c in copies:
            c.start()
        for c in copies:
            c.wait_ready()
        for i, c in enumerate(copies[:2]):
            for q in ("第22条讲什么？", "停车位太少了怎么办？", f"第{14 + i}条讲什么？"):
                assert httpx.post(f"{c.url}/api/ask", json={"question": q}, timeout=30).status_code == 200
    finally:
        for c in copies[:2]:
            c.stop()  # SIGTERM: each writes what it queued
    try:
        got = httpx.get(f"{copies[2].url}/api/insights", params={"days": 1}, headers={"X-API-Key": ADMIN},
                        timeout=30).json()
        assert got["questions"] == 6 and got["refused"] == 2
        assert {"task": 22, "questions": 2} in got["per_task"]
        assert got["unanswered"][0]["count"] == 2  # the same question from both copies counts together
    finally:
        copies[2].stop()


def test_a_like_in_the_page_rates_the_answer_through_gradio(assistant, tmp_path):
    """The like event as the browser sends it (queue/join with event data), on the real app."""
    with serve(assistant, tmp_path, ui_on=True) as s:
        config = httpx.get(f"{s.url}/config", timeout=30).json()
        chat = next(d for d in config["dependencies"] if d.get("api_name") == "chat")
        like = next(d for d in config["dependencies"] if any(t[1] == "like" for t in d.get("targets", [])))
        session = uuid.uuid4().hex[:11]

        def run(dep: dict, data: list, event_data=None) -> str:
            r = httpx.post(f"{s.url}/gradio_api/queue/join", timeout=30, json={
                "data": data, "fn_index": dep["id"], "session_hash": session, "event_data": event_data,
                "trigger_id": None})
            assert r.status_code == 200, r.text
            return httpx.get(f"{s.url}/gradio_api/queue/data", params={"session_hash": session}, timeout=60).text

        answered = run(chat, ["哪一条讲养老？", None])
        assert "process_completed" in answered and '"success":true' in answered.replace(" ", "")
        liked = run(like, [None], {"index": 2, "value": "…", "liked": False})
        assert '"success":true' in liked.replace(" ", ""), liked[-500:]
        got = insights(s)
        assert got["ratings"]["down"] == 1 and got["rated_down"][0]["question"] == "哪一条讲养老？"
