"""The WeChat Official Account endpoint, through a real server on loopback, signed with wechatpy's own helpers."""

from __future__ import annotations

import re
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import xmltodict
from conftest import SOURCE, LiveServer
from wechatpy.crypto import WeChatCrypto
from wechatpy.replies import deserialize_reply
from wechatpy.utils import WeChatSigner

from assistant.config import Settings
from assistant.wechat import CLIPPED_NOTE, REPLY_BYTES, fit_reply, welcome_text

TOKEN = "plan-assistant-test-token"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters, as the console generates
APPID = "wx0123456789abcdef"
ACCOUNT = "gh_0123456789ab"
MARK = re.compile(r"【(\d{1,3})】")


class Observed:
    """The session's real assistant, with its ask() calls counted and optionally slowed (as an LLM would be)."""

    def __init__(self, inner):
        self.inner = inner
        self.calls: list[str] = []
        self.slow: dict[str, float] = {}  # question → extra seconds
        self.histories: list[list[dict]] = []  # the history each call was given
        self._lock = threading.Lock()

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def ask(self, question, history=None):
        with self._lock:
            self.calls.append(question)
            self.histories.append(list(history or []))
        time.sleep(self.slow.get(question, 0.0))
        return self.inner.ask(question, history)

    def count(self, question: str) -> int:
        with self._lock:
            return self.calls.count(question)


# ---- helpers: what WeChat's servers send ---------------------------------------------------------


def signed_params(token: str = TOKEN, **extra) -> dict:
    timestamp, nonce = str(int(time.time())), uuid.uuid4().hex[:10]
    signer = WeChatSigner()
    signer.add_data(token, timestamp, nonce)
    return {"signature": signer.signature, "timestamp": timestamp, "nonce": nonce, **extra}


def text_xml(content: str, user: str, msg_id: int | None = None) -> str:
    msg_id = msg_id or uuid.uuid4().int >> 65
    return (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId></xml>")


def event_xml(event: str, user: str) -> str:
    return (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            f"<Event><![CDATA[{event}]]></Event></xml>")


def media_xml(kind: str, user: str, extra: str = "") -> str:
    return (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{kind}]]></MsgType>"
            f"<MediaId><![CDATA[media_id]]></MediaId>{extra}<MsgId>{uuid.uuid4().int >> 65}</MsgId></xml>")


def new_user() -> str:
    return "o" + uuid.uuid4().hex[:27]


def send(server, xml: str, params: dict | None = None) -> httpx.Response:
    return httpx.post(f"{server.url}/wechat", params=params or signed_params(), content=xml.encode("utf-8"),
                      headers={"Content-Type": "text/xml"}, timeout=30)


def reply_of(response: httpx.Response):
    assert response.status_code == 200, response.text
    return deserialize_reply(response.text)


# ---- servers ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def observed(assistant) -> Observed:
    return Observed(assistant)


@pytest.fixture(scope="module")
def wechat_server(observed, index_dir):
    from app import create_app

    settings = Settings(source=SOURCE, index_dir=index_dir, wechat_token=TOKEN, rate_limit="4/minute")
    with LiveServer(create_app(settings=settings, assistant=observed, ui=False)) as server:
        yield server


@pytest.fixture(scope="module")
def safe_server(assistant, index_dir):
    from app import create_app

    settings = Settings(source=SOURCE, index_dir=index_dir, wechat_token=TOKEN, wechat_aes_key=AES_KEY,
                        wechat_appid=APPID)
    with LiveServer(create_app(settings=settings, assistant=assistant, ui=False)) as server:
        yield server


# ---- the URL check ------------------------------------------------------------------------------


def test_url_check_echoes_echostr_when_signed(wechat_server):
    r = httpx.get(f"{wechat_server.url}/wechat", params=signed_params(echostr="7293415811"))
    assert r.status_code == 200
    assert r.text == "7293415811"


