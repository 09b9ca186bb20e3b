"""Fixtures for browser tests: a real gateway server and headless Chromium from Debian."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, Iterator, Optional

import pytest

from rasa_runtime.stack import BotStack, free_port, start_gateway_server, stop_process

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


WIDGET_HOST_PORT = free_port()  # the page that embeds the widget: another origin on this machine
WIDGET_HOST = f"http://127.0.0.1:{WIDGET_HOST_PORT}"


def start_gateway(
    rasa_url: str, action_server_url: str, tmp_path: Path, extra_env: Optional[Dict[str, str]] = None
) -> subprocess.Popen:
    """A gateway server whose chat the widget portal may embed."""
    return start_gateway_server(
        rasa_url, action_server_url, tmp_path, {"FRAME_ANCESTORS": f'["{WIDGET_HOST}"]', **(extra_env or {})}
    )


@pytest.fixture(scope="module")
def gateway_url(bot: BotStack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A gateway server in front of the real bot."""
    process = start_gateway(
        bot.rasa_url,
        bot.action_server_url,
        tmp_path_factory.mktemp("gateway"),
        {"RASA_AUTH_TOKEN": bot.rasa_auth_token},
    )
    yield process.base_url  # type: ignore[attr-defined]
    stop_process(process)


@pytest.fixture
def widget_portal(gateway_url: str) -> Iterator[str]:
    """A station portal page on another origin of this machine that embeds the widget; its URL."""
    body = (
        f'<!doctype html><html lang="zh-CN"><body><h1>派出所主页</h1>'
        f'<script src="{gateway_url}/widget.js" defer></script></body></html>'
    ).encode("utf-8")

    class Portal(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", WIDGET_HOST_PORT), Portal)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"{WIDGET_HOST}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def gateway_url_without_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A gateway server whose Rasa server and action server are down."""
    process = start_gateway(
        f"http://127.0.0.1:{free_port()}",
        f"http://127.0.0.1:{free_port()}/webhook",
        tmp_path_factory.mktemp("gateway-down"),
    )
    yield process.base_url  # type: ignore[attr-defined]
    stop_process(process)


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium installed from Debian (never a downloaded browser)."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} not found: `make test` installs it (`make browser`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, tmp_path):
    """A phone-sized page in a fresh browser context (its own localStorage)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()
