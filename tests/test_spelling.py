"""Homophone typo correction against the plan's own wording."""

import pytest


@pytest.mark.parametrize(
    "typed, fixed",
    [
        ("风桥经验", "枫桥经验"),
        ("健康肖山", "健康萧山"),
        ("垃圾分累", "垃圾分类"),
        ("中国美院相湖校区", "中国美院湘湖校区"),
        ("国际湿地城市先形区", "国际湿地城市先行区"),
        ("五星三涩", "五星三色"),
        ("湘胡", "湘湖"),  # cut into two single characters, each a real word: read together
        ("拉圾分类", "垃圾分类"),  # CC-CEDICT has 拉圾 only as a variant of 垃圾: no real word of its own
        ("未来设区", "未来社区"),  # (an attack's) 设区 is a real word: after the plan's 未来, its phrase's typo
        ("健生", "健身"),  # fuzzy pinyin: sheng and shen alike, when nothing of the plan sounds the same
        ("自能", "智能"),  # and zi and zhi
    ],
)
def test_homophones_are_corrected(assistant, typed, fixed):
    corrected, fixes = assistant.router.speller.correct(f"{typed}是什么？")
    assert fixed in corrected and fixes


@pytest.mark.parametrize(
    "question", ["第二十五条说的啥？", "其中第二条是什么？", "浙大二院总部项目有多少张床位？", "区长是谁？",
                 "失业了怎么办？", "规划分几部分？",  # 失业 and 几 are meant, not typos of 事业 and 级
                 "萧山会不会限行？",  # 限行 is missing from jieba's dictionary, but CC-CEDICT has it: not 先行
                 "空气质量太差了怎么办",  # a degree adverb is not a typo: 太差 is not 大差
                 "宝宝才一岁多没人带",  # 人带 is not 人大: the plan's 大 is read da there, never dai
                 "干部怕担责任",  # fuzzy pinyin for two characters only: 担责任 is no 党责任
                 "山多厂少",  # 厂 is read chang: its radical's rare reading an is no 样 (yang) to fuzzy pinyin
                 "这种作风有没有人治一治？",  # a verb said twice: 一治 is not 一支
                 "政府对我们这种人有啥子照顾伐",  # 有 glued to 人 is the verb: 人有 is not 人为
                 "雾霾天太多了,空气能好点伐?",  # a modal and 好 apart: 能好 is not 能耗
                 "办个事跑好几个窗口,能不能网上一次办掉",  # a measure word and its noun: 个事 is not 干事
                 "有的干部啥事不干也能一直坐着位子",  # a negation and its verb: 不干 is not 不敢
                 "萧山一院要改扩建吗？"]  # (an attack's) a body's name as typed: 一院 is not 一源
)
def test_numerals_and_unknown_words_are_left_alone(assistant, question):
    corrected, fixes = assistant.router.speller.correct(question)
    assert fixes == {}
