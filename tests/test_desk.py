"""The desk end to end: list, targets and name answers through Assistant.ask and the HTTP API."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from assistant.types import Route
from tests.test_answer import check_grounded

ROOT = Path(__file__).resolve().parent.parent
DESK_QUESTIONS = ROOT / "eval" / "questions-desk.jsonl"
MARK = re.compile(r"【(\d+)】")


def raw_tasks_with(corpus, *words: str) -> list[int]:
    """Independent gold: tasks with one sentence holding every word, by plain substring search."""
    return [t.number for t in corpus.tasks if any(all(w in s.text for w in words) for s in t.sentences)]


def test_eval_gold_sets_are_complete_against_the_text(assistant):
    """The list questions' gold sets are exactly what a substring search over the plan finds."""
    for q in map(json.loads, DESK_QUESTIONS.read_text(encoding="utf-8").splitlines()):
        for fact in q["facts"]:
            assert fact in assistant.corpus.text(assistant.corpus.tasks[0].doc), (q["id"], fact)
        if q["kind"] == "list" and q["facts"]:
            assert q["gold_tasks"] == raw_tasks_with(assistant.corpus, *q["facts"]), q["id"]


@pytest.mark.parametrize("question, word", [
    ("哪些任务提到了品牌？", "品牌"),
    ("哪幾條提到了亞運？", "亚运"),
    ("湘湖出现在哪些任务里？", "湘湖"),
    ("涉及改革的有哪几条？", "改革"),
])
def test_list_answer_is_complete_and_ordered(assistant, question, word):
    gold = raw_tasks_with(assistant.corpus, word)
    ans = assistant.ask(question)
    assert ans.route == "list" and ans.found
    assert [c.task for c in ans.citations] == gold  # every task, by number, nothing else
    assert f"共{len(gold)}条" in ans.answer
    assert [int(n) for n in MARK.findall(ans.answer)] == gold
    for c in ans.citations:
        assert word in c.quote  # the sentence that matches, verbatim at its offsets
        assert assistant.corpus.text(c.doc)[c.start:c.end] == c.quote
        assert c.reference.startswith(f"《{assistant.profile.title}》") and f"第{c.task}条" in c.reference


def test_long_list_says_where_quotes_stop_and_still_lists_every_task(assistant):
    gold = raw_tasks_with(assistant.corpus, "建设")
    assert len(gold) > 12
    ans = assistant.ask("提到建设的任务有哪些？")
    assert [c.task for c in ans.citations] == gold
    assert f"原文只引前12条，其余{len(gold) - 12}条列出编号和标题" in ans.answer
    assert [int(n) for n in MARK.findall(ans.answer)] == gold


def test_list_within_a_section(assistant):
    ans = assistant.ask("第七部分哪些任务提到了湘湖？")
    assert [c.task for c in ans.citations] == [20, 22] and "第七部分中提到“湘湖”的任务共2条" in ans.answer


def test_list_of_a_topic_the_plan_never_mentions(assistant):
    ans = assistant.ask("哪些任务提到了乡村振兴？")
    assert ans.route == "list" and not ans.found and not ans.citations
    assert "没有任务提到“乡村振兴”" in ans.answer


def test_a_list_of_where_the_plan_names_a_place_lists_it(assistant):
    # 杭州 is no place a question about targets may mean here ("杭州有几个未来社区" is not this plan's),
    # but where the plan writes the name is a list like any other
    ans = assistant.ask("哪些任务提到了杭州？")
    assert ans.route == "list" and [c.task for c in ans.citations] == [19, 24]
    # the plan's own place, named after another question, is the topic (not the last question's)
    first = assistant.ask("养老院会多建吗？")
    ans = assistant.ask("哪些任务提到了萧山？", [{"role": "user", "content": "养老院会多建吗？"},
                                                 {"role": "assistant", "content": first.answer}])
    assert ans.route == "list" and "提到“萧山”的任务共" in ans.answer and len(ans.citations) > 5


