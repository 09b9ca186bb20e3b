"""With REDIS_URL, the gateway's limits hold across gateway processes: two gateways against one Redis
allow one address its burst in total, not twice; a slow turn on one gateway fills the concurrency cap
of both."""

import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from rasa_runtime.stack import free_port, start_gateway_server, stop_process
from tests.scale.services import redis

pytestmark = pytest.mark.scale
NOWHERE = "http://127.0.0.1:9"  # no bot: the routes used here need none, or are meant to wait


@pytest.fixture
def redis_url(tmp_path):
    password = secrets.token_hex(8)
    with redis(tmp_path, password) as port:
        yield f"redis://:{password}@127.0.0.1:{port}/3"


@pytest.fixture
def two_gateways(tmp_path, redis_url):
    started = []

    def start(rasa_url: str = NOWHERE, **settings: str):
        env = {"REDIS_URL": redis_url, **settings}
        for name in ("a", "b"):
            work = tmp_path / name
            work.mkdir(exist_ok=True)
            started.append(start_gateway_server(rasa_url, f"{NOWHERE}/webhook", work, env))
        return started[-2:]

    yield start
    for process in started:
        stop_process(process)


def test_one_address_gets_its_burst_once_across_two_gateways(two_gateways):
    first, second = two_gateways(ADDRESS_RATE_LIMIT_BURST="6", ADDRESS_RATE_LIMIT_PER_MINUTE="1")
    statuses = [
        httpx.get(f"{gateway.base_url}/api/policy/search", params={"q": "群众路线"}, timeout=30).status_code
        for gateway in (first, second) * 5
    ]
    assert statuses.count(200) == 6 and statuses.count(429) == 4


class SlowRasa(BaseHTTPRequestHandler):
    """A Rasa that takes 3 s to answer every call (and then answers nothing)."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        time.sleep(3)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"[]")

    def log_message(self, *args) -> None:
        pass


def test_a_slow_turn_on_one_gateway_fills_the_concurrency_cap_of_both(two_gateways):
    slow = ThreadingHTTPServer(("127.0.0.1", free_port()), SlowRasa)
    threading.Thread(target=slow.serve_forever, daemon=True).start()
    first, second = two_gateways(f"http://127.0.0.1:{slow.server_address[1]}", MAX_CONCURRENT_REQUESTS="1")
    turn = threading.Thread(
        target=lambda: httpx.post(f"{first.base_url}/api/chat", json={"message": "居民不开门怎么办"}, timeout=30)
    )
    turn.start()
    time.sleep(1)  # the turn now holds the only slot, waiting for the slow Rasa
    busy = httpx.get(f"{second.base_url}/api/policy/search", params={"q": "群众路线"}, timeout=30)
    turn.join()
    assert busy.status_code == 503 and busy.json()["error"] == "busy"
    assert httpx.get(f"{second.base_url}/api/policy/search", params={"q": "群众路线"}, timeout=30).status_code == 200
    slow.shutdown()
