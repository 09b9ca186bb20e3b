"""Fixtures for browser tests: a real gateway server and headless Chromium from Debian."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from tests.bot_stack import ROOT, BotStack, free_port, stop_process, wait_until

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def start_gateway(rasa_url: str, action_server_url: str, tmp_path: Path) -> subprocess.Popen:
    port = free_port()
    env = {**os.environ, "RASA_URL": rasa_url, "ACTION_SERVER_URL": action_server_url,
           "DB_URL": f"sqlite:///{tmp_path / 'fengqiao.db'}"}
    log = tmp_path / "gateway.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(port), "--ws", "none"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    process.base_url = f"http://127.0.0.1:{port}"  # type: ignore[attr-defined]
    wait_until(f"{process.base_url}/api/scenarios", lambda r: r.status_code == 200, 60, process, log)  # type: ignore[attr-defined]
    return process


@pytest.fixture(scope="module")
def gateway_url(bot: BotStack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A gateway server in front of the real bot."""
    process = start_gateway(bot.rasa_url, bot.action_server_url, tmp_path_factory.mktemp("gateway"))
    yield process.base_url  # type: ignore[attr-defined]
    stop_process(process)


@pytest.fixture(scope="module")
def gateway_url_without_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A gateway server whose Rasa server and action server are down."""
    process = start_gateway(f"http://127.0.0.1:{free_port()}", f"http://127.0.0.1:{free_port()}/webhook",
                            tmp_path_factory.mktemp("gateway-down"))
    yield process.base_url  # type: ignore[attr-defined]
    stop_process(process)


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium installed from Debian (never a downloaded browser)."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} not found: `apt-get install chromium fonts-noto-cjk` (.ci/run does)")
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


