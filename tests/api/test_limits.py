"""Limits an attacker cannot sidestep: a body-size cap before any parsing (413) on every route, a
concurrency cap that answers 503 at once, and an overall deadline for each chat turn."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.data import wecom_official_samples as sample

LIMIT = 16_384  # the default MAX_BODY_BYTES


@pytest.mark.parametrize(
    "path",
    [
        "/api/chat",
        "/api/parse",
        "/api/feedback",
        "/bridges/wecom",
        "/bridges/telegram",
        "/api/chat/history",
        "/nowhere",
    ],
)
def test_a_body_over_the_limit_is_413_before_any_parsing(gateway_with, path):
    gateway = gateway_with(
        wecom_token=sample.TOKEN, wecom_encoding_aes_key=sample.ENCODING_AES_KEY, wecom_corp_id=sample.CORP_ID
    )
    body = b'{"message": "' + b"a" * LIMIT + b'"}'
    response = gateway.post(path, content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["error"] == "body_too_large"


def test_a_streamed_body_without_content_length_is_cut_off_at_the_limit(gateway):
    def chunks():
        for _ in range(64):
            yield b"x" * 1024

    response = gateway.post("/api/chat", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in response.request.headers
    assert response.status_code == 413


def test_a_body_within_the_limit_is_served(gateway):
    assert gateway.post("/api/parse", json={"text": "居民不开门怎么办" * 100}).status_code == 200


def test_the_limit_is_a_setting(gateway_with):
    gateway = gateway_with(max_body_bytes=64)
    assert gateway.post("/api/parse", json={"text": "居民不开门怎么办" * 10}).status_code == 413


def test_beyond_the_concurrency_cap_requests_get_503_at_once(gateway_with):
    gateway = gateway_with(max_concurrent_requests=1)

    def ask(_):
        started = time.monotonic()
        response = gateway.post("/api/chat", json={"message": "居民不开门怎么办"})
        return response, time.monotonic() - started

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(ask, range(8)))
    busy = [(r, seconds) for r, seconds in results if r.status_code == 503]
    assert busy and all(r.json()["error"] == "busy" and r.headers["Retry-After"] == "1" for r, _ in busy)
    assert all(seconds < 1.0 for _, seconds in busy)
    assert {r.status_code for r, _ in results} == {200, 503}
    assert gateway.post("/api/chat", json={"message": "你好"}).status_code == 200  # the cap frees its places


def test_a_turn_past_its_deadline_is_a_clean_503(gateway_with):
    gateway = gateway_with(turn_deadline_seconds=0.001)
    response = gateway.post("/api/chat", json={"message": "居民不开门怎么办"})
    assert response.status_code == 503 and response.json()["error"] == "bot_unavailable"
