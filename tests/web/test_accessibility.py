"""Accessibility of the pages officers use, audited by axe-core (npm, `make axe`) in Chromium: no serious
or critical violation on the chat page (welcome, an answer, the topic browser open, dark mode, 200 % text)
or the trainers' sign-in page, nor in the widget a station portal embeds; the chat and the widget work from the
keyboard and the chat announces answers to screen readers (the console's tabs: tests/web/test_admin_console.py)."""

import pytest
from playwright.sync_api import expect

from rasa_runtime.stack import ROOT

AXE = ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def violations(page, within: str = "document") -> list:
    """axe-core's serious and critical violations of the page as it is now (WCAG 2 A/AA and best practice),
    in the part ``within`` names (an axe context, as JavaScript)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make axe` installs axe-core (make test does)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(
            AXE.read_text(encoding="utf-8") + "\n;undefined"
        )  # through the DevTools protocol: the page's CSP stays as it is
    found = page.evaluate(
        """async () =>
        (await axe.run(WITHIN, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'], iframes: false}))
        .violations
        .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))""".replace(
            "WITHIN", within
        )
    )
    return [violation for violation in found if violation["impact"] in BLOCKING]


def ask(page, text: str) -> None:
    """Type a question and send it with the Enter key (no mouse)."""
    page.get_by_label("输入您的问题").fill(text)
    page.keyboard.press("Enter")


def test_the_chat_page_has_no_serious_violation_at_welcome_after_an_answer_and_with_topics_open(page, gateway_url):
    page.goto(gateway_url + "/")
    expect(page.locator(".message.bot").first).to_be_visible()
    assert violations(page) == []
    ask(page, "居民不开门怎么办")
    expect(page.locator(".message.bot", has_text="【第4问】")).to_be_visible()
    assert violations(page) == []
    page.click("#topics-toggle")
    assert violations(page) == []


def test_the_chat_page_has_no_serious_violation_in_dark_mode_or_at_200_percent_text(browser, gateway_url):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="zh-CN", color_scheme="dark")
    page = context.new_page()
    page.goto(gateway_url + "/")
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")  # the browser's text size at 200 %
    ask(page, "居民不开门怎么办")
    expect(page.locator(".message.bot", has_text="【第4问】")).to_be_visible()
    assert violations(page) == []
    wider = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(element => element.getBoundingClientRect().right > window.innerWidth + 1)
        .map(element => element.id || element.className || element.tagName)""")
    assert wider == []  # nothing reaches past the screen's edge: no sideways scrolling
    context.close()


def test_answers_are_announced_to_screen_readers(page, gateway_url):
    page.goto(gateway_url + "/")
    log = page.locator("#log")
    assert log.get_attribute("aria-live") in ("polite", "assertive")
    ask(page, "居民不开门怎么办")
    expect(log.locator(".message.bot", has_text="【第4问】")).to_be_visible()


def test_every_button_of_an_answer_is_reached_with_the_tab_key_and_shows_its_focus(page, gateway_url):
    page.goto(gateway_url + "/")
    ask(page, "居民不开门怎么办")
    expect(page.locator(".message.bot", has_text="【第4问】")).to_be_visible()
    buttons = page.locator(".message.bot").last.locator("button")
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        tag, text, outline = page.evaluate("""() => { const element = document.activeElement;
            return [element.tagName, element.textContent, getComputedStyle(element).outlineStyle]; }""")
        if tag in ("BUTTON", "A", "TEXTAREA", "INPUT"):
            reached.add(text.strip())
            assert outline != "none", f"no visible focus on {text!r}"
    assert {text.strip() for text in buttons.all_inner_texts()} <= reached


def test_the_widget_on_a_portal_page_has_no_serious_violation_and_opens_from_the_keyboard(page, widget_portal):
    page.goto(widget_portal)
    launcher = page.get_by_role("button", name="枫桥助手")
    expect(launcher).to_be_visible()
    page.keyboard.press("Tab")  # the launcher is the portal's only control: the first Tab reaches it
    expect(launcher).to_be_focused()
    page.keyboard.press("Enter")
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(page.frame_locator("#fengqiao-panel").locator(".message.bot").first).to_be_visible()
    widget = "{include: [['#fengqiao-panel'], ['button[aria-controls=\"fengqiao-panel\"]']]}"
    assert violations(page, within=widget) == []  # the chat inside it is audited above, as its own page