@pytest.mark.parametrize("params", [
    signed_params(token="someone-elses-token", echostr="1"),  # signed with another token
    {"timestamp": "1700000000", "nonce": "abc", "echostr": "1"},  # unsigned
    {**signed_params(echostr="1"), "nonce": "tampered"},  # signed, then changed
])
def test_url_check_refuses_a_wrong_signature(wechat_server, params):
    r = httpx.get(f"{wechat_server.url}/wechat", params=params)
    assert r.status_code == 403
    assert "signature" in r.json()["detail"]


def test_wechat_is_off_without_a_token(client):
    r = client.get("/wechat", params=signed_params(echostr="1"))
    assert r.status_code == 404
    assert "WECHAT_TOKEN" in r.json()["detail"]


# ---- text messages ------------------------------------------------------------------------------


def test_text_message_gets_a_cited_reply_addressed_to_the_sender(wechat_server, assistant):
    user = new_user()
    r = send(wechat_server, text_xml("到2025年建设多少个未来社区？", user))
    reply = reply_of(r)
    assert reply.type == "text"
    assert reply.target == user and reply.source == ACCOUNT  # To/From swapped
    assert "【13】" in reply.content and "未来社区50个" in reply.content
    assert len(reply.content.encode("utf-8")) <= REPLY_BYTES
    # The same answer the JSON API gives, when it fits.
    assert reply.content == assistant.ask("到2025年建设多少个未来社区？").answer


def test_forged_message_is_refused_and_not_answered(wechat_server, observed):
    question = "萧山的平安建设有什么目标？" + uuid.uuid4().hex[:4]
    r = send(wechat_server, text_xml(question, new_user()), params=signed_params(token="forged"))
    assert r.status_code == 403
    assert observed.count(question) == 0


def test_retry_of_the_same_msgid_is_answered_from_the_first_result(wechat_server, observed):
    user, question = new_user(), "第22条讲什么？"
    xml = text_xml(question, user, msg_id=6_912_345_678_901_234_567)
    before = observed.count(question)
    first = reply_of(send(wechat_server, xml))
    again = [reply_of(send(wechat_server, xml)) for _ in range(2)]  # WeChat tries 3 times in all
    assert all(r.content == first.content for r in again)
    assert "【22】" in first.content
    assert observed.count(question) - before == 1


def test_the_same_msgid_from_another_user_is_that_users_own_message(wechat_server):
    one, other, msg_id = new_user(), new_user(), 6_912_345_678_901_299_999
    first = reply_of(send(wechat_server, text_xml("第14条讲什么？", one, msg_id=msg_id)))
    second = reply_of(send(wechat_server, text_xml("第29条讲什么？", other, msg_id=msg_id)))
    assert "【14】" in first.content and "【29】" in second.content and "【14】" not in second.content


def test_retry_during_a_slow_first_attempt_waits_for_it(wechat_server, observed):
    question = "基层党建怎么提升？"
    observed.slow[question] = 1.5  # the first attempt is still computing when the retry arrives
    xml = text_xml(question, new_user())
    before = observed.count(question)
    try:
        with ThreadPoolExecutor(2) as pool:
            first = pool.submit(send, wechat_server, xml)
            time.sleep(0.3)
            retry = pool.submit(send, wechat_server, xml)
            a, b = reply_of(first.result()), reply_of(retry.result())
    finally:
        observed.slow.pop(question)
    assert a.content == b.content
    assert MARK.search(a.content)
    assert observed.count(question) - before == 1


def test_past_the_deadline_the_extractive_answer_is_sent(observed, index_dir):
    """A full answer (e.g. generated) that is not ready in time gives way to the extractive one, still cited."""
    from fastapi import FastAPI

    from assistant.wechat import WeChatEndpoint

    settings = Settings(source=SOURCE, index_dir=index_dir, wechat_token=TOKEN)
    app = FastAPI()  # just the endpoint, with a deadline short enough to pass
    app.state.assistant = observed
    app.include_router(WeChatEndpoint(settings, deadline=0.5).router)
    question = "数字化改革怎么撬动各领域改革？"
    observed.slow[question] = 2.0
    try:
        with LiveServer(app) as server:
            reply = reply_of(send(server, text_xml(question, new_user())))
    finally:
        observed.slow.pop(question)
    assert reply.content == fit_reply(observed.inner.extractive(question).answer)
    assert "【24】" in reply.content


