"""Offline in the field: after one online visit the service worker keeps the page and the field guide;
with the network switched off (Playwright's offline mode) the page still opens, the topic browser and
every method and its policy basis can be read, a typed question is matched by keywords in the page,
and when the network is back the officer may send it to the assistant."""

from playwright.sync_api import expect

from rasa_runtime.stack import ROOT

SCREENSHOTS = ROOT / "var" / "screenshots"


def test_after_one_online_visit_the_guide_is_readable_offline_and_a_question_waits_for_the_network(
    browser, gateway_url
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.goto(gateway_url + "/")
    expect(page.locator(".message.bot").first).to_be_visible()
    page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=30_000
    )
    page.evaluate("() => caches.keys()")  # the worker installed its cache before it took control

    context.set_offline(True)
    page.reload()
    expect(page.locator(".message.bot", has_text="现在没有网络")).to_be_visible()

    page.click("#topics-toggle")
    page.get_by_role("button", name="4. 走访时有的居民不愿开门怎么办？").click()
    answer = page.locator(".message.bot", has_text="【第4问】居民不愿开门")
    expect(answer).to_contain_text("离线：按关键词匹配")
    expect(answer).to_contain_text("① 敲门时")
    answer.get_by_role("button", name="查看政策依据").click()
    expect(page.locator(".message.bot", has_text="的政策依据").last).to_contain_text("——出处：")

    page.get_by_label("输入您的问题").fill("敲了半天门居民就是不开")
    page.keyboard.press("Enter")
    matched = page.locator(".message.bot", has_text="最接近的情形").last
    matched.get_by_role("button", name="4. 居民不愿开门").click()
    expect(page.locator(".message.bot", has_text="【第4问】").last).to_contain_text("警民联系卡")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "offline-phone.png"))  # docs/images/offline-phone.png is a copy

    page.get_by_label("输入您的问题").fill("楼道着火了，有人困在里面")
    page.keyboard.press("Enter")
    emergency = page.locator(".message.bot").last
    expect(emergency).to_contain_text("这可能是紧急情况")
    expect(emergency.locator("button")).to_have_count(0)  # never a visit method, offline either

    context.set_offline(False)
    expect(page.locator("#notice")).to_contain_text("网络已恢复")
    page.get_by_role("button", name="发送").first.click()
    expect(page.locator(".message.user").last).to_have_text("楼道着火了，有人困在里面")
    expect(page.locator(".message.bot").last).not_to_contain_text("（离线）")
    context.close()


def controlled_page(browser, gateway_url):
    """A desktop page of the chat once the service worker controls it (its cache filled)."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(gateway_url + "/")
    page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=30_000
    )
    return context, page


def test_the_console_and_the_conversation_are_never_kept_by_the_service_worker(browser, gateway_url):
    context, page = controlled_page(browser, gateway_url)
    # requests through the worker: the page's own history call, and the console and another API path
    page.evaluate(
        "() => Promise.all(['/api/chat/history', '/admin/sign-in', '/api/scenarios/4'].map(url => fetch(url)))"
    )
    kept = page.evaluate("""async () => {
        const names = await caches.keys();
        const urls = [];
        for (const name of names) {
            for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
        }
        return urls; }""")
    assert "/api/scenarios/offline" in kept and "/" in kept
    assert not [url for url in kept if url.startswith(("/api/chat", "/admin", "/api/admin", "/bridges"))]
    context.close()


def test_chromium_finds_the_page_installable(browser, gateway_url):
    context, page = controlled_page(browser, gateway_url)
    devtools = context.new_cdp_session(page)
    errors = devtools.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # a test browser's contexts are incognito, which alone bars installing: every other check passes
    assert [error["errorId"] for error in errors if error["errorId"] != "in-incognito"] == []
    context.close()


def test_the_page_finds_the_same_emergency_signals_as_the_gateway(tmp_path):
    """offline.js applies the reviewed signals in JavaScript: on every emergency and visit question of the
    boundary sets it finds a signal exactly when guide/boundaries.py does."""
    import json
    import shutil
    import subprocess

    from api.routers.scenarios import knowledge_bundle
    from guide.boundaries import boundaries
    from guide.evaluation import read_scenario_questions
    from guide.scenarios import field_guide

    node = shutil.which("node")
    assert node, "node is missing (the accessibility tests' npm needs it too)"
    texts = [
        q.text
        for name in ("boundary_dev.tsv", "real_final5.tsv")
        for q in read_scenario_questions(ROOT / "tests" / "data" / name)
    ]
    (tmp_path / "texts.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "bundle.json").write_text(knowledge_bundle(field_guide()).json(), encoding="utf-8")
    script = (
        f"global.window = {{}}; require({json.dumps(str(ROOT / 'api' / 'static' / 'offline.js'))});"
        f"const b = require({json.dumps(str(tmp_path / 'bundle.json'))});"
        f"const t = require({json.dumps(str(tmp_path / 'texts.json'))});"
        "console.log(JSON.stringify(t.map(x => window.FengqiaoOffline.isEmergency(x, b.emergency_signals))));"
    )
    in_page = json.loads(subprocess.run([node, "-e", script], capture_output=True, text=True, check=True).stdout)
    in_gateway = [bool(boundaries().emergency_signs(text)) for text in texts]
    assert sum(in_gateway) > 20 and in_page == in_gateway


def test_a_network_that_never_answers_gets_the_offline_answer_and_the_question_waits_for_the_gateway(
    browser, gateway_url
):
    context, page = controlled_page(browser, gateway_url)
    context.route("**/api/chat", lambda route: None)  # one bar of signal: the request goes out, nothing comes back
    context.route("**/healthz", lambda route: route.abort())
    page.clock.install()
    page.get_by_label("输入您的问题").fill("敲了半天门居民就是不开")
    page.keyboard.press("Enter")
    page.clock.fast_forward(21_000)  # past the page's request timeout
    expect(page.locator(".message.bot", has_text="最接近的情形").last).to_contain_text("离线：按关键词匹配")

    page.clock.fast_forward(16_000)  # a probe while the gateway is still unreachable: nothing offered
    expect(page.locator("#notice")).to_be_hidden()

    context.unroute("**/api/chat")
    context.unroute("**/healthz")
    page.clock.fast_forward(16_000)  # the next probe finds the gateway, though the browser never went offline
    expect(page.locator("#notice")).to_contain_text("网络已恢复")
    page.get_by_role("button", name="发送").first.click()
    expect(page.locator(".message.user").last).to_have_text("敲了半天门居民就是不开")
    expect(page.locator(".message.bot", has_text="【第4问】").last).not_to_contain_text("离线")
    context.close()


def test_a_kept_file_whose_network_hangs_is_shown_from_the_cache_within_seconds(browser, gateway_url):
    context, page = controlled_page(browser, gateway_url)
    context.route("**/api/scenarios", lambda route: None)  # the service worker's request never answers
    page.click("#topics-toggle")
    expect(page.get_by_role("button", name="4. 走访时有的居民不愿开门怎么办？")).to_be_visible(timeout=10_000)
    context.close()
