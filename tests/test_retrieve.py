"""Retrieval: dense and lexical rankings, their fusion, and the names of tasks and sections the router reads."""

import pytest

from assistant.retrieve import BM25, Retriever
from assistant.text import normalize


@pytest.mark.parametrize(
    "question, number",
    [
        ("第22条", 22),
        ("任务22是什么", 22),
        ("task 22", 22),
        ("Task #15", 15),
        ("第十八条讲了什么", 18),
        ("29条", 29),
        ("任务二十一", 21),
        ("第二十五條", 25),
        ("２２条", 22),
    ],
)
def test_task_routes(assistant, question, number):
    assert assistant.router.task_named(normalize(question)) == number


@pytest.mark.parametrize("question", ["到2025年建设多少个未来社区", "93%以上", "15分钟品质文化生活圈"])
def test_numbers_in_questions_are_not_task_routes(assistant, question):
    assert assistant.router.task_named(normalize(question)) is None


@pytest.mark.parametrize(
    "question, numeral",
    [
        ("第七部分", "七"),
        ("第7部分讲什么", "七"),
        ("生态这一部分有哪些任务", "七"),
        ("共同富裕那一章都说了啥", "五"),
        ("文化文明那一块有哪些任务", "六"),
        ("part 8", "八"),
        ("第九章", "九"),
    ],
)
def test_section_routes(assistant, question, numeral):
    assert assistant.router.section_named(normalize(question)).numeral == numeral


def test_plain_question_is_not_a_section_route(assistant):
    assert assistant.router.section_named("生态环境要怎么保护") is None


@pytest.mark.parametrize("mode", ["dense", "lexical", "fused"])
def test_each_mode_ranks_the_obvious_task_first(assistant, mode):
    r = Retriever(assistant.corpus, assistant.retriever.embedder, assistant.retriever.store, mode=mode)
    result = r.search("受污染耕地安全利用率")
    assert result.tasks[0].task.number == 21
    assert result.tasks[0].sentences[0].sentence.text.startswith("扎实推进“净土行动”")


def test_fused_beats_either_alone_on_a_name_the_encoder_does_not_know(assistant):
    # "枫桥经验" is a proper name: lexical finds it, the encoder's cosines are flat (~0.2).
    fused = assistant.retriever.search("枫桥经验是哪条里的")
    assert fused.tasks[0].task.number == 25


def test_a_question_is_also_scored_against_whole_tasks(assistant):
    near = assistant.retriever.search("受污染耕地安全利用率要达到多少")
    far = assistant.retriever.search("明天会下雨吗")
    assert near.task_top > far.task_top and 0 < near.task_top <= 1.0001


def test_unknown_settings_are_refused(assistant):
    with pytest.raises(ValueError, match="unknown retrieval mode"):
        Retriever(assistant.corpus, assistant.retriever.embedder, assistant.retriever.store, mode="magic")


def test_bm25_prefers_rare_terms():
    bm = BM25([["a", "b"], ["a", "c"], ["a", "b", "c"]])
    s = bm.scores(["c"])
    assert s[0] == 0 and s[1] > s[2] > 0  # shorter document with the term scores higher