@pytest.fixture(scope="module")
def generative(settings):
    """An assistant that generates answers with a model (tests/fake_llm.py: a local OpenAI-compatible server)."""
    from fake_llm import FakeLLM

    from assistant.answer import Assistant

    with FakeLLM() as fake:
        a = Assistant(settings.model_copy(update={
            "llm_base_url": fake.base_url, "llm_model": "fake-model", "llm_budget_s": 3.0}))
        a.warm_up()
        yield a, fake


def endpoint_server(assistant, deadline: float) -> LiveServer:
    from fastapi import FastAPI

    from assistant.wechat import WeChatEndpoint

    app = FastAPI()
    app.state.assistant = assistant
    app.include_router(WeChatEndpoint(Settings(source=SOURCE, wechat_token=TOKEN), deadline=deadline).router)
    return LiveServer(app)


def test_a_generated_answer_is_sent_fitted_and_cited(generative):
    assistant, fake = generative
    fake.reset("answer")
    question = "到2025年建设多少个未来社区？"
    with endpoint_server(assistant, deadline=4.3) as server:
        reply = reply_of(send(server, text_xml(question, new_user())))
    expected = assistant.ask(question)
    assert expected.mode == "llm" and fake.requests
    assert reply.content == fit_reply(expected.answer) and "【13】" in reply.content


def test_a_model_that_hangs_past_the_deadline_gives_the_extractive_answer(generative):
    assistant, fake = generative
    fake.reset("hang")  # the model's own budget (3 s) is longer than WeChat's deadline here (1 s)
    question = "数字化改革怎么撬动各领域改革？"
    with endpoint_server(assistant, deadline=1.0) as server:
        reply = reply_of(send(server, text_xml(question, new_user())))
    assert fake.requests  # the model was asked
    assert reply.content == fit_reply(assistant.extractive(question).answer)
    assert "【24】" in reply.content


def test_follow_up_uses_the_previous_question_of_the_same_user(wechat_server):
    user = new_user()
    reply_of(send(wechat_server, text_xml("到2025年建设多少个未来社区？", user)))
    follow = reply_of(send(wechat_server, text_xml("那未来乡村呢？", user)))
    assert "未来乡村" in follow.content and MARK.search(follow.content)


def test_a_follow_up_sees_the_reply_as_sent_not_the_answer_before_its_cut(wechat_server, observed, assistant):
    # A list of every task that mentions 建设 is far over 2048 bytes: WeChat got a shortened reply, so a
    # follow-up must count as shown only what that reply held.
    user = new_user()
    question = "哪些任务提到建设？"
    assert len(assistant.ask(question).answer.encode("utf-8")) > REPLY_BYTES
    first = reply_of(send(wechat_server, text_xml(question, user))).content
    reply_of(send(wechat_server, text_xml("第二个讲了什么", user)))
    with observed._lock:
        given = observed.histories[len(observed.calls) - 1 - observed.calls[::-1].index("第二个讲了什么")]
    assert given[-2:] == [{"role": "user", "content": question}, {"role": "assistant", "content": first}]
    assert len(first.encode("utf-8")) <= REPLY_BYTES


def test_more_after_a_whole_text_cut_to_size_says_where_the_rest_is(wechat_server):
    # (an attack's) "还有吗" after 第23条和第24条, cut to 2048 bytes, said there was nothing more
    user = new_user()
    first = reply_of(send(wechat_server, text_xml("第23条和第24条分别讲什么", user))).content
    assert first.endswith(CLIPPED_NOTE.strip())
    more = reply_of(send(wechat_server, text_xml("还有吗", user))).content
    assert "已节选" in more and "“第23条”、“第24条”" in more


def test_a_user_over_the_rate_limit_is_told_to_wait_and_others_are_not(wechat_server):
    user, other = new_user(), new_user()
    replies = [reply_of(send(wechat_server, text_xml(f"第{n}条讲什么？", user))).content for n in (14, 15, 16, 17, 18)]
    assert all(f"【{n}】" in c for n, c in zip((14, 15, 16, 17), replies[:4], strict=True))
    assert "频繁" in replies[4] and "秒后" in replies[4]
    assert "【18】" in reply_of(send(wechat_server, text_xml("第18条讲什么？", other))).content


