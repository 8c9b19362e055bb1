"""The Gradio chat at "/": calls the assistant in-process and shows each answer's cited quotes.

Every answer comes with a second, open "引用原文" message: each cited task's full text with the
quoted sentences highlighted at the citation's offsets, and the task's formal reference. A second
tab browses the plan: section → task → full text and reference.
A third, "指标表", lists every number the plan states (CSV download) and its named programmes.

The pieces that decide what a person sees (``respond``, ``render_quotes``, ``render_task``) are
plain functions over the assistant, so they are tested without a browser. Example::

    demo = build_ui(assistant)
    app = gr.mount_gradio_app(app, demo, path="/", **mount_options())
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Iterator
from functools import partial

import gradio as gr

from .answer import Assistant
from .corpus import Task
from .desk import KIND_CN
from .questionlog import QuestionLog, QuestionLogError, record_answer
from .types import Answer, Citation

log = logging.getLogger(__name__)

TAGLINE = (
    "每个回答都直接引用规划原文，并用【N】标出出处（第N条）；下方“引用原文”中黄色部分即被引用的句子。"
    "可以接着追问，也可以用繁体字或英文提问。"
)
PLACEHOLDER = (
    "**请输入关于规划的问题**<br>例如某项指标、某一条的内容、某一部分有哪些任务；"
    "回答后可以接着问“那……呢？”"
)
THINKING = "正在查阅规划原文…"
TOO_LONG = "问题超过{limit}字，请缩短到{limit}字以内再问。"
FAILED = "抱歉，这次回答出错了，请稍后再试，或换个问法。"
EMPTY = "请先输入问题，例如：第22条讲什么？"
STATE_TTL_S = 3600  # a session's chat is forgotten an hour after its last turn
QUOTES_OPEN_MAX = 2  # more cited tasks than this (a section overview): each starts folded

# System fonts only: a web font would be fetched from the internet, which is not reachable here.
FONTS = ["Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", "sans-serif"]
MONO = ["Noto Sans Mono CJK SC", "DejaVu Sans Mono", "monospace"]

CSS = """
.pa-header h1 { margin: 0.2em 0 0.1em; font-size: 1.7em; letter-spacing: 0.02em; }
.pa-header p { margin: 0; color: var(--body-text-color-subdued); }
.pa-quote { border-left: 3px solid var(--color-accent); background: var(--background-fill-secondary);
  border-radius: 6px; padding: 0.45em 0.8em; margin: 0.3em 0 0.6em; }
