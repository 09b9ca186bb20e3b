"""deploy/nginx/fengqiao.conf, run for real: Debian's nginx with a throw-away certificate in front of a
small upstream that echoes what it receives. Plain HTTP is redirected, HTTPS carries HSTS, bodies over
the limit stop at nginx, and the upstream sees the client's address in X-Forwarded-For (and only that).
tests/web/test_https.py puts the same nginx in front of the real gateway and drives it in Chromium."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from rasa_runtime.stack import free_port
from tests.deploy.nginx import nginx_in_front_of

pytestmark = pytest.mark.e2e  # needs nginx and openssl, which `make browser` installs when missing


class Echo(BaseHTTPRequestHandler):
    """The stand-in for the gateway: answers every request with the headers and body size it got."""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.dumps(
            {"headers": {k.lower(): v for k, v in self.headers.items()}, "received": len(self.rfile.read(length))}
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    do_GET = do_POST = _answer  # noqa: N815 - http.server's handler names

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    upstream = ThreadingHTTPServer(("127.0.0.1", free_port()), Echo)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    with nginx_in_front_of(upstream.server_address[1], tmp_path_factory.mktemp("nginx")) as running:
        yield {"http": running.http, "https": running.https, "verify": running.verify()}
    upstream.shutdown()


def test_plain_http_is_redirected_to_https(nginx):
    response = httpx.get(f"{nginx['http']}/admin/sign-in", headers={"Host": "fengqiao.station.example"})
    assert response.status_code == 301
    assert response.headers["location"] == "https://fengqiao.station.example/admin/sign-in"


def test_https_reaches_the_gateway_with_hsts_and_the_client_s_address_alone(nginx):
    response = httpx.get(
        f"{nginx['https']}/api/scenarios", verify=nginx["verify"], headers={"X-Forwarded-For": "203.0.113.9"}
    )  # a forged address is replaced, not kept
    assert response.status_code == 200
    assert response.headers["strict-transport-security"] == "max-age=31536000"
    received = response.json()["headers"]
    assert received["x-forwarded-for"] == "127.0.0.1" and received["x-forwarded-proto"] == "https"


def test_a_body_over_the_limit_stops_at_nginx(nginx):
    small = httpx.post(f"{nginx['https']}/api/chat", verify=nginx["verify"], content=b"x" * 1000)
    assert small.status_code == 200 and small.json()["received"] == 1000
    large = httpx.post(f"{nginx['https']}/api/chat", verify=nginx["verify"], content=b"x" * 20_000)
    assert large.status_code == 413
