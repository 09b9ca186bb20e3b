"""A burst from one sender is limited with a clear 429; bad requests never reach Rasa."""
import uuid

import pytest

from api.rate_limit import RateLimited, RateLimiter


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


def test_a_burst_from_one_sender_gets_429_with_retry_after(client_with):
    client = client_with(rate_limit_per_minute=6, rate_limit_burst=2)
    sender = f"burst-{uuid.uuid4().hex[:8]}"
    statuses = [client.post("/api/chat", json={"sender_id": sender, "message": "你好"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    limited = client.post("/api/chat", json={"sender_id": sender, "message": "你好"})
    assert limited.json()["error"] == "rate_limited" and int(limited.headers["Retry-After"]) >= 1
    assert client.post("/api/chat", json={"sender_id": f"other-{sender}", "message": "你好"}).status_code == 200
    user_turns = [i for i in client.get(f"/api/chat/{sender}/history").json()["items"] if i["role"] == "user"]
    assert len(user_turns) == 2  # the limited messages never reached Rasa


def test_empty_oversized_and_malformed_requests_never_reach_rasa(client):
    sender = f"bad-{uuid.uuid4().hex[:8]}"
    client.post("/api/chat", json={"sender_id": sender, "message": "  "})
    client.post("/api/chat", json={"sender_id": sender, "message": "门" * 1001})
    client.post("/api/chat", json={"sender_id": sender, "message": 7})
    client.post("/api/chat", content=b'{"sender_id": "' + sender.encode() + b'", "message": ', headers={"content-type": "application/json"})
    assert client.get(f"/api/chat/{sender}/history").json()["items"] == []
