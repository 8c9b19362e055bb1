"""The router: every question pattern, the order routes are tried in, follow-ups and focus (no index needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.answer import teach_plan_terms
from assistant.catalog import Catalog
from assistant.corpus import load_corpus
from assistant.profile import load_profile
from assistant.router import ORDER, Router, Want, _guessable, fold_question_forms, tagged_words
from assistant.spelling import Speller
from assistant.text import is_english
from assistant.types import Route

SOURCE = Path(__file__).resolve().parent.parent / "index" / "source"


@pytest.fixture(scope="module")
def router():
    # As the assistant builds it: the plan's own terms taught to the segmenter first (jieba's dictionary is
    # the process's, so a router built without them would read questions differently once any assistant ran).
    corpus = load_corpus(SOURCE)
    catalog = Catalog(corpus)
    profile = load_profile(SOURCE, corpus)
    terms = teach_plan_terms(corpus, catalog, profile.stop_words)
    return Router(corpus, catalog, Speller(corpus), profile.stop_words, plan_terms=terms, title=profile.title)


def test_the_route_order_is_declared_once():
    assert ORDER[-1] == "search" and len(set(ORDER)) == len(ORDER)
    assert {r.replace(" ", "_") for r in ORDER} <= {n[1:] for n in dir(Router) if n.startswith("_")}


@pytest.mark.parametrize("question, route, task", [
    ("第22条", Route.TASK, 22), ("任务22是什么", Route.TASK, 22), ("task 22", Route.TASK, 22),
    ("第二十二條講什麼？", Route.TASK, 22), ("第99条讲什么", Route.MISSING_TASK, 99),
    ("第XVI条", Route.TASK, 16), ("task XVI", Route.TASK, 16),  # (an attack's) Roman numerals name a task
    ("第-1条", Route.MISSING_TASK, -1),  # (an attack's) none, said so, not a search
    # (the next attack's) no plan has these; each was the generic refusal, task 13.5 was task 13
    ("第13.5条讲什么", Route.MISSING_TASK, 0), ("第〇条", Route.MISSING_TASK, 0), ("task 13.5", Route.MISSING_TASK, 0),
    ("第999999999999999999999条", Route.MISSING_TASK, 0),
])
def test_task_numbers(router, question, route, task):
    q = router.understand(question)
    assert (q.route, q.task) == (route, task)


@pytest.mark.parametrize("question, numeral", [("第七部分讲什么？", "七"), ("生态这一部分有哪些任务？", "七"),
                                               ("section 7", "七")])
def test_sections(router, question, numeral):
    q = router.understand(question)
    assert q.route == Route.SECTION and q.section.numeral == numeral


@pytest.mark.parametrize("question, numeral", [("规划里讲生态环境的那部分主要有哪几条？", "七"),
                                               ("关于社会治理、平安的部分有几条任务", "八"),
                                               # (the list route took these: the topic left after its frame
                                               # no longer says 那一部分)
                                               ("讲生态环境的那一部分包括哪几条任务？", "七"),
                                               ("规划里讲文化的那一块有哪几条？", "六"),
                                               # (dev) asked which ones too: its tasks, not a search within them
                                               ("生态环境那部分有几条任务,分别叫啥", "七"),
                                               ("讲治理和法治的是哪一部分", "八")])  # (two titles say 治理)
def test_a_part_named_by_what_its_tasks_say(router, question, numeral):
    # No part's title says 生态环境 or 社会治理: the one part whose tasks say it (a list of the tasks that
    # mention "生态环境的那部分" was "none")
    q = router.understand(question)
    assert q.route == Route.SECTION and q.section.numeral == numeral


def test_a_part_named_in_english_by_a_word_two_titles_share(assistant):
    # (dev) governance is 治理, in the titles of 七 (生态治理) and 八 (治理体系): the rest of the question decides
    q = assistant.understand("Which part of the plan covers governance, rule of law and public safety?")
    assert q.route == Route.SECTION and q.section.numeral == "八"


def test_an_area_said_with_zhe_kuai_is_not_a_part(router):
    assert router.understand("养老这块有什么政策").route == Route.SEARCH


@pytest.mark.parametrize("question, task", [("第六部分的第二条是什么", 18), ("第七部分第一项讲什么", 20),
                                           ("What is the second task of section 6?", 18),
                                           ("the third task in part 9", 28), ("第七部分的第22条讲什么", 22),
                                           ("生态部分的最后一条", 22), ("文化部分的第二条", 18),
                                           ("task 2 of section 6", 18), ("the last task of section 7", 22),
                                           # and of the whole plan, by position (first, last, from the end)
                                           ("Which task is the last one in the plan, and what is it about?", 29),
                                           ("Which task comes first?", 13), ("规划最后一条讲什么", 29),
                                           ("倒数第二条是什么？", 28), ("倒数第一条是什么？", 29),
                                           ("第二条任务是什么？", 14), ("the third task", 15),
                                           ("What is the second-to-last task?", 28), ("the penultimate task", 28),
                                           ("What is the third-from-last task?", 27), ("第三个任务", 15)])
def test_the_nth_task_of_a_section_or_of_the_plan_named_in_the_question(router, question, task):
    q = router.understand(question)  # was "规划中没有第2条": the plan's tasks are numbered 13 to 29
    assert (q.route, q.task) == (Route.TASK, task)


@pytest.mark.parametrize("question, topic", [("哪些任务跟党建有关系", "党建"), ("哪些任务和教育有关", "教育"),
                                            ("和谐社会相关的任务有哪些", "和谐社会"), ("文化方面有哪些任务", "文化"),
                                            ("关于养老的任务有哪些", "养老")])
def test_a_list_topic_without_what_it_relates_by(router, question, topic):
    assert router.understand(question).topic == topic


def test_which_ones_by_a_count_asks_for_members(router):
    assert router.understand("未来社区有哪50个").wants == Want.MEMBERS  # the plan counts them, names none


@pytest.mark.parametrize("question", ["平安萧山咋个搞嘛", "阿拉萧山的空气会好起来伐"])
def test_dialect_pronouns_and_question_words_are_no_topic(router, question):
    assert not {"咋个", "阿拉"} & set(router.understand(question).terms)


def test_nth_task_of_the_section_just_asked_about(router):
    q = router.understand("其中第二条呢？", [{"role": "user", "content": "第七部分讲什么？"}])
    assert (q.route, q.task, q.rule) == (Route.TASK, 21, "nth of section")


@pytest.mark.parametrize("question, deadline", [
    ("有哪些量化指标？", ""), ("规划里的数字目标有哪些", ""), ("到2025年要完成什么？", "2025年"),
    ("2025年的目标有哪些？", "2025年"),
])
def test_targets_questions(router, question, deadline):
    q = router.understand(question)
    assert (q.route, q.deadline) == (Route.TARGETS, deadline)


@pytest.mark.parametrize("question", ["到2025年要建多少个未来社区？", "未来社区的目标是什么"])
def test_fact_questions_are_not_targets(router, question):
    assert router.understand(question).route == Route.SEARCH


@pytest.mark.parametrize("question, name", [
    ("亲上加清是什么", "亲上加清"), ("“一老一小”在哪条", "一老一小"), ("什么是五星三色？", "五星三色"),
    ("“枫桥经验”出现在哪个任务?", "枫桥经验"), ("“萧山优礼”文明品牌属于哪一条?", "萧山优礼"),
    ("“双报到”是什么机制？", "双报到"), ("大安全大应急大减灾是指什么", "大安全、大应急、大减灾"),
    ("what is 一老一小", "一老一小"),
])
def test_name_questions(router, question, name):
    q = router.understand(question)
    assert q.route == Route.NAME and q.name.name == name


def test_content_questions_about_a_name_are_searched(router):
    assert router.understand("健康萧山有哪些措施").route == Route.SEARCH


def test_a_quoted_term_missing_from_the_plan(router):
    q = router.understand("“共富工坊”是什么？")
    assert (q.route, q.name, q.topic) == (Route.NAME, None, "共富工坊")
    assert router.understand("“数字化改革”是什么？").route != Route.NAME  # in the text, just not quoted


@pytest.mark.parametrize("question, topic", [
    ("哪些任务提到了养老？", "养老"), ("涉及托育的有哪几条", "托育"), ("“一老一小”出现在哪些任务里", "一老一小"),
    ("数字化改革在哪些任务里提到", "数字化改革"), ("哪几条提到了亚运", "亚运"), ("规划中有哪些任务涉及生态", "生态"),
    ("提到品牌的任务有哪些?", "品牌"), ("哪些任務提到了養老", "养老"), ("哪些任务与碳达峰有关", "碳达峰"),
    ("列出所有提到湘湖的任务", "湘湖"), ("Which tasks mention 湘湖?", "湘湖"), ("第七部分哪些任务提到了湘湖？", "湘湖"),
    ("提到品牌的有几条", "品牌"), ("哪些任务里有关于湿地的内容", "湿地"), ("哪些任务写了亚运", "亚运"),
    # Phrased around the topic (issue 12, kind 8): what is left after the frame is the topic.
    ("哪些任务提出了打造品牌的要求", "品牌"), ("讲到亚运的条目有哪些", "亚运"), ("湘湖在哪几条里有写", "湘湖"),
    ("列一下涉及碳达峰的任务", "碳达峰"),
    # 讲, 说, 谈 and 相关 as the verb; 帮我找找, 麻烦把…都列出来 as the frame
    ("讲养老的是哪几条", "养老"), ("养老相关的任务都列一下", "养老"), ("帮我找找所有讲湘湖的任务", "湘湖"),
    ("麻烦把说到湘湖的条目都列出来", "湘湖"), ("谈到共同富裕的有哪几条", "共同富裕"),
    # a frame word is never taken out of a word: 分类 keeps its 类, 谈判 its 谈
    ("帮我找找所有讲分类的任务", "分类"), ("帮我找找所有讲谈判的任务", "谈判"),
])
def test_list_questions(router, question, topic):
    q = router.understand(question)
    assert (q.route, q.topic) == (Route.LIST, topic), q.rule


@pytest.mark.parametrize("question", ["Which tasks mention the Asian Games?", "“枫桥经验”出现在哪个任务?",
                                      "未来社区的目标是什么"])
def test_not_list_questions(router, question):
    assert router.understand(question).route != Route.LIST


def test_a_list_scope_is_read(router):
    q = router.understand("第七部分哪些任务提到了湘湖？")
    assert q.scope == frozenset({20, 21, 22}) and q.scope_label == "第七部分中"


@pytest.mark.parametrize("question, topic", [("规划提到停车了吗？", "停车"), ("规划里有没有提到养老", "养老"),
                                             ("养老在规划里吗", "养老"), ("湘湖在规划里有写到吗？", "湘湖"),
                                             ("小区门口老是堵车，规划里有提到停车吗？", "停车"),
                                             ("规划有没有提一老一小", "一老一小"),
                                             ("规划里有老旧小区改造吗", "老旧小区改造"),
                                             ("红领通这个平台在规划里有吗", "红领通"),  # an appositive
                                             ("规划里有说到垃圾分类的事吗", "垃圾分类"),
                                             ("双碳目标规划有没有涉及", "双碳目标"),  # no 在
                                             ("教共体这块规划写了没", "教共体"),
                                             ("十分钟健身圈有没有这个说法", "十分钟健身圈"),
                                             ("“扩中提低”有提不", "扩中提低"),  # 有提不: 有没有提
                                             ("八项规定精神规划里有没有提", "八项规定精神"),  # not task 8
                                             # the Chinese name an English question gives
                                             ("Is affordable rental housing (保租房) in the plan?", "保租房"),
                                             ("规划里有没有提到湘湖EOD项目", "湘湖EOD项目"),  # an acronym is in a name
                                             # 提 alone, spoken openings, what follows the topic, other verbs
                                             ("规划有提垃圾分类吗", "垃圾分类"),
                                             ("规划里面提没提过枫桥经验", "枫桥经验"),
                                             ("想问下规划有没有讲养老的", "养老"),
                                             ("规划里说了垃圾分类没有", "垃圾分类"),
                                             ("规划里能看到垃圾分类吗", "垃圾分类"),
                                             ("有没有在规划里提到托儿所", "托儿所"),
                                             ("垃圾分类是不是规划里的内容", "垃圾分类"),
                                             ("规划里头有讲到垃圾分类伐", "垃圾分类"),
                                             # a Chinese name and its English gloss: the Chinese one
                                             ("规划有提托育和childcare吗", "托育"),
                                             # a Latin name in a Chinese question, as written
                                             ("规划有没有提到5G", "5G"),
                                             ("规划提到‘双减’没", "双减"),
                                             ("Is childcare 托育 in the plan?", "托育"),
                                             # the asker's 我们 and an A-not-A (在不在 → 是否在) are no part of it
                                             ("规划有提到我们萧山吗", "萧山"), ("萧山在不在规划里", "萧山"),
                                             ("规划里有没有提到我们村", "我们村"),
                                             ("规划里出现过亚运会吗", "亚运会"),
                                             ("规划里有保护戏曲吗", "戏曲"),  # what is done to it is no part
                                             ("规划提到了几次亚运", "亚运"), ("亚运在规划里出现过几次", "亚运"),
                                             ("规划提到钱塘江几次", "钱塘江"), ("规划里亚运出现了几次", "亚运"),
                                             # a name quoted in the topic is the topic; the plan's own
                                             # place inside a topic it lacks is not part of it
                                             ("规划里有没有讲到“枫桥”那套基层调解的做法", "枫桥"),
                                             ("浙大二院萧山那个项目在规划里吗", "浙大二院"),
                                             ("规划里有没有提到萧山的未来社区", "未来社区"),
                                             ("红领萧山在规划里吗", "红领萧山"),  # a name of the plan, whole
                                             ("文件里有给中小学生减负这个说法吗", "中小学生减负"),
                                             # a place that begins a name stays (an attack): not 西站, 政府
                                             ("杭州西站在规划里吗", "杭州西站"),
                                             ("规划里有没有提到杭州市政府", "杭州市政府"),
                                             ("规划里有没有提到【99】？", "99"),  # the answers' mark is no topic
                                             # an attack: a name before a clause that only asks, dialect's
                                             # 有冇 / 木有, particles after 吗, who asks and 这个 before it
                                             ("湘湖，规划里有没有提到？", "湘湖"), ("规划里有冇讲托育？", "托育"),
                                             ("规划里有木有提到养老", "养老"), ("规划提到托育了吗噻", "托育"),
                                             ("规划里有没有提到湘湖那边", "湘湖"),
                                             ("我想知道养老规划里有没有提到？", "养老"),
                                             ("这个分级诊疗规划里有没有写？", "分级诊疗"),
                                             ("宋韵文化这个规划里写了没？", "宋韵文化")])  # 这个 after it too
def test_mention_questions(router, question, topic):
    q = router.understand(question)
    assert (q.route, q.topic) == (Route.MENTION, topic)


@pytest.mark.parametrize("question", ["规划里有什么养老政策？", "规划里有哪些文化地标？",
                                      "村里老房子多，有没有说要保护古建筑？", "当官的搞腐败，规划里有说法吗",
                                      "规划说的共同富裕离我们远吗", "规划里讲到的健身圈离我家近吗",
                                      "养老有没有规划",  # a plan for 养老, not the plan mentioning it
                                      "规划有提高收入的办法吗", "规划里写了哪些养老措施",  # 提高 is not 提
                                      # (an attack's) a way for the asker, a stance: for search
                                      "规划里有没有让我们多挣点的办法", "规划里有没有说不要打扰企业",
                                      "规划里有没有说咋让老百姓收入涨上去", "规划有没有讲怎样管好物业",  # (how)
                                      "规划里有没有说建健身的地方"])  # (an attack's) a thing to do, not a phrase
def test_what_or_what_will_be_done_is_not_a_mention(router, question):
    assert router.understand(question).route != Route.MENTION


def test_a_set_phrase_that_begins_like_a_request_is_still_a_mention_topic(router):
    assert router.understand("规划里有没有提到让利于民").route == Route.MENTION


def test_a_figure_claimed_is_checked_by_the_search_not_looked_for_as_a_mention(router):
    assert router.understand("规划说到2025年要建100个未来社区，对吧？").route == Route.SEARCH  # (the plan: 50)


@pytest.mark.parametrize("question", ["是不是规划里的内容", "有没有在规划里提到", "规划有提第21条吗",
                                      # "没有提到" was the topic: a flat 没有 (an attack); a story before
                                      # the frame is for search, as is a way of doing something
                                      "我们要搞移风易俗，规划里有没有提到？", "关于养老的事，规划里有没有写？",
                                      "邻里矛盾很多，规划里有没有说用枫桥经验化解"])
def test_a_mention_frame_without_a_topic_is_no_mention(router, question):
    assert router.understand(question).route != Route.MENTION  # (the frame's own words are no topic)


@pytest.mark.parametrize("question", ["哪几条讲了什么时候完成", "哪些任务说了多少钱"])
def test_a_list_frame_around_a_question_word_is_no_list(router, question):
    assert router.understand(question).route != Route.LIST


def test_a_mention_follow_up_is_scoped_to_the_task_just_cited(router):
    history = [{"role": "user", "content": "第25条讲什么？"}, {"role": "assistant", "content": "…【25】"}]
    q = router.understand("里面有没有提到扫黑？", history)
    assert (q.route, q.topic, q.scope) == (Route.MENTION, "扫黑", frozenset({25}))


def test_which_questions_are_not_mentions(router):
    history = [{"role": "user", "content": "看病难怎么办"}, {"role": "assistant", "content": "…【15】"}]
    q = router.understand("这一条里提到哪个医院了？", history)
    assert q.route == Route.SEARCH and q.refers_to == (15,)


@pytest.mark.parametrize("question", ["这个规划有多少条任务？", "规划分几部分", "这个规划是什么？",
                                      "How many tasks are in this plan?", "What is this plan about?",
                                      "简单介绍一下这个规划吧", "这份文件是干什么的", "规划有几大块",
                                      "规划的全称是什么", "一共多少条", "规划从第几条开始",
                                      "What are the main goals of the plan?",
                                      "这是哪里的规划", "规划的目标是什么", "Give me a summary of the plan",
                                      "Tell me about the plan",
                                      # named the plan, and only words for a document's parts and gist
                                      "规划的核心内容有哪些", "规划里有哪些大的板块", "这个文件讲的是萧山哪方面的规划",
                                      "能给我讲讲这个规划的大概吗", "规划的五个部分各讲了什么",
                                      "How is the plan organized?", "What topics does the plan cover?",
                                      "What are the main points of the plan?", "规划的内容", "规划简介",
                                      "What is the plan called?", "What are the plan's priorities?",
                                      "What is the full name of the plan?", "规划是哪个区的",
                                      "List the tasks of the plan", "What are the five sections?",
                                      "Which district is this plan for?", "一共列了多少条具体任务"])
def test_questions_about_the_plan_itself(router, question):
    q = router.understand(question)
    assert (q.route, q.rule) == (Route.OVERVIEW, "overview")


@pytest.mark.parametrize("question", ["规划是谁制定的", "这个规划是哪一年发布的", "Who wrote this plan?",
                                      "谁制定了这个规划", "规划是哪个部门负责实施的", "规划的依据是什么",
                                      "规划会不会改", "规划在哪里可以下载", "规划有法律效力吗", "规划执行得怎么样了",
                                      "Who is responsible for the plan?", "Where can I download the plan?",
                                      "Who approved the plan?", "What is the plan's budget?", "规划进展如何",
                                      "在哪里可以下载这个规划", "规划是十四五规划吗", "规划是谁编的", "这个规划谁写的"])
def test_who_issued_the_plan_and_when_is_not_in_its_text(router, question):
    q = router.understand(question)
    assert (q.route, q.rule) == (Route.OVERVIEW, "not in the text")


@pytest.mark.parametrize("question", ["规划的期限是哪年到哪年", "规划什么时候结束", "When does the plan end?"])
def test_the_plans_period_gets_the_years_its_text_names(router, question):
    q = router.understand(question)  # (not stated either, but the years of its targets are)
    assert (q.route, q.rule) == (Route.OVERVIEW, "years")


def test_who_made_a_plan_for_a_topic_is_not_about_this_plan(router):
    assert router.understand("养老规划是谁制定的").route != Route.OVERVIEW


def test_a_follow_up_with_a_topic_of_its_own_keeps_it(router):
    history = [{"role": "user", "content": "垃圾分类怎么搞？"}, {"role": "assistant", "content": "……【21】"}]
    assert "托育" in router.understand("学校也有托育吗", history).focus  # not 垃圾分类's follow-up
    assert router.understand("农村也搞吗", history).focus == router.focus_of("垃圾分类怎么搞？")


@pytest.mark.parametrize("question", ["What does the plan say about carbon peaking?", "介绍一下规划里的养老政策",
                                      "说说规划对学校的安排", "规划的养老目标是什么",
                                      "Tell me about the plan's housing measures", "规划里教育的重点是什么",
                                      "What does the plan say about the main roads?",
                                      "What does the plan say about 湘湖?", "文化方面规划有哪些内容", "规划的养老内容"])
def test_a_question_about_a_topic_is_not_an_overview(router, question):
    assert router.understand(question).route == Route.SEARCH


@pytest.mark.parametrize("question, focus", [
    ("我家老人家腿脚不好，养老方面有什么政策？", ("养老",)),
    ("我想问问养老方面有什么政策", ("养老",)),
    ("垃圾分类，怎么搞？", ("垃圾分类",)),  # a policy term of the plan, kept whole
    ("有没有便宜点的那种保障房可以租", ("保障房",)),  # 保障 + 房 read as one; 便宜 describes it
    ("经常看到红领通这个词，它到底是个啥？", ("红领通",)),  # where it was seen is the story; the name whole
    ("垃圾分类在农村也要全部搞起来吗", ("垃圾分类", "农村")),  # 全部: how much, not what
    ("我退休了就爱听绍剧和莲花落", ("绍剧", "莲花落")),  # what happened to the asker is their story
    ("湿地会不会被拍卖掉", ("湿地", "拍卖")),  # what would be done to the topic is asked of
    ("萧山的城市精神是哪几个字啊，孩子学校作业要查", ("城市", "精神")),  # why it is asked comes after: no 学校
    ("我们村能不能拿到点生态补偿", ("生态补偿",)),  # what the asker gets it by (拿到) is no topic
    ("能不能让老百姓多挣点钱", ("挣钱",)),  # 挣点钱 is 挣钱, said with "a bit" between
    ("我爷爷喜欢听绍剧，规划里有没有", ("绍剧",)),  # (the twentieth round's attack) who likes it is the story
    ("规划里有没有说让我们这种人收入涨一涨的", ("收入",)),  # 涨一涨: a verb said twice, softly (was 一涨)
    ("我外婆就爱听绍剧，现在年轻人谁还听啊，会不会就这么没了", ("绍剧",)),  # 谁还听啊 asks nothing: no 年轻人
    ("我开个小五金厂，听说以后能耗高的、效益差的都不让干了？", ("能耗", "效益")),  # 不让: how it is told
    ("超市里塑料袋用得太多，有人管吗", ("塑料袋",)),  # where it was seen (超市, 菜场) is the story
    ("在外面做生意发了财的老乡回村里帮忙，政府欢迎伐", ("做生意", "老乡")),  # 欢迎: what government would do
    ("平安建设怎么做", ("平安", "建设")),  # an adjective of the plan's before 建设 names the field (was 建设 alone)
])
def test_focus_is_the_asking_clause_without_context(router, question, focus):
    assert router.understand(question).focus == focus


@pytest.mark.parametrize("question, wants", [
    ("到2025年建设多少个未来社区？", Want.NUMBER), ("浙大二院什么时候建成？", Want.DATE),
    ("养老是第几条", Want.WHICH_TASK), ("规划里讲教育的是第几条？", Want.WHICH_TASK),
    ("村里有几栋老房子，会拆掉还是保护起来？", Want.EXPLANATION),  # a choice asked; 有几栋 tells
    ("哪一条讲养老？", Want.WHICH_TASK), ("有没有托育服务？", Want.YESNO), ("养老方面怎么说", Want.EXPLANATION),
    ("新医院建在哪里？", Want.PLACE), ("垃圾分类由谁负责？", Want.WHO), ("养老补贴找哪个部门申请", Want.WHO),
    ("Where is the new campus?", Want.PLACE), ("未来社区已经建好了吗？", Want.STATUS),
])
def test_the_kind_of_answer_wanted(router, question, wants):
    assert router.understand(question).wants == wants


@pytest.mark.parametrize("question, wants", [
    ("浙大二院总部的院长是谁", Want.WHO), ("一网统管是哪个公司做的", Want.WHO),  # a person, a company
    ("浙大二院总部门诊时间", Want.DATE), ("跨湖桥遗址门票", Want.NUMBER),  # opening hours, a price
    ("火车西站有几条线", Want.NUMBER), ("五张责任清单是哪五张", Want.MEMBERS),  # 几条 + a noun counts; 哪五张
    ("无信访积案县评上了吗", Want.STATUS), ("善行萧山慈善品牌怎么捐款", Want.PROCEDURE),
    ("新乡贤怎么评", Want.PROCEDURE),
    ("社保断缴了三个月，怎么补缴？", Want.PROCEDURE),
    ("我没有萧山户口，能不能住进公办养老院", Want.PROCEDURE),  # whether the asker qualifies
    ("平安考核进入什么位置", Want.EXPLANATION),  # a rank, not a place
])
def test_the_kind_of_answer_named_by_the_thing_asked_for(router, question, wants):
    assert router.understand(question).wants == wants


@pytest.mark.parametrize(
    "message, parts",
    [
        ("养老院会多建吗？另外孩子上幼儿园难，规划有没有说", ("养老院会多建吗?", "孩子上幼儿园难,规划有没有说")),
        ("垃圾分类怎么搞？还有河道治理", ("垃圾分类怎么搞?", "河道治理")),  # a closing matter of its own
        ("区长是谁？另外垃圾分类怎么搞", ("区长是谁?", "垃圾分类怎么搞")),  # (另外 joins it: no part of it)
        ("孩子上幼儿园难吗？另外哪些任务提到了湘湖？", ("孩子上幼儿园难吗?", "哪些任务提到了湘湖?")),
        ("我家老人腿脚不好。养老方面有什么政策？", None),  # what is told joins the question after it
        ("养老方面有什么政策？我家老人腿脚不好", None),  # or, at the end, the one before it
        ("未来社区是真的吗？什么时候建好", None),  # the second asks of the first's topic: one question
        ("萧山打算建多少个未来乡村？这个名额在哪一条里", None),  # so does one that points back at it
        ("有没有具体数字？比如水质要达到几类", None),  # or gives an example of it
        ("地方戏呢？提到哪几种", None),  # a detail asked of the one before, not marked as another question
        ("双减以后还会一直这样减下去吗？规划咋说的", None),  # a bare "what does the plan say": of the one before
        ("湘湖那边要怎么搞？另外要多久建成？", ("湘湖那边要怎么搞?", "要多久建成?")),  # marked: its own answer
        ("养老院以后会多建吗？另外养老院一个月收费多少？",  # marked, and asking of more than the one before
         ("养老院以后会多建吗?", "养老院一个月收费多少?")),
        ("托育是第14条的内容吧？另外清廉萧山在哪一条？", ("托育是第14条的内容吧?", "清廉萧山在哪一条?")),
        ("找工作难规划有没有说？另外第14条讲什么？", ("找工作难规划有没有说?", "第14条讲什么?")),  # a mention, a task
        ("请问养老院会不会多建 另外孩子上幼儿园难，规划有没有说",  # (WeChat: no question mark)
         ("请问养老院会不会多建", "孩子上幼儿园难,规划有没有说")),
        ("一是垃圾分类农村搞不搞，二是河道治理有没有说法", ("一是垃圾分类农村是否搞", "河道治理有没有说法")),
        ("我们村有几栋老房子，会拆掉还是保护起来？", None),
        ("养老怎么办？托育呢？教育呢？医疗呢？", None),  # more than three: answered as one
        ("What does the plan say about elderly care? Also, is there anything on air pollution?",
         ("what does the plan say about elderly care?", "is there anything on air pollution?")),
        ("My parents are getting old. What does the plan say about elderly care?", None),  # (told, then asked)
        ("How many future communities by 2025? When will they be finished?", None),  # (they: the one before's)
    ],
)
def test_a_message_asking_several_questions_is_split_into_them(router, message, parts):
    text = router.understand(message).text
    assert router.parts(text) == (parts or (text,))


def test_in_a_chat_the_first_question_of_a_message_may_point_at_the_last_answer(router):
    text = router.understand("这个要多久？另外托育有什么政策？").text
    assert router.parts(text) == (text,)  # alone, 这个 points at nothing: one question
    assert router.parts(text, in_a_chat=True) == ("这个要多久?", "托育有什么政策?")


@pytest.mark.parametrize("question, name", [("区里对PM2.5有什么治理目标", "pm2.5"), ("5G基站建多少", "5g")])
def test_a_latin_name_with_digits_is_one_word_of_the_focus(router, question, name):
    assert name in router.understand(question).focus  # the tagger alone cuts pm2 + .5


@pytest.mark.parametrize("question, wants", [
    ("投了几十份简历都没回音，对刚毕业的有啥帮扶政策嘛？", Want.EXPLANATION),  # 几十: dozens, no question
    ("上访的问题拖了几年没人理，这个会改善不？", Want.EXPLANATION),  # 拖了几年: for years
    ("村里老师就那么几个，有啥办法让乡下娃读上好学校", Want.EXPLANATION),  # only a few
])
def test_a_few_is_no_how_many(router, question, wants):
    assert router.understand(question).wants == wants


def test_a_question_word_that_asks_nothing_is_not_the_asking_clause(router):
    # 啥都往一个桶里倒: "everything", told after the question; the question is the first clause
    assert router.understand("垃圾分类乡下到底搞不搞？我们村现在还是啥都往一个桶里倒").focus == ("垃圾分类",)


@pytest.mark.parametrize("question, focus", [
    ("听说浙大二院要在咱们这边搞个总部，是真的还是瞎传的？", ("浙大", "二院", "总部")),  # is it true: a frame
    ("收保护费、欺行霸市的，区里会不会严打？", ("保护费", "欺行霸市")),  # what government does: the story's
    ("想捐点钱帮帮困难人家，萧山有没有靠谱的慈善路子", ("慈善",)),  # a way to do it: the kind of answer
    ("一直没交过社保，以后我们这种人能不能也保进去", ("社保", "保")),  # a direction after a verb
    ("听讲浙二要来萧山搞总部,规划里咋说的?", ("总部",)),  # 听讲: the dialect's 听说
    ("我家老头子最爱听绍剧、莲花落,这些老戏还有人管伐?", ("绍剧", "莲花落")),  # 还有: "still"; 老头子: who
    ("我们村里的垃圾到底要不要分类嘛，规划里有讲伐？", ("垃圾", "分类")),  # 要不要: yes or no, 不要 no topic
    ("阿拉小囡明年要上幼儿园了，听说以后公办幼儿园也能托小的，是真的伐？", ("幼儿园", "公办幼儿园")),  # 小囡: who
])
def test_frames_ways_and_what_government_does_are_not_the_topic(router, question, focus):
    assert router.understand(question).focus == focus


@pytest.mark.parametrize("question, wants", [
    ("五馆合一是哪五馆", Want.MEMBERS), ("三医联动是哪三医", Want.MEMBERS),  # 哪 + a numeral + any noun
    ("党群服务中心电话是多少？", Want.WHO),
    ("Has the headquarters of Zhejiang University Second Hospital been completed?", Want.STATUS),
    ("How can I donate to the Shanxing Xiaoshan charity brand?", Want.PROCEDURE),
    ("Which are the 50 future communities?", Want.MEMBERS),
])
def test_the_kinds_of_answer_an_attack_asked_of_named_things(router, question, wants):
    assert router.understand(question).wants == wants


@pytest.mark.parametrize("question, wants", [("共有产权房咋申请", Want.PROCEDURE),
                                             ("What time does the museum open?", Want.DATE),
                                             ("文化方面下设哪几项任务", Want.WHICH_TASK)])  # tasks, not members
def test_casual_and_english_kinds_of_answer_found_on_residents_dev3(router, question, wants):
    assert router.understand(question).wants == wants


def test_a_part_named_by_its_topic_with_a_verb_of_holding(router):
    assert router.understand("规划中文化方面的部分下设哪几项任务？").route == Route.SECTION


def test_some_day_in_a_yes_or_no_question_asks_no_date(router):
    assert router.understand("湘湖那片湿地会不会哪天被开发掉？").wants == Want.YESNO
    assert router.understand("湘湖湿地哪天开放？").wants == Want.DATE


@pytest.mark.parametrize("question, not_topic", [
    ("我们村里有座一百多年的老祠堂，这种老房子有没有人出钱修？", "一百多年"),
    ("我开了个小厂，跟政府部门打交道手续又多，会不会改改", "开了个"),
    ("跑步只能沿着马路边跑，吸一肚子尾气", "一肚子"),
])
def test_an_age_a_did_a_and_full_of_are_no_topic(router, question, not_topic):
    assert not_topic not in router.understand(question).focus


def test_pointing_back_past_a_particle_reaches_the_story(router):
    # "组织这个的": 这个 is followed by 的, no word of its own: it points at 志愿者
    assert "志愿者" in router.understand("我退休了，想去当志愿者，区里有没有组织这个的？").focus


def test_characters_the_segmenter_left_apart_spelling_a_lexicon_phrase_are_one_word(router):
    assert "非遗" in router.understand("萧山的非遗保护有什么打算？").focus  # jieba: 非 + 遗


def test_a_particle_glued_to_a_word_is_cut_off(router):
    assert tagged_words("具体是咋个搞法嘛")[-2:] == (("法", "n"), ("嘛", "y"))  # 法嘛, a made-up word
    assert [w for w, _ in tagged_words("步伐")] == ["步伐"]  # a word of the dictionary keeps its last character


def test_a_verb_said_twice_with_one_between_is_form_not_topic(router):
    assert router.understand("塑料袋到处都是，政府有没有打算管一管这些塑料").focus == ("塑料",)  # not 管一


def test_a_follow_up_is_joined_to_the_question_it_follows(router):
    history = [{"role": "user", "content": "到2025年要建多少个未来社区？"}, {"role": "assistant", "content": "…【13】"}]
    q = router.understand("那未来乡村呢？", history)
    assert q.followup and "未来社区" in q.standalone and "未来乡村" in q.standalone


def test_typos_are_corrected_once_and_real_words_are_left_alone(router):
    assert router.understand("风桥经验是哪条里的？").fixes == {"风桥": "枫桥"}
    assert router.understand("失业了怎么办").fixes == {}  # a common word, not a typo of 事业


@pytest.mark.parametrize("question, topic", [
    ("涉及亚运的任务有哪些，麻烦列全", "亚运"),  # the frame is read in the clause that asks
    ("哪些任务对“一把手”提出了要求？", "一把手"),  # a quoted term is the topic as written
    ("湘湖在哪几条任务中被提到？", "湘湖"),
    ("干部相关的内容写在哪几条？", "干部"),
    ("List all tasks that mention 教育.", "教育"),
])
def test_list_topics_inside_longer_phrasings(router, question, topic):
    q = router.understand(question)
    assert (q.route, q.topic) == (Route.LIST, topic), q.rule


def test_focus_leaves_out_places_adjectives_and_pronouns_by_part_of_speech(router):
    assert router.understand("村里的卫生室医生太少了，怎么办？").focus == ("卫生室", "医生")
    assert "三孩" in "".join(router.understand("三孩政策有什么配套？").focus)  # a numeral inside a topic stays


def test_the_answer_type_word_is_the_topic_only_when_nothing_else_is(router):
    assert router.understand("这一条里提到哪个医院了？").focus == ("医院",)  # not 一条
    assert router.understand("我想信访，去哪个单位？").focus == ("信访",)  # 单位 is what is wanted


@pytest.mark.parametrize("question, focus", [
    ("晚上出门安全吗？", ("安全", "出门")),  # the adjective asked about is the predicate (a lexicon term: first)
    ("河水会不会变干净", ("河水", "干净")),
    ("家门口能不能有个好学校？", ("学校",)),  # 能/不能 is the question's form
    ("当官的在老百姓身边搞腐败，规划有说法吗", ("腐败", "当官")),  # 腐败 a thing (the plan's term, first)
])
def test_focus_keeps_the_predicate_and_drops_the_modal(router, question, focus):
    assert router.understand(question).focus == focus


@pytest.mark.parametrize("question, focus", [
    ("扩中提低到底是个啥意思", ("扩中提低",)),  # 啥意思 is the question's form; the plan's name kept whole
    ("亚运那阵子搞了什么文明行动", ("亚运", "文明")),  # 那阵子 points; 行动 (vn) is the kind asked
    ("网上办事乱七八糟的能不能改改", ("网上",)),  # an idiom is a complaint, 改改 a request, 办事 any errand
    ("这种作风有没有人整治整治，一件事拖好几个礼拜", ("作风",)),  # only tells: 一件, 好几个 count nothing
    ("以后会不会多一些、管得好一些", ()),
    ("规划里是用哪几个字来概括萧山精神的", ("精神",)),  # (dev) 概括 is how the plan says it, not what
    ("以前被污染过的田还能种庄稼吗？规划里有没有具体的数字", ("污染", "庄稼")),  # (dev) a figure asked: no topic
    ("碳中和在萧山有没有具体的做法", ("碳中和",)),  # (dev) a way of doing it asked: no topic
    ("幼儿园又难进又贵,有没有打算多办点普惠的", ("幼儿园",)),  # (dev) 又…又…: what it is like, a complaint
    ("托育怎么申请", ("托育",)), ("具体怎么申请", ()),  # 申请 of 怎么申请 is the kind of answer (a procedure)
    ("公司拖欠工资怎么办", ("公司", "拖欠工资")),  # (an attack's) a set phrase doing a thing to 工资: the topic
    # (an attack's) who would see to it (学校管不管) is no topic: the story's is; what the asker means to do
    # (开民宿) is, when the clause that asks names nothing else
    ("小孩近视越来越多，学校管不管", ("学校", "小孩", "近视")), ("我想开民宿，村里支持吗", ("想开", "民宿")),
    # (dev) what the asker means to do is why they ask, not what: 小店, 社区 are no topics
    ("想开个小店，听说营商环境要搞一号工程，是咋回事？", ("营商环境", "一号", "工程")),
    ("退休在家闲着，想去社区当志愿者，规划里对志愿服务有啥说法没", ("志愿服务",)),
    ("村里文化礼堂平时关着门没人管,有没有专门管的人咯", ("文化", "礼堂")),  # (dev) 没人管 complains, 专门 how
    ("有没有便宜点的房子可以租啊", ("房子",)),  # (dev) how the thing should be, not a topic
    ("农民怎么才能增收", ("增收", "农民")),  # (an attack's) 才能 "only then can", not 才能 "talent"
])
def test_focus_leaves_out_form_pointing_and_idioms(router, question, focus):
    assert router.understand(question).focus == focus


@pytest.mark.parametrize("question, focus", [
    ("这些老东西以后还会继续研究伐", ("老东西", "研究")),  # 继续 "go on" is how, not what
    ("觉得很震撼，这种老手艺还会保护吗", ("手艺", "保护")),  # after 很: how the asker feels, not what
    ("出门安全吗", ("安全", "出门")),  # an adjective asked about stays (a lexicon term: first)
    ("台风来了家里淹水,政府救灾的东西备得够不够", ("救灾",)),  # 备得: a verb the tagger guessed, no word
    ("家门口那条河臭得要死，污水有没有人管", ("污水",)),  # 要死: how bad, not what
    ("千万工程规划里怎么说", ("千万", "工程")),  # 工程规划: 工程 + the plan asked about
    ("万一再来一次疫情，区里有没有提前准备", ("疫情",)),  # 万一 "in case" (a numeral to jieba) frames it
    ("碳达峰碳中和电视上天天讲，萧山具体打算怎么弄？", ("碳达峰碳中和",)),  # where it was heard: no topic
    ("屋里种田的，听说有的田被污染了，还能种吗？", ("污染",)),  # 屋里种田的 says who asks: no topic of the question
    ("村里修路分钱的事，我们普通村民能不能说上话？", ("村民",)),  # 普通 (nz to jieba) only describes
    ("碳达峰碳中和萧山有动作吗", ("碳达峰碳中和",)),  # 动作 "moves": what is done, the plan's to say
    ("房子是用来住的还是炒的", ("房子",)), ("房地产市场会不会稳住", ("房地产市场",)),  # a light verb; what is done
    ("估计规划里有讲亚运安保吧？", ("亚运", "安保")), ("规划对垃圾分类的具体措施有哪些", ("垃圾分类",)),  # a hedge;
    ("能不能把规划里讲健身圈的那句话发给我", ("健身圈",)),  # 那句话, 发给: what is asked for, not a topic
    ("那条河老有人偷偷往里排脏水，规划里有没有说法", ("脏水",)),  # 河老: a name the tagger guessed, no word
    ("我们村一直想评美丽乡村，区里在这方面有啥大动作吗", ("美丽乡村",)),  # 有啥 asks: 动作 is the kind wanted
])
def test_focus_leaves_out_light_verbs_and_what_a_degree_word_describes(router, question, focus):
    assert router.understand(question).focus == focus


def test_a_numeral_the_plan_does_not_use_is_no_topic(router):
    assert "两句" not in router.understand("宣传栏上写着领头雁，后面还有两句是啥").focus  # counts, is not asked about


@pytest.mark.parametrize("question, wants", [
    ("投诉好几次了，到底有没有人治理啊", Want.YESNO),  # 好几次 is in what is told, and counts nothing
    ("就怕哪天湿地被开发盖楼了，规划里对湿地咋说的？", Want.EXPLANATION),  # a day feared, not asked for
    ("出点差错就一棍子打死，以后谁还敢干事？有没有容错的说法", Want.YESNO),  # 谁还敢: nobody, not who
    ("家附近会不会多建几所学校？", Want.YESNO),  # 几 in a yes-no question: "a few"
    ("差点被电话骗子骗了，警察会不会加大打击力度", Want.YESNO),  # 电话 is in the story, not asked for
    ("萧山打算弄几个？我们小区能不能轮到", Want.NUMBER),
    ("碰到纠纷不晓得去哪里问，以后法律服务会不会多一点", Want.YESNO),  # where: what the asker does not know
    ("我不知道该找谁", Want.WHO),  # (the only ask there is)
    ("区里几个医院人太多了，挂个号排半天，有没有打算扩建？", Want.YESNO),  # 几个医院: the few there are
    ("两个确立在规划哪里", Want.WHICH_TASK), ("八八战略在规划里哪里提到了", Want.WHICH_TASK),  # not a place
    ("50个未来社区分别是哪些？", Want.MEMBERS), ("区镇村三级党群服务中心周末开门吗？", Want.DATE),  # hours
    ("我们南边几个镇不让搞工厂，能不能有点补偿", Want.YESNO),
    ("刚来萧山想申请公租房，要什么条件？", Want.PROCEDURE),  # how to qualify: a plan does not say
    ("到2025年要建多少个未来社区？", Want.NUMBER),
    ("区里有没有打算多造几所学校？", Want.YESNO),  # 多造几所: "a few more", whatever the verb
    ("村里的事都是几个人说了算，老百姓能不能说上话？", Want.YESNO),  # (dev) 都是几个人: "only a few"
    ("出门走几步就有公园，规划里有这种说法没", Want.YESNO),  # 几步就: "just a few"; 有…没: 有…吗
    ("河里天天有人偷排污水，谁来管管？", Want.YESNO),  # will anyone see to it (not 归谁管: a body)
    ("垃圾分类归谁管", Want.WHO),
    ("菜场买的东西吃着不放心,食品安全谁来管啊", Want.YESNO),  # (dev) ends on 谁来管: does anyone
    ("Who's checking food safety in the district?", Want.EXPLANATION),  # (dev) what is done, not who
    ("Who is responsible for food safety?", Want.WHO),
    ("想考个驾照，萧山哪家驾校便宜点、通过率高？", Want.COMPARISON),  # (dev) which one to choose: not the plan's
    ("我爸刚退休,他的养老金是怎么算的", Want.METHOD), ("How is the pension calculated?", Want.METHOD),
])
def test_the_kind_of_answer_is_read_in_the_clauses_that_ask(router, question, wants):
    assert router.understand(question).wants == wants


def test_what_government_would_do_is_said_of_the_topic_the_story_names(router):
    focus = router.understand("小区旁边的河又黑又臭，到底有没有人治理啊").focus  # 治理 alone says nothing of what
    assert focus and "治理" not in focus
    assert router.understand("區裡會不會重視一下老師這塊？").focus == ("老师",)  # the plan says what it does its way
    assert "罚款" not in router.understand("家门口河道能钓鱼伐,会不会罚款").focus  # (dev) what would be done to it
    assert router.understand("外卖塑料袋塑料盒太多了,有没有要限制塑料的").focus == ("塑料",)  # (dev) 限制 likewise
    assert router.understand("门口那条河又黑又臭，谁来管？").focus == ("河",)  # (an attack's) not 人管 of 有没有人管


def test_an_adjective_asked_about_is_not_a_topic_on_its_own(router):
    focus = router.understand("小区门口的河水很脏，会变干净吗？").focus  # 干净 is said of the 河水
    assert "河水" in focus and "干净" in focus


def test_a_road_is_not_a_task(router):
    assert router.understand("浙大二院总部建在哪条路上？").wants == Want.PLACE
    assert router.understand("湘湖在哪一条里提到？").wants == Want.WHICH_TASK


@pytest.mark.parametrize("question, topic", [("规划有没有健身这块", "健身"), ("规划提到垃圾分类了吗", "垃圾分类"),
                                             ("教育类的内容出现在哪些任务里", "教育")])
def test_topic_trimming_keeps_words_of_their_own(router, question, topic):
    assert router.understand(question).topic == topic  # 分类 is a word; 这块 and 类的内容 are frame


def test_english_question_form_words_are_not_topics(router):
    assert router.understand("What does carbon neutrality mean?").focus == ("carbon", "neutrality")
    assert router.understand("How many new parks will there be?").focus == ("parks",)
    # quantities, places of speech and the asker's hopes are no topic the plan must name
    assert router.understand("If I end up in a legal dispute, can I expect courts here to be fair?").focus == (
        "courts", "fair")
    # (dev) "stuff" and "things" stand for whatever is asked about, named beside them
    assert "stuff" not in router.understand("Will the local opera stuff get any support?").focus


def test_a_common_word_is_never_split_for_a_typo(router):
    assert router.understand("低保户一个月能领多少钱？").fixes == {}


def test_a_part_is_named_by_a_topic_only_when_every_topic_word_is_in_its_titles(router):
    assert router.understand("生态这一部分有哪些任务？").route == Route.SECTION
    assert router.understand("医改这块萧山搞哪些改革啊").route != Route.SECTION  # 医改 is in no title


def test_a_clause_that_points_back_takes_its_topic_from_the_clause_before(router):
    focus = router.understand("我们是老萧山人，爱听绍剧和莲花落，区里会不会扶持这些老戏").focus
    assert "绍剧" in focus and "莲花落" in focus and "老戏" not in focus  # 这些老戏 is 绍剧 and 莲花落
    focus = router.understand("年轻人都不看了，这种地方戏会不会慢慢没了").focus
    assert focus == ("地方戏",)  # the plan says 地方戏曲: a topic of its own, not a pointer to 年轻人


@pytest.mark.parametrize("question, folded", [
    ("枫桥经验有提伐", "枫桥经验有提吗"), ("里头提没提慈善", "里头是否提慈善"),
    ("区里管不管噪音", "区里是否管噪音"), ("规划里有没有提到养老", "规划里有没有提到养老"),
    ("工作人员爱理不理，管不管", "工作人员爱理不理，是否管"),  # (dev) a set phrase is no question
])
def test_spoken_question_forms_are_folded(question, folded):
    from assistant.router import fold_question_forms

    assert fold_question_forms(question) == folded  # 伐 ends a question as 吗; A-not-A asks yes or no


@pytest.mark.parametrize("question, wants", [("美院湘湖校区啥时候完工", Want.DATE), ("古海塘申遗成功了伐", Want.STATUS),
                                             ("未来社区都叫啥名字", Want.MEMBERS)])
def test_casual_kinds_of_answer(router, question, wants):
    assert router.understand(question).wants == wants


def test_the_nth_of_the_part_just_listed(router):
    history = [{"role": "user", "content": "第七部分有哪些任务"}, {"role": "assistant", "content": "…【20】"}]
    assert router.understand("第二个呢", history).task == 21  # this plan has no task 2
    assert router.understand("第22条呢", history).task == 22  # a task that exists is that task


def test_a_verb_that_frames_the_question_is_not_its_topic(router):
    assert router.understand("垃圾分类以后要做到什么程度？").focus == ("垃圾分类",)  # not 做到


def test_single_characters_that_spell_a_plan_word_are_joined(router):
    assert "双减" in router.understand("双减到底还搞不搞了").focus  # jieba leaves 双 and 减 apart


@pytest.mark.parametrize("question", ["规划最后一部分讲什么", "What is the last section about?"])
def test_the_last_section_is_found_by_position(router, question):
    q = router.understand(question)
    assert q.route == Route.SECTION and q.section == router.corpus.sections[-1]


def test_a_long_run_of_unknown_characters_is_not_guessed_into_words():
    # jieba's tagger guesses words from unknown characters at ~10 ms each: 1,000 of them took 30 s of CPU.
    assert not _guessable("龘" * 999 + "吗")
    assert all(len(w) == 1 for w, _ in tagged_words("龘" * 200 + "吗"))  # each its own word: nothing guessed
    # an everyday question keeps its guessed words (村里 is no dictionary word, but a word)
    assert _guessable("我们小区旁边那条河又黑又臭，夏天窗户都不敢开，投诉好几次了，到底有没有人治理啊")


def test_the_faster_tagging_pass_gives_jieba_s_own_tags(router):
    import importlib

    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P

    from assistant.viterbi import viterbi

    jieba_s = importlib.import_module("jieba.posseg.viterbi").viterbi  # the module's, not the package's name
    runs = [r for s in router.corpus.sentences for r in re.findall(r"[\u4e00-\u9fff]+", s.text)]
    runs += ["我们小区旁边那条河又黑又臭夏天窗户都不敢开", "囡囡读书伐", "龘龘龘", "啊"]
    assert len(runs) > 500
    for run in runs:
        assert viterbi(run, char_state_tab_P, start_P, trans_P, emit_P) == \
            jieba_s(run, char_state_tab_P, start_P, trans_P, emit_P), run


@pytest.mark.parametrize("question, english", [("\x1b[31m第22条", False), ("第22条 <b>", False), ("2025", False),
                                               ("How many future communities by 2025?", True),
                                               ("https://evil.example.com/规划提到停车了吗", False),
                                               ("规划提到＜script＞alert(1)＜/script＞了吗", False),
                                               ("Is 养老 in the plan? https://x.cn/a", True)])
def test_digits_and_markup_do_not_make_a_question_english(question, english):
    assert is_english(question) is english


def test_a_paragraph_is_no_mention_topic(router):
    # cut to the topic's length it lost its last word (地铁) and matched what was left
    assert router.understand("规划里有没有提到" + "的" * 70 + "地铁").route != Route.MENTION


def test_a_term_of_the_plan_after_a_question_word_is_the_topic_not_the_kind_of_answer(router):
    # 啥五星三色: "what is this 五星三色", not "which 五星三色" (哪个*单位* names the kind of answer)
    focus = router.understand("我们社区老在评星评色,啥五星三色,到底是个啥嘛?").focus
    assert "五星三色" in focus and "评星" not in focus  # asking what it means: the plan's term, not the story


@pytest.mark.parametrize("clause, topic, kind", [
    ("有没有啥补偿的说法", "补偿", None),  # 啥 X 的 说法: a generic head, X is what is asked about
    ("区里对PM2.5有什么治理目标", "治理", None),  # 什么 X 目标: X says what about
    ("萧山会新建啥文化场馆伐", "文化", "场馆"),
    ("哪个单位", None, "单位"),  # one word: the kind of answer
    ("什么级别的景区", None, "级别"),  # before 的 and a head that is not generic: still the kind
])
def test_the_kind_of_answer_is_the_head_after_the_question_word(router, clause, topic, kind):
    focus, kinds, _ = router._focus_terms(clause)
    assert topic is None or topic in focus
    assert kind is None or kind in kinds


def test_a_noun_jieba_tags_as_an_adjective_is_a_topic(router):
    # 矛盾, 安全, 困难 are tagged an (an adjective used as a noun): what is asked about, not a description
    assert "矛盾" in router.understand("邻居老吵架,基层矛盾有啥化解办法伐?").focus


def test_a_task_number_the_plan_lacks_is_still_missing_and_parts_in_english_count_by_position(router):
    assert router.understand("第2条讲什么").route == Route.MISSING_TASK  # a number, not a position
    assert router.understand("What is the second part about?").section.numeral == "六"
    assert router.understand("倒数第二部分是什么").section.numeral == "八"


@pytest.mark.parametrize("question", ["各部分的标题是什么？", "五个部分分别叫什么？", "每个部分的名字",
                                      "What are the titles of the parts?", "What are the section titles?"])
def test_the_titles_of_the_parts_are_the_outline(router, question):
    assert router.understand(question).route == Route.OVERVIEW


@pytest.mark.parametrize("question, tasks", [
    ("第13条和第14条讲什么？", (13, 14)), ("第20条到第22条讲什么", (20, 21, 22)),
    ("第13条？第14条？", (13, 14)),  # asked one after the other, not "does 第13条 mention 第13条"
    ("第13、14、15条分别讲什么", (13, 14, 15)), ("task 13 and task 14", (13, 14)),
    ("第13条到第29条", tuple(range(13, 30)))])
def test_several_tasks_asked_together(router, question, tasks):
    q = router.understand(question)
    assert (q.route, q.rule, q.refers_to) == (Route.TASK, "several tasks", tasks)


@pytest.mark.parametrize("question, numerals", [("第八部分和第九部分各有几条", ("八", "九")),
                                               ("第六部分、第九部分的标题", ("六", "九")),
                                               ("sections 7 and 8", ("七", "八"))])
def test_several_parts_asked_together(router, question, numerals):
    q = router.understand(question)
    assert q.route == Route.SECTION and tuple(s.numeral for s in q.sections) == numerals


@pytest.mark.parametrize("question, elsewhere", [
    ("上城区到2025年要建几个未来社区啊？", ("上城区",)),  # jieba cuts 上 + 城区: still a whole-word name
    ("杭州上城区有几个未来社区", ("上城区",)),  # 杭州 is the plan's city, not its place: the district is asked
    ("富阳的美丽乡村建设规划里是怎么安排的嘛", ("富阳",)),
    ("临平区的养老政策", ("临平区",)),  # the longest name, not 临平 too
    ("How many future communities is Yuhang district going to build?", ("Yuhang",)),
    ("马上城区就要改造了吗", ()),  # 马上 + 城区: no 上城区 in it
    ("资源怎么分配", ()),  # the short name of 资源县, and an everyday noun
    ("我在滨江上班，萧山有没有人才公寓", ()),  # the plan's own place asked about, the other only told
    ("我从宁波搬来的，这边有没有未来社区", ()),  # where the asker comes from
    ("我住余杭，这边的未来社区要建几个", ("余杭",)),  # where they live: what "here" is
    ("像萧山一样，滨江也要建50个未来社区吗", ("滨江",)),  # the plan's own place named, another asked about
    ("浙大二院本部在上城区，萧山这边的院区啥时候建好", ()),  # describes a thing of the plan's, in a clause that tells
    ("钱塘江边的绿道", ()),  # 钱塘 of 钱塘区 is inside a word of the plan's (钱塘江)
    ("蜀山街道有没有未来社区", ("蜀山街道",)),  # not 合肥's 蜀山区: a street the plan never names
    ("家里老人九十多了，长寿老人有什么养老政策", ()),  # 长寿区 is 重庆's; 长寿 a word
    ("Yuhang到2025年要建几个未来社区", ("Yuhang",)),  # pinyin in a Chinese question
    ("余 杭 区有几个未来社区", ("余杭区",)),
    ("跟西湖比，湘湖要怎么保护？", ()),  # what 湘湖 is compared with
    # towns and streets the plan never names, asked about (the plan says nothing of any one of them)
    ("瓜沥镇有几个未来社区", ("瓜沥镇",)), ("南阳街道有没有公办养老院", ("南阳街道",)),
    ("我住在瓜沥镇，家里老人养老有什么政策", ()),  # only told: the plan's policy is the district's
    ("美丽城镇建设到什么程度了", ()), ("我们镇有没有未来社区", ()), ("镇政府在哪", ()),  # a word, a pointer
    ("还有镇上那些废掉的老厂房呢", ()),  # 还有 + 镇上: no town named 还有镇
    ("有啥办法让乡下娃也读上好学校", ()),  # (乡 is no kind of place here: 办法让乡下)
])
def test_a_place_the_plan_never_names_is_found_where_the_question_asks_about_it(router, question, elsewhere):
    assert router.understand(question).elsewhere == elsewhere


def test_a_quoted_phrase_of_the_plan_is_the_focus_not_where_it_was_heard(router):
    assert router.understand("老师群里老说“智慧学校”，规划里怎么讲").focus == ("智慧学校",)
    assert router.understand("“未来社区”的房价多少").focus == ("未来社区", "房价")  # what the clause asks stays
    # a list quoted whose phrases the plan says apart (当好全市领头雁、成为全省排头兵): each of them
    assert router.quoted_in_plan("老说“领头雁、排头兵”，原话咋说的") == ("领头雁", "排头兵")
    assert router.quoted_in_plan("“碳中和目标”是啥") == ()  # no list: a phrase the plan does not say


@pytest.mark.parametrize("question, focus", [
    ("钱塘江边的湿地会不会被填掉，规划对湿地咋说", ("湿地",)),  # 咋 asks; 湿地 (z to jieba) is a thing the plan names
    ("手机上能不能挂号，有智慧医疗这种东西吗", ("智慧医疗",)),  # 这种 points inside its own clause, not back
    ("我爸最喜欢听绍剧，这种老戏还有人管吗", ("绍剧",)),  # what the plan says of the story, not 喜欢
    ("村里有人办事吃拿卡要，区里管这种身边的腐败吗", ("腐败",)),  # 的腐败吗: a noun asked about, not said of one
])
def test_the_clause_that_asks_and_what_it_points_back_at(router, question, focus):
    assert router.understand(question).focus == focus


def test_english_context_is_no_topic(router):
    focus = router.understand("Can I do my paperwork online now, instead of queuing at counters?").focus
    assert "paperwork" in focus and not {"now", "queuing", "counters"} & set(focus)  # what they would rather not do


def test_what_a_plan_term_is_called_after_this_is_that_term(router):
    assert router.understand("善行萧山这个牌子还在搞吗").focus == ("善行萧山",)  # not 牌子, a word the plan lacks


@pytest.mark.parametrize("question", ["第一条和最后一条讲什么", "规划的第一条和最后一条分别讲什么",
                                      "What are the first and last tasks about?"])
def test_the_first_and_last_tasks_asked_together_are_found_by_position(router, question):
    q = router.understand(question)  # a plan numbered 13 to 29 has no task 1: 第一条 is its first
    assert q.route == Route.TASK and q.refers_to == (13, 29)


def test_a_count_asked_with_the_first_and_last_tasks_is_answered_by_the_outline(router):
    q = router.understand("这个规划一共有多少条任务？第一条和最后一条分别讲什么？")  # (not "there is no task 1")
    assert q.route == Route.OVERVIEW


def test_a_noun_said_twice_round_mei_is_no_yes_or_no_question():
    assert fold_question_forms("老人没人照顾") == "老人没人照顾"  # nobody looks after them (not 老是否人照顾)
    assert fold_question_forms("管没管") == "是否管"


@pytest.mark.parametrize("question, route", [("第十五个未来乡村是哪个村", Route.SEARCH),  # counts villages
                                             ("第三个任务", Route.TASK)])
def test_the_nth_of_something_is_a_task_only_when_tasks_are_counted(router, question, route):
    assert router.understand(question).route == route


def test_a_particle_after_a_mention_topic_is_no_part_of_it(router):
    assert router.understand("托育咯，规划里有讲噻").topic == "托育"


@pytest.mark.parametrize("question, focus", [("污水直接往河里排，政府管不管？", ("污水",)),
                                             ("田里的秸秆能不能烧？", ("秸秆",))])
def test_a_thing_and_where_in_it_is_the_setting_not_the_topic(router, question, focus):
    # dev: "…污水直接往河里排，政府管不管？" was refused, the plan not saying 河里 (ns to jieba)
    assert router.understand(question).focus == focus


def test_an_english_mention_question_after_another_question_is_a_mention(assistant):
    router = assistant.router  # (with the dictionary that names the plan's word for an English topic)
    # dev: "Where can ordinary people get legal help? Does the plan mention public legal services?" was read
    # as asking where (refused), not whether the plan mentions them
    q = router.understand("How can I get free legal advice? Does the plan mention public legal services?")
    assert (q.route, q.topic) == (Route.MENTION, "公共法律服务")
    assert router.understand("Who checks food safety? Is it mentioned in the plan?").route != Route.MENTION


@pytest.mark.parametrize("question, focus", [
    # (dev) the clauses that ask name nothing: the story's words the plan never uses are not what is asked
    ("在厂里做工一个月到手四千出头，听说要让普通人收入涨上去，规划里咋说的", ("收入",)),
    ("朋友想开个小加工厂，听说这边环评改过了，是咋回事？", ("环评",)),
    # but a claim to confirm is what it asks about, every word of it
    ("我老公在工地打零工，据说区里要搞技能培训，是真的吗？", ("工地", "打零工", "技能", "培训")),
])
def test_a_story_word_the_plan_never_uses_is_not_asked_about(assistant, question, focus):
    assert assistant.router.understand(question).focus == focus


@pytest.mark.parametrize("question, topic, scope", [("第14条有没有说养老", "养老", {14}),
                                                    ("第六部分有没有提到亚运", "亚运", {17, 18, 19})])
def test_a_mention_question_of_a_named_task_or_part_is_looked_for_in_it(router, question, topic, scope):
    # an attack: "第14条有没有说养老" was searched and answered found=true with a 双减 sentence of task 14
    q = router.understand(question)
    assert (q.route, q.topic, q.scope) == (Route.MENTION, topic, frozenset(scope))


@pytest.mark.parametrize("question, task", [("13条讲什么", 13), ("15条是啥", 15), ("七项本领八种能力是什么要求", None)])
def test_a_number_and_measure_word_at_the_start_names_a_task_unless_a_thing_follows(router, question, task):
    # an attack: "七项本领八种能力是什么要求" was read as task 7 ("这份规划原文中没有第7条")
    assert router.understand(question).task == task


@pytest.mark.parametrize("question, task", [("What is task thirteen?", 13), ("what does task twenty-two say", 22),
                                            ("第廿条讲什么", 20)])
def test_a_task_numbered_in_words_or_old_tens_is_that_task(router, question, task):
    # (the seventeenth round's attack: both were refused, a search for "thirteen" and for 廿)
    q = router.understand(question)
    assert q.route == Route.TASK and q.task == task


@pytest.mark.parametrize("question", ["所有任务的标题", "List the titles of all tasks", "各条任务的名称是什么"])
def test_the_titles_of_all_tasks_are_the_outline(router, question):
    assert router.understand(question).route == Route.OVERVIEW  # (an attack's: refused)


@pytest.mark.parametrize("question, topic", [("有关于积分入学的内容吗", "积分入学"), ("有关于养老的内容吗", "养老")])
def test_has_about_x_is_asked_as_whether_the_plan_mentions_x(router, question, topic):
    # (the seventeenth round's attack: 有关于积分入学的内容吗 searched 入学 and answered with two quotes of task 14)
    q = router.understand(question)
    assert q.route == Route.MENTION and q.topic == topic


@pytest.mark.parametrize("question", ["我想自己创业，规划里有支持吗？", "我是退伍军人，规划里有关于我们的政策吗？"])
def test_whether_the_plan_has_help_or_policy_for_the_story_is_a_search(router, question):
    # "有：规划提到“支持”" listed every task with 支持 (房住不炒 among them): the word is what is wanted of
    # the plan, not a phrase it would name
    assert router.understand(question).route == Route.SEARCH


def test_a_rhetorical_who_before_the_question_is_not_what_it_wants(router):
    # "谁还听啊" says no one does; the question is the yes-or-no after it (was: who, a partial 由谁负责)
    assert router.understand("我外婆就爱听绍剧，现在年轻人谁还听啊，会不会就这么没了").wants == Want.YESNO
    assert router.understand("这个项目由谁负责").wants == Want.WHO


@pytest.mark.parametrize("question, route", [("规划分几个大块，每块叫什么？", Route.OVERVIEW),  # (a probe of our own)
                                             ("讲生态环境的是哪一部分，有哪几条", Route.SECTION),  # (no title)
                                             ("门票几块钱", Route.SEARCH)])  # a price, not the plan's parts
def test_the_plans_parts_asked_as_blocks_or_by_what_they_say(router, question, route):
    assert router.understand(question).route == route


@pytest.mark.parametrize("question, route", [("第八部份一共讲了几条任务?", Route.SECTION),  # 部份: 部分; 一共 no topic
                                             ("哪些任务一共提到了湘湖", Route.LIST),  # was "no task 1" (任务一…)
                                             ("这个规划是怎么组织的,按什么顺序排的?", Route.OVERVIEW)])
def test_questions_about_the_plans_parts_in_residents_words(router, question, route):
    assert router.understand(question).route == route


@pytest.mark.parametrize("question", ["反腐败的内容放在第几部分?", "看病就医的事情是在规划哪一部分讲的?",
                                      "孩子上学的是归规划里哪一块?"])
def test_which_part_a_topic_is_in_asks_which_task_and_part(router, question):
    assert router.understand(question).wants == Want.WHICH_TASK


@pytest.mark.parametrize("question, topic, glued", [
    ("我们是双职工，小孩才两岁没人带，政府管不管托育这块？", "托育", "管托育"),  # 管不管 → 是否管托育, glued
    ("我们村想评美丽乡村，区里在这方面有啥说法？", "美丽乡村", "村想"),
])
def test_a_verb_glued_to_a_word_is_no_part_of_the_topic(router, question, topic, glued):
    query = router.understand(question)
    assert topic in query.focus and glued not in query.focus and glued not in query.terms


def test_a_made_up_name_of_two_content_characters_is_a_topic(router):
    # 养狗 (guessed by the tagger, in no dictionary) is what is asked about; 城区 only where
    assert "养狗" in router.understand("在城区养狗要办狗证吗，怎么办？").focus


def test_the_thing_a_clause_asks_which_of_is_its_topic_not_the_story(router):
    # "有啥新的展馆": 展馆 is what is asked which of; 孩子 only says who would go (not a kind of answer: 有啥办法)
    assert router.understand("萧山有啥新的展馆要造吗？周末想带孩子去逛逛").focus == ("展馆",)
    assert "班车" not in router.understand("地铁5号线早高峰太挤了，能不能加几班车").focus  # how many: counted


def test_who_after_a_noun_asks_nothing(router):
    assert router.understand("Is there anything for families who need daycare for toddlers?").wants != Want.WHO
    assert router.understand("Who is responsible for food safety?").wants == Want.WHO


def test_an_english_list_question_may_name_the_plan_and_deal_with(assistant):
    query = assistant.understand("Which tasks in the plan deal with culture?")  # (the topic translated)
    assert query.route == Route.LIST and query.topic == "文化"


def test_the_nth_one_after_a_question_is_of_its_answer_not_a_missing_task(assistant):
    history = [{"role": "user", "content": "规划里要打造哪些重大文化地标？"},
               {"role": "assistant", "content": assistant.ask("规划里要打造哪些重大文化地标？").answer}]
    reply = assistant.ask("第二个是什么？", history)
    assert reply.found and "浙江省油画院" in reply.answer and reply.route == Route.SEARCH
    assert assistant.understand("第二个是什么？").route == Route.MISSING_TASK  # alone: a task it does not have


def test_an_english_list_of_an_area_names_its_part_and_of_two_topics_lists_each(assistant):
    assert assistant.understand("Which tasks in the plan deal with culture?").section.numeral == "六"
    assert assistant.understand("Which tasks mention culture?").section is None  # a word, not an area
    query = assistant.understand("Which tasks in the plan are about education and health care?")
    assert query.topic.startswith("教育、")  # each topic's word, not only the last's


def test_a_word_cut_across_the_plans_word_is_cut_the_plans_way(router):
    # 排污水: jieba's 排污 + 水; the plan says 污水 (污水零直排区)
    assert router.understand("我家门口那条河夏天臭得要死，还有管子往里排污水，管不管啊？").focus == ("污水",)


@pytest.mark.parametrize("question, wants", [
    ("小区里养狗要不要办狗证？", Want.PROCEDURE),  # a licence of one's own
    ("公司不给交社保合法吗？", Want.ADVICE),  # whether a case is lawful: no plan judges it
    ("孩子被同学欺负了怎么办", Want.ADVICE),
])
def test_ones_own_case_asks_what_a_plan_does_not_say(router, question, wants):
    assert router.understand(question).wants == wants


def test_a_mention_question_of_what_would_be_built_or_of_dealing_with_the_story(router):
    assert router.understand("买不起商品房，规划里有没有说建保障房？").topic == "保障房"  # 建 is what is done to it
    query = router.understand("老年人不会用手机办事，规划有没有考虑这个问题？")  # whether it deals with the story's
    assert query.route == Route.SEARCH and "手机" in query.focus
    assert router.understand("规划里说要传承哪些地方戏曲？").wants != Want.PLACE  # 地方戏曲 is no place
    assert router.understand("孩子上小学对口哪个学校怎么查？").wants == Want.PROCEDURE  # how to look one's own up


def test_a_hotline_is_a_topic_and_a_count_is_not(router):
    assert "12345" in router.understand("12345有用吗？").focus
    assert "500" not in router.understand("到2025年要建500个未来乡村？").focus  # a count claimed, checked by search


@pytest.mark.parametrize("question, wants", [
    ("跟邻居吵了好几回物业也不管，我能不能去法院告他啊？", Want.ADVICE),  # one's own case
    ("医生态度差，这种情况该投诉到哪里去啊？", Want.WHO),  # which body, not a place
    ("社保关系怎么转过来？", Want.PROCEDURE),
    ("What are the visiting hours at the hospital?", Want.DATE),
])
def test_more_of_ones_own_case(router, question, wants):
    assert router.understand(question).wants == wants


def test_a_mention_of_a_plan_term_and_its_plans_is_of_the_term(router):
    assert router.understand("规划里有没有保障性租赁住房方面的计划？").topic == "保障性租赁住房"
    assert "共有" not in router.understand("亚运会那阵子搞的文明行动叫啥，一共有几大行动？").focus  # 一共 + 有


def test_how_a_thing_changes_is_no_procedure(router):
    assert router.understand("萧山的产业怎么转型").wants != Want.PROCEDURE  # (社保怎么转过来 is one)


@pytest.mark.parametrize("question, wants", [
    ("西湖边上能不能带宠物进去散步？", Want.RULE),  # what a place allows: its manager's rule, not a plan's
    ("水库里可以下去游泳吗", Want.RULE),
    ("给红十字会捐钱可以抵个税吗", Want.RULE),
    ("卖掉老房子要交多少税", Want.RULE),
    ("女儿在托儿所被小朋友打了，托儿所不管怎么办", Want.ADVICE),  # a party that will not see to one's own case
    ("装修被邻居骂了，我该怎么办", Want.ADVICE),  # (not "老人不会用手机，我该怎么办": a trouble the plan covers)
    ("能不能把几个部门合并起来一起查？", Want.YESNO),  # what government could do: not a rule one asks about
])
def test_what_one_may_do_and_ones_own_case(router, question, wants):
    assert router.understand(question).wants == wants


def test_a_clause_the_asker_says_they_do_not_know_is_not_what_they_ask(router):
    # "…能不能评上不知道，总共打算搞多少个" asks how many, not whether their own village is one
    assert router.understand("听说要建未来社区，我们小区能不能评上不知道，一共要建多少个？").wants == Want.NUMBER


def test_this_kind_points_at_the_nearest_clause_that_names_a_plan_word(router):
    # "…唱绍剧的，…，老爷子很失落。会不会扶持这种老戏" is about 绍剧, not the 老爷子 of the clause between
    query = router.understand("我外婆年轻时候唱过莲花落，现在没人听了，老太太很伤心。会不会扶持这种老戏？")
    assert "莲花落" in query.focus and "老太太" not in query.focus


def test_whether_a_thing_is_among_those_named_is_a_mention_of_it(router):
    # "…是哪几家医院？区人民医院在不在里面": the plan names it or not; one's own place is a case (advice)
    query = router.understand("区人民医院在不在里面？")
    assert query.route == Route.MENTION and query.topic == "区人民医院"
    assert router.understand("我们村在里面吗").wants == Want.ADVICE


@pytest.mark.parametrize("question, wants", [
    ("想给希望工程捐点钱，具体通过什么渠道捐？", Want.PROCEDURE),  # the way to do it oneself
    ("我家刚买的二手房对口哪个小学", Want.ADVICE),  # one's own home's school
])
def test_the_way_to_do_it_and_ones_own_school(router, question, wants):
    assert router.understand(question).wants == wants


def test_a_list_topic_is_said_without_the_words_that_point_at_its_tasks(router):
    assert router.understand("第八部分讲法治的那几条任务，分别叫什么？").topic == "法治"


@pytest.mark.parametrize("question, wants", [
    ("区医院能打带状疱疹疫苗吗，要不要预约？", Want.PROCEDURE),  # 要不要 asks too: the last clause that asks
    ("明天会刮台风吗，要不要带伞", Want.ADVICE),  # what to take along: one's own choice
    ("社区卫生站周末上不上班？", Want.DATE),  # which days it is open
    ("打疫苗要提前预约吗", Want.PROCEDURE),
])
def test_the_last_clause_that_asks_and_what_it_wants(router, question, wants):
    assert router.understand(question).wants == wants


@pytest.mark.parametrize("question, wants", [
    ("事业单位考试咋报考，学历要求是啥", Want.PROCEDURE),  # how to apply, who qualifies
    ("暑假这些托管班哪些是合法的？", Want.ADVICE),  # whether one provider is lawful: a case
])
def test_applying_and_lawfulness_are_details_no_plan_gives(router, question, wants):
    assert router.understand(question).wants == wants


def test_who_sees_to_it_asked_before_another_clause_asks_whether_anyone_does(router):
    # "…谁来管，政府会加强监管吗": whether it is seen to, not which office (that is 归谁管, 由谁负责)
    assert router.understand("小区门口的流动摊贩谁来管，政府会不会整治？").wants != Want.WHO


def test_what_names_a_plan_word_after_these_is_no_topic_and_new_building_is_what_is_done(router):
    focus = router.understand("钱塘江古海塘这些老东西还有人管伐").focus
    assert "老东西" not in focus
    assert "新造" not in router.understand("萧山会不会新造医院啊？").focus


def test_a_names_own_part_after_its_place_is_the_name(router):
    assert router.names_said("红领通到底是啥？") == ("红领通",)  # of 萧山·红领通
    assert router.names_said("萧山·红领通到底是啥？") == ("萧山·红领通",)  # (the whole name, said whole)


def test_a_mention_asked_of_this_plan_is_a_mention(router):
    query = router.understand("中国美术学院在这个规划里吗？")  # 在这个规划里: the frame with 这个 in it
    assert query.route == Route.MENTION and query.topic == "中国美术学院"


def test_who_of_a_contest_asks_nothing(router):
    # "还要比谁家烟花放得多": who outdoes whom, told; the message asks one question, at its end
    text = router.understand("村里办酒都要比谁家排场大，大家都吃不消。区里会不会管管这个风气？").text
    assert router.parts(text) == (text,)


def test_an_area_a_tasks_title_names_asked_what_is_planned_is_searched_not_a_part(router):
    assert router.understand("区里平安建设这块有啥打算？").route == Route.SEARCH  # task 25's 平安, not part 八
    assert router.understand("讲法治和社会治理的那一块有哪些任务？").route != Route.SEARCH  # its tasks: a list


@pytest.mark.parametrize("question", ["我被网上刷单的骗了五千，钱还能要回来吗？",
                                      "我在厂里被机器压伤了手，老板不肯赔，能赔多少？"])
def test_what_one_gets_back_in_a_case_told_is_advice(router, question):
    assert router.understand(question).wants == Want.ADVICE
