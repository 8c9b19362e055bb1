"""Another district's plan: the product speaks of that plan only (its identity is data, issue 11).

A made-up county plan, with no profile file beside it: the title, the examples and the stop words
are derived from its text (and a title setting), and nothing of the plan the project ships shows up
in the chat page, the API's answers, the "not covered" reply or WeChat.
"""

from __future__ import annotations

import re
import time
import uuid

import httpx
import pytest
from conftest import LiveServer

from assistant.answer import Assistant
from assistant.config import Settings

PLAN = """一、建设宜居青禾,打造山水田园示范县
1.推进城乡供水一体化。到2026年实现农村自来水普及率98%以上,新建水厂2座。完善青禾水库保护机制。
2.完善乡村公路网络。改造提升农村公路120公里,实现建制村通客车全覆盖。
3.发展茶叶特色产业。建设高标准生态茶园5000亩,打响“青禾云雾”茶叶品牌。
二、提升民生福祉,打造幸福青禾
4.办好人民满意的教育。新建改扩建中小学校6所,推进县域义务教育优质均衡发展。
5.健全医疗卫生服务体系。推进县人民医院新院区建设,完善乡镇卫生院标准化建设。
6.加强养老服务。建设村级居家养老服务站30个,发展普惠托育服务。
"""
FORBIDDEN = re.compile(r"萧山|杭州|Xiaoshan|xiaoshan|未来社区|亚运|枫桥")
TOKEN = "other-plan-token"


@pytest.fixture(scope="module")
def other(tmp_path_factory, assistant):
    folder = tmp_path_factory.mktemp("qinghe")
    (folder / "qinghe-plan.txt").write_text(PLAN, encoding="utf-8")
    a = Assistant(Settings(source=folder, index_dir=tmp_path_factory.mktemp("qinghe-index"),
                           plan_title="青禾县高质量发展规划", wechat_token=TOKEN))
    a.warm_up()
    return a


@pytest.fixture(scope="module")
def server(other):
    from app import create_app

    with LiveServer(create_app(settings=other.settings, assistant=other)) as s:
        yield s


def test_the_profile_is_derived_from_the_text(other):
    profile = other.profile
    assert profile.title == "青禾县高质量发展规划"
    assert len(profile.examples) >= 3 and any("第" in q for q in profile.examples)
    assert not any(FORBIDDEN.search(q) for q in profile.examples)
    for q in profile.examples:  # every derived example is answered from this plan
        assert other.ask(q).found, q


def test_the_chat_page_names_this_plan_only(server):
    page = httpx.get(server.url + "/", timeout=30).text
    config = httpx.get(server.url + "/config", timeout=30).text
    assert "青禾县高质量发展规划" in page + config
    assert not FORBIDDEN.search(page) and not FORBIDDEN.search(config)


@pytest.mark.parametrize("question", ["第3条讲什么？", "到2026年农村自来水普及率要达到多少？", "哪些任务提到了养老？",
                                      "有哪些量化指标？", "这个规划有几部分？", "明天会下雨吗？", "“青禾云雾”是什么？",
                                      "What is this plan about?", "高铁站什么时候建？"])
def test_api_answers_name_this_plan_only(server, question):
    r = httpx.post(server.url + "/api/ask", json={"question": question}, timeout=30)
    assert r.status_code == 200, r.text
    body = r.json()
    assert not FORBIDDEN.search(body["answer"]), body["answer"]
    assert all(not FORBIDDEN.search(c["reference"]) for c in body["citations"])


def test_the_not_covered_reply_names_this_plan_and_its_examples(other):
    reply = other.ask("明天会下雨吗？")
    assert not reply.found and "青禾县高质量发展规划" in reply.answer and "第1条至第6条" in reply.answer
    assert not FORBIDDEN.search(reply.answer)


def test_wechat_welcomes_with_this_plan(server):
    from wechatpy.replies import deserialize_reply
    from wechatpy.utils import WeChatSigner

    timestamp, nonce = str(int(time.time())), uuid.uuid4().hex[:10]
    signer = WeChatSigner()
    signer.add_data(TOKEN, timestamp, nonce)
    xml = (f"<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o{uuid.uuid4().hex[:20]}]]>"
           f"</FromUserName><CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
           "<Event><![CDATA[subscribe]]></Event></xml>")
    r = httpx.post(server.url + "/wechat", params={"signature": signer.signature, "timestamp": timestamp,
                                                   "nonce": nonce}, content=xml.encode(), timeout=30)
    welcome = deserialize_reply(r.text).content
    assert "青禾县高质量发展规划" in welcome and not FORBIDDEN.search(welcome)
