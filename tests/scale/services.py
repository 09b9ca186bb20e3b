"""Real PostgreSQL and Redis servers from Debian's packages, on free loopback ports, for the
scale-out test. PostgreSQL runs as the ``postgres`` system user in a throw-away data folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from rasa_runtime.stack import free_port, stop_process

PG_BIN = Path("/usr/lib/postgresql")


def postgres_bin(name: str) -> str:
    versions = sorted(PG_BIN.glob("*/bin"), key=lambda p: int(p.parent.name))
    if not versions:
        raise RuntimeError("PostgreSQL is not installed: make test-scale installs it (apt-get install postgresql)")
    return str(versions[-1] / name)


def as_postgres(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True, text=True)


@contextmanager
def postgresql(work: Path) -> Iterator[str]:
    """A PostgreSQL server with a database ``fengqiao``; yields its SQLAlchemy URL."""
    data = work / "pgdata"
    data.mkdir(parents=True)
    work.chmod(0o755)
    shutil.chown(work, "postgres")
    shutil.chown(data, "postgres")
    os.chmod(data, 0o700)
    port = free_port()
    as_postgres(postgres_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
    as_postgres(
        postgres_bin("pg_ctl"),
        "-D",
        str(data),
        "-l",
        str(work / "postgres.log"),
        "-w",
        "-o",
        f"-p {port} -k {work} -c listen_addresses=127.0.0.1 -c fsync=off",
        "start",
    )
    try:
        as_postgres(postgres_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "fengqiao")
        yield f"postgresql://postgres@127.0.0.1:{port}/fengqiao"
    finally:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", postgres_bin("pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            capture_output=True,
        )


@contextmanager
def redis(work: Path, password: str) -> Iterator[int]:
    """A Redis server without persistence that requires ``password``; yields its port."""
    if not shutil.which("redis-server"):
        raise RuntimeError("redis-server is not installed: make test-scale installs it (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(work),
            "--requirepass",
            password,
        ],
        stdout=(work / "redis.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(100):
            ping = subprocess.run(
                ["redis-cli", "-p", str(port), "--no-auth-warning", "-a", password, "ping"],
                capture_output=True,
                text=True,
            )
            if ping.stdout.strip() == "PONG":
                break
            time.sleep(0.1)
        else:
            raise RuntimeError("redis-server did not start")
        yield port
    finally:
        stop_process(process)
