"""Start the real Rasa server and action server (trained model): for the end-to-end tests and `make bench`.

Both run as subprocesses on free loopback ports, conversations in a SQLite tracker store, so
tests can stop and restart either one. They run the Procfile's own commands (what `make run`
starts): Rasa's HTTP API and REST channel behind a random RASA_AUTH_TOKEN, the action server
bound to 127.0.0.1 only.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional

import httpx

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / os.environ.get("MODEL", "models/fengqiao.tar.gz")
BIN = Path(sys.executable).parent


def procfile_commands() -> Dict[str, str]:
    """The Procfile's process types and their shell commands."""
    lines = (ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip() and not line.startswith("#"))


def procfile_process(name: str) -> List[str]:
    """The argv that starts the Procfile's process ``name`` as `make run` does (scripts/serve.sh)."""
    return ["/bin/sh", "-c", "exec " + procfile_commands()[name]]


def gateway_environment(port: int) -> Dict[str, str]:
    """What scripts/serve.sh needs to start a gateway of this virtual environment on loopback ``port``."""
    return {"GATEWAY_HOST": "127.0.0.1", "GATEWAY_PORT": str(port), "GATEWAY_WORKERS": "1", "VENV_BIN": str(BIN)}


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(
    url: str, ready: Callable[[httpx.Response], bool], seconds: float, process: subprocess.Popen, log: Path
) -> None:
    """Poll ``url`` until ``ready(response)``; fail early if the process dies."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: process exited with {process.returncode}; see {log}")
        try:
            if ready(httpx.get(url, timeout=2.0)):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} not ready after {seconds} s; see {log}")


def stop_process(process: subprocess.Popen) -> None:
    """Terminate, then kill if it does not stop within 20 s."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_gateway_server(
    rasa_url: str, action_server_url: str, tmp_path: Path, extra_env: Optional[Dict[str, str]] = None
) -> subprocess.Popen:
    """A real gateway (uvicorn subprocess, as `make run` starts it) on a free port, its database in
    ``tmp_path``; its URL is ``process.base_url``."""
    port = free_port()
    env = {
        **os.environ,
        "RASA_URL": rasa_url,
        "ACTION_SERVER_URL": action_server_url,
        "DB_URL": f"sqlite:///{tmp_path / 'fengqiao.db'}",
        **gateway_environment(port),
        **(extra_env or {}),
    }
    log = tmp_path / "gateway.log"
    process = subprocess.Popen(
        procfile_process("gateway"), cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    process.base_url = f"http://127.0.0.1:{port}"  # type: ignore[attr-defined]
    wait_until(f"{process.base_url}/api/scenarios", lambda r: r.status_code == 200, 60, process, log)  # type: ignore[attr-defined]
    return process


class BotStack:
    """The action server and the Rasa server, each startable and stoppable."""

    def __init__(self, log_dir: Path, model: Path = MODEL) -> None:
        if not model.exists():
            raise RuntimeError(f"{model} is missing: run `make train` first (make test does)")
        self.log_dir = log_dir
        self.rasa_port, self.actions_port = free_port(), free_port()
        self.rasa_url = f"http://127.0.0.1:{self.rasa_port}"
        self.action_server_url = f"http://127.0.0.1:{self.actions_port}/webhook"
        self.rasa_auth_token = secrets.token_urlsafe(32)
        self.env: Dict[str, str] = {
            **os.environ,
            "ACTION_SERVER_URL": self.action_server_url,
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "TRACKER_DB_URL": f"sqlite:///{log_dir / 'rasa.db'}",
            "RASA_AUTH_TOKEN": self.rasa_auth_token,
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "RASA_HOST": "127.0.0.1",
            "RASA_PORT": str(self.rasa_port),
            "ACTIONS_HOST": "127.0.0.1",
            "ACTIONS_PORT": str(self.actions_port),
            "MODEL": str(model),
        }
        self.processes: Dict[str, subprocess.Popen] = {}

    def _start(self, name: str, command: List[str]) -> subprocess.Popen:
        log = self.log_dir / f"{name}.log"
        process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log.open("a"), stderr=subprocess.STDOUT)
        self.processes[name] = process
        return process

    def _start_from_procfile(self, name: str) -> subprocess.Popen:
        return self._start(name, procfile_process(name))

    def start_actions(self) -> None:
        process = self._start_from_procfile("actions")
        wait_until(
            f"http://127.0.0.1:{self.actions_port}/health",
            lambda r: r.status_code == 200,
            120,
            process,
            self.log_dir / "actions.log",
        )

    def start_rasa(self) -> None:
        process = self._start_from_procfile("rasa")
        wait_until(
            f"{self.rasa_url}/status?token={self.rasa_auth_token}",
            lambda r: r.status_code == 200 and bool(r.json().get("model_file")),
            180,
            process,
            self.log_dir / "rasa.log",
        )

    def start_stock_rasa(self, name: str, endpoints: Path, credentials: Path, port: int) -> str:
        """Start stock `rasa run` (Rasa's own tracker store and REST channel) beside ours; its URL."""
        process = self._start(
            name,
            [
                sys.executable,
                "-m",
                "rasa",
                "run",
                "--interface",
                "127.0.0.1",
                "--port",
                str(port),
                "--enable-api",
                f"--auth-token={self.rasa_auth_token}",
                "--model",
                str(MODEL),
                "--endpoints",
                str(endpoints),
                "--credentials",
                str(credentials),
            ],
        )
        url = f"http://127.0.0.1:{port}"
        wait_until(
            f"{url}/status?token={self.rasa_auth_token}",
            lambda r: r.status_code == 200 and bool(r.json().get("model_file")),
            180,
            process,
            self.log_dir / f"{name}.log",
        )
        return url

    def stop(self, name: str) -> None:
        stop_process(self.processes[name])

    def stop_all(self) -> None:
        for process in self.processes.values():
            stop_process(process)


@contextmanager
def running_bot(log_dir: Path, model: Path = MODEL) -> Iterator[BotStack]:
    """The action server and the Rasa server (serving ``model``) on free loopback ports, stopped afterwards."""
    stack = BotStack(log_dir, model)
    try:
        stack.start_actions()
        stack.start_rasa()
        yield stack
    finally:
        stack.stop_all()
