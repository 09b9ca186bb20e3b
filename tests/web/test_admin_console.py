"""The trainers' console in a real browser, in front of a real Rasa server of its own: sign in (refused,
then accepted), teach a question the bot did not answer, undo, teach again, train a real model, compare
it with the live one, promote it, roll back, read the charts and the audit trail."""

import json
import shutil

import httpx
import pytest
from playwright.sync_api import expect

from api.admin.accounts import hash_password
from rasa_runtime.stack import MODEL, ROOT, running_bot, start_gateway_server, stop_process

SCREENSHOTS = ROOT / "var" / "screenshots"
PASSWORD = "station trainer 2026"
NOT_UNDERSTOOD = ["今天食堂中午吃什么", "帮我写一份年终总结", "附近哪家奶茶店好喝"]
TRAINING_SECONDS = 420  # a real `rasa train` and two models scored on the evaluation sets


@pytest.fixture(scope="module")
def own_bot(tmp_path_factory):
    """Rasa and the action server of this module only: promotion changes the model Rasa serves."""
    work = tmp_path_factory.mktemp("console-bot")
    model = work / "models" / "fengqiao.tar.gz"
    model.parent.mkdir()
    shutil.copyfile(MODEL, model)
    with running_bot(work, model) as stack:
        stack.model = model
        yield stack


@pytest.fixture(scope="module")
def console_url(own_bot, tmp_path_factory):
    work = tmp_path_factory.mktemp("console")
    process = start_gateway_server(
        own_bot.rasa_url,
        own_bot.action_server_url,
        work,
        {
            "RASA_AUTH_TOKEN": own_bot.rasa_auth_token,
            "ADMIN_CONSOLE": "true",
            "ADMIN_ACCOUNTS": json.dumps([f"王教官:{hash_password(PASSWORD, iterations=1000)}"]),
            "MODEL": str(own_bot.model),
            "MODELS_DIR": str(work / "station"),
            "REVIEWED_NLU_FILE": str(work / "nlu" / "reviewed.yml"),
            # one added example may move a set's figure by one question (0.4 %); the refusal itself is
            # tested in tests/api/admin/test_training.py
            "PROMOTION_TOLERANCE": "0.03",
        },
    )
    process.work = work  # type: ignore[attr-defined]
    yield process.base_url  # type: ignore[attr-defined]
    stop_process(process)


