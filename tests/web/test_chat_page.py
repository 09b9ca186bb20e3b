"""The web chat in a real browser (headless Chromium): ask, click, reload, recover."""

from pathlib import Path

from playwright.sync_api import expect

from guide import protocol
from guide.policy_basis import reviewed_policy_basis

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def ask(page, text):
    page.get_by_label("输入您的问题").fill(text)
    page.get_by_role("button", name="发送").click()


def test_an_officer_asks_clicks_a_button_and_still_sees_the_history_after_a_reload(page, gateway_url):
    page.goto(gateway_url + "/")
    expect(page.locator(".message.bot").first).to_contain_text("我是枫桥助手")

    ask(page, "居民不开门怎么办")
    answer = page.locator(".message.bot", has_text="【第4问】居民不愿开门")
    expect(answer).to_contain_text("警民联系卡插入门缝")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "answer.png"))

    answer.get_by_role("button", name="相关：住户经常不在家").click()
    expect(page.locator(".message.user", has_text="相关：住户经常不在家")).to_be_visible()
    expect(page.locator(".message.bot", has_text="【第5问】住户经常不在家")).to_be_visible()

    page.reload()
    expect(page.locator(".message.user").first).to_have_text("居民不开门怎么办")
    expect(page.locator(".message.bot", has_text="【第4问】")).to_be_visible()
    expect(page.locator(".message.user").nth(1)).to_have_text("住户经常不在家")
    expect(page.locator(".message.bot", has_text="【第5问】")).to_be_visible()


def test_the_policy_button_shows_cited_passages(page, gateway_url):
    page.goto(gateway_url + "/")
    ask(page, "调解时当事人蛮不讲理咋整")
    page.locator(".message.bot", has_text="【第21问】").get_by_role("button", name="查看政策依据").click()
    links = reviewed_policy_basis()[21].links
    expect(page.locator(".message.bot", has_text="——出处：")).to_have_count(len(links))
    expect(page.locator(".message.bot", has_text=f"为什么相关：{links[0].reason}")).to_be_visible()


def test_feedback_on_an_answer_can_be_given_once_and_the_other_buttons_stay_usable(page, gateway_url):
    page.goto(gateway_url + "/")
    ask(page, "居民不开门怎么办")
    answer = page.locator(".message.bot", has_text="【第4问】居民不愿开门")
    answer.get_by_role("button", name="有帮助").click()
    expect(answer.get_by_role("button", name="有帮助")).to_be_disabled()
    expect(answer.get_by_role("button", name="没帮助")).to_be_disabled()
    expect(answer.get_by_role("button", name="查看政策依据")).to_be_enabled()


def test_the_topic_browser_answers_a_chosen_scenario(page, gateway_url):
    page.goto(gateway_url + "/")
    page.get_by_role("button", name="话题目录").click()
    page.get_by_role("button", name="29. 对社区内长期形成的难题应该怎么办？").click()
    expect(page.locator(".message.bot", has_text="【第29问】社区长期形成的难题")).to_be_visible()


def test_bot_and_user_text_is_never_interpreted_as_html(page, gateway_url):
    page.goto(gateway_url + "/")
    ask(page, "<img src=x onerror=\"document.title='pwned'\"><b>粗体</b>")
    expect(page.locator(".message.user").last).to_have_text("<img src=x onerror=\"document.title='pwned'\"><b>粗体</b>")
    expect(page.locator(".message.bot")).to_have_count(2)
    assert page.title() != "pwned"
    assert page.locator(".message img, .message b").count() == 0


def test_the_keyboard_alone_can_ask_a_question(page, gateway_url):
    page.goto(gateway_url + "/")
    page.get_by_label("输入您的问题").focus()
    page.keyboard.type("你好")
    page.keyboard.press("Enter")
    expect(page.locator(".message.user").last).to_have_text("你好")
    expect(page.locator(".message.bot").nth(1)).to_contain_text("枫桥助手")


