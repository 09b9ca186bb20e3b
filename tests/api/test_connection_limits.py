"""A hostile client on the station network cannot hold the gateway: slow bodies hold no concurrency
slot, one address has only a few requests in flight, slow or bloated headers close the connection.
Against a real uvicorn gateway (the Procfile's command and protocol) over the stand-in bot."""

from __future__ import annotations

import socket
import time
from typing import Iterator, List

import httpx
import pytest

from rasa_runtime.stack import start_gateway_server, stop_process
from tests.stand_in_bot import stand_in_bot

DEADLINE = 3  # seconds: the header and body deadlines of the gateway under test


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with stand_in_bot() as stand_in:
        process = start_gateway_server(
            stand_in.rasa_url,
            stand_in.action_server_url,
            tmp_path_factory.mktemp("gw"),
            {
                "RASA_AUTH_TOKEN": stand_in.rasa_auth_token,
                "TRUSTED_PROXIES": '["127.0.0.1"]',
                "GATEWAY_HEADER_SECONDS": str(DEADLINE),
                "BODY_READ_SECONDS": str(DEADLINE),
                "ADDRESS_RATE_LIMIT_PER_MINUTE": "100000",
                "ADDRESS_RATE_LIMIT_BURST": "100000",
            },
        )
        yield process.base_url  # type: ignore[attr-defined]
        stop_process(process)


def open_connection(url: str) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    connection = socket.create_connection((host, int(port)), timeout=DEADLINE * 4)
    return connection


def start_slow_body(url: str, address: str) -> socket.socket:
    """A feedback request from ``address`` whose 100-byte body arrives one byte at a time (the first only)."""
    connection = open_connection(url)
    connection.sendall(
        b"POST /api/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100\r\nX-Forwarded-For: " + address.encode() + b"\r\n\r\n{"
    )
    return connection


def answer_of(connection: socket.socket) -> bytes:
    try:
        return connection.recv(4096)
    except OSError:
        return b""


def chat(url: str) -> float:
    started = time.monotonic()
    response = httpx.post(
        f"{url}/api/chat", json={"message": "居民不开门怎么办"}, headers={"X-Forwarded-For": "10.9.9.9"}, timeout=10
    )
    assert response.status_code == 200, response.text
    return time.monotonic() - started


def test_sixty_four_slow_bodies_leave_the_chat_answering(gateway):
    normal = max(chat(gateway) for _ in range(3))
    flood: List[socket.socket] = [start_slow_body(gateway, f"10.0.{n // 250}.{n % 250 + 1}") for n in range(64)]
    try:
        time.sleep(0.5)
        during = [chat(gateway) for _ in range(5)]
        assert max(during) < max(1.0, 5 * normal), (normal, during)
        assert httpx.get(f"{gateway}/healthz", timeout=5).status_code == 200
        # each slow body is cut off at its deadline, answered 408, and never reached a route
        assert all(b" 408 " in answer_of(connection).split(b"\r\n")[0] for connection in flood[:4])
    finally:
        for connection in flood:
            connection.close()


def test_one_address_cannot_have_more_than_a_few_requests_in_flight(gateway):
    held = [start_slow_body(gateway, "10.1.1.1") for _ in range(8)]
    try:
        time.sleep(0.3)
        response = httpx.post(
            f"{gateway}/api/chat", json={"message": "你好"}, headers={"X-Forwarded-For": "10.1.1.1"}, timeout=5
        )
        assert response.status_code == 429 and response.json()["error"] == "too_many_in_flight"
        assert chat(gateway) < DEADLINE, "another address is served meanwhile"
    finally:
        for connection in held:
            connection.close()


def test_headers_that_arrive_too_slowly_close_the_connection(gateway):
    connection = open_connection(gateway)
    started = time.monotonic()
    connection.sendall(b"GET /api/scenarios HTTP/1.1\r\nHost: x\r\n")  # and nothing more
    answer = answer_of(connection)
    assert answer.startswith(b"HTTP/1.1 408") and DEADLINE - 0.5 < time.monotonic() - started < DEADLINE + 3
    assert answer_of(connection) == b"", "closed after the answer"


def test_an_idle_connection_that_never_sends_a_request_is_closed(gateway):
    connection = open_connection(gateway)
    assert answer_of(connection).startswith(b"HTTP/1.1 408")


@pytest.mark.parametrize(
    "headers, status",
    [
        ({"Cookie": "a=" + "x" * 1_300_000}, 431),
        ({f"X-Filler-{n}": "1" for n in range(20_000)}, 431),
    ],
)
def test_bloated_headers_are_refused_before_the_app(gateway, headers, status):
    try:
        response = httpx.get(f"{gateway}/api/scenarios", headers=headers, timeout=10)
        assert response.status_code == status
    except (httpx.RemoteProtocolError, httpx.WriteError, httpx.ReadError):
        pass  # refused and closed while the client was still writing: also held nothing
    assert httpx.get(f"{gateway}/api/scenarios", timeout=5).status_code == 200


def test_a_very_long_url_is_refused(gateway):
    assert httpx.get(f"{gateway}/api/scenarios?q={'x' * 20_000}", timeout=5).status_code == 414


def test_a_kept_alive_connection_serves_requests_one_after_another(gateway):
    with httpx.Client(base_url=gateway, timeout=5) as client:
        for _ in range(3):
            assert client.get("/api/scenarios").status_code == 200
            time.sleep(0.2)
