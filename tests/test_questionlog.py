"""The question log: privacy masking, one store contract run on SQLite and on a real PostgreSQL, the writer
thread (never in the way of an answer), several app copies on one database, and the staff board's HTTP edge."""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import stat
import threading
import time
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pg_server import PostgresServer, why_not

from assistant.board import board_router
from assistant.questionlog import (
    SCHEMA_VERSION,
    QuestionLog,
    Record,
    SqlStore,
    csv_chunks,
    group_similar,
    load_or_create_secret,
    mask_pii,
    open_log,
    sqlite_url,
    user_hash,
)

_now = partial(datetime.now, UTC)
NOW = datetime(2026, 3, 10, 4, 0, tzinfo=UTC)  # 12:00 in Beijing, so "today" is 2026-03-10 there


# --- privacy ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("我的电话是13812345678请回电", "我的电话是[手机号]请回电"),
        ("手机：+86 138-1234-5678，谢谢", "手机：[手机号]，谢谢"),
        ("打 139 1234 5678 或 8613912345678", "打 [手机号] 或 [手机号]"),
        ("身份证号11010519491231002X办社保", "身份证号[身份证号]办社保"),
        ("身份证110105194912310021", "身份证[身份证号]"),
        ("老身份证号码110105491231002可以吗", "老身份证号码[身份证号]可以吗"),
        ("发到zhang.san+plan@example.com.cn就行", "发到[邮箱]就行"),
        ("电话13812345678邮箱a@qq.com身份证11010519491231002x", "电话[手机号]邮箱[邮箱]身份证[身份证号]"),
    ],
)
def test_personal_data_inside_chinese_text_is_masked(text, masked):
    assert mask_pii(text) == masked


@pytest.mark.parametrize(
    "text",
    ["2025年要建50个停车场", "第22条讲什么", "投资1200000000元", "到2035年人口达到180万", "区号0571",
     "GDP增长6.5%"],
)
def test_ordinary_numbers_are_left_alone(text):
    assert mask_pii(text) == text


