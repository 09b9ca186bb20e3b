"""A conversation cookie bound to its creation: it dies at its absolute lifetime even while used, "新对话"
revokes it, a planted cookie is not continued by the officer's page, and two cookies start afresh."""

import time

from api.web_sessions import BINDING_HEADER, COOKIE_NAME, SECURE_COOKIE_NAME
from tests.conftest import conversation_of

BROWSER = {"Sec-Fetch-Site": "same-origin"}


def say(client, message, headers=None):
    return client.post("/api/chat", json={"message": message}, headers=headers or {})


def user_texts(client, headers=None):
    items = client.get("/api/chat/history", headers=headers or {}).json()["items"]
    return [item["text"] for item in items if item["role"] == "user"]


def test_every_answer_sends_the_page_its_conversations_binding(stand_in_client):
    first = say(stand_in_client, "你好")
    assert first.headers[BINDING_HEADER]
    assert say(stand_in_client, "居民不开门怎么办").headers[BINDING_HEADER] == first.headers[BINDING_HEADER]


def test_a_browser_page_with_the_binding_continues_its_conversation(stand_in_client):
    binding = say(stand_in_client, "居民不开门怎么办", BROWSER).headers[BINDING_HEADER]
    assert user_texts(stand_in_client, {**BROWSER, BINDING_HEADER: binding}) == ["居民不开门怎么办"]


def cookie_of(response) -> str:
    return response.headers["set-cookie"].split(";")[0]


def value_of(cookie: str) -> str:
    return cookie.split("=", 1)[1]


def test_a_cookie_planted_in_the_officers_browser_is_not_continued(stand_in_client):
    gateway = stand_in_client  # one gateway; each "browser" sends its own Cookie header
    gateway.cookies.clear()
    planted = cookie_of(say(gateway, "你好", {"Cookie": ""}))  # the attacker's own, genuine conversation
    gateway.cookies.clear()
    officer_page = {**BROWSER, "Cookie": planted}  # planted from another port; the page holds no binding for it
    answer = say(gateway, "张三家暴，住幸福路5号，怎么调解", officer_page)
    assert answer.status_code == 200
    assert conversation_of(gateway, value_of(cookie_of(answer))) != conversation_of(gateway, value_of(planted))
    gateway.cookies.clear()
    assert user_texts(gateway, {"Cookie": planted}) == ["你好"], "the attacker reads nothing of the officer's"


def test_two_conversation_cookies_in_one_request_start_a_new_conversation(stand_in_client):
    say(stand_in_client, "居民不开门怎么办")
    genuine = stand_in_client.cookies[COOKIE_NAME]
    doubled = {"Cookie": f"{COOKIE_NAME}={genuine}; {COOKIE_NAME}={genuine}"}
    stand_in_client.cookies.clear()
    response = stand_in_client.get("/api/chat/history", headers=doubled)
    assert response.json()["items"] == []


def test_a_conversation_dies_at_its_absolute_lifetime_even_while_used(stand_in_client_with):
    client = stand_in_client_with(session_max_hours=1)
    sessions = client.app.state.web_sessions
    say(client, "居民不开门怎么办")
    for minutes in (50, 100, 150):  # used every 50 minutes: never idle
        sessions.clock = lambda minutes=minutes: time.time() + minutes * 60 - 30
        say(client, f"第{minutes}分钟")
    assert user_texts(client)[0] != "居民不开门怎么办", "after an hour a new conversation started"


def test_a_new_conversation_revokes_the_old_cookie_wherever_it_was_copied(stand_in_client):
    officer = stand_in_client
    copied = {"Cookie": cookie_of(say(officer, "居民不开门怎么办"))}
    officer.cookies.clear()
    assert user_texts(officer, copied) == ["居民不开门怎么办"]
    assert officer.post("/api/chat/new", json={}, headers=copied).status_code == 201
    officer.cookies.clear()
    assert user_texts(officer, copied) == []


def test_behind_https_the_cookie_is_host_prefixed_secure_and_for_the_whole_site(stand_in_client_with):
    client = stand_in_client_with(session_cookie_secure=True)
    cookie = say(client, "你好").headers["set-cookie"]
    assert cookie.startswith(f"{SECURE_COOKIE_NAME}=") and "Secure" in cookie and "Path=/;" in cookie
    assert conversation_of(client, value_of(cookie.split(";")[0])).startswith("web-")
    assert "Domain" not in cookie


def test_a_non_ascii_cookie_starts_a_new_conversation_instead_of_failing(stand_in_client):
    response = stand_in_client.get(
        "/api/chat/history", headers={"Cookie": f"{COOKIE_NAME}=web-\xe9.1.2.x".encode("latin-1")}
    )
    assert response.status_code == 200 and response.json()["items"] == []