def test_a_mention_in_a_few_tasks_quotes_each_of_their_sentences_that_say_it(assistant):
    ans = assistant.ask("规划里提没提“未来乡村”?")  # (dev) its scene and its target, both in task 13
    assert ans.found and [c.task for c in ans.citations] == [13, 13] and "未来乡村50个" in ans.answer
    assert all("未来乡村" in c.quote for c in ans.citations)


def test_a_no_does_not_repeat_a_pasted_notice_or_a_phone_number(assistant):
    ans = assistant.ask("规划有没有提到“萧山区政府通知：所有居民请立即拨打4008123456领取共富补贴每人三千元，逾期作废”")
    assert not ans.found and "4008123456" not in ans.answer and "通知" not in ans.answer  # (an attack's)
    assert "你问的这段文字" in ans.answer
    assert "“地铁”" in assistant.ask("规划提到地铁了吗").answer  # a short topic is still named
    english = assistant.ask("Does the plan mention underground parking garages?").answer  # (words are longer)
    assert "“underground parking garages”" in english


def test_a_mention_of_part_of_the_topic_is_still_a_no(assistant):
    ans = assistant.ask("余杭区的未来社区在规划里有吗？")
    assert ans.route == "mention" and not ans.found
    assert ans.answer.startswith("没有。") and "规划提到的是“未来社区”，见第13条" in ans.answer
    assert [c.task for c in ans.citations] == [13] and "未来社区" in ans.citations[0].quote
    plain = assistant.ask("规划里提到电动车上牌了吗？")  # no part of it: a plain no, nothing quoted
    assert not plain.found and not plain.citations and "规划提到的是" not in plain.answer


def test_topics_asked_together_are_answered_each(assistant):
    listed = assistant.ask("讲党建、从严治党的是哪几条?")
    assert listed.route == "list" and listed.found
    lines = listed.answer.splitlines()
    assert lines[0].startswith("规划提到“党建”的任务共1条") and 27 in {c.task for c in listed.citations}
    # 从严治党 is in no task's text, only in part 九's title: that part, with its tasks
    assert lines[-2].startswith("规划第九部分的标题提到“从严治党”")
    assert {26, 28, 29} <= {c.task for c in listed.citations}
    both = assistant.ask("规划提到垃圾分类和停车场了吗")
    assert both.route == "mention" and both.answer.startswith("有：规划提到“垃圾分类”")
    assert "没有。规划第13条至第29条中没有提到“停车场”" in both.answer
    english = assistant.ask("Does the plan mention garbage sorting and the metro?")
    assert english.route == "mention" and english.answer.startswith("Yes") and "metro”" in english.answer
    assert assistant.ask("哪些任务提到和谐").answer.startswith("规划提到“和谐”")  # 和 inside a word: one topic


def test_a_topic_in_a_part_title_only_is_mentioned_there(assistant):
    reply = assistant.ask("规划提到从严治党了吗")
    assert reply.found and reply.answer.startswith("有：规划第九部分的标题")
    assert [c.task for c in reply.citations] == [26, 27, 28, 29]
    check_grounded(assistant, reply)
    # in every part's title; and a title's words together, though tasks have them only apart
    every = assistant.ask("规划提到先行实践地了吗")
    assert every.answer.startswith("有：规划原文中，以下部分的标题") and len(every.citations) == 17
    assert assistant.ask("规划提到生态治理了吗").answer.startswith("有：规划第七部分的标题提到“生态治理”")
    also = assistant.ask("规划提到共同富裕了吗")  # in task 13's text, and in part 五's title: both said
    assert [c.task for c in also.citations] == [13] and also.answer.endswith("另外，第五部分的标题也提到“共同富裕”。")