# ---- the 2048-byte limit ------------------------------------------------------------------------


def test_fit_reply_keeps_every_citation_of_a_long_answer(assistant):
    # An answer quoting every task in full (as a generative answer citing many tasks could be): ~15 KB.
    tasks = assistant.corpus.tasks
    long_answer = "\n".join(f"第{t.number}条“{t.title}”提出：{t.text}【{t.number}】" for t in tasks)
    assert len(long_answer.encode("utf-8")) > 4 * REPLY_BYTES
    fitted = fit_reply(long_answer)
    assert len(fitted.encode("utf-8")) <= REPLY_BYTES
    assert MARK.findall(fitted) == MARK.findall(long_answer)  # every citation, in order
    assert "…" in fitted and fitted.endswith(CLIPPED_NOTE)
    for t in tasks:  # each shortened quote still starts as the plan's own text does
        assert f"第{t.number}条“{t.title}”" in fitted


def test_fit_reply_leaves_short_answers_alone_and_counts_bytes_not_characters():
    short = "第13条提出：到2025年建设未来社区50个。【13】"
    assert fit_reply(short) == short
    exactly = "字" * (REPLY_BYTES // 3) + "【13】"  # 682 characters of 3 bytes, + the mark: over 2048 bytes
    fitted = fit_reply(exactly)
    assert len(exactly) < REPLY_BYTES < len(exactly.encode("utf-8"))
    assert len(fitted.encode("utf-8")) <= REPLY_BYTES and "【13】" in fitted


@pytest.fixture(scope="module")
def long_plan_server(tmp_path_factory):
    """A plan whose task 13 runs past 2048 bytes (tasks 23 and 24 appended to it), served for real."""
    from app import create_app
    from assistant.answer import Assistant

    lines = SOURCE.joinpath("xiaoshan-modernization-plan.txt").read_text(encoding="utf-8").splitlines()
    body = {ln.split(".", 1)[0]: ln.split(".", 1)[1] for ln in lines if re.match(r"^\d+\.", ln)}
    lines = [ln + body["23"] + body["24"] if ln.startswith("13.") else ln for ln in lines]
    folder = tmp_path_factory.mktemp("long-plan")
    (folder / "plan.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings = Settings(source=folder, index_dir=folder / "index", wechat_token=TOKEN)
    assistant = Assistant(settings)
    assistant.warm_up()
    with LiveServer(create_app(settings=settings, assistant=assistant, ui=False)) as server:
        server.assistant = assistant
        yield server


def test_a_task_longer_than_2048_bytes_is_shortened_with_its_citation(long_plan_server):
    full = long_plan_server.assistant.ask("第13条讲什么？").answer
    assert len(full.encode("utf-8")) > REPLY_BYTES
    reply = reply_of(send(long_plan_server, text_xml("第13条讲什么？", new_user())))
    content = reply.content
    assert len(content.encode("utf-8")) <= REPLY_BYTES
    assert "【13】" in content and "…" in content
    head = content.split("…")[0]
    assert full.startswith(head) and len(head) > 300  # a real excerpt, from the start of the task


# ---- other message types ------------------------------------------------------------------------


def test_subscribe_gets_a_welcome_whose_examples_work(wechat_server, assistant):
    reply = reply_of(send(wechat_server, event_xml("subscribe", new_user())))
    assert "您好" in reply.content and reply.content == welcome_text(assistant)
    examples = [ln.lstrip("· ") for ln in reply.content.splitlines() if ln.startswith("·")]
    assert len(examples) >= 2
    for q in examples:
        answer = assistant.ask(q)
        assert answer.found and answer.citations, q


def test_unsubscribe_gets_success(wechat_server):
    r = send(wechat_server, event_xml("unsubscribe", new_user()))
    assert r.status_code == 200 and r.text == "success"


@pytest.mark.parametrize("kind", ["image", "video", "location", "link"])
def test_other_types_get_a_polite_text_reply(wechat_server, kind):
    user = new_user()
    reply = reply_of(send(wechat_server, media_xml(kind, user)))
    assert reply.type == "text" and reply.target == user
    assert "文字" in reply.content and "抱歉" in reply.content


def test_voice_with_speech_recognition_is_answered(wechat_server):
    xml = media_xml("voice", new_user(), "<Format><![CDATA[amr]]></Format>"
                                         "<Recognition><![CDATA[第二十二条讲什么]]></Recognition>")
    assert "【22】" in reply_of(send(wechat_server, xml)).content
    plain = reply_of(send(wechat_server, media_xml("voice", new_user(), "<Format><![CDATA[amr]]></Format>")))
    assert "语音" in plain.content


# ---- hostile and malformed input ----------------------------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]><xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime>"
    "<MsgType>text</MsgType><Content>&lol9;</Content><MsgId>1</MsgId></xml>"
)
XXE = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       "<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><MsgType>text</MsgType>"
       "<Content>&xxe;</Content><MsgId>2</MsgId></xml>")