def test_the_secret_is_kept_private_and_every_process_starting_together_gets_the_same(tmp_path):
    with multiprocessing.get_context("fork").Pool(6) as pool:
        secrets = pool.starmap(load_or_create_secret, [(tmp_path, None)] * 12)
    assert len(set(secrets)) == 1 and len(secrets[0]) >= 32
    assert stat.S_IMODE(os.stat(tmp_path / "questionlog.secret").st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["questionlog.secret"]  # no temporary files left behind
    assert load_or_create_secret(tmp_path, "given") == b"given"
    h = user_hash(secrets[0], "openid-123")
    assert h == user_hash(secrets[0], "openid-123") != user_hash(b"other", "openid-123") and "openid" not in h


def test_near_duplicate_unanswered_questions_count_together():
    asked = [("停车位太少了怎么办", 3), ("停车位太少怎么办？", 2), ("停車位太少怎麼辦", 1), ("天气怎么样", 4)]
    groups = group_similar(asked)
    assert groups[0] == {"question": "停车位太少了怎么办", "count": 6, "variants": 3}
    assert groups[1] == {"question": "天气怎么样", "count": 4, "variants": 1}
    # The same question form about different topics stays apart.
    assert len(group_similar([("学校的目标是什么", 1), ("医院的目标是什么", 1)])) == 2


# --- the store contract, once, for SQLite and PostgreSQL ---------------------------------------------------------


def rec(question: str, *, days_ago: float = 0, found: bool = True, channel: str = "ui", tasks=(), at=None, **kw):
    at = at or NOW - timedelta(days=days_ago)
    return Record(channel=channel, question=question, found=found, tasks=tasks, at=at, **kw)


class StoreContract:
    """Every store passes these; a subclass supplies ``url`` (a fresh, empty database per test)."""

    @pytest.fixture
    def url(self) -> str:
        raise NotImplementedError

    @pytest.fixture
    def store(self, url):
        s = SqlStore(url)
        yield s
        s.close()

    def test_written_records_come_back_and_a_repeated_write_adds_nothing(self, store):
        a = rec("第22条讲什么", days_ago=0.01, tasks=[22], route="exact", mode="llm", latency_ms=812.5, user="u1")
        b = rec("养老怎么办", found=False, channel="wechat", fallback="llm_down")
        store.write([a, b])
        store.write([a])
        assert store.exists(a.id) and store.exists(b.id) and not store.exists("nope")
        rows = list(store.rows(days=1, now=NOW))
        assert [r["id"] for r in rows] == [a.id, b.id]
        assert rows[0]["tasks"] == "22" and rows[0]["found"] is True and rows[0]["latency_ms"] == 812.5
        assert rows[0]["at"] == a.at and rows[1]["fallback"] == "llm_down" and rows[1]["channel"] == "wechat"
        assert "user" not in rows[0]  # the user hash never leaves the database in an export

    def test_a_second_rating_replaces_the_first_and_an_unknown_id_is_refused(self, store):
        a = rec("第3条", found=False)
        store.write([a])
        assert store.rate(a.id, "up", None)
        assert store.rate(a.id, "down", "没说到点子上")
        assert not store.rate("0" * 32, "up", None)
        row = next(store.rows(days=1, now=NOW))
        assert (row["rating"], row["comment"]) == ("down", "没说到点子上")
        assert store.insights(days=1, now=NOW)["ratings"] == {"up": 0, "down": 1}

    def test_purge_deletes_old_records_with_their_feedback(self, store):
        old, new = rec("旧的", days_ago=200), rec("新的", days_ago=1, tasks=[5])
        store.write([old, new])
        store.rate(old.id, "down", "x")
        assert store.purge(NOW - timedelta(days=180)) == 1
        assert not store.exists(old.id) and store.exists(new.id)
        assert store.insights(days=3650, now=NOW)["rated_down"] == []
        assert store.purge(NOW - timedelta(days=180)) == 0

    def test_insights_count_what_the_plan_office_asks_for(self, store):
        recs = [
            rec("第22条讲什么", days_ago=0, tasks=[22]),
            rec("第22条的目标", days_ago=0, tasks=[22, 3], channel="api"),
            rec("停车位太少了怎么办", days_ago=0, found=False, channel="wechat"),
            rec("停车位太少怎么办？", days_ago=1, found=False),
            rec("其中呢", days_ago=1, found=False, standalone="停车位太少了怎么办"),
            rec("天气怎么样", days_ago=1, found=False),
            rec("第3条", days_ago=2, tasks=[3]),
            rec("很久以前", days_ago=40, found=False, tasks=[9]),  # outside a 30-day window
        ]
        store.write(recs)
        store.rate(recs[2].id, "down", "没有回答停车问题")
        store.rate(recs[0].id, "up", None)
        got = store.insights(days=30, now=NOW)
        assert (got["since"], got["until"], got["days"]) == ("2026-02-09", "2026-03-10", 30)
        assert (got["questions"], got["answered"], got["refused"], got["refusal_rate"]) == (7, 3, 4, round(4 / 7, 4))
        assert len(got["per_day"]) == 30 and got["per_day"][0] == {
            "day": "2026-02-09", "questions": 0, "refused": 0, "refusal_rate": None}
        assert got["per_day"][-3:] == [
            {"day": "2026-03-08", "questions": 1, "refused": 0, "refusal_rate": 0.0},
            {"day": "2026-03-09", "questions": 3, "refused": 3, "refusal_rate": 1.0},
            {"day": "2026-03-10", "questions": 3, "refused": 1, "refusal_rate": round(1 / 3, 4)},
        ]
        assert got["per_channel"] == [
            {"channel": "ui", "questions": 5},
            {"channel": "api", "questions": 1},
            {"channel": "wechat", "questions": 1},
        ]
        assert got["per_task"] == [{"task": 3, "questions": 2}, {"task": 22, "questions": 2}]
        assert got["unanswered"] == [
            {"question": "停车位太少了怎么办", "count": 3, "variants": 2},
            {"question": "天气怎么样", "count": 1, "variants": 1},
        ]
        assert got["ratings"] == {"up": 1, "down": 1}
        assert [(d["id"], d["question"], d["comment"]) for d in got["rated_down"]] == [
            (recs[2].id, "停车位太少了怎么办", "没有回答停车问题")]
        assert store.insights(days=1, now=NOW)["questions"] == 3

    def test_the_csv_export_opens_in_excel_and_keeps_formulas_as_text(self, store):
        store.write([rec("=HYPERLINK(\"x\")", tasks=[1, 2]), rec("第5条，\"引号\"", found=False, days_ago=-0.001)])
        text = "".join(csv_chunks(store.rows(days=1, now=NOW)))
        assert text.startswith("\ufeff编号,")
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        assert [r["问题"] for r in rows] == ["'=HYPERLINK(\"x\")", "第5条，\"引号\""]
        assert [r["已回答"] for r in rows] == ["是", "否"] and rows[0]["引用条目"] == "1 2"
        assert rows[0]["时间（北京时间）"] == "2026-03-10 12:00:00"

    def test_an_empty_database_is_migrated_and_reopening_keeps_everything(self, url):
        first = SqlStore(url)
        assert first.version() == SCHEMA_VERSION
        a = rec("第1条")
        first.write([a])
        first.close()
        again = SqlStore(url)
        assert again.version() == SCHEMA_VERSION and again.exists(a.id)
        with again.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM schema_version").scalar() == SCHEMA_VERSION
        again.close()

    def test_copies_starting_together_migrate_once(self, url):
        stores, errors = [], []

        def start():
            try:
                stores.append(SqlStore(url))
            except Exception as e:  # noqa: BLE001 - collected and asserted below
                errors.append(e)

        threads = [threading.Thread(target=start) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == [] and len(stores) == 4
        with stores[0].engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM schema_version").scalar() == SCHEMA_VERSION
        for s in stores:
            s.close()

    def test_a_database_from_a_newer_release_is_refused_with_a_reason(self, url):
        SqlStore(url).close()
        engine = sa.create_engine(SqlStore(url).url)
        with engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO schema_version (version, applied_at) VALUES (99, '2030-01-01')")
        engine.dispose()
        with pytest.raises(RuntimeError, match="newer than this release"):
            SqlStore(url)


class TestSqliteStore(StoreContract):
    @pytest.fixture
    def url(self, tmp_path) -> str:
        return sqlite_url(tmp_path)


@pytest.fixture(scope="session")
def postgres():
    reason = why_not()
    if reason:
        pytest.skip(reason)
    server = PostgresServer().init().start()
    yield server
    server.remove()


class TestPostgresStore(StoreContract):
    @pytest.fixture
    def url(self, postgres) -> str:
        return postgres.new_database()


# --- the writer: never in the way of an answer --------------------------------------------------------------------


class SlowStore:
    """A store whose writes take ``delay`` seconds (a slow or locked database)."""

    def __init__(self, delay: float = 5.0):
        self.delay, self.written = delay, []

    def write(self, records):
        time.sleep(self.delay)
        self.written.extend(records)

    def purge(self, older_than):
        return 0

    def close(self):
        pass


def test_a_slow_database_adds_no_latency_and_a_full_queue_drops_and_counts():
    store = SlowStore(5.0)
    log = QuestionLog(lambda: store, queue_size=10, batch=5, flush_s=0.01)
    start = time.perf_counter()
    for i in range(50):
        log.record(rec(f"问题{i}"))
    elapsed = time.perf_counter() - start
    assert elapsed < 0.1, f"record() took {elapsed:.3f}s for 50 records"
    health = log.health()
    assert health["lost"] >= 35 and health["degraded"] and "queue is full" in health["last_error"]
    assert health["pending"] <= 15
    start = time.perf_counter()
    log.close(timeout=0.2)  # a stuck database must not hold up shutdown beyond its timeout
    assert time.perf_counter() - start < 1.0


def test_a_locked_sqlite_database_is_a_counted_loss_not_a_hang(tmp_path):
    url = sqlite_url(tmp_path)
    SqlStore(url).close()
    blocker = sa.create_engine(url).connect()
    blocker.exec_driver_sql("BEGIN EXCLUSIVE")  # another process holding the write lock
    log = QuestionLog(lambda: SqlStore(url, busy_timeout_s=0.2), flush_s=0.01)
    try:
        start = time.perf_counter()
        log.record(rec("第1条"))
        assert time.perf_counter() - start < 0.05
        log.flush(10)
        health = log.health()
        assert health["lost"] == 1 and health["degraded"] and "locked" in health["last_error"]
    finally:
        blocker.exec_driver_sql("ROLLBACK")
        blocker.close()
    log.record(rec("第2条"))
    assert log.flush(10) and log.health()["written"] == 1
    log.close()


def test_close_flushes_everything_queued(tmp_path):
    url = sqlite_url(tmp_path)
    log = QuestionLog(lambda: SqlStore(url), batch=7, flush_s=30)  # long batching: only close() writes them now
    recs = [rec(f"第{i}条", tasks=[i]) for i in range(1, 51)]
    for r in recs:
        log.record(r)
    assert log.close(timeout=10)
    assert log.health()["written"] == 50
    store = SqlStore(url)
    assert all(store.exists(r.id) for r in recs)
    store.close()


def test_a_feedback_right_after_the_answer_finds_the_queued_record(tmp_path):
    url = sqlite_url(tmp_path)
    log = QuestionLog(lambda: SqlStore(url), flush_s=30)
    r = rec("第3条")
    log.record(r)
    assert log.rate(r.id, "down", "不对")
    assert not log.rate("f" * 32, "up")
    log.close()


def test_personal_data_is_masked_before_it_is_stored_and_records_survive_a_restart(tmp_path):
    settings = SimpleNamespace(log_questions=True, log_retention_days=180, data_dir=tmp_path / "data",
                               database_url=None, log_secret=None)
    log = open_log(settings)
    r = Record(channel="wechat", question="我电话13812345678，停车位太少", standalone="停车位太少 a@b.cn",
               found=False, user=log.hash_user("oOpenId123"))
    log.record(r)
    assert log.close(timeout=10)
    raw = (tmp_path / "data" / "questions.sqlite3").read_bytes() + b"".join(
        p.read_bytes() for p in (tmp_path / "data").glob("questions.sqlite3*"))
    assert b"13812345678" not in raw and b"oOpenId123" not in raw and "[手机号]".encode() in raw

    again = open_log(settings)
    assert again.secret == log.secret  # the same user hashes after a restart
    row = next(again.rows(days=1))
    assert (row["id"], row["question"], row["standalone"]) == (r.id, "我电话[手机号]，停车位太少", "停车位太少 [邮箱]")
    again.close()


def test_the_retention_purge_runs_at_start(tmp_path):
    url = sqlite_url(tmp_path)
    store = SqlStore(url)
    old = Record(channel="ui", question="旧", found=True, at=datetime.now(UTC) - timedelta(days=10))
    store.write([old])
    store.close()
    log = QuestionLog(lambda: SqlStore(url), retention_days=7)
    log.warm_up()
    deadline = time.time() + 10
    while list(log.rows(days=3650)) and time.time() < deadline:
        time.sleep(0.05)
    assert list(log.rows(days=3650)) == []
    log.close()


def test_recording_off_records_nothing(tmp_path):
    log = open_log(SimpleNamespace(log_questions=False, data_dir=tmp_path, database_url=None, log_secret=None))
    log.record(rec("第1条"))
    assert log.health() == {"enabled": False, "written": 0, "lost": 0, "pending": 0, "degraded": False,
                            "last_error": None}
    assert list(tmp_path.iterdir()) == []
    log.close()


def test_postgres_killed_mid_run_changes_no_answer_and_is_counted(postgres, caplog):
    caplog.set_level("WARNING", logger="assistant.questionlog")
    url = postgres.new_database()
    log = QuestionLog(lambda: SqlStore(url, busy_timeout_s=2), batch=20, flush_s=0.05)
    slowest = 0.0
    try:
        for i in range(100):
            log.record(rec(f"之前{i}"))
        assert log.flush(10) and log.health()["written"] == 100
        postgres.stop("immediate")
        for i in range(300):
            start = time.perf_counter()
            log.record(rec(f"停机时{i}"))
            slowest = max(slowest, time.perf_counter() - start)
            time.sleep(0.002)
        log.flush(15)
        health = log.health()
        assert health["lost"] > 0 and health["degraded"] and health["last_error"]
        assert slowest < 0.05, f"record() took {slowest:.3f}s while the database was down"
        warnings = [r for r in caplog.records if "could not be written" in r.getMessage()]
        assert len(warnings) == 1, "losses are logged at most once a minute, not once per failed batch"
    finally:
        postgres.start()
    lost = log.health()["lost"]
    log.record(rec("恢复后"))
    assert log.flush(10)
    health = log.health()
    assert health["written"] == 101 and health["lost"] == lost
    log.close()


def test_two_app_copies_write_to_one_postgres_and_a_third_reads(postgres):
    url = postgres.new_database()
    copies = [QuestionLog(lambda: SqlStore(url), batch=10, flush_s=0.02) for _ in range(2)]

    def answer(copy: QuestionLog, n: int) -> None:
        for i in range(200):
            copy.record(rec(f"副本{n}问题{i}", tasks=[n + 1], at=_now()))

    threads = [threading.Thread(target=answer, args=(c, n)) for n, c in enumerate(copies)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in copies:
        assert c.close(timeout=15)
    reader = QuestionLog(lambda: SqlStore(url))
    got = reader.insights(days=1)
    assert got["questions"] == 400
    assert got["per_task"] == [{"task": 1, "questions": 200}, {"task": 2, "questions": 200}]
    reader.close()


# --- the board's HTTP edge ------------------------------------------------------------------------------------------


@pytest.fixture
def board(tmp_path):
    url = sqlite_url(tmp_path)
    log = QuestionLog(lambda: SqlStore(url))
    app = FastAPI()
    app.include_router(board_router(log, ["admin-key-1", "admin-key-2"]))
    with TestClient(app) as client:
        yield client, log
    log.close()


ADMIN = {"X-API-Key": "admin-key-2"}


def test_insights_need_an_admin_key(board):
    client, _ = board
    for path in ("/api/insights", "/api/insights/questions.csv"):
        missing = client.get(path)
        assert missing.status_code == 401 and "X-API-Key" in missing.json()["detail"]
        wrong = client.get(path, headers={"X-API-Key": "admin-key-3"})
        assert wrong.status_code == 401 and "ASSISTANT_ADMIN_KEYS" in wrong.json()["detail"]
    assert client.get("/api/insights?days=0", headers=ADMIN).status_code == 422
    assert client.get("/api/insights?days=3651", headers=ADMIN).status_code == 422


def test_without_admin_keys_the_board_says_how_to_turn_it_on(tmp_path):
    log = QuestionLog(lambda: SqlStore(sqlite_url(tmp_path)))
    app = FastAPI()
    app.include_router(board_router(log, []))
    response = TestClient(app).get("/api/insights", headers={"X-API-Key": ""})
    assert response.status_code == 401 and "set ASSISTANT_ADMIN_KEYS" in response.json()["detail"]
    log.close()


def test_staff_see_insights_and_download_the_csv(board):
    client, log = board
    log.record(rec("停车位太少怎么办", found=False, at=datetime.now(UTC)))
    log.flush()
    body = client.get("/api/insights?days=7", headers=ADMIN).json()
    assert body["questions"] == 1 and body["unanswered"][0]["question"] == "停车位太少怎么办"
    response = client.get("/api/insights/questions.csv?days=7", headers=ADMIN)
    assert response.status_code == 200 and response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.content.startswith(b"\xef\xbb\xbf") and "停车位太少怎么办" in response.content.decode("utf-8-sig")


def test_the_board_page_is_self_contained_and_holds_no_data(board):
    client, log = board
    log.record(rec("一个秘密的问题", at=datetime.now(UTC)))
    page = client.get("/board")
    assert page.status_code == 200 and "看板" in page.text and "sessionStorage" in page.text
    assert "一个秘密的问题" not in page.text
    for outside in ("http://", "https://", "//cdn", "@import", "<link", "src="):
        assert outside not in page.text.replace("http://www.w3.org/2000/svg", ""), outside


def test_feedback_rates_replaces_and_refuses_what_it_cannot_use(board, tmp_path):
    client, log = board
    r = rec("第3条", at=datetime.now(UTC))
    log.record(r)
    ok = client.post("/api/feedback", json={"id": r.id, "rating": "up"})
    assert ok.status_code == 200 and ok.json() == {"id": r.id, "rating": "up"}
    again = client.post("/api/feedback", json={"id": r.id, "rating": "down", "comment": "没说清楚"})
    assert again.status_code == 200
    assert client.get("/api/insights", headers=ADMIN).json()["rated_down"][0]["comment"] == "没说清楚"
    unknown = client.post("/api/feedback", json={"id": "0" * 32, "rating": "up"})
    assert unknown.status_code == 404 and "id" in unknown.json()["detail"]
    hostile = client.post("/api/feedback", json={"id": "<script>alert(1)</script>", "rating": "up"})
    assert hostile.status_code in (404, 422) and "<script>" not in hostile.text  # never echoed back
    for bad in ({"id": r.id, "rating": "meh"}, {"id": r.id, "rating": "up", "comment": "长" * 501},
                {"id": r.id, "rating": "up", "extra": 1}, {"rating": "up"}):
        assert client.post("/api/feedback", json=bad).status_code == 422, bad

    off = QuestionLog(lambda: SqlStore(sqlite_url(tmp_path / "off")), enabled=False)
    app = FastAPI()
    app.include_router(board_router(off, ["k"]))
    response = TestClient(app).post("/api/feedback", json={"id": r.id, "rating": "up"})
    assert response.status_code == 409 and "ASSISTANT_LOG_QUESTIONS" in response.json()["detail"]


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium (bash scripts/test)")
def test_staff_open_the_board_in_a_browser_and_download_the_csv(tmp_path):
    from conftest import LiveServer
    from playwright.sync_api import sync_playwright

    log = QuestionLog(lambda: SqlStore(sqlite_url(tmp_path)))
    asked = rec("停车位太少了怎么办", found=False, at=_now())
    for r in (asked, rec("第22条讲什么", tasks=[22], at=_now())):
        log.record(r)
    log.rate(asked.id, "down", "<b>没有</b>回答")
    app = FastAPI()
    app.include_router(board_router(log, ["k1"]))
    with LiveServer(app) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(locale="zh-CN", accept_downloads=True)
        errors, requested = [], []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requested.append(r.url))
        page.goto(server.url + "/board")
        page.fill("#key", "wrong")
        page.click("text=进入看板")
        page.wait_for_function("document.querySelector('#error').textContent.includes('ASSISTANT_ADMIN_KEYS')")
        page.fill("#key", "k1")
        page.click("text=进入看板")
        page.wait_for_selector("#per-day svg", state="attached")
        assert "停车位太少了怎么办" in page.text_content("#unanswered")
        assert "第22条" in page.text_content("#per-task")
        assert "<b>没有</b>回答" in page.text_content("#rated-down")  # shown as text, never as markup
        with page.expect_download() as download:
            page.click("#csv")
        assert Path(download.value.path()).read_bytes().startswith(b"\xef\xbb\xbf")
        browser.close()
    log.close()
    assert errors == [] and all(u.startswith(server.url) for u in requested)