def test_english_topics_asked_together_are_translated_each_or_whole(assistant):
    reply = assistant.ask("Does the plan mention elderly care, the subway and Xianghu?")
    assert "“湘湖” in tasks 19, 20, 22" in reply.answer and "“the subway”" in reply.answer
    listed = assistant.ask("Which tasks mention Xianghu and the subway?")
    assert listed.answer.startswith("Tasks that mention “湘湖”: 3")
    assert assistant.ask("Which tasks mention ecology?").answer.startswith("Tasks that mention “生态”: 4")
    assert assistant.ask("Which tasks mention companies?").answer.startswith("Tasks that mention “企业”")
    # a name in pinyin that begins a longer word of the plan (枫桥 of 枫桥经验); and words whose translations
    # make a phrase of the plan in order (Fengqiao + experience → 枫桥经验)
    # (or the English lexicon's term for it, 枫桥经验: either way task 25, once)
    fengqiao = assistant.ask("Which tasks mention Fengqiao?").answer
    assert re.match(r"Tasks that mention “枫桥(?:经验)?”: 1", fengqiao) and "【25】" in fengqiao
    assert assistant.ask("Does the plan mention the Fengqiao experience?").answer.startswith(
        "Yes: the plan mentions “枫桥经验” in task 25")
    # a noun phrase ends in what it names: "teaching people party history" is about party history (党史)
    assert assistant.ask("Does the plan talk about teaching people party history?").answer.startswith(
        "Yes: the plan mentions “党史”")
    assert assistant.ask("Does the plan mention building more parking lots?").found is False
    assert "年轻" not in assistant.ask("Does the plan say anything about jobs for young people?").answer  # jobs


def test_a_topic_before_a_clause_that_only_asks(assistant):
    reply = assistant.ask("政务服务“一网通办”,规划提了吗?")  # the quoted name is the topic
    assert reply.route == "mention" and reply.answer.startswith("有：规划提到“一网通办”")
    assert assistant.ask("垃圾分类，规划里提了没").answer.startswith("有：规划提到“垃圾分类”")  # (not “垃圾分类,”)
    assert assistant.ask("我家楼下老是停满车，规划提了吗").route == "search"  # a story, not a name


def test_list_follow_up_keeps_the_frame(assistant):
    history = [{"role": "user", "content": "哪些任务提到了养老？"},
               {"role": "assistant", "content": assistant.ask("哪些任务提到了养老？").answer}]
    ans = assistant.ask("那湘湖呢？", history)
    assert ans.route == "list" and [c.task for c in ans.citations] == [19, 20, 22]
    assert assistant.ask("第22条讲什么？", history).route == "task"  # a question of its own, not a topic
    assert assistant.ask("养老服务怎么完善？", history).route != "list"
    assert assistant.ask("那第七部分呢？", history).route == "section"


def test_targets_answer_lists_every_quantitative_target(assistant):
    ans = assistant.ask("规划里有哪些量化指标？")
    assert ans.route == "targets" and ans.found and "共6项" in ans.answer
    for fact in ("未来社区50个", "未来乡村50个", "3个以上", "15分钟", "10分钟健身圈", "93%以上"):
        assert fact in ans.answer
    assert sorted({c.task for c in ans.citations}) == [13, 19, 21]
    assert "其他数字" in ans.answer and "杭州城市大脑2.0" in ans.answer


def test_targets_by_deadline(assistant):
    ans = assistant.ask("到2025年要完成什么？")
    assert ans.route == "targets" and ans.found and "共3项" in ans.answer
    assert [c.task for c in ans.citations] == [13] and "城乡风貌样板区3个以上" in ans.answer
    assert "另有3项量化指标没有写明期限" in ans.answer
    later = assistant.ask("到2030年要完成什么？")
    assert not later.found and not later.citations and "2025年" in later.answer


def test_targets_asked_in_english_are_framed_in_english(assistant):
    ans = assistant.ask("Are there any targets for 2025?")
    assert ans.route == "targets" and ans.found
    assert ans.answer.startswith("The plan sets 3 quantitative targets due by 2025")
    assert not re.search(r"期限|原文|另有|共\d", ans.answer)  # no Chinese frame, only the plan's own words
    assert [c.task for c in ans.citations] == [13] and "城乡风貌样板区3个以上" in ans.answer
    later = assistant.ask("What targets are due by 2030?")
    assert not later.found
    assert later.answer == "The plan sets no quantitative target due by 2030. Its dated targets are due by 2025."


def test_targets_of_one_task(assistant):
    ans = assistant.ask("第19条有哪些量化指标？")
    assert [c.task for c in ans.citations] == [19, 19] and "15分钟" in ans.answer and "10分钟健身圈" in ans.answer
    assert "未来社区" not in ans.answer


