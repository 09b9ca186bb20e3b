"""The station's set-up for real: Debian's nginx with deploy/nginx/fengqiao.conf (a throw-away
certificate) in front of a production gateway and the real bot, driven in Chromium over https://. The
conversation and console cookies are Secure and HttpOnly, HSTS is sent, the officer's address is the
one nginx forwards (a forged X-Forwarded-For is not believed), bodies over the limit are stopped by
nginx or by the gateway, and plain HTTP never reaches the gateway."""

import json

import httpx
import pytest
from playwright.sync_api import expect

from api.admin.accounts import hash_password
from api.web_sessions import SECURE_COOKIE_NAME
from rasa_runtime.stack import start_gateway_server, stop_process
from tests.deploy.nginx import nginx_in_front_of

PASSWORD = "station trainer 2026"


@pytest.fixture(scope="module")
def station(bot, tmp_path_factory):
    work = tmp_path_factory.mktemp("https-station")
    gateway = start_gateway_server(
        bot.rasa_url,
        bot.action_server_url,
        work,
        {
            "RASA_AUTH_TOKEN": bot.rasa_auth_token,
            "ENVIRONMENT": "production",
            "SESSION_SECRET": "s" * 40,
            "SESSION_COOKIE_SECURE": "true",
            "TRUSTED_PROXIES": '["127.0.0.1"]',
            "MAX_BODY_BYTES": "8000",
            "ADMIN_CONSOLE": "true",
            "ADMIN_ACCOUNTS": json.dumps([f"王教官:{hash_password(PASSWORD, iterations=1000)}"]),
            "MODEL": str(work / "live.tar.gz"),
            "MODELS_DIR": str(work / "station"),
            "REVIEWED_NLU_FILE": str(work / "nlu" / "reviewed.yml"),
            "STATS_TOKENS": f'["monitoring:{"m" * 40}"]',
        },
    )
    port = int(gateway.base_url.rsplit(":", 1)[1])
    with nginx_in_front_of(port, work / "nginx") as nginx:
        yield nginx
    stop_process(gateway)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", ignore_https_errors=True)
    yield context
    context.close()


def test_an_officer_chats_over_https_with_a_secure_httponly_conversation_cookie_and_hsts(station, phone):
    page = phone.new_page()
    response = page.goto(station.https + "/")
    assert response.headers["strict-transport-security"] == "max-age=31536000"
    page.get_by_label("输入您的问题").fill("居民不开门怎么办")
    page.get_by_role("button", name="发送").click()
    expect(page.locator(".message.bot", has_text="【第4问】")).to_be_visible()
    cookie = next(c for c in phone.cookies() if c["name"] == SECURE_COOKIE_NAME)
    assert cookie["secure"] and cookie["httpOnly"]


def test_a_trainer_signs_in_over_https_the_session_cookie_is_secure_and_the_address_is_nginx_s(station, phone):
    page = phone.new_page()
    page.set_extra_http_headers({"X-Forwarded-For": "203.0.113.9"})  # forged by the client: nginx replaces it
    page.goto(station.https + "/admin")
    page.get_by_label("账号").fill("王教官")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(station.https + "/admin")
    session = next(c for c in phone.cookies() if c["name"] == "fengqiao_admin")
    assert session["secure"] and session["httpOnly"]
    entries = page.request.get(station.https + "/api/admin/audit").json()["entries"]
    sign_in = next(entry for entry in entries if entry["action"] == "sign_in")
    assert sign_in["address"] == "127.0.0.1"


def test_plain_http_is_redirected_and_never_reaches_the_gateway(station):
    response = httpx.get(station.http + "/admin/sign-in", headers={"Host": "fengqiao.station.example"})
    assert response.status_code == 301 and response.headers["location"].startswith("https://")


def test_bodies_over_the_limit_are_stopped_by_nginx_or_else_by_the_gateway(station):
    with httpx.Client(verify=station.verify(), timeout=30) as client:
        at_nginx = client.post(
            station.https + "/api/chat", content=b"x" * 20_000, headers={"Content-Type": "application/json"}
        )
        assert at_nginx.status_code == 413 and "nginx" in at_nginx.text
        message = json.dumps(
            {"message": "居" * 4000}, ensure_ascii=False
        )  # 12 kB: within nginx's 16 KiB, over the gateway's 8000 bytes
        at_gateway = client.post(
            station.https + "/api/chat", content=message.encode(), headers={"Content-Type": "application/json"}
        )
        assert at_gateway.status_code == 413 and at_gateway.json()["error"] == "body_too_large"
