"""Debian's nginx running deploy/nginx/fengqiao.conf for a test: a throw-away certificate, free loopback
ports, in front of a given upstream (the real gateway or a stand-in)."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import httpx

from rasa_runtime.stack import ROOT, free_port

SITE = ROOT / "deploy" / "nginx" / "fengqiao.conf"


@dataclass(frozen=True)
class RunningNginx:
    http: str  # the plain-HTTP address (redirects)
    https: str  # the HTTPS address, as https://localhost:<port>
    certificate: Path

    def verify(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.certificate))


@contextmanager
def nginx_in_front_of(upstream_port: int, work: Path) -> Iterator[RunningNginx]:
    """The station's site config, its ports and certificate paths replaced, proxying to ``upstream_port``."""
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        raise RuntimeError("nginx is missing: make browser installs it")
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
            "-keyout",
            str(work / "privkey.pem"),
            "-out",
            str(work / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )
    http_port, https_port = free_port(), free_port()
    site = (
        SITE.read_text(encoding="utf-8")
        .replace("/etc/ssl/fengqiao", str(work))
        .replace("127.0.0.1:8000", f"127.0.0.1:{upstream_port}")
        .replace("listen 80;", f"listen 127.0.0.1:{http_port};")
        .replace("listen [::]:80;", "")
        .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
        .replace("listen [::]:443 ssl http2;", "")
    )
    (work / "site.conf").write_text(site, encoding="utf-8")
    (work / "nginx.conf").write_text(
        f"pid {work}/nginx.pid;\nerror_log {work}/error.log;\nevents {{}}\n"
        f"http {{\n access_log off;\n client_body_temp_path {work};\n proxy_temp_path {work};\n"
        f" include {work}/site.conf;\n}}\n",
        encoding="utf-8",
    )
    command = ["nginx", "-p", str(work), "-c", str(work / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    if checked.returncode != 0:
        raise RuntimeError(checked.stderr)
    process = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.PIPE)
    try:
        for _ in range(50):
            try:
                httpx.get(f"http://127.0.0.1:{http_port}/", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield RunningNginx(f"http://127.0.0.1:{http_port}", f"https://localhost:{https_port}", work / "fullchain.pem")
    finally:
        process.terminate()
        process.wait(timeout=10)