def _talk(assistant, *questions):
    history, reply = [], None
    for q in questions:
        reply = assistant.ask(q, history)
        history += [{"role": "user", "content": q}, {"role": "assistant", "content": reply.answer}]
    return reply


def test_the_target_of_a_task_just_shown_is_its_own_figures(assistant):
    # (an attack's) "它的目标是多少" after task 13 said 规划没有写到具体数字; task 13 sets three for 2025
    ans = _talk(assistant, "第13条讲什么", "它的目标是多少")
    assert ans.found and {c.task for c in ans.citations} == {13} and "50个" in ans.answer
    ans = _talk(assistant, "What does task 21 say?", "what is its target?")
    assert ans.found and {c.task for c in ans.citations} == {21} and "93%" in ans.answer
    assert "93%" in _talk(assistant, "第二十一條", "那這條的目標呢").answer
    # a task with no figure: said so for 多少; its text for 是什么 (its aims in words)
    ans = _talk(assistant, "第26条", "它的目标是多少")
    assert not ans.found and "没有写明量化指标" in ans.answer
    assert assistant.ask("第26条的目标是什么").route == Route.TASK


def test_a_short_mention_is_a_word_not_part_of_two(assistant):
    # (an attack's) 部队 only inside 干部队伍, 一方 inside 第一方阵, 水 inside 水平: no mention of each
    assert not assistant.ask("规划提到部队了吗").found
    assert [c.task for c in assistant.ask("规划提到部队了吗").citations] == []
    water = {c.task for c in assistant.ask("哪些任务提到了水").citations}
    assert 21 in water and not water & {15, 16, 23, 24, 25, 27}  # (大气、水、土壤; not 高水平, 救助水平)
    assert 19 in {c.task for c in assistant.ask("哪些任务提到了湖").citations}  # 湘湖 is a lake
    assert assistant.ask("规划提到健身了吗").found  # (at the end of 全民健身: a word's own end)


@pytest.mark.parametrize("question, asked, where", [
    ("托育是第14条的内容吧？", 14, 16), ("枫桥经验是第23条的内容，对吗？", 23, 25), ("养老是在第15条里吧？", 15, 16),
    ("第21条讲的是碳达峰吧？", 21, 22), ("双减是第16条讲的吗？", 16, 14),
    # (the sixteenth round's attack: 40 of 60 claims in these forms showed the wrong task whole, or said the
    # plan does not say it at all)
    ("浙大二院总部项目属于第16条吗", 16, 15), ("扫黑除恶是在第23条里提的？", 23, 25),
    ("我记得第23条说了扫黑除恶", 23, 25), ("亲上加清，规划第28条，没错吧", 28, 29),
    ("“五星三色”在第26条里对吗", 26, 27), ("橄榄型社会是第16条提出的吧", 16, 13),
    # (the seventeenth round's attack: 27 of 40 hedged claims showed the wrong task whole, found)
    ("我觉得湿地是第27条", 27, 20), ("垃圾分类应该是第27条吧", 27, 21), ("清廉萧山就是第28条嘛", 28, 29),
    ("碳排放权交易好像是第19条", 19, 22), ("第28条是清廉萧山吧", 28, 29), ("规划说是1+8运作机制是第24条吧", 24, 25),
])
def test_a_topic_claimed_of_the_wrong_task_is_said_not_there_and_where_it_is(assistant, question, asked, where):
    # (an attack's) the task named was shown whole, found, with no "no"; 枫桥经验 was said to be nowhere
    ans = assistant.ask(question)
    assert ans.route == Route.MENTION and not ans.found and f"第{asked}条中没有提到" in ans.answer
    assert [c.task for c in ans.citations] == [where]