@pytest.fixture
def desk(browser):
    """A laptop-sized page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    context.close()


def officers_ask(url, questions):
    """Officers ask questions in the web chat; the ones not answered land in the queue."""
    with httpx.Client(base_url=url, timeout=30) as officer:
        for question in questions:
            assert officer.post("/api/chat", json={"message": question}).status_code == 200


def sign_in(page, url, password=PASSWORD):
    page.goto(url + "/admin")
    expect(page).to_have_url(url + "/admin/sign-in")
    page.get_by_label("账号").fill("王教官")
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_a_trainer_teaches_trains_compares_promotes_and_rolls_back(desk, console_url, own_bot):
    officers_ask(console_url, NOT_UNDERSTOOD)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    sign_in(desk, console_url, password="wrong password")
    expect(desk.get_by_role("alert")).to_have_text("账号或密码不正确。")
    expect(desk).to_have_url(console_url + "/admin/sign-in")
    sign_in(desk, console_url)
    expect(desk).to_have_url(console_url + "/admin")
    expect(desk.locator("#who")).to_have_text("王教官")

    # The queue: every question the bot did not answer, with its candidates.
    entries = desk.locator("article.entry")
    expect(entries.first).to_be_visible()
    question = entries.first.locator(".question").inner_text()
    assert question in NOT_UNDERSTOOD
    entry = desk.locator("article.entry", has=desk.locator(".question", has_text=question))
    expect(entry.locator(".meta")).to_contain_text("问了 1 次")

    # Assign, undo from the notice, assign again.
    entry.get_by_role("button", name="范围外").click()
    expect(desk.get_by_role("status")).to_contain_text("已归入范围外")
    expect(entry).to_have_count(0)
    desk.locator("#toast").get_by_role("button", name="撤销").click()
    expect(desk.locator("article.entry", has=desk.locator(".question", has_text=question))).to_have_count(1)
    desk.locator("article.entry", has=desk.locator(".question", has_text=question)).get_by_role(
        "button", name="范围外"
    ).click()
    expect(desk.get_by_role("status")).to_contain_text("已归入范围外")
    desk.screenshot(path=str(SCREENSHOTS / "admin-queue.png"))

    # Train, watch the progress, compare side by side.
    desk.get_by_role("tab", name="训练与发布").click()
    expect(desk.locator("#reviewed-count")).to_have_text("1")
    expect(desk.locator("#live-model")).to_contain_text("初始模型")
    desk.get_by_role("button", name="训练新模型").click()
    expect(desk.locator("#run-progress")).to_be_visible()
    expect(desk.locator("#run-stage")).to_contain_text("第 1 次训练")
    comparison = desk.get_by_role("table", name="新旧模型对比")
    expect(comparison).to_be_visible(timeout=TRAINING_SECONDS * 1000)
    expect(comparison.locator("tbody tr")).to_have_count(8)  # 2 evaluation sets x 4 figures
    expect(comparison).to_contain_text("blind_dev.tsv")
    expect(desk.locator("#verdict")).to_contain_text("可以发布")
    desk.screenshot(path=str(SCREENSHOTS / "admin-comparison.png"), full_page=True)

    # Promote: Rasa serves the new model, without a restart, and still answers.
    desk.get_by_role("button", name="发布新模型").click()
    expect(desk.get_by_role("status")).to_contain_text("新模型已发布")
    expect(desk.locator("#live-model")).to_have_text("第 1 次训练的模型")
    status = httpx.get(f"{own_bot.rasa_url}/status", params={"token": own_bot.rasa_auth_token}, timeout=10).json()
    assert status["model_file"].endswith("run-1.tar.gz")
    with httpx.Client(base_url=console_url, timeout=30) as officer:
        answer = officer.post("/api/chat", json={"message": "居民不开门怎么办"}).json()
    assert "【第4问】" in answer["messages"][0]["text"]

    # Roll back to the model before.
    desk.get_by_role("button", name="回退到上一个模型").click()
    expect(desk.get_by_role("status")).to_contain_text("已回退")
    expect(desk.locator("#live-model")).to_contain_text("初始模型")
    status = httpx.get(f"{own_bot.rasa_url}/status", params={"token": own_bot.rasa_auth_token}, timeout=10).json()
    assert "live-before-promote" in status["model_file"]

    # Charts, drawn by Chart.js from the question log.
    desk.get_by_role("tab", name="统计图表").click()
    for canvas in ("chart-per-day", "chart-share", "chart-top", "chart-feedback"):
        drawn = desk.wait_for_function(
            "id => { const c = window.Chart && Chart.getChart(document.getElementById(id));"
            " return c && c.data.datasets[0].data.length > 0 && c.width > 0 ? c.data.datasets[0].data : null; }",
            arg=canvas,
        )
        assert drawn.json_value()
    per_day = desk.evaluate(
        "() => Chart.getChart(document.getElementById('chart-per-day')).data.datasets.map(d => d.data.at(-1))"
    )
    assert sum(per_day) >= len(NOT_UNDERSTOOD) + 1
    desk.screenshot(path=str(SCREENSHOTS / "admin-charts.png"), full_page=True)

    # The audit trail names who did what.
    desk.get_by_role("tab", name="操作记录").click()
    audit = desk.get_by_role("table", name="操作记录")
    for action in ("登录失败", "登录", "归类问题", "撤销处理", "开始训练", "发布模型", "回退模型"):
        expect(audit.get_by_role("cell", name=action, exact=True).first).to_be_visible()
    expect(audit.locator("tbody tr", has_text="回退模型").locator("td").nth(1)).to_have_text("王教官")

    # Signing out closes the console.
    desk.get_by_role("button", name="退出登录").click()
    expect(desk).to_have_url(console_url + "/admin/sign-in")
    desk.goto(console_url + "/admin")
    expect(desk).to_have_url(console_url + "/admin/sign-in")


def test_the_console_fits_a_tablet(browser, console_url):
    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="zh-CN")
    page = context.new_page()
    sign_in(page, console_url)
    expect(page.locator("#who")).to_have_text("王教官")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 768
    context.close()


def test_the_sign_in_page_and_every_console_tab_have_no_serious_accessibility_violation(desk, console_url):
    from tests.web.test_accessibility import violations

    desk.goto(console_url + "/admin/sign-in")
    assert violations(desk) == []
    sign_in(desk, console_url)
    expect(desk).to_have_url(console_url + "/admin")
    for tab in ("#tab-queue", "#tab-training", "#tab-charts", "#tab-audit"):
        desk.click(tab)
        expect(desk.locator(tab)).to_have_attribute("aria-selected", "true")
        assert violations(desk) == [], tab


def focused_id(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def tab_to(page, element_id: str, limit: int = 20) -> None:
    """Press Tab until the element is focused (failing after ``limit`` presses)."""
    for _ in range(limit):
        if focused_id(page) == element_id:
            return
        page.keyboard.press("Tab")
    assert focused_id(page) == element_id, f"Tab never reached #{element_id}"


def test_a_trainer_signs_in_and_moves_between_tabs_with_the_keyboard_alone(desk, console_url):
    desk.goto(console_url + "/admin")
    expect(desk).to_have_url(console_url + "/admin/sign-in")
    tab_to(desk, "name")
    desk.keyboard.type("王教官")
    desk.keyboard.press("Tab")
    assert focused_id(desk) == "password"
    desk.keyboard.type(PASSWORD)
    desk.keyboard.press("Enter")
    expect(desk).to_have_url(console_url + "/admin")
    for tab, panel in (("tab-training", "#training"), ("tab-audit", "#audit")):
        tab_to(desk, tab)
        outline = desk.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("", "none"), "the focused tab shows where the keyboard is"
        desk.keyboard.press("Enter")
        expect(desk.locator("#" + tab)).to_have_attribute("aria-selected", "true")
        expect(desk.locator(panel)).to_be_visible()
