"""The scale-out layout on this machine: PostgreSQL, Redis, one action server, two Rasa servers."""

from __future__ import annotations

import secrets
import sys
import tempfile
from pathlib import Path
from typing import Iterator, List

import pytest

from rasa_runtime.stack import MODEL, BotStack, free_port, wait_until
from tests.scale.services import postgresql, redis


class ScaledBot:
    """Two Rasa instances sharing the tracker store (PostgreSQL) and the lock store (Redis)."""

    def __init__(self, work: Path, tracker_db_url: str, redis_port: int, redis_password: str) -> None:
        self.actions = BotStack(work)
        self.actions.env.update(
            {
                "TRACKER_DB_URL": tracker_db_url,
                "REDIS_HOST": "127.0.0.1",
                "REDIS_PORT": str(redis_port),
                "REDIS_DB": "1",
                "REDIS_PASSWORD": redis_password,
            }
        )
        self.work = work
        self.rasa_urls: List[str] = []
        self.processes = []

    def start(self, instances: int = 2) -> None:
        self.actions.start_actions()
        for index in range(instances):
            port = free_port()
            log = self.work / f"rasa-{index}.log"
            process = self.actions._start(
                f"rasa-{index}",
                [
                    sys.executable,
                    "-m",
                    "rasa_runtime",
                    "run",
                    "--interface",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--enable-api",
                    "--model",
                    str(MODEL),
                    "--endpoints",
                    "endpoints.scale.yml",
                    "--credentials",
                    "credentials.yml",
                ],
            )
            self.processes.append(process)
            url = f"http://127.0.0.1:{port}"
            wait_until(
                f"{url}/status?token={self.actions.rasa_auth_token}",
                lambda r: r.status_code == 200 and bool(r.json().get("model_file")),
                180,
                process,
                log,
            )
            self.rasa_urls.append(url)

    @property
    def action_server_url(self) -> str:
        return self.actions.action_server_url

    def stop(self) -> None:
        self.actions.stop_all()


@pytest.fixture(scope="module")
def scaled_bot() -> Iterator[ScaledBot]:
    work = Path(tempfile.mkdtemp(prefix="fengqiao-scale-"))
    work.chmod(0o755)  # PostgreSQL runs as the postgres user and must reach its folder inside
    redis_password = secrets.token_hex(16)
    with postgresql(work / "pg") as tracker_db_url, redis(work, redis_password) as redis_port:
        bot = ScaledBot(work, tracker_db_url, redis_port, redis_password)
        try:
            bot.start()
            yield bot
        finally:
            bot.stop()
