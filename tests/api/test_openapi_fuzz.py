"""The OpenAPI document is accurate: schemathesis, a third-party fuzzer, reads /openapi.json of a
real gateway in front of the real bot and sends it generated requests, valid and invalid, with
all its checks. It finds no undocumented status code or content type, no response that violates
its schema, no valid request refused or invalid one accepted, no wrong answer to an undeclared
method and no server error.

schemathesis runs from its own virtual environment (`make fuzzer`: Python 3.11, versions pinned in
requirements-fuzz.txt), because Rasa 3.6 pins a jsonschema too old for it; `make test` installs it.
The bridges are left unconfigured, so their routes answer their documented 404. The admin console is
on (its files in a temporary folder) and the fuzzer signed in as a trainer; only starting a training run
(it would train real models for minutes; tests/api/admin and tests/web/test_admin_console.py cover it)
and signing out (the fuzzer's own session) are left out.
"""

from __future__ import annotations

import os
import secrets
import subprocess
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from api.admin.accounts import hash_password
from api.admin.sessions import COOKIE_NAME
from rasa_runtime.stack import ROOT, BotStack, start_gateway_server, stop_process

SCHEMATHESIS = Path(os.environ.get("SCHEMATHESIS", ROOT / ".venv-fuzz" / "bin" / "st"))
STATS_TOKEN = secrets.token_urlsafe(32)
TRAINER, PASSWORD = "王教官", secrets.token_hex(8)
EXAMPLES_PER_OPERATION = 100  # about 20 s in all; FUZZ_EXAMPLES=1000 for a deeper run
SEED = os.environ.get("FUZZ_SEED", "20261123")  # fixed, so a run is repeatable; schemathesis prints it
# Room for the fuzzer's requests: with the default limits most of them would get a (documented) 429.
# The fuzzer tests the document's contract, so the limits that answer before any route (rates, URL
# size: tests/api/test_connection_limits.py) are out of its way.
GENEROUS_LIMITS = {
    name: "1000000"
    for name in (
        "RATE_LIMIT_BURST",
        "RATE_LIMIT_PER_MINUTE",
        "ADDRESS_RATE_LIMIT_BURST",
        "ADDRESS_RATE_LIMIT_PER_MINUTE",
        "GATEWAY_MAX_URL_BYTES",
        "MAX_IN_FLIGHT_PER_ADDRESS",
    )
}
# Starting a training run trains real models for minutes; signing out would end the fuzzer's own session.
NOT_FUZZED = ["POST /api/admin/training", "DELETE /api/admin/session"]


def console_environment(work: Path) -> dict:
    """The admin console on, writing only under ``work``."""
    model = work / "live.tar.gz"
    model.write_bytes(b"not loaded by anyone")
    return {
        "ADMIN_CONSOLE": "true",
        "ADMIN_ACCOUNTS": f'["{TRAINER}:{hash_password(PASSWORD, iterations=1000)}"]',
        "MODEL": str(model),
        "MODELS_DIR": str(work / "station"),
        "REVIEWED_NLU_FILE": str(work / "reviewed.yml"),
    }


@pytest.fixture
def fuzzed_gateway(bot: BotStack, tmp_path: Path) -> Iterator[str]:
    """A gateway server in front of the real bot, with a stats token and room for many requests."""
    process = start_gateway_server(
        bot.rasa_url,
        bot.action_server_url,
        tmp_path,
        {
            "RASA_AUTH_TOKEN": bot.rasa_auth_token,
            "STATS_TOKENS": f'["fuzzer:{STATS_TOKEN}"]',
            **GENEROUS_LIMITS,
            **console_environment(tmp_path),
        },
    )
    yield process.base_url  # type: ignore[attr-defined]
    stop_process(process)


def test_a_fuzzer_run_from_the_openapi_document_finds_nothing_it_does_not_describe(fuzzed_gateway, tmp_path):
    if not SCHEMATHESIS.exists():
        pytest.fail(f"{SCHEMATHESIS} not found: `make fuzzer` installs schemathesis (make test does)")
    signed_in = httpx.post(f"{fuzzed_gateway}/api/admin/session", json={"name": TRAINER, "password": PASSWORD})
    session = signed_in.cookies.get(COOKIE_NAME)
    assert session, signed_in.text
    config = tmp_path / "schemathesis.toml"  # credentials by the document's security schemes (api/admin/auth.py)
    config.write_text(
        f'[auth.openapi.trainer_session]\napi_key = "{session}"\n\n[auth.openapi.stats]\nbearer = "{STATS_TOKEN}"\n'
    )
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(config),
        "run",
        f"{fuzzed_gateway}/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        os.environ.get("FUZZ_EXAMPLES", str(EXAMPLES_PER_OPERATION)),
        "--seed",
        SEED,
        "--generation-database",
        "none",
        "--request-timeout",
        "30",
        "--no-color",
        *[argument for name in NOT_FUZZED for argument in ("--exclude-name", name)],
    ]
    run = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    report = run.stdout + run.stderr
    assert run.returncode == 0, f"schemathesis found problems (gateway log: {tmp_path / 'gateway.log'}):\n{report}"
    operations = sum(len(methods) for methods in httpx.get(f"{fuzzed_gateway}/openapi.json").json()["paths"].values())
    assert f"Tested: {operations - len(NOT_FUZZED)}" in report, report  # every other operation of the document
