"""GET /metrics against the stand-in bot (fast tier): only the monitoring host reads it, and the turns,
refusals and calls just made show up in it."""

import re

import pytest

STATS_TOKEN = "m" * 40
READER = {"Authorization": f"Bearer {STATS_TOKEN}"}


@pytest.fixture
def operator(stand_in_client_with):
    return stand_in_client_with(stats_tokens=[f"monitoring:{STATS_TOKEN}"], rate_limit_burst=2, rate_limit_per_minute=1)


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample of the exposition (0 when it is not there)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in labels.items())
    pattern = re.escape(name) + (r"\{" + re.escape(wanted) + r"\}" if labels else "") + r" ([0-9.e+-]+)"
    found = re.search(pattern, text)
    return float(found.group(1)) if found else 0.0


def scrape(client) -> str:
    response = client.get("/metrics", headers=READER)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    return response.text


def test_without_a_stats_token_the_metrics_are_closed(operator):
    assert operator.get("/metrics").status_code == 401
    assert operator.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403


def test_an_answered_turn_is_counted_by_channel_and_outcome_with_its_latency_and_confidence(operator):
    before = scrape(operator)
    assert operator.post("/api/chat", json={"message": "居民不开门怎么办"}).status_code == 200
    after = scrape(operator)
    assert (
        sample(after, "fengqiao_turns_total", channel="web", outcome="answered")
        == sample(before, "fengqiao_turns_total", channel="web", outcome="answered") + 1
    )
    assert (
        sample(after, "fengqiao_turn_seconds_count", channel="web")
        == sample(before, "fengqiao_turn_seconds_count", channel="web") + 1
    )
    assert sample(after, "fengqiao_nlu_confidence_count") == sample(before, "fengqiao_nlu_confidence_count") + 1
    assert sample(after, "fengqiao_rasa_call_seconds_count", call="send") > sample(
        before, "fengqiao_rasa_call_seconds_count", call="send"
    )


def test_a_conversation_over_its_rate_limit_is_counted_as_a_refusal(operator):
    before = sample(scrape(operator), "fengqiao_refusals_total", reason="rate_limited")
    statuses = [operator.post("/api/chat", json={"message": "你好"}).status_code for _ in range(4)]
    assert 429 in statuses
    assert sample(scrape(operator), "fengqiao_refusals_total", reason="rate_limited") >= before + statuses.count(429)


def test_the_live_model_is_shown(operator):
    assert sample(scrape(operator), "fengqiao_live_model", model="fengqiao.tar.gz") == 1.0