def test_when_the_bot_is_down_the_page_shows_a_notice_with_retry(page, gateway_url_without_bot):
    page.goto(gateway_url_without_bot + "/")
    expect(page.locator(".message.bot").first).to_contain_text("我是枫桥助手")  # a new conversation needs no bot
    ask(page, "居民不开门怎么办")
    notice = page.get_by_role("alert")
    expect(notice).to_contain_text("暂时无法回答")
    expect(page.get_by_role("button", name="重试")).to_be_enabled()
    expect(page.get_by_role("button", name="发送")).to_be_enabled()


def test_the_widget_script_embeds_the_chat_on_the_configured_portal_and_answers_there(page, widget_portal):
    page.goto(widget_portal)
    page.get_by_role("button", name="枫桥助手").click()
    frame = page.frame_locator("#fengqiao-panel")
    expect(frame.locator(".message.bot").first).to_contain_text("我是枫桥助手")
    frame.get_by_label("输入您的问题").fill("调解时当事人蛮不讲理咋整")
    frame.get_by_role("button", name="发送").click()
    frame.locator(".message.bot", has_text="【第21问】").get_by_role("button", name="查看政策依据").click()
    expect(frame.locator(".message.bot", has_text="（第21问）的政策依据")).to_be_visible()


def test_the_page_runs_under_its_content_security_policy_without_violations(page, gateway_url):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.goto(gateway_url + "/")
    ask(page, "居民不开门怎么办")
    expect(page.locator(".message.bot", has_text="【第4问】")).to_be_visible()
    assert violations == []


def test_new_conversation_starts_afresh_and_stays_fresh_after_a_reload(page, gateway_url):
    page.goto(gateway_url + "/")
    ask(page, "居民不开门怎么办")
    expect(page.locator(".message.bot", has_text="【第4问】")).to_be_visible()
    page.get_by_role("button", name="新对话").click()
    expect(page.locator(".message")).to_have_count(1)
    expect(page.locator(".message.bot").first).to_contain_text("我是枫桥助手")
    page.reload()
    expect(page.locator(".message.bot").first).to_contain_text("我是枫桥助手")
    expect(page.locator(".message.user")).to_have_count(0)


def test_another_browser_does_not_see_an_officers_conversation(browser, page, gateway_url):
    page.goto(gateway_url + "/")
    ask(page, "居民不开门怎么办")
    expect(page.locator(".message.bot", has_text="【第4问】")).to_be_visible()
    other = browser.new_context(locale="zh-CN")
    try:
        other_page = other.new_page()
        other_page.goto(gateway_url + "/")
        expect(other_page.locator(".message.bot").first).to_contain_text("我是枫桥助手")
        expect(other_page.locator(".message.user")).to_have_count(0)
        assert other_page.evaluate("document.cookie") == ""  # HttpOnly: no script can read the conversation cookie
    finally:
        other.close()


def test_the_welcome_and_its_topics_button_come_from_the_gateway_also_after_a_new_conversation(page, gateway_url):
    topics = protocol.LABELS[protocol.LIST_TOPICS]
    page.goto(gateway_url + "/")
    page.locator(".message.bot").first.get_by_role("button", name=topics).click()
    expect(page.locator(".message.user").last).to_have_text(topics)
    expect(page.locator(".message.bot")).to_have_count(2)
    page.get_by_role("button", name="新对话").click()
    expect(page.locator(".message")).to_have_count(1)
    expect(page.locator(".message.bot").first).to_contain_text("我是枫桥助手")
    expect(page.locator(".message.bot").first.get_by_role("button", name=topics)).to_be_enabled()


def test_on_a_phone_the_header_holds_on_one_line_and_nothing_asked_for_is_missing(page, gateway_url):
    missing = []
    page.on("response", lambda response: missing.append(response.url) if response.status == 404 else None)
    page.goto(gateway_url + "/")
    expect(page.locator(".message.bot").first).to_be_visible()
    heights = page.evaluate("""() => ['.app-header h1', '.subtitle', '#topics-toggle']
        .map(selector => document.querySelector(selector).getBoundingClientRect().height)""")
    line = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.subtitle')).lineHeight) || 20")
    assert heights[1] <= line * 1.2  # the subtitle is one line (cut with … when narrow), never broken as "指 / 引"
    assert missing == []
