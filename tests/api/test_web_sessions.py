"""A web conversation belongs to the browser that holds its signed, HttpOnly cookie: nobody else can
read or write it, bridge conversations are out of reach, "新对话" starts afresh and idle
conversations expire."""

import time

import pytest
from itsdangerous import URLSafeTimedSerializer
from pydantic import ValidationError

from api.settings import Settings
from api.web_sessions import BINDING_SALT, COOKIE_NAME, binding, holds_binding, sign, verify
from tests.conftest import conversation_of

SECRET = "k" * 40


def say(client, message):
    return client.post("/api/chat", json={"message": message})


def user_texts(client):
    return [item["text"] for item in client.get("/api/chat/history").json()["items"] if item["role"] == "user"]


def test_a_genuine_cookie_verifies_and_a_changed_one_does_not():
    now = time.time()
    value = sign(SECRET, "web-0123456789abcdef", int(now), int(now))
    limits = {"idle_seconds": 60, "max_seconds": 3600}
    assert verify(SECRET, value, now=now, **limits) == ("web-0123456789abcdef", int(now))
    assert verify("x" * 40, value, now=now, **limits) is None  # another key
    payload, signed_at, signature = value.split(".")
    other = sign(SECRET, "web-9999999999999999", int(now), int(now)).split(".")[0]
    assert verify(SECRET, f"{other}.{signed_at}.{signature}", now=now, **limits) is None  # another id
    assert verify(SECRET, value, now=now + 61, **limits) is None  # idle too long
    assert verify(SECRET, value, now=now - 5, **limits) is None  # used in the future
    assert verify(SECRET, sign(SECRET, "web-0123456789abcdef", int(now) - 3601, now), now=now, **limits) is None
    assert verify(SECRET, sign(SECRET, "wecom-zhangsan", int(now), int(now)), now=now, **limits) is None
    assert verify(SECRET, "garbage", now=now, **limits) is None
    assert verify(SECRET, "web-\xe9.1.2.x", now=now, **limits) is None  # a non-ASCII byte is just not genuine


def test_a_value_signed_with_the_same_secret_for_another_purpose_is_neither_a_cookie_nor_a_binding():
    now = time.time()
    limits = {"idle_seconds": 60, "max_seconds": 3600}
    other_salt = URLSafeTimedSerializer(SECRET, salt=BINDING_SALT).dumps(["web-0123456789abcdef", int(now)])
    assert verify(SECRET, other_salt, now=now, **limits) is None
    assert verify(SECRET, binding(SECRET, "web-0123456789abcdef"), now=now, **limits) is None
    cookie = sign(SECRET, "web-0123456789abcdef", int(now), now)
    assert not holds_binding(SECRET, "web-0123456789abcdef", cookie.split(".")[-1])
    token = binding(SECRET, "web-0123456789abcdef")
    assert holds_binding(SECRET, "web-0123456789abcdef", token)
    assert not holds_binding(SECRET, "web-0123456789abcdef", token + "!!")  # exactly the token, nothing around it


def test_the_first_answer_sets_an_httponly_samesite_cookie_with_a_random_id(client):
    response = say(client, "你好")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=") and conversation_of(client).startswith("web-")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/api" in cookie and "Max-Age=7200" in cookie


def test_another_browser_sees_nothing_of_an_officers_conversation(client_with):
    officer, other = client_with(), client_with()
    say(officer, "居民不开门怎么办")
    assert other.get("/api/chat/history").json()["items"] == []
    say(other, "今天天气怎么样")
    assert user_texts(officer) == ["居民不开门怎么办"]
    assert user_texts(other) == ["今天天气怎么样"]


def test_a_forged_cookie_starts_a_new_conversation_instead_of_reading_the_named_one(client_with):
    officer, attacker = client_with(), client_with()
    say(officer, "居民不开门怎么办")
    genuine = officer.cookies[COOKIE_NAME]
    payload, signed_at, _ = genuine.split(".")
    attacker.cookies.set(COOKIE_NAME, f"{payload}.{signed_at}.forgedsignature", path="/api")
    assert attacker.get("/api/chat/history").json()["items"] == []
    say(attacker, "你好")
    assert user_texts(officer) == ["居民不开门怎么办"]


def test_bridge_conversations_are_never_reachable_through_the_web_api(client_with, bot):
    import httpx

    token = {"token": bot.rasa_auth_token}
    httpx.post(
        f"{bot.rasa_url}/webhooks/rest/webhook",
        params=token,
        json={"sender": "wecom-zhangsan", "message": "居民不开门怎么办"},
        timeout=30,
    )
    client = client_with()
    assert client.get("/api/chat/wecom-zhangsan/history").status_code == 404
    secret = client.app.state.settings.session_secret  # even a cookie signed with the real key
    client.cookies.set(COOKIE_NAME, sign(secret, "wecom-zhangsan", int(time.time()), int(time.time())), path="/api")
    assert client.get("/api/chat/history").json()["items"] == []
    assert client.post("/api/chat", json={"sender_id": "wecom-zhangsan", "message": "查看政策依据"}).status_code == 200
    tracker = httpx.get(f"{bot.rasa_url}/conversations/wecom-zhangsan/tracker", params=token, timeout=30).json()
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"] == ["居民不开门怎么办"]


def test_a_new_conversation_starts_empty_and_forgets_the_old_context(client):
    say(client, "居民不开门怎么办")
    response = client.post("/api/chat/new", json={})
    assert response.status_code == 201 and COOKIE_NAME in response.headers["set-cookie"]
    assert client.get("/api/chat/history").json()["items"] == []
    assert "（第4问）" not in say(client, "查看政策依据").json()["messages"][0]["text"]


def test_an_idle_conversation_expires_and_the_next_message_starts_a_new_one(client_with):
    client = client_with(session_idle_minutes=1)
    say(client, "居民不开门怎么办")
    assert user_texts(client) == ["居民不开门怎么办"]
    sessions = client.app.state.web_sessions
    sessions.clock = lambda: time.time() + 61
    assert client.get("/api/chat/history").json()["items"] == []


def test_a_conversation_in_use_does_not_expire(client_with):
    client = client_with(session_idle_minutes=1)
    say(client, "居民不开门怎么办")
    sessions = client.app.state.web_sessions
    sessions.clock = lambda: time.time() + 50
    say(client, "你好")  # renews the cookie at "now + 50 s"
    sessions.clock = lambda: time.time() + 100
    assert user_texts(client) == ["居民不开门怎么办", "你好"]


def test_outside_development_a_session_secret_is_required():
    with pytest.raises(ValidationError, match="SESSION_SECRET"):
        Settings(environment="production", rasa_auth_token="t" * 40)
    with pytest.raises(ValidationError, match="32"):
        Settings(session_secret="short")
    assert Settings(environment="production", rasa_auth_token="t" * 40, session_secret=SECRET).session_secret == SECRET


def test_a_cross_site_cookie_must_be_secure():
    with pytest.raises(ValidationError, match="SESSION_COOKIE_SECURE"):
        Settings(session_cookie_samesite="none")
    assert Settings(session_cookie_samesite="none", session_cookie_secure=True).session_cookie_samesite == "none"


def test_in_development_a_random_secret_is_made_with_a_warning(caplog):
    first, second = Settings(), Settings()
    assert len(first.session_secret) >= 32 and first.session_secret != second.session_secret
    assert "SESSION_SECRET is not set" in caplog.text
