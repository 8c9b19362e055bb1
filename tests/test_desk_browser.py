"""The "指标表" tab in a real browser (Debian's chromium via Playwright) on the full app over loopback."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from assistant import ui

expect = pytest.importorskip("playwright.sync_api").expect

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (bash scripts/test installs it)",
)


@pytest.fixture(scope="module")
def page(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
        page.set_default_timeout(30_000)
        page.goto(live_server.url + "/", wait_until="load")  # not networkidle: the queue stays open
        page.locator("#pa-input textarea").wait_for()
        yield page
        browser.close()


def test_targets_tab_shows_every_number_with_its_reference_and_a_csv(page, assistant, live_server, tmp_path):
    page.get_by_role("tab", name="指标表").click()
    table = page.locator("#pa-targets")
    table.get_by_text("受污染耕地安全利用率").first.wait_for()
    text = table.inner_text()
    for row in ui.target_table(assistant):
        assert row[2] in text and row[3] in text  # what and amount of every row of the table
    assert assistant.citer.reference(assistant.corpus.task(21)) in text
    # The names table is long (only the rows in view are drawn): find one with its search box, as a person would.
    names = page.locator("#pa-names")
    names.locator("input").first.fill("一把手")
    expect(names).to_contain_text("第28条、第29条", use_inner_text=True)
    expect(names).to_contain_text("选优配强“一把手”和关键岗位领导干部", use_inner_text=True)
    page.screenshot(path=str(tmp_path / "targets-tab.png"), full_page=True)

    href = page.get_by_role("link", name="下载 CSV（Excel 可直接打开）").get_attribute("href")
    csv = httpx.get(live_server.url + href)
    assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbf")