.pa-quote summary { cursor: pointer; font-weight: 600; }
#pa-chat .pa-quote, #pa-chat .pa-quote * { font-size: 14px !important; }
#pa-chat .message-content:has(.pa-quote), #pa-chat .md:has(.pa-quote) { opacity: 1 !important; }
#pa-chat .pa-quote .pa-ref { font-size: 12.5px !important; }
.pa-quote-text { line-height: 1.8; margin: 0.35em 0; color: var(--body-text-color); }
.pa-quote mark, .pa-task mark { background: #fde68a; color: #1f2937; padding: 0.05em 0.15em; border-radius: 3px; }
.pa-cite { color: var(--color-accent); font-weight: 700; }
.pa-ref { color: var(--body-text-color-subdued); font-size: 0.88em; }
.pa-task { padding: 0.8em 1.1em; background: var(--block-background-fill);
  border: 1px solid var(--border-color-primary); border-radius: var(--radius-lg); }
.pa-task h3 { margin: 0.3em 0 0.5em; font-size: 1.3em; }
.pa-task .pa-section { color: var(--body-text-color-subdued); font-size: 0.92em; }
.pa-task .pa-task-text { line-height: 1.85; font-size: 1.02em; }
.pa-task .pa-ref { border-top: 1px solid var(--border-color-primary); padding-top: 0.5em; margin-top: 0.8em; }
#pa-examples { flex-wrap: wrap; gap: 8px; align-items: center; }
#pa-examples > .block, #pa-examples > button { flex: 0 0 auto !important; width: auto !important; white-space: nowrap; }
.pa-examples-label { color: var(--body-text-color-subdued); white-space: nowrap; }
footer { display: none !important; }
"""


def mount_options() -> dict:
    """Keyword arguments for ``gr.mount_gradio_app``: in Gradio 6 the theme and CSS go there."""
    theme = gr.themes.Soft(primary_hue="blue", secondary_hue="amber", neutral_hue="slate", font=FONTS, font_mono=MONO)
    return {"theme": theme, "css": CSS, "footer_links": []}


# ---- what the assistant is given -------------------------------------------------------------


def message_text(content) -> str:
    """The plain text of a chat message's content (Gradio 6 hands content over as a list of parts)."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return content.get("text", "") if content.get("type", "text") == "text" else ""
    if isinstance(content, (list, tuple)):
        return "".join(message_text(part) for part in content)
    return ""


def conversation(history: list[dict]) -> list[dict]:
    """The chat as the assistant reads it: user and answer turns only, without the quote panels."""
    turns = []
    for m in history or []:
        if m.get("role") not in ("user", "assistant") or (m.get("metadata") or {}).get("title"):
            continue
        text = message_text(m.get("content")).strip()
        if text and text != THINKING:
            turns.append({"role": m["role"], "content": text})
    return turns


# ---- rendering ---------------------------------------------------------------------------------


def merge_spans(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Spans clipped to [0, length], empty ones dropped, overlapping or touching ones merged."""
    merged: list[list[int]] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def highlight(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` as HTML with each (start, end) span wrapped in <mark>; overlapping spans merge."""
    out, pos = [], 0
    for start, end in merge_spans(spans, len(text)):
        out.append(html.escape(text[pos:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def quote_span(task: Task, citation: Citation) -> tuple[int, int]:
    """Where a citation's quote lies in its task's text (offsets relative to the task's start)."""
    start, end = citation.start - task.start, citation.end - task.start
    if task.text[max(0, start) : end] == citation.quote:
        return start, end
    found = task.text.find(citation.quote)  # offsets from another document version: fall back to the text
    return (found, found + len(citation.quote)) if found >= 0 else (0, 0)


def render_quotes(assistant: Assistant, answer: Answer) -> str:
    """HTML for an answer's quotes: each cited task's full text, the quoted sentences in <mark>."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for c in answer.citations:
        task = assistant.corpus.task(c.task)
        if task is not None:
            spans.setdefault(c.task, []).append(quote_span(task, c))
    blocks = []
    for number, task_spans in spans.items():
        task = assistant.corpus.task(number)
        # A task quoted whole is already in the answer: fold it. So is a long overview's every task.
        whole = merge_spans(task_spans, len(task.text)) == [(0, len(task.text))]
        opened = " open" if len(spans) <= QUOTES_OPEN_MAX and not whole else ""
        note = '<span class="pa-ref">（全文已在回答中）</span>' if whole else ""
        blocks.append(
            f'<details class="pa-quote"{opened}>'
            f'<summary><span class="pa-cite">【{number}】</span>{html.escape(task.label)}{note}</summary>'
            f'<div class="pa-quote-text">{highlight(task.text, task_spans)}</div>'
            f'<div class="pa-ref">出处：{html.escape(assistant.citer.reference(task))}</div>'
            "</details>"
        )
    # One line, no blank lines: the chat renders Markdown, and this must stay one raw HTML block.
    return "".join(blocks)


def quotes_title(answer: Answer) -> str:
    numbers = list(dict.fromkeys(c.task for c in answer.citations))
    return f"引用原文 · 第{'、'.join(str(n) for n in numbers)}条"


def answer_messages(assistant: Assistant, answer: Answer) -> list[dict]:
    """The chat messages for one answer: the answer itself, then (when found) its quotes panel."""
    messages = [{"role": "assistant", "content": answer.answer}]
    if answer.found and answer.citations:
        quotes = render_quotes(assistant, answer)
        messages.append({"role": "assistant", "content": quotes, "metadata": {"title": quotes_title(answer)}})
    return messages


def render_task(assistant: Assistant, number: int | None) -> str:
    """HTML card of one task for the browser: section, title, full text and formal reference."""
    task = assistant.corpus.task(int(number)) if number is not None else None
    if task is None:
        return '<div class="pa-task"><p>请选择一条任务。</p></div>'
    section = assistant.corpus.section_of(task)
    return (
        '<div class="pa-task">'
        f'<div class="pa-section">{html.escape(section.numeral)}、{html.escape(section.title)}</div>'
        f"<h3>{html.escape(task.label)}</h3>"
        f'<div class="pa-task-text">{html.escape(task.text)}</div>'
        f'<div class="pa-ref">规范引用：{html.escape(assistant.citer.reference(task))}</div>'
        "</div>"
    )


def section_choices(assistant: Assistant) -> list[tuple[str, str]]:
    assistant.warm_up()
    return [(f"{s.numeral}、{s.title}", s.numeral) for s in assistant.corpus.sections]


def task_choices(assistant: Assistant, numeral: str | None) -> list[tuple[str, int]]:
    assistant.warm_up()
    section = assistant.corpus.section(numeral) if numeral else None
    return [(assistant.corpus.task(n).label, n) for n in section.tasks] if section else []


# ---- the chat turn -----------------------------------------------------------------------------
# The conversation lives on the server, in a gr.State: the chat component is output only, and its
# value is rebuilt here from text the server wrote. A client never sends chat history, so it cannot
# slip a file reference (or any other structure) into an output: Gradio serves every file that an
# output names, and an echoed history once let anyone read any file on the server.

MAX_SHOWN = 60  # chat messages kept on the page (and in the state): bounds what one call returns


def respond(assistant: Assistant, message: str | None, chat: list[dict] | None,
            on_answer: Callable[[str, Answer], None] | None = None) -> Iterator[tuple[str, list[dict]]]:
    """One chat turn over the server-held chat: yields (new textbox value, chat messages) as the answer arrives.

    ``on_answer(question, answer)`` is called with the final answer (the question log records it).
    """
    history = list(chat or [])[-MAX_SHOWN:]
    question = message if isinstance(message, str) else ""
    question = question.strip()
    if not question:
        gr.Info(EMPTY, title="提示")
        yield "", history
        return
    limit = assistant.settings.max_question_chars
    if len(question) > limit:  # refused, as the API and WeChat refuse it, with the limit said
        history.append({"role": "user", "content": question[:limit] + "…"})
        yield "", [*history, {"role": "assistant", "content": TOO_LONG.format(limit=limit)}]
        return
    turns = assistant.settings.history_window(conversation(history))
    history.append({"role": "user", "content": question})
    yield "", [*history, {"role": "assistant", "content": THINKING}]
    text, answer = "", None
    try:
        # Text deltas as the answer is written, then the final Answer, which is authoritative
        # (a generated answer's unverifiable claims are dropped from it).
        for event in assistant.ask_stream(question, turns):
            if isinstance(event, Answer):
                answer = event
            elif event:
                text += event
                yield "", [*history, {"role": "assistant", "content": text}]
    except Exception:  # a person sees an apology, the log gets the stack trace
        log.exception("the chat failed to answer %r", question[:80])
    if answer is None:
        yield "", [*history, {"role": "assistant", "content": FAILED}]
        return
    if on_answer is not None:
        on_answer(question, answer)
    yield "", history + answer_messages(assistant, answer)


# ---- feedback ----------------------------------------------------------------------------------
# The session's state pairs each shown message with the id of the answer it shows (None for a
# question or a quote panel), so a 👍/👎 on a message rates that answer in the question log.

FEEDBACK_OPTIONS = ("Like", "Dislike", "答非所问", "引用不对", "没有回答我的问题")


def new_session() -> dict:
    return {"messages": [], "ids": []}


def chat_turn(assistant: Assistant, questions: QuestionLog | None, message: str | None, session: dict | None):
    """One chat turn with its bookkeeping: yields (textbox, chat messages, session)."""
    session = session if isinstance(session, dict) else new_session()
    before, ids = session["messages"], session["ids"]
    answers: list[Answer] = []

    def on_answer(question: str, answer: Answer) -> None:
        answers.append(answer)
        record_answer(questions, answer, "ui", question)

    messages: list[dict] = before
    for box_value, messages in respond(assistant, message, before, on_answer):
        yield box_value, messages[-MAX_SHOWN:], session
    # The new messages: the question, then the answer (with its id), then maybe its quote panel.
    full_ids = ids + [None] * (len(messages) - len(before))
    if answers:
        full_ids[len(before) + 1] = answers[0].id
    session = {"messages": messages[-MAX_SHOWN:], "ids": full_ids[-MAX_SHOWN:]}
    yield "", session["messages"], session


def rate(questions: QuestionLog | None, session: dict | None, data: gr.LikeData) -> None:
    """A 👍/👎 (or a reason flag) on an answer: its rating in the question log; the latest one counts."""
    if questions is None or not isinstance(session, dict):
        return
    index = data.index[0] if isinstance(data.index, list | tuple) else data.index
    ids, messages = session.get("ids") or [], session.get("messages") or []
    if not isinstance(index, int) or not 0 <= index < min(len(ids), len(messages)):
        return
    # The buttons sit under the last message of an answer (its quote panel): rate the answer above it.
    while index > 0 and ids[index] is None and messages[index].get("role") == "assistant":
        index -= 1
    if ids[index] is None:
        return
    liked = data.liked
    rating = "up" if liked is True or liked == "Like" else "down"
    comment = liked if isinstance(liked, str) and liked not in ("Like", "Dislike") else None
    try:
        questions.rate(ids[index], rating, comment)
    except QuestionLogError:
        gr.Warning("反馈暂时没有保存成功，请稍后再试。", title="提示")


# ---- the targets table (the civil servants' desk, assistant/desk.py) ------------------------------

DESK_NOTE = (
    "规划写明的全部数字：量化指标在前，其他数字（版本、周年、计划年限、数目）在后；每行都有原文短句和规范引用，可直接复制。"
    "[下载 CSV（Excel 可直接打开）](/api/targets.csv) · 在问答中也可以问“有哪些量化指标”“哪些任务提到了……”。"
)


TARGET_COLUMNS = ["任务", "类别", "对象", "数量", "期限", "原文", "引用"]
NAME_COLUMNS = ["提法", "所在任务", "原文（首次出现的句子）"]


def target_table(assistant: Assistant) -> list[list]:
    """The targets table as the tab shows it (TARGET_COLUMNS), quantitative targets first."""
    rows = sorted(assistant.desk.target_rows(), key=lambda r: (r.kind != "target", r.task, r.start))
    return [[f"第{r.task}条", KIND_CN[r.kind], r.what, r.amount, r.deadline or "未写明", r.phrase, r.reference]
            for r in rows]


def name_table(assistant: Assistant) -> list[list]:
    """The named programmes as the tab shows them (NAME_COLUMNS)."""
    return [[r.name, "、".join(f"第{n}条" for n in r.tasks), r.places[0].sentence] for r in assistant.desk.name_rows()]


def build_desk_tab() -> tuple[gr.Dataframe, gr.Dataframe]:
    """The "指标表" tab: every number the plan states (with a CSV download) and its named programmes."""
    gr.Markdown(DESK_NOTE, elem_id="pa-desk-note")
    common = dict(interactive=False, wrap=True, max_height=520, show_search="search", buttons=["copy", "fullscreen"])
    targets = gr.Dataframe(headers=TARGET_COLUMNS, label="指标表", elem_id="pa-targets", **common)
    names = gr.Dataframe(headers=NAME_COLUMNS, label="规划中的提法（引号中的工程、品牌、口号）及所在任务",
                         elem_id="pa-names", **common)
    return targets, names


# ---- the page ----------------------------------------------------------------------------------


def build_ui(assistant: Assistant, questions: QuestionLog | None = None) -> gr.Blocks:
    """The chat page: header, chat with quotes, feedback and examples, and tabs to browse the plan's tasks."""

    def chat(message: str, held: dict | None):
        # ``held`` is this session's server-side chat; the page's own chat value is never read.
        yield from chat_turn(assistant, questions, message, held)

    def browse_init():
        sections = section_choices(assistant)
        first = sections[0][1]
        tasks = task_choices(assistant, first)
        return (
            gr.Radio(choices=sections, value=first),
            gr.Radio(choices=tasks, value=tasks[0][1]),
            render_task(assistant, tasks[0][1]),
        )

    def browse_section(numeral: str):
        tasks = task_choices(assistant, numeral)
        first = tasks[0][1] if tasks else None
        return gr.Radio(choices=tasks, value=first), render_task(assistant, first)

    assistant.warm_up()  # the page shows the plan's own title and examples
    profile = assistant.profile
    with gr.Blocks(title=profile.heading) as demo:
        gr.HTML(f'<div class="pa-header"><h1>{html.escape(profile.heading)}</h1><p>{html.escape(TAGLINE)}</p></div>')
        with gr.Tabs():
            with gr.Tab("问答", id="chat"):
                chatbot = gr.Chatbot(
                    label="规划助手",
                    show_label=False,
                    height=600,
                    layout="bubble",
                    placeholder=PLACEHOLDER,
                    buttons=["copy"],
                    feedback_options=list(FEEDBACK_OPTIONS) if questions is not None and questions.enabled else None,
                    elem_id="pa-chat",
                )
                with gr.Row(equal_height=True, elem_id="pa-ask"):
                    box = gr.Textbox(
                        show_label=False,
                        container=False,
                        placeholder=f"输入问题，按回车发送（例如：{profile.examples[0]}）",
                        lines=1,
                        max_lines=6,
                        scale=8,
                        autofocus=True,
                        max_length=assistant.settings.max_question_chars,
                        elem_id="pa-input",
                    )
                    send = gr.Button("发送", variant="primary", scale=1, min_width=80)
                    clear = gr.ClearButton([box], value="清空对话", scale=1, min_width=80)
                with gr.Row(elem_id="pa-examples"):
                    gr.HTML('<span class="pa-examples-label">试试这些问题：</span>', scale=0, min_width=0)
                    examples = [gr.Button(q, size="sm", variant="secondary", scale=0, min_width=0)
                                for q in profile.examples]
            with gr.Tab("浏览规划任务", id="browse"):
                with gr.Row():
                    with gr.Column(scale=2):
                        section = gr.Radio(label="部分", choices=[], elem_id="pa-sections")
                        task = gr.Radio(label="任务", choices=[], elem_id="pa-tasks")
                    with gr.Column(scale=3):
                        card = gr.HTML(elem_id="pa-task-card")
            with gr.Tab("指标表", id="targets"):
                targets_table, names_table = build_desk_tab()

        held = gr.State(new_session(), time_to_live=STATE_TTL_S)
        clear.click(lambda: ([], new_session()), None, [chatbot, held], queue=False)
        def like(session: dict | None, data: gr.LikeData) -> None:  # Gradio hands the event data by this type
            rate(questions, session, data)

        chatbot.like(like, [held], None, queue=False)
        gr.on([box.submit, send.click], chat, [box, held], [box, chatbot, held], concurrency_limit=4)
        for example in examples:
            # The button's own label is the question: a client can only pick one of these.
            example.click(partial(chat, example.value), [held], [box, chatbot, held], concurrency_limit=4)
        demo.load(browse_init, None, [section, task, card])
        demo.load(lambda: (target_table(assistant), name_table(assistant)), None,
                  [targets_table, names_table])
        section.input(browse_section, [section], [task, card])
        task.change(lambda n: render_task(assistant, n), [task], [card])
    return demo
