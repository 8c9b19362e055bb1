"""The parser: sections, tasks and sentences with offsets that point at the source verbatim."""

from pathlib import Path

import pytest

from assistant.corpus import Corpus, Document, PlanFormatError, chinese_numeral, load_corpus, read_document

SOURCE = Path(__file__).resolve().parent.parent / "index" / "source"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(SOURCE)


def test_sections_and_tasks_of_the_plan(corpus):
    assert [s.numeral for s in corpus.sections] == ["五", "六", "七", "八", "九"]
    assert [t.number for t in corpus.tasks] == list(range(13, 30))
    assert corpus.section("七").tasks == (20, 21, 22)
    assert corpus.section(9).title == "发扬自我革命精神,打造全面从严治党的先行实践地"


def test_task_title_is_first_sentence(corpus):
    t = corpus.task(13)
    assert t.title == "打造共富标志性成果"
    assert t.label == "第13条 打造共富标志性成果"
    assert corpus.task(15).title == "高水平建设惠及全民的“健康萧山”"
    assert corpus.section_of(t).numeral == "五"


def test_every_offset_points_at_the_text_verbatim(corpus):
    for task in corpus.tasks:
        assert corpus.quote(task) == task.text
        joined = ""
        for s in task.sentences:
            assert corpus.quote(s) == s.text
            assert s.text[-1] in "。；" or s is task.sentences[-1]
            joined += s.text
        assert joined == task.text  # sentences tile the task with nothing lost


def test_sentences_split_on_full_stops_and_semicolons():
    doc = Document("t.txt", "一、总则\n1.甲。乙；丙\n", "x")
    c = Corpus([doc])
    assert [s.text for s in c.task(1).sentences] == ["甲。", "乙；", "丙"]


def test_several_documents_keep_counting(tmp_path):
    (tmp_path / "a.txt").write_text("一、甲部分\n1.任务一。内容。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("二、乙部分\n2.任务二。内容。\n", encoding="utf-8")
    c = load_corpus(tmp_path)
    assert [t.number for t in c.tasks] == [1, 2]
    assert c.task(2).doc == "b.txt" and c.quote(c.task(2)) == "任务二。内容。"


def test_duplicate_task_across_documents_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_text("一、甲\n1.任务。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("二、乙\n1.又一个。\n", encoding="utf-8")
    with pytest.raises(PlanFormatError, match="task 1 already defined in a.txt"):
        load_corpus(tmp_path)


@pytest.mark.parametrize(
    "text, message",
    [
        ("1.没有部分的任务。\n", "line 1: task 1 comes before any section"),
        ("一、部分\n1.任务。\n这一行不是任务\n", "line 3: expected a section line"),
        ("一、空部分\n", "section 一、空部分 has no tasks"),
        ("\n\n", "no numbered tasks"),
    ],
)
def test_malformed_plan_names_the_line(tmp_path, text, message):
    (tmp_path / "bad.txt").write_text(text, encoding="utf-8")
    with pytest.raises(PlanFormatError, match=message):
        load_corpus(tmp_path)


def test_non_utf8_file_is_a_clear_error(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes("一、部分\n1.任务。\n".encode("gbk"))
    with pytest.raises(PlanFormatError, match="not UTF-8"):
        read_document(p)


def test_empty_folder_is_a_clear_error(tmp_path):
    with pytest.raises(PlanFormatError, match="no plan files"):
        load_corpus(tmp_path)


def test_chinese_numerals():
    assert [chinese_numeral(x) for x in ["七", "十", "十三", "二十九", "一百零五"]] == [7, 10, 13, 29, 105]