@pytest.mark.parametrize("body", [
    BILLION_LAUGHS,
    XXE,
    "<xml><ToUserName>gh_1</ToUserName><Content>unclosed",  # not well-formed
    "<xml><ToUserName>gh_1</ToUserName></xml>",  # no MsgType
    "<note><MsgType>text</MsgType></note>",  # not WeChat's root element
    "<xml>just text</xml>",
    '{"question": "第22条讲什么？"}',  # JSON sent to the XML endpoint
    "",
    text_xml("你好", "o1]]></FromUserName><FromUserName>evil"),  # an id that would break out of CDATA
])
def test_malformed_or_hostile_xml_gets_a_4xx_not_a_500(wechat_server, body):
    r = send(wechat_server, body)
    assert 400 <= r.status_code < 500, (r.status_code, r.text)
    assert r.json()["detail"]


def test_a_huge_body_is_refused_before_parsing(wechat_server):
    huge = text_xml("未来社区" * 20_000, new_user())  # ~240 KB
    r = send(wechat_server, huge)
    assert r.status_code == 413
    assert "too large" in r.json()["detail"]


def test_nested_xml_where_text_belongs_gets_the_welcome_not_an_error(wechat_server):
    xml = text_xml("x", new_user()).replace("<![CDATA[x]]>", "<a><b>1</b></a>")
    reply = reply_of(send(wechat_server, xml))
    assert "可以这样问我" in reply.content


# ---- safe mode (EncodingAESKey) -----------------------------------------------------------------


def test_safe_mode_round_trip(safe_server):
    crypto = WeChatCrypto(TOKEN, AES_KEY, APPID)
    user = new_user()
    params = signed_params()
    envelope = crypto.encrypt_message(text_xml("第二十二条讲什么？", user), params["nonce"], params["timestamp"])
    sent = xmltodict.parse(envelope)["xml"]
    # WeChat puts msg_signature in the URL and the ciphertext in the body.
    params.update(encrypt_type="aes", msg_signature=sent["MsgSignature"])
    body = f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><Encrypt><![CDATA[{sent['Encrypt']}]]></Encrypt></xml>"
    r = send(safe_server, body, params=params)
    assert r.status_code == 200, r.text
    assert "【22】" not in r.text  # the reply travels encrypted
    answer = xmltodict.parse(r.text)["xml"]
    plain = crypto.decrypt_message(r.text, answer["MsgSignature"], answer["TimeStamp"], answer["Nonce"])
    reply = deserialize_reply(plain)
    assert reply.target == user and "【22】" in reply.content
    assert len(reply.content.encode("utf-8")) <= REPLY_BYTES

    # A wrong msg_signature is refused.
    params["msg_signature"] = "0" * 40
    assert send(safe_server, body, params=params).status_code == 403


def test_safe_mode_needs_both_key_and_appid(index_dir):
    from assistant.wechat import WeChatEndpoint

    with pytest.raises(ValueError, match="WECHAT_APPID"):
        WeChatEndpoint(Settings(source=SOURCE, index_dir=index_dir, wechat_token=TOKEN, wechat_aes_key=AES_KEY))
    with pytest.raises(ValueError, match="43-character"):
        Settings(wechat_aes_key="too-short")
