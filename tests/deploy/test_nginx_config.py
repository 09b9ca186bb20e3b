"""deploy/nginx/fengqiao.conf, run for real: Debian's nginx with a throw-away certificate in front of a
small upstream that echoes what it receives. Plain HTTP is redirected, HTTPS carries HSTS, bodies over
the limit stop at nginx, and the upstream sees the client's address in X-Forwarded-For (and only that)."""
import json
import shutil
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from rasa_runtime.stack import ROOT, free_port

pytestmark = pytest.mark.e2e  # needs nginx and openssl, which `make browser` installs when missing

SITE = ROOT / "deploy" / "nginx" / "fengqiao.conf"


class Echo(BaseHTTPRequestHandler):
    """The stand-in for the gateway: answers every request with the headers and body size it got."""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.dumps({"headers": {k.lower(): v for k, v in self.headers.items()}, "received": len(self.rfile.read(length))})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    assert shutil.which("nginx") or Path("/usr/sbin/nginx").exists(), "nginx is missing: make browser installs it"
    work = tmp_path_factory.mktemp("nginx")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(work / "privkey.pem"), "-out", str(work / "fullchain.pem")], check=True, capture_output=True)
    upstream = ThreadingHTTPServer(("127.0.0.1", free_port()), Echo)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    http_port, https_port = free_port(), free_port()
    site = (SITE.read_text(encoding="utf-8").replace("/etc/ssl/fengqiao", str(work))
            .replace("127.0.0.1:8000", f"127.0.0.1:{upstream.server_address[1]}")
            .replace("listen 80;", f"listen 127.0.0.1:{http_port};").replace("listen [::]:80;", "")
            .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;").replace("listen [::]:443 ssl http2;", ""))
    (work / "site.conf").write_text(site, encoding="utf-8")
    (work / "nginx.conf").write_text(
        f"pid {work}/nginx.pid;\nerror_log {work}/error.log;\nevents {{}}\n"
        f"http {{\n access_log off;\n client_body_temp_path {work};\n proxy_temp_path {work};\n include {work}/site.conf;\n}}\n",
        encoding="utf-8")
    command = ["nginx", "-p", str(work), "-c", str(work / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.PIPE)
    for _ in range(50):
        try:
            httpx.get(f"http://127.0.0.1:{http_port}/", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    context = ssl.create_default_context(cafile=str(work / "fullchain.pem"))
    yield {"http": f"http://127.0.0.1:{http_port}", "https": f"https://localhost:{https_port}", "verify": context}
    process.terminate()
    process.wait(timeout=10)
    upstream.shutdown()


def test_plain_http_is_redirected_to_https(nginx):
    response = httpx.get(f"{nginx['http']}/admin/sign-in", headers={"Host": "fengqiao.station.example"})
    assert response.status_code == 301
    assert response.headers["location"] == "https://fengqiao.station.example/admin/sign-in"


def test_https_reaches_the_gateway_with_hsts_and_the_client_s_address_alone(nginx):
    response = httpx.get(f"{nginx['https']}/api/scenarios", verify=nginx["verify"],
                         headers={"X-Forwarded-For": "203.0.113.9"})  # a forged address is replaced, not kept
    assert response.status_code == 200
    assert response.headers["strict-transport-security"] == "max-age=31536000"
    received = response.json()["headers"]
    assert received["x-forwarded-for"] == "127.0.0.1" and received["x-forwarded-proto"] == "https"


def test_a_body_over_the_limit_stops_at_nginx(nginx):
    small = httpx.post(f"{nginx['https']}/api/chat", verify=nginx["verify"], content=b"x" * 1000)
    assert small.status_code == 200 and small.json()["received"] == 1000
    large = httpx.post(f"{nginx['https']}/api/chat", verify=nginx["verify"], content=b"x" * 20_000)
    assert large.status_code == 413
