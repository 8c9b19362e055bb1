"""The chat UI's logic, in-process over the real assistant: what a person sees in each message."""

from __future__ import annotations

import html
import re

import gradio as gr
import pytest

from assistant import ui
from assistant.answer import Answer, Assistant

TAG_RE = re.compile(r"<[^>]+>")
MARKED_RE = re.compile(r"<mark>(.*?)</mark>", re.S)


def turn(assistant: Assistant, message: str, history: list[dict] | None = None) -> list[dict]:
    """Run one chat turn to the end and return the chat's messages."""
    steps = list(ui.respond(assistant, message, history or []))
    box, messages = steps[-1]
    assert box == ""  # the input box is cleared for the next question
    return messages


def quotes_of(messages: list[dict]) -> list[dict]:
    return [m for m in messages if (m.get("metadata") or {}).get("title")]


def plain(fragment: str) -> str:
    return html.unescape(TAG_RE.sub("", fragment))


def test_highlight_marks_spans_and_escapes_html():
    text = "甲<b>乙</b>丙丁戊"
    out = ui.highlight(text, [(3, 9), (1, 4), (11, 99), (5, 5)])
    # Overlapping spans merge, spans are clipped to the text, and markup in the plan text is shown,
    # never interpreted.
    assert out == "甲<mark>&lt;b&gt;乙&lt;/b&gt;</mark>丙丁<mark>戊</mark>"
    assert plain(out) == text
    assert ui.highlight("a&b", []) == "a&amp;b"


def test_answer_shows_each_cited_quote_highlighted_inside_its_task(assistant):
    question = "到2025年建设多少个未来社区？"
    expected = assistant.ask(question)
    assert expected.found and expected.citations

    messages = turn(assistant, question)
    user, reply, quotes = messages
    assert user == {"role": "user", "content": question}
    assert reply["content"] == expected.answer
    for c in expected.citations:
        assert f"【{c.task}】" in reply["content"]
        assert f"第{c.task}" in quotes["metadata"]["title"]

    panel = quotes["content"]
    for c in expected.citations:
        task = assistant.corpus.task(c.task)
        # The task's full text is there, in order, and the reference tells where it comes from.
        assert task.text in plain(panel)
        assert html.escape(assistant.citer.reference(task)) in panel
    marked = "".join(plain(m) for m in MARKED_RE.findall(panel))
    for c in expected.citations:
        assert c.quote in marked


def test_quote_offsets_point_into_the_task_text(assistant):
    reply = assistant.ask("哪一条讲养老？")
    for c in reply.citations:
        task = assistant.corpus.task(c.task)
        start, end = ui.quote_span(task, c)
        assert task.text[start:end] == c.quote


def test_section_overview_folds_many_tasks(assistant):
    reply = assistant.ask("生态这一部分有哪些任务？")
    panel = ui.render_quotes(assistant, reply)
    cited = list(dict.fromkeys(c.task for c in reply.citations))
    assert panel.count('<details class="pa-quote"') == len(cited)
    if len(cited) > ui.QUOTES_OPEN_MAX:
        assert " open>" not in panel  # a long overview starts folded: one line per task
    assert "\n\n" not in panel  # one raw HTML block for the Markdown renderer


def test_a_task_quoted_whole_is_folded_under_the_answer(assistant):
    reply = assistant.ask("第22条讲什么？")
    assert reply.route == "task"
    panel = ui.render_quotes(assistant, reply)
    # The answer already shows the whole task: its panel starts folded instead of repeating it.
    assert panel.startswith('<details class="pa-quote">') and "全文已在回答中" in panel
    task = assistant.corpus.task(reply.citations[0].task)
    assert plain("".join(MARKED_RE.findall(panel))) == task.text


def test_follow_up_sends_the_conversation_without_the_quote_panels(assistant):
    question, follow = "生态这一部分有哪些任务？", "其中第二条呢？"
    first = turn(assistant, question)
    history = first  # the server-held chat of this session
    messages = turn(assistant, follow, history)

    earlier = [{"role": "user", "content": question}, {"role": "assistant", "content": first[1]["content"]}]
    expected = assistant.ask(follow, earlier)
    assert ui.conversation(history) == earlier
    new = messages[len(history) :]
    assert new[0] == {"role": "user", "content": follow}
    assert new[1]["content"] == expected.answer
    # The follow-up is answered in the context of the first question, not as a bare "其中第二条呢？".
    assert expected.found and expected.answer != assistant.ask(follow).answer


def test_not_covered_answer_is_plain_without_quotes(assistant):
    question = "火星移民计划什么时候启动？"
    expected = assistant.ask(question)
    assert not expected.found
    messages = turn(assistant, question)
    assert messages[-1] == {"role": "assistant", "content": expected.answer}
    assert quotes_of(messages) == []


def test_empty_input_changes_nothing(assistant):
    history = turn(assistant, "第22条讲什么？")
    for blank in ("", "   \n ", None):
        assert turn(assistant, blank, history) == history


