"""A burst from one conversation or one client address is limited with a clear 429 on every costly
route; X-Forwarded-For counts only from a trusted proxy; bad requests never reach Rasa."""

import pytest
from starlette.requests import Request

from api.rate_limit import RateLimited, RateLimiter, client_address


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_burst_is_allowed_then_limited_then_refilled_over_time():
    clock = FakeClock()
    limiter = RateLimiter(per_minute=60, burst=3, clock=clock)
    for _ in range(3):
        limiter.check("a")
    with pytest.raises(RateLimited) as limited:
        limiter.check("a")
    assert limited.value.retry_after == pytest.approx(1.0)
    limiter.check("b")  # other senders are not affected
    clock.now += 1.0
    limiter.check("a")


def test_forgotten_senders_keep_memory_bounded():
    limiter = RateLimiter(per_minute=60, burst=1, max_senders=2, clock=FakeClock())
    for sender in ("a", "b", "c"):
        limiter.check(sender)
    assert list(limiter.buckets) == ["b", "c"]


def test_a_burst_in_one_conversation_gets_429_with_retry_after(gateway_with):
    gateway = gateway_with(rate_limit_per_minute=6, rate_limit_burst=2)
    statuses = [gateway.post("/api/chat", json={"message": "你好"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    limited = gateway.post("/api/chat", json={"message": "你好"})
    assert limited.json()["error"] == "rate_limited" and int(limited.headers["Retry-After"]) >= 1
    cookie = gateway.cookies.get("fengqiao_conversation")
    gateway.cookies.clear()
    assert gateway.post("/api/chat", json={"message": "你好"}).status_code == 200  # another conversation
    gateway.cookies.clear()
    gateway.cookies.set("fengqiao_conversation", cookie, path="/api")
    assert gateway.get("/api/chat/history").status_code == 429  # history shares the conversation's bucket


def test_new_conversations_from_one_address_do_not_escape_its_limit(gateway_with):
    gateway = gateway_with(address_rate_limit_per_minute=6, address_rate_limit_burst=3)
    statuses = []
    for _ in range(4):
        gateway.cookies.clear()  # a new conversation for every message
        statuses.append(gateway.post("/api/chat", json={"message": "你好"}).status_code)
    assert statuses == [200, 200, 200, 429]


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("POST", "/api/parse", {"text": "居民不开门怎么办"}),
        ("GET", "/api/policy/search?q=调解", None),
        ("GET", "/api/chat/history", None),
    ],
)
def test_every_costly_route_is_limited_per_address(gateway_with, method, path, body):
    gateway = gateway_with(address_rate_limit_per_minute=6, address_rate_limit_burst=2)
    statuses = [gateway.request(method, path, json=body).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def request_from(peer, forwarded=None):
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return Request({"type": "http", "client": (peer, 1234), "headers": headers})


def test_x_forwarded_for_counts_only_from_a_trusted_proxy():
    assert client_address(request_from("10.0.0.7", "1.2.3.4"), trusted_proxies=[]) == "10.0.0.7"
    assert client_address(request_from("10.0.0.7", "1.2.3.4"), trusted_proxies=["10.0.0.9"]) == "10.0.0.7"
    assert client_address(request_from("10.0.0.9", "1.2.3.4"), trusted_proxies=["10.0.0.9"]) == "1.2.3.4"
    # a client's own X-Forwarded-For is left of what the proxy appended: it cannot choose its address
    assert client_address(request_from("10.0.0.9", "6.6.6.6, 1.2.3.4"), trusted_proxies=["10.0.0.9"]) == "1.2.3.4"
    assert client_address(request_from("10.0.0.9"), trusted_proxies=["10.0.0.9"]) == "10.0.0.9"


def test_behind_a_trusted_proxy_each_officer_has_an_own_limit(gateway_with):
    gateway = gateway_with(address_rate_limit_per_minute=6, address_rate_limit_burst=1, trusted_proxies=["testclient"])
    first = gateway.post("/api/parse", json={"text": "你好"}, headers={"X-Forwarded-For": "192.0.2.1"})
    second = gateway.post("/api/parse", json={"text": "你好"}, headers={"X-Forwarded-For": "192.0.2.2"})
    again = gateway.post("/api/parse", json={"text": "你好"}, headers={"X-Forwarded-For": "192.0.2.1"})
    assert [first.status_code, second.status_code, again.status_code] == [200, 200, 429]


def test_empty_oversized_and_malformed_requests_never_reach_rasa(gateway):
    gateway.get("/api/chat/history")  # the conversation cookie
    gateway.post("/api/chat", json={"message": "  "})
    gateway.post("/api/chat", json={"message": "门" * 1001})
    gateway.post("/api/chat", json={"message": 7})
    gateway.post("/api/chat", content=b'{"message": ', headers={"content-type": "application/json"})
    assert gateway.get("/api/chat/history").json()["items"] == []