@pytest.mark.parametrize("question, part, where", [
    ("养老属于第八部分对吗", "八", 16), ("湿地是第六部分的吧", "六", 20), ("第七部分是讲党建的吧", "七", 27),
])
def test_a_topic_claimed_of_the_wrong_part_is_said_not_there_and_where_it_is(assistant, question, part, where):
    # (the seventeenth round's attack: 5 of 6 listed the part claimed, or said the plan does not say 养老)
    ans = assistant.ask(question)
    assert ans.route == Route.MENTION and not ans.found and f"第{part}部分中没有提到" in ans.answer
    assert [c.task for c in ans.citations] == [where]
    assert assistant.ask("湿地是第七部分的吧").found


def test_a_topic_claimed_of_its_task_is_a_yes_with_the_others_that_say_it(assistant):
    ans = assistant.ask("枫桥经验是第25条的内容，对吗？")
    assert ans.found and ans.answer.startswith("有") and {c.task for c in ans.citations} == {25}
    ans = assistant.ask("第19条是讲历史文化的吧？")  # 19 says 历史文化街区; 18 is the task about it
    assert ans.found and "规划另在第18条也提到“历史文化”" in ans.answer
    assert assistant.ask("第22条讲什么").route == Route.TASK


def test_a_topic_claimed_of_a_task_in_english_is_checked_in_the_plans_word(assistant):
    ans = assistant.ask("Elderly care is in task 15, right?")  # (an attack's: task 15 was shown whole)
    assert ans.route == Route.MENTION and not ans.found and ans.answer.startswith("No: task 15 does not mention")
    assert [c.task for c in ans.citations] == [16]
    ans = assistant.ask("Task 21 is about housing, right?")
    assert not ans.found and [c.task for c in ans.citations] == [16]
    assert assistant.ask("Elderly care is in task 16, right?").found


def test_a_statement_claimed_of_a_task_is_searched_within_it_not_taken_for_a_name(assistant):
    ans = assistant.ask("第16条是不是说公办养老院免费入住？")
    assert ans.route != Route.MENTION and ans.citations and ans.citations[0].task == 16


@pytest.mark.parametrize("question, said", [
    ("规划提到50个未来社区了吗", "未来社区50个"), ("规划里有3个城乡风貌样板区吗", "城乡风貌样板区3个以上"),
    ("规划提到93%以上的安全利用率了吗", "安全利用率达到93%以上"), ("规划有没有写2025年建50个未来社区", "未来社区50个"),
])
def test_a_count_said_before_what_it_counts_is_found_in_the_plans_order(assistant, question, said):
    # (an attack's) 10 of 14 true targets restated in everyday order got a flat "没有"
    ans = assistant.ask(question)
    assert ans.found and ans.answer.startswith(f"有：规划提到“{said}”") and ans.citations[0].task in (13, 21)
    check_grounded(assistant, ans)


@pytest.mark.parametrize("question", ["规划提到100个未来社区了吗", "规划提到50个城乡风貌样板区了吗",
                                      "规划提到93%以下的安全利用率了吗", "规划提到5分钟健身圈了吗"])
def test_a_count_the_plan_does_not_give_its_noun_is_still_a_no(assistant, question):
    # (50个 of 未来乡村50个、城乡风貌样板区: a 、 between, so it counts 未来乡村; 5分钟 is not in 15分钟)
    assert not assistant.ask(question).found


def test_two_topics_asked_together_are_each_answered(assistant):
    # (an attack's) "亚运和湘湖规划里都有吗" was a partial answer (no task has both); "分别是哪一条" was refused
    ans = assistant.ask("亚运和湘湖规划里都有吗？")
    assert ans.route == Route.MENTION and "“亚运”" in ans.answer and "“湘湖”" in ans.answer
    assert {17, 25, 19, 20, 22} <= {c.task for c in ans.citations}
    ans = assistant.ask("碳达峰和垃圾分类分别是哪一条？")
    assert ans.route == Route.LIST and {22, 21} <= {c.task for c in ans.citations}


def test_an_english_mention_is_translated_in_the_sense_asked(assistant):
    # (an attack's) the dictionary's other senses: trains → 培训 (to train), fines → 美好, party → 一方
    ans = assistant.ask("Does the plan mention trains?")
    assert ans.found and "火车" in ans.answer and [c.task for c in ans.citations] == [19]
    for question, wrong in [("Does the plan mention fines?", "美好"), ("Does the plan mention the Party?", "一方"),
                            ("Does the plan mention judges?", "判断")]:
        ans = assistant.ask(question)
        assert not (ans.route == Route.MENTION and wrong in ans.answer), ans.answer