def test_long_input_is_refused_with_the_limit_as_the_api_and_wechat_do(assistant):
    limit = assistant.settings.max_question_chars
    question = "第22条讲什么？" + "请详细说明。" * 400
    messages = turn(assistant, question)
    assert len(messages[0]["content"]) == limit + 1  # the shown question ends with "…"
    assert messages[1]["content"] == ui.TOO_LONG.format(limit=limit) and "【" not in messages[1]["content"]


def test_first_step_shows_the_question_at_once(assistant):
    first = next(iter(ui.respond(assistant, "第22条讲什么？", [])))
    assert first[1] == [{"role": "user", "content": "第22条讲什么？"}, {"role": "assistant", "content": ui.THINKING}]


class Streaming:
    """Streams the real assistant's answer in many small deltas, as a generated answer arrives."""

    def __init__(self, assistant: Assistant):
        self.inner = assistant
        self.settings = assistant.settings
        self.corpus = assistant.corpus
        self.citer = assistant.citer

    def ask_stream(self, question, history):
        answer = self.inner.ask(question, history)
        for i in range(0, len(answer.answer), 7):
            yield answer.answer[i : i + 7]
        yield answer


def test_streamed_answer_grows_then_ends_with_quotes(assistant):
    steps = [m for _, m in ui.respond(Streaming(assistant), "哪一条讲养老？", [])]
    expected = assistant.ask("哪一条讲养老？")
    partial = [m[-1]["content"] for m in steps[1:-1]]
    assert len(partial) > 2 and all(expected.answer.startswith(p) for p in partial)
    assert steps[-1][1]["content"] == expected.answer
    assert quotes_of(steps[-1])


class Broken:

    def __init__(self, assistant: Assistant):
        self.settings = assistant.settings

    def ask_stream(self, question, history):
        yield "第22条"
        raise RuntimeError("index went away")


def test_a_failing_assistant_shows_an_apology_not_a_crash(assistant, caplog):
    messages = turn(Broken(assistant), "第22条讲什么？")
    assert messages[-1] == {"role": "assistant", "content": ui.FAILED}
    assert "index went away" in caplog.text


def test_task_browser_lists_sections_and_shows_a_task_with_its_reference(assistant):
    sections = ui.section_choices(assistant)
    assert [n for _, n in sections] == [s.numeral for s in assistant.corpus.sections]
    for label, numeral in sections:
        section = assistant.corpus.section(numeral)
        assert label == f"{numeral}、{section.title}"
        tasks = ui.task_choices(assistant, numeral)
        assert [n for _, n in tasks] == list(section.tasks)
        for label, number in tasks:
            assert label == assistant.corpus.task(number).label

    task = assistant.corpus.task(assistant.corpus.sections[2].tasks[-1])
    card = ui.render_task(assistant, task.number)
    assert html.escape(task.text) in card
    assert html.escape(assistant.citer.reference(task)) in card
    assert html.escape(task.label) in card
    assert "请选择" in ui.render_task(assistant, None)
    assert "请选择" in ui.render_task(assistant, 999)


def test_build_ui_is_a_blocks_with_the_chat_and_the_browser(assistant):
    demo = ui.build_ui(assistant)
    assert isinstance(demo, gr.Blocks)
    assert demo.title == assistant.profile.heading and assistant.profile.title in demo.title
    kinds = {type(b).__name__ for b in demo.blocks.values()}
    assert {"Chatbot", "Textbox", "Tab", "Radio", "HTML"} <= kinds


@pytest.mark.parametrize("content,text", [
    ("问", "问"),
    ([{"type": "text", "text": "第"}, {"type": "text", "text": "22条"}], "第22条"),
    ([{"type": "file", "file": {"path": "/x.png"}}], ""),
    (None, ""),
])
def test_message_text_reads_every_content_shape(content, text):
    assert ui.message_text(content) == text


def test_answer_messages_for_a_found_answer_without_citations_has_no_panel(assistant):
    assert ui.answer_messages(assistant, Answer("好", True)) == [{"role": "assistant", "content": "好"}]


def test_desk_tables_render_the_desk_rows(assistant):
    rows = ui.target_table(assistant)
    assert len(rows) == len(assistant.desk.catalog.targets) and all(len(r) == len(ui.TARGET_COLUMNS) for r in rows)
    assert [r[3] for r in rows[:6]] == ["50个", "50个", "3个以上", "15分钟", "10分钟", "93%以上"]  # targets first
    assert rows[0][:5] == ["第13条", "量化指标", "未来社区", "50个", "2025年"]
    assert rows[0][6].endswith("第13条 打造共富标志性成果")
    names = {r[0]: r for r in ui.name_table(assistant)}
    assert all(len(r) == len(ui.NAME_COLUMNS) for r in names.values())
    assert names["一把手"][1] == "第28条、第29条" and "亲上加清" in names["亲上加清"][2]
