"""Start the real Rasa server and action server (trained model) for tests that need the bot."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List

import httpx

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / os.environ.get("MODEL", "models/fengqiao.tar.gz")
RASA_BIN = Path(sys.executable).parent / "rasa"


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class BotStack:
    rasa_url: str
    action_server_url: str
    processes: List[subprocess.Popen]


def wait_until(url: str, ready: "callable", seconds: float, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: process exited with {process.returncode}; see {log}")
        try:
            response = httpx.get(url, timeout=2.0)
            if ready(response):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} not ready after {seconds} s; see {log}")


def start(command: List[str], env: Dict[str, str], log: Path) -> subprocess.Popen:
    log.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)


@contextmanager
def running_bot(log_dir: Path) -> Iterator[BotStack]:
    """The action server and the Rasa server on free loopback ports, stopped afterwards."""
    if not MODEL.exists():
        raise RuntimeError(f"{MODEL} is missing: run `make train` first (make test does)")
    rasa_port, actions_port = free_port(), free_port()
    action_server_url = f"http://127.0.0.1:{actions_port}/webhook"
    env = {**os.environ, "ACTION_SERVER_URL": action_server_url, "RASA_TELEMETRY_ENABLED": "false",
           "TF_CPP_MIN_LOG_LEVEL": "3"}
    actions = start([str(RASA_BIN), "run", "actions", "--port", str(actions_port)], env, log_dir / "actions.log")
    rasa = start([str(RASA_BIN), "run", "--interface", "127.0.0.1", "--port", str(rasa_port), "--enable-api",
                  "--model", str(MODEL), "--endpoints", "endpoints.yml", "--credentials", "credentials.yml"],
                 env, log_dir / "rasa.log")
    processes = [actions, rasa]
    try:
        wait_until(f"http://127.0.0.1:{actions_port}/health", lambda r: r.status_code == 200, 120, actions,
                   log_dir / "actions.log")
        wait_until(f"http://127.0.0.1:{rasa_port}/status",
                   lambda r: r.status_code == 200 and bool(r.json().get("model_file")), 180, rasa, log_dir / "rasa.log")
        yield BotStack(f"http://127.0.0.1:{rasa_port}", action_server_url, processes)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
