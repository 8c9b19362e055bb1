"""The desk's catalog: targets, names and complete lists computed from the plan's text (no index needed)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.catalog import Catalog, extract_targets, fold, numeral_forms
from assistant.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "index" / "source"
TARGETS_GOLD = ROOT / "eval" / "targets-gold.jsonl"  # counted by hand from the plan; eval/desk.py reads it too


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(SOURCE)


@pytest.fixture(scope="module")
def catalog(corpus):
    from assistant.answer import teach_plan_terms
    from assistant.profile import load_profile

    catalog = Catalog(corpus)
    # as the assistant runs it: the plan's terms are words to jieba
    teach_plan_terms(corpus, catalog, load_profile(SOURCE, corpus).stop_words)
    return catalog


def raw_tasks_with(corpus, word: str) -> list[int]:
    """Independent gold: every task whose verbatim text contains the word."""
    return [t.number for t in corpus.tasks if word in t.text]


# ---- targets ----------------------------------------------------------------------------------


def test_targets_equal_the_hand_count(catalog):
    hand = [json.loads(line) for line in TARGETS_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    got = [{"task": t.task, "kind": t.kind, "what": t.what, "amount": t.amount, "deadline": t.deadline}
           for t in catalog.targets]
    assert got == hand
    quantitative = [(t.what, t.amount) for t in catalog.targets if t.kind == "target"]
    assert quantitative == [("未来社区", "50个"), ("未来乡村", "50个"), ("城乡风貌样板区", "3个以上"),
                            ("品质文化生活圈", "15分钟"), ("健身圈", "10分钟"), ("受污染耕地安全利用率", "93%以上")]


def test_every_number_written_in_digits_is_in_the_table(corpus, catalog):
    """Each run of digits in the plan is a table row or the deadline year of one."""
    covered = [(t.start, t.end) for t in catalog.targets]
    deadlines = {t.deadline for t in catalog.targets if t.deadline}
    for task in corpus.tasks:
        for m in re.finditer(r"\d+(?:\.\d+)?(?:\+\d+)?", task.text):
            at = task.start + m.start()
            in_row = any(a <= at < b for a, b in covered)
            assert in_row or f"{m.group(0)}年" in deadlines, f"task {task.number}: {m.group(0)} is not in the table"


def test_target_offsets_and_quotes_are_verbatim(corpus, catalog):
    for t in catalog.targets:
        text = corpus.text(t.sentence.doc)
        assert text[t.start:t.end].replace(t.bound, "") == f"{t.number}{t.unit}"
        assert t.quote == corpus.quote(t.sentence) and t.phrase in t.quote
        assert t.what and t.what in t.quote


def test_extractor_is_general_on_another_plan_of_the_same_shape(tmp_path):
    (tmp_path / "plan.txt").write_text(
        "一、办好民生实事,建设幸福城区\n"
        "1.办好教育医疗。到2030年新建学校12所、三甲医院不少于3家,义务教育入学率达到99.5%以上。"
        "实施“健康起跑线”工程,建设30分钟急救圈。\n"
        "2.改善人居环境。实施两年攻坚行动,新增绿道120公里,城市大脑3.0持续迭代。\n",
        encoding="utf-8",
    )
    rows = [(t.task, t.kind, t.what, t.amount, t.deadline) for t in extract_targets(load_corpus(tmp_path))]
    assert rows == [
        (1, "target", "学校", "12所", "2030年"),
        (1, "target", "三甲医院", "不少于3家", "2030年"),
        (1, "target", "义务教育入学率", "99.5%以上", "2030年"),
        (1, "target", "急救圈", "30分钟", ""),
        (2, "duration", "攻坚行动", "两年", ""),
        (2, "target", "绿道", "120公里", ""),
        (2, "version", "城市大脑", "3.0", ""),
    ]


# ---- named programmes -------------------------------------------------------------------------


def test_quoted_names_are_indexed_with_their_tasks(corpus, catalog):
    assert len(catalog.names) == len({fold(m) for t in corpus.tasks for m in re.findall(r"“([^“”]+)”", t.text)})
    assert catalog.name("亲上加清").tasks == [29]
    assert catalog.name("一老一小").tasks == [16]
    assert catalog.name("五星三色").tasks == [27]
    assert catalog.name("一把手").tasks == [28, 29]
    assert catalog.name("萧山红领通").name == "萧山·红领通"  # punctuation inside a name is optional
    assert catalog.name("一網通辦").places[0].count == 2  # traditional spelling; mentioned twice in task 24
    for n in catalog.names:
        assert n.tasks == raw_tasks_with(corpus, n.name)
        for p in n.places:
            assert corpus.text(p.task.doc)[p.start:p.end] == n.name
            assert n.name in p.sentence.text


# ---- complete lists ---------------------------------------------------------------------------


def _across_words(word: str, text: str) -> bool:
    """Whether every place a text has the word runs from inside one of jieba's words into the next (部队 in
    干部 + 队伍), as jieba's own dictionary cuts it (without the plan's terms taught to it: 公共卫生应急体系 is
    公共卫生 + 应急 + 体系, and has 应急): neither its start nor its end is where a word starts or ends."""
    from itertools import accumulate

    from assistant.text import dictionary_segment

    edges = {0, *accumulate(len(w) for w in dictionary_segment(text))}
    return all(i not in edges and i + len(word) not in edges for i in range(len(text)) if text.startswith(word, i))


def test_lists_are_complete_for_every_word_of_the_plan(corpus, catalog):
    """For every jieba word and quoted name of the plan, the list equals a plain substring search, but for the
    sentences that have it only across two words (城乡居民 has no 乡居, 干部队伍 no 部队): a few, none a mention."""
    from assistant.text import words

    vocab = {w for t in corpus.tasks for w in words(t.text) if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w)}
    vocab |= {n.name for n in catalog.names if "、" not in n.name and "·" not in n.name}
    assert len(vocab) > 500
    differ = []
    for w in sorted(vocab):
        numeral = "[零一二两三四五六七八九十百千万]"
        if re.match(numeral, w) and not re.search(f"(?<!{numeral})" + w, "".join(t.text for t in corpus.tasks)):
            continue  # 十大, only ever inside 二十大: a number is found whole (test_a_number_is_found_whole…)
        found = catalog.mentions(w)
        raw = [s for t in corpus.tasks for s in t.sentences if fold(w) in fold(s.text)]
        listed = [s for m in found.mentions for s in m.sentences]
        assert all(fold(w) in fold(s.text) for s in listed), w
        dropped = [s for s in raw if s not in listed]
        assert all(_across_words(fold(w), fold(s.text)) for s in dropped), w
        if dropped:
            differ.append(w)
        else:
            assert found.how == "exact" and found.tasks == raw_tasks_with(corpus, w), w
    assert "部队" in differ and len(differ) < 0.03 * len(vocab), differ
    # (an attack's, when the plan's taught terms were one word each: 空气 of 环境空气质量 was "no")
    for word, tasks in [("空气", [21]), ("收入", [13]), ("应急", [15, 25]), ("卫生", [15])]:
        assert catalog.mentions(word).tasks == tasks, word
    assert {17, 27} <= set(catalog.mentions("服务").tasks) and 20 in catalog.mentions("文明").tasks


def test_list_variants(catalog):
    assert catalog.mentions("養老").tasks == catalog.mentions("养老").tasks == [16]  # traditional
    assert catalog.mentions("“一老一小”").tasks == [16]
    assert catalog.mentions("萧山红领通").tasks == [24]  # "萧山·红领通" in the plan
    both = catalog.mentions("养老托育")  # not a phrase of the plan: both words in one sentence
    assert (both.how, both.matched, both.tasks) == ("all_words", ("养老", "托育"), [16])
    # how the asker sees it (老戏曲) is no word the plan must say: 戏曲 and 传承 in one sentence of task 18
    old = catalog.mentions("老戏曲的传承")
    assert (old.how, old.matched, old.tasks) == ("all_words", ("戏曲", "传承"), [18])
    core = catalog.mentions("湘湖工作")  # a generic head dropped
    assert (core.how, core.matched, core.tasks) == ("core", ("湘湖",), [19, 20, 22])
    stem = catalog.mentions("信访办")  # the plan's shorter form: its last character dropped
    assert (stem.how, stem.matched) == ("stem", ("信访",)) and stem.tasks == catalog.mentions("信访").tasks
    assert catalog.mentions("健身房").how == "lexicon"  # (the lexicon's term comes before a stem: 全民健身)
    # a place or building named after a thing of the plan's is not that thing (an attack: 亚运村 → 亚运)
    assert catalog.mentions("亚运村").mentions == () and catalog.mentions("杭州湾").mentions == ()
    assert catalog.mentions("亚运会").how == "stem"
    assert catalog.mentions("房健身").how == "none"  # never a leading character: that broadens the meaning
    assert catalog.mentions("不动产").how == "none"  # 不动 of 基调不动摇 (不 + 动摇) is no word of the plan
    none = catalog.mentions("乡村振兴")
    assert (none.how, none.tasks) == ("none", [])
    assert catalog.mentions("生态", scope={20, 21}).tasks == [20, 21]


@pytest.mark.parametrize("topic, form", [
    ("浙二总部", "浙大二院总部"),  # shortened: its characters in order within a phrase of the plan
    ("教共体", "教育共同体"),
    ("千村示范万村整治工程", "千万工程"),  # spelled out: a name the plan quotes, shortened from it
])
def test_a_topic_abbreviated_or_spelled_out_is_found(catalog, topic, form):
    found = catalog.mentions(topic)
    assert found.how == "abbreviation" and found.matched == (form,) and found.tasks


@pytest.mark.parametrize("topic, form", [
    ("中国美术学院", "中国美院"),  # the plan's short form: same first and last characters, the others in order
    ("非遗保护", "非物质文化遗产"),  # a generic head off (保护), then the core abbreviated, to the end of the word
    ("浙二医院", "浙大二院"),  # the kind contracted (医院 → 院), then abbreviated: 浙二院 in 浙大二院
])
def test_a_topic_the_plan_writes_shorter_or_as_its_full_name(catalog, topic, form):
    found = catalog.mentions(topic)
    assert found.how == "abbreviation" and found.matched == (form,) and found.tasks


@pytest.mark.parametrize("topic", ["5分钟品质文化生活圈", "5分钟健身圈", "五分钟", "3%", "0周年", "5年", "两三个"])
def test_a_number_is_found_whole_or_not_at_all(catalog, topic):
    # 15分钟, 93%, 20周年, 2025年 hold these characters; the numbers are other numbers
    assert catalog.mentions(topic).mentions == ()


@pytest.mark.parametrize("topic", ["高新区", "机会主义", "新文化", "一分钟", "劳动力", "软件工程"])
def test_a_word_of_its_own_is_no_abbreviation_of_scattered_characters(catalog, topic):
    assert catalog.mentions(topic).mentions == ()  # 高标准推进新一届区委 does not abbreviate to 高新区


def test_the_last_word_of_a_topic_reaches_the_plans_term_through_the_lexicon(catalog):
    found = catalog.mentions("中小学生减负")  # the lexicon has 减负 → 双减, not the whole phrase
    assert (found.how, found.matched, found.tasks) == ("lexicon", ("双减",), [14])


def test_a_word_of_the_topic_written_as_a_true_synonym_the_plan_uses(catalog):
    found = catalog.mentions("老师队伍")  # the thesaurus: 老师 = 教师; the plan writes 教师队伍
    assert (found.how, found.matched, found.tasks) == ("synonym", ("教师队伍",), [14])
    assert catalog.mentions("老师食堂").mentions == ()  # a synonym only when the whole form is the plan's


def test_one_character_of_each_word_is_an_abbreviation(catalog):
    # the plan's phrase is up to three times longer (保租房 is also in the policy lexicon, tried first)
    assert catalog.abbreviated("保租房") == "保障性租赁住房"


def test_a_count_is_found_in_the_plans_numerals(catalog):
    found = catalog.mentions("十分钟健身圈")  # the plan writes 10分钟健身圈
    assert (found.how, found.matched, found.tasks) == ("numerals", ("10分钟健身圈",), [19])
    assert catalog.mentions("十五分钟健身圈").how != "numerals"  # another count is another thing
    assert numeral_forms("一网通办") == [] and numeral_forms("十四五") == []  # names, not counts
    assert numeral_forms("两所学校") == ["2所学校"] and numeral_forms("新建3所") == ["新建三所"]


@pytest.mark.parametrize("topic", ["停车场", "地铁站", "共享单车", "网约车", "三甲医院", "加装电梯",
                                   "老年食堂", "充电桩"])
def test_an_abbreviation_is_not_guessed_from_scattered_characters(catalog, topic):
    assert catalog.mentions(topic).mentions == ()


@pytest.mark.parametrize("topic, term, task", [
    ("托儿所", "托育", 16),  # what residents say → the plan's formal term, from the policy lexicon
    ("黑社会", "扫黑除恶", 25),
    ("养老院", "养老机构", 16),  # before the plan's shorter form (养老): the lexicon's term is what is meant
])
def test_an_everyday_topic_is_found_by_the_plans_formal_term(catalog, topic, term, task):
    found = catalog.mentions(topic)
    assert (found.how, found.matched) == ("lexicon", (term,)) and task in found.tasks


def test_a_contracted_kind_needs_the_rest_of_the_name(catalog):
    assert catalog.mentions("浙一医院").how != "abbreviation"  # 浙一院 is in no name of the plan


def test_a_generic_head_off_then_the_lexicon(catalog):
    found = catalog.mentions("双碳目标")  # 目标 off; 双碳 is the lexicon's 碳达峰碳中和
    assert found.how == "lexicon" and found.matched == ("碳达峰碳中和",) and found.tasks


def test_a_two_character_shortening_of_a_three_character_name_is_near_not_the_same(catalog):
    # 钱江 is said for 钱塘江: found as near (the answer says the plan's word); 软件 is a word of its own,
    # not 软硬件, and 浦江 is another county, not 浦阳江
    found = catalog.mentions("钱江")
    assert found.how == "near" and found.matched == ("钱塘江",) and {m.task.number for m in found.mentions} == {18, 20}
    assert catalog.mentions("软件").how == "none" and catalog.mentions("浦江").how == "none"


@pytest.mark.parametrize("topic, short", [("千村示范、万村整治", "千万工程"), ("千村示范万村整治", "千万工程"),
                                          ("三医联动", ""),  # one phrase: no parallel name
                                          ("一村一品、一镇一业", "")])  # the plan has no 一一 name
def test_a_programme_named_by_parallel_numbered_phrases_has_the_plans_short_name(catalog, topic, short):
    assert catalog.numbered_short(topic) == short
    if short:
        found = catalog.mentions(topic)
        assert found.how == "abbreviation" and [m.task.number for m in found.mentions] == [20]


def test_a_hospitals_short_name_with_what_follows_it_is_the_plans(catalog):
    found = catalog.mentions("浙二医院总部")  # 浙二医院 → 浙大二院, then 总部 as said after it
    assert found.how == "abbreviation" and found.matched == ("浙大二院总部",)


def test_a_long_formal_name_is_found_by_the_plans_short_one(catalog):
    found = catalog.mentions("浙江大学医学院附属第二医院")  # 浙大二院: its characters in order, a quarter of it
    assert found.how == "abbreviation" and found.matched == ("浙大二院",)
    assert catalog.abbreviated("大学毕业生找工作") == ""  # (not 大…工作 of 人大工作: three characters)
