"""The metrics as the station's monitoring sees them: Debian's Prometheus scrapes a real gateway of two
worker processes (multiprocess mode) in front of the real bot, and a query through Prometheus' HTTP API
returns every turn just sent, whichever worker answered it."""

import shutil
import subprocess
import time

import httpx
import pytest

from rasa_runtime.stack import free_port, start_gateway_server, stop_process, wait_until

STATS_TOKEN = "p" * 40
TURNS = 6


@pytest.fixture
def prometheus_and_gateway(bot, tmp_path):
    assert shutil.which("prometheus"), "prometheus is missing: make browser installs it"
    samples = tmp_path / "metrics"
    samples.mkdir()
    gateway = start_gateway_server(
        bot.rasa_url,
        bot.action_server_url,
        tmp_path,
        {
            "STATS_TOKENS": f'["monitoring:{STATS_TOKEN}"]',
            "GATEWAY_WORKERS": "2",
            "PROMETHEUS_MULTIPROC_DIR": str(samples),
            "RASA_AUTH_TOKEN": bot.rasa_auth_token,
        },
    )
    port = free_port()
    config = tmp_path / "prometheus.yml"
    config.write_text(
        "global: {scrape_interval: 1s, scrape_timeout: 1s}\n"
        "scrape_configs:\n"
        "  - job_name: fengqiao\n"
        f"    authorization: {{type: Bearer, credentials: {STATS_TOKEN}}}\n"
        f"    static_configs: [{{targets: ['{gateway.base_url.removeprefix('http://')}']}}]\n",
        encoding="utf-8",
    )
    log = tmp_path / "prometheus.log"
    prometheus = subprocess.Popen(
        [
            "prometheus",
            f"--config.file={config}",
            f"--storage.tsdb.path={tmp_path / 'tsdb'}",
            f"--web.listen-address=127.0.0.1:{port}",
        ],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until(f"{url}/-/ready", lambda r: r.status_code == 200, 60, prometheus, log)
    yield gateway.base_url, url
    stop_process(prometheus)
    stop_process(gateway)


def query(prometheus: str, expression: str) -> float:
    result = httpx.get(f"{prometheus}/api/v1/query", params={"query": expression}, timeout=10).json()["data"]["result"]
    return float(result[0]["value"][1]) if result else 0.0


def test_prometheus_scrapes_every_turn_whichever_worker_answered_it(prometheus_and_gateway):
    gateway, prometheus = prometheus_and_gateway
    for _ in range(TURNS):
        with httpx.Client(base_url=gateway, timeout=60) as officer:  # each its own conversation (cookie)
            assert officer.post("/api/chat", json={"message": "居民不开门怎么办"}).status_code == 200
    expression = 'sum(fengqiao_turns_total{job="fengqiao", channel="web", outcome="answered"})'
    deadline = time.monotonic() + 60
    while query(prometheus, expression) < TURNS and time.monotonic() < deadline:
        time.sleep(1)
    assert query(prometheus, expression) == TURNS
    assert query(prometheus, 'up{job="fengqiao"}') == 1.0
    assert query(prometheus, 'sum(fengqiao_turn_seconds_count{channel="web"})') == TURNS
    assert query(prometheus, 'max(fengqiao_live_model{model="fengqiao.tar.gz"})') == 1.0
