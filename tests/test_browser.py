"""End to end in a real browser: Debian's chromium, driven by Playwright, uses the chat at "/".

The page is served by the full app (FastAPI + Gradio) on a loopback port. Playwright's own browser
download cannot work here, so it drives /usr/bin/chromium (installed by scripts/test). The test
saves a screenshot under pytest's tmp dir, and also into $SCREENSHOT_DIR when that is set
(``SCREENSHOT_DIR=docs`` refreshes the README's docs/screenshot-chat.png).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT = "screenshot-chat.png"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium: `apt-get install -y chromium fonts-wqy-microhei` "
    "(bash scripts/test installs it)",
)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh tab on the chat; records every URL the page asks for."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.requested = []
    page.on("request", lambda r: page.requested.append(r.url))
    # Not "networkidle": the page keeps a queue connection open. Wait for load and the input box.
    page.goto(live_server.url + "/", wait_until="load")
    page.locator("#pa-input textarea").wait_for()
    yield page
    context.close()


def ask(page, question: str, panels_before: int, panel_expected: bool = True) -> None:
    """Type a question, press Enter, wait until the answer (and its quote panel) is shown."""
    box = page.locator("#pa-input textarea")
    box.fill(question)
    box.press("Enter")
    page.locator("#pa-chat .message-row.user-row", has_text=question).wait_for()
    if panel_expected:
        page.locator("#pa-chat .pa-quote").nth(panels_before).wait_for()
    assert box.input_value() == ""


def marked(page, panel: int) -> str:
    """The highlighted text of one quote panel (the panels of one answer share a message)."""
    return "".join(page.locator("#pa-chat .pa-quote").nth(panel).locator("mark").all_inner_texts())


def test_ask_a_question_and_a_follow_up_in_the_browser(page, assistant, live_server, tmp_path):
    question, follow = "到2025年建设多少个未来社区？", "那未来乡村呢？"
    first = assistant.ask(question)
    history = [{"role": "user", "content": question}, {"role": "assistant", "content": first.answer}]
    second = assistant.ask(follow, history)
    assert first.found and second.found

    assert "规划助手" in page.title()
    ask(page, question, panels_before=0)
    chat = page.locator("#pa-chat")
    for c in first.citations:
        assert f"【{c.task}】" in chat.inner_text()
    shown = marked(page, 0)
    for c in first.citations:
        assert c.quote in shown  # the cited sentence is highlighted inside its task's text
    panel = page.locator("#pa-chat .pa-quote").first.inner_text()
    assert assistant.corpus.task(first.citations[0].task).text in panel

    # The follow-up only makes sense with the first question: the page must send the history.
    panels = page.locator("#pa-chat .pa-quote").count()
    ask(page, follow, panels_before=panels)
    last = page.locator("#pa-chat .message-row.bot-row").last.inner_text()
    for c in second.citations:
        assert f"【{c.task}】" in last
    shown = marked(page, panels)
    for c in second.citations:
        assert c.quote in shown

    # Everything the page loaded came from our own server: no web fonts or trackers from outside.
    assert page.requested
    web = [u for u in page.requested if urlparse(u).scheme in ("http", "https", "ws", "wss")]
    assert [u for u in web if urlparse(u).hostname != "127.0.0.1"] == []

    # The quote panel slides open: take the picture once it is laid out and has stopped growing.
    page.locator("#pa-chat .pa-quote-text").last.wait_for(state="visible")
    page.wait_for_function(
        """() => new Promise(done => {
            const box = () => document.querySelector('#pa-chat').getBoundingClientRect().height
                + [...document.querySelectorAll('#pa-chat .pa-quote')].at(-1).getBoundingClientRect().height;
            const before = box();
            setTimeout(() => done(box() === before && before > 0), 300);
        })"""
    )
    targets = [tmp_path / SCREENSHOT]
    if os.environ.get("SCREENSHOT_DIR"):
        Path(os.environ["SCREENSHOT_DIR"]).mkdir(parents=True, exist_ok=True)
        targets.append(Path(os.environ["SCREENSHOT_DIR"]) / SCREENSHOT)
    for target in targets:
        page.screenshot(path=str(target))
        assert target.stat().st_size > 20_000  # a real picture, not an empty page


def test_not_covered_question_shows_a_plain_answer(page, assistant):
    question = "火星移民计划什么时候启动？"
    expected = assistant.ask(question)
    assert not expected.found
    ask(page, question, panels_before=0, panel_expected=False)
    page.locator("#pa-chat .message-row.bot-row", has_text=expected.answer[:12]).wait_for()
    assert page.locator("#pa-chat .pa-quote").count() == 0


def test_browse_the_plan_by_section_and_task(page, assistant):
    section = assistant.corpus.sections[2]
    task = assistant.corpus.task(section.tasks[-1])
    page.get_by_role("tab", name="浏览规划任务").click()
    page.locator("#pa-sections label", has_text=f"{section.numeral}、").click()
    page.locator("#pa-tasks label", has_text=task.label).click()
    card = page.locator("#pa-task-card")
    card.locator("h3", has_text=task.label).wait_for()
    text = card.inner_text()
    assert task.text in text
    assert assistant.citer.reference(task) in text