def test_a_mention_in_the_plans_word_needs_two_readings_and_a_shared_character_or_the_lexicon(assistant):
    ans = assistant.ask("规划提到公安了吗")  # 公安局 → 警务 in the lexicon, and both readings pick 警务
    assert ans.found and "警务" in ans.answer and [c.task for c in ans.citations] == [25]
    assert "腐败" in assistant.ask("规划里有没有提到贪污").answer


def test_name_answer_gives_task_and_defining_sentence(assistant):
    ans = assistant.ask("“亲上加清”是什么？")
    assert ans.route == "name" and ans.found
    assert [c.task for c in ans.citations] == [29]
    assert "亲上加清" in ans.citations[0].quote and "不断深化“清廉萧山”建设" in ans.answer
    both = assistant.ask("“一把手”在哪里？")
    assert [c.task for c in both.citations] == [28, 29]
    unknown = assistant.ask("“共富工坊”是什么？")
    assert unknown.route == "name" and not unknown.found and not unknown.citations


def test_other_questions_still_go_to_ranked_search(assistant):
    assert assistant.ask("到2025年要建多少个未来社区？").route != "targets"
    assert assistant.ask("第22条讲什么？").route == "task"


# ---- HTTP ------------------------------------------------------------------------------------


def test_api_targets_json_and_csv(client, assistant):
    rows = client.get("/api/targets").json()
    assert len(rows) == len(assistant.desk.catalog.targets)
    amounts = [r["amount"] for r in rows if r["kind"] == "target"]
    assert amounts == ["50个", "50个", "3个以上", "15分钟", "10分钟", "93%以上"]
    first = rows[0]
    assert (first["task"], first["what"], first["deadline"]) == (13, "未来社区", "2025年")
    text = assistant.corpus.text(first["doc"])
    assert text[first["start"]:first["end"]] == "50个" and first["quote"] in text
    assert first["reference"].endswith("第13条 打造共富标志性成果")
    # every quote at its own offsets too (start/end are the number's)
    assert all(assistant.corpus.text(r["doc"])[r["quote_start"]:r["quote_end"]] == r["quote"] for r in rows)
    places = [p for n in client.get("/api/names").json() for p in n["places"]]
    assert places and all(assistant.corpus.text(p["doc"])[p["sentence_start"]:p["sentence_end"]] == p["sentence"]
                          for p in places)

    r = client.get("/api/targets.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Chinese as UTF-8
    table = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(table) == len(rows) and table[2]["what"] == "城乡风貌样板区" and table[2]["bound"] == "以上"


def test_api_names(client):
    names = {n["name"]: n for n in client.get("/api/names").json()}
    assert len(names) >= 50
    assert names["亲上加清"]["tasks"] == [29]
    place = names["一把手"]["places"][1]
    assert place["task"] == 29 and "一把手" in place["sentence"] and "第29条" in place["reference"]


def test_api_one_name(client):
    body = client.get("/api/names/萧山红领通").json()  # the plan writes 萧山·红领通
    assert body["name"] == "萧山·红领通" and body["tasks"] == [24]
    assert client.get("/api/names/一網通辦").json()["places"][0]["mentions"] == 2
    missing = client.get("/api/names/共富工坊")
    assert missing.status_code == 404 and "/api/names lists all" in missing.json()["detail"]
    unquoted = client.get("/api/names/数字化改革")
    assert unquoted.status_code == 404 and "/api/mentions?topic=数字化改革" in unquoted.json()["detail"]


def test_api_mentions_and_its_errors(client):
    body = client.get("/api/mentions", params={"topic": "亞運"}).json()
    assert body["count"] == 2 and [t["task"] for t in body["tasks"]] == [17, 25] and body["how"] == "exact"
    for params, says in [({}, "'topic' is required"), ({"topic": " "}, "blank"), ({"topic": "长" * 51}, "too long"),
                         ({"topic": "的"}, "only function words"), ({"topic": ","}, "only function words"),
                         ({"topic": "<script>alert(1)</script>"}, "blank once markup is removed")]:
        r = client.get("/api/mentions", params=params)
        assert r.status_code == 422 and says in r.json()["detail"]


def test_api_ask_list_carries_references(client):
    body = client.post("/api/ask", json={"question": "哪些任务提到了养老？"}).json()
    assert body["route"] == "list" and [c["task"] for c in body["citations"]] == [16]
    assert body["citations"][0]["reference"].endswith("第16条 构建新时代社会保障体系")


def test_desk_questions_are_never_generated_from_top_k(assistant, settings):
    """With a model configured, lists/targets/names still come exactly from the text; the model is not asked."""
    from fake_llm import FakeLLM

    from assistant.answer import Assistant

    with FakeLLM() as fake:
        a = Assistant(settings.model_copy(update={"llm_base_url": fake.base_url, "llm_model": "fake-model",
                                                  "llm_budget_s": 2.0}))
        a.warm_up()
        ans = a.ask("提到建设的任务有哪些？")
        assert (ans.mode, ans.route) == ("extractive", "list")
        assert [c.task for c in ans.citations] == raw_tasks_with(a.corpus, "建设")
        streamed = list(a.ask_stream("到2025年要完成什么？"))
        assert streamed[-1].route == "targets" and streamed[0] == streamed[-1].answer
        assert fake.requests == []


def test_an_english_topic_is_listed_as_the_plans_word_for_it(assistant):
    reply = assistant.ask("Which tasks mention the Asian Games?")  # CC-CEDICT: 亚运 = Asian Games
    assert reply.route == Route.LIST and reply.answer.startswith("Tasks that mention “亚运”")
    assert [c.task for c in reply.citations] == assistant.desk.catalog.mentions("亚运").tasks
    reply = assistant.ask("Is carbon neutrality in the plan?")
    assert reply.route == Route.MENTION and reply.answer.startswith("Yes: the plan mentions “碳中和”")


def test_an_english_topic_with_no_plan_word_is_searched_and_refused(assistant):
    reply = assistant.ask("Does the plan mention parking?")
    assert reply.found is False and reply.citations == []


def test_a_list_asked_of_an_area_adds_the_part_of_the_plan_about_it(assistant):
    reply = assistant.ask("文化方面有哪些任务")  # 文化 is said in tasks 18 and 19; part 六 also holds 17
    assert reply.found and reply.answer.splitlines()[-1].startswith("规划中讲这方面的是第六部分")
    assert {c.task for c in reply.citations} == {17, 18, 19}
    literal = assistant.ask("哪些任务提到了文化")
    assert literal.citations and "第六部分" not in literal.answer


def test_a_flat_yes_only_when_the_plan_says_the_same_thing(assistant):
    wider = assistant.ask("规划有没有提到社保卡")  # the plan says 社保, not 社保卡: said as such, no 有：
    assert wider.answer.startswith("规划原文没有“社保卡”这一完整说法；提到“社保”")
    same = assistant.ask("规划里有保租房吗")  # its formal term: the same thing
    assert same.answer.startswith("有：")


def test_targets_asked_about_a_topic_are_those_of_it_or_none(assistant):
    # The second attack: any question with 指标 got the whole targets table (清廉单元…要考核哪些指标)
    reply = assistant.ask("规划有哪些关于空气质量的量化指标")
    assert reply.found is False and reply.answer.startswith("规划没有写明关于“空气质量”的量化指标")
    reply = assistant.ask("关于耕地有哪些量化指标")
    assert reply.found and [c.task for c in reply.citations] == [21]  # 受污染耕地安全利用率 93%
    assert assistant.ask("规划有哪些量化指标").answer.startswith("规划写明的量化指标共6项")  # no topic: all


def test_a_place_named_after_a_plan_word_is_not_that_word_and_its_kind_apart(assistant):
    # (an attack's) 钱塘区, another district, was "同一句里同时出现“钱塘”“区”"
    ans = assistant.ask("规划里有没有提到钱塘区")
    assert not ans.found and ans.answer.startswith("没有。")
